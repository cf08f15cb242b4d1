//! The frame every field shares: label (with the default), the input, a one-line help and the
//! field's problems, wired together with ids so screen readers announce help and errors.

use yew::prelude::*;

use super::{field_id, use_problems};

/// Props of [`FieldFrame`].
#[derive(Properties, PartialEq)]
pub struct FieldFrameProps {
    /// The config path of the field.
    pub path: AttrValue,
    /// The label.
    pub label: AttrValue,
    /// One line of help.
    #[prop_or_default]
    pub help: AttrValue,
    /// The default, shown next to the label.
    #[prop_or_default]
    pub default: Option<AttrValue>,
    /// Extra classes (`wide` spans the whole row).
    #[prop_or_default]
    pub class: Classes,
    /// A live reading of the value (a schedule in words), shown under the input.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The input.
    pub children: Html,
}

/// A labelled field with its help and problems.
#[function_component]
pub fn FieldFrame(props: &FieldFrameProps) -> Html {
    let problems = use_problems();
    let errors = problems.at(&props.path);
    let id = field_id(&props.path);
    let invalid = !errors.is_empty();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"), props.class.clone())}>
            <label for={id.clone()}>
                {&props.label}
                if let Some(default) = &props.default {
                    <span class="default">{" default "}{default}</span>
                }
            </label>
            {props.children.clone()}
            if let Some(note) = &props.note {
                <p class="note" id={format!("{id}-note")} aria-live="polite">{note}</p>
            }
            if !props.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{&props.help}</p>
            }
            <Messages path={props.path.clone()} errors={errors.to_vec()} />
        </div>
    }
}

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The config path the messages are about.
    pub path: AttrValue,
    /// The messages.
    pub errors: Vec<String>,
}

/// A field's problems, or nothing.
#[function_component]
pub fn Messages(props: &MessagesProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="errors" id={format!("{}-err", field_id(&props.path))} data-error-for={props.path.clone()}>
            { for props.errors.iter().map(|e| html! { <li>{e}</li> }) }
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
