//! The config generator reaches the whole contract: every leaf of the config's JSON Schema
//! takes a value other than its default somewhere in a fixed-seed sample of generated configs,
//! every enum variant and both booleans occur, every optional part is both present and absent,
//! and free numbers and strings take several values.
//!
//! The list of leaves is read from the schema the types generate (`fargate_stack::json_schema`),
//! so a key added to the contract fails here until `tests/strategy` draws it.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod strategy;

use std::collections::{BTreeMap, BTreeSet};

use fargate_stack::SCHEMA_VERSION;
use serde_json::Value;

/// How many generated configs the coverage is measured over, and their seed: the same sample
/// `cfn_validate` sends through AWS's validator, so what is covered here is what is validated.
const SAMPLE: usize = 500;
const SEED: u64 = 0xC0FF_EE00;

/// Leaves that cannot vary in a valid config, each with the reason.
fn exempt(path: &str) -> Option<&'static str> {
    match path {
        // Only versions 1..=SCHEMA_VERSION load; while there is one, it is also the default.
        "schemaVersion" if SCHEMA_VERSION == 1 => Some("one schema version exists"),
        _ => None,
    }
}

/// The shape of a schema node, with `$ref`s resolved.
#[derive(Debug)]
enum Shape {
    /// An object with named properties: `(key, shape, default)`.
    Struct(Vec<(String, Shape, Option<Value>)>),
    /// An array of one shape; its leaves are `path[*]`.
    Array(Box<Shape>),
    /// An object used as a map; its values' leaves are `path.*`.
    Map(Box<Shape>),
    /// `null` or the inner shape.
    Nullable(Box<Shape>),
    /// A scalar: its JSON type, and the allowed values when it is an enum.
    Scalar {
        kind: String,
        variants: Option<Vec<Value>>,
    },
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("unexpected $ref {r}"));
            resolve(root, &root["$defs"][name])
        }
        None => node,
    }
}

fn shape(root: &Value, node: &Value, depth: usize) -> Shape {
    assert!(depth < 20, "schema nests too deep (a recursive type?)");
    let node = resolve(root, node);
    // Option<T>: `anyOf: [T, {type: null}]`, or `type: [t, "null"]`.
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = node.get(key).and_then(Value::as_array) {
            let non_null: Vec<&Value> = options.iter().filter(|o| o["type"] != "null").collect();
            if non_null.len() < options.len() {
                assert_eq!(non_null.len(), 1, "a union of several types: {node}");
                return Shape::Nullable(Box::new(shape(root, non_null[0], depth + 1)));
            }
            // A string enum with documented variants: `oneOf: [{const}, ...]`.
            let consts: Option<Vec<Value>> = options
                .iter()
                .map(|o| resolve(root, o).get("const").cloned())
                .collect();
            if let Some(variants) = consts {
                return Shape::Scalar {
                    kind: "enum".into(),
                    variants: Some(variants),
                };
            }
            panic!("a union the coverage test does not read: {node}");
        }
    }
    if let Some(variants) = node.get("enum").and_then(Value::as_array) {
        return Shape::Scalar {
            kind: "enum".into(),
            variants: Some(variants.clone()),
        };
    }
    if let Some(c) = node.get("const") {
        return Shape::Scalar {
            kind: "enum".into(),
            variants: Some(vec![c.clone()]),
        };
    }
    let kind = match &node["type"] {
        Value::String(t) => t.clone(),
        Value::Array(types) => {
            let non_null: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
            assert_eq!(non_null.len(), 1, "a union of several types: {node}");
            let mut inner = node.clone();
            inner["type"] = non_null[0].clone();
            return Shape::Nullable(Box::new(shape(root, &inner, depth + 1)));
        }
        other => panic!("a schema node without a type: {other} in {node}"),
    };
    match kind.as_str() {
        "object" => {
            if let Some(props) = node.get("properties").and_then(Value::as_object) {
                Shape::Struct(
                    props
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                shape(root, v, depth + 1),
                                v.get("default").cloned(),
                            )
                        })
                        .collect(),
                )
            } else {
                let values = node
                    .get("additionalProperties")
                    .filter(|v| v.is_object())
                    .unwrap_or_else(|| {
                        panic!("an object with neither properties nor values: {node}")
                    });
                Shape::Map(Box::new(shape(root, values, depth + 1)))
            }
        }
        "array" => Shape::Array(Box::new(shape(root, &node["items"], depth + 1))),
        _ => Shape::Scalar {
            kind,
            variants: None,
        },
    }
}

