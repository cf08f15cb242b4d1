//! The topology diagram: the core's SVG, live. Hovering a node shows its title; clicking it (or
//! Enter on it) jumps to the resource in the JSON view. With a deployed template loaded, the
//! diagram carries the change preview's marks (see [`crate::diagram::mark`]), explained by a
//! legend, and the removed resources are listed under it.

use std::rc::Rc;

use yew::prelude::*;

use crate::diagram::{Marked, MARK_CSS};

/// Props of [`TopologyPanel`].
#[derive(Properties, PartialEq)]
pub struct TopologyPanelProps {
    /// The SVG markup (without its style element).
    pub svg: AttrValue,
    /// The SVG's style rules, installed as a constructed style sheet.
    pub css: AttrValue,
    /// The config revision it was drawn for (exposed for tests).
    pub revision: u64,
    /// Whether the diagram matches the config (false while it is invalid).
    pub current: bool,
    /// Jump to a resource by logical id.
    pub onnode: Callback<String>,
    /// Download the diagram.
    pub ondownload: Callback<()>,
    /// The marks of the change preview (then `svg` is the marked drawing).
    #[prop_or_default]
    pub marked: Option<Rc<Marked>>,
}

/// The diagram panel.
#[function_component]
pub fn TopologyPanel(props: &TopologyPanelProps) -> Html {
    let holder = use_node_ref();
    use_effect_with(props.css.clone(), |css| {
        crate::browser::adopt_css(&format!("{css}{MARK_CSS}"));
    });
    // The SVG is markup from the core (its nodes already keyboard-reachable, see `diagram`).
    // It is patched in place: only the elements that changed are swapped.
    let shown = use_mut_ref(AttrValue::default);
    {
        let holder = holder.clone();
        use_effect_with(props.svg.clone(), move |svg| {
            if let Some(el) = holder.cast::<web_sys::Element>() {
                let old = shown.replace(svg.clone());
                crate::browser::show_diagram(&el, &old, svg);
            }
        });
    }
    let onclick = {
        let onnode = props.onnode.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = crate::browser::node_id(&e) {
                onnode.emit(id);
            }
        })
    };
    let onkeydown = {
        let onnode = props.onnode.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(id) = crate::browser::node_id(&e) {
                    e.prevent_default();
                    onnode.emit(id);
                }
            }
        })
    };
    let ondownload = {
        let ondownload = props.ondownload.clone();
        Callback::from(move |_: MouseEvent| ondownload.emit(()))
    };
    html! {
        <section class="panel topology" aria-labelledby="h-topology">
            <header class="panel-head">
                <h2 id="h-topology">{"Topology"}</h2>
                <button type="button" id="download-svg" onclick={ondownload}>
                    {"Download diagram (SVG)"}
                </button>
            </header>
            <div id="diagram" class={classes!("diagram", (!props.current).then_some("stale"))} ref={holder}
                data-revision={props.revision.to_string()} {onclick} {onkeydown}>
            </div>
            if let Some(m) = &props.marked {
                <p class="diagram-changes" id="diagram-legend">
                    {"Against the deployed template: \u{21bb} replaced, ~ updated in place, + added."}
                </p>
                if !m.removed.is_empty() {
                    <p class="diagram-changes" id="diagram-removed">
                        {format!("Removed: {}.", m.removed.join(", "))}
                    </p>
                }
            }
            <p class="help">{"Hover a box for details; click it (or Tab to it and press Enter) to find it in the template."}</p>
        </section>
    }
}
