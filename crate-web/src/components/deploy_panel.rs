//! The exact `aws cloudformation deploy` command, with copy, and the S3 warning for templates
//! over CloudFormation's inline limit. With a deployed template loaded, the change preview's
//! data loss and will-fail are said here too, in red, where the deploy is started.

use std::rc::Rc;

use fargate_stack::changes::{Action, Changes, ReadError, ResourceChange};
use fargate_stack::INLINE_TEMPLATE_LIMIT;
use yew::prelude::*;

use super::json_view::grouped;

/// Props of [`DeployPanel`].
#[derive(Properties, PartialEq)]
pub struct DeployPanelProps {
    /// The command.
    pub command: AttrValue,
    /// Template size in bytes.
    pub bytes: usize,
    /// What a deployer must know beyond the command (the core's `deploy_notes`).
    #[prop_or_default]
    pub notes: Vec<AttrValue>,
    /// Copy the command.
    pub oncopy: Callback<()>,
    /// The change preview against the deployed template, when one is loaded.
    #[prop_or_default]
    pub changes: Option<Rc<Result<Changes, ReadError>>>,
}

/// `Database (replaced): <the core's reason>; ...` for the resources `risk` picks, if any.
fn risks(changes: &Changes, risk: fn(&ResourceChange) -> Option<&String>) -> Option<String> {
    let items: Vec<String> = changes
        .resources
        .iter()
        .filter_map(|r| {
            let word = match r.action {
                Action::Add => "added",
                Action::Remove => "removed",
                Action::Update => "updated",
                Action::Replace => "replaced",
            };
            risk(r).map(|why| format!("{} ({word}): {why}", r.logical_id))
        })
        .collect();
    (!items.is_empty()).then(|| items.join("; "))
}

/// The deploy command panel.
#[function_component]
pub fn DeployPanel(props: &DeployPanelProps) -> Html {
    let oncopy = {
        let oncopy = props.oncopy.clone();
        Callback::from(move |_: MouseEvent| oncopy.emit(()))
    };
    html! {
        <section class="panel deploy" aria-labelledby="h-deploy">
            <header class="panel-head">
                <h2 id="h-deploy">{"Deploy"}</h2>
                <button type="button" id="copy-deploy" onclick={oncopy}>{"Copy command"}</button>
            </header>
            <pre id="deploy-command" class="command" tabindex="0" aria-label="Deploy command"><code>{&props.command}</code></pre>
            if let Some(Ok(c)) = props.changes.as_deref() {
                if let Some(text) = risks(c, |r| r.data_loss.as_ref()) {
                    <p class="alarm" id="deploy-data-loss" role="note">{format!("This deploy will lose data: {text}.")}</p>
                }
                if let Some(text) = risks(c, |r| r.will_fail.as_ref()) {
                    <p class="alarm" id="deploy-will-fail" role="note">{format!("This deploy will fail: {text}.")}</p>
                }
            }
            if props.bytes > INLINE_TEMPLATE_LIMIT {
                <p class="warning" id="s3-warning" role="note">
                    {format!(
                        "This template is {} bytes, over CloudFormation's {}-byte limit for inline templates, so the command uploads it with --s3-bucket: replace YOUR_ARTIFACT_BUCKET with a bucket you own in the same region.",
                        grouped(props.bytes), grouped(INLINE_TEMPLATE_LIMIT),
                    )}
                </p>
            }
            { for props.notes.iter().map(|note| html! {
                <p class="note deploy-note" role="note">{note}</p>
            }) }
        </section>
    }
}
