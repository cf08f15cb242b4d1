//! Serialisation of the typed model to CloudFormation JSON.
//!
//! [`Template::to_json`] runs on every keystroke in the designer, so it does not go through
//! serde: [`Pretty`] writes the model straight into one pre-sized `String`, byte for byte what
//! `serde_json`'s pretty printer would write for the same value (two-space indent, `": "`, the
//! same escapes), without serde's per-value dispatch or an intermediate `serde_json::Value`.
//! The `Serialize` impls below stay for [`Template::to_value`] and anyone serialising parts of
//! the model with serde; both paths must describe the same JSON (the snapshot tests compare the
//! text and the property tests read the value back).

use std::io;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::ser::{CharEscape, Formatter};

use super::{Expr, Parameter, Resource, SubPart, Template, GENERATOR};
use crate::config::Config;

pub(super) fn to_pretty(template: &Template) -> String {
    // Sized from the resource count (about 0.7 to 1.1 kB each in the presets, plus the
    // parameters, outputs and recorded config), so the buffer rarely grows while printing.
    let estimate = 8 * 1024 + template.resources.len() * 1280;
    let mut w = Pretty {
        out: String::with_capacity(estimate),
        depth: 0,
    };
    w.template(template);
    w.out
}

pub(super) fn to_value(template: &Template) -> serde_json::Value {
    serde_json::to_value(template).unwrap_or(serde_json::Value::Null)
}

/// Renders `Fn::Sub` parts into the template string, escaping literal `${` as `${!`.
pub(crate) fn render_sub(parts: &[SubPart]) -> String {
    let mut s = String::new();
    for part in parts {
        match part {
            SubPart::Lit(text) => s.push_str(&text.replace("${", "${!")),
            SubPart::Ref(id) => {
                s.push_str("${");
                s.push_str(id.as_str());
                s.push('}');
            }
            SubPart::Att(id, att) => {
                s.push_str("${");
                s.push_str(id.as_str());
                s.push('.');
                s.push_str(att);
                s.push('}');
            }
            SubPart::Pseudo(p) => {
                s.push_str("${");
                s.push_str(p.name());
                s.push('}');
            }
        }
    }
    s
}

struct One<'a, V: Serialize>(&'static str, &'a V);

impl<V: Serialize> Serialize for One<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

struct Pair<'a, A: Serialize, B: Serialize>(&'a A, &'a B);

impl<A: Serialize, B: Serialize> Serialize for Pair<'_, A, B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(2))?;
        seq.serialize_element(self.0)?;
        seq.serialize_element(self.1)?;
        seq.end()
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expr::Null => serializer.serialize_unit(),
            Expr::Bool(b) => serializer.serialize_bool(*b),
            Expr::Int(n) => serializer.serialize_i64(*n),
            Expr::Str(s) => serializer.serialize_str(s),
            Expr::List(items) => items.serialize(serializer),
            Expr::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
            Expr::Ref(id) => One("Ref", &id.as_str()).serialize(serializer),
            Expr::Pseudo(p) => One("Ref", &p.name()).serialize(serializer),
            Expr::GetAtt(id, att) => {
                One("Fn::GetAtt", &Pair(&id.as_str(), att)).serialize(serializer)
            }
            Expr::Sub(parts) => One("Fn::Sub", &render_sub(parts)).serialize(serializer),
            Expr::Join(sep, list) => {
                One("Fn::Join", &Pair(sep, list.as_ref())).serialize(serializer)
            }
            Expr::Select(index, list) => {
                One("Fn::Select", &Pair(index, list.as_ref())).serialize(serializer)
            }
            Expr::GetAzs => One("Fn::GetAZs", &"").serialize(serializer),
            Expr::FindInMap(map, key, second) => {
                let args = (map, key.as_ref(), second);
                One("Fn::FindInMap", &args).serialize(serializer)
            }
            Expr::If(condition, then, otherwise) => {
                let args = (condition, then.as_ref(), otherwise.as_ref());
                One("Fn::If", &args).serialize(serializer)
            }
            Expr::Json(value) => value.serialize(serializer),
        }
    }
}

struct ResourceJson<'a>(&'a Resource);

