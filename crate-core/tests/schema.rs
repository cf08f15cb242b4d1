//! The committed JSON Schema of the config matches the types. `make schema` rewrites it.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::PathBuf;

#[test]
fn committed_schema_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/config.schema.json");
    let current = format!(
        "{}\n",
        serde_json::to_string_pretty(&fargate_stack::json_schema()).unwrap()
    );
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "crate-core/schema/config.schema.json is stale; run `make schema` and commit it"
    );
}

#[test]
fn schema_describes_the_contract() {
    let schema = fargate_stack::json_schema();
    let props = &schema["properties"];
    for key in [
        "schemaVersion",
        "name",
        "tags",
        "network",
        "loadBalancer",
        "services",
        "database",
        "bucket",
        "apiGateway",
    ] {
        assert!(props.get(key).is_some(), "{key} missing from the schema");
    }
    assert_eq!(schema["additionalProperties"], false);
    let text = schema.to_string();
    for spelling in ["perAz", "internetFacing", "x86_64", "arm64", "readWrite"] {
        assert!(text.contains(spelling), "{spelling}");
    }
}
