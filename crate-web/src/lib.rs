//! The fargate-stack designer: a Yew page over the core that turns a form into a deployable
//! CloudFormation template, live.
//!
//! Code map: [`state`] holds everything and its one reducer (generation happens there, once
//! per config change); [`components`] are the views, one per file; [`path`] addresses config
//! fields by the same paths the core's errors use; [`highlight`] renders the JSON as escaped
//! markup; [`labels`] says paths in the form's words; [`runbook`] reads the way to
//! production (variables, first-deploy commands, hand edits) from a template; [`codec`] reads
//! and writes share links, saved configs and templates; [`browser`] is the thin layer over the
//! DOM (storage, downloads, clipboard, focus); [`warm`] rehearses an edit while the page is
//! idle after its first paint, so the first keystrokes do not run V8's baseline code.
//!
//! `main.rs` only calls [`start`], so tests can mount [`components::app::App`] themselves.

pub mod browser;
pub mod codec;
pub mod components;
pub mod diagram;
pub mod highlight;
pub mod labels;
pub mod path;
pub mod runbook;
pub mod state;
pub mod warm;

/// Mounts the designer on the page's `#app` element (or the body when it is missing).
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(element) => {
            // Replaces the "Loading…" shell.
            element.set_inner_html("");
            yew::Renderer::<components::app::App>::with_root(element).render();
        }
        None => {
            yew::Renderer::<components::app::App>::new().render();
        }
    }
}
