//! A select for a field with a fixed set of values (enums, Fargate sizes, versions).

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::fields::FieldProps;
use super::{event_value, field_id, FieldInput};
use crate::state::Problems;

/// What a select holds and offers.
#[derive(PartialEq)]
pub struct SelectInput {
    /// Current value, as its JSON spelling.
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Values are numbers in the config.
    pub numeric: bool,
}

/// A labelled select.
pub fn select_field(problems: &Problems, field: &FieldProps, input: &SelectInput) -> Html {
    let path = field.path.to_string();
    let onchange = {
        let (onset, path, numeric) = (field.onset.clone(), path.clone(), input.numeric);
        Callback::from(move |e: Event| {
            let text = event_value(&e);
            let value = if numeric {
                text.parse::<u32>()
                    .map(Value::from)
                    .map_err(|_| (text.clone(), format!("`{text}` is not a number")))
            } else {
                Ok(Value::String(text))
            };
            onset.emit(FieldInput {
                path: path.clone(),
                value,
            });
        })
    };
    // A loaded config may hold a value the list does not offer; show it rather than
    // silently displaying another one.
    let known = input.options.iter().any(|(v, _)| *v == input.value);
    let invalid = !problems.at(&path).is_empty();
    let element = html! {
        <select id={field_id(&path)} data-path={field.path.clone()} {onchange}
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, !field.help.is_empty(), invalid)}>
            if !known {
                <option value={input.value.clone()} selected=true>{format!("{} (not offered)", input.value)}</option>
            }
            { for input.options.iter().map(|(v, l)| html! {
                <option value={v.clone()} selected={*v == input.value}>{l}</option>
            }) }
        </select>
    };
    let frame = Frame::of(&path, field);
    field_frame(problems, frame, element)
}

/// Options whose labels are their values.
pub fn plain<T: ToString>(values: impl IntoIterator<Item = T>) -> Vec<(AttrValue, AttrValue)> {
    values
        .into_iter()
        .map(|v| {
            let s = AttrValue::from(v.to_string());
            (s.clone(), s)
        })
        .collect()
}

/// Options from (value, label) string pairs.
pub fn labelled(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .iter()
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect()
}
