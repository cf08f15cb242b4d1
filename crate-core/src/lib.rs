//! fargate-stack: a description of a containerised web service in, an AWS CloudFormation
//! template that runs it on ECS Fargate behind an Application Load Balancer in a VPC out.
//!
//! The crate is pure: no IO, no clock, no randomness, no global state. The same config gives
//! the same bytes.
//!
//! ```
//! # fn main() -> Result<(), Vec<fargate_stack::FieldError>> {
//! let config = fargate_stack::Config::from_json(r#"{ "name": "flask-api" }"#)?;
//! let template = fargate_stack::generate(&config)?;
//! assert!(template.to_json().contains("AWS::ECS::Service"));
//! # Ok(())
//! # }
//! ```
//!
//! Data flows one way: [`config`] (serde) -> [`validate`] (field-path errors, a plan) ->
//! `stack` (the typed template) -> [`template`] (JSON). [`topology`] reads the built template, in
//! two views: every resource ([`topology::topology`]) or the architecture
//! ([`topology::architecture`]), where plumbing is folded into the box it serves.

pub mod changes;
pub mod cidr;
pub mod config;
pub mod cost;
pub mod deploy;
mod error;
pub mod fargate;
mod json_path;
pub mod order;
mod presets;
pub mod quota;
pub mod template;
pub mod topology;
pub mod validate;
#[cfg(feature = "wasm")]
pub mod wasm;

mod stack;

pub use config::{json_schema, Config, SCHEMA_VERSION};
pub use deploy::{deploy_command, deploy_notes, INLINE_TEMPLATE_LIMIT};
pub use error::FieldError;
pub use presets::PRESETS;
pub use template::Template;

/// Checks a config; every problem is reported at once, each with its field path.
///
/// This builds the template and checks CloudFormation's quotas on it (see [`quota`]), so a
/// config that passes here is one `generate` turns into a template CloudFormation accepts.
pub fn validate(config: &Config) -> Result<(), Vec<FieldError>> {
    assemble(config).map(|_| ())
}

/// Generates the template for a config, or every problem with it.
pub fn generate(config: &Config) -> Result<Template, Vec<FieldError>> {
    assemble(config).map(|(template, _)| template)
}

/// The one way to a template: field checks, the build, then the quotas of the built template
/// and its JSON. Builders cannot fail, and the quotas are checked on what they built, so
/// `generate` fails exactly when `validate` does.
fn assemble(config: &Config) -> Result<(Template, String), Vec<FieldError>> {
    let plan = validate::check(config)?;
    let template = stack::build(config, &plan);
    let json = template.to_json();
    quota::check(&plan, &template, json.len())?;
    Ok((template, json))
}

/// A generated template with the facts the designer and the npm package show about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The typed template.
    pub template: Template,
    /// Its pretty JSON.
    pub json: String,
    /// How many resources it declares.
    pub resource_count: usize,
    /// Size of `json` in bytes.
    pub bytes: usize,
    /// Parameter names with their defaults.
    pub parameters: Vec<(String, Option<String>)>,
    /// Output names.
    pub outputs: Vec<String>,
    /// The `aws cloudformation deploy` command for it.
    pub deploy_command: String,
    /// What a deployer must know beyond the command (see [`deploy_notes`]).
    pub notes: Vec<String>,
}

/// Generates the template, its JSON and the facts about it in one pass.
pub fn generate_all(config: &Config) -> Result<Generated, Vec<FieldError>> {
    let (template, json) = assemble(config)?;
    let bytes = json.len();
    let deploy_command = deploy_command(config, &template, bytes);
    let resource_count = template.resources().len();
    let parameters = template
        .parameters()
        .map(|(id, p)| (id.to_string(), p.default.clone()))
        .collect();
    let outputs = template.outputs().map(|(n, _)| n.to_owned()).collect();
    Ok(Generated {
        resource_count,
        parameters,
        outputs,
        bytes,
        json,
        deploy_command,
        notes: deploy_notes(config),
        template,
    })
}
