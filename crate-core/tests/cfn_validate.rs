//! AWS's own validator (`cloudformation-validate`) on every preset and on generated configs:
//! zero errors.

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

#[test]
fn generated_configs_pass_cloudformation_validate() {
    let v = Validator::new();
    let mut all = Vec::new();
    for (i, config) in strategy::configs(120, 0xC0FF_EE00).iter().enumerate() {
        let json = generate(config)
            .unwrap_or_else(|e| panic!("config {i}: {e:?}"))
            .to_json();
        for f in v.findings(&format!("generated-{i}"), &json) {
            all.push(format!("generated {i}: {f}"));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}
