//! Fields described as data and drawn by one function per input kind.
//!
//! A form writes each field as a constant description (its path below the form's, label, help,
//! range, placeholder) and the current value; [`Fields`] turns it into the field's component.
//! Written out with `html!`, every field expanded into its own props builder (value
//! conversions, `Option`s, classes, a callback clone) inside the form's view: about 100 of
//! them made the forms' views about 70 KB of the page's wasm. Here each kind of input has one
//! builder, in a function that is never inlined, and a field costs a call with a pointer to
//! its description, which the compiler keeps as static data.
//!
//! Text, number, select, checkbox, list and map fields are one component, [`Field`], whose
//! input is an [`Input`] of that kind: each component type costs the page its own copy of
//! Yew's lifecycle code (about 2 KB of wasm), and these differed only in the markup they draw.

use serde_json::Value;
use yew::prelude::*;

use super::check_field::{check_field, CheckInput};
use super::field_frame::messages as problems_at;
use super::group::Group;
use super::list_field::{list_field, ListInput};
use super::map_field::{map_field, MapInput};
use super::number_field::{number_field, NumberInput};
use super::select_field::{select_field, SelectInput};
use super::text_field::{text_field, TextInput};
use super::{use_problems, EntryEdit, FieldInput};
use crate::state::Problems;

/// The input of a [`Field`], with what it holds.
#[derive(PartialEq)]
pub enum Input {
    /// A text input: see [`text_field`].
    Text(TextInput),
    /// A number input: see [`number_field`].
    Number(NumberInput),
    /// A select: see [`select_field`].
    Select(SelectInput),
    /// A checkbox: see [`check_field`].
    Check(CheckInput),
    /// Rows of strings: see [`list_field`].
    List(ListInput),
    /// Key/value rows: see [`map_field`].
    Map(MapInput),
}

/// Props of [`Field`].
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// Config path.
    pub path: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// One line of help, or empty.
    pub help: AttrValue,
    /// The default, shown by the label.
    pub default: Option<AttrValue>,
    /// The input and what it holds.
    pub input: Input,
    /// Called with each edit.
    pub onset: Callback<FieldInput>,
}

/// A labelled input of one config field, with its help and problems.
#[function_component]
pub fn Field(props: &FieldProps) -> Html {
    let problems = use_problems();
    match &props.input {
        Input::Text(input) => text_field(&problems, props, input),
        Input::Number(input) => number_field(&problems, props, input),
        Input::Select(input) => select_field(&problems, props, input),
        Input::Check(input) => check_field(&problems, props, input),
        Input::List(input) => list_field(&problems, props, input),
        Input::Map(input) => map_field(&problems, props, input),
    }
}

/// A text input: see [`text_field`].
pub struct Text {
    /// Path below the form's (`healthCheck.path`).
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
    /// Placeholder, or empty.
    pub placeholder: &'static str,
    /// Empty means absent (`null`).
    pub optional: bool,
    /// The field spans the whole row.
    pub wide: bool,
}

/// A number input: see [`number_field`].
pub struct Number {
    /// Path below the form's.
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
    /// Smallest allowed value.
    pub min: u32,
    /// Largest allowed value.
    pub max: u32,
    /// Empty means absent (`null`).
    pub optional: bool,
}

/// A select: see [`select_field`].
pub struct Select {
    /// Path below the form's.
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
    /// Values are numbers in the config.
    pub numeric: bool,
}

/// A checkbox: see [`check_field`].
pub struct Check {
    /// Path below the form's.
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
}

/// A list of strings as rows: see [`list_field`].
pub struct List {
    /// Path below the form's.
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
    /// What one item is called (the add and remove buttons say it).
    pub item: &'static str,
    /// Placeholder of a row, or empty.
    pub placeholder: &'static str,
}

/// A string-to-string map as rows: see [`map_field`].
pub struct Map {
    /// Path below the form's.
    pub field: &'static str,
    /// Label.
    pub label: &'static str,
    /// One line of help, or empty.
    pub help: &'static str,
    /// What a key is called.
    pub key_label: &'static str,
    /// What a value is called.
    pub value_label: &'static str,
    /// Placeholder of a value, or empty.
    pub placeholder: &'static str,
}

/// The fields of one form: where its paths start and where edits go.
pub struct Fields<'a> {
    /// The form's path (`services[0]`), or empty for fields at the top of the config.
    pub base: &'a str,
    /// Field edits.
    pub onset: &'a Callback<FieldInput>,
}

