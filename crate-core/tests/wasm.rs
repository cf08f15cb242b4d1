//! The npm bindings, tested inside wasm under Node: every export maps the core faithfully and
//! bad input comes back as data (or a thrown `Error` with the same data), never a panic.
//!
//! `cargo test -p fargate-stack --target wasm32-unknown-unknown --features wasm --test wasm`
//! (the runner is set in `.cargo/config.toml`). Natively this file compiles to nothing.

#![cfg(all(target_arch = "wasm32", feature = "wasm"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use fargate_stack::wasm;
use fargate_stack::{Config, FieldError, PRESETS};
use serde::Serialize;
use serde_json::{json, Value};
use tsify::Ts;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A JSON value as the plain JS value a caller would pass.
fn js(value: &Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

fn config(value: &Value) -> Ts<Config> {
    Ts::new_unchecked(js(value))
}

fn config_of(c: &Config) -> Ts<Config> {
    config(&serde_json::to_value(c).unwrap())
}

/// A JS value read back as JSON (maps must have been plain objects for this to hold).
fn json_of(value: impl Into<JsValue>) -> Value {
    serde_wasm_bindgen::from_value(value.into()).unwrap()
}

fn field_errors(list: Vec<Ts<FieldError>>) -> Vec<FieldError> {
    list.into_iter()
        .map(|e| serde_wasm_bindgen::from_value(e.into()).unwrap())
        .collect()
}

/// The `errors` property of a thrown error, checking that it is a real JS `Error`.
fn thrown_errors(thrown: JsValue) -> (String, Vec<FieldError>) {
    let error: &js_sys::Error = thrown.dyn_ref().expect("a JS Error");
    let message = String::from(error.message());
    let errors = js_sys::Reflect::get(&thrown, &"errors".into()).unwrap();
    assert!(js_sys::Array::is_array(&errors));
    (message, serde_wasm_bindgen::from_value(errors).unwrap())
}

#[wasm_bindgen_test]
fn defaults_are_the_core_defaults_as_plain_json() {
    let value = json_of(wasm::defaults().unwrap());
    assert_eq!(value, serde_json::to_value(Config::defaults()).unwrap());
    // JSON-compatible: maps are objects and None is null, so JSON.stringify keeps them.
    assert!(value["tags"].is_object());
    assert!(value["loadBalancer"]["certificateArn"].is_null());
}

#[wasm_bindgen_test]
fn presets_list_and_load_every_preset() {
    let list: Vec<Value> = wasm::presets().unwrap().into_iter().map(json_of).collect();
    assert_eq!(list.len(), PRESETS.len());
    for ((name, description), entry) in PRESETS.iter().zip(&list) {
        assert_eq!(entry, &json!({ "name": name, "description": description }));
        let loaded = wasm::preset(name).unwrap().expect("known preset");
        let loaded: Config = serde_wasm_bindgen::from_value(loaded.into()).unwrap();
        assert_eq!(Some(loaded), Config::preset(name));
    }
    assert!(wasm::preset("no-such-preset").unwrap().is_none());
}

#[wasm_bindgen_test]
fn generate_matches_the_core_for_every_preset() {
    for (name, _) in PRESETS {
        let native = fargate_stack::generate_all(&Config::preset(name).unwrap()).unwrap();
        let result = json_of(wasm::generate(config_of(&Config::preset(name).unwrap())).unwrap());
        assert_eq!(result["json"], native.json, "{name}");
        assert_eq!(result["bytes"], native.bytes, "{name}");
        assert_eq!(result["resourceCount"], native.resource_count, "{name}");
        assert_eq!(result["deployCommand"], native.deploy_command, "{name}");
        assert_eq!(result["notes"], json!(native.notes), "{name}");
        assert_eq!(result["outputs"], json!(native.outputs), "{name}");
        let parameters: Vec<Value> = native
            .parameters
            .iter()
            .map(|(name, default)| json!({ "name": name, "default": default }))
            .collect();
        assert_eq!(result["parameters"], json!(parameters), "{name}");
        // The object is the JSON text, parsed.
        let parsed: Value = serde_json::from_str(&native.json).unwrap();
        assert_eq!(result["template"], parsed, "{name}");
    }
}

#[wasm_bindgen_test]
fn validate_returns_every_problem_as_data() {
    assert!(wasm::validate(config(&json!({}))).unwrap().is_empty());
    let errors = field_errors(
        wasm::validate(config(&json!({
            "name": "Bad Name",
            "services": [{ "cpu": 2048, "memory": 1024 }]
        })))
        .unwrap(),
    );
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["name", "services[0].memory"]);
}

