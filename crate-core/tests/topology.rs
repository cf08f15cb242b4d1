//! The topology: its reference edges agree with the template JSON (read independently), its
//! traffic edges follow the listeners, security groups and routes, its layout keeps boxes
//! apart and inside their groups, and its exports parse (SVG as XML, DOT through Graphviz
//! when installed) with user text rendered inert.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use fargate_stack::config::{
    ApiGateway, AutoScaling, Bucket, BucketAccess, Database, NatGateways, Scheme, Service,
};
use fargate_stack::topology::{
    escape_dot, escape_mermaid, escape_xml, topology, EdgeFamily, EdgeKind, GroupKind, Rect,
    Topology, IMAGE_REGISTRY, INTERNET,
};
use fargate_stack::{generate, Config, Template, PRESETS};
use serde_json::Value;

type RefSet = BTreeSet<(String, String, &'static str)>;

/// Every reference in the template's JSON: `Ref`, `Fn::GetAtt`, `${}` in `Fn::Sub`, and
/// `DependsOn`, from each resource, ignoring pseudo parameters; read with the same walker the
/// invariant tests use, independently of the typed model.
fn json_refs(json: &str) -> RefSet {
    let t: Value = serde_json::from_str(json).unwrap();
    let mut out = RefSet::new();
    for (id, r) in t["Resources"].as_object().unwrap() {
        let mut found = Vec::new();
        common::collect_refs(&r["Properties"], &mut found);
        for (kind, name) in found {
            if name.starts_with("AWS::") {
                continue;
            }
            let kind = match kind.as_str() {
                "Ref" => "ref",
                "GetAtt" => "getAtt",
                _ => "sub",
            };
            out.insert((id.clone(), name, kind));
        }
        for d in common::depends_on(r) {
            out.insert((id.clone(), d.to_owned(), "dependsOn"));
        }
    }
    out
}

fn topology_refs(t: &Topology) -> RefSet {
    t.edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Reference)
        .map(|e| {
            let kind = match e.kind {
                EdgeKind::Ref => "ref",
                EdgeKind::GetAtt => "getAtt",
                EdgeKind::Sub => "sub",
                EdgeKind::DependsOn => "dependsOn",
                EdgeKind::Traffic => "traffic",
            };
            (e.from.clone(), e.to.clone(), kind)
        })
        .collect()
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

fn on_border(p: (i32, i32), r: &Rect) -> bool {
    let inside_x = r.x <= p.0 && p.0 <= r.right();
    let inside_y = r.y <= p.1 && p.1 <= r.bottom();
    (inside_x && (p.1 == r.y || p.1 == r.bottom()))
        || (inside_y && (p.0 == r.x || p.0 == r.right()))
}

/// The layout rules: every node placed, no two boxes overlap, each box inside its group,
/// child groups inside parents, sibling groups apart, edges clear of other boxes.
fn check_layout(name: &str, t: &Topology) {
    let page = Rect {
        x: 0,
        y: 0,
        width: t.width,
        height: t.height,
    };
    let mut boxes: Vec<(&str, Rect)> = Vec::new();
    for n in &t.nodes {
        assert!(
            n.rect.width > 0 && n.rect.height > 0,
            "{name}: {} not placed",
            n.id
        );
        assert!(page.contains(&n.rect), "{name}: {} off the page", n.id);
        boxes.push((&n.id, n.rect));
        if let Some(g) = &n.group {
            let group = t
                .group(g)
                .unwrap_or_else(|| panic!("{name}: {} in unknown group {g}", n.id));
            assert!(
                group.rect.contains(&n.rect),
                "{name}: {} outside its group {g}",
                n.id
            );
        }
        for p in &n.placements {
            let group = t.group(&p.group).unwrap();
            assert_eq!(
                group.kind,
                GroupKind::Subnet,
                "{name}: {} placed outside a subnet",
                n.id
            );
            assert!(
                group.rect.contains(&p.rect),
                "{name}: {} placement outside {}",
                n.id,
                p.group
            );
            boxes.push((&n.id, p.rect));
        }
    }
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: {a} overlaps {b}");
        }
    }
    for (i, g) in t.groups.iter().enumerate() {
        assert!(
            page.contains(&g.rect),
            "{name}: group {} off the page",
            g.id
        );
        if let Some(p) = &g.parent {
            let parent_at = t.groups.iter().position(|o| &o.id == p).unwrap();
            assert!(parent_at < i, "{name}: parent {p} listed after {}", g.id);
            assert!(
                t.groups[parent_at].rect.contains(&g.rect),
                "{name}: {} outside {p}",
                g.id
            );
        }
        for o in &t.groups[i + 1..] {
            if o.parent == g.parent {
                assert!(
                    !g.rect.overlaps(&o.rect),
                    "{name}: groups {} and {} overlap",
                    g.id,
                    o.id
                );
            }
        }
    }
    for e in &t.edges {
        let from = t.node(&e.from).unwrap();
        let to = t.node(&e.to).unwrap();
        assert!(
            e.points.len() >= 2,
            "{name}: {} -> {} has no route",
            e.from,
            e.to
        );
        let first = e.points.first().unwrap();
        let last = e.points.last().unwrap();
        assert!(
            on_border((first.x, first.y), &from.rect),
            "{name}: {} -> {} starts off its box",
            e.from,
            e.to
        );
        assert!(
            on_border((last.x, last.y), &to.rect),
            "{name}: {} -> {} ends off its box",
            e.from,
            e.to
        );
        for w in e.points.windows(2) {
            let (a, b) = ((w[0].x, w[0].y), (w[1].x, w[1].y));
            assert!(
                a.0 == b.0 || a.1 == b.1,
                "{name}: {} -> {} has a diagonal",
                e.from,
                e.to
            );
            for (id, r) in &boxes {
                let own = (*id == e.from && *r == from.rect) || (*id == e.to && *r == to.rect);
                assert!(
                    own || !segment_crosses(a, b, r),
                    "{name}: edge {} -> {} crosses {id}",
                    e.from,
                    e.to
                );
            }
        }
    }
}

