//! The template JSON, read-only and highlighted, with its size, resource count, copy and the
//! download (disabled, with the problem count, while the config is invalid).
//!
//! The highlighted JSON is not part of the virtual DOM: after each render that brings a new
//! template, the view's DOM is patched from the old JSON to the new one (see
//! [`crate::highlight::patch`]). A keystroke mostly changes a few strings, which become a few
//! text-node writes; handing Yew the markup made it parse every changed entry's markup again
//! (about a third of a keystroke's time).

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::ByPtr;

use crate::highlight::Edit;
use crate::state::Output;

/// Props of [`JsonView`].
#[derive(Properties)]
pub struct JsonViewProps {
    /// The output whose JSON is shown.
    pub output: Rc<Output>,
    /// Size of the JSON in bytes.
    pub bytes: usize,
    /// Resources declared.
    pub resources: usize,
    /// Parameters declared.
    pub parameters: usize,
    /// Outputs declared.
    pub outputs: usize,
    /// The file name offered for the download.
    pub filename: AttrValue,
    /// How many problems block the download.
    pub problems: usize,
    /// Whether the JSON matches the config.
    pub current: bool,
    /// The config revision (exposed for tests).
    pub revision: u64,
    /// Copy the JSON.
    pub oncopy: Callback<()>,
    /// Download the JSON.
    pub ondownload: Callback<()>,
}

impl PartialEq for JsonViewProps {
    fn eq(&self, o: &Self) -> bool {
        // The output by pointer: it is made once per template, and comparing it deeply would
        // cost a template's worth on every render.
        Rc::ptr_eq(&self.output, &o.output)
            && self.bytes == o.bytes
            && self.resources == o.resources
            && self.parameters == o.parameters
            && self.outputs == o.outputs
            && self.filename == o.filename
            && self.problems == o.problems
            && self.current == o.current
            && self.revision == o.revision
            && self.oncopy == o.oncopy
            && self.ondownload == o.ondownload
    }
}

/// What is on the page: the output shown (its JSON is what the next one is patched from) in
/// the element that shows it.
#[derive(Default)]
struct Shown {
    output: Option<Rc<Output>>,
    code: Option<web_sys::Element>,
}

/// Thousands separators for byte counts (the core's, as its messages write them).
pub use fargate_stack::quota::thousands as grouped;

/// The JSON panel.
#[function_component]
pub fn JsonView(props: &JsonViewProps) -> Html {
    let oncopy = super::on_click(&props.oncopy);
    let ondownload = super::on_click(&props.ondownload);
    let code = use_node_ref();
    let shown = use_mut_ref(Shown::default);
    {
        let code = code.clone();
        use_effect_with(ByPtr(props.output.clone()), move |output| {
            if let Some(el) = code.cast::<web_sys::Element>() {
                show(&el, &output.0, &shown);
            }
        });
    }
    let blocked = props.problems > 0;
    html! {
        <section class="panel template" aria-labelledby="h-json">
            <header class="panel-head">
                <h2 id="h-json">{"Template"}</h2>
                <p class="facts" id="facts">
                    <span id="resource-count">{props.resources}</span>{" resources · "}
                    <span id="byte-count" data-bytes={props.bytes.to_string()}>{grouped(props.bytes)}</span>{" bytes · "}
                    {props.parameters}{" parameters · "}{props.outputs}{" outputs"}
                </p>
                <div class="buttons">
                    <button type="button" id="copy-json" onclick={oncopy}>
                        if blocked {
                            {format!("Copy JSON (last valid template, {})", crate::labels::problems_now(props.problems))}
                        } else {
                            {"Copy JSON"}
                        }
                    </button>
                    <button type="button" id="download" class="primary" onclick={ondownload} disabled={blocked}
                        aria-describedby={blocked.then_some("download-blocked")}>
                        {"Download "}<code>{&props.filename}</code>
                    </button>
                    if blocked {
                        <span class="blocked" id="download-blocked">
                            {format!("{} problem{} to fix", props.problems, if props.problems == 1 { "" } else { "s" })}
                        </span>
                    }
                </div>
            </header>
            if blocked {
                <p class="stale-note stale-banner" id="json-stale" role="note">
                    {format!("Showing the last valid template — {}.", crate::labels::problems_now(props.problems))}
                </p>
            }
            <pre id="json" class={classes!("json", blocked.then_some("stale"))} tabindex="0"
                aria-label="Template JSON" data-revision={props.revision.to_string()}>
                // Filled and patched by `show`, after the render.
                <code ref={code}></code>
            </pre>
        </section>
    }
}

/// Brings `code` from what it shows to the JSON of `output`: the edits of
/// [`crate::highlight::patch`], or the whole markup into an element not drawn into yet.
fn show(code: &web_sys::Element, output: &Rc<Output>, shown: &RefCell<Shown>) {
    let mut shown = shown.borrow_mut();
    let same_element = shown.code.as_ref().is_some_and(|c| c == code);
    let old = match (&shown.output, same_element) {
        (Some(o), true) => o.generated.json.as_str(),
        _ => "",
    };
    for edit in crate::highlight::patch(old, &output.generated.json) {
        apply(code, edit);
    }
    shown.code = Some(code.clone());
    // The view held the last reference to the old output: freeing it waits for an idle moment.
    if let Some(old) = shown.output.replace(output.clone()) {
        crate::browser::drop_later(old);
    }
}

/// Applies one edit to the view's element `code` (its children are the pieces' elements).
fn apply(code: &web_sys::Element, edit: Edit) {
    let pieces = code.children();
    match edit {
        Edit::All(markup) => code.set_inner_html(&markup),
        Edit::Text {
            piece,
            node,
            token,
            text,
        } => {
            let target = pieces
                .item(piece as u32)
                .and_then(|p| p.child_nodes().item(node as u32))
                .and_then(|n| if token { n.first_child() } else { Some(n) });
            if let Some(n) = target {
                n.set_node_value(Some(&text));
            }
        }
        Edit::Replace { piece, markup } => {
            if let Some(p) = pieces.item(piece as u32) {
                p.set_outer_html(&markup);
            }
        }
        Edit::Splice { at, remove, markup } => {
            for _ in 0..remove {
                if let Some(p) = pieces.item(at as u32) {
                    p.remove();
                }
            }
            let _ = match pieces.item(at as u32) {
                Some(next) => next.insert_adjacent_html("beforebegin", &markup),
                None => code.insert_adjacent_html("beforeend", &markup),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(51_200), "51,200");
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }
}
