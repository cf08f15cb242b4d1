//! An offline change preview: what `aws cloudformation deploy` will do to a stack deployed
//! from `before` (any CloudFormation JSON template) when it is given the template `after`.
//!
//! For every logical id: added, removed, updated or replaced, with causes. A property change
//! replaces a resource when AWS's provider schema lists it as create-only ([`create_only`]).
//! Then, where text diffs stop: a replaced resource gets a new physical id, so every
//! `Ref`/`GetAtt`/`Sub` of it changes value, and a dependent is updated (or replaced, when
//! the reference sits in a create-only property), transitively, each with the cause
//! "refers to Vpc (replaced)". Risks: data loss when a resource holding data is replaced or
//! removed; will-fail where CloudFormation refuses (a custom-named resource replaced under
//! the same name, deletion protection).

pub mod create_only;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use crate::template::{ResourceType, Template};
pub use create_only::{create_only, name_property};
use serde::{Deserialize, Serialize};
use tree::{lookup, Doc, Entries, Node};

/// What happens to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// Created.
    Add,
    /// Deleted.
    Remove,
    /// Changed in place.
    Update,
    /// Deleted and created anew (a new physical id).
    Replace,
}

/// Why a resource changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Cause {
    /// The property path (`Properties.CidrBlock`), or the part of the resource (`Type`).
    pub path: String,
    /// Whether this cause alone forces a replacement.
    pub replacement: bool,
    /// In words: `changed`, `refers to Vpc (replaced)`.
    pub reason: String,
}

/// One resource's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ResourceChange {
    /// Its logical id.
    pub logical_id: String,
    /// Its type (the new one when it changed).
    pub resource_type: String,
    /// What happens.
    pub action: Action,
    /// Why, property by property.
    pub causes: Vec<Cause>,
    /// Data that is lost, and how.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_loss: Option<String>,
    /// Why CloudFormation will refuse the change.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub will_fail: Option<String>,
}

/// A parameter or output added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EntryChange {
    /// Its name.
    pub name: String,
    /// Add, remove or update.
    pub action: Action,
    /// What changed (`Default: latest -> v2`).
    pub detail: String,
}

/// Counts and flags, for a one-line verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Resources added.
    pub add: usize,
    /// Resources removed.
    pub remove: usize,
    /// Resources updated in place.
    pub update: usize,
    /// Resources replaced.
    pub replace: usize,
    /// Whether any change loses data.
    pub data_loss: bool,
    /// Whether CloudFormation will refuse some change.
    pub will_fail: bool,
}

/// The whole preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Changes {
    /// Changed resources, in the new template's order, then the removed ones.
    pub resources: Vec<ResourceChange>,
    /// Parameter changes.
    pub parameters: Vec<EntryChange>,
    /// Output changes.
    pub outputs: Vec<EntryChange>,
    /// Counts and flags.
    pub summary: Summary,
}

/// Why `before` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[error("{}", display_read_error(.message, *.line, *.column))]
#[serde(rename_all = "camelCase")]
pub struct ReadError {
    /// What is wrong.
    pub message: String,
    /// Where, 1-based; 0 when the problem is the document's shape.
    pub line: usize,
    /// Where, 1-based; 0 when the problem is the document's shape.
    pub column: usize,
}

/// `message (line L, column C)`, or just the message for a problem of the document's shape.
fn display_read_error(message: &str, line: usize, column: usize) -> String {
    if line == 0 {
        message.to_owned()
    } else {
        format!("{message} (line {line}, column {column})")
    }
}

/// The preview of deploying `after` over a stack made from `before` (template JSON).
pub fn changes(before: &str, after: &Template) -> Result<Changes, ReadError> {
    let old: Doc<'_> = serde_json::from_str(before).map_err(|e| {
        // serde_json ends its message with the location, which the error carries as fields.
        let text = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        ReadError {
            message: text.strip_suffix(&suffix).unwrap_or(&text).to_owned(),
            line: e.line(),
            column: e.column(),
        }
    })?;
    let shape = |message: &str| ReadError {
        message: message.into(),
        line: 0,
        column: 0,
    };
    if !old.object {
        return Err(shape("not a template: the document is not an object"));
    }
    let empty = Entries::new();
    let old_resources = match &old.resources {
        Some(Node::Map(r)) => r,
        None => &empty,
        Some(_) => return Err(shape("not a template: Resources is not an object")),
    };
    let new = Doc::of_template(after);
    let new_resources = new
        .resources
        .as_ref()
        .and_then(Node::as_map)
        .unwrap_or(&empty);
    Ok(compare(&old, old_resources, &new, new_resources))
}

