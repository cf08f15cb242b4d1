//! All of the designer's state and the one reducer that changes it.
//!
//! The state holds the config the user is editing, the raw text of inputs that cannot be a
//! config value yet ("drafts", e.g. an empty number field), every problem, and the last
//! template generated from a valid config. Generation runs here, once per change of the
//! config, so no render ever regenerates and a keystroke costs one generation.

use std::collections::BTreeMap;
use std::rc::Rc;

use fargate_stack::changes::{changes, Changes, ReadError};
use fargate_stack::config::{
    AutoScaling, Deployment, Engine, HealthCheck, LoadBalancer, NetworkMode, Scheme, Service,
    ServiceKind,
};
use fargate_stack::cost::{estimate_template, CostInput, Estimate};
use fargate_stack::validate::{MYSQL_VERSIONS, POSTGRES_VERSIONS};
use fargate_stack::{Config, FieldError, Generated};
use serde_json::Value;
use yew::Reducible;

use crate::path;

/// Text typed into a field that cannot become a config value, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// What the input holds.
    pub raw: String,
    /// Why it is not a value.
    pub message: String,
}

/// Every problem, by field path: drafts first, then the core's validation errors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problems {
    /// All problems in the order shown in the summary.
    pub list: Vec<FieldError>,
    /// Messages per path, for the field showing them.
    pub by_path: BTreeMap<String, Vec<String>>,
    /// The raw text of inputs holding a draft, per path.
    pub drafts: BTreeMap<String, String>,
}

impl Problems {
    fn new(drafts: &BTreeMap<String, Draft>, core: Vec<FieldError>) -> Self {
        // A core error at a path with a draft describes the value the draft replaced: stale.
        let list: Vec<FieldError> = drafts
            .iter()
            .map(|(p, d)| FieldError::new(p.clone(), d.message.clone()))
            .chain(core.into_iter().filter(|e| !drafts.contains_key(&e.path)))
            .collect();
        let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in &list {
            by_path
                .entry(e.path.clone())
                .or_default()
                .push(e.message.clone());
        }
        let mut raw = BTreeMap::new();
        for (p, d) in drafts {
            raw.insert(p.clone(), d.raw.clone());
        }
        Problems {
            list,
            by_path,
            drafts: raw,
        }
    }

    /// The messages for exactly `path`.
    pub fn at(&self, path: &str) -> &[String] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }

    /// Whether any problem lies at or below `prefix` (to open a collapsed group holding it).
    pub fn any_within(&self, prefix: &str) -> bool {
        self.by_path
            .range(prefix.to_owned()..)
            .take_while(|(p, _)| p.starts_with(prefix))
            .any(|(p, _)| path::is_within(p, prefix))
    }

    /// How many problems there are.
    pub fn count(&self) -> usize {
        self.list.len()
    }
}

/// A generated template and its renderings, made once per valid config.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// What the core generated (the JSON view shows its JSON, highlighted as it is drawn).
    pub generated: Generated,
    /// The topology diagram.
    pub diagram: Rc<crate::diagram::Diagram>,
}

impl Output {
    fn new(generated: Generated) -> Self {
        let diagram = Rc::new(crate::diagram::draw(&generated.template));
        Output { generated, diagram }
    }
}

/// A message in the status line (loads, copies, failures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What happened.
    pub text: String,
    /// Whether it is a failure.
    pub error: bool,
    /// An opened template offered as the deployed baseline; it goes with the message.
    pub offer: Option<Rc<Baseline>>,
    /// The message reports a change that an "Undo" button beside it takes back (a removal).
    pub undo: bool,
}

impl Status {
    /// A success message.
    pub fn ok(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: false,
            offer: None,
            undo: false,
        }
    }

    /// A success message with an "Undo" button (the toast after a removal).
    pub fn undoable(text: impl Into<String>) -> Self {
        Status {
            undo: true,
            ..Status::ok(text)
        }
    }

    /// How long the message stays before it clears itself, if it does: a plain note goes
    /// after a few seconds (it was read or missed; it must not describe a later state), an
    /// undo toast stays longer to be reachable, and failures, warnings and offers stay until
    /// the next message because they ask for something.
    pub fn lifetime_ms(&self) -> Option<u32> {
        match (self.error || self.offer.is_some(), self.undo) {
            (true, _) => None,
            (false, true) => Some(12_000),
            (false, false) => Some(6_000),
        }
    }

    /// A failure message.
    pub fn failed(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: true,
            offer: None,
            undo: false,
        }
    }
}

/// The designer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The config being edited (what the URL and local storage hold).
    pub config: Rc<Config>,
    /// Inputs whose text is not a value yet.
    pub drafts: BTreeMap<String, Draft>,
    /// The core's errors for `config` (empty when it is valid).
    pub core_errors: Rc<Vec<FieldError>>,
    /// Every problem, drafts included.
    pub problems: Rc<Problems>,
    /// The last template generated from a valid config.
    pub output: Option<Rc<Output>>,
    /// Whether `output` was generated from `config` (false while the config is invalid).
    pub current: bool,
    /// The status line.
    pub status: Option<Status>,
    /// Counts config changes; the views expose it so tests can wait for an update.
    pub revision: u64,
    /// The region and usage the cost estimate assumes.
    pub cost_input: Rc<CostInput>,
    /// The last estimate of a valid config (stale while `current` is false).
    pub estimate: Option<Rc<Estimate>>,
    /// The deployed template to compare with, by file name, for this tab.
    pub baseline: Option<Rc<Baseline>>,
    /// The preview of the last valid template against `baseline`.
    pub changes: Option<Rc<Result<Changes, ReadError>>>,
    /// The diagram with that preview written on it (when it could be made).
    pub marked: Option<Rc<crate::diagram::Marked>>,
    /// Undo and redo.
    pub history: Rc<History>,
    /// The preset the config was loaded from, while it has not been edited since.
    pub preset: Option<String>,
    /// Counts status changes, so a timer clears only the message it was set for.
    pub status_seq: u64,
}

