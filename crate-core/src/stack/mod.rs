//! Turns a checked config into the typed template, one submodule per part of the stack.
//!
//! Builders never fail: everything that could go wrong was ruled out by [`crate::validate`],
//! and every cross-resource reference goes through a [`LogicalId`] handle.

/// Concatenates strings and numbers into a `String` of exactly the right capacity: the
/// builders make a few hundred ids, names and descriptions per template, and `format!` (its
/// formatting machinery and its growing buffer) was a fifth of `generate`.
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::stack::Piece as _;
        let mut s = String::with_capacity(0 $(+ $part.len_hint())+);
        $($part.push_to(&mut s);)+
        s
    }};
}

mod alarms;
mod calls;
mod domain;
mod extras;
mod job;
mod load_balancer;
mod network;
mod outputs;
mod service;
mod waf;
mod worker;

use std::borrow::Cow;

use crate::config::Config;
use crate::template::{
    Expr, LogicalId, Obj, Parameter, Resource, ResourceType, TagStyle, Template,
};
use crate::validate::Plan;

/// What the network part hands to the others.
pub(crate) struct Net {
    /// The VPC id.
    pub vpc: Expr,
    /// The public subnets as a list expression.
    pub public_subnets: Expr,
    /// The private subnets as a list expression.
    pub private_subnets: Expr,
    /// The internet gateway attachment, which public-facing resources wait for.
    pub attachment: Option<LogicalId>,
}

/// The build state shared by the parts.
pub(crate) struct Ctx<'a> {
    pub config: &'a Config,
    pub plan: &'a Plan,
    pub t: Template,
}

impl Ctx<'_> {
    /// Adds a resource, putting the user's tags (and a `Name` tag where the console shows one)
    /// on it when its type is taggable.
    pub fn add(&mut self, id: &str, name: &str, mut resource: Resource) -> LogicalId {
        if let Some(tags) = self.tags(resource.kind, name) {
            resource.properties.push((Cow::Borrowed("Tags"), tags));
        }
        self.t.add_resource(id, resource)
    }

    /// Shorthand for a resource with only properties.
    pub fn res(&mut self, id: &str, name: &str, kind: ResourceType, properties: Obj) -> LogicalId {
        self.add(id, name, Resource::new(kind, properties))
    }

    fn tags(&self, kind: ResourceType, name: &str) -> Option<Expr> {
        let style = kind.tag_style();
        if style == TagStyle::None {
            return None;
        }
        let name_tag = kind.wants_name_tag().then(|| {
            if name.is_empty() {
                self.config.name.clone()
            } else {
                cat!(self.config.name, "-", name)
            }
        });
        if name_tag.is_none() && self.config.tags.is_empty() {
            return None;
        }
        let pairs = name_tag
            .map(|value| (Cow::Borrowed("Name"), value))
            .into_iter()
            .chain(
                self.config
                    .tags
                    .iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), v.clone())),
            );
        match style {
            TagStyle::None => None,
            TagStyle::List => Some(Expr::List(
                pairs
                    .map(|(k, v)| crate::map! { "Key" => Expr::Str(k), "Value" => v })
                    .collect(),
            )),
            TagStyle::Map => Some(Expr::Map(pairs.map(|(k, v)| (k, Expr::from(v))).collect())),
        }
    }

    /// Adds a parameter.
    pub fn param(&mut self, id: &str, parameter: Parameter) -> LogicalId {
        self.t.add_parameter(id, parameter)
    }
}

