//! The SVG export: self-contained (inline style, no external references or scripts), with a
//! `<title>` on every group, node and edge for hover text, and `data-id` on each node's `<g>`
//! so a page can map a click to the resource. Classes are prefixed `fs-` so the picture can be
//! inlined into a page without its style leaking into the page's or the other way round.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::{clip, escape_xml as x};
use super::{Edge, EdgeFamily, Group, Node, NodeKind, Point, Topology, View};

/// Fill and stroke per family of resource.
fn colours(kind: NodeKind) -> (&'static str, &'static str) {
    use NodeKind::*;
    match kind {
        Internet | ImageRegistry => ("#ffffff", "#2c3e50"),
        Parameter => ("#f4f6f6", "#707b7c"),
        Vpc
        | InternetGateway
        | GatewayAttachment
        | Subnet
        | RouteTable
        | Route
        | RouteTableAssociation
        | ElasticIp
        | NatGateway => ("#eaf2fb", "#2e6db4"),
        SecurityGroup | SecurityGroupRule | Role => ("#fdeeee", "#b03a2e"),
        LoadBalancer | Listener | ListenerRule | TargetGroup => ("#f4ecfb", "#7d3c98"),
        Cluster | CapacityProviders | TaskDefinition | Service | ScalableTarget | ScalingPolicy => {
            ("#fff3e0", "#c25e00")
        }
        LogGroup | Repository | Bucket | BucketPolicy | DbSubnetGroup | Database => {
            ("#eaf7ef", "#1e8449")
        }
        HttpApi | VpcLink | ApiIntegration | ApiRoute | ApiStage => ("#fdf7e3", "#9a7d0a"),
        Queue | Schedule | Namespace => ("#eef6f8", "#1f6f8b"),
        Certificate | DnsRecord | ApiDomain | ApiMapping => ("#eef0fb", "#3949ab"),
        WebAcl | WebAclAssociation => ("#fdeeee", "#b03a2e"),
        EncryptionKey | Topic | Subscription | Alarm | Dashboard => ("#fef5e7", "#9c640c"),
    }
}

const STYLE: &str = "\
.fs-bg{fill:#ffffff}\
.fs-group>rect{fill:none;stroke:#99a3a4;stroke-width:1}\
.fs-group-vpc>rect{stroke:#2e6db4;stroke-width:1.5;fill:#fbfdff}\
.fs-group-availabilityZone>rect{stroke:#5d6d7e;stroke-dasharray:6 4}\
.fs-group-subnet>rect{fill:#f7fbf7;stroke:#58a55c}\
.fs-group-regional>rect,.fs-group-parameters>rect{stroke:#aab7b8;stroke-dasharray:2 3}\
.fs-group>text{fill:#34495e;font-size:11px;font-weight:600}\
.fs-node>rect{stroke-width:1.2}\
.fs-node .fs-label{font-size:11px;font-weight:600;fill:#1b2631}\
.fs-node .fs-detail{font-size:10px;fill:#566573}\
.fs-workload-backend>rect{fill:#fdebd0;stroke-width:2}\
.fs-workload-worker>rect{fill:#e8f6f3;stroke:#117a65;stroke-dasharray:6 3}\
.fs-workload-job>rect{fill:#f5eef8;stroke:#6c3483;stroke-dasharray:2 2}\
.fs-placement>rect{stroke-width:1;stroke-dasharray:4 2}\
.fs-placement text{font-size:10px;fill:#1b2631}\
.fs-ref{fill:none;stroke:#b2babb;stroke-width:0.8;stroke-dasharray:3 3;opacity:0.7}\
.fs-ref-dependsOn{stroke-dasharray:1 3}\
.fs-traffic{fill:none;stroke:#c0392b;stroke-width:2}\
.fs-traffic-out{stroke:#e59866;stroke-width:1.2}\
.fs-traffic-message{stroke:#1f6f8b;stroke-width:1.6;stroke-dasharray:7 3}\
.fs-edge-label rect{fill:#ffffff;stroke:#c0392b;stroke-width:0.6}\
.fs-edge-label text{font-size:10px;fill:#922b21}\
.fs-edge-label-message rect{stroke:#1f6f8b}\
.fs-edge-label-message text{fill:#154360}\
.fs-arrow-traffic{fill:#c0392b}\
.fs-arrow-message{fill:#1f6f8b}\
.fs-arrow-ref{fill:#b2babb}\
g[data-id]{cursor:pointer}";