impl Fields<'_> {
    /// The config path of `field` in this form.
    #[inline(never)]
    pub fn path(&self, field: &str) -> String {
        if self.base.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", self.base)
        }
    }

    /// Whether any problem lies at or below `field` (a field a kind refuses still shows then).
    #[inline(never)]
    pub fn has(&self, problems: &Problems, field: &str) -> bool {
        problems.any_within(&self.path(field))
    }

    /// The problems at `field` itself (a section's own, above its fields).
    #[inline(never)]
    pub fn messages(&self, problems: &Problems, field: &str) -> Html {
        let path = self.path(field);
        problems_at(&path, problems.at(&path))
    }

    /// A collapsible group of `children`, opened by a problem at or below one of `fields`.
    #[inline(never)]
    pub fn group(&self, title: &'static str, fields: &[&str], open: bool, children: Html) -> Html {
        let prefixes: Vec<AttrValue> = fields
            .iter()
            .map(|f| AttrValue::from(self.path(f)))
            .collect();
        html! { <Group {title} {prefixes} {open}>{children}</Group> }
    }

    /// A field of this form.
    #[inline(never)]
    fn field(
        &self,
        (field, label, help): (&str, &'static str, &'static str),
        default: Option<AttrValue>,
        input: Input,
    ) -> Html {
        let props = FieldProps {
            path: AttrValue::from(self.path(field)),
            label: AttrValue::Static(label),
            help: AttrValue::Static(help),
            default,
            input,
            onset: self.onset.clone(),
        };
        html! { <Field ..props /> }
    }

    /// A text input holding `value`; `default` is shown by the label.
    pub fn text(&self, spec: &Text, value: &str, default: Option<&str>) -> Html {
        self.noted_text(spec, value, default, None)
    }

    /// A text input with a live reading of its value (`note`) under it.
    #[inline(never)]
    pub fn noted_text(
        &self,
        spec: &Text,
        value: &str,
        default: Option<&str>,
        note: Option<AttrValue>,
    ) -> Html {
        let input = TextInput {
            value: attr(value),
            optional: spec.optional,
            placeholder: AttrValue::Static(spec.placeholder),
            class: classes!(spec.wide.then_some("wide")),
            note,
        };
        self.field(
            (spec.field, spec.label, spec.help),
            default.map(attr),
            Input::Text(input),
        )
    }

    /// A number input holding `value` (`None`: absent).
    #[inline(never)]
    pub fn number(&self, spec: &Number, value: Option<u32>, default: Option<u32>) -> Html {
        let input = NumberInput {
            value,
            min: spec.min,
            max: spec.max,
            optional: spec.optional,
        };
        self.field(
            (spec.field, spec.label, spec.help),
            default.map(|d| AttrValue::from(d.to_string())),
            Input::Number(input),
        )
    }

    /// A select of `options` (value, label) holding `value`, its JSON spelling.
    #[inline(never)]
    pub fn select(
        &self,
        spec: &Select,
        value: &str,
        default: Option<&str>,
        options: Vec<(AttrValue, AttrValue)>,
    ) -> Html {
        let input = SelectInput {
            value: attr(value),
            options,
            numeric: spec.numeric,
        };
        self.field(
            (spec.field, spec.label, spec.help),
            default.map(attr),
            Input::Select(input),
        )
    }

    /// A checkbox for a boolean field.
    pub fn check(&self, spec: &Check, checked: bool) -> Html {
        self.switch(spec, checked, Value::Bool(true), Value::Bool(false))
    }

    /// A checkbox that switches an optional part on (sets `on`) and off (`null`).
    pub fn part(&self, spec: &Check, present: bool, on: Value) -> Html {
        self.switch(spec, present, on, Value::Null)
    }

    /// A checkbox setting `on` when ticked and `off` when not.
    #[inline(never)]
    fn switch(&self, spec: &Check, checked: bool, on: Value, off: Value) -> Html {
        let input = CheckInput { checked, on, off };
        self.field(
            (spec.field, spec.label, spec.help),
            None,
            Input::Check(input),
        )
    }

    /// Rows of strings holding `items`.
    #[inline(never)]
    pub fn list(&self, spec: &List, items: &[String], default: Option<&str>) -> Html {
        let input = ListInput {
            items: items.to_vec(),
            placeholder: AttrValue::Static(spec.placeholder),
            item: AttrValue::Static(spec.item),
        };
        self.field(
            (spec.field, spec.label, spec.help),
            default.map(attr),
            Input::List(input),
        )
    }

    /// Key/value rows holding `entries`; edits go to `onentry`.
    #[inline(never)]
    pub fn map(
        &self,
        spec: &Map,
        entries: &std::collections::BTreeMap<String, String>,
        onentry: &Callback<EntryEdit>,
    ) -> Html {
        let input = MapInput {
            entries: entries
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            key_label: AttrValue::Static(spec.key_label),
            value_label: AttrValue::Static(spec.value_label),
            placeholder: AttrValue::Static(spec.placeholder),
            onentry: onentry.clone(),
        };
        self.field((spec.field, spec.label, spec.help), None, Input::Map(input))
    }
}

/// A string as an attribute value (owned: the values come from the config), in one allocation.
fn attr(s: &str) -> AttrValue {
    AttrValue::Rc(std::rc::Rc::from(s))
}
