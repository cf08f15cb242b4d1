//! The architecture view: every logical id of the template is a box or folded into exactly
//! one box (for every preset and for generated configs), the seed fits in about 20 boxes, and
//! the drawing is readable: no two boxes overlap, no edge crosses a box, no edge label covers
//! a box, a group's label or another edge label, text is at least 12 px and the seed at most
//! 1100 px wide, a legend, no hard-coded white, and SVG, DOT and Mermaid exports that parse.

// Native only: the generated configs come from the proptest strategy.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod strategy;

use std::collections::{BTreeMap, BTreeSet};

use fargate_stack::topology::{
    architecture, topology, view, EdgeFamily, GroupKind, NodeKind, Rect, Topology, View,
    IMAGE_REGISTRY, INTERNET,
};
use fargate_stack::{generate, Config, Template, PRESETS};

fn preset(name: &str) -> Template {
    generate(&Config::preset(name).unwrap()).unwrap()
}

/// Every parameter and resource of the template is a node or a member of exactly one node,
/// members name only logical ids of the template, and a node never lists itself.
fn check_folding(name: &str, template: &Template, t: &Topology) {
    let ids: BTreeSet<String> = template
        .parameters()
        .map(|(id, _)| id.to_string())
        .chain(template.resources().map(|(id, _)| id.to_string()))
        .collect();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for n in &t.nodes {
        if ids.contains(&n.id) {
            assert!(
                seen.insert(&n.id, &n.id).is_none(),
                "{name}: {} drawn twice",
                n.id
            );
        } else {
            assert!(
                n.id == INTERNET || n.id == IMAGE_REGISTRY,
                "{name}: node {} is not in the template",
                n.id
            );
        }
    }
    for n in &t.nodes {
        for m in &n.members {
            assert!(ids.contains(m), "{name}: {} folds unknown {m}", n.id);
            assert_ne!(m, &n.id, "{name}: {} folds itself", n.id);
            if let Some(other) = seen.insert(m, &n.id) {
                panic!("{name}: {m} is in both {other} and {}", n.id);
            }
        }
    }
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !seen.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{name}: not in the picture: {missing:?}"
    );
    for id in &ids {
        assert!(t.owner(id).is_some(), "{name}: no owner for {id}");
    }
}

/// Interiors of an axis-aligned segment and a rectangle intersect.
fn segment_crosses(a: (i32, i32), b: (i32, i32), r: &Rect) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    if x0 == x1 {
        r.x < x0 && x0 < r.right() && y0 < r.bottom() && r.y < y1
    } else {
        r.y < y0 && y0 < r.bottom() && x0 < r.right() && r.x < x1
    }
}

/// The room a group's label takes, as the SVG draws it (12 px text at the top left).
fn group_label(t: &Topology, id: &str) -> Rect {
    let svg = t.to_svg();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let g = doc
        .descendants()
        .find(|n| n.attribute("data-group") == Some(id))
        .unwrap();
    let text = g.children().find(|c| c.has_tag_name("text")).unwrap();
    let chars = text.text().unwrap_or("").chars().count() as i32;
    let x: i32 = text.attribute("x").unwrap().parse().unwrap();
    let y: i32 = text.attribute("y").unwrap().parse().unwrap();
    Rect {
        x,
        y: y - 13,
        width: chars * 7,
        height: 16,
    }
}

