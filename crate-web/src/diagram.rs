//! The topology diagram for a generated template, drawn by the core's `topology` module, in
//! either of its views: the architecture (one box per part, plumbing folded in; the default) or
//! every resource.
//!
//! The core's SVG is self-contained: it carries its own `<style>` element. The page's
//! Content-Security-Policy forbids inline style elements (`style-src 'self'`), so the page shows
//! the SVG without it and installs the same rules as a constructed style sheet (CSSOM, which the
//! policy allows because no markup is involved). The download keeps the SVG exactly as the core
//! wrote it.
//!
//! Most edits change a handful of the diagram's elements (a name edit: 11 of about 680), so the
//! page does not replace the whole SVG on every keystroke: [`plan`] compares the new markup with
//! the old one element by element, two levels deep (the SVG's children and the children of its
//! layer groups), and lists only the elements to swap.
//!
//! With a deployed template loaded, [`mark`] writes the change preview onto the page's copy:
//! added, updated and replaced nodes get an outline, a badge with a glyph and the action in
//! their accessible name and hover title; it is markup too, so the same patching applies. In the
//! architecture view a box shows the strongest change of the resources folded into it.
//!
//! The page's diagram is one Tab stop: the nodes are not focusable; the holder moves an active
//! node with the arrow keys ([`step`]), so the nodes are named buttons for assistive technology
//! (their name starts with the text they show) but never in the Tab order.

pub mod dom;

use std::collections::BTreeMap;

use fargate_stack::changes::{Action, Changes};
use fargate_stack::topology::{NodeKind, Topology, View};
use fargate_stack::Template;

/// A drawn diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// Which view it draws.
    pub view: View,
    /// The SVG as the core wrote it (what "download diagram" saves).
    pub svg: String,
    /// The SVG without its `<style>` element, for the page.
    pub inline: String,
    /// The rules of that `<style>` element.
    pub css: String,
    /// The picture itself: the boxes' members for the details, DOT and Mermaid on download.
    pub topology: Topology,
}

/// Draws the architecture view (the page's default) for `template`.
pub fn draw(template: &Template) -> Diagram {
    draw_view(template, View::Architecture)
}

/// Draws `view` of `template`.
pub fn draw_view(template: &Template, view: View) -> Diagram {
    let topology = fargate_stack::topology::view(template, view);
    let svg = topology.to_svg();
    let (inline, css) = split_style(&svg);
    let inline = interactive(&inline);
    Diagram {
        view,
        svg,
        inline,
        css,
        topology,
    }
}

/// Prepares the markup for the page: the SVG is a group, not an image (it holds buttons), and
/// every node (`g.fs-node`) gets an element id (for `aria-activedescendant`), the button role
/// and a name that starts with the text it shows, then its logical id. Placements keep only
/// their `data-id`: a click on one still finds the resource. Done on the markup, so an
/// unchanged element stays byte-identical and is left alone.
fn interactive(svg: &str) -> String {
    const MARK: &str = "<g class=\"fs-node";
    let mut out = String::with_capacity(svg.len() + svg.len() / 6);
    let mut rest = svg;
    if let Some(end) = rest.find('>') {
        out.push_str(&rest[..end].replacen(" role=\"img\"", " role=\"group\"", 1));
        rest = &rest[end..];
    }
    while let Some(at) = rest.find(MARK) {
        let Some(tag_end) = rest[at..].find('>').map(|n| at + n) else {
            break;
        };
        // A node holds no groups: its markup ends at the first close tag.
        let body_end = rest[tag_end..]
            .find("</g>")
            .map_or(rest.len(), |n| tag_end + n);
        let tag = &rest[at..tag_end];
        // The id is already escaped for an attribute value.
        let Some(id) = attr(&rest[at..], "data-id").filter(|_| !tag.contains(" role=")) else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
            continue;
        };
        let shown = texts(&rest[tag_end..body_end]);
        out.push_str(&rest[..tag_end]);
        out.push_str(&format!(
            " id=\"dn-{id}\" role=\"button\" aria-label=\"{shown} ({id}): show in the template\""
        ));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// The contents of the `<text>` elements in `markup`, joined by spaces (escaped as they are).
fn texts(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(at) = rest.find("<text") {
        let Some(open_end) = rest[at..].find('>').map(|n| at + n + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</text>").map(|n| open_end + n) else {
            break;
        };
        let t = rest[open_end..close].trim();
        if !t.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t);
        }
        rest = &rest[close..];
    }
    out
}

/// The page's diagram with a change preview written on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The SVG markup, marked.
    pub svg: String,
    /// Logical ids of the removed resources, which have no node to mark.
    pub removed: Vec<String>,
}

