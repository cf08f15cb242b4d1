//! The thin layer over the browser: local storage, the URL fragment, downloads, the clipboard,
//! files and focus. Every call tolerates a missing API (private windows without storage, a
//! clipboard that is refused) by returning an error or doing nothing: never a panic.

use wasm_bindgen::{JsCast, JsValue};

/// The local-storage key holding the config being edited.
pub const STORAGE_KEY: &str = "fargate-stack.config";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The session-storage key holding what this tab last wrote (see [`store`]).
const TAB_KEY: &str = "fargate-stack.tab";

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

fn tab_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok()?
}

/// The stored config JSON, if any.
pub fn load_stored() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Stores the config JSON (quietly skipped when storage is unavailable or full): in local
/// storage, for the next visit, and in this tab's session storage with the fragment written
/// for it and the one it replaced. A reload that races the delayed save starts from the
/// replaced fragment; [`own_config`] tells that apart from a share link. Session storage is
/// per tab, so a link opened in another tab, or another tab's edits, never count as this
/// tab's own.
pub fn store(json: &str, fragment: &str, replaced: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, json);
    }
    if let Some(tab) = tab_storage() {
        let _ = tab.set_item(TAB_KEY, &format!("{fragment}\n{replaced}\n{json}"));
    }
}

/// The config this tab last stored, when `fragment` is the one it wrote for it or the one
/// just before.
pub fn own_config(fragment: &str) -> Option<String> {
    let kept = tab_storage()?.get_item(TAB_KEY).ok()??;
    let mut parts = kept.splitn(3, '\n');
    let (written, replaced, json) = (parts.next()?, parts.next()?, parts.next()?);
    (fragment == written || fragment == replaced).then(|| json.to_owned())
}

/// Marks the page with the config revision last written to the fragment and storage.
pub fn mark_saved(revision: u64) {
    mark("data-saved-revision", &revision.to_string());
}

/// Sets `attribute` of the page's main element (the marks tests wait for).
fn mark(attribute: &str, value: &str) {
    if let Ok(Some(main)) = document().map_or(Ok(None), |d| d.query_selector("main.layout")) {
        let _ = main.set_attribute(attribute, value);
    }
}

/// Marks the page with the time (ms since navigation) its idle warm-up ended
/// (`data-warmed`, see [`crate::warm`]), for the timing figures.
pub fn mark_warmed() {
    mark("data-warmed", &format!("{:.0}", now_ms()));
}

/// The URL's fragment, `#` included.
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without its fragment.
pub fn base_url() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.find('#') {
        Some(i) => href[..i].to_owned(),
        None => href,
    }
}

/// Replaces the fragment without adding a history entry (one per keystroke would bury Back).
pub fn replace_hash(fragment: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(fragment));
    }
}

/// Offers `text` as a download called `filename`, byte for byte.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser refused to make the file".to_owned())?;
    download_blob(filename, &blob)
}

fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| "the browser refused to make a download link".to_owned())?;
    let anchor = document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| "no document".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a moment later is safe.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), String> {
    let clipboard = window()
        .ok_or_else(|| "no window".to_owned())?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "the browser refused the clipboard; select the text and press Ctrl+C".to_owned()
        })
}

/// Reads a chosen file as text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("could not read {}", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{} is not text", file.name()))
}

/// Quotes `value` for a CSS attribute selector.
fn css_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\a "),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Focuses the input for config `path` (or the nearest enclosing field that exists), opening
/// any collapsed group around it. Returns whether something was found.
pub fn focus_path(path: &str) -> bool {
    let Some(doc) = document() else {
        return false;
    };
    let mut candidate = path.to_owned();
    loop {
        let selector = format!("[data-path={}]", css_string(&candidate));
        if let Ok(Some(element)) = doc.query_selector(&selector) {
            reveal_and_focus(&element);
            return true;
        }
        // `services[1].autoScaling.cpuTarget` -> `services[1].autoScaling` -> `services[1]`
        match candidate.rfind(['.', '[']) {
            Some(i) if i > 0 => candidate.truncate(i),
            _ => return false,
        }
    }
}

/// Focuses the element with `id` (scrolled into view, any collapsed group around it opened).
pub fn focus_id(id: &str) -> bool {
    let Some(element) = document().and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    reveal_and_focus(&element);
    true
}

fn reveal_and_focus(element: &web_sys::Element) {
    let mut at = element.parent_element();
    while let Some(e) = at {
        if e.tag_name().eq_ignore_ascii_case("details") {
            let _ = e.set_attribute("open", "");
        }
        at = e.parent_element();
    }
    scroll_to(element);
    if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    }
}