/// What a key left out of a written config is recorded as: its default, whichever that is.
const ABSENT: &str = "(left out: its default)";

/// One leaf of the contract.
#[derive(Debug, Default)]
struct Leaf {
    /// `integer`, `string`, `boolean`, `enum`, ...
    kind: String,
    /// The values a missing key takes (the elements of a default list), `null` for none.
    defaults: BTreeSet<String>,
    variants: Option<Vec<Value>>,
    /// Every value seen at this path in the sample, as JSON text.
    seen: BTreeSet<String>,
}

/// Every leaf path of the contract, with its defaults; nullable paths (optional parts and
/// optional values) listed separately.
fn leaves(
    s: &Shape,
    path: &str,
    default: Option<&Value>,
    out: &mut BTreeMap<String, Leaf>,
    nullable: &mut BTreeSet<String>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match s {
        Shape::Struct(props) => {
            for (key, shape, default) in props {
                leaves(shape, &join(key), default.as_ref(), out, nullable);
            }
        }
        Shape::Array(item) => {
            let items_path = format!("{path}[*]");
            leaves(item, &items_path, None, out, nullable);
            // A default list's elements are the defaults of its items (none: every item
            // differs from the default, the empty list).
            if let Shape::Scalar { .. } = item.as_ref() {
                let leaf = out.get_mut(&items_path).unwrap();
                leaf.defaults.clear();
                let items = default.and_then(Value::as_array).into_iter().flatten();
                leaf.defaults.extend(items.map(Value::to_string));
            }
        }
        Shape::Map(values) => {
            let values_path = join("*");
            leaves(values, &values_path, None, out, nullable);
            // A map's default is empty: every value differs from it.
            if let Shape::Scalar { .. } = values.as_ref() {
                out.get_mut(&values_path).unwrap().defaults.clear();
            }
        }
        Shape::Nullable(inner) => {
            nullable.insert(path.to_owned());
            leaves(inner, path, default, out, nullable);
        }
        Shape::Scalar { kind, variants } => {
            let leaf = out.entry(path.to_owned()).or_default();
            leaf.kind.clone_from(kind);
            leaf.variants.clone_from(variants);
            leaf.defaults
                .insert(default.cloned().unwrap_or(Value::Null).to_string());
        }
    }
}

/// Records what a config holds at each path; `null` at a nullable path that is absent or null.
fn observe(
    s: &Shape,
    path: &str,
    value: Option<&Value>,
    leaves: &mut BTreeMap<String, Leaf>,
    presence: &mut BTreeMap<String, (bool, bool)>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match s {
        Shape::Struct(props) => {
            for (key, shape, _) in props {
                observe(
                    shape,
                    &join(key),
                    value.and_then(|v| v.get(key)),
                    leaves,
                    presence,
                );
            }
        }
        Shape::Array(item) => {
            for v in value.and_then(Value::as_array).into_iter().flatten() {
                observe(item, &format!("{path}[*]"), Some(v), leaves, presence);
            }
        }
        Shape::Map(values) => {
            for v in value.and_then(Value::as_object).into_iter().flatten() {
                observe(values, &join("*"), Some(v.1), leaves, presence);
            }
        }
        Shape::Nullable(inner) => {
            let entry = presence.entry(path.to_owned()).or_default();
            match value {
                None | Some(Value::Null) => entry.0 = true,
                Some(_) => {
                    entry.1 = true;
                    observe(inner, path, value, leaves, presence);
                }
            }
        }
        Shape::Scalar { .. } => {
            let leaf = leaves
                .get_mut(path)
                .unwrap_or_else(|| panic!("{path} is not a contract leaf"));
            // A key left out when written (`skip_serializing_if`) holds its default.
            let seen = value.map_or_else(|| ABSENT.to_owned(), Value::to_string);
            leaf.seen.insert(seen);
        }
    }
}