/// What undo restores: the config, the text of inputs that were not values, and the preset.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    config: Rc<Config>,
    drafts: BTreeMap<String, Draft>,
    preset: Option<String>,
    /// The change that followed this snapshot, in words (said when it is undone or redone).
    what: String,
}

/// Bounded undo and redo stacks of snapshots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    past: Vec<Snapshot>,
    future: Vec<Snapshot>,
    /// The field the last change typed into and when (ms): keystrokes into one field within
    /// [`COALESCE_MS`] of each other are one step, so undo takes back a word, not a letter.
    last: Option<(String, f64)>,
}

/// At most this many steps are kept; the oldest go first.
pub const HISTORY_LIMIT: usize = 100;

/// Keystrokes into one field closer together than this are one undo step.
const COALESCE_MS: f64 = 1_500.0;

impl History {
    /// What undo would take back, in words.
    pub fn undo_what(&self) -> Option<&str> {
        self.past.last().map(|s| s.what.as_str())
    }

    /// What redo would do again, in words.
    pub fn redo_what(&self) -> Option<&str> {
        self.future.last().map(|s| s.what.as_str())
    }
}

/// `Loaded minimal` -> `loaded minimal`, to sit inside "Undone: ...".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Milliseconds on the page's clock; natively (unit tests) always 0, so every keystroke into
/// one field coalesces there. `js_sys` may not be called outside wasm.
fn clock_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// A deployed template loaded to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The file's name.
    pub name: String,
    /// Its text.
    pub json: String,
}

/// Everything the user can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the whole config (preset, defaults, opened file, share link).
    Load {
        /// The new config (boxed: it dwarfs the other actions).
        config: Box<Config>,
        /// Said in the status line.
        message: String,
        /// The preset's name when it is one.
        preset: Option<String>,
        /// Said as a warning instead (a template whose resources were edited by hand).
        warning: bool,
    },
    /// Take back the last change.
    Undo,
    /// Do again the last change undone.
    Redo,
    /// Clear the status line if it still shows message number `seq` (its timer ran out).
    ClearStatus(u64),
    /// Set the field at `path` to `value`.
    Set {
        /// Config path.
        path: String,
        /// New JSON value.
        value: Value,
    },
    /// The input at `path` holds text that is not a value.
    Invalid {
        /// Config path.
        path: String,
        /// The input's text.
        raw: String,
        /// Why it is not a value.
        message: String,
    },
    /// Append a service with a unique name and its own path.
    AddService,
    /// Remove service `i` (never the last one).
    RemoveService(usize),
    /// Move service `from` to position `to`.
    MoveService {
        /// Current index.
        from: usize,
        /// New index.
        to: usize,
    },
    /// Add an entry with a placeholder key to the map at `map`.
    AddEntry {
        /// Path of the map (`tags`, `services[0].environment`).
        map: String,
    },
    /// Remove `key` from the map at `map`.
    RemoveEntry {
        /// Path of the map.
        map: String,
        /// The key.
        key: String,
    },
    /// Rename `from` to `to` in the map at `map`, keeping the value.
    RenameEntry {
        /// Path of the map.
        map: String,
        /// Current key.
        from: String,
        /// New key.
        to: String,
    },
    /// Set the value of `key` in the map at `map`.
    SetEntry {
        /// Path of the map.
        map: String,
        /// The key.
        key: String,
        /// The new value.
        value: String,
    },
    /// Show a message in the status line.
    Notify(Status),
    /// Change the region or usage the estimate assumes.
    SetCost(CostInput),
    /// Compare with this deployed template, or with none.
    SetBaseline(Option<Baseline>),
    /// Offer this template (just opened) as the baseline, beside the status message.
    OfferBaseline(Baseline),
}

impl State {
    /// The state for `config`, generated.
    pub fn new(config: Config, status: Option<Status>) -> Self {
        let mut state = State {
            config: Rc::new(config),
            drafts: BTreeMap::new(),
            core_errors: Rc::default(),
            problems: Rc::default(),
            output: None,
            current: false,
            status,
            revision: 0,
            cost_input: Rc::default(),
            estimate: None,
            baseline: None,
            changes: None,
            marked: None,
            history: Rc::default(),
            preset: None,
            status_seq: 0,
        };
        state.regenerate();
        state
    }

    /// Generates from the config; the only place generation happens.
    fn regenerate(&mut self) {
        self.revision += 1;
        let core_errors = match fargate_stack::generate_all(&self.config) {
            Ok(generated) => {
                self.output = Some(Rc::new(Output::new(generated)));
                self.current = true;
                self.reestimate();
                self.compare();
                Vec::new()
            }
            Err(errors) => {
                self.current = false;
                errors
            }
        };
        self.core_errors = Rc::new(core_errors);
        self.refresh_problems();
    }

    /// Prices the config (valid here) with the current assumptions.
    fn reestimate(&mut self) {
        // Priced from the template just generated: estimating from the config would generate
        // it a second time on every keystroke.
        let Some(output) = &self.output else { return };
        if let Ok(e) = estimate_template(&self.config, &output.generated.template, &self.cost_input)
        {
            self.estimate = Some(Rc::new(e));
        }
    }

    /// Previews the last valid template against the baseline, if any.
    fn compare(&mut self) {
        self.changes = match (&self.baseline, &self.output) {
            (Some(b), Some(o)) => Some(Rc::new(changes(&b.json, &o.generated.template))),
            _ => None,
        };
        self.marked = match (self.changes.as_deref(), &self.output) {
            (Some(Ok(c)), Some(o)) => Some(Rc::new(crate::diagram::mark(&o.diagram, c))),
            _ => None,
        };
    }

    /// Recomputes the problem list after the drafts changed; the core's errors only change
    /// with the config, so they are reused, not regenerated.
    fn refresh_problems(&mut self) {
        self.problems = Rc::new(Problems::new(&self.drafts, self.core_errors.to_vec()));
    }

