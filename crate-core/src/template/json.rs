//! Serialisation of the typed model to CloudFormation JSON.
//!
//! The model serialises itself straight into the writer (no intermediate `serde_json::Value`),
//! which keeps rendering on every keystroke close to the cost of printing the bytes.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Expr, Parameter, Resource, SubPart, Template};

pub(super) fn to_pretty(template: &Template) -> String {
    // Serialising our own types into a Vec cannot fail: every map key is a string and no
    // Serialize impl here returns an error of its own.
    let mut out = Vec::with_capacity(32 * 1024);
    let mut ser = serde_json::Serializer::pretty(&mut out);
    match template.serialize(&mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
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
            match groups.iter_mut().find(|(g, _)| *g == p.group.as_str()) {
                Some((_, ids)) => ids.push(id.as_str()),
                None => groups.push((p.group.as_str(), vec![id.as_str()])),
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
            let conditions: serde_json::Map<String, serde_json::Value> = self
                .conditions
                .iter()
                .map(|(name, rule)| ((*name).to_owned(), rule.clone()))
                .collect();
            map.serialize_entry("Conditions", &conditions)?;
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
