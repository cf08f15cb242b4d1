//! A list of strings typed in one box, separated by commas or new lines (a statement's
//! actions and resources): compact where a row per item would not be.

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::{event_value, field_id, use_problems, FieldInput};

/// Props of [`SplitListField`].
#[derive(Properties, PartialEq)]
pub struct SplitListFieldProps {
    /// Config path of the list.
    pub path: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// The items.
    pub items: Vec<String>,
    /// Placeholder.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Called with the whole new list.
    pub onset: Callback<FieldInput>,
}

/// The items of `text`: split at commas and new lines, trimmed, empty ones dropped.
pub fn split(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A text box holding a list.
#[function_component]
pub fn SplitListField(props: &SplitListFieldProps) -> Html {
    let problems = use_problems();
    let path = props.path.to_string();
    // What was typed, kept while it still reads as the list (so a trailing comma or a new
    // line being typed is not swallowed); the list's own spelling otherwise.
    let typed = use_state(String::new);
    let shown = if split(&typed) == props.items {
        (*typed).clone()
    } else {
        props.items.join("\n")
    };
    let oninput = {
        let (onset, path, typed) = (props.onset.clone(), path.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            let text = event_value(&e);
            let items = split(&text);
            typed.set(text);
            onset.emit(FieldInput {
                path: path.clone(),
                value: Ok(Value::from(items)),
            });
        })
    };
    // The list's problems and its items' (each names its item).
    let errors: Vec<String> = std::iter::once(path.clone())
        .chain((0..props.items.len()).map(|j| format!("{path}[{j}]")))
        .flat_map(|p| problems.at(&p).to_vec())
        .collect();
    let id = field_id(&path);
    let invalid = !errors.is_empty();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))}>
            <label for={id.clone()}>{&props.label}</label>
            <textarea id={id} data-path={props.path.clone()} value={shown} rows="2"
                placeholder={props.placeholder.clone()} spellcheck="false"
                aria-invalid={invalid.then_some("true")}
                aria-describedby={described_by(&path, false, invalid)} {oninput} />
            {messages(&path, &errors)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        assert_eq!(
            split("s3:GetObject, s3:PutObject\n\nsqs:SendMessage,"),
            vec!["s3:GetObject", "s3:PutObject", "sqs:SendMessage"]
        );
        assert!(split(" , \n").is_empty());
    }
}