/// Rules for the marks and the deploy panel's risk lines, installed with the diagram's own
/// (after them, so they win). Outline width, dash and glyph differ per action, so a mark never
/// rests on colour alone; the worker and job dashes (`6 3`, `2 2`) are not reused.
pub const MARK_CSS: &str = "\
.fs-change>rect{stroke-width:3}\
.fs-change-replace>rect{stroke:#b42318;stroke-dasharray:9 3 2 3}\
.fs-change-update>rect{stroke:#9a6700;stroke-dasharray:1 2}\
.fs-change-add>rect{stroke:#1a7f37;stroke-dasharray:none}\
.fs-badge circle{fill:#ffffff;stroke:#1c2430;stroke-width:1.2}\
.fs-badge text{font-size:11px;font-weight:700;fill:#1c2430}\
.fs-change-replace .fs-badge circle{stroke:#b42318}\
.diagram-changes{margin:6px 0 0;font-size:12px}\
.deploy .alarm{margin:8px 0 0;padding:4px 8px;border-radius:4px;font-size:12px;font-weight:600;color:var(--error);background:var(--error-bg)}";

/// How strongly an action changes a box (a replaced member outweighs an updated one).
fn strength(action: Action) -> u8 {
    match action {
        Action::Replace => 3,
        Action::Update | Action::Remove => 2,
        Action::Add => 1,
    }
}

/// How an action is marked: class suffix, word, title prefix, badge glyph.
type Mark = (&'static str, &'static str, &'static str, &'static str);

fn mark_of(action: Action) -> Option<Mark> {
    match action {
        Action::Replace => Some(("replace", "replaced", "Replaced", "\u{21bb}")),
        Action::Update => Some(("update", "updated", "Updated", "~")),
        Action::Add => Some(("add", "added", "Added", "+")),
        Action::Remove => None,
    }
}

/// Writes `changes` onto the page's copy of `diagram` (from [`draw_view`]): every element with the
/// `data-id` of an added, updated or replaced resource (its node and its placements) gets the
/// classes `fs-change fs-change-<action>`, `data-change`, a badge, and the action in its name
/// and title. Removed resources are listed, since they have nothing left to mark.
pub fn mark(diagram: &Diagram, changes: &Changes) -> Marked {
    let inline = diagram.inline.as_str();
    let mut actions: BTreeMap<&str, Action> = BTreeMap::new();
    let mut removed = Vec::new();
    for r in &changes.resources {
        if r.action == Action::Remove {
            removed.push(r.logical_id.clone());
        } else {
            actions.insert(&r.logical_id, r.action);
        }
    }
    // A box of the architecture view stands for its members too: it shows the strongest change
    // among them. A member added to a box that was already there changes the box, it does not
    // make it new, so it counts as an update.
    for n in diagram
        .topology
        .nodes
        .iter()
        .filter(|n| !n.members.is_empty())
    {
        let own = actions.get(n.id.as_str()).copied();
        let strongest = n
            .members
            .iter()
            .filter_map(|m| actions.get(m.as_str()).copied())
            .map(|a| match (a, own) {
                (Action::Add, Some(Action::Add)) => Action::Add,
                (Action::Add, _) => Action::Update,
                (a, _) => a,
            })
            .chain(own)
            .max_by_key(|a| strength(*a));
        if let Some(a) = strongest {
            actions.insert(n.id.as_str(), a);
        }
    }
    if actions.is_empty() {
        return Marked {
            svg: inline.to_owned(),
            removed,
        };
    }
    const OPEN: &str = "<g class=\"";
    let mut out = String::with_capacity(inline.len() + actions.len() * 160);
    let mut rest = inline;
    while let Some(at) = rest.find(OPEN) {
        let Some(tag_end) = rest[at..].find('>').map(|n| at + n + 1) else {
            break;
        };
        let tag = &rest[at..tag_end];
        // Logical ids are alphanumeric, so the escaped attribute value is the id itself.
        let found = attr(tag, "data-id")
            .and_then(|id| actions.get(id))
            .and_then(|a| mark_of(*a));
        // A node holds no groups: its markup ends at the first close tag.
        let close = rest[tag_end..].find("</g>").map(|n| tag_end + n);
        let (Some((key, word, title, glyph)), Some(close)) = (found, close) else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
            continue;
        };
        let body = &rest[tag_end..close];
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            "<g data-change=\"{key}\" class=\"fs-change fs-change-{key} "
        ));
        out.push_str(&tag[OPEN.len()..].replacen(
            ": show in the template\"",
            &format!(": {word}; show in the template\""),
            1,
        ));
        out.push_str(&body.replacen("<title>", &format!("<title>{title}: "), 1));
        if let Some((x, y, w)) = body.find("<rect ").and_then(|r| {
            let rect = &body[r..];
            let num = |name| attr(rect, name).and_then(|v| v.parse::<f64>().ok());
            Some((num("x")?, num("y")?, num("width")?))
        }) {
            // On the top right corner, over the outline, clear of the label.
            out.push_str(&format!(
                "<g class=\"fs-badge\" aria-hidden=\"true\"><circle cx=\"{}\" cy=\"{y}\" r=\"8\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{glyph}</text></g>",
                x + w - 10.0,
                x + w - 10.0,
                y + 4.0,
            ));
        }
        out.push_str("</g>");
        rest = &rest[close + "</g>".len()..];
    }
    out.push_str(rest);
    Marked { svg: out, removed }
}

