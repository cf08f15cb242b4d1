//! A list of strings as editable rows (CIDRs, path patterns, subnet ids, command arguments).

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::fields::FieldProps;
use super::{event_value, field_id, FieldInput};
use crate::state::Problems;

/// What a list field holds.
#[derive(PartialEq)]
pub struct ListInput {
    /// The items.
    pub items: Vec<String>,
    /// Placeholder for a row.
    pub placeholder: AttrValue,
    /// Label of the add button's item ("pattern", "CIDR").
    pub item: AttrValue,
}

/// Editable rows of strings, sent whole with each edit.
pub fn list_field(problems: &Problems, field: &FieldProps, input: &ListInput) -> Html {
    let path = field.path.to_string();
    let emit = {
        let (onset, path) = (field.onset.clone(), path.clone());
        move |items: Vec<String>| {
            onset.emit(FieldInput {
                path: path.clone(),
                value: Ok(Value::from(items)),
            });
        }
    };
    let onadd = {
        let (emit, items) = (emit.clone(), input.items.clone());
        Callback::from(move |_: MouseEvent| {
            let mut items = items.clone();
            items.push(String::new());
            emit(items);
        })
    };
    let id = field_id(&path);
    let rows = input.items.iter().enumerate().map(|(i, item)| {
        let item_path = format!("{path}[{i}]");
        let oninput = {
            let (emit, items) = (emit.clone(), input.items.clone());
            Callback::from(move |e: InputEvent| {
                let mut items = items.clone();
                if let Some(slot) = items.get_mut(i) {
                    *slot = event_value(&e);
                }
                emit(items);
            })
        };
        let onremove = {
            let (emit, items) = (emit.clone(), input.items.clone());
            Callback::from(move |_: MouseEvent| {
                let mut items = items.clone();
                if i < items.len() {
                    items.remove(i);
                }
                emit(items);
            })
        };
        let errors = problems.at(&item_path);
        html! {
            <li key={i} class={classes!((!errors.is_empty()).then_some("invalid"))}>
                <div class="row">
                    <input type="text" id={field_id(&item_path)} data-path={item_path.clone()}
                        value={item.clone()} placeholder={input.placeholder.clone()}
                        aria-label={format!("{} {}", field.label, i + 1)} spellcheck="false"
                        aria-invalid={(!errors.is_empty()).then_some("true")}
                        aria-describedby={described_by(&item_path, false, !errors.is_empty())} {oninput} />
                    <button type="button" class="icon" onclick={onremove}
                        aria-label={format!("Remove {} {}", input.item, i + 1)} title="Remove">{"×"}</button>
                </div>
                {messages(&item_path, errors)}
            </li>
        }
    });
    let errors = problems.at(&path);
    html! {
        <fieldset class={classes!("field", "list", "wide", (!errors.is_empty()).then_some("invalid"))}
            data-path={field.path.clone()} id={id.clone()} tabindex="-1"
            aria-describedby={described_by(&path, !field.help.is_empty(), !errors.is_empty())}>
            <legend>
                {&field.label}
                if let Some(default) = &field.default {
                    <span class="default">{" default "}{default}</span>
                }
            </legend>
            if !field.help.is_empty() {
                <p class="help" id={format!("{id}-help")}>{&field.help}</p>
            }
            {messages(&path, errors)}
            <ul class="rows">{ for rows }</ul>
            <button type="button" class="small" onclick={onadd}>{"+ Add "}{&input.item}</button>
        </fieldset>
    }
}
