//! The summary of every problem, each a button that takes the user to its field.

use fargate_stack::FieldError;
use yew::prelude::*;

/// Props of [`ProblemsPanel`].
#[derive(Properties, PartialEq)]
pub struct ProblemsPanelProps {
    /// Every problem.
    pub problems: Vec<FieldError>,
    /// Go to the field at a path.
    pub onfocus: Callback<String>,
}

/// "N problems" with a list, or a ready message.
#[function_component]
pub fn ProblemsPanel(props: &ProblemsPanelProps) -> Html {
    let n = props.problems.len();
    if n == 0 {
        return html! {
            <div class="problems ok" id="problems" data-count="0" role="status">
                {"No problems: the template is valid and ready to deploy."}
            </div>
        };
    }
    html! {
        <div class="problems" id="problems" data-count={n.to_string()}>
            <h2>{format!("{n} problem{} to fix before download", if n == 1 { "" } else { "s" })}</h2>
            <ul>
                { for props.problems.iter().map(|e| {
                    let onclick = {
                        let (onfocus, path) = (props.onfocus.clone(), e.path.clone());
                        Callback::from(move |_: MouseEvent| onfocus.emit(path.clone()))
                    };
                    let place = if e.path.is_empty() { "config".to_owned() } else { e.path.clone() };
                    html! {
                        <li><button type="button" class="link" {onclick}>
                            <code>{place}</code>{": "}{&e.message}
                        </button></li>
                    }
                }) }
            </ul>
        </div>
    }
}
