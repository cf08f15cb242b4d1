//! CloudFormation values: literals and intrinsic functions as one enum.
//!
//! A reference can only be written through a [`LogicalId`], and a `LogicalId` can only be
//! obtained from the [`Template`](super::Template) that declared the resource or parameter, so a
//! template built with these types cannot refer to something it does not contain.

use std::borrow::Cow;
use std::sync::Arc;

/// The logical id of a resource or parameter that exists in a template.
///
/// Only [`Template::add_resource`](super::Template::add_resource) and
/// [`Template::add_parameter`](super::Template::add_parameter) create one.
///
/// Every `Ref`, `GetAtt` and `${}` holds a copy of its target's id, so the id is shared
/// (`Arc`, to keep templates `Send`) and copying it allocates nothing.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogicalId(pub(super) Arc<str>);

impl Clone for LogicalId {
    // A call rather than the shared count's increment (and its overflow check) inlined at
    // each of the builders' few hundred copies.
    #[inline(never)]
    fn clone(&self) -> Self {
        LogicalId(Arc::clone(&self.0))
    }
}

impl LogicalId {
    /// The id as it appears in the template.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `{"Ref": id}`. Never inlined, like [`LogicalId::att`]: the builders write a few hundred
    /// references, and each inlined copy of the shared count's increment costs more code
    /// than the call.
    #[inline(never)]
    pub fn r(&self) -> Expr {
        Expr::Ref(self.clone())
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    #[inline(never)]
    pub fn att(&self, attribute: &'static str) -> Expr {
        Expr::GetAtt(self.clone(), attribute)
    }
}

impl std::fmt::Display for LogicalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The pseudo parameters the generator uses; hard-coding any of them would break portability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `AWS::Region`
    Region,
    /// `AWS::Partition`
    Partition,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::StackName`
    StackName,
    /// `AWS::NoValue`: removes the property (or list item) it stands for.
    NoValue,
}

impl Pseudo {
    /// The name used in `Ref` and `${}`.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::Region => "AWS::Region",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }
}

/// One piece of an `Fn::Sub` string.
#[derive(Debug, Clone, PartialEq)]
pub enum SubPart {
    /// Literal text; `${` in it is escaped when rendered.
    Lit(Cow<'static, str>),
    /// `${Id}`
    Ref(LogicalId),
    /// `${Id.Attribute}`
    Att(LogicalId, &'static str),
    /// `${AWS::Region}` and friends.
    Pseudo(Pseudo),
}

/// A map key: static for property names, owned for user-chosen keys (tags, variables).
pub type Key = Cow<'static, str>;

/// An ordered JSON object of expressions. Order is insertion order, which keeps output stable.
pub type Obj = Vec<(Key, Expr)>;

/// A CloudFormation value.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// JSON `null`.
    Null,
    /// JSON boolean.
    Bool(bool),
    /// JSON integer.
    Int(i64),
    /// JSON string.
    Str(Cow<'static, str>),
    /// JSON array.
    List(Vec<Expr>),
    /// JSON object.
    Map(Obj),
    /// `{"Ref": id}` to a resource or parameter.
    Ref(LogicalId),
    /// `{"Ref": "AWS::..."}`.
    Pseudo(Pseudo),
    /// `{"Fn::GetAtt": [id, attribute]}`.
    GetAtt(LogicalId, &'static str),
    /// `{"Fn::Sub": "..."}` built from parts.
    Sub(Vec<SubPart>),
    /// `{"Fn::Join": [separator, list]}`; the list is a literal list or a list-valued `Ref`.
    Join(&'static str, Box<Expr>),
    /// `{"Fn::Select": [index, list]}`.
    Select(u32, Box<Expr>),
    /// `{"Fn::GetAZs": ""}`: the AZs of the stack's region.
    GetAzs,
    /// `{"Fn::FindInMap": [map, key expr, second key]}`.
    FindInMap(&'static str, Box<Expr>, &'static str),
    /// `{"Fn::If": [condition, then, else]}` on a condition of the template's `Conditions`.
    If(&'static str, Box<Expr>, Box<Expr>),
    /// Any JSON value carried verbatim (the config recorded in the metadata).
    Json(serde_json::Value),
}

impl Expr {
    /// A string literal.
    pub fn s(value: impl Into<Cow<'static, str>>) -> Expr {
        Expr::Str(value.into())
    }

    /// `{"Fn::Join": [separator, list]}`.
    pub fn join(separator: &'static str, list: Expr) -> Expr {
        Expr::Join(separator, Box::new(list))
    }

    /// The value under `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Expr> {
        match self {
            Expr::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string literal, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, when this is a list.
    pub fn as_list(&self) -> Option<&[Expr]> {
        match self {
            Expr::List(items) => Some(items),
            _ => None,
        }
    }
}

impl From<&'static str> for Expr {
    fn from(value: &'static str) -> Self {
        Expr::Str(Cow::Borrowed(value))
    }
}

impl From<String> for Expr {
    fn from(value: String) -> Self {
        Expr::Str(Cow::Owned(value))
    }
}

impl From<bool> for Expr {
    fn from(value: bool) -> Self {
        Expr::Bool(value)
    }
}

impl From<u32> for Expr {
    fn from(value: u32) -> Self {
        Expr::Int(i64::from(value))
    }
}

impl From<Vec<Expr>> for Expr {
    fn from(value: Vec<Expr>) -> Self {
        Expr::List(value)
    }
}

impl From<Obj> for Expr {
    // `map!` ends in this call: a call moves the built entries into the value for less code
    // than the copy inlined at each of the builders' map literals.
    #[inline(never)]
    fn from(value: Obj) -> Self {
        Expr::Map(value)
    }
}

impl From<Pseudo> for Expr {
    fn from(value: Pseudo) -> Self {
        Expr::Pseudo(value)
    }
}

/// Builds an [`Obj`] (or an [`Expr::Map`] with `map!`): `obj! { "Key" => value, ... }`.
///
/// The vector has room for one more entry: resource properties get their `Tags` appended.
/// Each entry is one call to a non-generic function of [`Entry`] rather than an inlined
/// conversion and push: the builders write several hundred entries, and inlined they were
/// most of the code of the template builders in the WebAssembly.
#[macro_export]
macro_rules! obj {
    (@one $key:expr) => { 1 };
    ($($key:expr => $value:expr),* $(,)?) => {{
        let mut entries: $crate::template::Obj =
            ::std::vec::Vec::with_capacity(1 $(+ $crate::obj!(@one $key))*);
        $($crate::template::Entry::put($value, &mut entries, $key);)*
        entries
    }};
}

/// A value that `obj!` can store under a key: each kind goes through one non-generic,
/// never-inlined function, so an entry costs a call at its site.
pub trait Entry {
    /// Appends `(key, self)` to `entries`.
    fn put(self, entries: &mut Obj, key: &'static str);
}

/// Appends `(key, value)`; the one place an entry is pushed.
#[inline(never)]
fn put_expr(entries: &mut Obj, key: &'static str, value: Expr) {
    entries.push((Cow::Borrowed(key), value));
}

#[inline(never)]
fn put_str(entries: &mut Obj, key: &'static str, value: &'static str) {
    put_expr(entries, key, Expr::Str(Cow::Borrowed(value)));
}

#[inline(never)]
fn put_string(entries: &mut Obj, key: &'static str, value: String) {
    put_expr(entries, key, Expr::Str(Cow::Owned(value)));
}

#[inline(never)]
fn put_int(entries: &mut Obj, key: &'static str, value: u32) {
    put_expr(entries, key, Expr::Int(i64::from(value)));
}

#[inline(never)]
fn put_bool(entries: &mut Obj, key: &'static str, value: bool) {
    put_expr(entries, key, Expr::Bool(value));
}

#[inline(never)]
fn put_pseudo(entries: &mut Obj, key: &'static str, value: Pseudo) {
    put_expr(entries, key, Expr::Pseudo(value));
}

#[inline(never)]
fn put_list(entries: &mut Obj, key: &'static str, value: Vec<Expr>) {
    put_expr(entries, key, Expr::List(value));
}

#[inline(never)]
fn put_map(entries: &mut Obj, key: &'static str, value: Obj) {
    put_expr(entries, key, Expr::Map(value));
}

impl Entry for Expr {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_expr(entries, key, self);
    }
}

impl Entry for &'static str {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_str(entries, key, self);
    }
}