/// Availability zones and subnets as the JSON says: one zone group per `Fn::Select` index,
/// each subnet group inside the zone its subnet names.
fn check_zones(name: &str, json: &str, t: &Topology) {
    let v: Value = serde_json::from_str(json).unwrap();
    let mut zones = BTreeSet::new();
    for (id, r) in v["Resources"].as_object().unwrap() {
        if r["Type"] != "AWS::EC2::Subnet" {
            continue;
        }
        let index = r["Properties"]["AvailabilityZone"]["Fn::Select"][0]
            .as_u64()
            .unwrap();
        zones.insert(index);
        let g = t
            .group(&format!("group:{id}"))
            .unwrap_or_else(|| panic!("{name}: no group for {id}"));
        assert_eq!(g.resource.as_deref(), Some(id.as_str()));
        assert_eq!(
            g.parent.as_deref(),
            Some(format!("group:az{}", index + 1).as_str()),
            "{name}: {id}"
        );
        assert!(
            t.node(id).unwrap().group.as_deref() == Some(g.id.as_str()),
            "{name}: {id} heads its own box"
        );
    }
    let az_groups = t
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::AvailabilityZone)
        .count();
    assert_eq!(az_groups, zones.len(), "{name}");
}

fn check_svg(name: &str, t: &Topology) -> String {
    let svg = t.to_svg();
    let doc =
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: SVG is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "script"),
        "{name}: script element"
    );
    assert!(
        doc.descendants().all(|n| n.tag_name().name() != "image"),
        "{name}: external image"
    );
    for n in doc.descendants() {
        for a in n.attributes() {
            assert!(
                !a.name().starts_with("on"),
                "{name}: event handler attribute"
            );
            if a.name() == "href" {
                assert!(
                    a.value().starts_with('#'),
                    "{name}: external reference {}",
                    a.value()
                );
            }
        }
    }
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("g")
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|c| c == "fs-node"))
        })
        .map(|n| {
            assert!(
                n.children().any(|c| c.has_tag_name("title")),
                "{name}: node without title"
            );
            n.attribute("data-id").unwrap()
        })
        .collect();
    for node in &t.nodes {
        assert!(
            ids.contains(node.id.as_str()),
            "{name}: no data-id for {}",
            node.id
        );
    }
    svg
}