/// A resource as the preview reads it.
struct Res<'t, 'a> {
    kind: &'t str,
    props: Option<&'t Node<'a>>,
}

fn res<'t, 'a>(value: &'t Node<'a>) -> Res<'t, 'a> {
    Res {
        kind: value.get("Type").and_then(Node::as_str).unwrap_or(""),
        props: value.get("Properties"),
    }
}

/// Resources by logical id. A sorted map, not a hash map: the core has no randomness.
fn index<'t, 'a>(resources: &'t Entries<'a>) -> BTreeMap<&'t str, &'t Node<'a>> {
    resources.iter().map(|(k, v)| (&**k, v)).collect()
}

fn compare<'t>(
    old: &'t Doc<'_>,
    old_resources: &'t Entries<'_>,
    new: &'t Doc<'_>,
    new_resources: &'t Entries<'_>,
) -> Changes {
    let old_index = index(old_resources);
    let new_index = index(new_resources);
    let mut found: BTreeMap<&str, ResourceChange> = BTreeMap::new();
    for (id, value) in new_resources {
        let n = res(value);
        let Some(old_value) = old_index.get(&**id) else {
            found.insert(id, change(id, n.kind, Action::Add, Vec::new()));
            continue;
        };
        let o = res(old_value);
        if o.kind != n.kind {
            let cause = Cause {
                path: "Type".into(),
                replacement: true,
                reason: format!("type changed from {} to {}", o.kind, n.kind),
            };
            found.insert(id, change(id, n.kind, Action::Replace, vec![cause]));
            continue;
        }
        let mut paths = Vec::new();
        diff(
            "",
            o.props.unwrap_or(&Node::Null),
            n.props.unwrap_or(&Node::Null),
            &mut paths,
        );
        let create_only = replacing(type_of(n.kind));
        let causes: Vec<Cause> = paths
            .into_iter()
            .map(|p| {
                let replacement = forces(&create_only, &p);
                Cause {
                    path: format!("Properties.{}", p.replace('/', ".")),
                    replacement,
                    reason: "changed".into(),
                }
            })
            .collect();
        // Attributes CloudFormation applies without touching the resource.
        let mut meta = Vec::new();
        for key in [
            "DeletionPolicy",
            "UpdateReplacePolicy",
            "DependsOn",
            "Condition",
        ] {
            if old_value.get(key) != value.get(key) {
                meta.push(Cause {
                    path: key.into(),
                    replacement: false,
                    reason: "changed".into(),
                });
            }
        }
        let action = if causes.iter().any(|c| c.replacement) {
            Action::Replace
        } else if !causes.is_empty() {
            Action::Update
        } else {
            // Only template attributes changed (or nothing): no change to the resource itself.
            if meta.is_empty() {
                continue;
            }
            Action::Update
        };
        let mut all = causes;
        all.extend(meta);
        found.insert(id, change(id, n.kind, action, all));
    }
    propagate(new_resources, &mut found);
    cannot_move_vpc(&mut found);
    let mut resources: Vec<ResourceChange> = Vec::new();
    for (id, _) in new_resources {
        if let Some(c) = found.remove(&**id) {
            resources.push(c);
        }
    }
    for (id, value) in old_resources {
        if !new_index.contains_key(&**id) {
            resources.push(change(id, res(value).kind, Action::Remove, Vec::new()));
        }
    }
    for c in &mut resources {
        let old_value = old_index.get(c.logical_id.as_str()).copied();
        let new_value = new_index.get(c.logical_id.as_str()).copied();
        assess(c, old_value, new_value);
    }
    let parameters = entries(old.parameters.as_ref(), new.parameters.as_ref(), true);
    let outputs = entries(old.outputs.as_ref(), new.outputs.as_ref(), false);
    let mut summary = Summary::default();
    for c in &resources {
        match c.action {
            Action::Add => summary.add += 1,
            Action::Remove => summary.remove += 1,
            Action::Update => summary.update += 1,
            Action::Replace => summary.replace += 1,
        }
        summary.data_loss |= c.data_loss.is_some();
        summary.will_fail |= c.will_fail.is_some();
    }
    Changes {
        resources,
        parameters,
        outputs,
        summary,
    }
}