/// A part of a [`cat!`] string.
pub(crate) trait Piece {
    /// An upper bound of its length.
    fn len_hint(&self) -> usize;
    /// Appends it.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn len_hint(&self) -> usize {
        self.len()
    }
    // A call per piece: inlined, each `push_str` (its capacity check and copy) was more code
    // than the call, at a few hundred `cat!` pieces.
    #[inline(never)]
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn len_hint(&self) -> usize {
        self.len()
    }
    fn push_to(&self, out: &mut String) {
        self.as_str().push_to(out);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn len_hint(&self) -> usize {
        (**self).len_hint()
    }
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl Piece for u32 {
    fn len_hint(&self) -> usize {
        10
    }
    fn push_to(&self, out: &mut String) {
        u64::from(*self).push_to(out);
    }
}

impl Piece for usize {
    fn len_hint(&self) -> usize {
        20
    }
    fn push_to(&self, out: &mut String) {
        (*self as u64).push_to(out);
    }
}

impl Piece for u64 {
    fn len_hint(&self) -> usize {
        20
    }
    fn push_to(&self, out: &mut String) {
        crate::template::push_u64(out, *self);
    }
}

/// Builds the template for a config that passed [`crate::validate::check`].
pub(crate) fn build(config: &Config, plan: &Plan) -> Template {
    let description = format!(
        "{}: {} on ECS Fargate{}{} (generated by fargate-stack {}).",
        config.name,
        service_list(config),
        if plan.default_service.is_some() {
            " behind an Application Load Balancer"
        } else {
            ""
        },
        match config.network.mode {
            crate::config::NetworkMode::New => " in a new VPC",
            crate::config::NetworkMode::Existing => " in an existing VPC",
        },
        env!("CARGO_PKG_VERSION"),
    );
    let mut ctx = Ctx {
        config,
        plan,
        t: Template::new(description),
    };
    // About what the presets need (network, load balancer, each service's share), so the
    // resource list seldom grows while it is filled.
    ctx.t
        .reserve_resources(24 + 6 * plan.public_subnets.len() + 16 * config.services.len());
    let net = network::build(&mut ctx);
    let dns = domain::prepare(&mut ctx);
    // Only web services sit behind a load balancer; a stack of workers and jobs has none.
    let lb = plan
        .default_service
        .map(|default| load_balancer::build(&mut ctx, &net, default, dns.as_ref()));
    if let Some(lb) = &lb {
        waf::build(&mut ctx, lb);
    }
    let shared = service::shared(&mut ctx);
    let groups = service::security_groups(&mut ctx, &net, lb.as_ref());
    calls::rules(&mut ctx, &groups);
    let queues = worker::queues(&mut ctx);
    let extras = extras::build(&mut ctx, &net, lb.as_ref(), &groups);
    if let Some(dns) = &dns {
        // The names point at the HTTP API's own domain when one is in front, else at the
        // load balancer.
        let target = match (&extras.api, &lb) {
            (Some(api), _) => domain::api_domain(&mut ctx, dns, &api.api, &api.stage),
            (None, Some(lb)) => Some((lb.lb.att("DNSName"), lb.lb.att("CanonicalHostedZoneID"))),
            (None, None) => None,
        };
        if let Some(target) = target {
            domain::records(&mut ctx, dns, target);
        }
    }
    let watch = alarms::release(&mut ctx, lb.as_ref(), &queues);
    let services = service::build_all(
        &mut ctx,
        &service::Inputs {
            net: &net,
            lb: lb.as_ref(),
            shared: &shared,
            groups: &groups,
            extras: &extras,
            queues: &queues,
            release_alarms: watch.as_ref().map_or(&[], |w| w.release.as_slice()),
        },
    );
    if let Some(watch) = &watch {
        alarms::watch(
            &mut ctx,
            watch,
            lb.as_ref(),
            &shared,
            &services,
            &extras,
            &queues,
        );
    }
    outputs::build(
        &mut ctx,
        &net,
        lb.as_ref(),
        &shared,
        &services,
        &extras,
        &queues,
    );
    ctx.t.record_config(config);
    ctx.t
}

/// A user-typed string as a template value. CloudFormation leaves `${...}` alone outside
/// `Fn::Sub`, but AWS's validator reports it as a forgotten Sub, while cfn-lint reports a Sub
/// whose only `${` are escaped as needless. Joining the text with each `${` split between two
/// pieces keeps the value exact and both tools quiet.
pub(crate) fn literal(s: &str) -> Expr {
    if !s.contains("${") {
        return Expr::from(s.to_owned());
    }
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        pieces.push(Expr::from(rest[..=i].to_owned()));
        rest = &rest[i + 1..];
    }
    pieces.push(Expr::from(rest.to_owned()));
    Expr::join("", Expr::List(pieces))
}

/// The services named in the template's description. CloudFormation allows a description of
/// 1,024 bytes; fifty 32-character names would not fit, so past about 700 bytes the rest are
/// counted instead of named.
fn service_list(config: &Config) -> String {
    const ROOM: usize = 700;
    let names: Vec<&str> = config.services.iter().map(|s| s.name.as_str()).collect();
    match names.as_slice() {
        [one] => cat!("service ", one),
        many => {
            let mut out = String::from("services ");
            for (i, name) in many.iter().enumerate() {
                if out.len() + name.len() > ROOM {
                    out.push_str(&format!(" and {} more", many.len() - i));
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `${HOME}` in an environment value was reported by AWS's validator (outside
    /// `Fn::Sub`) and, once wrapped in a Sub, by cfn-lint (W1020).
    #[test]
    fn literal_with_dollar_brace_joins_back_to_the_same_text() {
        for text in ["plain", "${HOME}", "a ${B} c ${D}", "$${x}", "${", "end ${"] {
            let joined = match literal(text) {
                Expr::Str(s) => s.into_owned(),
                Expr::Join("", list) => list
                    .as_list()
                    .unwrap_or_default()
                    .iter()
                    .map(|p| p.as_str().unwrap_or("?").to_owned())
                    .collect(),
                other => panic!("{other:?}"),
            };
            assert_eq!(joined, text);
            let json = serde_json::to_string(&literal(text)).expect("an Expr serializes");
            assert!(json.contains('"'), "{json}");
            assert!(!json.contains("${"), "{json}");
        }
    }
}
