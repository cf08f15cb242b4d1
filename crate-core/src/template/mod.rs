//! The typed CloudFormation model: a template, its parameters, resources and outputs.
//!
//! Everything is kept in insertion order so that the same build gives the same bytes.

mod expr;
mod json;
mod types;

pub use expr::{Entry, Expr, Key, LogicalId, Obj, Pseudo, SubPart};
pub(crate) use json::{escape_into, push_u64};
pub use types::{ResourceType, TagStyle};

use std::borrow::Cow;

use crate::config::Config;

/// `Metadata.FargateStack.Generator`: which build wrote the template.
pub const GENERATOR: &str = concat!("fargate-stack ", env!("CARGO_PKG_VERSION"));

/// What happens to a resource's data when the stack deletes or replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Delete it.
    Delete,
    /// Keep it.
    Retain,
    /// Keep a final snapshot (databases).
    Snapshot,
}

impl Policy {
    /// The CloudFormation spelling.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Delete => "Delete",
            Policy::Retain => "Retain",
            Policy::Snapshot => "Snapshot",
        }
    }
}

/// One resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Its type.
    pub kind: ResourceType,
    /// Its properties, in the order they are written.
    pub properties: Obj,
    /// Explicit dependencies beyond those implied by references.
    pub depends_on: Vec<LogicalId>,
    /// `DeletionPolicy` (and the same `UpdateReplacePolicy`), when not the default.
    pub retention: Option<Policy>,
}

impl Resource {
    /// A resource of `kind` with `properties`.
    pub fn new(kind: ResourceType, properties: Obj) -> Self {
        Resource {
            kind,
            properties,
            depends_on: Vec::new(),
            retention: None,
        }
    }

    /// Adds explicit dependencies.
    pub fn depends_on(mut self, ids: impl IntoIterator<Item = LogicalId>) -> Self {
        self.depends_on.extend(ids);
        self
    }

    /// Sets `DeletionPolicy` and `UpdateReplacePolicy`.
    pub fn retain(mut self, policy: Policy) -> Self {
        self.retention = Some(policy);
        self
    }

    /// The property `name`, if set.
    pub fn property(&self, name: &str) -> Option<&Expr> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// `Type`, e.g. `String`, `Number`, `AWS::EC2::VPC::Id`.
    pub kind: &'static str,
    /// `Description`.
    pub description: Cow<'static, str>,
    /// `Default`, as the string the CLI would pass.
    pub default: Option<String>,
    /// Extra constraints (`AllowedPattern`, `MinValue`, ...), written after the default.
    pub constraints: Obj,
    /// The label shown in the console (`AWS::CloudFormation::Interface`).
    pub label: Cow<'static, str>,
    /// The console group this parameter belongs to.
    pub group: Cow<'static, str>,
}

/// A stack output.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// `Description`.
    pub description: Cow<'static, str>,
    /// `Value`.
    pub value: Expr,
    /// Exported as `${AWS::StackName}-<logical id>` when true.
    pub export: bool,
}

/// A `Mappings` entry: its name, then first key -> second key -> value.
pub type Mapping = (
    &'static str,
    Vec<(&'static str, Vec<(&'static str, String)>)>,
);

/// A CloudFormation template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// `Description`.
    pub description: String,
    /// Top-level `Metadata` entries other than the console interface (generated from params).
    pub metadata: Obj,
    /// `Mappings`: map name -> first key -> second key -> value.
    pub mappings: Vec<Mapping>,
    /// `Conditions`: name -> rule (`Fn::Equals`, `Fn::Or`, ...), used by [`Expr::If`].
    pub conditions: Vec<(&'static str, Expr)>,
    parameters: Vec<(LogicalId, Parameter)>,
    resources: Vec<(LogicalId, Resource)>,
    outputs: Vec<(Cow<'static, str>, Output)>,
    /// The config recorded as `Metadata.FargateStack` (after `metadata`'s entries). Kept as
    /// the typed config rather than a `serde_json::Value`: converting it cost about a quarter
    /// of `generate`, and the printer writes it straight from the config.
    recorded: Option<Box<Config>>,
}

impl Template {
    /// An empty template.
    pub fn new(description: impl Into<String>) -> Self {
        Template {
            description: description.into(),
            ..Template::default()
        }
    }

    fn fresh_id(&self, wanted: &str) -> LogicalId {
        // Builders derive ids from validated, unique names, so a clash is not expected; if
        // one happens anyway a numbered suffix keeps the template valid instead of panicking.
        let taken = |id: &str| {
            self.resources.iter().any(|(r, _)| r.as_str() == id)
                || self.parameters.iter().any(|(p, _)| p.as_str() == id)
        };
        if !taken(wanted) {
            return LogicalId(wanted.into());
        }
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}{n}");
            if !taken(&candidate) {
                return LogicalId(candidate.into());
            }
            n += 1;
        }
    }

    /// Records `config` in the template's `Metadata.FargateStack`, with the generator's
    /// version, so a template can be loaded back into the tool that made it. Optional fields
    /// that are absent are left out: CloudFormation refuses `null` anywhere in a template, and
    /// every optional field defaults to absent, so the recorded config loads to the same value.
    pub fn record_config(&mut self, config: &Config) {
        self.recorded = Some(Box::new(config.clone()));
    }

    /// Makes room for `additional` more resources.
    pub(crate) fn reserve_resources(&mut self, additional: usize) {
        self.resources.reserve(additional);
    }

    /// Adds a resource and returns the handle used to refer to it.
    pub fn add_resource(&mut self, id: &str, resource: Resource) -> LogicalId {
        let id = self.fresh_id(id);
        self.resources.push((id.clone(), resource));
        id
    }

    /// Adds a parameter and returns the handle used to refer to it.
    pub fn add_parameter(&mut self, id: &str, parameter: Parameter) -> LogicalId {
        let id = self.fresh_id(id);
        self.parameters.push((id.clone(), parameter));
        id
    }

    /// Adds an output (a later output with the same name replaces nothing: names are unique
    /// by construction in the builders).
    pub fn add_output(&mut self, name: impl Into<Cow<'static, str>>, output: Output) {
        self.outputs.push((name.into(), output));
    }

    /// The resources in template order.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = (&LogicalId, &Resource)> {
        self.resources.iter().map(|(id, r)| (id, r))
    }

    /// The parameters in template order.
    pub fn parameters(&self) -> impl ExactSizeIterator<Item = (&LogicalId, &Parameter)> {
        self.parameters.iter().map(|(id, p)| (id, p))
    }

    /// The outputs in template order.
    pub fn outputs(&self) -> impl ExactSizeIterator<Item = (&str, &Output)> {
        self.outputs.iter().map(|(n, o)| (n.as_ref(), o))
    }

    /// The resource with this logical id.
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .find(|(r, _)| r.as_str() == id)
            .map(|(_, r)| r)
    }

    /// The parameter with this logical id.
    pub fn parameter(&self, id: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|(p, _)| p.as_str() == id)
            .map(|(_, p)| p)
    }

    /// The template as pretty-printed JSON with a stable key order.
    pub fn to_json(&self) -> String {
        json::to_pretty(self)
    }

    /// The template as a `serde_json::Value`.
    pub fn to_value(&self) -> serde_json::Value {
        json::to_value(self)
    }
}
