//! The wasm-bindgen exports of the npm package: deserialize, call the core, serialize.
//!
//! Every export does those three things and nothing else, so the package cannot disagree with
//! the crate. Values cross the boundary as `tsify::Ts<T>`: the TypeScript declarations come
//! from the same serde types as the Rust API, and (de)serialization happens inside the
//! function, where a failure is an ordinary `Result` instead of a leaking throw at the ABI.
//!
//! Conventions, which the package README documents:
//! - input configs are read with the path of the first problem, so a wrong type names its field
//!   (`services[0].cpu`) exactly as a validation error does;
//! - output is JSON-compatible (maps as plain objects, `None` as `null`), so
//!   `JSON.stringify(defaults())` is a valid config;
//! - `validate` returns problems as data; `generate` and `topology` throw one kind of `Error`
//!   whose `errors` property holds the same `{ path, message }` array (see [`into_error`]).

use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::changes::Changes;
use crate::cost::{CostInput, Estimate};
use crate::topology::Topology;
use crate::{Config, FieldError};

/// A shipped preset, as listed by [`presets`].
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct PresetInfo {
    /// What to pass to `preset()`.
    pub name: String,
    /// One line on what it builds.
    pub description: String,
}

/// A template parameter and the default the generated template gives it.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct TemplateParameter {
    /// Its logical id, as used in `--parameter-overrides`.
    pub name: String,
    /// Its `Default`, or `null` when the user must supply a value.
    pub default: Option<String>,
}

/// What [`generate`] returns: the template and the facts the designer shows about it.
#[derive(Debug, Clone, Serialize, Tsify)]
#[tsify(hashmap_as_object, missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct GenerateResult {
    /// The template as an object: `JSON.parse(json)`, so content and key order are the JSON's.
    /// Parsing in the JS engine is several times faster than building the object field by
    /// field across the boundary.
    #[tsify(type = "CloudFormationTemplate")]
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub template: JsValue,
    /// The template's pretty JSON, byte for byte what the Rust crate prints.
    pub json: String,
    /// How many resources it declares.
    pub resource_count: usize,
    /// Size of `json` in bytes (UTF-8).
    pub bytes: usize,
    /// Parameters with their defaults, in template order.
    pub parameters: Vec<TemplateParameter>,
    /// Output names, in template order.
    pub outputs: Vec<String>,
    /// The `aws cloudformation deploy` command for it.
    pub deploy_command: String,
    /// What a deployer must know beyond the command (a first deploy with a new ECR repository).
    pub notes: Vec<String>,
}

/// What [`topology`] and [`architecture`] return: the graph with its layout, and the three
/// drawings of it.
#[derive(Debug, Clone, Serialize, Tsify)]
// `flatten` serializes the struct as a map, which must become a plain object. `None` stays
// `undefined`, as the Topology declaration (derived without `missing_as_null`) says.
#[tsify(hashmap_as_object)]
pub struct TopologyResult {
    /// Groups, nodes and edges with their positions.
    #[serde(flatten)]
    pub graph: Topology,
    /// A standalone SVG document.
    pub svg: String,
    /// Graphviz source.
    pub dot: String,
    /// Mermaid flowchart source.
    pub mermaid: String,
}

// Declarations tsify cannot derive: the template is the CloudFormation format (not one of our
// types), and the error thrown by `generate` is a JS `Error` with an extra property.
#[wasm_bindgen(typescript_custom_section)]
const TS_DECLARATIONS: &'static str = r#"
/** A CloudFormation template, as `JSON.parse(json)` would give it. */
export interface CloudFormationTemplate {
    AWSTemplateFormatVersion: "2010-09-09";
    Description: string;
    Metadata?: Record<string, unknown>;
    Parameters?: Record<string, { Type: string; Default?: string; Description?: string; [key: string]: unknown }>;
    Mappings?: Record<string, Record<string, Record<string, unknown>>>;
    Conditions?: Record<string, unknown>;
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[]; [key: string]: unknown }>;
    Outputs?: Record<string, { Description?: string; Value: unknown; Export?: { Name: unknown } }>;
}

