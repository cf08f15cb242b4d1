//! A text input for a string field; optional fields turn an empty input into "absent".

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::fields::FieldProps;
use super::{event_value, field_id, FieldInput};
use crate::state::Problems;

/// What a text field holds and how it reads.
#[derive(PartialEq)]
pub struct TextInput {
    /// Current value.
    pub value: AttrValue,
    /// Empty means absent (`null`) rather than an empty string.
    pub optional: bool,
    /// Placeholder text.
    pub placeholder: AttrValue,
    /// Extra classes for the frame.
    pub class: Classes,
    /// A live reading of the value, shown under the input.
    pub note: Option<AttrValue>,
}

/// A labelled text input (a draft, if one is kept for the path, wins over the value).
pub fn text_field(problems: &Problems, field: &FieldProps, input: &TextInput) -> Html {
    let path = field.path.to_string();
    let shown = problems
        .drafts
        .get(&path)
        .map_or_else(|| input.value.clone(), |d| AttrValue::from(d.clone()));
    let oninput = {
        let (onset, optional, path) = (field.onset.clone(), input.optional, path.clone());
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
    let element = html! {
        <input type="text" id={field_id(&path)} data-path={field.path.clone()} value={shown}
            placeholder={input.placeholder.clone()} spellcheck="false" autocomplete="off"
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, !field.help.is_empty(), invalid)}
            {oninput} />
    };
    let frame = Frame {
        class: input.class.clone(),
        note: input.note.as_ref(),
        ..Frame::of(&path, field)
    };
    field_frame(problems, frame, element)
}
