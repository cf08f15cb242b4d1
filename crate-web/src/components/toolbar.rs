//! The page's toolbar: start from a preset or from scratch, open a saved config or a template,
//! save the config, copy a share link.

use fargate_stack::PRESETS;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::event_value;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Load a preset by name (`defaults` for the bare defaults).
    pub onpreset: Callback<String>,
    /// Open a file (a saved config or a generated template).
    pub onopen: Callback<web_sys::File>,
    /// Save the config as JSON.
    pub onsave: Callback<()>,
    /// Copy a share link.
    pub onshare: Callback<()>,
}

/// The value the "start from" select uses for the bare defaults.
pub const DEFAULTS: &str = "defaults";

/// Start from, open, save, share.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let choice = use_state(|| "seed".to_owned());
    let file_ref = use_node_ref();
    let onchoose = {
        let choice = choice.clone();
        Callback::from(move |e: Event| choice.set(event_value(&e)))
    };
    let onload = {
        let (choice, onpreset) = (choice.clone(), props.onpreset.clone());
        Callback::from(move |_: MouseEvent| onpreset.emit((*choice).clone()))
    };
    let onfile = {
        let onopen = props.onopen.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    onopen.emit(file);
                }
                // Clearing lets the same file be opened again after edits.
                input.set_value("");
            }
        })
    };
    let onsave = {
        let onsave = props.onsave.clone();
        Callback::from(move |_: MouseEvent| onsave.emit(()))
    };
    let onshare = {
        let onshare = props.onshare.clone();
        Callback::from(move |_: MouseEvent| onshare.emit(()))
    };
    let description = PRESETS.iter().find(|(n, _)| *n == choice.as_str()).map_or(
        "Every field at its default: one service, a new VPC, a public load balancer.",
        |(_, d)| d,
    );
    html! {
        <div class="toolbar" role="toolbar" aria-label="Config">
            <div class="start">
                <label for="preset">{"Start from"}</label>
                <select id="preset" onchange={onchoose} aria-describedby="preset-help">
                    { for PRESETS.iter().map(|(name, _)| html! {
                        <option value={*name} selected={*name == choice.as_str()}>{*name}</option>
                    }) }
                    <option value={DEFAULTS} selected={choice.as_str() == DEFAULTS}>{"defaults (from scratch)"}</option>
                </select>
                <button type="button" id="load-preset" onclick={onload}>{"Load"}</button>
                <span class="help" id="preset-help">{description}</span>
            </div>
            <div class="files">
                <label class="button" for="open-file">{"Open config or template…"}</label>
                <input type="file" id="open-file" class="visually-hidden" accept=".json,application/json"
                    ref={file_ref} onchange={onfile} />
                <button type="button" id="save-config" onclick={onsave}>{"Save config"}</button>
                <button type="button" id="share" onclick={onshare}>{"Copy share link"}</button>
            </div>
        </div>
    }
}
