//! The preview on real edits of the presets and on hand-made templates.

use super::*;
use crate::Config;
use serde_json::Value;

fn template(config: &Config) -> Template {
    crate::generate(config).unwrap_or_default()
}

fn preview(before: &Config, after: &Config) -> Changes {
    let json = template(before).to_json();
    changes(&json, &template(after)).unwrap_or_else(|e| panic!("{e}"))
}

fn action(c: &Changes, id: &str) -> Option<Action> {
    c.resources
        .iter()
        .find(|r| r.logical_id == id)
        .map(|r| r.action)
}

fn get<'a>(c: &'a Changes, id: &str) -> &'a ResourceChange {
    c.resources
        .iter()
        .find(|r| r.logical_id == id)
        .unwrap_or_else(|| panic!("{id} unchanged: {:#?}", c.resources))
}

#[test]
fn the_same_template_changes_nothing() {
    for (name, _) in crate::PRESETS {
        let config = Config::preset(name).unwrap_or_default();
        let c = preview(&config, &config);
        assert!(
            c.resources.is_empty() && c.parameters.is_empty() && c.outputs.is_empty(),
            "{name}: {c:#?}"
        );
        assert_eq!(c.summary, Summary::default());
    }
}

#[test]
fn a_vpc_cidr_change_replaces_the_network_and_ripples_to_the_services() {
    let before = Config::preset("with-database").unwrap_or_default();
    let mut after = before.clone();
    after.network.vpc_cidr = "10.20.0.0/16".into();
    let c = preview(&before, &after);
    assert_eq!(action(&c, "Vpc"), Some(Action::Replace));
    for id in [
        "PublicSubnet1",
        "PrivateSubnet2",
        "PublicRouteTable",
        "LoadBalancerSecurityGroup",
        "ApiTargetGroup",
        "DatabaseSecurityGroup",
    ] {
        assert_eq!(action(&c, id), Some(Action::Replace), "{id}");
    }
    // The route table's only change is the VPC it refers to.
    let rt = get(&c, "PublicRouteTable");
    assert!(rt
        .causes
        .iter()
        .any(|k| k.reason == "refers to Vpc (replaced)" && k.replacement));
    // The ECS service's text did not change; it is updated through its subnets and group.
    let svc = get(&c, "ApiService");
    assert_eq!(svc.action, Action::Update);
    assert!(
        svc.causes.iter().all(|k| k.reason.starts_with("refers to")),
        "{svc:#?}"
    );
    assert!(svc
        .causes
        .iter()
        .any(|k| k.path == "Properties.NetworkConfiguration"));
    // RDS keeps a subnet group's VPC: updating it to the new subnets fails.
    let group = get(&c, "DatabaseSubnetGroup");
    assert_eq!(group.action, Action::Update);
    assert!(
        group
            .will_fail
            .as_deref()
            .unwrap_or("")
            .contains("another VPC"),
        "{group:#?}"
    );
    assert!(c.summary.will_fail);
}

#[test]
fn the_database_is_replaced_with_a_snapshot_note() {
    let before = Config::preset("with-database").unwrap_or_default();
    let mut after = before.clone();
    if let Some(db) = &mut after.database {
        db.database_name = "orders".into();
    }
    let c = preview(&before, &after);
    let db = get(&c, "Database");
    assert_eq!(db.action, Action::Replace);
    assert!(db
        .causes
        .iter()
        .any(|k| k.path == "Properties.DBName" && k.replacement));
    let loss = db.data_loss.as_deref().unwrap_or("");
    assert!(
        loss.contains("new, empty instance") && loss.contains("final snapshot"),
        "{loss}"
    );
    assert!(c.summary.data_loss);
}

#[test]
fn deletion_protection_makes_a_replacement_fail() {
    let before = Config::preset("production").unwrap_or_default();
    let mut after = before.clone();
    after.load_balancer.scheme = crate::config::Scheme::Internal;
    let c = preview(&before, &after);
    let lb = get(&c, "LoadBalancer");
    assert_eq!(lb.action, Action::Replace);
    assert!(lb
        .will_fail
        .as_deref()
        .unwrap_or("")
        .contains("deletion protection"));
    assert!(c.summary.will_fail);
}

fn one(kind: &str, props: Value) -> String {
    serde_json::json!({ "Resources": { "R": { "Type": kind, "Properties": props } } }).to_string()
}

#[test]
fn a_named_resource_replaced_under_its_name_fails() {
    let before = one(
        "AWS::SQS::Queue",
        serde_json::json!({ "QueueName": "jobs", "FifoQueue": false }),
    );
    let after: Value = serde_json::json!({ "QueueName": "jobs", "FifoQueue": true });
    let c = compare_raw(&before, &one("AWS::SQS::Queue", after));
    let q = get(&c, "R");
    assert_eq!(q.action, Action::Replace);
    assert!(q.will_fail.as_deref().unwrap_or("").contains("QueueName"));
    assert!(q.data_loss.as_deref().unwrap_or("").contains("messages"));
}