    /// Applies `edit` to the config's JSON and parses it back, or says why that failed.
    fn edit(&self, edit: impl FnOnce(&mut Value) -> Result<(), String>) -> Result<Config, String> {
        let mut value = serde_json::to_value(&*self.config).map_err(|e| e.to_string())?;
        edit(&mut value)?;
        Config::from_value(value).map_err(|errors| {
            errors
                .into_iter()
                .next()
                .map_or_else(|| "not a valid value".to_owned(), |e| e.message)
        })
    }

    fn commit(&mut self, config: Config, cleared: &str) {
        self.drafts.retain(|p, _| !path::is_within(p, cleared));
        self.config = Rc::new(config);
        self.regenerate();
    }

    fn draft(&mut self, path: String, raw: String, message: String) {
        self.drafts.insert(path, Draft { raw, message });
        self.refresh_problems();
    }

    /// Applies `action`, keeping a snapshot for undo when it changes the config or drafts.
    fn step(&mut self, action: Action) {
        let Some((key, what)) = self.undo_step(&action) else {
            self.apply(action);
            return;
        };
        let loads = matches!(action, Action::Load { .. });
        let before = self.snapshot(what);
        self.apply(action);
        if *self.config == *before.config && self.drafts == before.drafts && !loads {
            // Nothing changed (a rename to the same key, a move out of range): nothing to undo.
            return;
        }
        if !loads && *self.config != *before.config {
            // Edited: no longer the preset the select names.
            self.preset = None;
        }
        let now = clock_ms();
        let h = Rc::make_mut(&mut self.history);
        h.future.clear();
        let coalesced = match (&key, &h.last) {
            (Some(k), Some((last, at))) => k == last && now - at < COALESCE_MS,
            _ => false,
        };
        if !coalesced {
            h.past.push(before);
            if h.past.len() > HISTORY_LIMIT {
                h.past.remove(0);
            }
        }
        h.last = key.map(|k| (k, now));
    }

    /// Whether `action` is an undoable step: the field it types into (keystrokes into one
    /// field coalesce) and what it does, in words.
    fn undo_step(&self, action: &Action) -> Option<(Option<String>, String)> {
        let service = |i: &usize| {
            self.config
                .services
                .get(*i)
                .map_or_else(String::new, |s| s.name.clone())
        };
        Some(match action {
            Action::Load { message, .. } => (None, lower_first(message.trim_end_matches('.'))),
            Action::Set { path, .. } | Action::Invalid { path, .. } => (
                Some(path.clone()),
                format!("the change to {}", crate::labels::place(path, &self.config)),
            ),
            Action::AddService => (None, "adding a service".to_owned()),
            Action::RemoveService(i) => (None, format!("removing service {}", service(i))),
            Action::MoveService { from, .. } => (None, format!("moving service {}", service(from))),
            Action::AddEntry { map } | Action::RemoveEntry { map, .. } => (
                None,
                format!("the change to {}", crate::labels::place(map, &self.config)),
            ),
            Action::RenameEntry { map, .. } | Action::SetEntry { map, .. } => (
                Some(format!("{map}#entries")),
                format!("the change to {}", crate::labels::place(map, &self.config)),
            ),
            _ => return None,
        })
    }

    /// Puts `snapshot` back and regenerates.
    fn restore(&mut self, snapshot: Snapshot) {
        self.config = snapshot.config;
        self.drafts = snapshot.drafts;
        self.preset = snapshot.preset;
        self.regenerate();
    }

