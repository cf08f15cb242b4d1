//! The SVG of the architecture view: the same structure as the all-resources SVG (a `<title>`
//! on everything, `data-id` on each node's `<g>`, `fs-` classes, no scripts or external
//! references), drawn for reading: 13 px bold box titles and 12 px everything else, a legend, and
//! no colour that fights the page's theme. Text is `currentColor` (the page's text colour when
//! inlined), boxes are translucent tints that read on light and dark backgrounds, there is no
//! background unless the page sets `--fs-bg`, and every colour can be overridden through a
//! `--fs-*` CSS variable.

use std::fmt::Write;

use super::escape::{clip, escape_xml as x};
use super::layout::{group_label_rect, label_size, ARCH_LABEL_CHARS};
use super::svg::{group, line_styles, points, Line};
use super::{Edge, EdgeFamily, Node, NodeKind, Rect, Topology};

/// The resource type of a WAF web ACL (drawn as an entry box).
const WEB_ACL: &str = "AWS::WAFv2::WebACL";

const STYLE: &str = "\
.fs-architecture{color-scheme:light dark}\
.fs-architecture .fs-bg{fill:var(--fs-bg,none)}\
.fs-architecture text{fill:var(--fs-text,currentColor)}\
.fs-architecture .fs-group>rect{fill:none;stroke:var(--fs-group,#8a96a3);stroke-width:1}\
.fs-architecture .fs-group-vpc>rect{stroke:var(--fs-network,#3b7dd8);stroke-width:1.5;fill:var(--fs-vpc-fill,rgba(59,125,216,.04))}\
.fs-architecture .fs-group-availabilityZone>rect{stroke-dasharray:6 4}\
.fs-architecture .fs-group-subnet>rect{fill:var(--fs-subnet-fill,rgba(88,165,92,.07));stroke:var(--fs-subnet,#58a55c)}\
.fs-architecture .fs-group-regional>rect,.fs-architecture .fs-group-parameters>rect{stroke-dasharray:2 3}\
.fs-architecture .fs-group>text{font-size:12px;font-weight:600}\
.fs-architecture .fs-node>rect,.fs-architecture .fs-swatch{stroke-width:1.5}\
.fs-architecture .fs-label{font-size:13px;font-weight:600}\
.fs-architecture .fs-detail{font-size:12px;opacity:.85}\
.fs-architecture .fs-placement>rect{stroke-width:1;stroke-dasharray:4 2}\
.fs-architecture .fs-placement text,.fs-architecture .fs-legend text{font-size:12px}\
.fs-architecture .fs-legend-title{font-weight:600}\
.fs-cat-entry{fill:var(--fs-entry-fill,rgba(142,68,173,.13));stroke:var(--fs-entry,#9b59b6)}\
.fs-cat-service{fill:var(--fs-service-fill,rgba(230,126,34,.15));stroke:var(--fs-service,#e67e22)}\
.fs-cat-data{fill:var(--fs-data-fill,rgba(39,174,96,.13));stroke:var(--fs-data,#27ae60)}\
.fs-cat-message{fill:var(--fs-message-fill,rgba(41,128,185,.13));stroke:var(--fs-message,#2e86c1)}\
.fs-cat-network{fill:var(--fs-network-fill,rgba(59,125,216,.12));stroke:var(--fs-network,#3b7dd8)}\
.fs-cat-shared{fill:var(--fs-shared-fill,rgba(127,140,141,.13));stroke:var(--fs-shared,#95a5a6)}\
.fs-ref{fill:none;stroke:var(--fs-ref,#95a5a6);stroke-width:1;stroke-dasharray:2 4}\
.fs-traffic{fill:none;stroke:var(--fs-traffic,#e74c3c);stroke-width:2}\
.fs-traffic-out{stroke:var(--fs-outbound,#e59866);stroke-width:1.5}\
.fs-traffic-message{stroke:var(--fs-message,#2e86c1);stroke-width:1.8;stroke-dasharray:8 4}\
.fs-edge-label rect{fill:var(--fs-label-bg,Canvas);stroke:var(--fs-traffic,#e74c3c);stroke-width:.8}\
.fs-edge-label-message rect{stroke:var(--fs-message,#2e86c1)}\
.fs-edge-label text{font-size:12px}\
.fs-arrow-traffic{fill:var(--fs-traffic,#e74c3c)}\
.fs-arrow-out{fill:var(--fs-outbound,#e59866)}\
.fs-arrow-message{fill:var(--fs-message,#2e86c1)}\
.fs-arrow-ref{fill:var(--fs-ref,#95a5a6)}\
g[data-id]{cursor:pointer}";

/// The legend: box colours, then line styles.
const LEGEND: [(Sample, &str); 10] = [
    (Sample::Box("entry"), "Entry: internet, WAF, API, ALB"),
    (Sample::Box("service"), "Service or job, with its parts"),
    (Sample::Box("data"), "Data: database, bucket"),
    (Sample::Box("message"), "Messages: queue, schedule"),
    (Sample::Box("network"), "Network: VPC, NAT gateway"),
    (Sample::Box("shared"), "Shared: cluster, image registry"),
    (Sample::Line(Line::Request), "Request traffic (port, path)"),
    (
        Sample::Line(Line::Outbound),
        "Outbound: NAT, registry, internet",
    ),
    (Sample::Line(Line::Message), "Messages and scheduled runs"),
    (Sample::Reference, "Reference: one names the other"),
];