impl Serialize for ResourceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Type", r.kind.name())?;
        if let Some(policy) = r.retention {
            map.serialize_entry("DeletionPolicy", policy.name())?;
            map.serialize_entry("UpdateReplacePolicy", policy.name())?;
        }
        match r.depends_on.as_slice() {
            [] => {}
            [one] => map.serialize_entry("DependsOn", one.as_str())?,
            many => {
                let ids: Vec<&str> = many.iter().map(|id| id.as_str()).collect();
                map.serialize_entry("DependsOn", &ids)?;
            }
        }
        map.serialize_entry("Properties", &PropsJson(&r.properties))?;
        map.end()
    }
}

struct PropsJson<'a>(&'a [(super::Key, Expr)]);

impl Serialize for PropsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k.as_ref(), v)?;
        }
        map.end()
    }
}

struct ParameterJson<'a>(&'a Parameter);

impl Serialize for ParameterJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("Type", p.kind)?;
        map.serialize_entry("Description", &p.description)?;
        if let Some(default) = &p.default {
            map.serialize_entry("Default", default)?;
        }
        for (k, v) in &p.constraints {
            map.serialize_entry(k.as_ref(), v)?;
        }
        map.end()
    }
}

/// `AWS::CloudFormation::Interface`, derived from the parameters' groups and labels.
struct InterfaceJson<'a>(&'a Template);

impl Serialize for InterfaceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for (id, p) in &self.0.parameters {
            match groups.iter_mut().find(|(g, _)| *g == &*p.group) {
                Some((_, ids)) => ids.push(id.as_str()),
                None => groups.push((&p.group, vec![id.as_str()])),
            }
        }
        let groups: Vec<serde_json::Value> = groups
            .into_iter()
            .map(|(label, ids)| {
                serde_json::json!({ "Label": { "default": label }, "Parameters": ids })
            })
            .collect();
        let mut labels = serde_json::Map::new();
        for (id, p) in &self.0.parameters {
            labels.insert(
                id.as_str().to_owned(),
                serde_json::json!({ "default": p.label }),
            );
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("ParameterGroups", &groups)?;
        map.serialize_entry("ParameterLabels", &labels)?;
        map.end()
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("AWSTemplateFormatVersion", "2010-09-09")?;
        map.serialize_entry("Description", &self.description)?;
        {
            struct Meta<'a>(&'a Template);
            impl Serialize for Meta<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(None)?;
                    if !self.0.parameters.is_empty() {
                        map.serialize_entry(
                            "AWS::CloudFormation::Interface",
                            &InterfaceJson(self.0),
                        )?;
                    }
                    for (k, v) in &self.0.metadata {
                        map.serialize_entry(k.as_ref(), v)?;
                    }
                    if let Some(config) = &self.0.recorded {
                        map.serialize_entry("FargateStack", &recorded_value(config))?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Metadata", &Meta(self))?;
        }
        if !self.mappings.is_empty() {
            struct Maps<'a>(&'a Template);
            impl Serialize for Maps<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(None)?;
                    for (name, rows) in &self.0.mappings {
                        let rows: serde_json::Map<String, serde_json::Value> = rows
                            .iter()
                            .map(|(key, cols)| {
                                let cols: serde_json::Map<String, serde_json::Value> = cols
                                    .iter()
                                    .map(|(c, v)| ((*c).to_owned(), v.clone().into()))
                                    .collect();
                                ((*key).to_owned(), cols.into())
                            })
                            .collect();
                        map.serialize_entry(name, &rows)?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Mappings", &Maps(self))?;
        }
        if !self.conditions.is_empty() {
            struct Conditions<'a>(&'a Template);
            impl Serialize for Conditions<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(self.0.conditions.len()))?;
                    for (name, rule) in &self.0.conditions {
                        map.serialize_entry(name, rule)?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Conditions", &Conditions(self))?;
        }
        if !self.parameters.is_empty() {
            struct Params<'a>(&'a Template);
            impl Serialize for Params<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(self.0.parameters.len()))?;
                    for (id, p) in &self.0.parameters {
                        map.serialize_entry(id.as_str(), &ParameterJson(p))?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Parameters", &Params(self))?;
        }
        {
            struct Res<'a>(&'a Template);
            impl Serialize for Res<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(self.0.resources.len()))?;
                    for (id, r) in &self.0.resources {
                        map.serialize_entry(id.as_str(), &ResourceJson(r))?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Resources", &Res(self))?;
        }
        if !self.outputs.is_empty() {
            struct Outs<'a>(&'a Template);
            impl Serialize for Outs<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let mut map = serializer.serialize_map(Some(self.0.outputs.len()))?;
                    for (name, o) in &self.0.outputs {
                        struct O<'a>(&'a str, &'a super::Output);
                        impl Serialize for O<'_> {
                            fn serialize<S: Serializer>(
                                &self,
                                serializer: S,
                            ) -> Result<S::Ok, S::Error> {
                                let mut map = serializer.serialize_map(None)?;
                                map.serialize_entry("Description", &self.1.description)?;
                                map.serialize_entry("Value", &self.1.value)?;
                                if self.1.export {
                                    let name = Expr::Sub(vec![
                                        SubPart::Pseudo(super::Pseudo::StackName),
                                        SubPart::Lit(format!("-{}", self.0).into()),
                                    ]);
                                    map.serialize_entry("Export", &One("Name", &name))?;
                                }
                                map.end()
                            }
                        }
                        map.serialize_entry(name, &O(name, o))?;
                    }
                    map.end()
                }
            }
            map.serialize_entry("Outputs", &Outs(self))?;
        }
        map.end()
    }
}