fn scroll_to(element: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Scrolls the element with `id` into view and flashes it (the diagram's jump to the JSON).
pub fn flash(id: &str) -> bool {
    let Some(element) = document().and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    scroll_to(&element);
    let classes = element.class_list();
    let _ = classes.remove_1("flash");
    // Re-adding after a frame restarts the animation when the same node is clicked twice.
    gloo::timers::callback::Timeout::new(16, move || {
        let _ = classes.add_1("flash");
    })
    .forget();
    true
}

/// The `data-id` of the diagram node an event happened in, if any.
pub fn node_id(event: &web_sys::Event) -> Option<String> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("[data-id]").ok()??.get_attribute("data-id")
}

/// Runs `f` once, after `ms` milliseconds. Unlike a `gloo` timeout there is no handle: the
/// closure frees itself once it has run, so `f` may arm the next one (a handle would have to be
/// dropped from inside its own callback).
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
    }
}

thread_local! {
    /// What [`drop_later`] keeps until the page is idle.
    static LATER: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// At most this many values wait for an idle moment; beyond, the oldest goes at once.
const LATER_LIMIT: usize = 16;

/// Drops `value` once the page is idle instead of now: freeing the last template (its
/// resources, JSON and drawings are thousands of allocations) is not something a keystroke has
/// to wait for. Without a page (native tests) it is dropped at once.
pub fn drop_later(value: impl std::any::Any) {
    if window().is_none() {
        return;
    }
    let (first, over) = LATER.with(|l| {
        let mut l = l.borrow_mut();
        l.push(Box::new(value));
        let over = (l.len() > LATER_LIMIT).then(|| l.remove(0));
        (l.len() == 1, over)
    });
    drop(over);
    if first {
        when_idle(|| {
            // Taken out first: a drop must not run while the list is borrowed.
            let all = LATER.with(|l| std::mem::take(&mut *l.borrow_mut()));
            drop(all);
        });
    }
}

/// Runs `f` once, the next time the page is idle (nothing when there is no page).
pub fn when_idle(f: impl FnOnce() + 'static) {
    while_idle(|_| f());
}

/// Runs `f` once, the next time the page is idle, handing it a clock of the milliseconds that
/// idle period has left (nothing when there is no page).
pub fn while_idle(f: impl FnOnce(&dyn Fn() -> f64) + 'static) {
    if let Some(w) = window() {
        let f = wasm_bindgen::closure::Closure::once_into_js(move |deadline: JsValue| {
            let left = || {
                deadline
                    .dyn_ref::<web_sys::IdleDeadline>()
                    .map_or(0.0, web_sys::IdleDeadline::time_remaining)
            };
            f(&left);
        });
        let _ = w.request_idle_callback(f.unchecked_ref());
    }
}

/// Milliseconds since navigation started (for the status line's timing).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Installs `css` as the page's one constructed style sheet (see `diagram` for why), replacing
/// the previous rules.
pub fn adopt_css(css: &str) {
    thread_local! {
        static SHEET: std::cell::RefCell<Option<web_sys::CssStyleSheet>> = const { std::cell::RefCell::new(None) };
    }
    let Some(doc) = document() else {
        return;
    };
    SHEET.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            if let Ok(sheet) = web_sys::CssStyleSheet::new() {
                doc.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
                *slot = Some(sheet);
            }
        }
        if let Some(sheet) = slot.as_ref() {
            let _ = sheet.replace_sync(css);
        }
    });
}

/// Shows the diagram `new` in `holder`, which shows `old`: only the elements that changed are
/// swapped (see [`crate::diagram::plan`]); anything unexpected on the page means a full redraw.
pub fn show_diagram(holder: &web_sys::Element, old: &str, new: &str) {
    let patched = crate::diagram::plan(old, new).is_some_and(|edits| {
        holder
            .first_element_child()
            .is_some_and(|svg| apply_edits(&svg, &edits))
    });
    if !patched {
        holder.set_inner_html(new);
    }
}

/// Applies `edits` to the live SVG; false when the page's SVG is not the one they were planned
/// for (then nothing is half-done that a full redraw would not replace).
fn apply_edits(svg: &web_sys::Element, edits: &[crate::diagram::Edit]) -> bool {
    use crate::diagram::Edit;
    let child = |parent: &web_sys::Element, i: usize| {
        u32::try_from(i)
            .ok()
            .and_then(|i| parent.children().item(i))
    };
    for edit in edits {
        let done = match edit {
            Edit::Replace { at: (i, j), markup } => {
                let target = child(svg, *i).and_then(|top| match j {
                    Some(j) => child(&top, *j),
                    None => Some(top),
                });
                target.map(|el| el.set_outer_html(markup)).is_some()
            }
            Edit::Text { at: (i, j), text } => child(svg, *i)
                .and_then(|top| match j {
                    Some(j) => child(&top, *j),
                    None => Some(top),
                })
                .map(|el| el.set_text_content(Some(text)))
                .is_some(),
            Edit::Append { parent, markup } => child(svg, *parent)
                .and_then(|el| el.insert_adjacent_html("beforeend", markup).ok())
                .is_some(),
            Edit::Truncate { parent, len } => child(svg, *parent)
                .map(|el| {
                    let keep = u32::try_from(*len).unwrap_or(u32::MAX);
                    while el.child_element_count() > keep {
                        match el.last_element_child() {
                            Some(last) => last.remove(),
                            None => break,
                        }
                    }
                })
                .is_some(),
        };
        if !done {
            return false;
        }
    }
    true
}