/// The value of attribute `name` in the first tag of `markup`.
fn attr<'a>(markup: &'a str, name: &str) -> Option<&'a str> {
    let tag = &markup[..markup.find('>')?];
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// One change to the diagram on the page. `at` is the index of the SVG's child and, for an
/// element inside one of those, its index there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit<'a> {
    /// Swap the element at this place for new markup.
    Replace {
        /// The SVG child's index, and the index inside it for a deeper element.
        at: (usize, Option<usize>),
        /// The element's new markup.
        markup: &'a str,
    },
    /// Append markup to the end of an SVG child.
    Append {
        /// The SVG child's index.
        parent: usize,
        /// The elements to add.
        markup: String,
    },
    /// Set the text of the element at this place: it holds text only, and only its text
    /// changed (the title on a name edit). A text write instead of parsing markup.
    Text {
        /// The place, as for `Replace`.
        at: (usize, Option<usize>),
        /// The new text, unescaped.
        text: String,
    },
    /// Remove an SVG child's children from an index on.
    Truncate {
        /// The SVG child's index.
        parent: usize,
        /// How many children it keeps.
        len: usize,
    },
}

/// The edits that turn the diagram drawn from `old` into the one drawn from `new`, or `None`
/// when only a full redraw will do (first drawing, a new size, a different layer structure).
pub fn plan<'a>(old: &str, new: &'a str) -> Option<Vec<Edit<'a>>> {
    let (old_root, new_root) = (element(old.trim())?, element(new.trim())?);
    if old_root.open != new_root.open || old_root.children.len() != new_root.children.len() {
        return None;
    }
    let mut edits = Vec::new();
    for (i, (was, now)) in old_root.children.iter().zip(&new_root.children).enumerate() {
        if was == now {
            continue;
        }
        match (element(was), element(now)) {
            (Some(a), Some(b)) if a.open == b.open && !a.children.is_empty() => {
                for (j, (x, y)) in a.children.iter().zip(&b.children).enumerate() {
                    if x != y {
                        edits.push(swap((i, Some(j)), x, y));
                    }
                }
                if b.children.len() > a.children.len() {
                    edits.push(Edit::Append {
                        parent: i,
                        markup: b.children[a.children.len()..].concat(),
                    });
                } else if b.children.len() < a.children.len() {
                    edits.push(Edit::Truncate {
                        parent: i,
                        len: b.children.len(),
                    });
                }
            }
            _ => edits.push(swap((i, None), was, now)),
        }
    }
    Some(edits)
}

/// The edit that turns the element `was` at `at` into `now`: a text write when both hold only
/// text under the same open tag, else a swap of the markup.
fn swap<'a>(at: (usize, Option<usize>), was: &str, now: &'a str) -> Edit<'a> {
    match (text_only(was), text_only(now)) {
        (Some((open_a, _, close_a)), Some((open_b, inner, close_b)))
            if open_a == open_b && close_a == close_b =>
        {
            match unescape(inner) {
                Some(text) => Edit::Text { at, text },
                None => Edit::Replace { at, markup: now },
            }
        }
        _ => Edit::Replace { at, markup: now },
    }
}

/// An element holding text only, in parts: its open tag, its (escaped) text, its close tag.
fn text_only(markup: &str) -> Option<(&str, &str, &str)> {
    let open_end = markup.find('>')? + 1;
    let close = markup.rfind("</")?;
    let inner = markup.get(open_end..close)?;
    (!markup[..open_end].ends_with("/>") && !inner.contains('<')).then_some((
        &markup[..open_end],
        inner,
        &markup[close..],
    ))
}

/// The text that escaped markup `text` stands for, undoing the core's escaping (the five
/// entities it writes); `None` for any other entity, which is then left to the parser.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity = &rest[at..];
        let (ch, len) = [
            ('&', "&amp;"),
            ('<', "&lt;"),
            ('>', "&gt;"),
            ('"', "&quot;"),
            ('\'', "&#39;"),
        ]
        .into_iter()
        .find(|(_, e)| entity.starts_with(e))
        .map(|(c, e)| (c, e.len()))?;
        out.push(ch);
        rest = &entity[len..];
    }
    out.push_str(rest);
    Some(out)
}

/// An element's markup in parts: its open tag and its child elements' markup.
struct Element<'a> {
    open: &'a str,
    children: Vec<&'a str>,
}

