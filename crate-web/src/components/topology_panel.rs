//! The topology diagram: the core's SVG, live, in the architecture view by default or with every
//! resource. Zoom (buttons, Ctrl+wheel, pinch), pan (drag) and fit change only the SVG's
//! `viewBox`; "Large view" shows the same diagram and controls in a full-window dialog.
//!
//! The diagram is one Tab stop: the holder is focusable, the arrow keys move an active node
//! (announced through `aria-activedescendant` and a live region), Enter or a click selects it:
//! the resource is shown in the JSON view, and the details list what the box holds with a
//! button to the form section that controls it. With a deployed template loaded, the diagram
//! carries the change preview's marks (see [`crate::diagram::mark`]), explained by a legend,
//! and the removed resources are listed under it.

use std::cell::RefCell;
use std::rc::Rc;

use fargate_stack::changes::{Changes, ReadError};
use fargate_stack::topology::{Topology, View};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::ByPtr;

use crate::diagram::{
    dom, form_target, step, Diagram, Direction, Marked, Viewport, MARK_CSS, THEME_CSS,
};
use crate::state::Output;

/// Props of [`TopologyPanel`].
#[derive(Properties)]
pub struct TopologyPanelProps {
    /// The last valid output: its architecture diagram, and the template for the other view.
    pub output: Rc<Output>,
    /// The config revision it was drawn for (exposed for tests).
    pub revision: u64,
    /// Whether the diagram matches the config (false while it is invalid).
    pub current: bool,
    /// Jump to a resource by logical id.
    pub onnode: Callback<String>,
    /// Download a drawing of the shown view: (file name suffix, text, media type).
    pub ondownload: Callback<(String, String, &'static str)>,
    /// The marks of the change preview on the architecture view.
    #[prop_or_default]
    pub marked: Option<Rc<Marked>>,
    /// The change preview itself, to mark the all-resources view when it is shown.
    #[prop_or_default]
    pub changes: Option<Rc<Result<Changes, ReadError>>>,
}

/// By pointer: the output and the marks are made once per config, so the same `Rc` means the
/// same content, and comparing them deeply on every render would cost a template's worth.
fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl PartialEq for TopologyPanelProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.output, &o.output)
            && self.revision == o.revision
            && self.current == o.current
            && self.onnode == o.onnode
            && self.ondownload == o.ondownload
            && same(&self.marked, &o.marked)
            && same(&self.changes, &o.changes)
    }
}

/// What the holder remembers between renders without re-rendering: the view box, the drawing
/// it was fitted to, the markup on the page, and the pointers of a drag or pinch.
#[derive(Default)]
struct Live {
    vp: Option<Viewport>,
    /// The drawing's size and view the viewport was set for (a new one resets it).
    fitted: Option<(f64, f64, View)>,
    /// The markup on the page, and whether it was shown in the large view.
    shown: (AttrValue, bool),
    pointers: Vec<(i32, f64, f64)>,
    moved: f64,
    dragging: bool,
    /// A drag ends with a click on whatever is under the pointer: that one is not a selection.
    swallow_click: bool,
    /// The active and the selected node last marked with their classes.
    marks: (Option<String>, Option<String>),
}

/// The legend of the all-resources view (the architecture view draws its own): static markup,
/// one node for the renderer instead of a tree of elements.
const KEY: &str = concat!(
    r#"<ul class="diagram-key" id="diagram-key" aria-label="Legend">"#,
    r#"<li><svg width="36" height="10" aria-hidden="true"><polyline class="fs-traffic" points="0,5 36,5"/></svg>Request traffic</li>"#,
    r#"<li><svg width="36" height="10" aria-hidden="true"><polyline class="fs-traffic fs-traffic-out" points="0,5 36,5"/></svg>Outbound</li>"#,
    r#"<li><svg width="36" height="10" aria-hidden="true"><polyline class="fs-traffic fs-traffic-message" points="0,5 36,5"/></svg>Messages and scheduled runs</li>"#,
    r#"<li><svg width="36" height="10" aria-hidden="true"><polyline class="fs-ref" points="0,5 36,5"/></svg>Reference: one names the other</li>"#,
    "<li>Dashed boxes: workers and jobs; solid: web and backend services</li></ul>",
);

