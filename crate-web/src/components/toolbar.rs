//! The page's toolbar: start from a preset or from scratch (loaded as soon as it is chosen:
//! undo takes it back), open a saved config or a template, save the config, copy a share link,
//! undo and redo.

use fargate_stack::PRESETS;
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
    /// Take back the last change.
    pub onundo: Callback<()>,
    /// Do again the last change undone.
    pub onredo: Callback<()>,
    /// The preset the config is, while unedited (none: the select says "custom").
    #[prop_or_default]
    pub preset: Option<AttrValue>,
    /// What undo would take back, in words (none: nothing to undo).
    #[prop_or_default]
    pub undo: Option<AttrValue>,
    /// What redo would do again, in words.
    #[prop_or_default]
    pub redo: Option<AttrValue>,
}

/// The select's value for a config that is no preset (edited, or opened from a file or link).
const CUSTOM: &str = "custom";

/// The value the "start from" select uses for the bare defaults.
pub const DEFAULTS: &str = "defaults";

/// Start from, open, save, share.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let choice = props.preset.as_deref().unwrap_or(CUSTOM);
    let file_ref = use_node_ref();
    let select_ref = use_node_ref();
    {
        // A select the user has touched ignores `selected` attributes set later, so an undo
        // back to a preset would keep showing the last choice: set its value directly.
        let select_ref = select_ref.clone();
        use_effect_with(choice.to_owned(), move |choice| {
            if let Some(select) = select_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(choice);
            }
        });
    }
    let onchoose = {
        let onpreset = props.onpreset.clone();
        Callback::from(move |e: Event| {
            let name = event_value(&e);
            if name != CUSTOM {
                onpreset.emit(name);
            }
        })
    };
    let onundo = super::on_click(&props.onundo);
    let onredo = super::on_click(&props.onredo);
    let onfile = super::on_file_chosen(props.onopen.clone());
    let onsave = super::on_click(&props.onsave);
    let onshare = super::on_click(&props.onshare);
    let description = match PRESETS.iter().find(|(n, _)| *n == choice) {
        Some((_, d)) => d,
        None if choice == DEFAULTS => {
            "Every field at its default: one service, a new VPC, a public load balancer."
        }
        None => "Your own config: edited since a preset was loaded, or opened from a file or link. Choosing a preset replaces it (undo brings it back).",
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Config">
            <div class="start">
                <label for="preset">{"Start from"}</label>
                <select id="preset" onchange={onchoose} aria-describedby="preset-help" ref={select_ref}>
                    if choice == CUSTOM {
                        <option value={CUSTOM} selected=true>{"custom"}</option>
                    }
                    { for PRESETS.iter().map(|(name, _)| html! {
                        <option value={*name} selected={*name == choice}>{*name}</option>
                    }) }
                    <option value={DEFAULTS} selected={choice == DEFAULTS}>{"defaults (from scratch)"}</option>
                </select>
                <span class="help" id="preset-help">{description}</span>
            </div>
            <div class="files">
                <label class="button" for="open-file">{"Open config or template…"}</label>
                <input type="file" id="open-file" class="visually-hidden" accept=".json,application/json"
                    ref={file_ref} onchange={onfile} />
                <button type="button" id="save-config" onclick={onsave}>{"Save config"}</button>
                <button type="button" id="share" onclick={onshare}>{"Copy share link"}</button>
            </div>
            <div class="history">
                <button type="button" id="undo" onclick={onundo} disabled={props.undo.is_none()}
                    title={props.undo.as_ref().map(|w| format!("Undo {w} (Ctrl+Z)"))}
                    aria-keyshortcuts="Control+Z">{"Undo"}</button>
                <button type="button" id="redo" onclick={onredo} disabled={props.redo.is_none()}
                    title={props.redo.as_ref().map(|w| format!("Redo {w} (Ctrl+Shift+Z)"))}
                    aria-keyshortcuts="Control+Shift+Z Control+Y">{"Redo"}</button>
            </div>
        </div>
    }
}
