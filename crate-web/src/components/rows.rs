//! What the item lists of a service share (sidecars, egress rules, task-role statements): the
//! fieldset with its add button, each item's head with its remove button, and edits of the
//! whole list as JSON. Plain functions called by the service form, not components: each
//! component type costs the page about 2 KB of wasm.

use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::{field_id, FieldInput};
use crate::state::Problems;

/// A list of items at a config path.
pub struct ItemList<'a> {
    /// Config path of the list (`services[0].sidecars`).
    pub path: &'a str,
    /// The list as JSON.
    pub items: Vec<Value>,
    /// Field edits.
    pub onset: &'a Callback<FieldInput>,
}

impl ItemList<'_> {
    /// The list: legend, help, the list's own problems, the rows, and a button `add` that
    /// appends `new`.
    pub fn fieldset(
        &self,
        problems: &Problems,
        (legend, help, add): (&'static str, &'static str, &'static str),
        new: Value,
        rows: Html,
    ) -> Html {
        let onadd = self.edit(move |list| list.push(new.clone()));
        let errors = problems.at(self.path);
        html! {
            <fieldset class={classes!("field", "list", "wide", (!errors.is_empty()).then_some("invalid"))}
                data-path={self.path.to_owned()} tabindex="-1"
                aria-describedby={described_by(self.path, true, !errors.is_empty())}>
                <legend>{legend}</legend>
                <p class="help" id={format!("{}-help", field_id(self.path))}>{help}</p>
                {messages(self.path, errors)}
                <ul class="rows">{rows}</ul>
                <button type="button" class="small" onclick={onadd}>{add}</button>
            </fieldset>
        }
    }

    /// Item `k`: `title k+1`, a remove button, the item's problems that none of its fields
    /// shows, then its fields.
    pub fn item(&self, k: usize, title: &'static str, errors: Vec<String>, fields: Html) -> Html {
        let onremove = self.edit(move |list| {
            if k < list.len() {
                list.remove(k);
            }
        });
        let base = format!("{}[{k}]", self.path);
        html! {
            <li key={k} class="item" data-path={base.clone()}>
                <div class="item-head">
                    <strong>{format!("{title} {}", k + 1)}</strong>
                    <button type="button" class="icon danger" onclick={onremove}
                        aria-label={format!("Remove {} {}", title.to_ascii_lowercase(), k + 1)} title="Remove">{"×"}</button>
                </div>
                {messages(&base, &errors)}
                <div class="fields">{fields}</div>
            </li>
        }
    }

    /// A click that sets the list to itself changed by `change`.
    fn edit(&self, change: impl Fn(&mut Vec<Value>) + 'static) -> Callback<MouseEvent> {
        let (onset, path, items) = (self.onset.clone(), self.path.to_owned(), self.items.clone());
        Callback::from(move |_: MouseEvent| {
            let mut list = items.clone();
            change(&mut list);
            onset.emit(FieldInput {
                path: path.clone(),
                value: Ok(Value::Array(list)),
            });
        })
    }
}

/// A list of config values as JSON items.
pub fn json_items<T: serde::Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .map(|i| serde_json::to_value(i).unwrap_or(Value::Null))
        .collect()
}