/// Boxes apart and on the page, inside their groups; edges orthogonal and clear of every box
/// but their own; labels clear of boxes, group labels, the legend and each other.
fn check_geometry(name: &str, t: &Topology) {
    let page = Rect {
        x: 0,
        y: 0,
        width: t.width,
        height: t.height,
    };
    let mut boxes: Vec<(&str, Rect)> = Vec::new();
    for n in &t.nodes {
        assert!(n.rect.width > 0, "{name}: {} not placed", n.id);
        assert!(page.contains(&n.rect), "{name}: {} off the page", n.id);
        boxes.push((&n.id, n.rect));
        if let Some(g) = &n.group {
            assert!(
                t.group(g).unwrap().rect.contains(&n.rect),
                "{name}: {} outside {g}",
                n.id
            );
        }
        for p in &n.placements {
            let g = t.group(&p.group).unwrap();
            assert_eq!(g.kind, GroupKind::Subnet, "{name}: {}", n.id);
            assert!(g.rect.contains(&p.rect), "{name}: {} chip outside", n.id);
            boxes.push((&n.id, p.rect));
        }
    }
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: {a} overlaps {b}");
        }
    }
    let legend = t.legend.expect("the architecture view has a legend");
    assert!(page.contains(&legend), "{name}: legend off the page");
    for g in &t.groups {
        assert!(
            !g.rect.overlaps(&legend),
            "{name}: {} over the legend",
            g.id
        );
    }
    let group_labels: Vec<(String, Rect)> = t
        .groups
        .iter()
        .map(|g| (g.id.clone(), group_label(t, &g.id)))
        .collect();
    let mut labels: Vec<(String, Rect)> = Vec::new();
    for e in &t.edges {
        let from = t.node(&e.from).unwrap();
        let to = t.node(&e.to).unwrap();
        assert!(
            e.points.len() >= 2,
            "{name}: {} -> {} unrouted",
            e.from,
            e.to
        );
        for w in e.points.windows(2) {
            let (a, b) = ((w[0].x, w[0].y), (w[1].x, w[1].y));
            assert!(a.0 == b.0 || a.1 == b.1, "{name}: diagonal");
            for (id, r) in &boxes {
                let own = (*id == e.from && *r == from.rect) || (*id == e.to && *r == to.rect);
                assert!(
                    own || !segment_crosses(a, b, r),
                    "{name}: {} -> {} crosses {id}",
                    e.from,
                    e.to
                );
            }
        }
        let Some(r) = t.label_rect(e) else { continue };
        let what = format!("label {:?} of {} -> {}", e.label, e.from, e.to);
        assert!(page.contains(&r), "{name}: {what} off the page");
        assert!(!r.overlaps(&legend), "{name}: {what} over the legend");
        for (id, b) in &boxes {
            assert!(!r.overlaps(b), "{name}: {what} covers {id}");
        }
        for (id, b) in &group_labels {
            assert!(!r.overlaps(b), "{name}: {what} covers the label of {id}");
        }
        for (other, b) in &labels {
            assert!(!r.overlaps(b), "{name}: {what} overlaps {other}");
        }
        labels.push((what, r));
    }
}

/// The SVG parses, names every node, keeps text at 12 px or more, has a legend, and leaves
/// its background and text colours to the page.
fn check_svg(name: &str, t: &Topology) -> String {
    let svg = t.to_svg();
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("fs-node "))
        })
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    for n in &t.nodes {
        assert!(
            ids.contains(n.id.as_str()),
            "{name}: no data-id for {}",
            n.id
        );
    }
    let mut sizes = svg.split("font-size:").skip(1).map(|rest| {
        rest.split("px")
            .next()
            .unwrap()
            .parse::<f32>()
            .unwrap_or_else(|_| panic!("{name}: font size {rest:.20}"))
    });
    assert!(sizes.all(|px| px >= 12.0), "{name}: text under 12 px");
    assert!(
        !svg.contains("font-size=\""),
        "{name}: a size outside the style"
    );
    let lower = svg.to_ascii_lowercase();
    for white in ["#fff\"", "#fff;", "#ffffff", "white", "fill=\"#"] {
        assert!(!lower.contains(white), "{name}: hard-coded colour {white}");
    }
    assert!(
        svg.contains("currentColor"),
        "{name}: text follows the page"
    );
    let legend = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("fs-legend"))
        .unwrap_or_else(|| panic!("{name}: no legend"));
    let text: String = legend
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    for words in [
        "Request traffic",
        "Messages and scheduled runs",
        "Reference",
        "Service",
    ] {
        assert!(text.contains(words), "{name}: legend lacks {words}: {text}");
    }
    svg
}

