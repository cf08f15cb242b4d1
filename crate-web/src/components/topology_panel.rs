//! The topology diagram: the core's SVG, live. Hovering a node shows its title; clicking it (or
//! Enter on it) jumps to the resource in the JSON view.

use yew::prelude::*;

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
}

/// The diagram panel.
#[function_component]
pub fn TopologyPanel(props: &TopologyPanelProps) -> Html {
    let holder = use_node_ref();
    use_effect_with(props.css.clone(), |css| crate::browser::adopt_css(css));
    // The SVG is markup from the core; its nodes become keyboard-reachable here.
    {
        let holder = holder.clone();
        use_effect_with(props.svg.clone(), move |_| {
            if let Some(el) = holder.cast::<web_sys::Element>() {
                if let Ok(nodes) = el.query_selector_all("[data-id]") {
                    for k in 0..nodes.length() {
                        if let Some(node) = nodes.item(k).and_then(|n| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()
                        }) {
                            let _ = node.set_attribute("tabindex", "0");
                            let _ = node.set_attribute("role", "button");
                            if let Some(id) = node.get_attribute("data-id") {
                                let _ = node.set_attribute(
                                    "aria-label",
                                    &format!("{id}: show in the template"),
                                );
                            }
                        }
                    }
                }
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
                { Html::from_html_unchecked(props.svg.clone()) }
            </div>
            <p class="help">{"Hover a box for details; click it (or Tab to it and press Enter) to find it in the template."}</p>
        </section>
    }
}