/// `Metadata.FargateStack` as a value, for the serde path.
fn recorded_value(config: &Config) -> serde_json::Value {
    serde_json::json!({
        "Generator": GENERATOR,
        "Config": without_nulls(serde_json::to_value(config).unwrap_or_default()),
    })
}

/// CloudFormation refuses `null` anywhere in a template. Every optional config field defaults
/// to absent, so dropping nulls keeps the recorded config loadable to the same value.
/// [`NullDropping`] does the same while printing.
fn without_nulls(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

/// A line break and sixty-four spaces: a new line and its indentation are one slice of this.
const NEWLINE: &str = "\n                                                                ";

/// The direct pretty printer: the output and the current nesting depth.
struct Pretty {
    out: String,
    depth: usize,
}

impl Pretty {
    fn newline(&mut self) {
        let width = self.depth * 2;
        match NEWLINE.get(..1 + width) {
            Some(line) => self.out.push_str(line),
            None => {
                // Deeper than 32 levels: the generator's templates never get here.
                self.out.push('\n');
                self.out.extend(std::iter::repeat_n(' ', width));
            }
        }
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Closes an object or array; an empty one stays on one line (`{}`, `[]`).
    fn close(&mut self, bracket: char, any: bool) {
        self.depth = self.depth.saturating_sub(1);
        if any {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Starts an array item or object entry.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline();
    }

    fn key(&mut self, first: bool, key: &str) {
        self.item(first);
        self.string(key);
        self.out.push_str(": ");
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        escape_into(&mut self.out, s);
        self.out.push('"');
    }

    fn uint(&mut self, n: u64) {
        push_u64(&mut self.out, n);
    }

    fn int(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.uint(n.unsigned_abs());
    }

    /// `{"<key>": ` of a one-entry object (the intrinsic functions); [`Pretty::end_one`]
    /// closes it.
    fn one(&mut self, key: &str) {
        self.open('{');
        self.key(true, key);
    }

    fn end_one(&mut self) {
        self.close('}', true);
    }

    fn obj(&mut self, entries: &[(super::Key, Expr)]) {
        self.open('{');
        for (i, (k, v)) in entries.iter().enumerate() {
            self.key(i == 0, k);
            self.expr(v);
        }
        self.close('}', !entries.is_empty());
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Null => self.out.push_str("null"),
            Expr::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Expr::Int(n) => self.int(*n),
            Expr::Str(s) => self.string(s),
            Expr::List(items) => {
                self.open('[');
                for (i, item) in items.iter().enumerate() {
                    self.item(i == 0);
                    self.expr(item);
                }
                self.close(']', !items.is_empty());
            }
            Expr::Map(entries) => self.obj(entries),
            Expr::Ref(id) => {
                self.one("Ref");
                self.string(id.as_str());
                self.end_one();
            }
            Expr::Pseudo(p) => {
                self.one("Ref");
                self.string(p.name());
                self.end_one();
            }
            Expr::GetAtt(id, att) => {
                self.one("Fn::GetAtt");
                self.open('[');
                self.item(true);
                self.string(id.as_str());
                self.item(false);
                self.string(att);
                self.close(']', true);
                self.end_one();
            }
            Expr::Sub(parts) => {
                self.one("Fn::Sub");
                self.sub(parts);
                self.end_one();
            }
            Expr::Join(sep, list) => {
                self.one("Fn::Join");
                self.open('[');
                self.item(true);
                self.string(sep);
                self.item(false);
                self.expr(list);
                self.close(']', true);
                self.end_one();
            }
            Expr::Select(index, list) => {
                self.one("Fn::Select");
                self.open('[');
                self.item(true);
                self.uint(u64::from(*index));
                self.item(false);
                self.expr(list);
                self.close(']', true);
                self.end_one();
            }
            Expr::GetAzs => {
                self.one("Fn::GetAZs");
                self.string("");
                self.end_one();
            }
            Expr::FindInMap(map, key, second) => {
                self.one("Fn::FindInMap");
                self.open('[');
                self.item(true);
                self.string(map);
                self.item(false);
                self.expr(key);
                self.item(false);
                self.string(second);
                self.close(']', true);
                self.end_one();
            }
            Expr::If(condition, then, otherwise) => {
                self.one("Fn::If");
                self.open('[');
                self.item(true);
                self.string(condition);
                self.item(false);
                self.expr(then);
                self.item(false);
                self.expr(otherwise);
                self.close(']', true);
                self.end_one();
            }
            Expr::Json(value) => self.value(value),
        }
    }

    /// The `Fn::Sub` string, rendered and escaped in one pass (the same text as
    /// [`render_sub`]).
    fn sub(&mut self, parts: &[SubPart]) {
        self.out.push('"');
        for part in parts {
            match part {
                SubPart::Lit(text) => {
                    let mut rest: &str = text;
                    while let Some(i) = rest.find("${") {
                        escape_into(&mut self.out, &rest[..i]);
                        self.out.push_str("${!");
                        rest = &rest[i + 2..];
                    }
                    escape_into(&mut self.out, rest);
                }
                SubPart::Ref(id) => {
                    self.out.push_str("${");
                    escape_into(&mut self.out, id.as_str());
                    self.out.push('}');
                }
                SubPart::Att(id, att) => {
                    self.out.push_str("${");
                    escape_into(&mut self.out, id.as_str());
                    self.out.push('.');
                    escape_into(&mut self.out, att);
                    self.out.push('}');
                }
                SubPart::Pseudo(p) => {
                    self.out.push_str("${");
                    self.out.push_str(p.name());
                    self.out.push('}');
                }
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.uint(u);
                } else if let Some(i) = n.as_i64() {
                    self.int(i);
                } else {
                    // Floats: serde_json's Display is the text its serializer writes.
                    use std::fmt::Write;
                    let _ = write!(self.out, "{n}");
                }
            }
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.open('[');
                for (i, item) in items.iter().enumerate() {
                    self.item(i == 0);
                    self.value(item);
                }
                self.close(']', !items.is_empty());
            }
            Value::Object(map) => {
                self.open('{');
                for (i, (k, item)) in map.iter().enumerate() {
                    self.key(i == 0, k);
                    self.value(item);
                }
                self.close('}', !map.is_empty());
            }
        }
    }

    fn template(&mut self, t: &Template) {
        self.open('{');
        self.key(true, "AWSTemplateFormatVersion");
        self.string("2010-09-09");
        self.key(false, "Description");
        self.string(&t.description);

        self.key(false, "Metadata");
        self.open('{');
        let mut first = true;
        if !t.parameters.is_empty() {
            self.key(true, "AWS::CloudFormation::Interface");
            self.interface(t);
            first = false;
        }
        for (k, v) in &t.metadata {
            self.key(first, k);
            self.expr(v);
            first = false;
        }
        if let Some(config) = &t.recorded {
            self.key(first, "FargateStack");
            self.open('{');
            self.key(true, "Generator");
            self.string(GENERATOR);
            self.key(false, "Config");
            self.config(config);
            self.close('}', true);
            first = false;
        }
        self.close('}', !first);

        if !t.mappings.is_empty() {
            self.key(false, "Mappings");
            self.open('{');
            for (i, (name, rows)) in t.mappings.iter().enumerate() {
                self.key(i == 0, name);
                self.open('{');
                for (j, (key, cols)) in rows.iter().enumerate() {
                    self.key(j == 0, key);
                    self.open('{');
                    for (k, (col, v)) in cols.iter().enumerate() {
                        self.key(k == 0, col);
                        self.string(v);
                    }
                    self.close('}', !cols.is_empty());
                }
                self.close('}', !rows.is_empty());
            }
            self.close('}', true);
        }
        if !t.conditions.is_empty() {
            self.key(false, "Conditions");
            self.open('{');
            for (i, (name, rule)) in t.conditions.iter().enumerate() {
                self.key(i == 0, name);
                self.expr(rule);
            }
            self.close('}', true);
        }
        if !t.parameters.is_empty() {
            self.key(false, "Parameters");
            self.open('{');
            for (i, (id, p)) in t.parameters.iter().enumerate() {
                self.key(i == 0, id.as_str());
                self.parameter(p);
            }
            self.close('}', true);
        }
        self.key(false, "Resources");
        self.open('{');
        for (i, (id, r)) in t.resources.iter().enumerate() {
            self.key(i == 0, id.as_str());
            self.resource(r);
        }
        self.close('}', !t.resources.is_empty());
        if !t.outputs.is_empty() {
            self.key(false, "Outputs");
            self.open('{');
            for (i, (name, o)) in t.outputs.iter().enumerate() {
                self.key(i == 0, name);
                self.open('{');
                self.key(true, "Description");
                self.string(&o.description);
                self.key(false, "Value");
                self.expr(&o.value);
                if o.export {
                    self.key(false, "Export");
                    self.one("Name");
                    self.one("Fn::Sub");
                    self.out.push_str("\"${AWS::StackName}-");
                    // The same escaping as a literal Sub part.
                    let mut rest: &str = name;
                    while let Some(i) = rest.find("${") {
                        escape_into(&mut self.out, &rest[..i]);
                        self.out.push_str("${!");
                        rest = &rest[i + 2..];
                    }
                    escape_into(&mut self.out, rest);
                    self.out.push('"');
                    self.end_one();
                    self.end_one();
                }
                self.close('}', true);
            }
            self.close('}', true);
        }
        self.close('}', true);
    }

    /// `AWS::CloudFormation::Interface`: the parameter groups in first-use order, then every
    /// parameter's label.
    fn interface(&mut self, t: &Template) {
        self.open('{');
        self.key(true, "ParameterGroups");
        self.open('[');
        // Groups are few (one or two per service); a linear scan beats building a map.
        let mut groups: Vec<&str> = Vec::new();
        for (_, p) in &t.parameters {
            if !groups.contains(&&*p.group) {
                groups.push(&p.group);
            }
        }
        for (i, group) in groups.iter().enumerate() {
            self.item(i == 0);
            self.open('{');
            self.key(true, "Label");
            self.one("default");
            self.string(group);
            self.end_one();
            self.key(false, "Parameters");
            self.open('[');
            let members = t.parameters.iter().filter(|(_, p)| &*p.group == *group);
            for (j, (id, _)) in members.enumerate() {
                self.item(j == 0);
                self.string(id.as_str());
            }
            self.close(']', true);
            self.close('}', true);
        }
        self.close(']', !groups.is_empty());
        self.key(false, "ParameterLabels");
        self.open('{');
        for (i, (id, p)) in t.parameters.iter().enumerate() {
            self.key(i == 0, id.as_str());
            self.one("default");
            self.string(&p.label);
            self.end_one();
        }
        self.close('}', !t.parameters.is_empty());
        self.close('}', true);
    }

    fn parameter(&mut self, p: &Parameter) {
        self.open('{');
        self.key(true, "Type");
        self.string(p.kind);
        self.key(false, "Description");
        self.string(&p.description);
        if let Some(default) = &p.default {
            self.key(false, "Default");
            self.string(default);
        }
        for (k, v) in &p.constraints {
            self.key(false, k);
            self.expr(v);
        }
        self.close('}', true);
    }

    fn resource(&mut self, r: &Resource) {
        self.open('{');
        self.key(true, "Type");
        self.string(r.kind.name());
        if let Some(policy) = r.retention {
            self.key(false, "DeletionPolicy");
            self.string(policy.name());
            self.key(false, "UpdateReplacePolicy");
            self.string(policy.name());
        }
        match r.depends_on.as_slice() {
            [] => {}
            [one] => {
                self.key(false, "DependsOn");
                self.string(one.as_str());
            }
            many => {
                self.key(false, "DependsOn");
                self.open('[');
                for (i, id) in many.iter().enumerate() {
                    self.item(i == 0);
                    self.string(id.as_str());
                }
                self.close(']', true);
            }
        }
        self.key(false, "Properties");
        self.obj(&r.properties);
        self.close('}', true);
    }

    /// The recorded config, printed by serde straight into the output with nulls dropped.
    fn config(&mut self, config: &Config) {
        let (start, depth) = (self.out.len(), self.depth);
        let formatter = NullDropping {
            w: self,
            has_value: false,
            entry_start: 0,
            value_pending: false,
            dropped: false,
        };
        let mut ser = serde_json::Serializer::with_formatter(io::sink(), formatter);
        if config.serialize(&mut ser).is_err() {
            // Not reachable (every key is a string); the serde path writes `null` then too.
            self.out.truncate(start);
            self.depth = depth;
            self.out.push_str("null");
        }
    }
}

