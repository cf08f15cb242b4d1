//! The template JSON, read-only and highlighted, with its size, resource count, copy and the
//! download (disabled, with the problem count, while the config is invalid).

use std::rc::Rc;

use yew::prelude::*;

use crate::highlight::Chunk;

/// Props of [`JsonView`].
#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    /// Highlighted, escaped markup of the JSON, in keyed chunks.
    pub html: Rc<Vec<Chunk>>,
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

/// Thousands separators for byte counts (the core's, as its messages write them).
pub use fargate_stack::quota::thousands as grouped;

/// The JSON panel.
#[function_component]
pub fn JsonView(props: &JsonViewProps) -> Html {
    let oncopy = {
        let oncopy = props.oncopy.clone();
        Callback::from(move |_: MouseEvent| oncopy.emit(()))
    };
    let ondownload = {
        let ondownload = props.ondownload.clone();
        Callback::from(move |_: MouseEvent| ondownload.emit(()))
    };
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
                // One raw block per chunk, keyed: Yew skips a block whose markup is unchanged,
                // so an edit re-parses only the entries it touched.
                <code>{ for props.html.iter().map(|c| html! {
                    <span key={c.key.clone()}>{ Html::from_html_unchecked(AttrValue::from(c.html.clone())) }</span>
                }) }</code>
            </pre>
        </section>
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