fn dot_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn run_dot(name: &str, source: &str) {
    use std::io::Write;
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
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name}: dot failed: {stderr}");
    assert!(!stderr.contains("syntax error"), "{name}: {stderr}");
    let svg = String::from_utf8_lossy(&out.stdout);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(&svg, options).unwrap();
}

fn check_all(name: &str, template: &Template) -> Topology {
    let json = template.to_json();
    let t = topology(template);
    assert_eq!(
        topology_refs(&t),
        json_refs(&json),
        "{name}: reference edges differ from the JSON"
    );
    let resources: BTreeSet<String> = template.resources().map(|(id, _)| id.to_string()).collect();
    let nodes: BTreeSet<String> = t.nodes.iter().map(|n| n.id.clone()).collect();
    assert!(
        resources.is_subset(&nodes),
        "{name}: a resource has no node"
    );
    check_layout(name, &t);
    check_zones(name, &json, &t);
    check_svg(name, &t);
    assert_eq!(t, topology(template), "{name}: not deterministic");
    t
}

fn traffic(t: &Topology) -> Vec<(&str, &str, &str)> {
    t.edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_str()))
        .collect()
}

#[test]
fn every_preset_draws_every_reference_and_keeps_the_layout_rules() {
    for (name, _) in PRESETS {
        let template = generate(&Config::preset(name).unwrap()).unwrap();
        check_all(name, &template);
    }
}

/// Configs across the space the designer allows: 2 to 6 zones (named above 3), each NAT mode, 1 to 10
/// services with their own path patterns, HTTPS on and off, database, bucket, API in front.
fn generated_configs() -> Vec<(String, Config)> {
    let mut out = Vec::new();
    let mut k = 0u32;
    for az in 2..=6u32 {
        for nat in [NatGateways::PerAz, NatGateways::Single, NatGateways::None] {
            for n in [1u32, 2, 4, 7, 10] {
                k += 1;
                let mut c = Config::preset("seed").unwrap();
                c.name = format!("gen-{k}");
                c.network.az_count = az;
                // Above 3 zones the zones must be named: most regions have 3, so Fn::GetAZs
                // cannot be trusted for more.
                if az > 3 {
                    c.network.availability_zones = (0..az)
                        .map(|i| format!("us-east-1{}", char::from(b'a' + i as u8)))
                        .collect();
                }
                c.network.nat_gateways = nat;
                let bucket = k.is_multiple_of(4);
                c.services = (0..n)
                    .map(|i| Service {
                        name: format!("s{i}"),
                        image: (i % 2 == 1).then(|| "nginx:1.27".to_owned()),
                        container_port: 8000 + i,
                        path_patterns: if i + 1 == n {
                            vec!["/*".into()]
                        } else {
                            vec![format!("/s{i}/*")]
                        },
                        auto_scaling: k.is_multiple_of(3).then_some(AutoScaling {
                            min_count: 1,
                            max_count: 4,
                            cpu_target: Some(70),
                            requests_per_target: Some(500),
                            ..AutoScaling::default()
                        }),
                        bucket_access: if bucket {
                            BucketAccess::ReadWrite
                        } else {
                            BucketAccess::None
                        },
                        ..Service::default()
                    })
                    .collect();
                if k.is_multiple_of(2) {
                    c.load_balancer.certificate_arn =
                        Some("arn:aws:acm:us-east-1:123456789012:certificate/5f1c2a9e-0b7d-4c4e-9a51-3d2f8e6b7c10".into());
                }
                if k.is_multiple_of(3) {
                    c.database = Some(Database::default());
                }
                if bucket {
                    c.bucket = Some(Bucket { versioning: false });
                }
                if k.is_multiple_of(5) {
                    c.load_balancer.scheme = Scheme::Internal;
                    c.api_gateway = Some(ApiGateway::default());
                    // The API terminates TLS; the private load balancer stays on HTTP.
                    c.load_balancer.certificate_arn = None;
                }
                c.load_balancer.access_logs = k.is_multiple_of(7);
                out.push((format!("gen-{k} az={az} nat={nat:?} services={n}"), c));
            }
        }
    }
    out
}