/// Splits the markup of one element (`<g …>…</g>`) into its open tag and child elements.
/// `None` for anything else, including an element holding text beside elements, which could not
/// be patched element by element. Relies on the core's escaping: no raw `<` or `>` in text or
/// attribute values.
fn element(markup: &str) -> Option<Element<'_>> {
    if !markup.starts_with('<') || markup.starts_with("</") {
        return None;
    }
    let open_end = markup.find('>')? + 1;
    let open = &markup[..open_end];
    if open.ends_with("/>") {
        return (open_end == markup.len()).then_some(Element {
            open,
            children: Vec::new(),
        });
    }
    let mut children = Vec::new();
    let mut at = open_end;
    loop {
        let rest = &markup[at..];
        if rest.starts_with("</") {
            // The close tag must end the markup.
            return (at + rest.find('>')? + 1 == markup.len())
                .then_some(Element { open, children });
        }
        if !rest.starts_with('<') {
            // Text: fine alone (a <title>), not beside elements.
            let text_end = at + rest.find('<')?;
            if !children.is_empty() || !markup[text_end..].starts_with("</") {
                return None;
            }
            at = text_end;
            continue;
        }
        let len = child_len(rest)?;
        children.push(&rest[..len]);
        at += len;
    }
}

/// The length of the element `markup` starts with, found by counting open and close tags.
/// One pass over the bytes: the diagram is split this way twice per keystroke, and a search
/// call per tag boundary cost several times the scan itself.
fn child_len(markup: &str) -> Option<usize> {
    let bytes = markup.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'<' {
            at += 1;
            continue;
        }
        let tag_start = at;
        let tag_end = tag_start + bytes[tag_start..].iter().position(|b| *b == b'>')? + 1;
        if bytes.get(tag_start + 1) == Some(&b'/') {
            depth = depth.checked_sub(1)?;
        } else if !(tag_end - tag_start >= 2 && bytes[tag_end - 2] == b'/') {
            depth += 1;
        }
        at = tag_end;
        if depth == 0 {
            return Some(at);
        }
    }
    None
}

/// Splits the first `<style>…</style>` out of `svg`: (the rest, the rules).
pub fn split_style(svg: &str) -> (String, String) {
    let Some(start) = svg.find("<style>") else {
        return (svg.to_owned(), String::new());
    };
    let Some(len) = svg[start..].find("</style>") else {
        return (svg.to_owned(), String::new());
    };
    let end = start + len + "</style>".len();
    let css = svg[start + "<style>".len()..start + len].to_owned();
    let mut rest = String::with_capacity(svg.len() - (end - start));
    rest.push_str(&svg[..start]);
    rest.push_str(&svg[end..]);
    (rest, css)
}

/// Rules that give the diagram the page's colours (installed after the core's and the marks'):
/// no white card, text in the page's text colour, and in dark mode the all-resources view's
/// light box fills turned into tints, so both views read in both themes.
pub const THEME_CSS: &str = "\
#diagram .fs-bg{fill:none}\
#diagram svg text{fill:var(--text)}\
#diagram .fs-detail,#diagram .fs-group>text{fill:var(--muted)}\
#diagram .fs-edge-label rect{fill:var(--panel)}\
#diagram .fs-active>rect{stroke:var(--focus);stroke-width:3.5}\
#diagram .fs-selected>rect{stroke-width:3}\
.fs-badge circle{fill:var(--panel)}\
@media (prefers-color-scheme:dark){\
#diagram .fs-topology:not(.fs-architecture) .fs-node>rect,#diagram .fs-placement>rect{fill-opacity:.16}\
#diagram .fs-group-vpc>rect,#diagram .fs-group-subnet>rect{fill-opacity:.08}\
#diagram .fs-badge text{fill:var(--text)}}";

/// An arrow key's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// ArrowLeft.
    Left,
    /// ArrowRight.
    Right,
    /// ArrowUp.
    Up,
    /// ArrowDown.
    Down,
}

/// A node's box on the drawing: x, y, width, height.
pub type Box4 = (f64, f64, f64, f64);

