//! The exact `aws cloudformation deploy` command, with copy, and the S3 warning for templates
//! over CloudFormation's inline limit.

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