#[test]
fn generated_configs_draw_every_reference_and_keep_the_layout_rules() {
    for (name, config) in generated_configs() {
        let template = generate(&config).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let t = check_all(&name, &template);
        let services = t
            .nodes
            .iter()
            .filter(|n| n.resource_type.as_deref() == Some("AWS::ECS::Service"));
        for s in services {
            // Each service's tasks show up in each subnet it runs in.
            assert_eq!(
                s.placements.len() as u32,
                config.network.az_count,
                "{name}: {}",
                s.id
            );
        }
    }
}

#[test]
fn seed_traffic_follows_listeners_security_groups_and_routes() {
    let t = topology(&generate(&Config::preset("seed").unwrap()).unwrap());
    let edges = traffic(&t);
    for expected in [
        (INTERNET, "LoadBalancer", "HTTP :80"),
        ("LoadBalancer", "FlaskTargetGroup", "HTTP :80 default"),
        ("FlaskTargetGroup", "FlaskService", "HTTP :80"),
        ("FlaskService", "NatGateway1", "HTTPS :443"),
        ("FlaskService", "NatGateway2", "HTTPS :443"),
        ("NatGateway1", "InternetGateway", "0.0.0.0/0"),
        ("NatGateway2", "InternetGateway", "0.0.0.0/0"),
        ("InternetGateway", INTERNET, "0.0.0.0/0"),
        ("FlaskService", IMAGE_REGISTRY, "image pull HTTPS :443"),
    ] {
        assert!(
            edges.contains(&expected),
            "missing {expected:?} in {edges:?}"
        );
    }
    assert_eq!(edges.len(), 9, "{edges:?}");
    let registry = t.node(IMAGE_REGISTRY).unwrap();
    assert_eq!(registry.detail, "Amazon ECR");
    // The load balancer has a node in each public subnet, the tasks an ENI in each private one.
    let lb = t.node("LoadBalancer").unwrap();
    let groups: Vec<&str> = lb.placements.iter().map(|p| p.group.as_str()).collect();
    assert_eq!(groups, ["group:PublicSubnet1", "group:PublicSubnet2"]);
    let svc = t.node("FlaskService").unwrap();
    let groups: Vec<&str> = svc.placements.iter().map(|p| p.group.as_str()).collect();
    assert_eq!(groups, ["group:PrivateSubnet1", "group:PrivateSubnet2"]);
    assert_eq!(
        t.node("NatGateway1").unwrap().group.as_deref(),
        Some("group:PublicSubnet1")
    );
    assert_eq!(
        t.node("Cluster").unwrap().group.as_deref(),
        Some("group:regional")
    );
    assert_eq!(
        t.node("FlaskRepository").unwrap().group.as_deref(),
        Some("group:regional")
    );
    let port = t
        .edges
        .iter()
        .find(|e| e.from == "FlaskTargetGroup" && e.to == "FlaskService")
        .unwrap();
    assert_eq!(
        (port.port, port.protocol.as_deref()),
        (Some(80), Some("HTTP"))
    );
}

