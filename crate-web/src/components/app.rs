//! The root: holds the one reducer, shares the problems, persists the config (URL fragment and
//! local storage, once typing pauses) and turns the children's callbacks into actions and browser calls.

use std::rc::Rc;

use fargate_stack::Config;
use yew::prelude::*;

use super::changes_panel::ChangesPanel;
use super::cost_panel::CostPanel;
use super::deploy_panel::DeployPanel;
use super::extras_form::ExtrasForm;
use super::general_form::GeneralForm;
use super::guards_form::GuardsForm;
use super::json_view::JsonView;
use super::load_balancer_form::LoadBalancerForm;
use super::network_form::NetworkForm;
use super::problems_panel::ProblemsPanel;
use super::services_form::ServicesForm;
use super::toolbar::{Toolbar, DEFAULTS};
use super::topology_panel::TopologyPanel;
use super::{EntryEdit, FieldInput};
use crate::highlight::resource_anchor;
use crate::state::{Action, Baseline, State, Status};
use crate::{browser, codec};

/// Where the page starts: a share link wins, then the work kept in this browser, then the
/// seed preset.
fn initial_state() -> State {
    let mut note = None;
    let hash = browser::hash();
    // A fragment this tab wrote itself is not a share link: the tab kept the same config or a
    // newer one (a reload within the save delay starts from the fragment before the last).
    if let Some(Ok(config)) = browser::own_config(&hash).map(|json| Config::from_json(&json)) {
        return State::new(
            config,
            Some(Status::ok("Restored the config you were editing.")),
        );
    }
    if let Some(result) = codec::from_fragment(&hash) {
        match result {
            Ok(config) => {
                return State::new(config, Some(Status::ok("Loaded the config from the link.")))
            }
            Err(errors) => {
                note = Some(Status::failed(failure(
                    "The link's config could not be read",
                    &errors,
                )))
            }
        }
    }
    if let Some(json) = browser::load_stored() {
        if let Ok(config) = Config::from_json(&json) {
            let status = note.or_else(|| Some(Status::ok("Restored the config you were editing.")));
            return State::new(config, status);
        }
    }
    State::new(Config::preset("seed").unwrap_or_default(), note)
}

/// How long typing must pause before the config is written to the fragment and storage.
const SAVE_DELAY_MS: u32 = 300;

/// Writes the pending config, if any, and marks the page with the revision it belongs to
/// (`data-saved-revision`, which tests wait for).
fn save_pending(pending: &std::cell::RefCell<Option<(Rc<Config>, u64)>>) {
    let Some((config, revision)) = pending.borrow_mut().take() else {
        return;
    };
    let fragment = codec::to_fragment(&config);
    browser::store(&config.to_json(), &fragment, &browser::hash());
    browser::replace_hash(&fragment);
    browser::mark_saved(revision);
}

fn failure(what: &str, errors: &[fargate_stack::FieldError]) -> String {
    let first = errors.first().map(ToString::to_string).unwrap_or_default();
    format!("{what}: {first}")
}

