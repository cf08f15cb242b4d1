//! A collapsible group of fields that opens itself when a problem lies inside it, so no
//! problem is ever hidden behind a closed section.

use yew::prelude::*;

use super::use_problems;

/// Props of [`Group`].
#[derive(Properties, PartialEq)]
pub struct GroupProps {
    /// Heading.
    pub title: AttrValue,
    /// Config paths inside this group (any problem under one opens it).
    pub prefixes: Vec<AttrValue>,
    /// Open before the user touches it.
    #[prop_or_default]
    pub open: bool,
    /// The fields.
    pub children: Html,
}

/// A `<details>` group of fields.
#[function_component]
pub fn Group(props: &GroupProps) -> Html {
    let problems = use_problems();
    let user_open = use_state(|| props.open);
    let has_problem = props.prefixes.iter().any(|p| problems.any_within(p));
    let ontoggle = {
        let user_open = user_open.clone();
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            if let Some(d) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                user_open.set(d.has_attribute("open"));
            }
        })
    };
    html! {
        <details class={classes!("group", has_problem.then_some("has-problem"))}
            open={*user_open || has_problem} {ontoggle}>
            <summary>{&props.title}
                if has_problem { <span class="badge">{"needs attention"}</span> }
            </summary>
            <div class="fields">{props.children.clone()}</div>
        </details>
    }
}