    /// The snapshot of now, for the other stack.
    fn snapshot(&self, what: String) -> Snapshot {
        Snapshot {
            config: self.config.clone(),
            drafts: self.drafts.clone(),
            preset: self.preset.clone(),
            what,
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Load {
                config,
                message,
                preset,
                warning,
            } => {
                self.drafts.clear();
                self.status = Some(if warning {
                    Status::failed(message)
                } else {
                    Status::ok(message)
                });
                self.config = Rc::new(*config);
                self.preset = preset;
                self.regenerate();
            }
            Action::Undo => {
                let mut history = (*self.history).clone();
                if let Some(before) = history.past.pop() {
                    let what = before.what.clone();
                    history.future.push(self.snapshot(what.clone()));
                    history.last = None;
                    self.history = Rc::new(history);
                    self.restore(before);
                    self.status = Some(Status::ok(format!("Undone: {what}.")));
                }
            }
            Action::Redo => {
                let mut history = (*self.history).clone();
                if let Some(after) = history.future.pop() {
                    let what = after.what.clone();
                    history.past.push(self.snapshot(what.clone()));
                    history.last = None;
                    self.history = Rc::new(history);
                    self.restore(after);
                    self.status = Some(Status::ok(format!("Redone: {what}.")));
                }
            }
            Action::ClearStatus(seq) => {
                if seq == self.status_seq {
                    self.status = None;
                }
            }
            Action::Set { path, value } => {
                let raw = match &value {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                let result = self.edit(|v| {
                    if path::set(v, &path, value) {
                        Ok(())
                    } else {
                        Err(format!("no field at {path}"))
                    }
                });
                match result {
                    Ok(mut config) => {
                        if let Some(note) = fix_dependents(&mut config, &self.config, &path) {
                            self.status = Some(Status::ok(note));
                        }
                        if let Some(i) = service_index(&path, ".kind") {
                            // What a kind switch reset holds no text of the user's any more.
                            self.drafts.retain(|p, _| {
                                !KIND_RESETS
                                    .iter()
                                    .any(|f| path::is_within(p, &format!("services[{i}].{f}")))
                            });
                        }
                        self.commit(config, &path);
                    }
                    Err(message) => self.draft(path, raw, message),
                }
            }
            Action::Invalid { path, raw, message } => self.draft(path, raw, message),
            Action::SetCost(input) => {
                self.cost_input = Rc::new(input);
                if self.current {
                    self.reestimate();
                }
            }
            Action::SetBaseline(baseline) => {
                // Taking the offer (or any baseline) answers it.
                if let Some(status) = &mut self.status {
                    status.offer = None;
                }
                // Said, since the offer's button goes away and a screen reader hears the status.
                let said = match (&baseline, &self.baseline) {
                    (Some(b), _) => Some(format!("Comparing with {}.", b.name)),
                    (None, Some(b)) => Some(format!("No longer comparing with {}.", b.name)),
                    (None, None) => None,
                };
                if let Some(text) = said {
                    self.status = Some(Status::ok(text));
                }
                self.baseline = baseline.map(Rc::new);
                self.compare();
            }
            Action::OfferBaseline(baseline) => {
                if let Some(status) = &mut self.status {
                    status.offer = Some(Rc::new(baseline));
                }
            }
            Action::AddService => {
                let mut config = (*self.config).clone();
                let mut n = config.services.len() + 1;
                let name = loop {
                    let candidate = format!("service-{n}");
                    if config.services.iter().all(|s| s.name != candidate) {
                        break candidate;
                    }
                    n += 1;
                };
                config.services.push(Service {
                    path_patterns: vec![format!("/{name}/*")],
                    health_check: HealthCheck::default(),
                    name,
                    ..Service::default()
                });
                self.commit(config, "services");
            }
            Action::RemoveService(i) => {
                if self.config.services.len() > 1 && i < self.config.services.len() {
                    let mut config = (*self.config).clone();
                    let gone = config.services.remove(i);
                    self.status = Some(Status::undoable(format!("Removed service {}.", gone.name)));
                    // Calls to it would name nothing (unless another service has its name).
                    if config.services.iter().all(|o| o.name != gone.name) {
                        for o in &mut config.services {
                            o.calls.retain(|c| *c != gone.name);
                        }
                    }
                    self.commit(config, "services");
                }
            }
            Action::MoveService { from, to } => {
                let len = self.config.services.len();
                if from < len && to < len && from != to {
                    let mut config = (*self.config).clone();
                    let service = config.services.remove(from);
                    config.services.insert(to, service);
                    self.commit(config, "services");
                }
            }
            Action::AddEntry { map } => {
                let result = self.edit(|v| {
                    let obj = map_at(v, &map)?;
                    let (stem, sep) = if map == "tags" {
                        ("key", "-")
                    } else {
                        ("NAME", "_")
                    };
                    let key = (1..)
                        .map(|n| {
                            if n == 1 {
                                stem.to_owned()
                            } else {
                                format!("{stem}{sep}{n}")
                            }
                        })
                        .find(|k| !obj.contains_key(k))
                        .unwrap_or_default();
                    obj.insert(key, Value::String(String::new()));
                    Ok(())
                });
                self.map_result(result, &map);
            }
            Action::RemoveEntry { map, key } => {
                let result = self.edit(|v| {
                    map_at(v, &map)?.remove(&key);
                    Ok(())
                });
                self.map_result(result, &map);
            }
            Action::RenameEntry { map, from, to } => {
                if from == to {
                    return;
                }
                let at = format!("{map}.{from}");
                let result = self.edit(|v| {
                    let obj = map_at(v, &map)?;
                    if obj.contains_key(&to) {
                        return Err(format!("`{to}` is already set; a key appears once"));
                    }
                    let value = obj.remove(&from).unwrap_or(Value::String(String::new()));
                    obj.insert(to.clone(), value);
                    Ok(())
                });
                match result {
                    Ok(config) => self.commit(config, &map),
                    Err(message) => self.draft(at, to, message),
                }
            }
            Action::SetEntry { map, key, value } => {
                let result = self.edit(|v| {
                    map_at(v, &map)?.insert(key, Value::String(value));
                    Ok(())
                });
                self.map_result(result, &map);
            }
            Action::Notify(status) => self.status = Some(status),
        }
    }

    fn map_result(&mut self, result: Result<Config, String>, map: &str) {
        match result {
            Ok(config) => self.commit(config, map),
            Err(message) => self.draft(map.to_owned(), String::new(), message),
        }
    }
}

/// The JSON object of the map at `path`, made if absent.
fn map_at<'a>(
    root: &'a mut Value,
    path: &str,
) -> Result<&'a mut serde_json::Map<String, Value>, String> {
    let slot = path::get_mut(root, path).ok_or_else(|| format!("no map at {path}"))?;
    if slot.is_null() {
        *slot = Value::Object(serde_json::Map::new());
    }
    slot.as_object_mut()
        .ok_or_else(|| format!("{path} is not a map"))
}

/// Keeps fields that depend on the one just set valid, so one choice never leaves another
/// field wrong behind the user's back: memory follows cpu, the engine version follows the
/// engine, leaving `existing` mode drops the existing-VPC ids, an API Gateway makes the load
/// balancer internal, turning on autoscaling picks bounds around the task count, a kind
/// resets what the kind refuses (see [`fit_kind`]) and a rename follows into the calls.
/// Returns a note for the status line when it changed something outside the edited service.
fn fix_dependents(config: &mut Config, old: &Config, path: &str) -> Option<String> {
    let mut note = None;
    if let Some(i) = service_index(path, ".cpu") {
        if let Some(s) = config.services.get_mut(i) {
            let valid = fargate_stack::fargate::memory_values(s.cpu);
            if !valid.contains(&s.memory) {
                let was = s.memory;
                s.memory = valid
                    .iter()
                    .copied()
                    .find(|m| *m >= s.memory)
                    .or_else(|| valid.last().copied())
                    .unwrap_or(s.memory);
                // Said, because the user did not touch memory: a silent change is a surprise
                // later (and undo takes both back at once).
                note = Some(format!(
                    "Memory of {} changed from {was} to {} MiB: CPU {} cannot take {was} MiB.",
                    s.name, s.memory, s.cpu
                ));
            }
        }
    }
    if let Some(i) = service_index(path, ".autoScaling") {
        if let Some(s) = config.services.get_mut(i) {
            let desired = s.desired_count.clamp(1, 1000);
            if let Some(a) = &mut s.auto_scaling {
                if *a == AutoScaling::default() {
                    a.max_count = desired.saturating_mul(5).clamp(10, 1000);
                    if s.kind == ServiceKind::Worker {
                        // A worker scales on its backlog, down to no task when the queue is empty.
                        a.min_count = 0;
                        a.messages_per_task = Some(DEFAULT_MESSAGES_PER_TASK);
                    } else {
                        a.min_count = desired;
                        a.cpu_target = Some(70);
                    }
                }
            }
        }
    }
    if let Some(i) = service_index(path, ".kind") {
        return fit_kind(config, i);
    }
    if let Some(i) = service_index(path, ".name") {
        rename_calls(config, old, i);
        follow_default_path(config, old, i);
    }
    match path {
        "database.engine" => {
            if let Some(db) = &mut config.database {
                let offered: &[&str] = match db.engine {
                    Engine::Postgres => &POSTGRES_VERSIONS,
                    Engine::Mysql => &MYSQL_VERSIONS,
                };
                if !offered.contains(&db.engine_version.as_str()) {
                    db.engine_version = offered
                        .get(1)
                        .or(offered.first())
                        .map_or_else(String::new, |v| (*v).to_owned());
                }
            }
        }
        "network.mode" if config.network.mode == NetworkMode::New => {
            config.network.vpc_id = None;
            config.network.public_subnet_ids.clear();
            config.network.private_subnet_ids.clear();
        }
        "apiGateway" if config.api_gateway.is_some() => {
            config.load_balancer.scheme = Scheme::Internal;
        }
        _ => {}
    }
    note
}

