//! AWS's own validator (`cloudformation-validate`) on every preset and on 500 generated configs
//! (fixed seed): zero errors and warnings, and the core's invariants on each.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use cloudformation_validate::{
    validate_bytes_with_path, CompositeEngine, CompositeEngineConfig, SchemaValidator, Severity,
    ValidateConfig,
};
use fargate_stack::{generate, Config, PRESETS};

struct Validator {
    engine: CompositeEngine,
    schemas: SchemaValidator,
}

impl Validator {
    fn new() -> Self {
        Validator {
            engine: CompositeEngine::new(CompositeEngineConfig::default()).unwrap(),
            schemas: SchemaValidator::default(),
        }
    }

    /// Every diagnostic at warning level or above, as `[severity] rule: message (resource path)`.
    fn findings(&self, name: &str, json: &str) -> Vec<String> {
        let report = validate_bytes_with_path(
            &self.engine,
            &self.schemas,
            json.as_bytes(),
            ValidateConfig::default(),
            format!("{name}.json"),
        )
        .unwrap();
        report
            .diagnostics
            .iter()
            .filter(|d| {
                matches!(
                    d.severity,
                    Severity::Error | Severity::Fatal | Severity::Warn
                )
            })
            // W9002 resolves a `Ref` to a parameter's default and then calls the ARN
            // hard-coded: a web ACL attached by ARN is exactly such a parameter (what the rule
            // itself asks for), so only that finding, on that property, is set aside.
            .filter(|d| {
                let by_parameter = || {
                    let t: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
                    t["Resources"]["WebAclAssociation"]["Properties"]["WebACLArn"]["Ref"]
                        == "WebAclArn"
                        && t["Parameters"]["WebAclArn"].is_object()
                };
                !(d.rule_id == "W9002"
                    && d.entity
                        .as_ref()
                        .is_some_and(|e| e.logical_id == "WebAclAssociation")
                    && by_parameter())
            })
            .map(|d| {
                let entity = d.entity.as_ref().map_or("", |e| e.logical_id.as_str());
                let path = d.property_path.as_deref().unwrap_or("");
                format!(
                    "[{}] {}: {} ({entity} {path})",
                    d.severity, d.rule_id, d.message
                )
            })
            .collect()
    }
}

#[test]
fn presets_pass_cloudformation_validate() {
    let v = Validator::new();
    let mut all = Vec::new();
    for (name, _) in PRESETS {
        let json = generate(&Config::preset(name).unwrap()).unwrap().to_json();
        for f in v.findings(name, &json) {
            all.push(format!("{name}: {f}"));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

/// The positive control: templates broken on purpose, each of which the validator must flag
/// on the broken resource (with an error, or for a value outside an enum the warning this
/// validator gives, which the tests above count as a failure too), so a validator that checks
/// nothing (no rules loaded, schemas missing) cannot pass the tests above silently.
#[test]
fn broken_templates_are_flagged() {
    let v = Validator::new();
    let seed = generate(&Config::preset("seed").unwrap())
        .unwrap()
        .to_json();
    let seed: serde_json::Value = serde_json::from_str(&seed).unwrap();
    type Break = fn(&mut serde_json::Value);
    const ERROR: &[&str] = &["[ERROR]", "[FATAL]"];
    const ANY: &[&str] = &["[ERROR]", "[FATAL]", "[WARN]"];
    let cases: [(&str, &str, &[&str], Break); 6] = [
        (
            "a resource type that does not exist",
            "Cluster",
            ERROR,
            |t| {
                t["Resources"]["Cluster"]["Type"] = "AWS::ECS::Clustr".into();
            },
        ),
        (
            "a property the type does not have",
            "FlaskService",
            ERROR,
            |t| {
                t["Resources"]["FlaskService"]["Properties"]["Replicas"] = 2.into();
            },
        ),
        ("a property of the wrong type", "FlaskService", ERROR, |t| {
            t["Resources"]["FlaskService"]["Properties"]["DeploymentConfiguration"] =
                "rolling".into();
        }),
        ("a value outside its enum", "FlaskService", ANY, |t| {
            t["Resources"]["FlaskService"]["Properties"]["LaunchType"] = "LAMBDA".into();
        }),
        ("a Ref to nothing", "FlaskService", ERROR, |t| {
            t["Resources"]["FlaskService"]["Properties"]["TaskDefinition"] =
                serde_json::json!({ "Ref": "NoSuchTaskDefinition" });
        }),
        (
            "a required property missing",
            "FlaskTaskDefinition",
            ERROR,
            |t| {
                let props = t["Resources"]["FlaskTaskDefinition"]["Properties"]
                    .as_object_mut()
                    .unwrap();
                for c in props["ContainerDefinitions"].as_array_mut().unwrap() {
                    c.as_object_mut().unwrap().remove("Image");
                }
            },
        ),
    ];
    let mut missed = Vec::new();
    for (what, resource, severities, break_it) in cases {
        let mut t = seed.clone();
        break_it(&mut t);
        let json = serde_json::to_string_pretty(&t).unwrap();
        let findings = v.findings("broken", &json);
        println!("{what}: {findings:?}");
        let flagged = findings.iter().any(|f| {
            severities.iter().any(|s| f.starts_with(s)) && f.contains(&format!("({resource} "))
        });
        if !flagged {
            missed.push(format!("{what} in {resource}: {findings:?}"));
        }
    }
    assert!(
        missed.is_empty(),
        "the validator let broken templates through:\n{}",
        missed.join("\n")
    );
}

/// How many generated configs go through the validator.
const GENERATED: usize = 500;

#[test]
fn generated_configs_pass_cloudformation_validate() {
    let v = Validator::new();
    let mut all = Vec::new();
    let configs = strategy::configs(GENERATED, 0xC0FF_EE00);
    assert_eq!(configs.len(), GENERATED);
    for (i, config) in configs.iter().enumerate() {
        let json = generate(config)
            .unwrap_or_else(|e| panic!("config {i}: {e:?}"))
            .to_json();
        for f in v.findings(&format!("generated-{i}"), &json) {
            all.push(format!("generated {i}: {f}"));
        }
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        if let Err(e) = common::invariants(&value) {
            all.push(format!("generated {i}: invariant: {e}"));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}
