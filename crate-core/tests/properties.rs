//! Property tests over the config space: every valid config generates a template that keeps
//! the rules, the same bytes every time, and records its config. The first 50 of a fixed-seed
//! sample are written out for cfn-lint.

// proptest is a native-only dev-dependency (see Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use fargate_stack::topology::topology;
use fargate_stack::{generate, generate_all, validate, Config};
use proptest::prelude::*;
use serde_json::{json, Value};

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
        // Free text in a variable's value and in the command is valid: it must generate.
        let template = generate(&config);
        prop_assert!(template.is_ok(), "{:?}", template.err());
        let json = template.unwrap().to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(serde_json::to_string_pretty(&value).unwrap(), json);
    }

    #[test]
    fn arbitrary_json_never_panics(json in ".{0,200}") {
        let _ = Config::from_json(&json).and_then(|c| generate(&c).map(|t| t.to_json()));
    }

    /// Structure-aware: a valid config's JSON, mutated at random paths (wrong types, boundary
    /// and out-of-range numbers, empty and huge strings, unknown keys, removed keys and parts,
    /// emptied and duplicated arrays), goes through every entry point; none may panic, and
    /// whatever validates must generate.
    #[test]
    fn mutated_config_json_never_panics(
        config in strategy::any_config(),
        mutations in prop::collection::vec((any::<prop::sample::Index>(), 0usize..MUTATIONS, any::<prop::sample::Index>()), 1..=4),
    ) {
        let mut value = serde_json::to_value(&config).unwrap();
        for (at, kind, pick) in &mutations {
            mutate(&mut value, at, *kind, pick);
        }
        exercise(&value)?;
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
            if let Err(e) = common::invariants(&value) {
                prop_assert!(false, "{}\n{}", e, config.to_json());
            }
        }
    }
}

/// How many kinds of mutation [`mutate`] knows (type-keeping ones weigh more: a config that
/// still parses reaches validation, generation and the topology).
const MUTATIONS: usize = 11;

/// Values of every JSON type, boundary and out-of-range numbers, odd strings.
fn replacement(pick: &prop::sample::Index) -> Value {
    let candidates = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(u64::from(u32::MAX) + 1),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(0.5),
        json!(-0.0),
        json!(1e300),
        json!("7"),
        json!([]),
        json!([1, "two", null, {}]),
        json!({}),
        json!({ "unknownKey": 1 }),
    ];
    candidates[pick.index(candidates.len())].clone()
}

/// A value of the same JSON type as `node`: boundary numbers, empty, long and odd strings.
fn same_type(node: &Value, pick: &prop::sample::Index) -> Value {
    match node {
        Value::Number(_) => {
            let n = [0, 1, 2, 5, 100, 443, 65535, 65536, 2_147_483_647, u32::MAX];
            json!(n[pick.index(n.len())])
        }
        Value::String(_) => {
            let s = [
                String::new(),
                " ".into(),
                "a".repeat(300),
                "z".repeat(100_000),
                "${AWS::Region}".into(),
                "é☃\u{0}\u{202e}<script>".into(),
                "0.0.0.0/0".into(),
                "/*".into(),
                "CMD".into(),
                "web".into(),
                "arn:aws:acm:us-east-1:123456789012:certificate/x".into(),
                "eu-west-1a".into(),
            ];
            json!(s[pick.index(s.len())])
        }
        Value::Bool(b) => json!(!b),
        Value::Array(items) if !items.is_empty() && pick.index(2) == 0 => json!([]),
        Value::Array(items) => {
            let mut items = items.clone();
            items.push(items.first().cloned().unwrap_or(json!("x")));
            Value::Array(items)
        }
        Value::Object(map) => {
            let mut map = map.clone();
            if !map.is_empty() {
                let key = map.keys().nth(pick.index(map.len())).unwrap().clone();
                map.shift_remove(&key);
            }
            Value::Object(map)
        }
        Value::Null => replacement(pick),
    }
}

