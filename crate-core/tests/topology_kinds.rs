//! The topology of the service kinds: backend services, workers and scheduled jobs drawn as
//! such (their workload in the graph, a class and a caption in the SVG), calls through Service
//! Connect, messages to and from queues, scheduled runs and dead letters as traffic, sidecars
//! listed in their task; all read from the template, so editing the template (not the config)
//! changes the picture.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use fargate_stack::template::{Expr, Resource};
use fargate_stack::topology::{topology, EdgeFamily, Topology, Workload, IMAGE_REGISTRY, INTERNET};
use fargate_stack::{generate, Config, Template, PRESETS};

fn preset(name: &str) -> Template {
    generate(&Config::preset(name).unwrap()).unwrap()
}

fn traffic(t: &Topology) -> Vec<(&str, &str, &str)> {
    t.edges
        .iter()
        .filter(|e| e.family == EdgeFamily::Traffic)
        .map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_str()))
        .collect()
}

/// The same template with `edit` applied to each resource (`None` drops it).
fn rebuild(t: &Template, edit: impl Fn(&str, &Resource) -> Option<Resource>) -> Template {
    let mut out = Template::new(t.description.clone());
    for (id, p) in t.parameters() {
        out.add_parameter(id.as_str(), p.clone());
    }
    for (id, r) in t.resources() {
        if let Some(r) = edit(id.as_str(), r) {
            assert_eq!(out.add_resource(id.as_str(), r).as_str(), id.as_str());
        }
    }
    out
}

