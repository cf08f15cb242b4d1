//! The frame every field shares: label (with the default), the input, a one-line help and the
//! field's problems, wired together with ids so screen readers announce help and errors.

use yew::prelude::*;

use super::field_id;
use super::fields::FieldProps;
use crate::state::Problems;

/// What a field's frame shows around its input.
pub struct Frame<'a> {
    /// The config path of the field.
    pub path: &'a str,
    /// The label.
    pub label: &'a AttrValue,
    /// One line of help, or empty.
    pub help: &'a AttrValue,
    /// The default, shown next to the label.
    pub default: Option<&'a AttrValue>,
    /// Extra classes (`wide` spans the whole row).
    pub class: Classes,
    /// A live reading of the value (a schedule in words), shown under the input.
    pub note: Option<&'a AttrValue>,
}

impl<'a> Frame<'a> {
    /// The frame of `field` at `path`, as the field's props give it: no extra classes, no note.
    pub fn of(path: &'a str, field: &'a FieldProps) -> Self {
        Frame {
            path,
            label: &field.label,
            help: &field.help,
            default: field.default.as_ref(),
            class: Classes::new(),
            note: None,
        }
    }
}

/// A labelled field with its help and problems around `input`. A function, not a component:
/// each component type costs the page about 2 KB of wasm, and the fields calling it already
/// read the problems.
#[inline(never)]
pub fn field_frame(problems: &Problems, frame: Frame<'_>, input: Html) -> Html {
    let errors = problems.at(frame.path);
    let id = field_id(frame.path);
    let invalid = !errors.is_empty();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"), frame.class)}>
            <label for={id.clone()}>
                {frame.label}
                if let Some(default) = frame.default {
                    <span class="default">{" default "}{default}</span>
                }
            </label>
            {input}
            if let Some(note) = frame.note {
                <p class="note" id={format!("{id}-note")} aria-live="polite">{note}</p>
            }
            if !frame.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{frame.help}</p>
            }
            {messages(frame.path, errors)}
        </div>
    }
}

/// A field's problems, or nothing. A function, not a component, for the same reason.
#[inline(never)]
pub fn messages(path: &str, errors: &[String]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="errors" id={format!("{}-err", field_id(path))} data-error-for={path.to_owned()}>
            { for errors.iter().map(|e| html! { <li>{e}</li> }) }
        </ul>
    }
}

/// The `aria-describedby` value for a field's input.
pub fn described_by(path: &str, has_help: bool, has_errors: bool) -> Option<AttrValue> {
    let id = field_id(path);
    let mut ids = Vec::new();
    if has_help {
        ids.push(format!("{id}-help"));
    }
    if has_errors {
        ids.push(format!("{id}-err"));
    }
    (!ids.is_empty()).then(|| AttrValue::from(ids.join(" ")))
}
