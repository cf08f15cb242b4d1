//! A string-to-string map as editable key/value rows (tags, environment, secrets).
//!
//! Values are sent on every keystroke; keys are sent when the input is committed (blur or
//! Enter), because the map is sorted by key and a key that moved on every keystroke would
//! make the rows jump under the cursor.

use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::fields::FieldProps;
use super::{event_value, field_id, EntryEdit};
use crate::state::Problems;

/// What a map field holds and where its edits go.
#[derive(PartialEq)]
pub struct MapInput {
    /// The entries, in key order.
    pub entries: Vec<(String, String)>,
    /// What a key is called ("name", "key").
    pub key_label: AttrValue,
    /// What a value is called ("value", "ARN").
    pub value_label: AttrValue,
    /// Placeholder for values.
    pub placeholder: AttrValue,
    /// Called with each edit.
    pub onentry: Callback<EntryEdit>,
}

/// Editable key/value rows.
pub fn map_field(problems: &Problems, field: &FieldProps, input: &MapInput) -> Html {
    let map = field.path.to_string();
    let onadd = {
        let (onentry, map) = (input.onentry.clone(), map.clone());
        Callback::from(move |_: MouseEvent| onentry.emit(EntryEdit::Add { map: map.clone() }))
    };
    let rows = input.entries.iter().enumerate().map(|(i, (key, value))| {
        let entry_path = format!("{map}.{key}");
        let onkey = {
            let (onentry, map, from) = (input.onentry.clone(), map.clone(), key.clone());
            Callback::from(move |e: Event| {
                onentry.emit(EntryEdit::Rename {
                    map: map.clone(),
                    from: from.clone(),
                    to: event_value(&e),
                });
            })
        };
        let onvalue = {
            let (onentry, map, key) = (input.onentry.clone(), map.clone(), key.clone());
            Callback::from(move |e: InputEvent| {
                onentry.emit(EntryEdit::Set {
                    map: map.clone(),
                    key: key.clone(),
                    value: event_value(&e),
                });
            })
        };
        let onremove = {
            let (onentry, map, key) = (input.onentry.clone(), map.clone(), key.clone());
            Callback::from(move |_: MouseEvent| {
                onentry.emit(EntryEdit::Remove {
                    map: map.clone(),
                    key: key.clone(),
                });
            })
        };
        let shown_key = problems.drafts.get(&entry_path).cloned().unwrap_or_else(|| key.clone());
        let errors = problems.at(&entry_path);
        let invalid = (!errors.is_empty()).then_some("true");
        let described = described_by(&entry_path, false, !errors.is_empty());
        html! {
            <li key={i} class={classes!((!errors.is_empty()).then_some("invalid"))}>
                <div class="row kv">
                    <input type="text" class="key" id={field_id(&entry_path)} data-path={entry_path.clone()}
                        value={shown_key} aria-label={format!("{} {} {}", field.label, input.key_label, i + 1)}
                        spellcheck="false" autocomplete="off" aria-invalid={invalid}
                        aria-describedby={described.clone()} onchange={onkey} />
                    <span class="eq" aria-hidden="true">{"="}</span>
                    <input type="text" class="value" data-value-for={entry_path.clone()} value={value.clone()}
                        placeholder={input.placeholder.clone()} spellcheck="false" autocomplete="off"
                        aria-label={format!("{} {} of {key}", field.label, input.value_label)}
                        aria-describedby={described} oninput={onvalue} />
                    <button type="button" class="icon" onclick={onremove}
                        aria-label={format!("Remove {key}")} title="Remove">{"×"}</button>
                </div>
                {messages(&entry_path, errors)}
            </li>
        }
    });
    let errors = problems.at(&map);
    let id = field_id(&map);
    html! {
        <fieldset class={classes!("field", "map", "wide", (!errors.is_empty()).then_some("invalid"))}
            data-path={field.path.clone()} id={id.clone()} tabindex="-1"
            aria-describedby={described_by(&map, !field.help.is_empty(), !errors.is_empty())}>
            <legend>{&field.label}</legend>
            if !field.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{&field.help}</p>
            }
            {messages(&map, errors)}
            <ul class="rows">{ for rows }</ul>
            <button type="button" class="small" onclick={onadd}>{"+ Add "}{&input.key_label}</button>
        </fieldset>
    }
}