/// `changes` between two raw templates.
fn compare_raw(before: &str, after: &str) -> Changes {
    let old: Doc<'_> = serde_json::from_str(before).unwrap_or_default();
    let new: Doc<'_> = serde_json::from_str(after).unwrap_or_default();
    let empty = Entries::new();
    let or = old
        .resources
        .as_ref()
        .and_then(Node::as_map)
        .unwrap_or(&empty);
    let nr = new
        .resources
        .as_ref()
        .and_then(Node::as_map)
        .unwrap_or(&empty);
    compare(&old, or, &new, nr)
}

#[test]
fn one_create_only_change_per_emitted_type_replaces_it() {
    for kind in ResourceType::ALL {
        let Some(prop) = create_only(kind).iter().find(|p| !p.contains('/')) else {
            continue;
        };
        let before = one(kind.name(), serde_json::json!({ *prop: "a" }));
        let after = one(kind.name(), serde_json::json!({ *prop: "b" }));
        let c = compare_raw(&before, &after);
        assert_eq!(
            action(&c, "R"),
            Some(Action::Replace),
            "{} {prop}",
            kind.name()
        );
    }
    // And a property that is not create-only updates in place.
    let c = compare_raw(
        &one(
            "AWS::Logs::LogGroup",
            serde_json::json!({ "RetentionInDays": 7 }),
        ),
        &one(
            "AWS::Logs::LogGroup",
            serde_json::json!({ "RetentionInDays": 30 }),
        ),
    );
    assert_eq!(action(&c, "R"), Some(Action::Update));
}

/// Older types whose schema is incomplete: what CloudFormation's reference documents as a
/// replacement replaces here too (a record's name, a certificate's validation method).
#[test]
fn documented_replacements_beyond_the_schema_replace() {
    for (kind, prop) in [
        ("AWS::Route53::RecordSet", "Name"),
        ("AWS::CertificateManager::Certificate", "ValidationMethod"),
    ] {
        let c = compare_raw(
            &one(kind, serde_json::json!({ prop: "a" })),
            &one(kind, serde_json::json!({ prop: "b" })),
        );
        assert_eq!(action(&c, "R"), Some(Action::Replace), "{kind} {prop}");
    }
    // Where the user's domain moves, the records follow their names (new ids: remove + add)
    // and the certificate is replaced.
    let before = Config::preset("production").unwrap_or_default();
    let mut after = before.clone();
    if let Some(d) = &mut after.domain {
        d.name = "store.example.com".into();
    }
    let c = preview(&before, &after);
    assert_eq!(action(&c, "Certificate"), Some(Action::Replace));
    assert_eq!(action(&c, "ShopExampleComRecord"), Some(Action::Remove));
    assert_eq!(action(&c, "StoreExampleComRecord"), Some(Action::Add));
}

#[test]
fn parameters_and_outputs_are_compared() {
    let before = Config::preset("seed").unwrap_or_default();
    let mut after = before.clone();
    after.services[0].desired_count = 3;
    after.services[0].image = Some("nginx:1.27".into());
    let c = preview(&before, &after);
    let names: Vec<(&str, Action)> = c
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.action))
        .collect();
    assert!(
        names.contains(&("FlaskDesiredCount", Action::Update)),
        "{names:?}"
    );
    assert!(names.contains(&("FlaskImage", Action::Add)));
    assert!(names.contains(&("FlaskImageTag", Action::Remove)));
    assert!(c
        .outputs
        .iter()
        .any(|o| o.name == "FlaskRepositoryUri" && o.action == Action::Remove));
    assert_eq!(action(&c, "FlaskRepository"), Some(Action::Remove));
    assert!(get(&c, "FlaskRepository").data_loss.is_some());
}

#[test]
fn malformed_input_is_an_error_with_a_location() {
    let t = template(&Config::defaults());
    let e = changes("{\n  \"Resources\": [", &t).unwrap_err();
    assert_eq!((e.line, e.column), (2, 16));
    assert_eq!(
        e.to_string(),
        "EOF while parsing a list (line 2, column 16)"
    );
    let shape = changes("[1, 2]", &t).unwrap_err();
    assert_eq!(
        shape.to_string(),
        "not a template: the document is not an object"
    );
    assert!(changes("[1, 2]", &t).is_err());
    assert!(changes("{\"Resources\": 3}", &t).is_err());
    // No Resources at all is an empty stack: everything is added.
    let c = changes("{}", &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.summary.add, t.resources().len());
}