/// Service `i` was renamed: a path pattern that was the one generated from its old name
/// (`/service-2/*`) becomes the one of the new name (`/worker/*`); one the user chose stays.
fn follow_default_path(config: &mut Config, old: &Config, i: usize) {
    let (Some(before), Some(after)) = (old.services.get(i), config.services.get_mut(i)) else {
        return;
    };
    let generated = format!("/{}/*", before.name);
    if after.path_patterns == [generated] {
        after.path_patterns = vec![format!("/{}/*", after.name)];
    }
}

/// The fields a kind switch may reset (see [`fit_kind`]).
const KIND_RESETS: [&str; 10] = [
    "pathPatterns",
    "healthCheck",
    "containerPort",
    "queue",
    "schedule",
    "scheduleTimezone",
    "desiredCount",
    "autoScaling",
    "spot",
    "deployment",
];

/// The schedule a service gets when it becomes a job (a job needs one).
pub const DEFAULT_SCHEDULE: &str = "cron(0 3 * * ? *)";

/// The backlog per task a worker's autoscaling starts with.
const DEFAULT_MESSAGES_PER_TASK: u32 = 100;

/// Service `i` just changed kind: every field the new kind refuses goes back to its default
/// (path patterns, the load balancer's health check, the port, queue, schedule, task count,
/// scaling, Spot, deployment), scaling targets become the kind's own, a job gets a schedule,
/// a service back behind the load balancer gets a path of its own, and calls the new kind
/// makes impossible (to or from a job, from a job to a web or backend service) are dropped.
/// With no web service left the stack has no load balancer: its settings and the API Gateway
/// go, and the note says so.
fn fit_kind(config: &mut Config, i: usize) -> Option<String> {
    let d = Service::default();
    let others_patterns: Vec<String> = config
        .services
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && o.kind == ServiceKind::Web)
        .flat_map(|(_, o)| o.path_patterns.iter().cloned())
        .collect();
    let s = config.services.get_mut(i)?;
    let kind = s.kind;
    if kind == ServiceKind::Web {
        // Back behind the load balancer: a path no other service routes.
        if s.path_patterns.iter().any(|p| others_patterns.contains(p))
            || (s.path_patterns.is_empty() && !others_patterns.is_empty())
        {
            s.path_patterns = vec![format!("/{}/*", s.name)];
        }
    } else {
        s.path_patterns = d.path_patterns.clone();
        s.health_check = HealthCheck::default();
    }
    if kind.listens() {
        // Containers of a task share localhost: the main port may not be a sidecar's.
        while s.container_port < 65535
            && s.sidecars
                .iter()
                .any(|c| c.container_port == Some(s.container_port))
        {
            s.container_port += 1;
        }
    } else {
        s.container_port = d.container_port;
    }
    if kind != ServiceKind::Worker {
        s.queue = None;
    }
    if kind == ServiceKind::Job {
        s.schedule
            .get_or_insert_with(|| DEFAULT_SCHEDULE.to_owned());
        s.desired_count = d.desired_count;
        s.auto_scaling = None;
        s.spot = None;
        s.deployment = Deployment::default();
    } else {
        s.schedule = None;
        s.schedule_timezone = None;
    }
    if let Some(a) = &mut s.auto_scaling {
        if kind == ServiceKind::Worker {
            a.cpu_target = None;
            a.memory_target = None;
            a.requests_per_target = None;
            a.messages_per_task.get_or_insert(DEFAULT_MESSAGES_PER_TASK);
        } else {
            a.messages_per_task = None;
            if kind == ServiceKind::Backend {
                a.requests_per_target = None;
            }
            if a.cpu_target.is_none()
                && a.memory_target.is_none()
                && a.requests_per_target.is_none()
            {
                a.cpu_target = Some(70);
            }
        }
    }
    let name = s.name.clone();
    // A job calls workers only.
    if kind == ServiceKind::Job {
        let listeners: Vec<String> = config
            .services
            .iter()
            .filter(|o| o.kind.listens())
            .map(|o| o.name.clone())
            .collect();
        config.services[i].calls.retain(|c| !listeners.contains(c));
    }
    // Nobody calls a job; a job calls no web or backend service.
    for (j, o) in config.services.iter_mut().enumerate() {
        if j != i && (kind == ServiceKind::Job || (kind.listens() && o.kind == ServiceKind::Job)) {
            o.calls.retain(|c| *c != name);
        }
    }
    let has_web = config.services.iter().any(|o| o.kind == ServiceKind::Web);
    if !has_web
        && (config.load_balancer != LoadBalancer::default()
            || config.api_gateway.is_some()
            || config.domain.is_some())
    {
        config.load_balancer = LoadBalancer::default();
        config.api_gateway = None;
        // Nothing answers on a domain without a web service.
        config.domain = None;
        return Some(
            "No web service is left, so the stack has no load balancer: its settings, the domain and the API Gateway were reset."
                .to_owned(),
        );
    }
    None
}

