//! The JSON the change preview reads: a tree that borrows its strings.
//!
//! The preview runs on every keystroke in the designer, over two templates of about 64 kB
//! each (production). Reading the deployed one into a `serde_json::Value` copied every key
//! and string and hashed every key into an ordered map, and the new one went through the
//! printer and back; together that was two thirds of the time. A [`Node`] borrows from the
//! text it was read from (or from the [`Template`]), keeps objects as small vectors (a
//! resource has a handful of keys; a linear look-up beats hashing), and the parts of a
//! template the preview does not read (`Metadata`, `Mappings`, `Conditions`) are skipped
//! without being built.
//!
//! [`Doc::of_template`] writes the model exactly as the printer does; a test checks it
//! against the printed JSON read back, for every preset and for generated configs, so the
//! two encoders cannot drift.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use crate::template::{Expr, Output, Parameter, Resource, SubPart, Template};

/// A JSON value whose strings borrow where they can.
#[derive(Debug, Clone)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Num(Number),
    Str(Cow<'a, str>),
    List(Vec<Node<'a>>),
    Map(Entries<'a>),
}

/// An object's entries in document order, each key once.
pub(crate) type Entries<'a> = Vec<(Cow<'a, str>, Node<'a>)>;

/// The value under `key` in an object's entries.
pub(crate) fn lookup<'t, 'a>(entries: &'t Entries<'a>, key: &str) -> Option<&'t Node<'a>> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The parts of a template the preview reads. `None` when the document has no such key.
#[derive(Debug, Default)]
pub(crate) struct Doc<'a> {
    /// Whether the document is an object at all.
    pub object: bool,
    pub parameters: Option<Node<'a>>,
    pub resources: Option<Node<'a>>,
    pub outputs: Option<Node<'a>>,
}

impl<'a> Node<'a> {
    /// The value under `key`, when this is an object.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Map(entries) => lookup(entries, key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Entries<'a>> {
        match self {
            Node::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Node<'a>]> {
        match self {
            Node::List(items) => Some(items),
            _ => None,
        }
    }

    fn str(s: &'a str) -> Self {
        Node::Str(Cow::Borrowed(s))
    }

    /// `{key: value}`: the shape of every intrinsic function.
    fn one(key: &'static str, value: Node<'a>) -> Self {
        Node::Map(vec![(Cow::Borrowed(key), value)])
    }
}

/// JSON equality: objects compare as sets of entries, whatever their order (a hand-edited
/// template with its keys reordered is the same template to CloudFormation).
impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Num(a), Node::Num(b)) => a == b,
            (Node::Str(a), Node::Str(b)) => a == b,
            (Node::List(a), Node::List(b)) => a == b,
            (Node::Map(a), Node::Map(b)) => {
                a.len() == b.len()
                    && a.iter().enumerate().all(|(i, (k, v))| {
                        // Same order is the common case: try the same position first.
                        match b.get(i) {
                            Some((bk, bv)) if bk == k => v == bv,
                            _ => b
                                .iter()
                                .find(|(bk, _)| bk == k)
                                .is_some_and(|(_, bv)| v == bv),
                        }
                    })
            }
            _ => false,
        }
    }
}

/// Compact JSON, for the values shown in a parameter's change (`MinValue: 1 -> 2`).
impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Num(n) => write!(f, "{n}"),
            Node::Str(s) => write!(f, "{}", serde_json::Value::String(s.to_string())),
            Node::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Node::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}:{v}", serde_json::Value::String(k.to_string()))?;
                }
                f.write_str("}")
            }
        }
    }
}

// ---- Reading JSON text ----

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Num(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Num(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node<'de>, E> {
        // JSON text has no NaN or infinity; serde_json hands over finite numbers only.
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Num))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::str(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node<'de>, E> {
        // A string with escapes: serde_json had to unescape it into a scratch buffer.
        Ok(Node::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Node<'de>>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries: Entries<'de> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if entries.is_empty() && key == NUMBER_TOKEN {
                // serde_json with `arbitrary_precision` (turned on by another crate in the
                // same build) hands a number over as this one-entry map of its text.
                let text = map.next_value::<String>()?;
                while map.next_key::<IgnoredAny>()?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(text
                    .parse::<Number>()
                    .map_or(Node::Str(Cow::Owned(text)), Node::Num));
            }
            let value = map.next_value::<Node<'de>>()?;
            insert(&mut entries, key, value);
        }
        Ok(Node::Map(entries))
    }
}