pub(super) fn render(t: &Topology) -> String {
    if t.view == View::Architecture {
        return super::svg_architecture::render(t);
    }
    let mut s = String::with_capacity(64 * 1024 + t.nodes.len() * 600 + t.edges.len() * 300);
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img" class="fs-topology">"#,
        w = t.width,
        h = t.height
    );
    let _ = write!(s, "<title>{}</title>", x(&t.title));
    let _ = write!(s, "<style>{STYLE}</style>");
    s.push_str(concat!(
        "<defs>",
        r#"<marker id="fs-arrow-traffic" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="fs-arrow-traffic" d="M0,0 L10,5 L0,10 z"/></marker>"#,
        r#"<marker id="fs-arrow-message" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="fs-arrow-message" d="M0,0 L10,5 L0,10 z"/></marker>"#,
        r#"<marker id="fs-arrow-ref" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path class="fs-arrow-ref" d="M0,0 L10,5 L0,10 z"/></marker>"#,
        "</defs>"
    ));
    let _ = write!(
        s,
        r#"<rect class="fs-bg" width="{}" height="{}"/>"#,
        t.width, t.height
    );

    s.push_str(r#"<g class="fs-groups">"#);
    for g in &t.groups {
        let r = g.rect;
        let chars = usize::try_from(r.width / 7).unwrap_or(10).max(10);
        group(&mut s, g, 6, (r.x + 8, r.y + 15), chars);
    }
    s.push_str("</g>");

    // Outbound traffic (to NAT and internet gateways, the registry, the internet) is drawn
    // lighter than the request path: with many services it is most of the traffic edges.
    // Messages (to and from queues) and scheduled runs are drawn as their own kind of line.
    // A map built by insertion: collecting into one would compile a sort for this one use.
    let style = line_styles(t);

    s.push_str(r#"<g class="fs-edges fs-references">"#);
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Reference) {
        edge(&mut s, e, Line::Request);
    }
    s.push_str("</g>");

    s.push_str(r#"<g class="fs-nodes">"#);
    for n in &t.nodes {
        node(&mut s, n);
    }
    s.push_str("</g>");

    s.push_str(r#"<g class="fs-edges fs-traffic-edges">"#);
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Traffic) {
        edge(&mut s, e, style(e));
    }
    s.push_str("</g></svg>\n");
    s
}

/// One group's box: its title (hover text), its outline with corner radius `rx`, and its
/// label at `at`, clipped to `chars` characters. Both views draw groups this way.
pub(super) fn group(s: &mut String, g: &Group, rx: i32, at: (i32, i32), chars: usize) {
    let r = g.rect;
    let _ = write!(
        s,
        r#"<g class="fs-group fs-group-{kind}" data-group="{id}"{res}><title>{label}</title><rect x="{}" y="{}" width="{}" height="{}" rx="{rx}"/><text x="{}" y="{}">{text}</text></g>"#,
        r.x,
        r.y,
        r.width,
        r.height,
        at.0,
        at.1,
        kind = g.kind.as_str(),
        id = x(&g.id),
        res = g
            .resource
            .as_ref()
            .map(|id| format!(r#" data-resource="{}""#, x(id)))
            .unwrap_or_default(),
        label = x(&g.label),
        text = x(&clip(&g.label, chars)),
    );
}

/// How each traffic edge of `t` is drawn, from the kinds of its ends.
pub(super) fn line_styles(t: &Topology) -> impl Fn(&Edge) -> Line + '_ {
    let mut kinds: BTreeMap<&str, NodeKind> = BTreeMap::new();
    for n in &t.nodes {
        kinds.insert(n.id.as_str(), n.kind);
    }
    move |e: &Edge| {
        let kind = |id: &str| kinds.get(id).copied();
        let (from, to) = (kind(&e.from), kind(&e.to));
        if matches!(from, Some(NodeKind::Queue | NodeKind::Schedule)) || to == Some(NodeKind::Queue)
        {
            Line::Message
        } else if matches!(
            to,
            Some(
                NodeKind::NatGateway
                    | NodeKind::InternetGateway
                    | NodeKind::ImageRegistry
                    | NodeKind::Internet
            )
        ) {
            Line::Outbound
        } else {
            Line::Request
        }
    }
}

fn node(s: &mut String, n: &Node) {
    let (fill, stroke) = colours(n.kind);
    let r = n.rect;
    let hover = match &n.resource_type {
        Some(t) => format!("{} ({t})\n{}\n{}", n.id, n.label, n.detail),
        None => format!("{}\n{}", n.label, n.detail),
    };
    // The space between the label and the detail keeps them two words when the node's text
    // is read as one run (assistive tech, axe's label-content-name check).
    let _ = write!(
        s,
        r#"<g class="fs-node fs-kind-{kind}{workload}" data-id="{id}"><title>{hover}</title><rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{fill}" stroke="{stroke}"/><text class="fs-label" x="{}" y="{}">{label}</text> <text class="fs-detail" x="{}" y="{}">{detail}</text></g>"#,
        r.x,
        r.y,
        r.width,
        r.height,
        r.x + 6,
        r.y + 16,
        r.x + 6,
        r.y + 31,
        kind = n.kind.as_str(),
        workload = n
            .workload
            .map(|w| format!(" fs-workload-{}", w.as_str()))
            .unwrap_or_default(),
        id = x(&n.id),
        hover = x(hover.trim_end()),
        label = x(&clip(&n.label, 24)),
        detail = x(&clip(&n.detail, 27)),
    );
    for p in &n.placements {
        let r = p.rect;
        let _ = write!(
            s,
            r#"<g class="fs-placement fs-kind-{kind}" data-id="{id}"><title>{title}</title><rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="{fill}" stroke="{stroke}"/><text x="{}" y="{}">{label}</text></g>"#,
            r.x,
            r.y,
            r.width,
            r.height,
            r.x + 8,
            r.y + r.height / 2 + 4,
            kind = n.kind.as_str(),
            id = x(&n.id),
            title = x(&format!(
                "{}: {} in {}",
                n.id,
                p.label,
                p.group.trim_start_matches("group:")
            )),
            label = x(&clip(&p.label, 26)),
        );
    }
}

pub(super) fn points(pts: &[Point]) -> String {
    let mut s = String::with_capacity(pts.len() * 10);
    for (i, p) in pts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{},{}", p.x, p.y);
    }
    s
}

/// How a traffic edge is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// The request path (and calls between services).
    Request,
    /// Out to gateways, the registry, the internet.
    Outbound,
    /// Messages to and from queues, and scheduled runs.
    Message,
}