/// JSON pointers to every node of `v` (the root included).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Applies mutation `kind` at the node `at` selects.
fn mutate(value: &mut Value, at: &prop::sample::Index, kind: usize, pick: &prop::sample::Index) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let ptr = all[at.index(all.len())].clone();
    let (parent_ptr, key) = match ptr.rfind('/') {
        Some(i) => (
            ptr[..i].to_owned(),
            Some(ptr[i + 1..].replace("~1", "/").replace("~0", "~")),
        ),
        None => (String::new(), None),
    };
    let node = value.pointer_mut(&ptr).unwrap();
    match kind {
        // Anything in its place: a wrong type, a number no u32 holds, a float.
        0 => *node = replacement(pick),
        // The same type at a boundary: 0, 1, u32::MAX; "", a huge string; the other bool.
        1 | 8 | 9 => *node = same_type(node, pick),
        // A number nudged past its bounds.
        2 | 10 => {
            if let Some(n) = node.as_u64() {
                let options = [
                    0,
                    1,
                    n.saturating_sub(1),
                    n + 1,
                    n * 1000,
                    u64::from(u32::MAX),
                ];
                *node = json!(options[pick.index(options.len())]);
            } else {
                *node = same_type(node, pick);
            }
        }
        // An unknown key in an object (or the node's parent object).
        3 => {
            let target = if node.is_object() {
                node
            } else {
                value.pointer_mut(&parent_ptr).unwrap()
            };
            if let Some(map) = target.as_object_mut() {
                map.insert("notAKey".into(), replacement(pick));
            }
        }
        // The key (or array item) removed: a part or field left to its default.
        4 => match (key, value.pointer_mut(&parent_ptr).unwrap()) {
            (Some(key), Value::Object(map)) => {
                map.shift_remove(&key);
            }
            (Some(key), Value::Array(items)) => {
                items.remove(key.parse::<usize>().unwrap());
            }
            _ => *value = json!({}),
        },
        // Emptied: [] / {} / "".
        5 => match node {
            Value::Array(items) => items.clear(),
            Value::Object(map) => map.clear(),
            Value::String(s) => s.clear(),
            other => *other = json!([]),
        },
        // An array item duplicated (or the node wrapped in an array of itself, twice).
        6 => match node {
            Value::Array(items) if !items.is_empty() => {
                let i = pick.index(items.len());
                let copy = items[i].clone();
                items.insert(i, copy);
            }
            other => *other = json!([other.clone(), other.clone()]),
        },
        // A string grown past a limit (by one character, or by thousands).
        _ => match node {
            Value::String(s) => {
                let extra = [1, 17, 200, 5000][pick.index(4)];
                s.push_str(&"z".repeat(extra));
            }
            other => *other = same_type(other, pick),
        },
    }
}

/// Every entry point on a JSON value: parse (from the value and from its text), validate,
/// generate, the template's JSON, the facts, the topology and its three exports.
fn exercise(value: &Value) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(value).unwrap();
    let from_text = Config::from_json(&text);
    let from_value = Config::from_value(value.clone());
    prop_assert_eq!(
        from_text.is_ok(),
        from_value.is_ok(),
        "from_json and from_value disagree on {}",
        text.chars().take(2000).collect::<String>()
    );
    let Ok(config) = from_value else {
        return Ok(());
    };
    let _ = config.to_json();
    let valid = validate(&config).is_ok();
    match generate(&config) {
        Ok(template) => {
            prop_assert!(
                valid,
                "generated a template for a config validation refuses"
            );
            let json = template.to_json();
            prop_assert!(serde_json::from_str::<Value>(&json).is_ok());
            let t = topology(&template);
            let _ = (t.to_svg(), t.to_dot(), t.to_mermaid());
            prop_assert!(generate_all(&config).is_ok());
        }
        Err(errors) => {
            prop_assert!(!valid, "validation passed but generate failed: {errors:?}");
            prop_assert!(!errors.is_empty());
        }
    }
    Ok(())
}