/// The diagram panel.
#[function_component]
pub fn TopologyPanel(props: &TopologyPanelProps) -> Html {
    let holder = use_node_ref();
    let dialog = use_node_ref();
    let view = use_state_eq(|| View::Architecture);
    let large = use_state_eq(|| false);
    let active = use_state_eq(|| None::<String>);
    let selected = use_state_eq(|| None::<String>);
    let live = use_mut_ref(Live::default);

    // The all-resources view is drawn only while it is shown (it costs more than the
    // architecture, and most edits happen with the architecture on screen).
    let all = use_memo((ByPtr(props.output.clone()), *view), |(output, view)| {
        (*view == View::All).then(|| {
            Rc::new(crate::diagram::draw_view(
                &output.0.generated.template,
                View::All,
            ))
        })
    });
    let all_marked = use_memo(
        ((*all).clone().map(ByPtr), props.changes.clone().map(ByPtr)),
        |(all, changes)| match (all, changes.as_ref().map(|c| &*c.0)) {
            (Some(d), Some(Ok(c))) => Some(Rc::new(crate::diagram::mark(&d.0, c))),
            _ => None,
        },
    );
    let (diagram, marked): (Rc<Diagram>, Option<Rc<Marked>>) = match (*all).clone() {
        Some(d) => (d, (*all_marked).clone()),
        None => (props.output.diagram.clone(), props.marked.clone()),
    };
    let svg = AttrValue::from(
        marked
            .as_ref()
            .map_or_else(|| diagram.inline.clone(), |m| m.svg.clone()),
    );
    let topology: &Topology = &diagram.topology;

    use_effect_with(AttrValue::from(diagram.css.clone()), |css| {
        crate::browser::adopt_css(&format!("{css}{MARK_CSS}{THEME_CSS}"));
    });
    // The SVG is markup from the core (its nodes already named, see `diagram`). It is patched in
    // place: only the elements that changed are swapped; a new holder (the large view opened
    // or closed) gets it whole. Then the view box is put back, or set for a new drawing.
    {
        let (holder, live, view) = (holder.clone(), live.clone(), *view);
        let (active, selected) = ((*active).clone(), (*selected).clone());
        use_effect_with(
            (svg.clone(), *large, active, selected),
            move |(svg, large, active, selected)| {
                if let Some(el) = holder.cast::<web_sys::Element>() {
                    let mut l = live.borrow_mut();
                    let old = if l.shown.1 == *large {
                        l.shown.0.clone()
                    } else {
                        AttrValue::default()
                    };
                    if old != *svg {
                        crate::browser::show_diagram(&el, &old, svg);
                    }
                    l.shown = (svg.clone(), *large);
                    // A patch keeps the SVG element and its view box: only a new element (first
                    // drawing, new size, other view or holder) needs one, which means reading the
                    // holder's size, a forced layout kept off the keystroke path.
                    let fresh = !dom::has_view(&el);
                    if let Some((w, h)) = dom::natural_size(&el).filter(|_| fresh) {
                        if l.fitted != Some((w, h, view)) || l.vp.is_none() {
                            let (cw, ch) = dom::holder_size(&el);
                            l.vp =
                                Some(Viewport::initial(w, h, cw, ch, view == View::Architecture));
                            l.fitted = Some((w, h, view));
                        }
                    }
                    if let Some(vp) = l.vp.filter(|_| fresh) {
                        dom::apply(&el, vp);
                    }
                    // No node carries a class that was never given (the usual case while
                    // typing): then there is nothing to look for.
                    if active.is_some() || l.marks.0.is_some() {
                        dom::set_class(&el, "fs-active", active.as_deref());
                    }
                    if selected.is_some() || l.marks.1.is_some() {
                        dom::set_class(&el, "fs-selected", selected.as_deref());
                    }
                    l.marks = (active.clone(), selected.clone());
                }
            },
        );
    }
    // Ctrl+wheel zooms about the pointer. Added by hand: the wheel must be able to cancel the
    // page's own zoom, which a passive listener cannot.
    {
        let (holder, live) = (holder.clone(), live.clone());
        use_effect_with(*large, move |_| {
            let listener = holder.cast::<web_sys::Element>().map(|el| {
                let target = el.clone();
                gloo::events::EventListener::new_with_options(
                    &target,
                    "wheel",
                    gloo::events::EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else {
                            return;
                        };
                        if !(e.ctrl_key() || e.meta_key()) {
                            return;
                        }
                        e.prevent_default();
                        let factor = (-e.delta_y() * 0.002).clamp(-0.5, 0.5).exp();
                        let (px, py) =
                            dom::offset(&el, f64::from(e.client_x()), f64::from(e.client_y()));
                        zoom_by(&el, &live, factor, Some((px, py)));
                    },
                )
            });
            move || drop(listener)
        });
    }
    // Opening the large view shows the dialog as a modal once it is on the page; closing it
    // returns the keyboard to the button that opened it.
    {
        let (dialog, holder, live) = (dialog.clone(), holder.clone(), live.clone());
        let was = use_mut_ref(|| false);
        use_effect_with(*large, move |large| {
            if *large {
                if let Some(d) = dialog.cast::<web_sys::Element>() {
                    dom::show_modal(&d);
                }
                if let Some(h) = holder.cast::<web_sys::HtmlElement>() {
                    // The view box was set while the dialog was still closed (no size yet).
                    if let Some(vp) = live.borrow().vp {
                        dom::apply(&h, vp);
                    }
                    let _ = h.focus();
                }
            } else if was.replace(false) {
                crate::browser::focus_id("diagram-large");
            }
            if *large {
                *was.borrow_mut() = true;
            }
        });
    }

    // Selecting a node: remembered for the details, shown in the JSON view.
    let select = {
        let (selected, active, onnode) = (selected.clone(), active.clone(), props.onnode.clone());
        Callback::from(move |id: String| {
            active.set(Some(id.clone()));
            selected.set(Some(id.clone()));
            onnode.emit(id);
        })
    };
    let onclick = {
        let (select, live) = (select.clone(), live.clone());
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut live.borrow_mut().swallow_click) {
                return;
            }
            if let Some(id) = crate::browser::node_id(&e) {
                select.emit(id);
            }
        })
    };
    let onkeydown = {
        let (holder, live, active, select) =
            (holder.clone(), live.clone(), active.clone(), select.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = holder.cast::<web_sys::Element>() else {
                return;
            };
            // Shortcuts with a modifier belong to the page (undo) and the browser (its zoom).
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let dir = match e.key().as_str() {
                "ArrowLeft" => Some(Direction::Left),
                "ArrowRight" => Some(Direction::Right),
                "ArrowUp" => Some(Direction::Up),
                "ArrowDown" => Some(Direction::Down),
                _ => None,
            };
            let boxes = dom::node_boxes(&el);
            let at = (*active)
                .as_ref()
                .and_then(|id| boxes.iter().position(|(b, _)| b == id));
            let to = match (e.key().as_str(), dir, at) {
                (_, Some(_), None) | ("Home", _, _) => Some(0),
                (_, Some(d), Some(i)) => Some(
                    step(&boxes.iter().map(|(_, b)| *b).collect::<Vec<_>>(), i, d).unwrap_or(i),
                ),
                ("End", _, _) => boxes.len().checked_sub(1),
                ("Enter" | " ", _, Some(i)) => {
                    e.prevent_default();
                    if let Some((id, _)) = boxes.get(i) {
                        select.emit(id.clone());
                    }
                    return;
                }
                ("+" | "=", _, _) => {
                    e.prevent_default();
                    zoom_by(&el, &live, 1.25, None);
                    return;
                }
                ("-" | "_", _, _) => {
                    e.prevent_default();
                    zoom_by(&el, &live, 0.8, None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            if let Some((id, b)) = to.and_then(|i| boxes.get(i)) {
                let (cw, ch) = dom::holder_size(&el);
                let mut l = live.borrow_mut();
                if let Some(vp) = l.vp {
                    let vp = vp.reveal(*b, cw, ch);
                    l.vp = Some(vp);
                    dom::apply(&el, vp);
                }
                active.set(Some(id.clone()));
            }
        })
    };
    let onpointerdown = {
        let live = live.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            let mut l = live.borrow_mut();
            l.pointers.retain(|p| p.0 != e.pointer_id());
            l.pointers.push((
                e.pointer_id(),
                f64::from(e.client_x()),
                f64::from(e.client_y()),
            ));
            l.moved = 0.0;
            // A gesture that ended without a click (a pinch) must not swallow this one's.
            l.swallow_click = false;
        })
    };
    let onpointermove = {
        let (holder, live) = (holder.clone(), live.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(el) = holder.cast::<web_sys::Element>() else {
                return;
            };
            let mut l = live.borrow_mut();
            let Some(i) = l.pointers.iter().position(|p| p.0 == e.pointer_id()) else {
                return;
            };
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let Some(vp) = l.vp else { return };
            let vp = if l.pointers.len() >= 2 {
                // Pinch: the two first pointers' distance scales, their midpoint pans.
                let other = l.pointers[usize::from(i == 0)];
                let (ox, oy) = (other.1, other.2);
                let (px, py) = (l.pointers[i].1, l.pointers[i].2);
                let before = (px - ox).hypot(py - oy).max(1.0);
                let after = (x - ox).hypot(y - oy).max(1.0);
                let (mx, my) = dom::offset(&el, (x + ox) / 2.0, (y + oy) / 2.0);
                l.dragging = true;
                vp.pan((x - px) / 2.0, (y - py) / 2.0)
                    .zoom(after / before, mx, my)
            } else {
                let (dx, dy) = (x - l.pointers[i].1, y - l.pointers[i].2);
                l.moved += dx.abs() + dy.abs();
                if l.moved < 4.0 {
                    return;
                }
                if !l.dragging {
                    l.dragging = true;
                    // Captured only once it is a drag: a capture retargets the click.
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                vp.pan(dx, dy)
            };
            l.pointers[i] = (e.pointer_id(), x, y);
            l.vp = Some(vp);
            dom::apply(&el, vp);
        })
    };
    let onpointerup = {
        let live = live.clone();
        Callback::from(move |e: PointerEvent| {
            let mut l = live.borrow_mut();
            l.pointers.retain(|p| p.0 != e.pointer_id());
            if l.dragging {
                l.swallow_click = true;
            }
            if l.pointers.is_empty() {
                l.dragging = false;
            }
        })
    };
    let zoom_button = |factor: f64| {
        let (holder, live) = (holder.clone(), live.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = holder.cast::<web_sys::Element>() {
                zoom_by(&el, &live, factor, None);
            }
        })
    };
    let onfit = {
        let (holder, live) = (holder.clone(), live.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = holder.cast::<web_sys::Element>() {
                if let Some((w, h)) = dom::natural_size(&el) {
                    let (cw, ch) = dom::holder_size(&el);
                    let vp = Viewport::fit(w, h, cw, ch);
                    live.borrow_mut().vp = Some(vp);
                    dom::apply(&el, vp);
                }
            }
        })
    };
    let onlarge = {
        let (large, dialog) = (large.clone(), dialog.clone());
        Callback::from(move |_: MouseEvent| {
            if *large {
                if let Some(d) = dialog.cast::<web_sys::Element>() {
                    dom::close(&d);
                }
            } else {
                large.set(true);
            }
        })
    };
    let onclose = {
        let large = large.clone();
        Callback::from(move |_: Event| large.set(false))
    };
    let switch = |to: View| {
        let (view, live, active) = (view.clone(), live.clone(), active.clone());
        Callback::from(move |_: MouseEvent| {
            if *view != to {
                live.borrow_mut().vp = None;
                active.set(None);
                view.set(to);
            }
        })
    };
    let download = |format: &'static str| {
        let (ondownload, diagram) = (props.ondownload.clone(), diagram.clone());
        Callback::from(move |_: MouseEvent| {
            let stem = match diagram.view {
                View::Architecture => "topology",
                View::All => "topology-all",
            };
            let (text, mime) = match format {
                "dot" => (diagram.topology.to_dot(), "text/vnd.graphviz"),
                "mmd" => (diagram.topology.to_mermaid(), "text/plain"),
                _ => (diagram.svg.clone(), "image/svg+xml"),
            };
            ondownload.emit((format!("{stem}.{format}"), text, mime));
        })
    };
    let onedit = {
        let (selected, large, dialog, output) = (
            selected.clone(),
            large.clone(),
            dialog.clone(),
            diagram.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(id) = (*selected).clone() else {
                return;
            };
            let target = form_target(&output.topology, &id, &dom::service_names());
            if *large {
                // The form is behind the modal: close it first, then go there.
                if let Some(d) = dialog.cast::<web_sys::Element>() {
                    dom::close(&d);
                }
                gloo::timers::callback::Timeout::new(0, move || {
                    dom::focus_form(&target);
                })
                .forget();
            } else {
                dom::focus_form(&target);
            }
        })
    };

    let name = |id: &str| {
        topology
            .node(id)
            .map(|n| match n.detail.as_str() {
                "" => n.label.clone(),
                d => format!("{} ({d})", n.label),
            })
            .unwrap_or_else(|| id.to_owned())
    };
    let count = topology.nodes.len();
    let announce = (*active).as_ref().map(|id| {
        let at = topology
            .nodes
            .iter()
            .position(|n| &n.id == id)
            .map_or(0, |i| i + 1);
        format!("{}, {at} of {count}. Enter selects it.", name(id))
    });
    let details = (*selected).as_ref().and_then(|id| topology.owner(id)).map(|n| {
        html! {
            <section class="diagram-details" id="diagram-details" aria-labelledby="diagram-details-title">
                <h3 id="diagram-details-title">{name(&n.id)}</h3>
                <p class="diagram-details-id"><code>{&n.id}</code>
                    {n.resource_type.as_ref().map(|t| format!(" {t}")).unwrap_or_default()}</p>
                if !n.members.is_empty() {
                    <p>{format!("Holds {} more resource{}:", n.members.len(), if n.members.len() == 1 { "" } else { "s" })}</p>
                    <ul id="diagram-members" class="diagram-members">
                        { for n.members.iter().map(|m| html! { <li><code>{m}</code></li> }) }
                    </ul>
                }
                <button type="button" id="edit-in-form" onclick={onedit}>{"Edit in the form"}</button>
            </section>
        }
    });
    let architecture = *view == View::Architecture;
    let frame = html! {
        <div class="diagram-frame">
            <div class="diagram-tools">
                <div class="switch" role="group" aria-label="Diagram view">
                    <button type="button" id="view-architecture" aria-pressed={architecture.to_string()}
                        onclick={switch(View::Architecture)}>{"Architecture"}</button>
                    <button type="button" id="view-all" aria-pressed={(!architecture).to_string()}
                        onclick={switch(View::All)}>{"All resources"}</button>
                </div>
                <button type="button" id="zoom-out" aria-label="Zoom out" title="Zoom out (−)" onclick={zoom_button(0.8)}>{"\u{2212}"}</button>
                <button type="button" id="zoom-in" aria-label="Zoom in" title="Zoom in (+)" onclick={zoom_button(1.25)}>{"+"}</button>
                <button type="button" id="zoom-fit" onclick={onfit}>{"Fit"}</button>
                <button type="button" id="diagram-large" onclick={onlarge}>
                    {if *large { "Close large view" } else { "Large view" }}
                </button>
            </div>
            <div id="diagram" class={classes!("diagram", (!props.current).then_some("stale"))} ref={holder.clone()}
                data-revision={props.revision.to_string()} data-view={view.as_str()}
                tabindex="0" role="application" aria-roledescription="diagram"
                aria-label={format!("{} diagram, {count} boxes. Arrow keys move between boxes, Enter selects one; + and − zoom.",
                    if architecture { "Architecture" } else { "All resources" })}
                aria-activedescendant={(*active).as_ref().filter(|id| topology.node(id).is_some()).map(|id| format!("dn-{id}"))}
                {onclick} {onkeydown} {onpointerdown} {onpointermove}
                onpointerup={onpointerup.clone()} onpointercancel={onpointerup}>
            </div>
            <p class="visually-hidden" id="diagram-active" aria-live="polite">{announce.unwrap_or_default()}</p>
            {details.unwrap_or_default()}
            if !architecture {
                {Html::from_html_unchecked(AttrValue::Static(KEY))}
            }
        </div>
    };
    html! {
        <section class="panel topology" aria-labelledby="h-topology">
            <header class="panel-head">
                <h2 id="h-topology">{"Topology"}</h2>
                <span class="downloads">
                    <button type="button" id="download-svg" onclick={download("svg")}>{"Download diagram (SVG)"}</button>
                    <button type="button" id="download-dot" onclick={download("dot")}>{"DOT"}</button>
                    <button type="button" id="download-mermaid" onclick={download("mmd")}>{"Mermaid"}</button>
                </span>
            </header>
            if *large {
                <dialog class="diagram-dialog" ref={dialog} aria-label="Topology, large view" {onclose}>
                    {frame}
                </dialog>
            } else {
                {frame}
            }
            if let Some(m) = &marked {
                <p class="diagram-changes" id="diagram-legend">
                    {"Against the deployed template: \u{21bb} replaced, ~ updated in place, + added."}
                    if architecture {{" A box shows the strongest change of what it holds."}}
                </p>
                if !m.removed.is_empty() {
                    <p class="diagram-changes" id="diagram-removed">
                        {format!("Removed: {}.", m.removed.join(", "))}
                    </p>
                }
            }
            <p class="help">{"Tab to the diagram, move with the arrow keys and press Enter (or click a box) to find it in the template and see what it holds. Drag to pan; Ctrl+wheel or pinch to zoom."}</p>
        </section>
    }
}

/// Zooms the holder's view by `factor` about `at` (pixels from its corner; the centre if none).
fn zoom_by(el: &web_sys::Element, live: &Rc<RefCell<Live>>, factor: f64, at: Option<(f64, f64)>) {
    let (cw, ch) = dom::holder_size(el);
    let (px, py) = at.unwrap_or((cw / 2.0, ch / 2.0));
    let mut l = live.borrow_mut();
    if let Some(vp) = l.vp {
        let vp = vp.zoom(factor, px, py);
        l.vp = Some(vp);
        dom::apply(el, vp);
    }
}
