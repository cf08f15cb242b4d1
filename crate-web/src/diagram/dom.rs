//! The diagram's few DOM operations: the SVG's `viewBox` (zoom and pan change only that
//! attribute, the markup is never redrawn for them), the nodes' boxes for the arrow keys, the
//! active node's class, and the jump from a node to the form section that controls it.

use wasm_bindgen::JsCast;

use super::{Box4, FormTarget, Viewport};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The holder's size in CSS pixels (never zero, so a hidden holder cannot divide by zero).
pub fn holder_size(holder: &web_sys::Element) -> (f64, f64) {
    (
        f64::from(holder.client_width().max(1)),
        f64::from(holder.client_height().max(1)),
    )
}

/// The drawing's own size, from the `width` and `height` the core wrote on the SVG.
pub fn natural_size(holder: &web_sys::Element) -> Option<(f64, f64)> {
    let svg = holder.first_element_child()?;
    let num = |name| svg.get_attribute(name)?.parse::<f64>().ok();
    Some((num("width")?, num("height")?))
}

/// Whether the holder's SVG already has a view box set by [`apply`] (a patched SVG keeps it).
pub fn has_view(holder: &web_sys::Element) -> bool {
    holder
        .first_element_child()
        .is_some_and(|svg| svg.has_attribute("data-scale"))
}

/// Shows `vp` in the holder: one attribute on the SVG.
pub fn apply(holder: &web_sys::Element, vp: Viewport) {
    let (cw, ch) = holder_size(holder);
    if let Some(svg) = holder.first_element_child() {
        let _ = svg.set_attribute("viewBox", &vp.view_box(cw, ch));
        let _ = svg.set_attribute("data-scale", &format!("{:.3}", vp.scale));
    }
}

/// A pointer's position relative to the holder's top left corner.
pub fn offset(holder: &web_sys::Element, client_x: f64, client_y: f64) -> (f64, f64) {
    let r = holder.get_bounding_client_rect();
    (client_x - r.left(), client_y - r.top())
}

/// The nodes in document order: their logical ids and boxes (from each node's first `rect`).
pub fn node_boxes(holder: &web_sys::Element) -> Vec<(String, Box4)> {
    let Ok(list) = holder.query_selector_all("g.fs-node[data-id]") else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.length() as usize);
    for i in 0..list.length() {
        let Some(g) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let (Some(id), Ok(Some(rect))) = (g.get_attribute("data-id"), g.query_selector("rect"))
        else {
            continue;
        };
        let num = |name| {
            rect.get_attribute(name)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        out.push((id, (num("x"), num("y"), num("width"), num("height"))));
    }
    out
}

/// Moves the class `class` to the node `id` (or takes it away from every node).
pub fn set_class(holder: &web_sys::Element, class: &str, id: Option<&str>) {
    if let Ok(list) = holder.query_selector_all(&format!(".{class}")) {
        for i in 0..list.length() {
            if let Some(e) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = e.class_list().remove_1(class);
            }
        }
    }
    if let Some(e) = id
        .and_then(|id| document()?.get_element_by_id(&format!("dn-{id}")))
        .filter(|e| holder.contains(Some(e)))
    {
        let _ = e.class_list().add_1(class);
    }
}

/// The services' names as the form shows them, in config order.
pub fn service_names() -> Vec<String> {
    let Some(doc) = document() else {
        return Vec::new();
    };
    (0..)
        .map_while(|i| {
            let el = doc
                .query_selector(&format!("[data-path=\"services[{i}].name\"]"))
                .ok()??;
            Some(
                el.dyn_ref::<web_sys::HtmlInputElement>()
                    .map(web_sys::HtmlInputElement::value)
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Opens, scrolls to and focuses the form section `target` (its heading). Headings are not
/// focusable by default, so they become focusable from script only (tabindex -1): the Tab
/// order does not change.
pub fn focus_form(target: &FormTarget) -> bool {
    let Some(doc) = document() else {
        return false;
    };
    let id = match target {
        FormTarget::Section(id) => Some((*id).to_owned()),
        FormTarget::Service(i) => doc
            .query_selector(&format!("[data-path=\"services[{i}]\"]"))
            .ok()
            .flatten()
            .and_then(|a| a.get_attribute("aria-labelledby")),
    };
    let Some(heading) = id.as_deref().and_then(|id| doc.get_element_by_id(id)) else {
        return false;
    };
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    id.is_some_and(|id| crate::browser::focus_id(&id))
}

/// Opens `dialog` as a modal (full window, by the stylesheet).
pub fn show_modal(dialog: &web_sys::Element) {
    if let Some(d) = dialog.dyn_ref::<web_sys::HtmlDialogElement>() {
        if !d.open() {
            let _ = d.show_modal();
        }
    }
}

/// Closes `dialog` (its `close` event then takes the page back to the inline diagram).
pub fn close(dialog: &web_sys::Element) {
    if let Some(d) = dialog.dyn_ref::<web_sys::HtmlDialogElement>() {
        d.close();
    }
}