fn edge(s: &mut String, e: &Edge, line: Line) {
    if e.points.len() < 2 {
        return;
    }
    let (class, marker) = match (e.family, line) {
        (EdgeFamily::Reference, _) => {
            (format!("fs-ref fs-ref-{}", e.kind.as_str()), "fs-arrow-ref")
        }
        (EdgeFamily::Traffic, Line::Outbound) => {
            ("fs-traffic fs-traffic-out".to_owned(), "fs-arrow-traffic")
        }
        (EdgeFamily::Traffic, Line::Message) => (
            "fs-traffic fs-traffic-message".to_owned(),
            "fs-arrow-message",
        ),
        (EdgeFamily::Traffic, Line::Request) => ("fs-traffic".to_owned(), "fs-arrow-traffic"),
    };
    let _ = write!(
        s,
        r#"<g class="fs-edge" data-from="{from}" data-to="{to}"><title>{from} → {to}: {label}&#10;{detail}</title><polyline class="{class}" points="{pts}" marker-end="url(#{marker})"/>"#,
        from = x(&e.from),
        to = x(&e.to),
        label = x(&e.label),
        detail = x(&e.detail),
        pts = points(&e.points),
    );
    if let (EdgeFamily::Traffic, Some(at)) = (e.family, e.label_at) {
        let text = clip(&e.label, 32);
        let w = i32::try_from(text.chars().count()).unwrap_or(32) * 6 + 8;
        let _ = write!(
            s,
            r#"<g class="fs-edge-label{}"><rect x="{}" y="{}" width="{w}" height="14" rx="3"/><text x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            if line == Line::Message {
                " fs-edge-label-message"
            } else {
                ""
            },
            at.x - w / 2,
            at.y - 7,
            at.x,
            at.y + 4,
            x(&text)
        );
    }
    s.push_str("</g>");
}
