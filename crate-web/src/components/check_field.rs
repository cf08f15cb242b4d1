//! A checkbox: a boolean field, or an optional section switched on (its value) and off (null).

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::fields::FieldProps;
use super::{event_checked, field_id, FieldInput};
use crate::state::Problems;

/// What a checkbox holds and sets.
#[derive(PartialEq)]
pub struct CheckInput {
    /// Whether it is checked.
    pub checked: bool,
    /// The value set when checked (`true`, or an optional part's starting value).
    pub on: Value,
    /// The value set when unchecked (`false`, or `null` for an optional part).
    pub off: Value,
}

/// A labelled checkbox.
pub fn check_field(problems: &Problems, field: &FieldProps, input: &CheckInput) -> Html {
    let path = field.path.to_string();
    let onchange = {
        let (onset, path) = (field.onset.clone(), path.clone());
        let (on, off) = (input.on.clone(), input.off.clone());
        Callback::from(move |e: Event| {
            let value = if event_checked(&e) {
                on.clone()
            } else {
                off.clone()
            };
            onset.emit(FieldInput {
                path: path.clone(),
                value: Ok(value),
            });
        })
    };
    let id = field_id(&path);
    let errors = problems.at(&path);
    let invalid = !errors.is_empty();
    html! {
        <div class={classes!("field", "check", invalid.then_some("invalid"))}>
            <label for={id.clone()}>
                <input type="checkbox" id={id.clone()} data-path={field.path.clone()}
                    checked={input.checked} {onchange}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={described_by(&path, !field.help.is_empty(), invalid)} />
                {" "}{&field.label}
            </label>
            if !field.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{&field.help}</p>
            }
            {messages(&path, errors)}
        </div>
    }
}
