//! A text input for a string field; optional fields turn an empty input into "absent".

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::{event_value, field_id, use_problems, FieldInput};

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Config path.
    pub path: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// One line of help.
    #[prop_or_default]
    pub help: AttrValue,
    /// The default, shown by the label.
    #[prop_or_default]
    pub default: Option<AttrValue>,
    /// Current value.
    pub value: AttrValue,
    /// Empty means absent (`null`) rather than an empty string.
    #[prop_or_default]
    pub optional: bool,
    /// Placeholder text.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Extra classes for the frame.
    #[prop_or_default]
    pub class: Classes,
    /// A live reading of the value, shown under the input.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Called on every keystroke.
    pub onset: Callback<FieldInput>,
}

/// A labelled text input.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let problems = use_problems();
    let path = props.path.to_string();
    let shown = problems
        .drafts
        .get(&path)
        .map_or_else(|| props.value.clone(), |d| AttrValue::from(d.clone()));
    let oninput = {
        let (onset, optional, path) = (props.onset.clone(), props.optional, path.clone());
        Callback::from(move |e: InputEvent| {
            let text = event_value(&e);
            let value = if optional && text.is_empty() {
                Value::Null
            } else {
                Value::String(text)
            };
            onset.emit(FieldInput {
                path: path.clone(),
                value: Ok(value),
            });
        })
    };
    let invalid = !problems.at(&path).is_empty();
    let input = html! {
        <input type="text" id={field_id(&path)} data-path={props.path.clone()} value={shown}
            placeholder={props.placeholder.clone()} spellcheck="false" autocomplete="off"
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, !props.help.is_empty(), invalid)}
            {oninput} />
    };
    let frame = Frame {
        path: &path,
        label: &props.label,
        help: &props.help,
        default: props.default.as_ref(),
        class: props.class.clone(),
        note: props.note.as_ref(),
    };
    field_frame(&problems, frame, input)
}