fn check_all(name: &str, template: &Template) -> Topology {
    let t = architecture(template);
    assert_eq!(t.view, View::Architecture);
    check_folding(name, template, &t);
    check_geometry(name, &t);
    check_svg(name, &t);
    let mermaid = t.to_mermaid();
    assert!(mermaid.starts_with("flowchart TB\n"), "{name}");
    assert!(t.to_dot().starts_with("digraph topology {\n"), "{name}");
    assert_eq!(t, architecture(template), "{name}: not deterministic");
    assert_eq!(t, view(template, View::Architecture));
    assert_eq!(topology(template), view(template, View::All));
    t
}

/// How many boxes each preset draws in each view, and the architecture view's limits.
#[test]
fn every_preset_folds_every_logical_id_into_a_readable_picture() {
    for (name, _) in PRESETS {
        let template = preset(name);
        let t = check_all(name, &template);
        let all = topology(&template);
        // Seven services and queues or three routed services take a few more boxes.
        let limit = match name {
            "microservices" | "worker-and-jobs" => 24,
            _ => 20,
        };
        println!(
            "{name}: {} boxes, {} edges, {}x{} (all resources: {} boxes, {} edges)",
            t.nodes.len(),
            t.edges.len(),
            t.width,
            t.height,
            all.nodes.len(),
            all.edges.len()
        );
        assert!(t.nodes.len() <= limit, "{name}: {} boxes", t.nodes.len());
        assert!(t.nodes.len() < all.nodes.len() / 2, "{name}");
    }
}

#[test]
fn seed_is_about_twenty_boxes_and_fits_the_designer() {
    let t = architecture(&preset("seed"));
    assert!(t.nodes.len() <= 20, "{}", t.nodes.len());
    assert!(t.width <= 1100, "seed is {} px wide", t.width);
    // The request path and the way out, boxes to boxes.
    let traffic: Vec<(&str, &str, &str)> = t
        .edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_str()))
        .collect();
    for expected in [
        (INTERNET, "LoadBalancer", "HTTP :80"),
        ("LoadBalancer", "FlaskService", "HTTP :80 default"),
        ("FlaskService", "NatGateway1", "HTTPS :443"),
        ("NatGateway1", INTERNET, "0.0.0.0/0"),
        ("FlaskService", IMAGE_REGISTRY, "image pull HTTPS :443"),
    ] {
        assert!(
            traffic.contains(&expected),
            "{expected:?} not in {traffic:?}"
        );
    }
    // Every traffic label found a free spot; the same text into the same box is said once.
    let mut said = BTreeSet::new();
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Traffic) {
        let first = said.insert((e.to.as_str(), e.label.as_str()));
        assert_eq!(
            e.label_at.is_some(),
            first,
            "{} -> {} {}",
            e.from,
            e.to,
            e.label
        );
    }
    let service = t.node("FlaskService").unwrap();
    for part in [
        "FlaskTaskDefinition",
        "FlaskTaskRole",
        "FlaskLogGroup",
        "FlaskTargetGroup",
        "FlaskSecurityGroup",
        "FlaskImageTag",
        "FlaskDesiredCount",
    ] {
        assert!(
            service.members.iter().any(|m| m == part),
            "{part}: {:?}",
            service.members
        );
    }
    let lb = t.node("LoadBalancer").unwrap();
    for part in [
        "HttpListener",
        "LoadBalancerSecurityGroup",
        "LoadBalancerToFlaskEgress",
    ] {
        assert!(
            lb.members.iter().any(|m| m == part),
            "{part}: {:?}",
            lb.members
        );
    }
    assert_eq!(
        t.node("NatGateway1").unwrap().members,
        [
            "NatGateway1Eip",
            "PrivateRouteTable1",
            "PrivateDefaultRoute1",
            "PrivateSubnet1RouteTableAssociation"
        ]
    );
    assert_eq!(t.owner("PublicSubnet1").unwrap().id, "Vpc");
    assert_eq!(t.owner("InternetGateway").unwrap().id, "Vpc");
    assert_eq!(t.owner("FlaskRepository").unwrap().id, IMAGE_REGISTRY);
    // One service: its execution role is its own (with several it is the cluster's).
    assert_eq!(t.owner("TaskExecutionRole").unwrap().id, "FlaskService");
    let micro = architecture(&preset("microservices"));
    assert_eq!(micro.owner("TaskExecutionRole").unwrap().id, "Cluster");
    // The zones and subnets stay as bands, the tasks and load balancer nodes inside them.
    assert_eq!(
        t.groups
            .iter()
            .filter(|g| g.kind == GroupKind::AvailabilityZone)
            .count(),
        2
    );
    let chips: Vec<&str> = service
        .placements
        .iter()
        .map(|p| p.group.as_str())
        .collect();
    assert_eq!(chips, ["group:PrivateSubnet1", "group:PrivateSubnet2"]);
    assert_eq!(
        t.node("NatGateway1").unwrap().group.as_deref(),
        Some("group:PublicSubnet1")
    );
}

