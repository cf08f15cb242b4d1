//! A collapsible group of fields that opens itself when a problem appears inside it, so a new
//! problem is never hidden behind a closed section (the user may close it again).

use yew::prelude::*;

use super::use_problems;

/// Props of [`Group`].
#[derive(Properties, PartialEq)]
pub struct GroupProps {
    /// Heading.
    pub title: AttrValue,
    /// Config paths inside this group (any problem under one opens it).
    pub prefixes: Vec<AttrValue>,
    /// Open when first shown.
    #[prop_or_default]
    pub open: bool,
    /// The fields.
    pub children: Html,
}

/// A `<details>` group of fields.
#[function_component]
pub fn Group(props: &GroupProps) -> Html {
    let problems = use_problems();
    let node = use_node_ref();
    // The DOM owns the open state (the user toggles it); the initial value is only a start.
    let initially_open = use_state(|| props.open);
    let has_problem = props.prefixes.iter().any(|p| problems.any_within(p));
    {
        let node = node.clone();
        use_effect_with(has_problem, move |has_problem| {
            if *has_problem {
                if let Some(details) = node.cast::<web_sys::Element>() {
                    let _ = details.set_attribute("open", "");
                }
            }
        });
    }
    html! {
        <details class={classes!("group", has_problem.then_some("has-problem"))} ref={node}
            open={*initially_open}>
            <summary>{&props.title}
                if has_problem { <span class="badge">{"needs attention"}</span> }
            </summary>
            <div class="fields">{props.children.clone()}</div>
        </details>
    }
}