/// What a legend entry shows.
#[derive(Clone, Copy)]
enum Sample {
    Box(&'static str),
    Line(Line),
    Reference,
}

/// Wide enough for a swatch and 32 characters of 12 px text.
const LEGEND_ITEM_W: i32 = 300;
const LEGEND_ROW_H: i32 = 24;
const LEGEND_TITLE_H: i32 = 28;

fn legend_per_row(width: i32) -> i32 {
    ((width - 16) / LEGEND_ITEM_W).max(1)
}

/// The height of the legend drawn `width` wide.
pub(super) fn legend_height(width: i32) -> i32 {
    let n = i32::try_from(LEGEND.len()).unwrap_or(10);
    let rows = (n + legend_per_row(width) - 1) / legend_per_row(width);
    LEGEND_TITLE_H + rows * LEGEND_ROW_H + 8
}

/// How many characters of a group's label fit its width at 12 px.
pub(super) fn group_label_chars(width: i32) -> usize {
    usize::try_from((width - 16) / 7).unwrap_or(10).max(10)
}

/// The colour family of a box.
fn category(n: &Node) -> &'static str {
    use NodeKind::*;
    if n.resource_type.as_deref() == Some(WEB_ACL) {
        return "entry";
    }
    match n.kind {
        Internet | HttpApi | LoadBalancer | VpcLink | Listener | ListenerRule | TargetGroup
        | ApiIntegration | ApiRoute | ApiStage => "entry",
        Service | TaskDefinition | ScalableTarget | ScalingPolicy => "service",
        Database | DbSubnetGroup | Bucket | BucketPolicy => "data",
        Queue | Schedule => "message",
        Vpc
        | InternetGateway
        | GatewayAttachment
        | Subnet
        | RouteTable
        | Route
        | RouteTableAssociation
        | ElasticIp
        | NatGateway
        | SecurityGroup
        | SecurityGroupRule => "network",
        _ => "shared",
    }
}

