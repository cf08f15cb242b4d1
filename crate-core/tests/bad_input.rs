//! The bad-input corpus (`tests/bad-inputs.json` at the repository root, shared with the npm
//! package's tests): each input with the exact errors expected. Every problem is reported at
//! once, each with its field path and what is allowed; nothing panics.
//!
//! `UPDATE_CORPUS=1` fills in the `errors` of cases whose `errors` is `null` (review them!).

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::PathBuf;

use fargate_stack::{generate, Config, FieldError};
use serde_json::Value;

/// Parses then validates, returning every error as `path: message`.
fn errors(json: &str) -> Vec<String> {
    let result = Config::from_json(json).and_then(|c| generate(&c).map(|_| ()));
    match result {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(FieldError::to_string).collect(),
    }
}

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs.json")
}

#[test]
fn bad_inputs_give_exact_errors() {
    let mut corpus: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(corpus_path()).unwrap()).unwrap();
    let update = std::env::var_os("UPDATE_CORPUS").is_some();
    let mut failures = Vec::new();
    for case in &mut corpus {
        let name = case["name"].as_str().unwrap().to_owned();
        let got = errors(case["input"].as_str().unwrap());
        assert!(!got.is_empty(), "{name}: accepted");
        if case["errors"].is_null() && update {
            case["errors"] = serde_json::json!(got);
            continue;
        }
        let expected: Vec<String> = serde_json::from_value(case["errors"].clone()).unwrap();
        if got != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    if update {
        std::fs::write(
            corpus_path(),
            serde_json::to_string_pretty(&corpus).unwrap() + "\n",
        )
        .unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(corpus.len() >= 50);
}

#[test]
fn huge_inputs_are_refused_without_trouble() {
    let long = "a".repeat(100_000);
    let json = format!(
        r#"{{"name": "{long}", "services": [{{"image": "{long}", "healthCheck": {{"path": "/{long}"}}}}]}}"#
    );
    let got = errors(&json);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|e| e.len() < 400),
        "messages stay short: {got:?}"
    );
    let many: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"name": "s{i}", "pathPatterns": ["/s{i}/*"]}}"#))
        .collect();
    let got = errors(&format!(r#"{{"services": [{}]}}"#, many.join(",")));
    assert_eq!(
        got,
        vec!["services: 500 services; at most 50 fit behind one load balancer here"]
    );
}