#[test]
fn generated_configs_vary_every_field_of_the_contract() {
    let schema = fargate_stack::json_schema();
    let root = shape(&schema, &schema, 0);
    let mut contract = BTreeMap::new();
    let mut nullable = BTreeSet::new();
    leaves(&root, "", None, &mut contract, &mut nullable);
    // The walk must find the contract, not an empty or truncated one.
    for known in [
        "name",
        "network.vpcCidr",
        "loadBalancer.ingressCidrs[*]",
        "services[*].healthCheck.matcher",
        "services[*].environment.*",
        "services[*].spot.spotWeight",
        "database.instanceClass",
        "apiGateway.accessLogRetentionDays",
    ] {
        assert!(
            contract.contains_key(known),
            "{known} is not in {:?}",
            contract.keys()
        );
    }

    let mut presence: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    let configs = strategy::configs(SAMPLE, SEED);
    for config in &configs {
        let value = serde_json::to_value(config).unwrap();
        // What `to_json` writes is what the walk reads.
        assert_eq!(
            serde_json::from_str::<Value>(&config.to_json()).unwrap(),
            value
        );
        observe(&root, "", Some(&value), &mut contract, &mut presence);
    }

    let mut problems = Vec::new();
    for (path, leaf) in &contract {
        if let Some(reason) = exempt(path) {
            println!("{path}: exempt ({reason})");
            continue;
        }
        let non_default = leaf
            .seen
            .iter()
            .filter(|v| !leaf.defaults.contains(*v) && *v != ABSENT)
            .count();
        if non_default == 0 {
            problems.push(format!(
                "{path}: never other than its default {:?} (seen {:?})",
                leaf.defaults, leaf.seen
            ));
            continue;
        }
        match (&leaf.variants, leaf.kind.as_str()) {
            (Some(variants), _) => {
                let missing: Vec<&Value> = variants
                    .iter()
                    .filter(|v| !leaf.seen.contains(&v.to_string()))
                    .collect();
                // A default variant left out when written (`kind: web`) is seen as absent.
                let absent_default = leaf.seen.contains(ABSENT) && missing.len() == 1;
                if !missing.is_empty() && !absent_default {
                    problems.push(format!("{path}: variants {missing:?} never drawn"));
                }
            }
            (None, "boolean") => {
                for b in ["true", "false"] {
                    if !leaf.seen.contains(b) {
                        problems.push(format!("{path}: never {b}"));
                    }
                }
            }
            // Free numbers and strings: a range, not one alternative to the default.
            (None, _) if leaf.seen.len() < 3 => {
                problems.push(format!(
                    "{path}: only {:?}; draw it across its range",
                    leaf.seen
                ));
            }
            _ => {}
        }
    }
    for path in &nullable {
        match presence.get(path) {
            Some((true, true)) => {}
            Some((false, true)) => problems.push(format!("{path}: never absent")),
            Some((true, false)) => problems.push(format!("{path}: never present")),
            _ => problems.push(format!("{path}: never reached")),
        }
    }
    println!(
        "{} configs, {} leaf paths, {} optional parts; distinct values per leaf:",
        configs.len(),
        contract.len(),
        nullable.len()
    );
    for (path, leaf) in &contract {
        println!("  {path}: {}", leaf.seen.len());
    }
    assert!(
        problems.is_empty(),
        "{} of {} contract leaves are not covered by tests/strategy over {} configs:\n{}",
        problems.len(),
        contract.len(),
        configs.len(),
        problems.join("\n")
    );
}