#[test]
fn other_presets_traffic() {
    let edges_of = |name: &str| {
        let t = topology(&generate(&Config::preset(name).unwrap()).unwrap());
        traffic(&t)
            .into_iter()
            .map(|(a, b, l)| (a.to_owned(), b.to_owned(), l.to_owned()))
            .collect::<Vec<_>>()
    };
    let has = |edges: &[(String, String, String)], from: &str, to: &str, label: &str| {
        edges
            .iter()
            .any(|(a, b, l)| a == from && b == to && l == label)
    };
    let m = edges_of("microservices");
    assert!(
        has(&m, "LoadBalancer", "ApiTargetGroup", "HTTP :80 /api/*"),
        "{m:?}"
    );
    assert!(
        has(&m, "LoadBalancer", "AdminTargetGroup", "HTTP :80 /admin/*"),
        "{m:?}"
    );
    assert!(
        has(&m, "LoadBalancer", "WebTargetGroup", "HTTP :80 default"),
        "{m:?}"
    );
    assert!(
        has(&m, "ApiTargetGroup", "ApiService", "HTTP :8080"),
        "{m:?}"
    );
    assert!(
        has(&m, "WebService", "NatGateway1", "HTTPS :443"),
        "single NAT: {m:?}"
    );

    let d = edges_of("with-database");
    assert!(has(&d, "ApiService", "Database", "TCP :5432"), "{d:?}");

    let p = edges_of("private-api");
    assert!(has(&p, INTERNET, "HttpApi", "HTTPS :443"), "{p:?}");
    assert!(has(&p, "HttpApi", "VpcLink", "VPC link"), "{p:?}");
    assert!(has(&p, "VpcLink", "LoadBalancer", "HTTP :80"), "{p:?}");
    assert!(
        !p.iter()
            .any(|(a, b, _)| a == INTERNET && b == "LoadBalancer"),
        "internal ALB: {p:?}"
    );

    // Production's web ACL sits on the internet's way in: every request passes it first.
    let h = edges_of("production");
    assert!(has(&h, INTERNET, "WebAcl", "HTTP :80 (redirect)"), "{h:?}");
    assert!(has(&h, INTERNET, "WebAcl", "HTTPS :443"), "{h:?}");
    assert!(
        has(&h, "WebAcl", "LoadBalancer", "HTTPS :443 allowed"),
        "{h:?}"
    );
    assert!(
        !h.iter()
            .any(|(a, b, _)| a == INTERNET && b == "LoadBalancer"),
        "around the web ACL: {h:?}"
    );
    assert!(
        has(&h, "LoadBalancer", "AppTargetGroup", "HTTPS :443 default"),
        "{h:?}"
    );

    // No NAT: tasks sit in the public subnets and leave straight through the internet gateway.
    let n = edges_of("minimal");
    assert!(
        has(&n, "WebService", "InternetGateway", "HTTPS :443"),
        "{n:?}"
    );
    let t = topology(&generate(&Config::preset("minimal").unwrap()).unwrap());
    let groups: Vec<&str> = t
        .node("WebService")
        .unwrap()
        .placements
        .iter()
        .map(|p| p.group.as_str())
        .collect();
    assert_eq!(groups, ["group:PublicSubnet1", "group:PublicSubnet2"]);
    assert_eq!(t.node(IMAGE_REGISTRY).unwrap().detail, "public.ecr.aws");
}

#[test]
fn existing_vpc_draws_the_vpc_and_subnets_from_parameters() {
    let t = topology(&generate(&Config::preset("existing-vpc").unwrap()).unwrap());
    let vpc = t.group("group:vpc").unwrap();
    assert_eq!(vpc.resource.as_deref(), Some("VpcId"));
    assert!(
        vpc.label.contains("VpcId") && vpc.label.contains("vpc-0a1b2c3d4e5f60718"),
        "{}",
        vpc.label
    );
    assert_eq!(t.node("VpcId").unwrap().group.as_deref(), Some("group:vpc"));
    for p in ["PublicSubnetIds", "PrivateSubnetIds"] {
        let g = t.group(&format!("group:{p}")).unwrap();
        assert_eq!(
            (g.kind, g.parent.as_deref()),
            (GroupKind::Subnet, Some("group:vpc"))
        );
        assert_eq!(t.node(p).unwrap().group.as_deref(), Some(g.id.as_str()));
    }
    let lb = t.node("LoadBalancer").unwrap();
    assert_eq!(lb.placements.len(), 1);
    assert_eq!(lb.placements[0].group, "group:PublicSubnetIds");
}

