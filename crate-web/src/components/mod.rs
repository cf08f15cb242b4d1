//! The designer's views, one component per file; the input kinds (`text_field`,
//! `number_field`, `select_field`, `check_field`, `list_field`, `map_field`) are drawing
//! functions of the one field component, [`fields::Field`], and the forms describe their
//! fields as data through [`fields::Fields`].
//!
//! Components get their slice of the config as props and report edits through `on<verb>`
//! callbacks; only the problem list is shared through context ([`use_problems`]), because
//! every field needs it and threading it through every section would re-render them all.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::state::Problems;

pub mod app;
pub mod calls_field;
pub mod changes_panel;
pub mod check_field;
pub mod cost_panel;
pub mod deploy_panel;
pub mod egress_field;
pub mod extras_form;
pub mod field_frame;
pub mod fields;
pub mod general_form;
pub mod group;
pub mod guards_form;
pub mod json_view;
pub mod list_field;
pub mod load_balancer_form;
pub mod map_field;
pub mod network_form;
pub mod number_field;
pub mod problems_panel;
pub mod rows;
pub mod select_field;
pub mod service_form;
pub mod services_form;
pub mod sidecars_field;
pub mod split_list_field;
pub mod statements_field;
pub mod text_field;
pub mod toolbar;
pub mod topology_panel;

/// What an input reports: a value for its path, or text that cannot be one.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInput {
    /// The config path the input edits.
    pub path: String,
    /// The new value, or the raw text and why it is not a value.
    pub value: Result<Value, (String, String)>,
}

/// An edit of a map (tags, environment, secrets).
#[derive(Debug, Clone, PartialEq)]
pub enum EntryEdit {
    /// Add a row.
    Add {
        /// Path of the map.
        map: String,
    },
    /// Remove a key.
    Remove {
        /// Path of the map.
        map: String,
        /// The key.
        key: String,
    },
    /// Rename a key.
    Rename {
        /// Path of the map.
        map: String,
        /// Current key.
        from: String,
        /// New key.
        to: String,
    },
    /// Change a value.
    Set {
        /// Path of the map.
        map: String,
        /// The key.
        key: String,
        /// The new value.
        value: String,
    },
}

/// The problems of the current config, shared with every field.
#[hook]
pub fn use_problems() -> Rc<Problems> {
    use_context::<Rc<Problems>>().unwrap_or_default()
}

/// The problems at `prefix` itself and at any path below it that is not one of its `shown`
/// fields (each of those with its place), for a row that edits only some of an item's fields.
pub fn unshown(problems: &Problems, prefix: &str, shown: &[&str]) -> Vec<String> {
    problems
        .by_path
        .range(prefix.to_owned()..)
        .take_while(|(p, _)| p.starts_with(prefix))
        .filter(|(p, _)| crate::path::is_within(p, prefix))
        .flat_map(|(p, messages)| {
            let rest = &p[prefix.len()..];
            let field = rest.trim_start_matches('.');
            let name = field.split(['.', '[']).next().unwrap_or("");
            let skip = !rest.is_empty() && shown.contains(&name);
            messages.iter().filter(move |_| !skip).map(move |m| {
                if field.is_empty() {
                    m.clone()
                } else {
                    format!("{field}: {m}")
                }
            })
        })
        .collect()
}

/// The DOM id of the input for config `path` (ids may not hold whitespace).
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    id.extend(
        path.chars()
            .map(|c| if c.is_whitespace() { '_' } else { c }),
    );
    id
}

/// The value of the input or select an event came from.
pub fn event_value(event: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// An `Rc` compared by pointer, as a memo's or an effect's dependency: outputs, drawings and
/// previews are made once per config, so the same `Rc` means the same content, and comparing
/// them deeply on every render would cost a template's worth.
#[derive(Clone)]
pub struct ByPtr<T>(pub std::rc::Rc<T>);

impl<T> PartialEq for ByPtr<T> {
    fn eq(&self, o: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &o.0)
    }
}

/// The change handler of a file input: hands the chosen file to `onopen`, then clears the
/// input, so the same file can be chosen again after edits.
pub fn on_file_chosen(onopen: Callback<web_sys::File>) -> Callback<Event> {
    use wasm_bindgen::JsCast;
    Callback::from(move |e: Event| {
        let input = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                onopen.emit(file);
            }
            input.set_value("");
        }
    })
}

/// A click handler that calls `on`. One closure type for every such button: each distinct
/// closure costs the page its own callback code.
pub fn on_click(on: &Callback<()>) -> Callback<MouseEvent> {
    let on = on.clone();
    Callback::from(move |_: MouseEvent| on.emit(()))
}

/// Whether the checkbox an event came from is checked.
pub fn event_checked(event: &Event) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unshown_problems() {
        let mut problems = Problems::default();
        for (p, m) in [
            ("services[0].sidecars[0]", "whole"),
            ("services[0].sidecars[0].cpu", "cpu"),
            ("services[0].sidecars[0].environment.A B", "env"),
            ("services[0].sidecars[1].image", "other item"),
            ("services[0].sidecars[0]x", "not within"),
        ] {
            problems.by_path.insert(p.into(), vec![m.into()]);
        }
        assert_eq!(
            unshown(&problems, "services[0].sidecars[0]", &["cpu"]),
            ["whole", "environment.A B: env"]
        );
    }
}