#[test]
fn other_presets_fold_what_serves_each_box() {
    let t = architecture(&preset("private-api"));
    let traffic: Vec<(&str, &str)> = t
        .edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    for pair in [
        (INTERNET, "HttpApi"),
        ("HttpApi", "VpcLink"),
        ("VpcLink", "LoadBalancer"),
        ("LoadBalancer", "ApiService"),
    ] {
        assert!(traffic.contains(&pair), "{pair:?} in {traffic:?}");
    }
    let api = t.node("HttpApi").unwrap();
    for part in [
        "HttpApiIntegration",
        "HttpApiDefaultRoute",
        "HttpApiStage",
        "HttpApiAccessLogGroup",
    ] {
        assert!(
            api.members.iter().any(|m| m == part),
            "{part}: {:?}",
            api.members
        );
    }
    assert_eq!(t.owner("VpcLinkSecurityGroup").unwrap().id, "VpcLink");

    let t = architecture(&preset("production"));
    let lb = t.node("LoadBalancer").unwrap();
    for part in [
        "HttpsListener",
        "AccessLogsBucket",
        "AccessLogsBucketPolicy",
        "Certificate",
        "ShopExampleComRecord",
        "HostedZoneId",
    ] {
        assert!(
            lb.members.iter().any(|m| m == part),
            "{part}: {:?}",
            lb.members
        );
    }
    let app = t.node("AppService").unwrap();
    for part in ["AppScalableTarget", "AppCpuScaling", "AppRequestsScaling"] {
        assert!(
            app.members.iter().any(|m| m == part),
            "{part}: {:?}",
            app.members
        );
    }

    // The web ACL stands between the internet and the load balancer; monitoring gathers on
    // the alarm topic.
    let acl = t.node("WebAcl").unwrap();
    assert_eq!(acl.members, ["WebAclAssociation"]);
    assert_eq!(acl.group, None, "drawn with the internet, above the VPC");
    let traffic: Vec<(&str, &str)> = t
        .edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert!(traffic.contains(&(INTERNET, "WebAcl")), "{traffic:?}");
    assert!(traffic.contains(&("WebAcl", "LoadBalancer")), "{traffic:?}");
    assert!(
        !traffic.contains(&(INTERNET, "LoadBalancer")),
        "{traffic:?}"
    );
    let topic = t.node("AlarmTopic").unwrap();
    for part in [
        "AlarmTopicKey",
        "AlarmEmailSubscription",
        "AlarmEmail",
        "AppCpuAlarm",
        "LoadBalancer5xxAlarm",
        "Dashboard",
    ] {
        assert!(
            topic.members.iter().any(|m| m == part),
            "{part}: {:?}",
            topic.members
        );
    }

    let t = architecture(&preset("worker-and-jobs"));
    // The dead-letter queues fold into what feeds them; the job is its task definition.
    assert_eq!(t.owner("MailerDeadLetterQueue").unwrap().id, "MailerQueue");
    assert_eq!(
        t.owner("NightlyReportScheduleDeadLetterQueue").unwrap().id,
        "NightlyReportSchedule"
    );
    assert_eq!(
        t.owner("NightlyReportSchedulerRole").unwrap().id,
        "NightlyReportSchedule"
    );
    assert_eq!(
        t.owner("NightlyReportSecurityGroup").unwrap().id,
        "NightlyReportTaskDefinition"
    );
    assert_eq!(t.owner("MailerBacklogScaling").unwrap().id, "MailerService");
    assert_eq!(t.owner("ServiceConnectNamespace").unwrap().id, "Cluster");
    let kinds: BTreeSet<NodeKind> = t.nodes.iter().map(|n| n.kind).collect();
    assert!(kinds.contains(&NodeKind::Queue) && kinds.contains(&NodeKind::Schedule));
    let traffic: Vec<(&str, &str)> = t
        .edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    for pair in [
        ("ApiService", "OrdersService"),
        ("MailerQueue", "MailerService"),
        ("NightlyReportSchedule", "NightlyReportTaskDefinition"),
    ] {
        assert!(traffic.contains(&pair), "{pair:?} in {traffic:?}");
    }

    let t = architecture(&preset("existing-vpc"));
    let vpc = t.node("VpcId").unwrap();
    assert!(
        vpc.members.iter().any(|m| m == "PublicSubnetIds"),
        "{:?}",
        vpc.members
    );
    assert!(t.group("group:PublicSubnetIds").is_some());
}