#[wasm_bindgen_test]
fn a_wrong_type_or_unknown_key_names_its_field_as_the_crate_does() {
    for (bad, path) in [
        (
            json!({ "services": [{ "cpu": "lots" }] }),
            "services[0].cpu",
        ),
        (
            json!({ "services": [{}, { "memory": 51.5 }] }),
            "services[1].memory",
        ),
        // A typo must not pass silently, as it would with serde-wasm-bindgen alone.
        (json!({ "nmae": "x" }), "nmae"),
        (
            json!({ "network": { "natGateway": "single" } }),
            "network.natGateway",
        ),
    ] {
        let errors = field_errors(wasm::validate(config(&bad)).unwrap());
        assert_eq!(errors.len(), 1, "{bad}");
        assert_eq!(errors[0].path, path, "{bad}");
        assert_eq!(Err(errors), Config::from_json(&bad.to_string()), "{bad}");
    }
}

#[wasm_bindgen_test]
fn values_that_are_not_configs_are_errors_not_panics() {
    for value in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(42),
        JsValue::from("seed"),
        js(&json!([1, 2])),
        js(&json!({ "services": [{ "cpu": 256.5 }] })),
        js(&json!({ "services": [{ "cpu": -1 }] })),
        js(&json!({ "services": [{ "cpu": 1e300 }] })),
        js(&json!({ "tags": { "team": 1 } })),
        js(&json!({ "network": { "mode": "sideways" } })),
    ] {
        let errors = field_errors(wasm::validate(Ts::new_unchecked(value.clone())).unwrap());
        assert_eq!(errors.len(), 1, "{value:?}");
        let thrown = wasm::generate(Ts::new_unchecked(value.clone())).unwrap_err();
        assert_eq!(thrown_errors(thrown).1, errors, "{value:?}");
        assert!(wasm::topology(Ts::new_unchecked(value)).is_err());
    }
}

#[wasm_bindgen_test]
fn generate_throws_an_error_carrying_the_validate_array() {
    let bad = json!({ "name": "Bad Name", "services": [{ "cpu": 2048, "memory": 1024 }] });
    let expected = field_errors(wasm::validate(config(&bad)).unwrap());
    let (message, errors) = thrown_errors(wasm::generate(config(&bad)).unwrap_err());
    assert_eq!(errors, expected);
    let lines: Vec<String> = expected.iter().map(ToString::to_string).collect();
    assert_eq!(message, lines.join("\n"));
}

#[wasm_bindgen_test]
fn topology_carries_the_graph_and_three_drawings() {
    let seed = Config::preset("seed").unwrap();
    let result = json_of(wasm::topology(config_of(&seed)).unwrap());
    let native = fargate_stack::topology::topology(&fargate_stack::generate(&seed).unwrap());
    assert_eq!(result["svg"], native.to_svg());
    assert_eq!(result["dot"], native.to_dot());
    assert_eq!(result["mermaid"], native.to_mermaid());
    assert_eq!(result["title"], native.title);
    assert_eq!(
        result["nodes"].as_array().map(Vec::len),
        Some(native.nodes.len())
    );
    assert!(result["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == "LoadBalancer"));
}

#[wasm_bindgen_test]
fn schema_and_version() {
    assert_eq!(
        json_of(wasm::schema().unwrap()),
        fargate_stack::json_schema()
    );
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}
