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

/// A config waiting to be saved: the config, its revision, and when it is due (ms, the wall
/// clock: `Date.now` is one call, `performance.now` two). A timer runs while there is one.
type Pending = (Rc<Config>, u64, f64);

/// Saves the pending config once it is due: waits until then, and again if a newer edit moved
/// the time on meanwhile.
fn save_when_due(pending: Rc<std::cell::RefCell<Option<Pending>>>) {
    let Some(wait) = pending.borrow().as_ref().map(|p| p.2 - js_sys::Date::now()) else {
        return;
    };
    if wait > 0.0 {
        // Whole milliseconds, rounded up: the timer never fires before the edit is due.
        browser::after(wait.ceil() as i32, move || save_when_due(pending));
    } else {
        save_pending(&pending);
    }
}

/// Writes the pending config, if any, and marks the page with the revision it belongs to
/// (`data-saved-revision`, which tests wait for).
fn save_pending(pending: &std::cell::RefCell<Option<Pending>>) {
    let Some((config, revision, _)) = pending.borrow_mut().take() else {
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
    // written then. One timer runs while saves are pending and moves itself on while edits
    // keep coming: setting and clearing a timer on every keystroke cost a few tenths of a ms.
    let pending = use_mut_ref(|| None::<Pending>);
    {
        let pending = pending.clone();
        let config = state.config.clone();
        // Keyed by the revision, which moves exactly when the config was regenerated.
        use_effect_with(state.revision, move |&revision| {
            let due = js_sys::Date::now() + f64::from(SAVE_DELAY_MS);
            let armed = pending.replace(Some((config, revision, due))).is_some();
            if !armed {
                save_when_due(pending);
            }
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

    // Every callback is made once and reads the state it needs when it is called, through
    // `latest` (set on each render): a callback made afresh on every render is a new prop for
    // every child, which re-rendered the whole form on each keystroke (about a third of a
    // keystroke's time). Now only the sections whose data changed render again.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    {
        let latest = latest.clone();
        use_effect_with((), move |_| crate::warm::start(latest));
    }
    let h = (*use_memo((), {
        let (dispatcher, latest) = (state.dispatcher(), latest.clone());
        move |()| Rc::new(Handlers::new(dispatcher, latest))
    }))
    .clone();
    let c = &state.config;
    let problems = state.problems.clone();
    let output = state.output.clone();
    let stale = stale(&state);
    let region = state.cost_input.region.clone();
    html! {
        <ContextProvider<Rc<crate::state::Problems>> context={problems.clone()}>
            <a class="skip" href="#json">{"Skip to the template"}</a>
            <header class="top">
                <h1>{"fargate-stack "}<span>{"designer"}</span></h1>
                <Toolbar onpreset={h.onpreset.clone()} onopen={h.onopen.clone()} onsave={h.onsave.clone()}
                    onshare={h.onshare.clone()} onundo={h.onundo.clone()} onredo={h.onredo.clone()}
                    preset={state.preset.as_ref().map(|p| AttrValue::from(p.clone()))}
                    undo={state.history.undo_what().map(|w| AttrValue::from(w.to_owned()))}
                    redo={state.history.redo_what().map(|w| AttrValue::from(w.to_owned()))} />
            </header>
            <p class={classes!("status", state.status.as_ref().filter(|s| s.error).map(|_| "error"),
                    state.status.as_ref().filter(|s| s.undo).map(|_| "toast"))}
                id="status" role="status" aria-live="polite">
                {state.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()}
                if state.status.as_ref().is_some_and(|s| s.undo) {
                    {" "}<button type="button" id="undo-toast" onclick={h.ontoastundo.clone()}>{"Undo"}</button>
                }
            </p>
            if state.status.as_ref().is_some_and(|s| s.offer.is_some()) {
                <p class="status" id="baseline-offer">
                    {"This template may be the deployed one: compare the form with it in the Changes panel. "}
                    <button type="button" id="use-baseline" onclick={h.onoffer.clone()}>{"Use it as the deployed baseline"}</button>
                </p>
            }
            <main class="layout" data-revision={state.revision.to_string()}>
                <form class="form" id="form" aria-label="Stack config" novalidate=true
                    onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <ProblemsPanel problems={problems.list.clone()} config={state.config.clone()} onfocus={h.onfocus.clone()} />
                    <GeneralForm name={AttrValue::from(c.name.clone())} tags={c.tags.clone()}
                        onset={h.onset.clone()} onentry={h.onentry.clone()} />
                    <NetworkForm network={c.network.clone()} onset={h.onset.clone()} />
                    <LoadBalancerForm lb={c.load_balancer.clone()} onset={h.onset.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)} />
                    <ServicesForm services={c.services.clone()} has_bucket={c.bucket.is_some()}
                        template={output.clone()}
                        onset={h.onset.clone()} onentry={h.onentry.clone()} onadd={h.onadd.clone()} onmove={h.onmove.clone()} onremove={h.onremove.clone()} />
                    <ExtrasForm database={c.database.clone()} bucket={c.bucket.clone()}
                        api_gateway={c.api_gateway.clone()} onset={h.onset.clone()} />
                    <GuardsForm domain={c.domain.clone()} waf={c.load_balancer.waf.clone()} alarms={c.alarms.clone()}
                        has_web={c.services.iter().any(|s| s.kind == fargate_stack::config::ServiceKind::Web)}
                        has_api={c.api_gateway.is_some()} onset={h.onset.clone()} />
                </form>
                <div class="output">
                    if let Some(o) = &output {
                        <DeployPanel command={AttrValue::from(crate::runbook::with_region(&o.generated.deploy_command, &region))}
                            bytes={o.generated.bytes} oncopy={h.oncopydeploy.clone()} changes={state.changes.clone()}
                            {stale} region={AttrValue::from(region.clone())} onregion={h.onregion.clone()} oncopystep={h.oncopystep.clone()}
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
                            marked={state.marked.clone()} changes={state.changes.clone()} onnode={h.onnode.clone()} ondownload={h.ondownloadsvg.clone()} />
                        if let Some(e) = &state.estimate {
                            <CostPanel estimate={e.clone()} input={state.cost_input.clone()} current={state.current}
                                oninput={h.oncost.clone()} onapply={h.onapply.clone()} />
                        }
                        <ChangesPanel name={state.baseline.as_ref().map(|b| AttrValue::from(b.name.clone()))}
                            changes={state.changes.clone()} current={state.current}
                            onopen={h.onbaseline.clone()} onremove={h.onbaselineremove.clone()} />
                        <JsonView output={o.clone()} bytes={o.generated.bytes}
                            resources={o.generated.resource_count} parameters={o.generated.parameters.len()}
                            outputs={o.generated.outputs.len()}
                            filename={AttrValue::from(format!("{}.template.json", c.name))}
                            problems={stale} current={state.current}
                            revision={state.revision} oncopy={h.oncopyjson.clone()} ondownload={h.ondownload.clone()} />
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

/// The state as last rendered, shared with the callbacks (see [`Handlers`]).
type Latest = Rc<std::cell::RefCell<UseReducerHandle<State>>>;

/// How many problems make the output the last valid one rather than the form's (0: it is the
/// form's). Whatever is copied or downloaded while it is not says so, so nobody deploys it
/// thinking it is the form's.
fn stale(state: &State) -> usize {
    if state.current && state.problems.count() == 0 {
        0
    } else {
        state.problems.count().max(1)
    }
}

/// The page's callbacks, made once (see [`App`]): they dispatch actions, and what they need of
/// the state (the config to save, the output to copy, the region) they read from [`Latest`]
/// when they are called, which is the state the user sees.
struct Handlers {
    onset: Callback<FieldInput>,
    onentry: Callback<EntryEdit>,
    onadd: Callback<()>,
    onmove: Callback<(usize, usize)>,
    onremove: Callback<usize>,
    onundo: Callback<()>,
    onredo: Callback<()>,
    ontoastundo: Callback<MouseEvent>,
    onpreset: Callback<String>,
    onopen: Callback<web_sys::File>,
    onsave: Callback<()>,
    onshare: Callback<()>,
    oncopyjson: Callback<()>,
    oncopydeploy: Callback<()>,
    oncopystep: Callback<String>,
    onregion: Callback<String>,
    ondownload: Callback<()>,
    ondownloadsvg: Callback<(String, String, &'static str)>,
    onfocus: Callback<String>,
    oncost: Callback<fargate_stack::cost::CostInput>,
    onapply: Callback<(String, serde_json::Value)>,
    onbaseline: Callback<web_sys::File>,
    onbaselineremove: Callback<()>,
    onoffer: Callback<MouseEvent>,
    onnode: Callback<String>,
}

impl Handlers {
    fn new(dispatcher: UseReducerDispatcher<State>, latest: Latest) -> Self {
        let send = {
            let dispatcher = dispatcher.clone();
            move |action: Action| dispatcher.dispatch(action)
        };
        let notify = {
            let send = send.clone();
            move |status: Status| send(Action::Notify(status))
        };
        let config = {
            let latest = latest.clone();
            move || latest.borrow().config.clone()
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
        // A callback that only sends one action.
        let plain = |action: fn() -> Action| {
            let send = send.clone();
            Callback::from(move |()| send(action()))
        };
        Handlers {
            onset: {
                let send = send.clone();
                Callback::from(move |input: FieldInput| {
                    send(match input.value {
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
            },
            onentry: {
                let send = send.clone();
                Callback::from(move |edit: EntryEdit| {
                    send(match edit {
                        EntryEdit::Add { map } => Action::AddEntry { map },
                        EntryEdit::Remove { map, key } => Action::RemoveEntry { map, key },
                        EntryEdit::Rename { map, from, to } => {
                            Action::RenameEntry { map, from, to }
                        }
                        EntryEdit::Set { map, key, value } => Action::SetEntry { map, key, value },
                    });
                })
            },
            onadd: plain(|| Action::AddService),
            onmove: {
                let send = send.clone();
                Callback::from(move |(from, to)| send(Action::MoveService { from, to }))
            },
            onremove: {
                let send = send.clone();
                Callback::from(move |i| {
                    send(Action::RemoveService(i));
                    // The Remove button is gone; left alone, focus would fall on the next
                    // service's Remove button, where a second Enter removes another service.
                    // The heading is safe, and the undo toast is announced from the status line.
                    gloo::timers::callback::Timeout::new(0, || {
                        browser::focus_id("h-services");
                    })
                    .forget();
                })
            },
            onundo: plain(|| Action::Undo),
            onredo: plain(|| Action::Redo),
            ontoastundo: {
                let send = send.clone();
                Callback::from(move |_: MouseEvent| {
                    send(Action::Undo);
                    // The button goes with the toast: keep the keyboard in the services.
                    gloo::timers::callback::Timeout::new(0, || {
                        browser::focus_id("h-services");
                    })
                    .forget();
                })
            },
            onpreset: {
                let send = send.clone();
                Callback::from(move |name: String| {
                    let config = if name == DEFAULTS {
                        Some(Config::defaults())
                    } else {
                        Config::preset(&name)
                    };
                    send(match config {
                        Some(config) => Action::Load {
                            config: Box::new(config),
                            message: format!("Loaded {name}."),
                            preset: Some(name),
                            warning: false,
                        },
                        None => {
                            Action::Notify(Status::failed(format!("There is no preset {name}.")))
                        }
                    })
                })
            },
            onopen: Callback::from(move |file: web_sys::File| {
                let dispatcher = dispatcher.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(action) = open_file(&dispatcher, &file).await {
                        dispatcher.dispatch(action);
                    }
                });
            }),
            onsave: {
                let (config, notify) = (config.clone(), notify.clone());
                Callback::from(move |()| {
                    let config = config();
                    let name = format!("{}.config.json", file_stem(&config));
                    match browser::download(&name, &config.to_json(), "application/json") {
                        Ok(()) => notify(Status::ok(format!("Saved {name}."))),
                        Err(m) => notify(Status::failed(m)),
                    }
                })
            },
            onshare: {
                let (config, copy) = (config.clone(), copy.clone());
                Callback::from(move |()| {
                    copy(
                        format!("{}{}", browser::base_url(), codec::to_fragment(&config())),
                        "share link",
                        0,
                    )
                })
            },
            oncopyjson: {
                let (latest, copy) = (latest.clone(), copy.clone());
                Callback::from(move |()| {
                    let state = latest.borrow();
                    if let Some(o) = &state.output {
                        copy(o.generated.json.clone(), "template JSON", stale(&state));
                    }
                })
            },
            oncopydeploy: {
                let (latest, copy) = (latest.clone(), copy.clone());
                Callback::from(move |()| {
                    let state = latest.borrow();
                    if let Some(o) = &state.output {
                        let command = crate::runbook::with_region(
                            &o.generated.deploy_command,
                            &state.cost_input.region,
                        );
                        copy(command, "deploy command", stale(&state));
                    }
                })
            },
            oncopystep: {
                let (latest, copy) = (latest.clone(), copy.clone());
                Callback::from(move |command: String| {
                    let stale = stale(&latest.borrow());
                    copy(command, "command", stale)
                })
            },
            onregion: {
                let (latest, send) = (latest.clone(), send.clone());
                Callback::from(move |region: String| {
                    let mut next = (*latest.borrow().cost_input).clone();
                    next.region = region;
                    send(Action::SetCost(next));
                })
            },
            ondownload: {
                let (latest, notify) = (latest.clone(), notify.clone());
                Callback::from(move |()| {
                    let state = latest.borrow();
                    let blocked = state.problems.count() > 0 || !state.current;
                    let Some(o) = state.output.as_ref().filter(|_| !blocked) else {
                        return;
                    };
                    let name = format!("{}.template.json", state.config.name);
                    let result = browser::download(&name, &o.generated.json, "application/json");
                    drop(state);
                    match result {
                        Ok(()) => notify(Status::ok(format!("Downloaded {name}."))),
                        Err(m) => notify(Status::failed(m)),
                    }
                })
            },
            ondownloadsvg: {
                let (latest, notify) = (latest.clone(), notify.clone());
                Callback::from(
                    move |(suffix, text, mime): (String, String, &'static str)| {
                        let (name, stale) = {
                            let state = latest.borrow();
                            (
                                format!("{}.{suffix}", file_stem(&state.config)),
                                stale(&state),
                            )
                        };
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
            },
            onfocus: {
                let (notify, config) = (notify.clone(), config.clone());
                Callback::from(move |path: String| {
                    if !browser::focus_path(&path) {
                        notify(Status::failed(format!(
                            "{} has no field on the page; see the message above.",
                            crate::labels::place(&path, &config())
                        )));
                    }
                })
            },
            oncost: {
                let send = send.clone();
                Callback::from(move |input| send(Action::SetCost(input)))
            },
            onapply: {
                let send = send.clone();
                Callback::from(move |(path, value)| send(Action::Set { path, value }))
            },
            onbaseline: {
                let send = send.clone();
                Callback::from(move |file: web_sys::File| {
                    let send = send.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        send(match browser::read_text(&file).await {
                            Ok(json) => Action::SetBaseline(Some(Baseline {
                                name: file.name(),
                                json,
                            })),
                            Err(message) => Action::Notify(Status::failed(message)),
                        });
                    });
                })
            },
            onbaselineremove: plain(|| Action::SetBaseline(None)),
            onoffer: Callback::from(move |_: MouseEvent| {
                let offer = latest
                    .borrow()
                    .status
                    .as_ref()
                    .and_then(|s| s.offer.clone());
                if let Some(b) = offer {
                    send(Action::SetBaseline(Some((*b).clone())));
                    // The button goes away with the offer: keep the keyboard near, on the panel
                    // that now shows the comparison (after the render that fills it).
                    gloo::timers::callback::Timeout::new(0, || {
                        browser::focus_id("h-changes");
                    })
                    .forget();
                }
            }),
            onnode: Callback::from(move |id: String| {
                browser::flash(&resource_anchor(&id));
            }),
        }
    }
}

/// Reads a file the user opened: a saved config or a template this tool made. Loads the config
/// (saying which hand edits of a template's resources it lost) and returns what follows, if
/// anything: the offer of a template as the deployed baseline, or the failure.
async fn open_file(
    dispatcher: &UseReducerDispatcher<State>,
    file: &web_sys::File,
) -> Option<Action> {
    let name = file.name();
    let text = match browser::read_text(file).await {
        Ok(text) => text,
        Err(message) => return Some(Action::Notify(Status::failed(message))),
    };
    let (config, kind) = match codec::from_file(&text) {
        Ok(loaded) => loaded,
        Err(errors) => {
            return Some(Action::Notify(Status::failed(failure(
                &format!("{name} could not be loaded"),
                &errors,
            ))))
        }
    };
    // The config comes from the template's metadata: edits made to the resources by hand are
    // not in it, so say which ones are lost.
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
    // A template this tool made is often the deployed one: offer it.
    (kind == "template").then(|| Action::OfferBaseline(Baseline { name, json: text }))
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
