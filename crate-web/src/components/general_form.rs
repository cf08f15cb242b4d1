//! The stack's name and tags.

use std::collections::BTreeMap;

use fargate_stack::Config;
use yew::prelude::*;

use super::fields::{Fields, Map, Text};
use super::{EntryEdit, FieldInput};

/// Props of [`GeneralForm`].
#[derive(Properties, PartialEq)]
pub struct GeneralFormProps {
    /// App name.
    pub name: AttrValue,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Field edits.
    pub onset: Callback<FieldInput>,
    /// Map edits.
    pub onentry: Callback<EntryEdit>,
}

/// Name and tags.
#[function_component]
pub fn GeneralForm(props: &GeneralFormProps) -> Html {
    let d = Config::defaults();
    let f = Fields {
        base: "",
        onset: &props.onset,
    };
    html! {
        <section class="section" aria-labelledby="h-general">
            <h2 id="h-general">{"Stack"}</h2>
            <div class="fields">
                {f.text(&Text { field: "name", label: "App name", placeholder: "", optional: false, wide: false,
                    help: "Lowercase letters, digits and hyphens, starting with a letter, at most 24; used in resource names, Name tags and the stack name." },
                    &props.name, Some(d.name.as_str()))}
                {f.map(&Map { field: "tags", label: "Tags", key_label: "tag", value_label: "value", placeholder: "",
                    help: "Extra tags put on every taggable resource (Name is set from the app name)." },
                    &props.tags, &props.onentry)}
            </div>
        </section>
    }
}