pub(super) fn render(t: &Topology) -> String {
    let mut s = String::with_capacity(16 * 1024 + t.nodes.len() * 900 + t.edges.len() * 400);
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img" class="fs-topology fs-architecture">"#,
        w = t.width,
        h = t.height
    );
    let _ = write!(s, "<title>{}</title>", x(&t.title));
    let _ = write!(s, "<style>{STYLE}</style>");
    s.push_str("<defs>");
    for (id, size) in [("traffic", 7), ("out", 7), ("message", 7), ("ref", 6)] {
        let _ = write!(
            s,
            r#"<marker id="fs-arrow-{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="{size}" markerHeight="{size}" orient="auto"><path class="fs-arrow-{id}" d="M0,0 L10,5 L0,10 z"/></marker>"#
        );
    }
    s.push_str("</defs>");
    let _ = write!(
        s,
        r#"<rect class="fs-bg" width="{}" height="{}"/>"#,
        t.width, t.height
    );

    s.push_str(r#"<g class="fs-groups">"#);
    for g in &t.groups {
        let room = group_label_rect(g);
        let chars = group_label_chars(g.rect.width);
        group(&mut s, g, 8, (room.x + 4, room.y + 13), chars);
    }
    s.push_str("</g>");

    let style = line_styles(t);
    s.push_str(r#"<g class="fs-edges fs-references">"#);
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Reference) {
        edge(&mut s, t, e, Line::Request);
    }
    s.push_str("</g>");
    s.push_str(r#"<g class="fs-nodes">"#);
    for n in &t.nodes {
        node(&mut s, n);
    }
    s.push_str("</g>");
    s.push_str(r#"<g class="fs-edges fs-traffic-edges">"#);
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Traffic) {
        edge(&mut s, t, e, style(e));
    }
    s.push_str("</g>");
    if let Some(r) = t.legend {
        legend(&mut s, r);
    }
    s.push_str("</svg>\n");
    s
}

fn node(s: &mut String, n: &Node) {
    let r = n.rect;
    let mut hover = match &n.resource_type {
        Some(t) => format!("{} ({t})\n{}\n{}", n.id, n.label, n.detail),
        None => format!("{}\n{}", n.label, n.detail),
    };
    if !n.members.is_empty() {
        hover.push_str("\nincludes: ");
        hover.push_str(&n.members.join(", "));
    }
    let cat = category(n);
    // 13 px bold takes about 7.5 px a character, 12 px about 7.
    let label_chars = usize::try_from((r.width - 16) * 2 / 15).unwrap_or(10);
    let detail_chars = usize::try_from((r.width - 16) / 7).unwrap_or(10);
    // The space between the label and the detail keeps them two words when the node's text
    // is read as one run (assistive tech, axe's label-content-name check).
    let _ = write!(
        s,
        r#"<g class="fs-node fs-kind-{kind}{workload}" data-id="{id}"><title>{hover}</title><rect class="fs-cat-{cat}" x="{}" y="{}" width="{}" height="{}" rx="6"/><text class="fs-label" x="{}" y="{}">{label}</text> <text class="fs-detail" x="{}" y="{}">{detail}</text></g>"#,
        r.x,
        r.y,
        r.width,
        r.height,
        r.x + 8,
        r.y + 20,
        r.x + 8,
        r.y + 39,
        kind = n.kind.as_str(),
        workload = n
            .workload
            .map(|w| format!(" fs-workload-{}", w.as_str()))
            .unwrap_or_default(),
        id = x(&n.id),
        hover = x(hover.trim_end()),
        label = x(&clip(&n.label, label_chars)),
        detail = x(&clip(&n.detail, detail_chars)),
    );
    for p in &n.placements {
        let r = p.rect;
        let _ = write!(
            s,
            r#"<g class="fs-placement fs-kind-{kind}" data-id="{id}"><title>{title}</title><rect class="fs-cat-{cat}" x="{}" y="{}" width="{}" height="{}" rx="12"/><text x="{}" y="{}">{label}</text></g>"#,
            r.x,
            r.y,
            r.width,
            r.height,
            r.x + 10,
            r.y + r.height / 2 + 4,
            kind = n.kind.as_str(),
            id = x(&n.id),
            title = x(&format!(
                "{}: {} in {}",
                n.id,
                p.label,
                p.group.trim_start_matches("group:")
            )),
            label = x(&clip(&p.label, detail_chars)),
        );
    }
}

fn edge(s: &mut String, t: &Topology, e: &Edge, line: Line) {
    if e.points.len() < 2 {
        return;
    }
    let (class, marker) = match (e.family, line) {
        (EdgeFamily::Reference, _) => ("fs-ref", "ref"),
        (EdgeFamily::Traffic, Line::Outbound) => ("fs-traffic fs-traffic-out", "out"),
        (EdgeFamily::Traffic, Line::Message) => ("fs-traffic fs-traffic-message", "message"),
        (EdgeFamily::Traffic, Line::Request) => ("fs-traffic", "traffic"),
    };
    let _ = write!(
        s,
        r#"<g class="fs-edge" data-from="{from}" data-to="{to}"><title>{from} → {to}: {label}&#10;{detail}</title><polyline class="{class}" points="{pts}" marker-end="url(#fs-arrow-{marker})"/>"#,
        from = x(&e.from),
        to = x(&e.to),
        label = x(&e.label),
        detail = x(&e.detail),
        pts = points(&e.points),
    );
    if let Some(r) = t.label_rect(e) {
        let (w, _) = label_size(t.view, &e.label);
        debug_assert_eq!(w, r.width);
        let _ = write!(
            s,
            r#"<g class="fs-edge-label{}"><rect x="{}" y="{}" width="{}" height="{}" rx="4"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            if line == Line::Message {
                " fs-edge-label-message"
            } else {
                ""
            },
            r.x,
            r.y,
            r.width,
            r.height,
            r.x + r.width / 2,
            r.y + 13,
            x(&clip(&e.label, ARCH_LABEL_CHARS))
        );
    }
    s.push_str("</g>");
}

fn legend(s: &mut String, r: Rect) {
    let _ = write!(
        s,
        r#"<g class="fs-legend"><title>Legend</title><text class="fs-legend-title" x="{}" y="{}">Legend</text>"#,
        r.x + 4,
        r.y + 16
    );
    let per = legend_per_row(r.width);
    for (i, (sample, text)) in LEGEND.iter().enumerate() {
        let i = i32::try_from(i).unwrap_or(0);
        let x0 = r.x + 4 + (i % per) * LEGEND_ITEM_W;
        let y0 = r.y + LEGEND_TITLE_H + (i / per) * LEGEND_ROW_H;
        let mid = y0 + 8;
        let _ = match sample {
            Sample::Box(cat) => write!(
                s,
                r#"<rect class="fs-swatch fs-cat-{cat}" x="{x0}" y="{}" width="36" height="16" rx="4"/>"#,
                y0
            ),
            Sample::Line(line) => {
                let (class, marker) = match line {
                    Line::Request => ("fs-traffic", "traffic"),
                    Line::Outbound => ("fs-traffic fs-traffic-out", "out"),
                    Line::Message => ("fs-traffic fs-traffic-message", "message"),
                };
                write!(
                    s,
                    r#"<polyline class="{class}" points="{x0},{mid} {},{mid}" marker-end="url(#fs-arrow-{marker})"/>"#,
                    x0 + 36
                )
            }
            Sample::Reference => write!(
                s,
                r#"<polyline class="fs-ref" points="{x0},{mid} {},{mid}" marker-end="url(#fs-arrow-ref)"/>"#,
                x0 + 36
            ),
        };
        let _ = write!(
            s,
            r#"<text x="{}" y="{}">{}</text>"#,
            x0 + 46,
            mid + 4,
            x(text)
        );
    }
    s.push_str("</g>");
}