fn change(id: &str, kind: &str, action: Action, causes: Vec<Cause>) -> ResourceChange {
    ResourceChange {
        logical_id: id.to_owned(),
        resource_type: kind.to_owned(),
        action,
        causes,
        data_loss: None,
        will_fail: None,
    }
}

fn type_of(name: &str) -> Option<ResourceType> {
    ResourceType::from_name(name)
}

/// What replaces a resource of a type: the provider schema's create-only properties, and
/// those CloudFormation's reference documents as "Update requires: Replacement" for types
/// whose schema leaves them out.
type Replacing = (&'static [&'static str], &'static [&'static str]);

fn replacing(kind: Option<ResourceType>) -> Replacing {
    kind.map_or((&[], &[]), |k| (create_only(k), create_only::documented(k)))
}

/// Whether a change at `path` (below Properties) touches a property that forces replacement:
/// the property itself, something inside it, or a whole object that contains it.
fn forces(create_only: &Replacing, path: &str) -> bool {
    let within = |inner: &str, outer: &str| {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    create_only
        .0
        .iter()
        .chain(create_only.1)
        .any(|p| within(path, p) || within(p, path))
}

/// The paths (`A/B/0/C`) where two values differ, down to the first level that differs in
/// shape; lists are compared element by element, so one changed element is one path.
fn diff(prefix: &str, a: &Node<'_>, b: &Node<'_>, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}/{k}")
        }
    };
    match (a, b) {
        (Node::Map(x), Node::Map(y)) if !is_intrinsic(x) && !is_intrinsic(y) => {
            let keys: BTreeSet<&str> = x.iter().chain(y).map(|(k, _)| &**k).collect();
            for k in keys {
                diff(
                    &join(k),
                    a.get(k).unwrap_or(&Node::Null),
                    b.get(k).unwrap_or(&Node::Null),
                    out,
                );
            }
        }
        (Node::List(x), Node::List(y)) if x.len() == y.len() && !prefix.is_empty() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(&join(&i.to_string()), p, q, out);
            }
        }
        _ => out.push(if prefix.is_empty() {
            "(all)".into()
        } else {
            prefix.to_owned()
        }),
    }
}

fn is_intrinsic(m: &Entries<'_>) -> bool {
    matches!(m.as_slice(), [(k, _)] if k == "Ref" || k.starts_with("Fn::"))
}

