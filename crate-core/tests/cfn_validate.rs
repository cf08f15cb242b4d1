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

    /// Every diagnostic at warning level or above, as `rule: message (where)`.
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
            .map(|d| format!("[{}] {}: {}", d.severity, d.rule_id, d.message))
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