/// Appends `s` with JSON's escapes: the same set and spelling as serde_json (`\"`, `\\`,
/// `\b \f \n \r \t`, other control characters as `\u00xx`; nothing else, so non-ASCII
/// text is copied as is). Almost no string in a template needs an escape, so the scan checks
/// eight bytes at a time and copies each clean run in one piece.
fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        while let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            if word_needs_escape(u64::from_le_bytes(eight)) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        // `b` is ASCII, so `i - 1` and `i` are character boundaries.
        out.push_str(&s[start..i - 1]);
        start = i;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
    out.push_str(&s[start..]);
}

/// Whether any of the eight bytes in `x` is a control character, `"` or `\`. The usual
/// word-at-a-time tests: a byte below 0x20, or a zero byte after xor with the character; each
/// sets the byte's high bit only where it holds (bytes of 0x80 and above never match).
fn word_needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = x.wrapping_sub(ONES * 0x20);
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    let found = below_space | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES);
    found & !x & HIGH != 0
}

/// A serde_json formatter that prints like its `PrettyFormatter` into a [`Pretty`] (the
/// serializer's own writer is a sink), continuing at the printer's depth, and leaves out
/// every object entry whose value is `null`, as [`without_nulls`] does for the serde path.
/// An entry is only known to be null once its key is written, so a null value rewinds the
/// output to where the entry began.
struct NullDropping<'a> {
    w: &'a mut Pretty,
    /// Whether the innermost open object or array has an entry yet (as in `PrettyFormatter`:
    /// closing a nested value sets it for the parent).
    has_value: bool,
    /// Where the current object entry began, comma included.
    entry_start: usize,
    /// Set between an object key and the start of its value.
    value_pending: bool,
    /// Set when the current entry's null value was dropped.
    dropped: bool,
}