/// The designer.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);

    // Persist changes once typing pauses: the fragment makes the address a share link, storage
    // keeps the work across reloads. Writing both on every keystroke cost about 2 ms of each
    // edit (replaceState most of it). A save still pending when the page is hidden or left is
    // written then.
    let pending = use_mut_ref(|| None::<(Rc<Config>, u64)>);
    let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let pending = pending.clone();
        let config = state.config.clone();
        // Keyed by the revision, which moves exactly when the config was regenerated.
        use_effect_with(state.revision, move |&revision| {
            *pending.borrow_mut() = Some((config, revision));
            let due = pending.clone();
            *timer.borrow_mut() = Some(gloo::timers::callback::Timeout::new(
                SAVE_DELAY_MS,
                move || save_pending(&due),
            ));
        });
    }
    use_effect_with((), move |_| {
        let listeners = web_sys::window().map(|w| {
            let on_leave = {
                let pending = pending.clone();
                gloo::events::EventListener::new(&w, "pagehide", move |_| save_pending(&pending))
            };
            let on_hide = gloo::events::EventListener::new(
                &w.document().map_or_else(|| w.clone().into(), Into::into),
                "visibilitychange",
                move |_| save_pending(&pending),
            );
            (on_leave, on_hide)
        });
        move || drop(listeners)
    });

    // A share link pasted into this tab changes only the fragment: load it. The listener is
    // added once; it compares the link with the current config through a ref that each render
    // updates, instead of being torn down and added again on every keystroke.
    let current = use_mut_ref(|| state.config.clone());
    *current.borrow_mut() = state.config.clone();
    {
        let dispatcher = state.dispatcher();
        let current = current.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "hashchange", move |_| {
                    if let Some(Ok(linked)) = codec::from_fragment(&browser::hash()) {
                        if linked != **current.borrow() {
                            dispatcher.dispatch(Action::Load {
                                config: Box::new(linked),
                                message: "Loaded the config from the link.".into(),
                            });
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let notify = {
        let dispatcher = state.dispatcher();
        move |status: Status| dispatcher.dispatch(Action::Notify(status))
    };
    let onset = {
        let dispatcher = state.dispatcher();
        Callback::from(move |input: FieldInput| {
            dispatcher.dispatch(match input.value {
                Ok(value) => Action::Set {
                    path: input.path,
                    value,
                },
                Err((raw, message)) => Action::Invalid {
                    path: input.path,
                    raw,
                    message,
                },
            });
        })
    };
    let onentry = {
        let dispatcher = state.dispatcher();
        Callback::from(move |edit: EntryEdit| {
            dispatcher.dispatch(match edit {
                EntryEdit::Add { map } => Action::AddEntry { map },
                EntryEdit::Remove { map, key } => Action::RemoveEntry { map, key },
                EntryEdit::Rename { map, from, to } => Action::RenameEntry { map, from, to },
                EntryEdit::Set { map, key, value } => Action::SetEntry { map, key, value },
            });
        })
    };
    let onadd = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::AddService))
    };
    let onmove = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(from, to)| dispatcher.dispatch(Action::MoveService { from, to }))
    };
    let onremove = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i| dispatcher.dispatch(Action::RemoveService(i)))
    };
    let onpreset = {
        let dispatcher = state.dispatcher();
        Callback::from(move |name: String| {
            let config = if name == DEFAULTS {
                Some(Config::defaults())
            } else {
                Config::preset(&name)
            };
            match config {
                Some(config) => dispatcher.dispatch(Action::Load {
                    config: Box::new(config),
                    message: format!("Loaded {name}."),
                }),
                None => dispatcher.dispatch(Action::Notify(Status::failed(format!(
                    "There is no preset {name}."
                )))),
            }
        })
    };
    let onopen = {
        let dispatcher = state.dispatcher();
        Callback::from(move |file: web_sys::File| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let action = match browser::read_text(&file).await {
                    Ok(text) => match codec::from_file(&text) {
                        Ok((config, kind)) => {
                            dispatcher.dispatch(Action::Load {
                                config: Box::new(config),
                                message: format!("Loaded the config from {kind} {name}."),
                            });
                            if kind != "template" {
                                return;
                            }
                            // A template this tool made is often the deployed one: offer it.
                            Action::OfferBaseline(Baseline { name, json: text })
                        }
                        Err(errors) => Action::Notify(Status::failed(failure(
                            &format!("{name} could not be loaded"),
                            &errors,
                        ))),
                    },
                    Err(message) => Action::Notify(Status::failed(message)),
                };
                dispatcher.dispatch(action);
            });
        })
    };
    let onsave = {
        let (config, notify) = (state.config.clone(), notify.clone());
        Callback::from(move |()| {
            let name = format!("{}.config.json", file_stem(&config));
            match browser::download(&name, &config.to_json(), "application/json") {
                Ok(()) => notify(Status::ok(format!("Saved {name}."))),
                Err(m) => notify(Status::failed(m)),
            }
        })
    };
    let copy = {
        let notify = notify.clone();
        move |text: String, what: &'static str| {
            let notify = notify.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notify(match browser::copy(&text).await {
                    Ok(()) => Status::ok(format!("Copied the {what}.")),
                    Err(m) => Status::failed(m),
                });
            });
        }
    };
    let onshare = {
        let (config, copy) = (state.config.clone(), copy.clone());
        Callback::from(move |()| {
            copy(
                format!("{}{}", browser::base_url(), codec::to_fragment(&config)),
                "share link",
            )
        })
    };
    let output = state.output.clone();
    let oncopyjson = {
        let (output, copy) = (output.clone(), copy.clone());
        Callback::from(move |()| {
            if let Some(o) = &output {
                copy(o.generated.json.clone(), "template JSON");
            }
        })
    };
    let oncopydeploy = {
        let (output, copy) = (output.clone(), copy.clone());
        Callback::from(move |()| {
            if let Some(o) = &output {
                copy(o.generated.deploy_command.clone(), "deploy command");
            }
        })
    };
    let blocked = state.problems.count() > 0 || !state.current;
    let ondownload = {
        let (output, config, notify) = (output.clone(), state.config.clone(), notify.clone());
        Callback::from(move |()| {
            let Some(o) = output.as_ref().filter(|_| !blocked) else {
                return;
            };
            let name = format!("{}.template.json", config.name);
            match browser::download(&name, &o.generated.json, "application/json") {
                Ok(()) => notify(Status::ok(format!("Downloaded {name}."))),
                Err(m) => notify(Status::failed(m)),
            }
        })
    };
    let ondownloadsvg = {
        let (output, config, notify) = (output.clone(), state.config.clone(), notify.clone());
        Callback::from(move |()| {
            if let Some(svg) = output.as_ref().map(|o| o.diagram.svg.clone()) {
                let name = format!("{}.topology.svg", file_stem(&config));
                match browser::download(&name, &svg, "image/svg+xml") {
                    Ok(()) => notify(Status::ok(format!("Downloaded {name}."))),
                    Err(m) => notify(Status::failed(m)),
                }
            }
        })
    };
    let onfocus = {
        let notify = notify.clone();
        Callback::from(move |path: String| {
            if !browser::focus_path(&path) {
                notify(Status::failed(format!(
                    "{path} has no field on the page; see the message above."
                )));
            }
        })
    };
    let oncost = {
        let dispatcher = state.dispatcher();
        Callback::from(move |input| dispatcher.dispatch(Action::SetCost(input)))
    };
    let onapply = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(path, value)| dispatcher.dispatch(Action::Set { path, value }))
    };
    let onbaseline = {
        let dispatcher = state.dispatcher();
        Callback::from(move |file: web_sys::File| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                dispatcher.dispatch(match browser::read_text(&file).await {
                    Ok(json) => Action::SetBaseline(Some(Baseline {
                        name: file.name(),
                        json,
                    })),
                    Err(message) => Action::Notify(Status::failed(message)),
                });
            });
        })
    };
    let onbaselineremove = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::SetBaseline(None)))
    };
    let onoffer = {
        let (dispatcher, offer) = (
            state.dispatcher(),
            state.status.as_ref().and_then(|s| s.offer.clone()),
        );
        Callback::from(move |_: MouseEvent| {
            if let Some(b) = &offer {
                dispatcher.dispatch(Action::SetBaseline(Some((**b).clone())));
                // The button goes away with the offer: keep the keyboard near, on the panel
                // that now shows the comparison (after the render that fills it).
                gloo::timers::callback::Timeout::new(0, || {
                    browser::focus_id("h-changes");
                })
                .forget();
            }
        })
    };
    let onnode = Callback::from(move |id: String| {
        browser::flash(&resource_anchor(&id));
    });

    let c = &state.config;
    let problems = state.problems.clone();
    html! {
        <ContextProvider<Rc<crate::state::Problems>> context={problems.clone()}>
            <a class="skip" href="#json">{"Skip to the template"}</a>
            <header class="top">
                <h1>{"fargate-stack "}<span>{"designer"}</span></h1>
                <Toolbar {onpreset} {onopen} {onsave} {onshare} />
            </header>
            <p class={classes!("status", state.status.as_ref().filter(|s| s.error).map(|_| "error"))}
                id="status" role="status" aria-live="polite">
                {state.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()}
            </p>
            if state.status.as_ref().is_some_and(|s| s.offer.is_some()) {
                <p class="status" id="baseline-offer">
                    {"This template may be the deployed one: compare the form with it in the Changes panel. "}
                    <button type="button" id="use-baseline" onclick={onoffer}>{"Use it as the deployed baseline"}</button>
                </p>
            }
            <main class="layout" data-revision={state.revision.to_string()}>
                <form class="form" id="form" aria-label="Stack config" novalidate=true
                    onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <ProblemsPanel problems={problems.list.clone()} {onfocus} />
                    <GeneralForm name={AttrValue::from(c.name.clone())} tags={c.tags.clone()}
                        onset={onset.clone()} onentry={onentry.clone()} />
                    <NetworkForm network={c.network.clone()} onset={onset.clone()} />
                    <LoadBalancerForm lb={c.load_balancer.clone()} onset={onset.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)} />
                    <ServicesForm services={c.services.clone()} has_bucket={c.bucket.is_some()}
                        onset={onset.clone()} onentry={onentry.clone()} {onadd} {onmove} {onremove} />
                    <ExtrasForm database={c.database.clone()} bucket={c.bucket.clone()}
                        api_gateway={c.api_gateway.clone()} onset={onset.clone()} />
                    <GuardsForm domain={c.domain.clone()} waf={c.load_balancer.waf.clone()} alarms={c.alarms.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)}
                        has_api={c.api_gateway.is_some()} onset={onset.clone()} />
                </form>
                <div class="output">
                    if let Some(o) = &output {
                        <DeployPanel command={AttrValue::from(o.generated.deploy_command.clone())}
                            bytes={o.generated.bytes} oncopy={oncopydeploy} changes={state.changes.clone()}
                            notes={o.generated.notes.iter().map(|n| AttrValue::from(n.clone())).collect::<Vec<_>>()} />
                        <TopologyPanel svg={AttrValue::from(state.marked.as_ref().map_or_else(|| o.diagram.inline.clone(), |m| m.svg.clone()))}
                            css={AttrValue::from(o.diagram.css.clone())} revision={state.revision} current={state.current}
                            marked={state.marked.clone()} {onnode} ondownload={ondownloadsvg} />
                        if let Some(e) = &state.estimate {
                            <CostPanel estimate={e.clone()} input={state.cost_input.clone()} current={state.current}
                                oninput={oncost} {onapply} />
                        }
                        <ChangesPanel name={state.baseline.as_ref().map(|b| AttrValue::from(b.name.clone()))}
                            changes={state.changes.clone()} current={state.current}
                            onopen={onbaseline} onremove={onbaselineremove} />
                        <JsonView html={o.html.clone()} bytes={o.generated.bytes}
                            resources={o.generated.resource_count} parameters={o.generated.parameters.len()}
                            outputs={o.generated.outputs.len()}
                            filename={AttrValue::from(format!("{}.template.json", c.name))}
                            problems={problems.count().max(usize::from(!state.current))} current={state.current}
                            revision={state.revision} oncopy={oncopyjson} {ondownload} />
                    } else {
                        <section class="panel">
                            <p>{"Fix the problems on the left to see the template."}</p>
                        </section>
                    }
                </div>
            </main>
        </ContextProvider<Rc<crate::state::Problems>>>
    }
}

/// A safe file name stem from the app name (which may be invalid while being typed).
fn file_stem(config: &Config) -> String {
    let stem: String = config
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    if stem.is_empty() {
        "fargate-stack".to_owned()
    } else {
        stem
    }
}
