//! "Compare with deployed template…": a template JSON read from a file (kept for the tab,
//! shown by name, removable) and the preview of the current template against it, by action,
//! with each change's causes; data loss and will-fail first, in red.

use std::rc::Rc;

use fargate_stack::changes::{Action, Changes, ReadError};
use yew::prelude::*;

/// Props of [`ChangesPanel`].
#[derive(Properties, PartialEq)]
pub struct ChangesPanelProps {
    /// The loaded baseline's file name.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// The preview, once a baseline is loaded.
    #[prop_or_default]
    pub changes: Option<Rc<Result<Changes, ReadError>>>,
    /// Whether the preview is of the current config.
    pub current: bool,
    /// A file was chosen.
    pub onopen: Callback<web_sys::File>,
    /// Forget the baseline.
    pub onremove: Callback<()>,
}

const ORDER: [(Action, &str, &str); 4] = [
    (Action::Replace, "replace", "Replaced"),
    (Action::Remove, "remove", "Removed"),
    (Action::Update, "update", "Updated in place"),
    (Action::Add, "add", "Added"),
];

fn preview(c: &Changes) -> Html {
    let s = &c.summary;
    let alarms = c
        .resources
        .iter()
        .flat_map(|r| {
            let loss = r
                .data_loss
                .as_ref()
                .map(|m| ("data-loss", format!("Data loss: {}: {m}", r.logical_id)));
            let fail = r
                .will_fail
                .as_ref()
                .map(|m| ("will-fail", format!("Will fail: {}: {m}", r.logical_id)));
            loss.into_iter().chain(fail)
        })
        .map(|(class, text)| html! { <p class={classes!("alarm", class)} role="alert">{text}</p> });
    let none = c.resources.is_empty() && c.parameters.is_empty() && c.outputs.is_empty();
    html! {
        <>
            { for alarms }
            if none {
                <p id="changes-none">{"No changes: deploying this template changes nothing."}</p>
            } else {
                <p id="changes-summary">{format!("{} to replace, {} to remove, {} to update, {} to add.",
                    s.replace, s.remove, s.update, s.add)}</p>
            }
            { for ORDER.iter().filter_map(|(action, key, title)| {
                let rs: Vec<_> = c.resources.iter().filter(|r| r.action == *action).collect();
                let entries: Vec<_> = c.parameters.iter().map(|p| ("Parameter", p))
                    .chain(c.outputs.iter().map(|o| ("Output", o)))
                    .filter(|(_, e)| e.action == *action).collect();
                (!rs.is_empty() || !entries.is_empty()).then(|| html! {
                    <div class={classes!("changes-group", *key)} data-action={*key}>
                        <h3>{format!("{title} ({})", rs.len() + entries.len())}</h3>
                        <ul>
                            { for rs.iter().map(|r| html! {
                                <li data-id={r.logical_id.clone()}>
                                    <strong>{&r.logical_id}</strong>{" "}<small>{&r.resource_type}</small>
                                    if !r.causes.is_empty() {
                                        <ul class="causes">
                                            { for r.causes.iter().map(|k| html! {
                                                <li class={classes!(k.replacement.then_some("replacement"))}>
                                                    <code>{&k.path}</code>{format!(": {}", k.reason)}
                                                </li>
                                            }) }
                                        </ul>
                                    }
                                </li>
                            }) }
                            { for entries.iter().map(|(what, e)| html! {
                                <li data-name={e.name.clone()}>{format!("{what} {}", e.name)}
                                    if !e.detail.is_empty() { <small>{format!(": {}", e.detail)}</small> }</li>
                            }) }
                        </ul>
                    </div>
                })
            }) }
        </>
    }
}

/// The change preview panel.
#[function_component]
pub fn ChangesPanel(props: &ChangesPanelProps) -> Html {
    let onfile = super::on_file_chosen(props.onopen.clone());
    let onremove = super::on_click(&props.onremove);
    html! {
        <section class="panel changes" aria-labelledby="h-changes">
            <header class="panel-head">
                <h2 id="h-changes" tabindex="-1">{"Changes"}</h2>
                <div class="buttons">
                    <label class="button" for="baseline-file">{"Compare with deployed template…"}</label>
                    <input type="file" id="baseline-file" class="visually-hidden" accept=".json,application/json"
                        onchange={onfile} />
                </div>
            </header>
            if let Some(name) = &props.name {
                <p class="baseline">{"Compared with "}<strong id="baseline-name">{name}</strong>{" "}
                    <button type="button" id="baseline-remove" onclick={onremove}>{"Remove"}</button></p>
                <div id="changes" class={classes!((!props.current).then_some("stale"))}>
                    { match props.changes.as_deref() {
                        Some(Ok(c)) => preview(c),
                        Some(Err(e)) => html! { <p class="alarm" id="changes-error">{format!("The file is not a template: {e}")}</p> },
                        None => html! {},
                    } }
                </div>
            } else {
                <p class="help">{"Load the template of the deployed stack to see what deploying this one would change."}</p>
            }
        </section>
    }
}