/// Service `i` was renamed: the calls naming it follow, when its old name named only it and
/// the new one names no other service.
fn rename_calls(config: &mut Config, old: &Config, i: usize) {
    let (Some(before), Some(after)) = (old.services.get(i), config.services.get(i)) else {
        return;
    };
    let (from, to) = (before.name.clone(), after.name.clone());
    let unique_before = old.services.iter().filter(|o| o.name == from).count() == 1;
    let unique_after = config.services.iter().filter(|o| o.name == to).count() == 1;
    if from == to || !unique_before || !unique_after {
        return;
    }
    for o in &mut config.services {
        for c in &mut o.calls {
            if *c == from {
                c.clone_from(&to);
            }
        }
    }
}

/// `Some(i)` when `path` is `services[i]` followed by exactly `field`.
fn service_index(path: &str, field: &str) -> Option<usize> {
    let rest = path.strip_prefix("services[")?;
    let (index, tail) = rest.split_once(']')?;
    if tail == field {
        index.parse().ok()
    } else {
        None
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        let status = next.status.clone();
        next.step(action);
        if next.status != status {
            next.status_seq += 1;
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reduce(state: State, action: Action) -> State {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    fn seed() -> State {
        State::new(Config::preset("seed").unwrap_or_default(), None)
    }

    #[test]
    fn set_field_regenerates() {
        let s = seed();
        let rev = s.revision;
        let s = reduce(
            s,
            Action::Set {
                path: "name".into(),
                value: json!("shop"),
            },
        );
        assert_eq!(s.config.name, "shop");
        assert!(s.revision > rev);
        assert!(s.current);
        let json = s
            .output
            .as_ref()
            .map(|o| o.generated.json.clone())
            .unwrap_or_default();
        assert!(json.contains("shop"));
    }

    #[test]
    fn invalid_value_is_a_problem_at_its_path() {
        let s = reduce(
            seed(),
            Action::Set {
                path: "services[0].memory".into(),
                value: json!(512),
            },
        );
        assert!(!s.current);
        assert_eq!(s.problems.at("services[0].memory").len(), 1);
        // The last valid template stays on show.
        assert!(s.output.is_some());
        let s = reduce(
            s,
            Action::Set {
                path: "network.azCount".into(),
                value: json!(-1),
            },
        );
        assert_eq!(
            s.problems.drafts.get("network.azCount").map(String::as_str),
            Some("-1")
        );
        assert_eq!(s.problems.count(), 2);
        let s = reduce(
            s,
            Action::Set {
                path: "network.azCount".into(),
                value: json!(3),
            },
        );
        assert_eq!(s.problems.count(), 1);
    }

    #[test]
    fn memory_follows_cpu() {
        let s = reduce(
            seed(),
            Action::Set {
                path: "services[0].cpu".into(),
                value: json!(4096),
            },
        );
        assert_eq!(s.config.services[0].memory, 8192);
        assert!(s.current);
    }

    #[test]
    fn services_add_move_remove() {
        let s = reduce(seed(), Action::AddService);
        assert_eq!(s.config.services.len(), 2);
        assert!(s.current, "{:?}", s.problems);
        let json = s
            .output
            .as_ref()
            .map(|o| o.generated.json.clone())
            .unwrap_or_default();
        assert!(json.contains("AWS::ElasticLoadBalancingV2::ListenerRule"));
        let s = reduce(s, Action::MoveService { from: 1, to: 0 });
        assert_eq!(s.config.services[0].name, "service-2");
        let s = reduce(s, Action::RemoveService(0));
        let s = reduce(s, Action::RemoveService(0));
        assert_eq!(s.config.services.len(), 1);
    }

    #[test]
    fn map_entries() {
        let map = "services[0].environment".to_owned();
        let s = reduce(seed(), Action::AddEntry { map: map.clone() });
        let s = reduce(s, Action::AddEntry { map: map.clone() });
        assert_eq!(s.config.services[0].environment.len(), 2);
        let s = reduce(
            s,
            Action::RenameEntry {
                map: map.clone(),
                from: "NAME".into(),
                to: "NAME_2".into(),
            },
        );
        assert_eq!(s.problems.at("services[0].environment.NAME").len(), 1);
        let s = reduce(
            s,
            Action::RenameEntry {
                map: map.clone(),
                from: "NAME".into(),
                to: "LOG".into(),
            },
        );
        let s = reduce(
            s,
            Action::SetEntry {
                map: map.clone(),
                key: "LOG".into(),
                value: "<b>".into(),
            },
        );
        assert_eq!(
            s.config.services[0]
                .environment
                .get("LOG")
                .map(String::as_str),
            Some("<b>")
        );
        let s = reduce(
            s,
            Action::RemoveEntry {
                map,
                key: "LOG".into(),
            },
        );
        assert_eq!(s.config.services[0].environment.len(), 1);
        let s = reduce(s, Action::AddEntry { map: "tags".into() });
        assert!(s.config.tags.contains_key("key"));
    }

    #[test]
    fn optional_sections() {
        let s = reduce(
            seed(),
            Action::Set {
                path: "apiGateway".into(),
                value: json!({}),
            },
        );
        assert_eq!(s.config.load_balancer.scheme, Scheme::Internal);
        let s = reduce(
            s,
            Action::Set {
                path: "database".into(),
                value: json!({}),
            },
        );
        let s = reduce(
            s,
            Action::Set {
                path: "database.engine".into(),
                value: json!("mysql"),
            },
        );
        assert!(s.current, "{:?}", s.problems);
        let s = reduce(
            s,
            Action::Set {
                path: "services[0].autoScaling".into(),
                value: json!({}),
            },
        );
        assert!(s.current, "{:?}", s.problems);
        let s = reduce(
            s,
            Action::Set {
                path: "nope[".into(),
                value: json!(1),
            },
        );
        assert_eq!(s.problems.count(), 1);
    }

    fn set(state: State, path: &str, value: Value) -> State {
        reduce(
            state,
            Action::Set {
                path: path.into(),
                value,
            },
        )
    }

    fn json_of(s: &State) -> String {
        s.output
            .as_ref()
            .map(|o| o.generated.json.clone())
            .unwrap_or_default()
    }

    /// Every kind for every service of every preset, in turns: no switch leaves a problem.
    #[test]
    fn kind_switches_leave_no_problem() {
        for (name, _) in fargate_stack::PRESETS {
            let start = State::new(Config::preset(name).unwrap_or_default(), None);
            assert_eq!(start.problems.count(), 0, "{name}");
            for i in 0..start.config.services.len() {
                let mut s = start.clone();
                for kind in [
                    "worker", "job", "backend", "web", "job", "worker", "backend", "job", "web",
                ] {
                    s = set(s, &format!("services[{i}].kind"), json!(kind));
                    assert_eq!(
                        s.problems.count(),
                        0,
                        "{name}: services[{i}] to {kind}: {:?}",
                        s.problems.list
                    );
                    assert!(s.current);
                }
            }
        }
    }

    #[test]
    fn a_kind_resets_what_it_refuses() {
        let s = set(seed(), "services[0].autoScaling", json!({}));
        let s = set(s, "services[0].containerPort", json!(8080));
        let s = set(s, "services[0].kind", json!("worker"));
        let w = &s.config.services[0];
        assert_eq!(w.container_port, 80);
        assert_eq!(w.health_check, HealthCheck::default());
        let a = w.auto_scaling.clone().unwrap_or_default();
        assert_eq!(
            (a.cpu_target, a.messages_per_task),
            (None, Some(DEFAULT_MESSAGES_PER_TASK))
        );
        assert!(json_of(&s).contains("\"FlaskQueue\""));
        let s = set(s, "services[0].queue.retentionDays", json!(9));
        assert_eq!(
            s.config.services[0]
                .queue
                .as_ref()
                .map(|q| q.retention_days),
            Some(9)
        );
        assert!(s.current, "{:?}", s.problems);
        let s = set(s, "services[0].kind", json!("job"));
        let j = &s.config.services[0];
        assert_eq!(j.schedule.as_deref(), Some(DEFAULT_SCHEDULE));
        assert!(j.auto_scaling.is_none() && j.queue.is_none());
        assert!(json_of(&s).contains("AWS::Scheduler::Schedule"));
        assert!(!json_of(&s).contains("\"FlaskQueue\""));
        let s = set(s, "services[0].schedule", json!("cron(0 3 * * *)"));
        assert_eq!(s.problems.at("services[0].schedule").len(), 1);
        let s = set(s, "services[0].kind", json!("web"));
        assert!(s.current, "{:?}", s.problems);
        assert!(s.config.services[0].schedule.is_none());
        assert!(!json_of(&s).contains("AWS::Scheduler::Schedule"));
    }

    #[test]
    fn the_last_web_service_takes_the_load_balancer_settings_along() {
        let s = State::new(Config::preset("production").unwrap_or_default(), None);
        let s = set(s, "services[0].kind", json!("backend"));
        assert!(s.current, "{:?}", s.problems);
        assert_eq!(s.config.load_balancer, LoadBalancer::default());
        assert!(s.status.is_some());
    }

    #[test]
    fn calls_follow_kinds_renames_and_removals() {
        let s = State::new(Config::preset("worker-and-jobs").unwrap_or_default(), None);
        assert_eq!(s.config.services[0].calls, ["orders", "mailer"]);
        // Renaming the worker renames the calls to it.
        let s = set(s, "services[2].name", json!("mail"));
        assert!(s.current, "{:?}", s.problems);
        assert_eq!(s.config.services[0].calls, ["orders", "mail"]);
        assert_eq!(s.config.services[3].calls, ["mail"]);
        // A worker that becomes a backend may not be called by the job any more.
        let s = set(s, "services[2].kind", json!("backend"));
        assert!(s.current, "{:?}", s.problems);
        assert!(s.config.services[3].calls.is_empty());
        assert_eq!(s.config.services[0].calls, ["orders", "mail"]);
        // A callee that becomes a job is called by no one.
        let s = set(s, "services[1].kind", json!("job"));
        assert!(s.current, "{:?}", s.problems);
        assert_eq!(s.config.services[0].calls, ["mail"]);
        // A removed service is called by no one.
        let s = reduce(s, Action::RemoveService(2));
        assert!(s.current, "{:?}", s.problems);
        assert!(s.config.services[0].calls.is_empty());
    }

    #[test]
    fn a_service_back_behind_the_load_balancer_gets_a_free_path() {
        let s = State::new(Config::preset("microservices").unwrap_or_default(), None);
        let s = set(s, "services[0].kind", json!("worker"));
        let s = set(s, "services[0].kind", json!("web"));
        assert!(s.current, "{:?}", s.problems);
        assert_eq!(s.config.services[0].path_patterns, ["/api/*"]);
    }

    /// Every saving of every preset applies through `Set`: the config takes the value and the
    /// estimate follows; a baseline of the same template shows no change.
    #[test]
    fn savings_apply_and_a_template_compares_with_itself() {
        for (name, _) in fargate_stack::PRESETS {
            let start = State::new(Config::preset(name).unwrap_or_default(), None);
            let savings = start.estimate.as_ref().map(|e| e.savings.clone());
            for saving in savings.unwrap_or_default() {
                let s = set(start.clone(), &saving.path, saving.value.clone());
                assert!(
                    s.drafts.is_empty(),
                    "{name}: {}: {:?}",
                    saving.path,
                    s.drafts
                );
                let value = serde_json::to_value(&*s.config).unwrap_or_default();
                assert_eq!(path::get(&value, &saving.path), Some(&saving.value));
            }
            let json = json_of(&start);
            let s = reduce(
                start,
                Action::SetBaseline(Some(Baseline {
                    name: "t.json".into(),
                    json,
                })),
            );
            let c = s.changes.as_deref().cloned().and_then(Result::ok);
            assert!(c.is_some_and(|c| c.resources.is_empty()), "{name}");
        }
    }

    /// An opened template is offered as the baseline; taking it marks the diagram, which
    /// follows edits; removing it clears the marks.
    #[test]
    fn an_opened_template_is_offered_then_marks_the_diagram() {
        let start = State::new(Config::preset("with-database").unwrap_or_default(), None);
        let json = json_of(&start);
        let s = reduce(
            start,
            Action::Load {
                config: Box::new(Config::preset("with-database").unwrap_or_default()),
                message: "Loaded the config from template t.json.".into(),
                preset: None,
                warning: false,
            },
        );
        let s = reduce(
            s,
            Action::OfferBaseline(Baseline {
                name: "t.json".into(),
                json,
            }),
        );
        let offer = s.status.as_ref().and_then(|st| st.offer.clone());
        let Some(offer) = offer else {
            panic!("no offer: {:?}", s.status)
        };
        let s = reduce(s, Action::SetBaseline(Some((*offer).clone())));
        let status = s.status.clone().unwrap_or_else(|| Status::ok(""));
        assert_eq!(
            (status.text.as_str(), status.offer),
            ("Comparing with t.json.", None)
        );
        let marked = s.marked.clone().map(|m| m.svg.clone()).unwrap_or_default();
        assert!(
            !marked.contains("data-change"),
            "the same template changes nothing"
        );
        let s = set(s, "network.vpcCidr", json!("10.20.0.0/16"));
        let marked = s.marked.clone().map(|m| m.svg.clone()).unwrap_or_default();
        assert!(marked.contains("(Vpc): replaced; show in the template\""));
        // The database box holds its security group, which is replaced with the VPC.
        assert!(marked.contains("(Database): replaced; show in the template\""));
        let s = reduce(s, Action::SetBaseline(None));
        assert_eq!(s.marked, None);
        assert_eq!(
            s.status.map(|st| st.text),
            Some("No longer comparing with t.json.".to_owned())
        );
    }

    #[test]
    fn a_kind_switch_drops_drafts_of_what_it_reset() {
        let s = reduce(
            seed(),
            Action::Invalid {
                path: "services[0].containerPort".into(),
                raw: "80a".into(),
                message: "not a number".into(),
            },
        );
        let s = reduce(
            s,
            Action::Invalid {
                path: "services[0].ephemeralStorageGib".into(),
                raw: "x".into(),
                message: "not a number".into(),
            },
        );
        assert_eq!(s.problems.count(), 2);
        let s = set(s, "services[0].kind", json!("worker"));
        assert_eq!(s.problems.count(), 1);
        assert!(s.drafts.contains_key("services[0].ephemeralStorageGib"));
    }

    #[test]
    fn undo_and_redo_a_removal_and_a_preset_load() {
        let s = reduce(seed(), Action::AddService);
        let s = set(s, "services[1].name", json!("a"));
        let s = set(s, "services[1].name", json!("ap"));
        let s = set(s, "services[1].name", json!("api"));
        // Keystrokes into one field are one step; the rename carried the generated path along.
        assert_eq!(s.config.services[1].path_patterns, ["/api/*"]);
        let s = reduce(s, Action::RemoveService(1));
        assert_eq!(s.config.services.len(), 1);
        let status = s.status.clone().unwrap_or_else(|| Status::ok(""));
        assert_eq!(
            (status.text.as_str(), status.undo),
            ("Removed service api.", true)
        );
        let s = reduce(s, Action::Undo);
        assert_eq!(s.config.services[1].name, "api");
        let s = reduce(s, Action::Undo);
        assert_eq!(s.config.services[1].name, "service-2");
        assert_eq!(s.config.services[1].path_patterns, ["/service-2/*"]);
        let s = reduce(s, Action::Redo);
        assert_eq!(s.config.services[1].name, "api");
        let s = reduce(
            s,
            Action::Load {
                config: Box::new(Config::preset("minimal").unwrap_or_default()),
                message: "Loaded minimal.".into(),
                preset: Some("minimal".into()),
                warning: false,
            },
        );
        assert_eq!(s.preset.as_deref(), Some("minimal"));
        // A new change drops what could be redone.
        assert_eq!(s.history.redo_what(), None);
        let s = set(s, "name", json!("edited"));
        assert_eq!(s.preset, None);
        let s = reduce(s, Action::Undo);
        assert_eq!(s.preset.as_deref(), Some("minimal"));
        let s = reduce(s, Action::Undo);
        assert_eq!(s.config.services.len(), 2);
        assert_eq!(
            s.status.map(|st| st.text).as_deref(),
            Some("Undone: loaded minimal.")
        );
    }

    #[test]
    fn history_is_bounded_and_a_no_op_is_no_step() {
        let mut s = seed();
        for n in 0..(HISTORY_LIMIT + 20) {
            s = set(
                s,
                if n % 2 == 0 { "name" } else { "tags" },
                json!(if n % 2 == 0 {
                    json!(format!("n{n}"))
                } else {
                    json!({ "k": format!("{n}") })
                }),
            );
        }
        assert_eq!(s.history.past.len(), HISTORY_LIMIT);
        let s = reduce(s, Action::MoveService { from: 0, to: 5 });
        assert_eq!(s.history.past.len(), HISTORY_LIMIT);
    }

    #[test]
    fn a_forced_memory_change_is_said_and_a_chosen_path_stays() {
        let s = set(seed(), "services[0].cpu", json!(4096));
        let text = s.status.map(|st| st.text).unwrap_or_default();
        assert!(text.contains("from 2048 to 8192 MiB"), "{text}");
        let s = reduce(seed(), Action::AddService);
        let s = set(s, "services[1].pathPatterns", json!(["/jobs/*"]));
        let s = set(s, "services[1].name", json!("worker"));
        assert_eq!(s.config.services[1].path_patterns, ["/jobs/*"]);
    }
}