/// Property-generated configs (the strategy the invariant tests use) keep every rule.
#[test]
fn generated_configs_fold_every_logical_id_and_keep_the_layout_rules() {
    for (i, config) in strategy::configs(60, 0x7090_0017).iter().enumerate() {
        let template = generate(config).unwrap_or_else(|e| panic!("config {i}: {e:?}"));
        check_all(&format!("generated {i}"), &template);
    }
}

#[test]
fn seed_architecture_snapshot() {
    let t = architecture(&preset("seed"));
    // A compact text form: each box with what it holds, then the edges.
    let mut text = String::new();
    for n in &t.nodes {
        text.push_str(&format!(
            "{} [{}] {:?} \"{}\" / \"{}\"\n",
            n.id,
            n.kind.as_str(),
            n.group.as_deref().unwrap_or("-"),
            n.label,
            n.detail
        ));
        if !n.members.is_empty() {
            text.push_str(&format!("    includes: {}\n", n.members.join(", ")));
        }
    }
    for e in &t.edges {
        text.push_str(&format!(
            "{} -> {} ({:?}) {}\n",
            e.from, e.to, e.family, e.label
        ));
    }
    insta::assert_snapshot!("seed-architecture", text);
    insta::assert_snapshot!("seed-architecture-mermaid", t.to_mermaid());
}

/// Graphviz renders every preset's architecture DOT (skipped when `dot` is not installed),
/// and a description full of markup stays text in every export.
#[test]
fn exports_render_and_keep_user_text_inert() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dot_installed = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let attack = "<script>alert(1)</script> & \"quotes\" ]) --> end";
    let mut config = Config::preset("microservices").unwrap();
    config.services[0].path_patterns = vec!["/a&b\"c'd/*".into()];
    let mut hostile = generate(&config).unwrap();
    hostile.description = attack.to_owned();
    let mut templates: Vec<(String, Template)> = PRESETS
        .iter()
        .map(|(name, _)| ((*name).to_owned(), preset(name)))
        .collect();
    templates.push(("hostile".to_owned(), hostile));
    for (name, template) in &templates {
        let t = architecture(template);
        let svg = check_svg(name, &t);
        assert!(!svg.contains("<script"), "{name}: raw markup");
        for line in t.to_mermaid().lines() {
            assert_eq!(line.matches('"').count() % 2, 0, "{name}: {line}");
        }
        if !dot_installed {
            continue;
        }
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(t.to_dot().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: dot failed: {stderr}");
        assert!(!stderr.contains("syntax error"), "{name}: {stderr}");
    }
}

/// Writes every preset's architecture SVG for looking at:
/// `cargo test -p fargate-stack --test topology_architecture -- --ignored dump`, then open
/// `target/tmp/architecture/*.svg`.
#[test]
#[ignore]
fn dump() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("architecture");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, _) in PRESETS {
        let t = architecture(&preset(name));
        std::fs::write(dir.join(format!("{name}.svg")), t.to_svg()).unwrap();
    }
    println!("wrote {}", dir.display());
}
