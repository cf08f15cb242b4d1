//! Reading JSON with the field path of the first problem (`services[0].cpu`).
//!
//! Two halves, both small on purpose (the designer ships this code as WebAssembly, and a generic
//! path-tracking wrapper around every visitor cost more than the config types themselves):
//!
//! - [`read_value`] builds a `serde_json::Value` from any deserializer (JSON text, a JS value)
//!   and, when that fails, says where: the path is kept in a plain vector the visitor pushes to
//!   on the way down and leaves as it was when an error unwinds.
//! - [`from_value`] deserializes a type from a parsed `&Value`, wrapping only the containers:
//!   an error raised inside an object or array gains that key or index as it passes out.
//!   Scalars go straight to serde_json's own `&Value` deserializer, so every message (and the
//!   wording of type errors) is serde_json's.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Writes steps outermost first: keys joined by `.`, indices as `[i]`; empty for the root.
fn write_path<'a>(steps: impl Iterator<Item = &'a Step>) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// serde_json's key for a number kept as text (its `arbitrary_precision` feature, which a
/// dependency may switch on): such a number arrives as a one-entry map under this key.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads a `Value` from `de`; on failure, the path (empty for the root) and the error.
pub fn read_value<'de, D: Deserializer<'de>>(de: D) -> Result<Value, (String, D::Error)> {
    let mut steps = Vec::new();
    ValueSeed { steps: &mut steps }
        .deserialize(de)
        .map_err(|err| (write_path(steps.iter()), err))
}

/// Builds a `Value`, pushing each key or index before reading what it holds.
struct ValueSeed<'p> {
    steps: &'p mut Vec<Step>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Number::from_i128(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Number::from_u128(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.steps.push(Step::Index(items.len()));
            // On an error the step stays: it is where the problem is.
            match seq.next_element_seed(ValueSeed { steps: self.steps })? {
                Some(item) => items.push(item),
                None => {
                    self.steps.pop();
                    return Ok(Value::Array(items));
                }
            }
            self.steps.pop();
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN && object.is_empty() {
                let text: String = map.next_value()?;
                return serde_json::from_str::<Number>(&text)
                    .map(Value::Number)
                    .map_err(de::Error::custom);
            }
            self.steps.push(Step::Key(key));
            let value = map.next_value_seed(ValueSeed { steps: self.steps })?;
            if let Some(Step::Key(key)) = self.steps.pop() {
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object))
    }
}

/// A serde_json error and where it happened.
#[derive(Debug)]
pub struct PathError {
    /// Innermost step first (steps are added as the error unwinds).
    steps: Vec<Step>,
    inner: serde_json::Error,
}

impl PathError {
    /// The path, outermost first; empty for the root.
    pub fn path(&self) -> String {
        write_path(self.steps.iter().rev())
    }

    /// The error without its path.
    pub fn inner(&self) -> &serde_json::Error {
        &self.inner
    }

    fn within(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }
}

impl From<serde_json::Error> for PathError {
    fn from(inner: serde_json::Error) -> Self {
        PathError {
            steps: Vec::new(),
            inner,
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.inner)
    }
}

impl std::error::Error for PathError {}

// Every constructor defers to serde_json's, so the messages are exactly serde_json's.
impl de::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        <serde_json::Error as de::Error>::custom(msg).into()
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        <serde_json::Error as de::Error>::invalid_type(unexp, exp).into()
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        <serde_json::Error as de::Error>::invalid_value(unexp, exp).into()
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        <serde_json::Error as de::Error>::invalid_length(len, exp).into()
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        <serde_json::Error as de::Error>::unknown_variant(variant, expected).into()
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        <serde_json::Error as de::Error>::unknown_field(field, expected).into()
    }

    fn missing_field(field: &'static str) -> Self {
        <serde_json::Error as de::Error>::missing_field(field).into()
    }

    fn duplicate_field(field: &'static str) -> Self {
        <serde_json::Error as de::Error>::duplicate_field(field).into()
    }
}

/// Deserializes a `T` from `value`; an error knows the path of the field it is about.
pub fn from_value<'a, T: de::Deserialize<'a>>(value: &'a Value) -> Result<T, PathError> {
    T::deserialize(ValueDe(value))
}

/// Scalars are read by serde_json's own `&Value` deserializer with the same hint: its number
/// handling (and wording) differs between hints when `arbitrary_precision` is on.
macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
                Ok(self.0.$method(visitor)?)
            }
        )*
    };
}

/// `&Value` as a deserializer that adds keys and indices to errors passing out of containers.
struct ValueDe<'a>(&'a Value);

impl<'de> Deserializer<'de> for ValueDe<'de> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Entries {
                iter: map.iter(),
                pending: None,
            }),
            Value::Array(items) => visitor.visit_seq(Items {
                iter: items.iter().enumerate(),
            }),
            // Scalars are visited here rather than by serde_json's `deserialize_any`, which
            // would also compile its own object and array walk into every struct's visitor.
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => Ok(n.deserialize_any(visitor)?),
            Value::String(s) => visitor.visit_borrowed_str(s),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    // Enums in the config are plain strings; serde_json words their errors.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        Ok(self.0.deserialize_enum(name, variants, visitor)?)
    }

    scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        Ok(self.0.deserialize_unit_struct(name, visitor)?)
    }

    // Containers are visited only as what the type asks for. Going through `deserialize_any`
    // would compile each struct's sequence form too (serde accepts `[fields…]` for a struct),
    // a second copy of every config type's reader that a config never uses.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(Entries {
                iter: map.iter(),
                pending: None,
            }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items {
                iter: items.iter().enumerate(),
            }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_unit()
    }
}