/// The `<g>` of a node in the SVG, as text.
fn svg_node<'a>(svg: &'a str, id: &str) -> &'a str {
    let start = svg
        .find(&format!(r#"data-id="{id}">"#))
        .unwrap_or_else(|| panic!("no node {id}"));
    let open = svg[..start].rfind("<g ").unwrap();
    let end = start + svg[start..].find("</g>").unwrap();
    &svg[open..end]
}

#[test]
fn worker_and_jobs_draws_calls_messages_schedules_and_dead_letters() {
    let t = topology(&preset("worker-and-jobs"));
    let edges = traffic(&t);
    let expected = [
        (INTERNET, "LoadBalancer", "HTTP :80"),
        ("LoadBalancer", "ApiTargetGroup", "HTTP :80 default"),
        ("ApiTargetGroup", "ApiService", "HTTP :80"),
        ("ApiService", "NatGateway1", "HTTPS :443"),
        ("ApiService", IMAGE_REGISTRY, "image pull HTTPS :443"),
        ("OrdersService", "NatGateway1", "HTTPS :443"),
        ("OrdersService", IMAGE_REGISTRY, "image pull HTTPS :443"),
        ("MailerService", "NatGateway1", "HTTPS :443"),
        ("MailerService", IMAGE_REGISTRY, "image pull HTTPS :443"),
        // The job's tasks leave the same way as the services'.
        ("NightlyReportTaskDefinition", "NatGateway1", "HTTPS :443"),
        (
            "NightlyReportTaskDefinition",
            IMAGE_REGISTRY,
            "image pull HTTPS :443",
        ),
        // api calls orders: OrdersFromApiIngress + ApiToOrdersEgress, orders' client alias.
        ("ApiService", "OrdersService", "Service Connect :8080"),
        // api calls mailer, a worker: it may send to mailer's queue, which mailer drains.
        ("ApiService", "MailerQueue", "sqs:SendMessage"),
        ("MailerQueue", "MailerService", "sqs:ReceiveMessage"),
        // The job calls mailer too.
        (
            "NightlyReportTaskDefinition",
            "MailerQueue",
            "sqs:SendMessage",
        ),
        (
            "NightlyReportSchedule",
            "NightlyReportTaskDefinition",
            "cron(0 3 * * ? *)",
        ),
        (
            "NightlyReportSchedule",
            "NightlyReportScheduleDeadLetterQueue",
            "dead letters after 3 retries",
        ),
        (
            "MailerQueue",
            "MailerDeadLetterQueue",
            "dead letters after 5 receives",
        ),
        ("NatGateway1", "InternetGateway", "0.0.0.0/0"),
        ("InternetGateway", INTERNET, "0.0.0.0/0"),
    ];
    for e in expected {
        assert!(edges.contains(&e), "missing {e:?} in {edges:?}");
    }
    assert_eq!(edges.len(), expected.len(), "{edges:?}");

    let call = t
        .edges
        .iter()
        .find(|e| e.from == "ApiService" && e.to == "OrdersService")
        .unwrap();
    assert_eq!(
        (call.port, call.protocol.as_deref()),
        (Some(8080), Some("HTTP"))
    );
    assert!(call.detail.contains("orders:8080"), "{}", call.detail);
    let run = t
        .edges
        .iter()
        .find(|e| e.from == "NightlyReportSchedule" && e.family == EdgeFamily::Traffic)
        .unwrap();
    assert!(run.detail.contains("Europe/Paris"), "{}", run.detail);

    // Every traffic edge is routed and labelled.
    for e in t.edges.iter().filter(|e| e.family == EdgeFamily::Traffic) {
        assert!(e.points.len() >= 2 && e.label_at.is_some(), "{e:?}");
    }
}

#[test]
fn workloads_are_labelled_in_the_graph_and_the_svg() {
    let t = topology(&preset("worker-and-jobs"));
    for (id, workload, detail) in [
        ("ApiService", Workload::Web, "api"),
        ("OrdersService", Workload::Backend, "backend service :8080"),
        ("MailerService", Workload::Worker, "worker of MailerQueue"),
        (
            "NightlyReportTaskDefinition",
            Workload::Job,
            "scheduled job: nightly-report",
        ),
    ] {
        let n = t.node(id).unwrap();
        assert_eq!(
            (n.workload, n.detail.as_str()),
            (Some(workload), detail),
            "{id}"
        );
    }
    // A service's task definition carries its workload too; other nodes none.
    for (id, workload) in [
        ("ApiTaskDefinition", Workload::Web),
        ("OrdersTaskDefinition", Workload::Backend),
        ("MailerTaskDefinition", Workload::Worker),
    ] {
        assert_eq!(t.node(id).unwrap().workload, Some(workload), "{id}");
    }
    for n in &t.nodes {
        let ecs = matches!(
            n.resource_type.as_deref(),
            Some("AWS::ECS::Service" | "AWS::ECS::TaskDefinition")
        );
        assert_eq!(n.workload.is_some(), ecs, "{}", n.id);
    }

    let svg = t.to_svg();
    for (id, class, caption) in [
        (
            "OrdersService",
            "fs-workload-backend",
            "backend service :8080",
        ),
        (
            "MailerService",
            "fs-workload-worker",
            "worker of MailerQueue",
        ),
        (
            "NightlyReportTaskDefinition",
            "fs-workload-job",
            "scheduled job: nightly-rep",
        ),
        ("ApiService", "fs-workload-web", "api"),
    ] {
        let g = svg_node(&svg, id);
        assert!(
            g.starts_with(&format!(
                r#"<g class="fs-node fs-kind-{} {class}""#,
                t.node(id).unwrap().kind.as_str()
            )),
            "{g}"
        );
        assert!(g.contains(caption), "{id}: {g}");
    }
    assert!(svg.contains(".fs-workload-backend>rect{"));
    // Messages and scheduled runs are drawn as their own kind of line.
    assert!(svg.contains(
        r#"<g class="fs-edge" data-from="MailerQueue" data-to="MailerService"><title>MailerQueue → MailerService: sqs:ReceiveMessage"#
    ));
    assert_eq!(
        svg.matches(r#"class="fs-traffic fs-traffic-message""#)
            .count(),
        6,
        "send x2, receive, scheduled run, two dead-letter edges"
    );
    // The other exports show the captions through the nodes' second line.
    assert!(t.to_mermaid().contains("backend service :8080"));
    assert!(t.to_dot().contains("worker of MailerQueue"));
}

#[test]
fn jobs_have_no_service_and_run_where_the_schedule_puts_them() {
    let template = preset("worker-and-jobs");
    let t = topology(&template);
    let services: Vec<&str> = t
        .nodes
        .iter()
        .filter(|n| n.resource_type.as_deref() == Some("AWS::ECS::Service"))
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(services, ["ApiService", "OrdersService", "MailerService"]);
    let job = t.node("NightlyReportTaskDefinition").unwrap();
    // The job stands with the services, its tasks in the subnets the schedule names.
    assert_eq!(job.group.as_deref(), Some("group:vpc"));
    let placed: Vec<(&str, &str)> = job
        .placements
        .iter()
        .map(|p| (p.group.as_str(), p.label.as_str()))
        .collect();
    assert_eq!(
        placed,
        [
            ("group:PrivateSubnet1", "nightly-report tasks"),
            ("group:PrivateSubnet2", "nightly-report tasks"),
        ]
    );
    // Services without a load balancer name their tasks after their main container.
    let orders = t.node("OrdersService").unwrap();
    assert_eq!(orders.placements[0].label, "orders tasks");
    // The schedule and the queues stay with the regional services.
    for id in [
        "NightlyReportSchedule",
        "MailerQueue",
        "MailerDeadLetterQueue",
        "NightlyReportScheduleDeadLetterQueue",
        "ServiceConnectNamespace",
    ] {
        assert_eq!(
            t.node(id).unwrap().group.as_deref(),
            Some("group:regional"),
            "{id}"
        );
    }
    assert_eq!(
        t.node("MailerDeadLetterQueue").unwrap().detail,
        "dead letters of MailerQueue"
    );
    assert_eq!(
        t.node("NightlyReportScheduleDeadLetterQueue")
            .unwrap()
            .detail,
        "dead letters of NightlyReportSchedule"
    );
}

#[test]
fn sidecars_are_listed_in_their_task() {
    let t = topology(&preset("worker-and-jobs"));
    assert_eq!(
        t.node("ApiTaskDefinition").unwrap().detail,
        "api + otel 512/1024"
    );
    // A task with one container keeps its family.
    assert_eq!(
        t.node("OrdersTaskDefinition").unwrap().detail,
        "{stack}-orders 256/512"
    );
    assert!(t.to_svg().contains(">api + otel 512/1024</text>"));
}

#[test]
fn workloads_are_read_from_the_template_not_the_config() {
    let template = preset("worker-and-jobs");

    // Without the ingress rule, api cannot reach orders: no call is drawn.
    let t = topology(&rebuild(&template, |id, r| {
        (id != "OrdersFromApiIngress").then(|| r.clone())
    }));
    assert!(
        !traffic(&t)
            .iter()
            .any(|(a, b, _)| (*a, *b) == ("ApiService", "OrdersService")),
        "{:?}",
        traffic(&t)
    );

    // A task role that may not receive from the queue: mailer is no worker, nothing drains it.
    let t = topology(&rebuild(&template, |id, r| {
        let mut r = r.clone();
        if id == "MailerTaskRole" {
            r.properties.retain(|(k, _)| k != "Policies");
        }
        Some(r)
    }));
    let mailer = t.node("MailerService").unwrap();
    assert_eq!(
        (mailer.workload, mailer.detail.as_str()),
        (Some(Workload::Backend), "backend service")
    );
    assert!(!traffic(&t).iter().any(|(_, b, _)| *b == "MailerService"));

    // IAM action patterns count, whatever their case: `SQS:Receive*` makes a worker.
    let t = topology(&rebuild(&template, |id, r| {
        let mut r = r.clone();
        if id == "MailerTaskRole" {
            for (k, v) in &mut r.properties {
                if k == "Policies" {
                    *v = patch_actions(v, Expr::from("SQS:Receive*"));
                }
            }
        }
        Some(r)
    }));
    assert_eq!(
        t.node("MailerService").unwrap().workload,
        Some(Workload::Worker)
    );
    assert!(traffic(&t).contains(&("MailerQueue", "MailerService", "sqs:ReceiveMessage")));

    // Without its schedule the task definition is no job (and runs nowhere).
    let t = topology(&rebuild(&template, |id, r| {
        (id != "NightlyReportSchedule").then(|| r.clone())
    }));
    let td = t.node("NightlyReportTaskDefinition").unwrap();
    assert_eq!(
        (td.workload, td.group.as_deref()),
        (None, Some("group:regional"))
    );
    assert!(td.placements.is_empty());
}

/// Sets the `Action` of every statement in a role's `Policies`.
fn patch_actions(policies: &Expr, action: Expr) -> Expr {
    match policies {
        Expr::Map(entries) => Expr::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let v = if k == "Action" {
                        action.clone()
                    } else {
                        patch_actions(v, action.clone())
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Expr::List(items) => Expr::List(
            items
                .iter()
                .map(|i| patch_actions(i, action.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn other_presets_draw_web_services_only_and_no_messages() {
    for (name, _) in PRESETS {
        if name == "worker-and-jobs" {
            continue;
        }
        let t = topology(&preset(name));
        for n in &t.nodes {
            if n.workload.is_some() {
                assert_eq!(n.workload, Some(Workload::Web), "{name}: {}", n.id);
            }
        }
        let svg = t.to_svg();
        assert!(!svg.contains("fs-traffic-message\""), "{name}");
        assert!(!svg.contains("fs-workload-backend\""), "{name}");
    }
}

#[test]
fn workload_serialises_camel_case() {
    let t = topology(&preset("worker-and-jobs"));
    let v = serde_json::to_value(&t).unwrap();
    let kinds: Vec<(&str, &str)> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n["workload"].as_str()?)))
        .filter(|(id, _)| !id.ends_with("TaskDefinition") || id.starts_with("Nightly"))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ApiService", "web"),
            ("OrdersService", "backend"),
            ("MailerService", "worker"),
            ("NightlyReportTaskDefinition", "job"),
        ]
    );
    assert!(v["nodes"][0]["workload"].is_null());
}

/// Configs mixing every kind: a web service calling `n` backends and `n` workers, each
/// backend calling the next and a worker, `n` jobs each calling a worker, sidecars on some.
fn mixed_configs() -> Vec<(String, Config)> {
    use fargate_stack::config::{Queue, Service, ServiceKind, Sidecar};
    let mut out = Vec::new();
    for az in [2u32, 3] {
        for n in [1usize, 2, 4] {
            let mut c = Config::preset("worker-and-jobs").unwrap();
            c.name = format!("mixed-{az}-{n}");
            c.network.az_count = az;
            let backend = |i: usize| format!("backend-{i}");
            let worker = |i: usize| format!("worker-{i}");
            let mut web = c.services[0].clone();
            web.calls = (0..n).flat_map(|i| [backend(i), worker(i)]).collect();
            let mut services = vec![web];
            for i in 0..n {
                services.push(Service {
                    name: backend(i),
                    kind: ServiceKind::Backend,
                    image: Some("public.ecr.aws/nginx/nginx:1.27".into()),
                    container_port: 8000 + i as u32,
                    calls: vec![backend((i + 1) % n), worker(i)]
                        .into_iter()
                        .filter(|b| *b != backend(i))
                        .collect(),
                    sidecars: if i % 2 == 0 {
                        vec![Sidecar {
                            name: "proxy".into(),
                            image: "public.ecr.aws/nginx/nginx:1.27".into(),
                            ..Sidecar::default()
                        }]
                    } else {
                        Vec::new()
                    },
                    ..Service::default()
                });
                services.push(Service {
                    name: worker(i),
                    kind: ServiceKind::Worker,
                    image: Some("public.ecr.aws/docker/library/python:3.13-slim".into()),
                    queue: Some(Queue::default()),
                    ..Service::default()
                });
                services.push(Service {
                    name: format!("job-{i}"),
                    kind: ServiceKind::Job,
                    image: Some("public.ecr.aws/docker/library/python:3.13-slim".into()),
                    schedule: Some(format!("rate({} hours)", i + 2)),
                    calls: vec![worker(i)],
                    ..Service::default()
                });
            }
            c.services = services;
            out.push((format!("az={az} n={n}"), c));
        }
    }
    out
}

/// Interiors of an axis-aligned segment and a rectangle intersect.
fn segment_crosses(a: (i32, i32), b: (i32, i32), r: &fargate_stack::topology::Rect) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    if x0 == x1 {
        r.x < x0 && x0 < r.right() && y0 < r.bottom() && r.y < y1
    } else {
        r.y < y0 && y0 < r.bottom() && x0 < r.right() && r.x < x1
    }
}

#[test]
fn mixed_kinds_draw_every_call_and_keep_the_layout_rules() {
    for (name, config) in mixed_configs() {
        let template = generate(&config).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let t = topology(&template);
        for (id, _) in template.resources() {
            assert!(t.node(id.as_str()).is_some(), "{name}: no node for {id}");
        }
        let mut boxes = Vec::new();
        for n in &t.nodes {
            assert!(n.rect.width > 0, "{name}: {} not placed", n.id);
            boxes.push((n.id.as_str(), n.rect));
            boxes.extend(n.placements.iter().map(|p| (n.id.as_str(), p.rect)));
        }
        for (i, (a, ra)) in boxes.iter().enumerate() {
            for (b, rb) in &boxes[i + 1..] {
                assert!(!ra.overlaps(rb), "{name}: {a} overlaps {b}");
            }
        }
        for e in &t.edges {
            let (from, to) = (t.node(&e.from).unwrap(), t.node(&e.to).unwrap());
            assert!(e.points.len() >= 2, "{name}: {} -> {}", e.from, e.to);
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
        }
        // Every call is drawn, from the template's rules and permissions.
        let edges = traffic(&t);
        let id = |s: &str| {
            s.split('-')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect::<String>()
        };
        let node_of = |s: &fargate_stack::config::Service| match s.kind {
            fargate_stack::config::ServiceKind::Job => format!("{}TaskDefinition", id(&s.name)),
            _ => format!("{}Service", id(&s.name)),
        };
        for caller in &config.services {
            for callee in &caller.calls {
                let target = config.services.iter().find(|s| s.name == *callee).unwrap();
                let (to, label) = match target.kind {
                    fargate_stack::config::ServiceKind::Worker => {
                        (format!("{}Queue", id(callee)), "sqs:SendMessage".to_owned())
                    }
                    _ => (
                        format!("{}Service", id(callee)),
                        format!("Service Connect :{}", target.container_port),
                    ),
                };
                let from = node_of(caller);
                assert!(
                    edges.contains(&(from.as_str(), to.as_str(), label.as_str())),
                    "{name}: {from} -> {to} {label} missing in {edges:?}"
                );
            }
        }
        for s in &config.services {
            let workload = t.node(&node_of(s)).unwrap().workload;
            let want = match s.kind {
                fargate_stack::config::ServiceKind::Web => Workload::Web,
                fargate_stack::config::ServiceKind::Backend => Workload::Backend,
                fargate_stack::config::ServiceKind::Worker => Workload::Worker,
                fargate_stack::config::ServiceKind::Job => Workload::Job,
            };
            assert_eq!(workload, Some(want), "{name}: {}", s.name);
        }
        assert_eq!(t, topology(&template), "{name}: not deterministic");
    }
}
