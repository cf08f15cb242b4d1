//! The exact `aws cloudformation deploy` command for the chosen region, with copy, the S3
//! warning for templates over CloudFormation's inline limit, and the first deploy as copyable
//! commands. While the form has problems all of it is the last valid template's, and says so. With a deployed template loaded, the change preview's
//! data loss and will-fail are said here too, in red, where the deploy is started.

use std::rc::Rc;

use fargate_stack::changes::{Action, Changes, ReadError, ResourceChange};
use fargate_stack::cost::prices::REGIONS;
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
    /// How many problems the form has now (0: the command is the form's).
    #[prop_or_default]
    pub stale: usize,
    /// The region the stack goes to.
    #[prop_or_default]
    pub region: AttrValue,
    /// Choose the region.
    #[prop_or_default]
    pub onregion: Callback<String>,
    /// The first deploy's commands.
    #[prop_or_default]
    pub steps: Rc<Vec<crate::runbook::Step>>,
    /// Copy one of them.
    #[prop_or_default]
    pub oncopystep: Callback<String>,
    /// The certificate ARN, if any (a certificate must be in the load balancer's region).
    #[prop_or_default]
    pub certificate: Option<AttrValue>,
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
    let oncopy = super::on_click(&props.oncopy);
    let onregion = {
        let onregion = props.onregion.clone();
        Callback::from(move |e: Event| onregion.emit(super::event_value(&e)))
    };
    // Both region selects show one choice; a touched select ignores later `selected`
    // attributes, so its value is set directly.
    let region_ref = use_node_ref();
    {
        let region_ref = region_ref.clone();
        use_effect_with(props.region.to_string(), move |region| {
            if let Some(select) = region_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(region);
            }
        });
    }
    let stale = props.stale > 0;
    let copy_label = if stale {
        format!(
            "Copy command (last valid template, {})",
            crate::labels::problems_now(props.stale)
        )
    } else {
        "Copy command".to_owned()
    };
    let other_region = props
        .certificate
        .as_deref()
        .and_then(crate::runbook::arn_region)
        .filter(|r| *r != props.region.as_str());
    html! {
        <section class={classes!("panel", "deploy", stale.then_some("is-stale"))} aria-labelledby="h-deploy">
            <header class="panel-head">
                <h2 id="h-deploy">{"Deploy"}</h2>
                <label class="region">{"Region "}
                    <select id="region" onchange={onregion} ref={region_ref}>
                        { for REGIONS.iter().map(|r| html! {
                            <option value={r.region} selected={r.region == props.region.as_str()}>{r.region}</option>
                        }) }
                    </select>
                </label>
                <button type="button" id="copy-deploy" onclick={oncopy}>{copy_label}</button>
            </header>
            if stale {
                <p class="stale-banner" id="deploy-stale" role="note">
                    {format!("Showing the last valid template — {}. Fix them on the left for the form's command.",
                        crate::labels::problems_now(props.stale))}
                </p>
            }
            if let Some(r) = other_region {
                <p class="warning" id="region-warning" role="note">
                    {format!("The certificate ARN names region {r}, but the stack deploys to {}: a load balancer can only use a certificate from its own region. Choose {r} or a certificate from {}.",
                        props.region, props.region)}
                </p>
            }
            <pre id="deploy-command" class={classes!("command", stale.then_some("stale"))} tabindex="0" aria-label="Deploy command"><code>{&props.command}</code></pre>
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
            if !props.steps.is_empty() {
                <details class="runbook" id="runbook">
                    <summary>{"First deploy, step by step"}</summary>
                    <ol>
                        { for props.steps.iter().enumerate().map(|(i, step)| {
                            let onclick = {
                                let (oncopy, command) = (props.oncopystep.clone(), step.command.clone());
                                Callback::from(move |_: MouseEvent| oncopy.emit(command.clone()))
                            };
                            html! {
                                <li data-step={i.to_string()}>
                                    <p>{&step.title}</p>
                                    <pre class={classes!("command", stale.then_some("stale"))} tabindex="0"
                                        aria-label={step.title.clone()}><code>{&step.command}</code></pre>
                                    <button type="button" class="copy-step" {onclick}
                                        aria-label={format!("Copy: {}", step.title)}>{"Copy"}</button>
                                </li>
                            }
                        }) }
                    </ol>
                </details>
            }
        </section>
    }
}
