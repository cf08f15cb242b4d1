//! The topology diagram for a generated template, drawn by the core's `topology` module.
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
//! their accessible name and hover title; it is markup too, so the same patching applies.

use std::collections::BTreeMap;

use fargate_stack::changes::{Action, Changes};
use fargate_stack::Template;

/// A drawn diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    /// The SVG as the core wrote it (what "download diagram" saves).
    pub svg: String,
    /// The SVG without its `<style>` element, for the page.
    pub inline: String,
    /// The rules of that `<style>` element.
    pub css: String,
}

/// Draws the diagram for `template`.
pub fn draw(template: &Template) -> Diagram {
    let svg = fargate_stack::topology::topology(template).to_svg();
    let (inline, css) = split_style(&svg);
    let inline = interactive(&inline);
    Diagram { svg, inline, css }
}

/// Makes every element with a `data-id` a keyboard-reachable button named after its resource.
/// Done on the markup, so an unchanged element stays byte-identical and is left alone.
fn interactive(svg: &str) -> String {
    const MARK: &str = " data-id=\"";
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(at) = rest.find(MARK) {
        let value_start = at + MARK.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let end = value_start + len + 1;
        // The id is already escaped for an attribute value.
        let id = &rest[value_start..end - 1];
        out.push_str(&rest[..end]);
        out.push_str(" tabindex=\"0\" role=\"button\" aria-label=\"");
        out.push_str(id);
        out.push_str(": show in the template\"");
        rest = &rest[end..];
    }
    out.push_str(rest);
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

/// Writes `changes` onto the page's diagram `inline` (from [`draw`]): every element with the
/// `data-id` of an added, updated or replaced resource (its node and its placements) gets the
/// classes `fs-change fs-change-<action>`, `data-change`, a badge, and the action in its name
/// and title. Removed resources are listed, since they have nothing left to mark.
pub fn mark(inline: &str, changes: &Changes) -> Marked {
    let mut actions: BTreeMap<&str, Action> = BTreeMap::new();
    let mut removed = Vec::new();
    for r in &changes.resources {
        if r.action == Action::Remove {
            removed.push(r.logical_id.clone());
        } else {
            actions.insert(&r.logical_id, r.action);
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
                        edits.push(Edit::Replace {
                            at: (i, Some(j)),
                            markup: y,
                        });
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
            _ => edits.push(Edit::Replace {
                at: (i, None),
                markup: now,
            }),
        }
    }
    Some(edits)
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
fn child_len(markup: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(lt) = markup[at..].find('<') {
        let tag_start = at + lt;
        let tag_end = tag_start + markup[tag_start..].find('>')? + 1;
        let tag = &markup[tag_start..tag_end];
        if tag.starts_with("</") {
            depth = depth.checked_sub(1)?;
        } else if !tag.ends_with("/>") {
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
            let d = draw(&template);
            assert!(d.inline.contains("data-id=\"LoadBalancer\" tabindex=\"0\" role=\"button\" aria-label=\"LoadBalancer: show in the template\""), "{name}");
            assert!(!d.inline.contains("<style>"), "{name}");
            // Every element of the drawing splits cleanly two levels deep.
            assert_eq!(plan(&d.inline, &d.inline), Some(Vec::new()), "{name}");
        }
    }

    fn diagram(config: &fargate_stack::Config) -> String {
        draw(&fargate_stack::generate(config).expect("valid config")).inline
    }

    /// Applies `edits` to the markup the way the page applies them to the DOM.
    fn apply(old: &str, edits: &[Edit]) -> String {
        let root = element(old.trim()).expect("an element");
        let mut children: Vec<String> = root.children.iter().map(|c| (*c).to_owned()).collect();
        for edit in edits {
            match edit {
                Edit::Replace {
                    at: (i, None),
                    markup,
                } => children[*i] = (*markup).to_owned(),
                Edit::Replace {
                    at: (i, Some(j)),
                    markup,
                } => {
                    let e = element(&children[*i]).expect("a group");
                    let mut inner: Vec<String> =
                        e.children.iter().map(|c| (*c).to_owned()).collect();
                    inner[*j] = (*markup).to_owned();
                    children[*i] = format!("{}{}</g>", e.open, inner.concat());
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
        let page = draw(&template).inline;
        let marked = mark(&page, &changes);
        assert!(marked.svg.contains("<g data-change=\"replace\" class=\"fs-change fs-change-replace fs-node fs-kind-vpc\" data-id=\"Vpc\" tabindex=\"0\" role=\"button\" aria-label=\"Vpc: replaced; show in the template\"><title>Replaced: Vpc"), "{}", marked.svg);
        assert!(marked
            .svg
            .contains("aria-label=\"LoadBalancer: updated; show in the template\""));
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
        assert_eq!(mark(&page, &same).svg, page);
    }

    #[test]
    fn odd_markup_means_a_full_redraw() {
        assert_eq!(plan("", "<svg></svg>"), None);
        assert_eq!(plan("<svg><g>", "<svg><g></g></svg>"), None);
        assert_eq!(plan("<svg a=\"1\"></svg>", "<svg a=\"2\"></svg>"), None);
        assert_eq!(plan("<svg>text<g/></svg>", "<svg>text<g/></svg>"), None);
        assert_eq!(plan("<svg><g/></svg>", "<svg><g/></svg>"), Some(Vec::new()));
        assert_eq!(
            plan("<svg><title>a</title></svg>", "<svg><title>b</title></svg>"),
            Some(vec![Edit::Replace {
                at: (0, None),
                markup: "<title>b</title>"
            }])
        );
    }
}