/// The key serde_json's `arbitrary_precision` feature wraps a number's text in.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Adds an entry; a repeated key keeps its first place and takes the last value, as
/// `serde_json` does.
fn insert<'a>(entries: &mut Entries<'a>, key: Cow<'a, str>, value: Node<'a>) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => entries.push((key, value)),
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The document: the three sections the preview reads are built, the rest skipped. A
/// document that is not an object reads as one with `object: false`, so the caller can say
/// so in words (malformed JSON is still an error with its location).
impl<'de> Deserialize<'de> for Doc<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DocVisitor;
        impl<'de> Visitor<'de> for DocVisitor {
            type Value = Doc<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a template")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<'de>, A::Error> {
                let mut doc = Doc {
                    object: true,
                    ..Doc::default()
                };
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    let slot = match &*key {
                        "Parameters" => &mut doc.parameters,
                        "Resources" => &mut doc.resources,
                        "Outputs" => &mut doc.outputs,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value::<Node<'de>>()?);
                }
                Ok(doc)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Doc::default())
            }
            fn visit_unit<E>(self) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Doc<'de>, E> {
                Ok(Doc::default())
            }
        }
        d.deserialize_any(DocVisitor)
    }
}

// ---- The model, written as the printer writes it ----

impl<'a> Doc<'a> {
    /// The sections of `template` the preview reads, as the printer would write them.
    pub fn of_template(template: &'a Template) -> Self {
        let parameters: Entries<'a> = template
            .parameters()
            .map(|(id, p)| (Cow::Borrowed(id.as_str()), parameter(p)))
            .collect();
        let resources: Entries<'a> = template
            .resources()
            .map(|(id, r)| (Cow::Borrowed(id.as_str()), resource(r)))
            .collect();
        let outputs: Entries<'a> = template
            .outputs()
            .map(|(name, o)| (Cow::Borrowed(name), output(name, o)))
            .collect();
        Doc {
            object: true,
            // The printer leaves out empty Parameters and Outputs, and always writes Resources.
            parameters: (!parameters.is_empty()).then_some(Node::Map(parameters)),
            resources: Some(Node::Map(resources)),
            outputs: (!outputs.is_empty()).then_some(Node::Map(outputs)),
        }
    }
}

fn parameter(p: &Parameter) -> Node<'_> {
    let mut entries: Entries<'_> = vec![
        (Cow::Borrowed("Type"), Node::str(p.kind)),
        (Cow::Borrowed("Description"), Node::str(&p.description)),
    ];
    if let Some(default) = &p.default {
        entries.push((Cow::Borrowed("Default"), Node::str(default)));
    }
    for (k, v) in &p.constraints {
        entries.push((Cow::Borrowed(k), expr(v)));
    }
    Node::Map(entries)
}

fn resource(r: &Resource) -> Node<'_> {
    let mut entries: Entries<'_> = Vec::with_capacity(5);
    entries.push((Cow::Borrowed("Type"), Node::str(r.kind.name())));
    if let Some(policy) = r.retention {
        entries.push((Cow::Borrowed("DeletionPolicy"), Node::str(policy.name())));
        entries.push((
            Cow::Borrowed("UpdateReplacePolicy"),
            Node::str(policy.name()),
        ));
    }
    match r.depends_on.as_slice() {
        [] => {}
        [one] => entries.push((Cow::Borrowed("DependsOn"), Node::str(one.as_str()))),
        many => entries.push((
            Cow::Borrowed("DependsOn"),
            Node::List(many.iter().map(|id| Node::str(id.as_str())).collect()),
        )),
    }
    entries.push((Cow::Borrowed("Properties"), obj(&r.properties)));
    Node::Map(entries)
}

fn output<'a>(name: &'a str, o: &'a Output) -> Node<'a> {
    let mut entries: Entries<'a> = vec![
        (Cow::Borrowed("Description"), Node::str(&o.description)),
        (Cow::Borrowed("Value"), expr(&o.value)),
    ];
    if o.export {
        let mut text = String::from("${AWS::StackName}-");
        literal(&mut text, name);
        entries.push((
            Cow::Borrowed("Export"),
            Node::one("Name", Node::one("Fn::Sub", Node::Str(Cow::Owned(text)))),
        ));
    }
    Node::Map(entries)
}

fn obj(entries: &[(crate::template::Key, Expr)]) -> Node<'_> {
    Node::Map(
        entries
            .iter()
            .map(|(k, v)| (Cow::Borrowed(&**k), expr(v)))
            .collect(),
    )
}

fn expr(e: &Expr) -> Node<'_> {
    match e {
        Expr::Null => Node::Null,
        Expr::Bool(b) => Node::Bool(*b),
        Expr::Int(n) => Node::Num((*n).into()),
        Expr::Str(s) => Node::str(s),
        Expr::List(items) => Node::List(items.iter().map(expr).collect()),
        Expr::Map(entries) => obj(entries),
        Expr::Ref(id) => Node::one("Ref", Node::str(id.as_str())),
        Expr::Pseudo(p) => Node::one("Ref", Node::str(p.name())),
        Expr::GetAtt(id, att) => Node::one(
            "Fn::GetAtt",
            Node::List(vec![Node::str(id.as_str()), Node::str(att)]),
        ),
        Expr::Sub(parts) => Node::one("Fn::Sub", Node::Str(Cow::Owned(sub(parts)))),
        Expr::Join(sep, list) => {
            Node::one("Fn::Join", Node::List(vec![Node::str(sep), expr(list)]))
        }
        Expr::Select(index, list) => Node::one(
            "Fn::Select",
            Node::List(vec![Node::Num(u64::from(*index).into()), expr(list)]),
        ),
        Expr::GetAzs => Node::one("Fn::GetAZs", Node::str("")),
        Expr::FindInMap(map, key, second) => Node::one(
            "Fn::FindInMap",
            Node::List(vec![Node::str(map), expr(key), Node::str(second)]),
        ),
        Expr::If(condition, then, otherwise) => Node::one(
            "Fn::If",
            Node::List(vec![Node::str(condition), expr(then), expr(otherwise)]),
        ),
        Expr::Json(value) => json(value),
    }
}

