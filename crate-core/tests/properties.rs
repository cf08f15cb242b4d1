//! Property tests over the config space: every valid config generates a template that keeps
//! the rules, the same bytes every time, and records its config. The first 50 of a fixed-seed
//! sample are written out for cfn-lint.

// proptest is a native-only dev-dependency (see Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use fargate_stack::{generate, validate, Config};
use proptest::prelude::*;

#[test]
fn fifty_generated_configs_for_cfn_lint() {
    for (i, config) in strategy::configs(50, 0x5EED_0001).iter().enumerate() {
        let json = generate(config)
            .unwrap_or_else(|e| panic!("config {i}: {e:?}\n{}", config.to_json()))
            .to_json();
        common::save_for_lint(&format!("generated-{i:03}"), &json);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn valid_configs_keep_the_invariants(config in strategy::any_config()) {
        prop_assert!(validate(&config).is_ok(), "{:?}", validate(&config));
        let json = generate(&config).unwrap().to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        if let Err(e) = common::invariants(&value) {
            prop_assert!(false, "{}\n{}", e, config.to_json());
        }
        prop_assert_eq!(&generate(&config).unwrap().to_json(), &json);
        let back = Config::from_value(value["Metadata"]["FargateStack"]["Config"].clone()).unwrap();
        prop_assert_eq!(back, config);
    }

    /// The template printer is our own (for speed); its bytes must be exactly what serde_json
    /// prints for the same document, whatever text a user put in free-form fields.
    #[test]
    fn the_printer_agrees_with_serde_json(
        config in strategy::any_config(),
        text in "(?s).{0,40}",
        arg in "\\PC{0,12}",
    ) {
        let mut config = config;
        config.services[0].environment.insert("FREE_TEXT".into(), text);
        config.services[0].command = vec![arg, "\"\\\u{7f}\u{1}${X}".into()];
        if let Ok(template) = generate(&config) {
            let json = template.to_json();
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(serde_json::to_string_pretty(&value).unwrap(), json);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(json in ".{0,200}") {
        let _ = Config::from_json(&json).and_then(|c| generate(&c).map(|t| t.to_json()));
    }

    #[test]
    fn mutated_numbers_never_panic(config in strategy::any_config(), n in any::<u32>(), which in 0usize..8) {
        let mut config = config;
        let s = &mut config.services[0];
        match which {
            0 => s.cpu = n,
            1 => s.memory = n,
            2 => s.container_port = n,
            3 => config.network.az_count = n,
            4 => config.network.subnet_prefix_length = n,
            5 => s.health_check.interval_seconds = n,
            6 => config.load_balancer.http_port = n,
            _ => s.desired_count = n,
        }
        if let Ok(t) = generate(&config) {
            let value: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
            prop_assert!(common::invariants(&value).is_ok());
        }
    }
}