/// The ids `v` refers to (`Ref`, `Fn::GetAtt`, `${Id}` in `Fn::Sub`), pseudo parameters left out.
fn refs<'t>(v: &'t Node<'_>, out: &mut BTreeSet<&'t str>) {
    match v {
        Node::Map(m) => {
            if let [(k, arg)] = m.as_slice() {
                match (&**k, arg) {
                    ("Ref", Node::Str(id)) => {
                        if !id.starts_with("AWS::") {
                            out.insert(id);
                        }
                        return;
                    }
                    ("Fn::GetAtt", Node::List(args)) => {
                        if let Some(id) = args.first().and_then(Node::as_str) {
                            out.insert(id);
                        }
                        return;
                    }
                    ("Fn::GetAtt", Node::Str(id)) => {
                        out.insert(id.split('.').next().unwrap_or(id));
                        return;
                    }
                    ("Fn::Sub", sub) => {
                        let text = match sub {
                            Node::Str(s) => Some(&**s),
                            Node::List(a) => a.first().and_then(Node::as_str),
                            _ => None,
                        };
                        let mut rest = text.unwrap_or("");
                        while let Some(start) = rest.find("${") {
                            let after = &rest[start + 2..];
                            let Some(end) = after.find('}') else { break };
                            let name = &after[..end];
                            if !name.starts_with('!') && !name.starts_with("AWS::") {
                                out.insert(name.split('.').next().unwrap_or(name));
                            }
                            rest = &after[end + 1..];
                        }
                        if let Node::List(a) = sub {
                            for x in a.iter().skip(1) {
                                refs(x, out);
                            }
                        }
                        return;
                    }
                    _ => {}
                }
            }
            for (_, x) in m {
                refs(x, out);
            }
        }
        Node::List(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// One dependent of a resource: its id, its type, and the top-level properties that refer
/// to that resource.
type Dependent<'t> = (&'t str, &'t str, Vec<&'t str>);

/// Replacements ripple: every dependent of a replaced resource sees a new value wherever it
/// refers to it, and is replaced when that reference sits in a create-only property.
fn propagate<'t>(new_resources: &'t Entries<'_>, found: &mut BTreeMap<&'t str, ResourceChange>) {
    // Who refers to whom, read once: per referred id, its dependents in template order, each
    // with the properties (in their order) that hold the reference.
    let mut dependents: BTreeMap<&'t str, Vec<Dependent<'t>>> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    for (id, value) in new_resources {
        let r = res(value);
        let Some(Node::Map(props)) = r.props else {
            continue;
        };
        for (k, v) in props {
            ids.clear();
            refs(v, &mut ids);
            for target in &ids {
                let list = dependents.entry(target).or_default();
                match list.last_mut() {
                    Some(last) if last.0 == &**id => last.2.push(k),
                    _ => list.push((id, r.kind, vec![k])),
                }
            }
        }
    }
    let mut queue: Vec<&'t str> = found
        .iter()
        .filter(|(_, c)| c.action == Action::Replace)
        .map(|(id, _)| *id)
        .collect();
    while let Some(replaced) = queue.pop() {
        let Some(list) = dependents.get(replaced) else {
            continue;
        };
        let reason = format!("refers to {replaced} (replaced)");
        for (id, kind, touched) in list {
            let create_only = replacing(type_of(kind));
            let Some(entry) = found.get_mut(id) else {
                // Unchanged so far; only resources that exist before and after are affected.
                let causes: Vec<Cause> = touched
                    .iter()
                    .map(|p| Cause {
                        path: format!("Properties.{p}"),
                        replacement: forces(&create_only, p),
                        reason: reason.clone(),
                    })
                    .collect();
                let replace = causes.iter().any(|c| c.replacement);
                let action = if replace {
                    Action::Replace
                } else {
                    Action::Update
                };
                found.insert(id, change(id, kind, action, causes));
                if replace {
                    queue.push(id);
                }
                continue;
            };
            if entry.action == Action::Add || entry.action == Action::Remove {
                continue;
            }
            let mut newly_replaced = false;
            for p in touched {
                let path = format!("Properties.{p}");
                if entry
                    .causes
                    .iter()
                    .any(|c| c.reason == reason && c.path == path)
                {
                    continue;
                }
                let replacement = forces(&create_only, p);
                entry.causes.push(Cause {
                    path,
                    replacement,
                    reason: reason.clone(),
                });
                if replacement && entry.action != Action::Replace {
                    entry.action = Action::Replace;
                    newly_replaced = true;
                }
            }
            if newly_replaced {
                queue.push(id);
            }
        }
    }
}

/// Some resources keep their VPC for life and are updated, not replaced, when their subnets
/// are: RDS refuses a subnet group whose new subnets are in another VPC, and a load balancer
/// cannot move to another VPC. When the VPC is replaced, those updates fail.
fn cannot_move_vpc(found: &mut BTreeMap<&str, ResourceChange>) {
    let vpc_replaced = found
        .values()
        .any(|c| c.resource_type == "AWS::EC2::VPC" && c.action == Action::Replace);
    if !vpc_replaced {
        return;
    }
    for c in found.values_mut() {
        let moved = c.action == Action::Update
            && c.causes.iter().any(|k| {
                (k.path == "Properties.SubnetIds" || k.path == "Properties.Subnets")
                    && k.reason.starts_with("refers to")
            });
        let what = match c.resource_type.as_str() {
            "AWS::RDS::DBSubnetGroup" => {
                "RDS refuses a subnet group whose new subnets are in another VPC"
            }
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                "a load balancer cannot move to subnets of another VPC"
            }
            _ => continue,
        };
        if moved {
            c.will_fail = Some(format!(
                "the VPC is replaced and {what}; deploy a new stack and move the data and traffic"
            ));
        }
    }
}

