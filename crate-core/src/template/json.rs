//! Serialisation of the typed model to CloudFormation JSON.
//!
//! [`Template::to_json`] runs on every keystroke in the designer, so it does not go through
//! serde: [`Pretty`] writes the model straight into one pre-sized `String`, byte for byte what
//! `serde_json`'s pretty printer would write for the same value (two-space indent, `": "`, the
//! same escapes), without serde's per-value dispatch or an intermediate `serde_json::Value`.
//! [`Template::to_value`] and the `Serialize` impls of [`Template`] and [`Expr`] read the
//! printer's output back, so there is one encoder of the model.

use std::io;

use serde::ser::{Serialize, Serializer};
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
    serde_json::from_str(&to_pretty(template)).unwrap_or(serde_json::Value::Null)
}

// serde users get the same JSON by way of the printer: one encoder, so the two cannot drift.

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut w = Pretty {
            out: String::new(),
            depth: 0,
        };
        w.expr(self);
        printed_value::<S>(&w.out)?.serialize(serializer)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        printed_value::<S>(&to_pretty(self))?.serialize(serializer)
    }
}

/// The printer's output read back as a value (it is always JSON; an error says so anyway).
fn printed_value<S: Serializer>(json: &str) -> Result<serde_json::Value, S::Error> {
    serde_json::from_str(json).map_err(serde::ser::Error::custom)
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

    /// The `Fn::Sub` string, rendered and escaped in one pass: references as `${Id}` or
    /// `${Id.Att}`, a literal `${` as `${!`.
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
            // Not reachable (every key is a string).
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
pub(crate) fn escape_into(out: &mut String, s: &str) {
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
/// every object entry whose value is `null` (CloudFormation refuses `null` anywhere, and every
/// optional config field defaults to absent, so the recorded config still loads to the same
/// value).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{LogicalId, Pseudo};

    #[test]
    fn serde_users_see_the_printed_json() {
        let id = LogicalId(std::sync::Arc::from("Bucket"));
        let e = Expr::List(vec![
            Expr::Ref(id.clone()),
            Expr::GetAtt(id.clone(), "Arn"),
            Expr::Sub(vec![
                SubPart::Lit("arn:${x}:".into()),
                SubPart::Pseudo(Pseudo::Region),
                SubPart::Att(id, "Arn"),
            ]),
            Expr::If(
                "C",
                Box::new(Expr::Int(-3)),
                Box::new(Expr::Pseudo(Pseudo::NoValue)),
            ),
        ]);
        let expected = serde_json::json!([
            { "Ref": "Bucket" },
            { "Fn::GetAtt": ["Bucket", "Arn"] },
            { "Fn::Sub": "arn:${!x}:${AWS::Region}${Bucket.Arn}" },
            { "Fn::If": ["C", -3, { "Ref": "AWS::NoValue" }] },
        ]);
        assert_eq!(serde_json::to_value(&e).ok(), Some(expected));

        let config = Config::preset("seed").unwrap_or_default();
        let template = crate::generate(&config).expect("seed generates");
        let printed: serde_json::Value =
            serde_json::from_str(&template.to_json()).expect("the printer writes JSON");
        assert_eq!(serde_json::to_value(&template).ok(), Some(printed.clone()));
        assert_eq!(template.to_value(), printed);
    }
}