/// The `Fn::Sub` text: references as `${Id}` or `${Id.Att}`, a literal `${` as `${!`.
fn sub(parts: &[SubPart]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            SubPart::Lit(text) => literal(&mut out, text),
            SubPart::Ref(id) => {
                out.push_str("${");
                out.push_str(id.as_str());
                out.push('}');
            }
            SubPart::Att(id, att) => {
                out.push_str("${");
                out.push_str(id.as_str());
                out.push('.');
                out.push_str(att);
                out.push('}');
            }
            SubPart::Pseudo(p) => {
                out.push_str("${");
                out.push_str(p.name());
                out.push('}');
            }
        }
    }
    out
}

/// Literal `Fn::Sub` text, with `${` written as `${!`.
fn literal(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        out.push_str("${!");
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
}

fn json(v: &serde_json::Value) -> Node<'_> {
    use serde_json::Value;
    match v {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(*b),
        Value::Number(n) => Node::Num(n.clone()),
        Value::String(s) => Node::str(s),
        Value::Array(items) => Node::List(items.iter().map(json).collect()),
        Value::Object(map) => Node::Map(
            map.iter()
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    /// Equal, and in the same order: stricter than `==`, which ignores the order of keys.
    fn same(a: &Node<'_>, b: &Node<'_>) -> bool {
        match (a, b) {
            (Node::List(x), Node::List(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
            }
            (Node::Map(x), Node::Map(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|((k, p), (l, q))| k == l && same(p, q))
            }
            _ => a == b,
        }
    }

    fn same_section(a: &Option<Node<'_>>, b: &Option<Node<'_>>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    /// The model written directly is the printed JSON read back, for every preset: the two
    /// encoders cannot drift apart unseen.
    #[test]
    fn of_template_is_the_printed_json() {
        for (name, _) in crate::presets::PRESETS {
            let Some(config) = Config::preset(name) else {
                continue;
            };
            let template = crate::generate(&config).unwrap_or_default();
            let json = template.to_json();
            let read: Doc<'_> = serde_json::from_str(&json).unwrap_or_default();
            let made = Doc::of_template(&template);
            assert!(read.object && made.object, "{name}");
            assert!(read.resources.is_some(), "{name}");
            assert!(
                same_section(&read.resources, &made.resources),
                "{name}: Resources"
            );
            assert!(
                same_section(&read.parameters, &made.parameters),
                "{name}: Parameters"
            );
            assert!(
                same_section(&read.outputs, &made.outputs),
                "{name}: Outputs"
            );
        }
    }

    #[test]
    fn reading_keeps_json_semantics() {
        let doc: Doc<'_> =
            serde_json::from_str(r#"{"Resources": {"A": {"x": "a\"b", "x": 2}, "B": [1, 2.5, -3, null, true]}, "Metadata": {"deep": [[[{}]]]}}"#)
                .unwrap_or_default();
        let r = doc.resources.unwrap_or(Node::Null);
        // A repeated key keeps its first place and the last value.
        assert_eq!(r.get("A").and_then(Node::as_map).map(Vec::len), Some(1));
        assert_eq!(
            r.get("A").and_then(|a| a.get("x")),
            Some(&Node::Num(2.into()))
        );
        assert_eq!(
            r.get("B").map(ToString::to_string).as_deref(),
            Some("[1,2.5,-3,null,true]")
        );
        // Objects compare whatever the order of their keys.
        let a: Node<'_> =
            serde_json::from_str(r#"{"a": 1, "b": {"c": [1]}}"#).unwrap_or(Node::Null);
        let b: Node<'_> =
            serde_json::from_str(r#"{"b": {"c": [1]}, "a": 1}"#).unwrap_or(Node::Bool(false));
        assert_eq!(a, b);
        // Documents that are not objects read as such, not as errors.
        for text in ["[1, {}]", "\"x\"", "3", "null", "true"] {
            let doc: Doc<'_> = serde_json::from_str(text).unwrap_or(Doc {
                object: true,
                ..Doc::default()
            });
            assert!(!doc.object, "{text}");
        }
        // An escaped string is read into its own buffer.
        let s: Node<'_> = serde_json::from_str(r#""a\nb""#).unwrap_or(Node::Null);
        assert_eq!(s.as_str(), Some("a\nb"));
    }
}
