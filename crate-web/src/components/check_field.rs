//! A checkbox: a boolean field, or an optional section switched on (its value) and off (null).

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::{event_checked, field_id, use_problems, FieldInput};

/// Props of [`CheckField`].
#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    /// Config path.
    pub path: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// One line of help.
    #[prop_or_default]
    pub help: AttrValue,
    /// Whether it is checked.
    pub checked: bool,
    /// The value set when checked (default `true`).
    #[prop_or(Value::Bool(true))]
    pub on: Value,
    /// The value set when unchecked (default `false`).
    #[prop_or(Value::Bool(false))]
    pub off: Value,
    /// Called when toggled.
    pub onset: Callback<FieldInput>,
}

/// A labelled checkbox.
#[function_component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let problems = use_problems();
    let path = props.path.to_string();
    let onchange = {
        let (onset, path) = (props.onset.clone(), path.clone());
        let (on, off) = (props.on.clone(), props.off.clone());
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
                <input type="checkbox" id={id.clone()} data-path={props.path.clone()}
                    checked={props.checked} {onchange}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={described_by(&path, !props.help.is_empty(), invalid)} />
                {" "}{&props.label}
            </label>
            if !props.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{&props.help}</p>
            }
            {messages(&path, errors)}
        </div>
    }
}