/** What `generate` and `topology` throw on a bad config: every problem at once. */
export interface FargateStackError extends Error {
    errors: FieldError[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse`; throws only on text that is not JSON, which `Template::to_json` never makes.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;

    /// The JS `Error` made by [`into_error`], seen as something with an `errors` property.
    type ErrorWithErrors;

    #[wasm_bindgen(method, setter = errors)]
    fn set_errors(this: &ErrorWithErrors, errors: &JsValue);
}

/// The config every missing field falls back to.
#[wasm_bindgen]
pub fn defaults() -> Result<Ts<Config>, JsValue> {
    to_js(&Config::defaults())
}

/// The shipped presets, in the order the designer lists them.
#[wasm_bindgen]
pub fn presets() -> Result<Vec<Ts<PresetInfo>>, JsValue> {
    crate::PRESETS
        .iter()
        .map(|(name, description)| {
            to_js(&PresetInfo {
                name: (*name).to_owned(),
                description: (*description).to_owned(),
            })
        })
        .collect()
}

/// The config of a preset by name, or `undefined` for an unknown name.
#[wasm_bindgen]
pub fn preset(name: &str) -> Result<Option<Ts<Config>>, JsValue> {
    Config::preset(name).map(|c| to_js(&c)).transpose()
}

/// Every problem with a config, each with its field path; empty when the config is valid.
/// A value that is not a config at all (a wrong type somewhere) is reported the same way.
#[wasm_bindgen]
pub fn validate(config: Ts<Config>) -> Result<Vec<Ts<FieldError>>, JsValue> {
    let errors = match from_js(&config) {
        Ok(config) => crate::validate(&config).err().unwrap_or_default(),
        Err(errors) => errors,
    };
    errors.iter().map(to_js).collect()
}

/// The template for a config and the facts about it; throws a `FargateStackError` on a bad
/// config.
#[wasm_bindgen]
pub fn generate(config: Ts<Config>) -> Result<Ts<GenerateResult>, JsValue> {
    let generated = from_js(&config)
        .and_then(|c| crate::generate_all(&c))
        .map_err(|e| into_error(&e))?;
    to_js(&GenerateResult {
        template: json_parse(&generated.json)?,
        json: generated.json,
        resource_count: generated.resource_count,
        bytes: generated.bytes,
        parameters: generated
            .parameters
            .into_iter()
            .map(|(name, default)| TemplateParameter { name, default })
            .collect(),
        outputs: generated.outputs,
        deploy_command: generated.deploy_command,
        notes: generated.notes,
    })
}

/// The stack as a graph with a layout plus its SVG, Graphviz and Mermaid drawings, one node
/// per resource and parameter (see [`architecture`] for the folded view); throws a
/// `FargateStackError` on a bad config.
#[wasm_bindgen]
pub fn topology(config: Ts<Config>) -> Result<Ts<TopologyResult>, JsValue> {
    let template = from_js(&config)
        .and_then(|c| crate::generate(&c))
        .map_err(|e| into_error(&e))?;
    let graph = crate::topology::topology(&template);
    to_js(&TopologyResult {
        svg: graph.to_svg(),
        dot: graph.to_dot(),
        mermaid: graph.to_mermaid(),
        graph,
    })
}

/// The architecture view of the stack (one box per service, load balancer, database, queue,
/// NAT gateway...; every other resource listed in the `members` of the box it serves) with
/// its SVG, Graphviz and Mermaid drawings; `topology` is the view with every resource. Throws
/// a `FargateStackError` on a bad config.
#[wasm_bindgen]
pub fn architecture(config: Ts<Config>) -> Result<Ts<TopologyResult>, JsValue> {
    let template = from_js(&config)
        .and_then(|c| crate::generate(&c))
        .map_err(|e| into_error(&e))?;
    let graph = crate::topology::architecture(&template);
    to_js(&TopologyResult {
        svg: graph.to_svg(),
        dot: graph.to_dot(),
        mermaid: graph.to_mermaid(),
        graph,
    })
}

/// The monthly cost estimate of a config's stack in a region, with its usage assumptions;
/// throws a `FargateStackError` on a bad config or bad input (paths `region`, `usage.*`).
#[wasm_bindgen]
pub fn estimate(config: Ts<Config>, input: Ts<CostInput>) -> Result<Ts<Estimate>, JsValue> {
    let config = from_js(&config).map_err(|e| into_error(&e))?;
    let de = serde_wasm_bindgen::Deserializer::from(input.js_value());
    // Read like a config: a wrong type or an unknown key names its field (`usage.bucketGib`).
    let input: CostInput = crate::json_path::read_value(de)
        .map_err(|(path, err)| vec![FieldError::new(path, err.to_string())])
        .and_then(|value| {
            crate::json_path::from_value(&value)
                .map_err(|e| vec![FieldError::new(e.path(), e.inner().to_string())])
        })
        .map_err(|e| into_error(&e))?;
    let estimate = crate::cost::estimate(&config, &input).map_err(|e| into_error(&e))?;
    to_js(&estimate)
}

/// What deploying a config's template over a stack made from `before` (the deployed
/// template's JSON) will do; throws a `FargateStackError` on a bad config, or with the path
/// `before` when that text is not a CloudFormation JSON template.
#[wasm_bindgen]
pub fn changes(before: &str, config: Ts<Config>) -> Result<Ts<Changes>, JsValue> {
    let config = from_js(&config).map_err(|e| into_error(&e))?;
    let preview = crate::changes::changes_for(before, &config)
        .map_err(|e| into_error(&e))?
        .map_err(|e| into_error(&[FieldError::new("before", e.to_string())]))?;
    to_js(&preview)
}

/// The JSON Schema of the config, generated from the same Rust types.
#[wasm_bindgen(unchecked_return_type = "Record<string, unknown>")]
pub fn schema() -> Result<JsValue, JsValue> {
    crate::json_schema()
        .serialize(&serializer())
        .map_err(JsValue::from)
}

/// The package's version, which is the crate's.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The one error adapter: a JS `Error` whose message lists every problem (one `path: message`
/// per line) and whose `errors` property holds them as data, as `validate` returns them.
fn into_error(errors: &[FieldError]) -> JsValue {
    let message: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let error = JsValue::from(JsError::new(&message.join("\n")));
    // Serializing `{ path, message }` strings cannot fail; if it somehow did, the error still
    // carries every problem in its message.
    let list = errors
        .serialize(&serializer())
        .unwrap_or_else(|_| js_array());
    error.unchecked_ref::<ErrorWithErrors>().set_errors(&list);
    error
}

/// An empty JS array.
fn js_array() -> JsValue {
    Vec::<JsValue>::new().into()
}

/// A config from JS, read exactly as the crate reads JSON.
///
/// serde-wasm-bindgen fetches a struct's fields by name and never sees the other keys, so
/// `deny_unknown_fields` would let a typo pass silently. The value is therefore read as JSON
/// first (any JS value that has a JSON form; an error names the path of one that has not,
/// e.g. a function or a BigInt), then handed to [`Config::from_value`], which gives
/// the same errors, with the same paths, as the Rust crate and the CLI.
fn from_js(config: &Ts<Config>) -> Result<Config, Vec<FieldError>> {
    let de = serde_wasm_bindgen::Deserializer::from(config.js_value());
    let value = crate::json_path::read_value(de).map_err(|(path, err)| {
        // The error is a JS `Error`; its text starts with the class name.
        let message = err.to_string();
        let message = message.strip_prefix("Error: ").unwrap_or(&message);
        vec![FieldError::new(path, message)]
    })?;
    Config::from_value(value)
}

/// A Rust value as its JS twin, serialized with the options its tsify declaration states
/// (`hashmap_as_object`, `missing_as_null`), so the value and its TypeScript type agree.
fn to_js<T: Serialize + Tsify>(value: &T) -> Result<Ts<T>, JsValue> {
    Ts::from_rust(value).map_err(|e| JsError::from(e).into())
}

/// Plain objects for maps and `null` for `None`, for the values that have no tsify type.
fn serializer() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::json_compatible()
}