/// The node an arrow key moves to from `from`: the nearest whose centre lies that way, with
/// sideways distance weighing double so a move stays in its row or column when it can.
/// `None` when nothing lies that way.
pub fn step(boxes: &[Box4], from: usize, dir: Direction) -> Option<usize> {
    let centre = |b: &Box4| (b.0 + b.2 / 2.0, b.1 + b.3 / 2.0);
    let (fx, fy) = centre(boxes.get(from)?);
    boxes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != from)
        .filter_map(|(i, b)| {
            let (x, y) = centre(b);
            let (ahead, side) = match dir {
                Direction::Right => (x - fx, y - fy),
                Direction::Left => (fx - x, y - fy),
                Direction::Down => (y - fy, x - fx),
                Direction::Up => (fy - y, x - fx),
            };
            // Beside rather than ahead (|side| > ahead) belongs to the other axis's keys.
            (ahead > 0.5 && side.abs() <= ahead * 2.0).then_some((i, ahead + 2.0 * side.abs()))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Where the form controls a node: the id of a section's heading, or a service's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// A section, by its heading's id (`h-lb`, `h-guards`...).
    Section(&'static str),
    /// The service at this index of the config.
    Service(usize),
}

/// The form section that controls the node `id` of `topology`, given the services' names in
/// config order: the service whose logical-id stem (`my-api` -> `MyApi`) the id starts with
/// (the longest one), else by what the node is.
pub fn form_target(topology: &Topology, id: &str, services: &[String]) -> FormTarget {
    use NodeKind::*;
    let node = topology.node(id);
    let kind = node.map(|n| n.kind);
    let by_kind = match kind {
        Some(LoadBalancer | Listener | Internet) => Some("h-lb"),
        Some(
            Database | DbSubnetGroup | Bucket | BucketPolicy | HttpApi | VpcLink | ApiIntegration
            | ApiRoute | ApiStage,
        ) => Some("h-extras"),
        Some(
            WebAcl | WebAclAssociation | Certificate | DnsRecord | ApiDomain | ApiMapping | Alarm
            | Topic | Subscription | Dashboard | EncryptionKey,
        ) => Some("h-guards"),
        Some(
            Vpc
            | InternetGateway
            | GatewayAttachment
            | Subnet
            | RouteTable
            | Route
            | RouteTableAssociation
            | ElasticIp
            | NatGateway,
        ) => Some("h-network"),
        Some(Cluster) => Some("h-general"),
        _ if node.and_then(|n| n.resource_type.as_deref()) == Some("AWS::WAFv2::WebACL") => {
            Some("h-guards")
        }
        _ => None,
    };
    if let Some(section) = by_kind {
        return FormTarget::Section(section);
    }
    let stem = services
        .iter()
        .enumerate()
        .map(|(i, name)| (i, fargate_stack::validate::pascal(name)))
        .filter(|(_, stem)| !stem.is_empty() && id.starts_with(stem.as_str()))
        .max_by_key(|(_, stem)| stem.len());
    match (stem, kind) {
        (Some((i, _)), _) => FormTarget::Service(i),
        (None, Some(Parameter) | None) => FormTarget::Section("h-general"),
        (None, Some(_)) => FormTarget::Section("h-services"),
    }
}

/// The visible part of the drawing, in the drawing's units, and its scale (screen pixels per
/// unit). Zoom and pan change only this, written to the SVG's `viewBox`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Left edge of what is shown.
    pub x: f64,
    /// Top edge of what is shown.
    pub y: f64,
    /// Screen pixels per drawing unit.
    pub scale: f64,
}

/// The smallest and largest scale zooming reaches.
pub const MIN_SCALE: f64 = 0.1;
/// See [`MIN_SCALE`].
pub const MAX_SCALE: f64 = 4.0;
/// The architecture view's default never draws text smaller than this share of its size: its
/// 12 px text stays at least 11 px on screen.
pub const READABLE: f64 = 0.92;

impl Viewport {
    /// The default view of a `w` x `h` drawing in a `cw` x `ch` pixel box: the whole width when
    /// it fits at natural size or smaller, but (`readable`) never below [`READABLE`], from the
    /// top, centred when narrower than the box.
    pub fn initial(w: f64, h: f64, cw: f64, ch: f64, readable: bool) -> Viewport {
        let _ = h;
        let fit = if w > 0.0 { cw / w } else { 1.0 };
        let scale = if readable {
            fit.clamp(READABLE, 1.0)
        } else {
            fit.clamp(MIN_SCALE, 1.0)
        };
        Viewport::centred_x(w, cw, ch, scale, 0.0)
    }

    /// The whole drawing, as large as fits, centred.
    pub fn fit(w: f64, h: f64, cw: f64, ch: f64) -> Viewport {
        let scale = if w > 0.0 && h > 0.0 {
            (cw / w).min(ch / h).clamp(MIN_SCALE, MAX_SCALE)
        } else {
            1.0
        };
        let y = ((h - ch / scale) / 2.0).min(0.0);
        Viewport::centred_x(w, cw, ch, scale, y)
    }

    fn centred_x(w: f64, cw: f64, _ch: f64, scale: f64, y: f64) -> Viewport {
        Viewport {
            x: ((w - cw / scale) / 2.0).min(0.0),
            y,
            scale,
        }
    }

    /// Zoomed by `factor` about the point (`px`, `py`) in screen pixels from the box's corner,
    /// which stays put.
    pub fn zoom(self, factor: f64, px: f64, py: f64) -> Viewport {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        if !scale.is_finite() || scale <= 0.0 {
            return self;
        }
        Viewport {
            x: self.x + px / self.scale - px / scale,
            y: self.y + py / self.scale - py / scale,
            scale,
        }
    }

    /// Moved by a drag of (`dx`, `dy`) screen pixels.
    pub fn pan(self, dx: f64, dy: f64) -> Viewport {
        Viewport {
            x: self.x - dx / self.scale,
            y: self.y - dy / self.scale,
            ..self
        }
    }

    /// Moved the least that shows the box `b` whole (when it fits).
    pub fn reveal(self, b: Box4, cw: f64, ch: f64) -> Viewport {
        let (vw, vh) = (cw / self.scale, ch / self.scale);
        let shift = |at: f64, len: f64, lo: f64, size: f64| {
            if lo < at {
                lo - 8.0
            } else if lo + size > at + len {
                (lo + size - len + 8.0).min(lo - 8.0)
            } else {
                at
            }
        };
        Viewport {
            x: shift(self.x, vw, b.0, b.2),
            y: shift(self.y, vh, b.1, b.3),
            ..self
        }
    }

    /// The `viewBox` attribute for a `cw` x `ch` pixel box.
    pub fn view_box(self, cw: f64, ch: f64) -> String {
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            self.x,
            self.y,
            cw / self.scale,
            ch / self.scale
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_style() {
        let (rest, css) = split_style("<svg><title>t</title><style>.a{fill:red}</style><g/></svg>");
        assert_eq!(rest, "<svg><title>t</title><g/></svg>");
        assert_eq!(css, ".a{fill:red}");
        assert_eq!(split_style("<svg/>"), ("<svg/>".to_owned(), String::new()));
        assert_eq!(
            split_style("<svg><style>x"),
            ("<svg><style>x".to_owned(), String::new())
        );
    }

    #[test]
    fn draws_every_preset_with_node_ids() {
        for (name, _) in fargate_stack::PRESETS {
            let config = fargate_stack::Config::preset(name).unwrap_or_default();
            let Ok(template) = fargate_stack::generate(&config) else {
                continue;
            };
            for view in [View::Architecture, View::All] {
                let d = draw_view(&template, view);
                assert!(d.inline.contains("data-id=\"LoadBalancer\" id=\"dn-LoadBalancer\" role=\"button\" aria-label=\""), "{name}");
                // Nodes are named after the text they show, and never in the Tab order.
                assert!(!d.inline.contains("tabindex"), "{name}");
                assert!(!d.inline.contains("role=\"img\""), "{name}");
                assert!(!d.inline.contains("<style>"), "{name}");
                // Every element of the drawing splits cleanly two levels deep.
                assert_eq!(plan(&d.inline, &d.inline), Some(Vec::new()), "{name}");
            }
        }
    }

    #[test]
    fn a_node_is_named_by_the_text_it_shows_then_its_id() {
        let svg = r#"<svg role="img"><g class="fs-node fs-kind-vpc" data-id="Vpc"><title>t</title><rect/><text class="fs-label">VPC</text><text class="fs-detail">10.0.0.0/16</text></g><g class="fs-placement" data-id="Vpc"><text>x</text></g></svg>"#;
        assert_eq!(
            interactive(svg),
            r#"<svg role="group"><g class="fs-node fs-kind-vpc" data-id="Vpc" id="dn-Vpc" role="button" aria-label="VPC 10.0.0.0/16 (Vpc): show in the template"><title>t</title><rect/><text class="fs-label">VPC</text><text class="fs-detail">10.0.0.0/16</text></g><g class="fs-placement" data-id="Vpc"><text>x</text></g></svg>"#
        );
    }

    fn diagram(config: &fargate_stack::Config) -> String {
        draw_view(
            &fargate_stack::generate(config).expect("valid config"),
            View::All,
        )
        .inline
    }

    /// The markup at `at` (an SVG child, or a child of one).
    fn at(children: &[String], at: (usize, Option<usize>)) -> String {
        match at {
            (i, None) => children[i].clone(),
            (i, Some(j)) => element(&children[i]).expect("a group").children[j].to_owned(),
        }
    }

    /// Puts `markup` at `at`, as the page's `outerHTML` write does.
    fn put(children: &mut [String], at: (usize, Option<usize>), markup: String) {
        match at {
            (i, None) => children[i] = markup,
            (i, Some(j)) => {
                let e = element(&children[i]).expect("a group");
                let mut inner: Vec<String> = e.children.iter().map(|c| (*c).to_owned()).collect();
                inner[j] = markup;
                children[i] = format!("{}{}</g>", e.open, inner.concat());
            }
        }
    }

    /// Applies `edits` to the markup the way the page applies them to the DOM.
    fn apply(old: &str, edits: &[Edit]) -> String {
        let root = element(old.trim()).expect("an element");
        let mut children: Vec<String> = root.children.iter().map(|c| (*c).to_owned()).collect();
        for edit in edits {
            match edit {
                Edit::Replace { at, markup } => put(&mut children, *at, (*markup).to_owned()),
                Edit::Text { at: place, text } => {
                    // A text write keeps the element's tags and sets what is between them.
                    let target = at(&children, *place);
                    let open = &target[..target.find('>').expect("a tag") + 1];
                    let close = &target[target.rfind("</").expect("a close tag")..];
                    let markup =
                        format!("{open}{}{close}", fargate_stack::topology::escape_xml(text));
                    put(&mut children, *place, markup);
                }
                Edit::Append { parent, markup } => {
                    let c = &children[*parent];
                    children[*parent] = format!("{}{markup}</g>", &c[..c.len() - 4]);
                }
                Edit::Truncate { parent, len } => {
                    let e = element(&children[*parent]).expect("a group");
                    children[*parent] = format!("{}{}</g>", e.open, e.children[..*len].concat());
                }
            }
        }
        format!("{}{}</svg>", root.open, children.concat())
    }

    #[test]
    fn a_name_edit_swaps_only_what_changed() {
        let seed = fargate_stack::Config::preset("seed").expect("seed exists");
        let mut renamed = seed.clone();
        renamed.name = "perf-1".into();
        let (old, new) = (diagram(&seed), diagram(&renamed));
        let edits = plan(&old, &new).expect("same size, same layers");
        // The title and the two security groups whose detail names the app, of about 130
        // elements (the service and task nodes' second line is their workload since the core
        // drew service kinds).
        assert_eq!(edits.len(), 3, "{edits:?}");
        assert_eq!(apply(&old, &edits), new.trim());
    }

    #[test]
    fn plans_reproduce_the_new_drawing() {
        // Pairs of configs whose diagrams differ in content, in element count and in size.
        let seed = fargate_stack::Config::preset("seed").expect("seed exists");
        let mut more = seed.clone();
        more.services[0].desired_count = 5;
        let mut https = seed.clone();
        https.load_balancer.certificate_arn =
            Some("arn:aws:acm:us-east-1:123456789012:certificate/abc".into());
        for (a, b) in [(&seed, &more), (&seed, &https), (&https, &seed)] {
            let (old, new) = (diagram(a), diagram(b));
            match plan(&old, &new) {
                Some(edits) => assert_eq!(apply(&old, &edits), new.trim()),
                None => assert_ne!(
                    element(old.trim()).map(|e| e.open),
                    element(new.trim()).map(|e| e.open)
                ),
            }
        }
    }

    #[test]
    fn marks_changed_nodes_and_lists_removed_ones() {
        let before = fargate_stack::Config::preset("microservices").expect("preset exists");
        let json = fargate_stack::generate_all(&before)
            .map(|g| g.json)
            .unwrap_or_default();
        let mut after = before.clone();
        after.network.vpc_cidr = "10.20.0.0/16".into();
        let gone = after.services.remove(2);
        let template = fargate_stack::generate(&after).expect("valid config");
        let changes = fargate_stack::changes::changes(&json, &template).expect("a template");
        let drawn = draw_view(&template, View::All);
        let page = drawn.inline.clone();
        let marked = mark(&drawn, &changes);
        assert!(marked.svg.contains("<g data-change=\"replace\" class=\"fs-change fs-change-replace fs-node fs-kind-vpc\" data-id=\"Vpc\" id=\"dn-Vpc\" role=\"button\" aria-label=\"Vpc 10.20.0.0/16 (Vpc): replaced; show in the template\"><title>Replaced: Vpc"), "{}", marked.svg);
        assert!(marked
            .svg
            .contains("(LoadBalancer): updated; show in the template\""));
        assert!(marked
            .svg
            .contains("<g class=\"fs-badge\" aria-hidden=\"true\">"));
        // The cluster does not change: it stays as drawn.
        assert!(marked
            .svg
            .contains("<g class=\"fs-node fs-kind-cluster\" data-id=\"Cluster\""));
        assert!(
            marked.removed.iter().any(|id| id.contains("LogGroup")),
            "{gone:?}: {:?}",
            marked.removed
        );
        // The marked drawing still patches element by element, both ways.
        for (old, new) in [(&page, &marked.svg), (&marked.svg, &page)] {
            let edits = plan(old, new).expect("same structure");
            assert_eq!(apply(old, &edits), new.trim());
        }
        // No change, no mark.
        let same = fargate_stack::changes::changes(
            &fargate_stack::generate_all(&after)
                .map(|g| g.json)
                .unwrap_or_default(),
            &template,
        )
        .expect("a template");
        assert_eq!(mark(&drawn, &same).svg, page);

        // The architecture view: the VPC box is replaced; the cluster and the surviving
        // services' boxes take the strongest change of what is folded into them.
        let arch = draw_view(&template, View::Architecture);
        let marked = mark(&arch, &changes);
        assert!(marked.svg.contains("data-change=\"replace\" class=\"fs-change fs-change-replace fs-node fs-kind-vpc\" data-id=\"Vpc\""), "{}", marked.svg);
        // A service's target group is replaced with the VPC: its box shows it replaced.
        let service = arch
            .topology
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Service)
            .expect("a service box");
        assert!(
            marked.svg.contains(&format!("data-change=\"replace\" class=\"fs-change fs-change-replace fs-node fs-kind-service fs-workload-web\" data-id=\"{}\"", service.id)),
            "{}: {}",
            service.id,
            marked.svg
        );
    }

    #[test]
    fn arrow_keys_move_to_the_nearest_node_that_way() {
        // Two rows: a b c / d . e
        let boxes = [
            (0.0, 0.0, 10.0, 10.0),
            (100.0, 0.0, 10.0, 10.0),
            (200.0, 0.0, 10.0, 10.0),
            (0.0, 100.0, 10.0, 10.0),
            (200.0, 90.0, 10.0, 10.0),
        ];
        assert_eq!(step(&boxes, 0, Direction::Right), Some(1));
        assert_eq!(step(&boxes, 1, Direction::Right), Some(2));
        assert_eq!(step(&boxes, 2, Direction::Right), None);
        assert_eq!(step(&boxes, 2, Direction::Left), Some(1));
        assert_eq!(step(&boxes, 0, Direction::Down), Some(3));
        assert_eq!(step(&boxes, 2, Direction::Down), Some(4));
        assert_eq!(step(&boxes, 3, Direction::Up), Some(0));
        assert_eq!(step(&boxes, 3, Direction::Right), Some(4));
        assert_eq!(step(&boxes, 9, Direction::Up), None);
        assert_eq!(step(&[], 0, Direction::Up), None);
    }

    #[test]
    fn nodes_lead_to_the_form_section_that_controls_them() {
        let config = fargate_stack::Config::preset("with-database").expect("preset exists");
        let names: Vec<String> = config.services.iter().map(|s| s.name.clone()).collect();
        let template = fargate_stack::generate(&config).expect("valid config");
        let arch = fargate_stack::topology::architecture(&template);
        let all = fargate_stack::topology::topology(&template);
        assert_eq!(
            form_target(&arch, "LoadBalancer", &names),
            FormTarget::Section("h-lb")
        );
        assert_eq!(
            form_target(&arch, "Database", &names),
            FormTarget::Section("h-extras")
        );
        assert_eq!(
            form_target(&arch, "Vpc", &names),
            FormTarget::Section("h-network")
        );
        let service = arch
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Service)
            .expect("a service box");
        assert_eq!(
            form_target(&arch, &service.id, &names),
            FormTarget::Service(0)
        );
        let group = all
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::LogGroup)
            .expect("a log group");
        assert_eq!(form_target(&all, &group.id, &names), FormTarget::Service(0));
        assert_eq!(
            form_target(&arch, "Nothing", &names),
            FormTarget::Section("h-general")
        );
    }

    #[test]
    fn the_viewport_zooms_about_a_point_and_keeps_text_readable() {
        // A 2000-unit-wide drawing in an 800 px box: readable, not squeezed to 0.4.
        let v = Viewport::initial(2000.0, 900.0, 800.0, 480.0, true);
        assert_eq!(v.scale, READABLE);
        assert!(v.scale * 12.0 >= 11.0);
        // Narrower than the box: natural size, centred.
        let v = Viewport::initial(400.0, 300.0, 800.0, 480.0, true);
        assert_eq!((v.scale, v.x), (1.0, -200.0));
        // The point under the pointer stays put.
        let z = v.zoom(2.0, 100.0, 50.0);
        assert_eq!(z.scale, 2.0);
        assert_eq!(
            (v.x + 100.0 / v.scale, v.y + 50.0 / v.scale),
            (z.x + 100.0 / z.scale, z.y + 50.0 / z.scale)
        );
        assert_eq!(v.zoom(1e9, 0.0, 0.0).scale, MAX_SCALE);
        assert_eq!(v.pan(10.0, -20.0).x, v.x - 10.0);
        let f = Viewport::fit(2000.0, 1000.0, 800.0, 480.0);
        assert_eq!(f.scale, 0.4);
        assert_eq!(f.view_box(800.0, 480.0), "0.0 -100.0 2000.0 1200.0");
    }

    #[test]
    fn odd_markup_means_a_full_redraw() {
        assert_eq!(plan("", "<svg></svg>"), None);
        assert_eq!(plan("<svg><g>", "<svg><g></g></svg>"), None);
        assert_eq!(plan("<svg a=\"1\"></svg>", "<svg a=\"2\"></svg>"), None);
        assert_eq!(plan("<svg>text<g/></svg>", "<svg>text<g/></svg>"), None);
        assert_eq!(plan("<svg><g/></svg>", "<svg><g/></svg>"), Some(Vec::new()));
        assert_eq!(
            plan(
                "<svg><title>a</title></svg>",
                "<svg><title>b&amp;&lt;</title></svg>"
            ),
            Some(vec![Edit::Text {
                at: (0, None),
                text: "b&<".into()
            }])
        );
        // Text beside an unknown entity, or a new open tag: the markup is swapped.
        assert_eq!(
            plan(
                "<svg><title>a</title></svg>",
                "<svg><title>&#10;</title></svg>"
            ),
            Some(vec![Edit::Replace {
                at: (0, None),
                markup: "<title>&#10;</title>"
            }])
        );
        assert_eq!(
            plan(
                "<svg><text>a</text></svg>",
                "<svg><text x=\"1\">a</text></svg>"
            ),
            Some(vec![Edit::Replace {
                at: (0, None),
                markup: "<text x=\"1\">a</text>"
            }])
        );
    }
}
