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

/// Where the page starts, with the preset select naming the preset it is, if it is one.
fn initial_state() -> State {
    let mut state = starting_state();
    state.preset = fargate_stack::PRESETS
        .iter()
        .find(|(n, _)| Config::preset(n).as_ref() == Some(&*state.config))
        .map(|(n, _)| (*n).to_owned());
    state
}

/// Where the page starts: a share link wins, then the work kept in this browser, then the
/// seed preset.
fn starting_state() -> State {
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

/// "What: Place › Label: message" for the first error (the file or link has no config to name
/// its services from, so the places number them).
fn failure(what: &str, errors: &[fargate_stack::FieldError]) -> String {
    let first = errors.first().map_or_else(String::new, |e| {
        format!(
            "{}: {}",
            crate::labels::place(&e.path, &Config::default()),
            e.message
        )
    });
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
                                preset: None,
                                warning: false,
                            });
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // A message clears itself once read (see `Status::lifetime_ms`); keyed by the message's
    // number, so a newer message is never cleared by an older one's timer.
    let status_timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        let dispatcher = state.dispatcher();
        let life = state.status.as_ref().and_then(Status::lifetime_ms);
        use_effect_with(state.status_seq, move |&seq| {
            *status_timer.borrow_mut() = life.map(|ms| {
                gloo::timers::callback::Timeout::new(ms, move || {
                    dispatcher.dispatch(Action::ClearStatus(seq));
                })
            });
        });
    }
    // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (Cmd on a Mac) undo and redo config changes, except while
    // typing in a text box: there the browser's own undo takes back the characters (what
    // people expect of a text box), and each of its steps reaches the config as an edit.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new_with_options(
                    &w,
                    "keydown",
                    gloo::events::EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        use wasm_bindgen::JsCast;
                        let Some(key) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                            return;
                        };
                        if !(key.ctrl_key() || key.meta_key()) || key.alt_key() {
                            return;
                        }
                        let action = match key.key().as_str() {
                            "z" | "Z" if key.shift_key() => Action::Redo,
                            "z" | "Z" => Action::Undo,
                            "y" | "Y" => Action::Redo,
                            _ => return,
                        };
                        if typing_in(e) {
                            return;
                        }
                        e.prevent_default();
                        dispatcher.dispatch(action);
                    },
                )
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
        Callback::from(move |i| {
            dispatcher.dispatch(Action::RemoveService(i));
            // The Remove button is gone; left alone, focus would fall on the next service's
            // Remove button, where a second Enter removes another service. The heading is
            // safe, and the undo toast is announced from the status line.
            gloo::timers::callback::Timeout::new(0, || {
                browser::focus_id("h-services");
            })
            .forget();
        })
    };
    let onundo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Undo))
    };
    let onredo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Redo))
    };
    let ontoastundo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Undo);
            // The button goes with the toast: keep the keyboard in the services.
            gloo::timers::callback::Timeout::new(0, || {
                browser::focus_id("h-services");
            })
            .forget();
        })
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
                    preset: Some(name),
                    warning: false,
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
                            // The config comes from the template's metadata: edits made to
                            // the resources by hand are not in it, so say which ones are lost.
                            let edits = if kind == "template" {
                                crate::runbook::hand_edits(&text, &config)
                            } else {
                                Vec::new()
                            };
                            let message = if edits.is_empty() {
                                format!("Loaded the config from {kind} {name}.")
                            } else {
                                format!(
                                    "Loaded the config from {kind} {name}, but its resources differ from what that config generates ({}): they were edited by hand, and those edits are not in the form. Undo goes back to what you had.",
                                    edits.join("; ")
                                )
                            };
                            dispatcher.dispatch(Action::Load {
                                config: Box::new(config),
                                warning: !edits.is_empty(),
                                message,
                                preset: None,
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
        move |text: String, what: &'static str, stale: usize| {
            let notify = notify.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notify(match browser::copy(&text).await {
                    Ok(()) if stale > 0 => Status::ok(format!(
                        "Copied the {what} of the last valid template ({}).",
                        crate::labels::problems_now(stale)
                    )),
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
                0,
            )
        })
    };
    let output = state.output.clone();
    // While the form has problems the output is the last valid one: whatever is copied or
    // downloaded says so, so nobody deploys it thinking it is the form's.
    let stale = if state.current && state.problems.count() == 0 {
        0
    } else {
        state.problems.count().max(1)
    };
    let oncopyjson = {
        let (output, copy) = (output.clone(), copy.clone());
        Callback::from(move |()| {
            if let Some(o) = &output {
                copy(o.generated.json.clone(), "template JSON", stale);
            }
        })
    };
    let region = state.cost_input.region.clone();
    let oncopydeploy = {
        let (output, copy, region) = (output.clone(), copy.clone(), region.clone());
        Callback::from(move |()| {
            if let Some(o) = &output {
                let command = crate::runbook::with_region(&o.generated.deploy_command, &region);
                copy(command, "deploy command", stale);
            }
        })
    };
    let oncopystep = {
        let copy = copy.clone();
        Callback::from(move |command: String| copy(command, "command", stale))
    };
    let onregion = {
        let (dispatcher, input) = (state.dispatcher(), state.cost_input.clone());
        Callback::from(move |region: String| {
            let mut next = (*input).clone();
            next.region = region;
            dispatcher.dispatch(Action::SetCost(next));
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
        let (config, notify) = (state.config.clone(), notify.clone());
        Callback::from(
            move |(suffix, text, mime): (String, String, &'static str)| {
                let name = format!("{}.{suffix}", file_stem(&config));
                match browser::download(&name, &text, mime) {
                    Ok(()) if stale > 0 => notify(Status::ok(format!(
                        "Downloaded {name}: the diagram of the last valid template ({}).",
                        crate::labels::problems_now(stale)
                    ))),
                    Ok(()) => notify(Status::ok(format!("Downloaded {name}."))),
                    Err(m) => notify(Status::failed(m)),
                }
            },
        )
    };
    let onfocus = {
        let (notify, config) = (notify.clone(), state.config.clone());
        Callback::from(move |path: String| {
            if !browser::focus_path(&path) {
                notify(Status::failed(format!(
                    "{} has no field on the page; see the message above.",
                    crate::labels::place(&path, &config)
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
                <Toolbar {onpreset} {onopen} {onsave} {onshare} {onundo} {onredo}
                    preset={state.preset.as_ref().map(|p| AttrValue::from(p.clone()))}
                    undo={state.history.undo_what().map(|w| AttrValue::from(w.to_owned()))}
                    redo={state.history.redo_what().map(|w| AttrValue::from(w.to_owned()))} />
            </header>
            <p class={classes!("status", state.status.as_ref().filter(|s| s.error).map(|_| "error"),
                    state.status.as_ref().filter(|s| s.undo).map(|_| "toast"))}
                id="status" role="status" aria-live="polite">
                {state.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()}
                if state.status.as_ref().is_some_and(|s| s.undo) {
                    {" "}<button type="button" id="undo-toast" onclick={ontoastundo}>{"Undo"}</button>
                }
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
                    <ProblemsPanel problems={problems.list.clone()} config={state.config.clone()} {onfocus} />
                    <GeneralForm name={AttrValue::from(c.name.clone())} tags={c.tags.clone()}
                        onset={onset.clone()} onentry={onentry.clone()} />
                    <NetworkForm network={c.network.clone()} onset={onset.clone()} />
                    <LoadBalancerForm lb={c.load_balancer.clone()} onset={onset.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)} />
                    <ServicesForm services={c.services.clone()} has_bucket={c.bucket.is_some()}
                        template={output.clone()}
                        onset={onset.clone()} onentry={onentry.clone()} {onadd} {onmove} {onremove} />
                    <ExtrasForm database={c.database.clone()} bucket={c.bucket.clone()}
                        api_gateway={c.api_gateway.clone()} onset={onset.clone()} />
                    <GuardsForm domain={c.domain.clone()} waf={c.load_balancer.waf.clone()} alarms={c.alarms.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)}
                        has_api={c.api_gateway.is_some()} onset={onset.clone()} />
                </form>
                <div class="output">
                    if let Some(o) = &output {
                        <DeployPanel command={AttrValue::from(crate::runbook::with_region(&o.generated.deploy_command, &region))}
                            bytes={o.generated.bytes} oncopy={oncopydeploy} changes={state.changes.clone()}
                            {stale} region={AttrValue::from(region.clone())} {onregion} oncopystep={oncopystep}
                            steps={Rc::new(crate::runbook::first_deploy(c, &o.generated, &region))}
                            certificate={c.load_balancer.certificate_arn.clone().map(AttrValue::from)}
                            notes={o.generated.notes.iter().map(|n| AttrValue::from(n.clone())).collect::<Vec<_>>()} />
                        // The diagram panel dims itself; the banner says why, above it.
                        if stale > 0 {
                            <p class="stale-banner" id="diagram-stale" role="note">
                                {format!("Diagram below: the last valid template — {}.", crate::labels::problems_now(stale))}
                            </p>
                        }
                        <TopologyPanel output={o.clone()} revision={state.revision} current={state.current}
                            marked={state.marked.clone()} changes={state.changes.clone()} {onnode} ondownload={ondownloadsvg} />
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
                            problems={stale} current={state.current}
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

/// Whether the event happened in a text box, where the browser's own undo of the typed
/// characters should act (a checkbox, select or button has no text to undo: ours acts there).
fn typing_in(event: &web_sys::Event) -> bool {
    use wasm_bindgen::JsCast;
    let Some(target) = event.target() else {
        return false;
    };
    if target.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some() {
        return true;
    }
    target
        .dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|i| {
            !matches!(
                i.type_().as_str(),
                "checkbox" | "radio" | "button" | "submit" | "file" | "range" | "color"
            )
        })
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