/// Data loss and refusals.
fn assess(c: &mut ResourceChange, old: Option<&Node<'_>>, new: Option<&Node<'_>>) {
    if !matches!(c.action, Action::Replace | Action::Remove) {
        return;
    }
    let old = match old {
        Some(v) => v,
        None => return,
    };
    let policy = |key: &str| old.get(key).and_then(Node::as_str).unwrap_or("Delete");
    let kept = |key: &str| match policy(key) {
        "Retain" | "RetainExceptOnCreate" => " (the old one is kept: Retain)",
        "Snapshot" => " (the old one is kept as a final snapshot)",
        _ => " (the old one is deleted)",
    };
    let which = if c.action == Action::Replace {
        "UpdateReplacePolicy"
    } else {
        "DeletionPolicy"
    };
    let verb = if c.action == Action::Replace {
        "replaced by a new, empty"
    } else {
        "removed with its"
    };
    c.data_loss = match c.resource_type.as_str() {
        "AWS::RDS::DBInstance" => Some(format!("the database is {verb} instance{}", kept(which))),
        "AWS::S3::Bucket" => Some(match c.action {
            Action::Replace => format!("the app writes to a new, empty bucket{}", kept(which)),
            _ => format!("the bucket and its objects go{}", kept(which)),
        }),
        "AWS::ECR::Repository" => Some(format!(
            "the images in the repository are lost{}",
            kept(which)
        )),
        "AWS::Logs::LogGroup" => Some(format!("the log history is lost{}", kept(which))),
        "AWS::SQS::Queue" => Some(format!(
            "messages waiting in the queue are lost{}",
            kept(which)
        )),
        _ => None,
    };
    let old_props = old.get("Properties");
    let old_prop = |key: &str| old_props.and_then(|p| p.get(key));
    let protected = old_prop("DeletionProtection") == Some(&Node::Bool(true))
        || old_prop("LoadBalancerAttributes")
            .and_then(Node::as_list)
            .is_some_and(|attrs| {
                attrs.iter().any(|a| {
                    a.get("Key").and_then(Node::as_str) == Some("deletion_protection.enabled")
                        && a.get("Value").and_then(Node::as_str) == Some("true")
                })
            });
    if protected {
        c.will_fail = Some(format!(
            "deletion protection is on: CloudFormation cannot {} it; turn protection off in a deploy first",
            if c.action == Action::Replace { "replace" } else { "delete" }
        ));
        return;
    }
    if c.action == Action::Replace {
        let name = type_of(&c.resource_type).and_then(name_property);
        if let (Some(name), Some(new)) = (name, new) {
            let before = old_prop(name);
            let after = new.get("Properties").and_then(|p| p.get(name));
            if before.is_some() && before == after {
                c.will_fail = Some(format!(
                    "{name} is set and unchanged: CloudFormation cannot replace a custom-named resource; change the name or leave it to CloudFormation"
                ));
            }
        }
    }
}

fn entries(old: Option<&Node<'_>>, new: Option<&Node<'_>>, parameters: bool) -> Vec<EntryChange> {
    let empty = Entries::new();
    let old = old.and_then(Node::as_map).unwrap_or(&empty);
    let new = new.and_then(Node::as_map).unwrap_or(&empty);
    let mut out = Vec::new();
    for (name, value) in new {
        match lookup(old, name) {
            None => out.push(EntryChange {
                name: name.to_string(),
                action: Action::Add,
                detail: String::new(),
            }),
            Some(before) if before != value => {
                let keys: &[&str] = if parameters {
                    &[
                        "Type",
                        "Default",
                        "AllowedValues",
                        "AllowedPattern",
                        "MinValue",
                        "MaxValue",
                    ]
                } else {
                    &["Value", "Export"]
                };
                let details: Vec<String> = keys
                    .iter()
                    .filter(|k| before.get(k) != value.get(k))
                    .map(|k| {
                        let show = |v: Option<&Node<'_>>| {
                            v.map_or("(none)".to_owned(), |v| match v {
                                Node::Str(s) => s.to_string(),
                                other => other.to_string(),
                            })
                        };
                        format!("{k}: {} -> {}", show(before.get(k)), show(value.get(k)))
                    })
                    .collect();
                if !details.is_empty() {
                    out.push(EntryChange {
                        name: name.to_string(),
                        action: Action::Update,
                        detail: details.join("; "),
                    });
                }
            }
            Some(_) => {}
        }
    }
    for (name, _) in old {
        if lookup(new, name).is_none() {
            out.push(EntryChange {
                name: name.to_string(),
                action: Action::Remove,
                detail: String::new(),
            });
        }
    }
    out
}

/// `changes` with `after` made from a config: the npm package's and the CLI's entry point.
pub fn changes_for(
    before: &str,
    config: &crate::Config,
) -> Result<Result<Changes, ReadError>, Vec<crate::FieldError>> {
    let after = crate::generate(config)?;
    Ok(changes(before, &after))
}

#[cfg(test)]
mod tests;
