//! Rehearsing a keystroke while the page is idle after its first paint, so the first real ones
//! are as quick as the later ones.
//!
//! Why: V8 compiles WebAssembly first with its baseline compiler and recompiles a function with
//! its optimising one only after the function has done enough work. Measured in the e2e
//! harness, the first 30 to 40 edits after loading took 9 to 20 ms each and the later ones 3 to
//! 6 ms: the 95th percentile of the first hundred edits was the baseline code's, not the
//! designer's. A rehearsal runs what an edit of the app name runs (the reducer with its
//! validation, generation, diagram and estimate, then the JSON and diagram patches, computed but
//! not applied) on a copy of the state, and drops the result. Nothing on the page changes.
//!
//! Rehearsals run one per idle callback, so input never waits for more than one, and they stop
//! for good at the first change of the state (from then on the real edits do the warming).

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::Value;
use yew::{Reducible, UseReducerHandle};

use crate::state::{Action, State};

/// How many rehearsals run after the first paint, at most. Each is one edit's work: at about
/// 5 ms of baseline code, the whole warm-up costs the idle page about 0.2 s of one core.
pub const ROUNDS: u32 = 40;

/// A name that differs from `name` in its last character and stays valid (same length, a
/// lowercase letter in place of the last character), so the rehearsal's template differs from
/// the page's in the places a rename touches.
pub fn tweak(name: &str) -> String {
    let mut out: String = name
        .chars()
        .take(name.chars().count().saturating_sub(1))
        .collect();
    out.push(if name.ends_with('a') { 'b' } else { 'a' });
    out
}

/// One rehearsal on `state`: what a keystroke in the app name computes. Returns whether it
/// ran (false when the state has nothing valid to rehearse with).
pub fn rehearse(state: &State) -> bool {
    let (Some(shown), true) = (state.output.clone(), state.current) else {
        return false;
    };
    let next = Rc::new(state.clone()).reduce(Action::Set {
        path: "name".to_owned(),
        value: Value::String(tweak(&state.config.name)),
    });
    let (Some(out), true) = (next.output.as_ref(), next.current) else {
        return false;
    };
    let json_edits = crate::highlight::patch(&shown.generated.json, &out.generated.json);
    let svg_edits = crate::diagram::plan(&shown.diagram.inline, &out.diagram.inline);
    !json_edits.is_empty() || svg_edits.is_some()
}

/// Starts the rehearsals for the page whose state `latest` holds (each render puts the current
/// state there). They stop after [`ROUNDS`], or as soon as the state is not the one they
/// started with.
pub fn start(latest: Rc<RefCell<UseReducerHandle<State>>>) {
    let revision = latest.borrow().revision;
    round(latest, revision, ROUNDS);
}

fn round(latest: Rc<RefCell<UseReducerHandle<State>>>, revision: u64, left: u32) {
    crate::browser::while_idle(move |time_left| {
        let mut left = left;
        // As many as fit in this idle period (a rehearsal takes a few ms before the warming):
        // one per period would spread the warm-up over seconds.
        while left > 0 {
            let ran = {
                let state = latest.borrow();
                state.revision == revision && rehearse(&state)
            };
            if !ran {
                return;
            }
            left -= 1;
            if time_left() < SLICE_MS {
                break;
            }
        }
        if left > 0 {
            round(latest, revision, left);
        } else {
            crate::browser::mark_warmed();
        }
    });
}

/// A rehearsal starts only with at least this much of the idle period left.
const SLICE_MS: f64 = 15.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tweaked_name_is_another_valid_name() {
        for name in ["seed", "a", "web-app-2", "a-very-long-name-of-24ch"] {
            let t = tweak(name);
            assert_ne!(t, name);
            assert_eq!(t.len(), name.len());
            let mut config = fargate_stack::Config::preset("seed").expect("seed");
            config.name = t;
            assert!(fargate_stack::generate_all(&config).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_rehearsal_changes_nothing_it_was_given() {
        for (name, _) in fargate_stack::PRESETS {
            let config = fargate_stack::Config::preset(name).expect("preset");
            let state = State::new(config, None);
            let before = state.clone();
            assert!(rehearse(&state), "{name}: nothing rehearsed");
            assert_eq!(state, before, "{name}");
        }
    }

    #[test]
    fn nothing_is_rehearsed_without_a_current_template() {
        let mut config = fargate_stack::Config::preset("seed").expect("seed");
        config.name = String::new();
        assert!(!rehearse(&State::new(config, None)));
    }
}