/// What serde calls the kind of `value` in a type error, as serde_json's `&Value` does.
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => de::Unexpected::Unsigned(u),
            (None, Some(i), _) => de::Unexpected::Signed(i),
            (None, None, Some(f)) => de::Unexpected::Float(f),
            _ => de::Unexpected::Other("number"),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// An object's entries; the key of the value being read waits in `pending` for its error.
struct Entries<'a> {
    iter: serde_json::map::Iter<'a>,
    pending: Option<(&'a str, &'a Value)>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(de::value::BorrowedStrDeserializer::<PathError>::new(key))
            .map(Some)
            .map_err(|err| err.within(Step::Key(key.clone())))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, PathError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value was read before its key"));
        };
        seed.deserialize(ValueDe(value))
            .map_err(|err| err.within(Step::Key(key.to_owned())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An array's items with their indices.
struct Items<'a> {
    iter: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = PathError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, PathError> {
        let Some((i, value)) = self.iter.next() else {
            return Ok(None);
        };
        seed.deserialize(ValueDe(value))
            .map(Some)
            .map_err(|err| err.within(Step::Index(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        port: u16,
        #[serde(default)]
        tags: BTreeMap<String, String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
        note: Option<String>,
    }

    fn error(json: &str) -> (String, String) {
        let value: Value = serde_json::from_str(json).expect("test JSON parses");
        let err = from_value::<Outer>(&value).expect_err("the test value is wrong");
        (err.path(), err.inner().to_string())
    }

    // (Number wording depends on serde_json's `arbitrary_precision`, which test builds switch
    // on; the corpus in tests/ pins the messages users see for numbers.)
    #[test]
    fn errors_name_their_field() {
        assert_eq!(
            error(r#"{"items": [{"port": 1}, {"port": "x"}]}"#),
            (
                "items[1].port".into(),
                "invalid type: string \"x\", expected u16".into()
            )
        );
        assert_eq!(
            error(r#"{"items": [{"prot": 1}]}"#),
            (
                "items[0].prot".into(),
                "unknown field `prot`, expected `port` or `tags`".into()
            )
        );
        assert_eq!(
            error(r#"{"items": [{}]}"#),
            ("items[0]".into(), "missing field `port`".into())
        );
        assert_eq!(
            error(r#"{"items": [{"port": 1, "tags": {"a": true}}]}"#),
            (
                "items[0].tags.a".into(),
                "invalid type: boolean `true`, expected a string".into()
            )
        );
        assert_eq!(
            error(r#"{"items": [[8080]]}"#),
            (
                "items[0]".into(),
                "invalid type: sequence, expected struct Inner".into()
            )
        );
        assert_eq!(
            error(r#"{"items": [{"port": 1, "tags": ["a"]}]}"#),
            (
                "items[0].tags".into(),
                "invalid type: sequence, expected a map".into()
            )
        );
        assert_eq!(
            error(r#"{"items": {"port": 1}}"#),
            (
                "items".into(),
                "invalid type: map, expected a sequence".into()
            )
        );
        assert_eq!(
            error(r#"{"items": null}"#),
            (
                "items".into(),
                "invalid type: null, expected a sequence".into()
            )
        );
        assert_eq!(
            error(r#"{"items": [], "note": [1]}"#),
            (
                "note".into(),
                "invalid type: sequence, expected a string".into()
            )
        );
    }

    #[test]
    fn reads_what_it_parses() {
        let value: Value = serde_json::from_str(r#"{"items": [{"port": 8080}], "note": null}"#)
            .expect("test JSON parses");
        let outer: Outer = from_value(&value).expect("valid");
        assert_eq!(outer.items[0].port, 8080);
        assert_eq!(outer.note, None);
    }

    #[test]
    fn syntax_errors_name_where_they_happened() {
        let read = |json: &str| {
            let de = &mut serde_json::Deserializer::from_str(json);
            read_value(&mut *de).map_err(|(path, err)| (path, err.to_string()))
        };
        assert_eq!(
            read(r#"{"a": [1, {"b": tru}]}"#)
                .expect_err("bad literal")
                .0,
            "a[1].b"
        );
        assert_eq!(read("").expect_err("empty").0, "");
        let parsed = read(r#"{"a": [1, -2, 3.5, "x", null, true, {}], "b": {"c": []}}"#)
            .expect("valid JSON");
        let expected: Value =
            serde_json::from_str(r#"{"a": [1, -2, 3.5, "x", null, true, {}], "b": {"c": []}}"#)
                .expect("valid JSON");
        assert_eq!(parsed, expected);
        // A big number reads as serde_json reads it, with or without arbitrary_precision.
        let big = r#"{"n": 99999999999999999999, "m": 1e400}"#;
        assert_eq!(
            read(big).map_err(|e| e.1),
            serde_json::from_str::<Value>(big).map_err(|e| e.to_string())
        );
    }
}