#[test]
fn user_text_renders_inert_in_every_format() {
    let attack = "<script>alert(1)</script> & \"quotes\" 'single' \\N #quot; ]) --> end";
    assert_eq!(
        escape_xml("<script>alert(1)</script>"),
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    );
    // Inside a DOT string, no quote may stand unescaped.
    let dot = escape_dot(attack);
    let mut chars = dot.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => panic!("unescaped quote in {dot}"),
            _ => {}
        }
    }
    let m = escape_mermaid(attack);
    assert!(!m.contains(['"', '<', '>', '[', ']', '|']), "{m}");

    // A description with markup, and path patterns with every special character validation
    // lets through.
    let mut config = Config::preset("microservices").unwrap();
    config.services[0].path_patterns = vec!["/a&b\"c'd/*".into(), "/x?y$1@~:+".into()];
    let mut template = generate(&config).unwrap();
    template.description = attack.to_owned();
    let t = topology(&template);
    let svg = check_svg("attack", &t);
    assert!(!svg.contains("<script"), "raw markup in the SVG");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(
        title.text(),
        Some(attack),
        "the title reads back as the text it was given"
    );
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("/a&b\"c'd/*")),
        "{labels:?}"
    );

    let mermaid = t.to_mermaid();
    assert!(
        !mermaid.contains("<script") && !mermaid.contains("a&b"),
        "{mermaid}"
    );
    for line in mermaid.lines() {
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "unbalanced quotes: {line}"
        );
    }
    if dot_available() {
        run_dot("attack", &t.to_dot());
    } else {
        println!(
            "note: `dot` is not on PATH; skipped the Graphviz check (make test installs graphviz)"
        );
    }
}

#[test]
fn dot_output_renders_with_graphviz() {
    if !dot_available() {
        println!(
            "note: `dot` is not on PATH; skipped the Graphviz check (make test installs graphviz)"
        );
        return;
    }
    for (name, _) in PRESETS {
        let t = topology(&generate(&Config::preset(name).unwrap()).unwrap());
        run_dot(name, &t.to_dot());
    }
}

#[test]
fn topology_serialises_camel_case() {
    let t = topology(&generate(&Config::preset("seed").unwrap()).unwrap());
    let v = serde_json::to_value(&t).unwrap();
    let node = &v["nodes"][1];
    assert!(node.get("resourceType").is_some(), "{node}");
    let edge = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["family"] == "traffic")
        .unwrap();
    assert!(edge.get("labelAt").is_some(), "{edge}");
    assert!(v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "loadBalancer"));
    assert!(v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "natGateway"));
}

#[test]
fn seed_mermaid() {
    let t = topology(&generate(&Config::preset("seed").unwrap()).unwrap());
    insta::assert_snapshot!("seed-mermaid", t.to_mermaid());
}

/// `cargo test --release -p fargate-stack --test topology -- --ignored --nocapture timing`
#[test]
#[ignore]
fn timing() {
    let mut big = generated_configs()
        .into_iter()
        .find(|(n, _)| n.contains("az=6") && n.contains("services=10"))
        .unwrap()
        .1;
    big.name = "big".into();
    let cases = [
        (
            "microservices",
            generate(&Config::preset("microservices").unwrap()).unwrap(),
        ),
        ("10 services, 6 AZs", generate(&big).unwrap()),
    ];
    for (name, template) in &cases {
        let runs = 200;
        let start = std::time::Instant::now();
        let mut bytes = 0;
        for _ in 0..runs {
            let t = topology(template);
            bytes += t.to_svg().len();
        }
        let per = start.elapsed().as_micros() / runs;
        let t = topology(template);
        println!(
            "{name}: {per} µs per topology+layout+svg ({} nodes, {} edges, {} bytes of SVG)",
            t.nodes.len(),
            t.edges.len(),
            bytes / runs as usize
        );
    }
}

/// Writes every preset's SVG (and a 10-service, 6-AZ one) for looking at:
/// `cargo test -p fargate-stack --test topology -- --ignored dump_svgs`, then open
/// `target/tmp/topology/*.svg`.
#[test]
#[ignore]
fn dump_svgs() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("topology");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, _) in PRESETS {
        let t = topology(&generate(&Config::preset(name).unwrap()).unwrap());
        std::fs::write(dir.join(format!("{name}.svg")), t.to_svg()).unwrap();
    }
    let big = generated_configs()
        .into_iter()
        .find(|(n, _)| n.contains("az=6") && n.contains("services=10"))
        .unwrap()
        .1;
    std::fs::write(
        dir.join("big.svg"),
        topology(&generate(&big).unwrap()).to_svg(),
    )
    .unwrap();
    println!("wrote {}", dir.display());
}