impl NullDropping<'_> {
    fn value(&mut self) -> &mut Pretty {
        self.value_pending = false;
        self.w
    }
}

impl Formatter for NullDropping<'_> {
    fn write_null<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if self.value_pending {
            self.value_pending = false;
            self.w.out.truncate(self.entry_start);
            self.dropped = true;
        } else {
            self.w.out.push_str("null");
        }
        Ok(())
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, _: &mut W, value: bool) -> io::Result<()> {
        self.value()
            .out
            .push_str(if value { "true" } else { "false" });
        Ok(())
    }

    fn write_i8<W: ?Sized + io::Write>(&mut self, _: &mut W, value: i8) -> io::Result<()> {
        self.value().int(i64::from(value));
        Ok(())
    }

    fn write_i16<W: ?Sized + io::Write>(&mut self, _: &mut W, value: i16) -> io::Result<()> {
        self.value().int(i64::from(value));
        Ok(())
    }

    fn write_i32<W: ?Sized + io::Write>(&mut self, _: &mut W, value: i32) -> io::Result<()> {
        self.value().int(i64::from(value));
        Ok(())
    }

    fn write_i64<W: ?Sized + io::Write>(&mut self, _: &mut W, value: i64) -> io::Result<()> {
        self.value().int(value);
        Ok(())
    }

    fn write_i128<W: ?Sized + io::Write>(&mut self, _: &mut W, value: i128) -> io::Result<()> {
        use std::fmt::Write;
        let _ = write!(self.value().out, "{value}");
        Ok(())
    }

    fn write_u8<W: ?Sized + io::Write>(&mut self, _: &mut W, value: u8) -> io::Result<()> {
        self.value().uint(u64::from(value));
        Ok(())
    }

    fn write_u16<W: ?Sized + io::Write>(&mut self, _: &mut W, value: u16) -> io::Result<()> {
        self.value().uint(u64::from(value));
        Ok(())
    }

    fn write_u32<W: ?Sized + io::Write>(&mut self, _: &mut W, value: u32) -> io::Result<()> {
        self.value().uint(u64::from(value));
        Ok(())
    }

    fn write_u64<W: ?Sized + io::Write>(&mut self, _: &mut W, value: u64) -> io::Result<()> {
        self.value().uint(value);
        Ok(())
    }

    fn write_u128<W: ?Sized + io::Write>(&mut self, _: &mut W, value: u128) -> io::Result<()> {
        use std::fmt::Write;
        let _ = write!(self.value().out, "{value}");
        Ok(())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, _: &mut W, value: f32) -> io::Result<()> {
        // No float in the config; serde_json's own text keeps this exact if one appears.
        let text = serde_json::to_string(&value).unwrap_or_else(|_| "null".into());
        self.value().out.push_str(&text);
        Ok(())
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, _: &mut W, value: f64) -> io::Result<()> {
        let text = serde_json::to_string(&value).unwrap_or_else(|_| "null".into());
        self.value().out.push_str(&text);
        Ok(())
    }

    fn write_number_str<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        value: &str,
    ) -> io::Result<()> {
        self.value().out.push_str(value);
        Ok(())
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.value().out.push('"');
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.w.out.push('"');
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.w.out.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        let out = &mut self.w.out;
        match char_escape {
            CharEscape::Quote => out.push_str("\\\""),
            CharEscape::ReverseSolidus => out.push_str("\\\\"),
            CharEscape::Solidus => out.push_str("\\/"),
            CharEscape::Backspace => out.push_str("\\b"),
            CharEscape::FormFeed => out.push_str("\\f"),
            CharEscape::LineFeed => out.push_str("\\n"),
            CharEscape::CarriageReturn => out.push_str("\\r"),
            CharEscape::Tab => out.push_str("\\t"),
            CharEscape::AsciiControl(byte) => {
                let mut text = [0u8; 4];
                escape_into(out, char::from(byte).encode_utf8(&mut text));
            }
        }
        Ok(())
    }

    fn write_byte_array<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        value: &[u8],
    ) -> io::Result<()> {
        self.begin_array(writer)?;
        for (i, byte) in value.iter().enumerate() {
            self.begin_array_value(writer, i == 0)?;
            self.write_u8(writer, *byte)?;
            self.end_array_value(writer)?;
        }
        self.end_array(writer)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.value().open('[');
        self.has_value = false;
        Ok(())
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.w.close(']', self.has_value);
        Ok(())
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.w.item(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.value().open('{');
        self.has_value = false;
        Ok(())
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.w.close('}', self.has_value);
        Ok(())
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, _: &mut W, _: bool) -> io::Result<()> {
        // serde's `first` counts dropped entries too; whether one was written is what matters.
        self.entry_start = self.w.out.len();
        self.w.item(!self.has_value);
        Ok(())
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.w.out.push_str(": ");
        self.value_pending = true;
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if self.dropped {
            self.dropped = false;
        } else {
            self.has_value = true;
        }
        Ok(())
    }

    fn write_raw_fragment<W: ?Sized + io::Write>(
        &mut self,
        _: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.value().out.push_str(fragment);
        Ok(())
    }
}

/// Appends `n` in decimal (without going through `fmt`).
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}
