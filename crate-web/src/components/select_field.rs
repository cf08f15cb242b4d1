//! A select for a field with a fixed set of values (enums, Fargate sizes, versions).

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, field_frame, Frame};
use super::{event_value, field_id, use_problems, FieldInput};

/// Props of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
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
    /// Current value, as its JSON spelling.
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Values are numbers in the config.
    #[prop_or_default]
    pub numeric: bool,
    /// Called when the choice changes.
    pub onset: Callback<FieldInput>,
}

/// A labelled select.
#[function_component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let problems = use_problems();
    let path = props.path.to_string();
    let onchange = {
        let (onset, path, numeric) = (props.onset.clone(), path.clone(), props.numeric);
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
    let known = props.options.iter().any(|(v, _)| *v == props.value);
    let invalid = !problems.at(&path).is_empty();
    let input = html! {
        <select id={field_id(&path)} data-path={props.path.clone()} {onchange}
            aria-invalid={invalid.then_some("true")}
            aria-describedby={described_by(&path, !props.help.is_empty(), invalid)}>
            if !known {
                <option value={props.value.clone()} selected=true>{format!("{} (not offered)", props.value)}</option>
            }
            { for props.options.iter().map(|(v, l)| html! {
                <option value={v.clone()} selected={*v == props.value}>{l}</option>
            }) }
        </select>
    };
    let frame = Frame {
        path: &path,
        label: &props.label,
        help: &props.help,
        default: props.default.as_ref(),
        class: Classes::new(),
        note: None,
    };
    field_frame(&problems, frame, input)
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