impl Entry for String {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_string(entries, key, self);
    }
}

impl Entry for u32 {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_int(entries, key, self);
    }
}

impl Entry for bool {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_bool(entries, key, self);
    }
}

impl Entry for Pseudo {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_pseudo(entries, key, self);
    }
}

impl Entry for Vec<Expr> {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_list(entries, key, self);
    }
}

impl Entry for Obj {
    #[inline]
    fn put(self, entries: &mut Obj, key: &'static str) {
        put_map(entries, key, self);
    }
}

/// An [`Expr::Map`]: `map! { "Key" => value, ... }`.
#[macro_export]
macro_rules! map {
    ($($key:expr => $value:expr),* $(,)?) => {
        $crate::template::Expr::from($crate::obj!($($key => $value),*))
    };
}

/// An `Fn::Sub` from parts: `sub!["arn:", Pseudo::Partition, ":s3:::", &bucket, "/*"]`.
/// Strings are literal text; a `&LogicalId` becomes `${Id}`, `(&id, "Attr")` becomes
/// `${Id.Attr}` and a [`Pseudo`] becomes `${AWS::...}`.
#[macro_export]
macro_rules! sub {
    ($($part:expr),* $(,)?) => {
        $crate::template::Expr::Sub(vec![$($crate::template::SubPart::from($part)),*])
    };
}

impl From<&'static str> for SubPart {
    fn from(value: &'static str) -> Self {
        SubPart::Lit(Cow::Borrowed(value))
    }
}

impl From<String> for SubPart {
    fn from(value: String) -> Self {
        SubPart::Lit(Cow::Owned(value))
    }
}

impl From<Pseudo> for SubPart {
    fn from(value: Pseudo) -> Self {
        SubPart::Pseudo(value)
    }
}

impl From<&LogicalId> for SubPart {
    fn from(value: &LogicalId) -> Self {
        SubPart::Ref(value.clone())
    }
}

impl From<(&LogicalId, &'static str)> for SubPart {
    fn from((id, attribute): (&LogicalId, &'static str)) -> Self {
        SubPart::Att(id.clone(), attribute)
    }
}
