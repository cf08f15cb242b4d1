//! The summary of every problem, each a button that takes the user to its field, named as the
//! form names it ("Service 2 (api) › Name"); the path stays in a `data-path` attribute.

use fargate_stack::FieldError;
use yew::prelude::*;

/// Props of [`ProblemsPanel`].
#[derive(Properties, PartialEq)]
pub struct ProblemsPanelProps {
    /// Every problem.
    pub problems: Vec<FieldError>,
    /// The config, for the names of services in the places.
    pub config: std::rc::Rc<fargate_stack::Config>,
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
                    let place = crate::labels::place(&e.path, &props.config);
                    html! {
                        <li><button type="button" class="link" {onclick} data-path-of={e.path.clone()}>
                            <strong class="place">{place}</strong>{": "}{&e.message}
                        </button></li>
                    }
                }) }
            </ul>
        </div>
    }
}
