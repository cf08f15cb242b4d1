//! The list of services: one card each, with add, remove and reorder.

use std::rc::Rc;

use fargate_stack::config::Service;
use yew::prelude::*;

use super::calls_field::Peer;
use super::field_frame::messages;
use super::service_form::ServiceForm;
use super::{use_problems, EntryEdit, FieldInput};

/// Props of [`ServicesForm`].
#[derive(Properties, PartialEq)]
pub struct ServicesFormProps {
    /// The services.
    pub services: Vec<Service>,
    /// Whether the stack has a bucket.
    pub has_bucket: bool,
    /// The last valid output (each service's variables are read from its template).
    #[prop_or_default]
    pub template: Option<Rc<crate::state::Output>>,
    /// Field edits.
    pub onset: Callback<FieldInput>,
    /// Map edits.
    pub onentry: Callback<EntryEdit>,
    /// Append a service.
    pub onadd: Callback<()>,
    /// Move a service (from, to).
    pub onmove: Callback<(usize, usize)>,
    /// Remove a service.
    pub onremove: Callback<usize>,
}

/// All services.
#[function_component]
pub fn ServicesForm(props: &ServicesFormProps) -> Html {
    let problems = use_problems();
    let count = props.services.len();
    let onadd = super::on_click(&props.onadd);
    let peers: Rc<Vec<Peer>> = Rc::new(
        props
            .services
            .iter()
            .map(|s| Peer {
                name: s.name.clone(),
                kind: s.kind,
                port: s.container_port,
            })
            .collect(),
    );
    html! {
        <section class="section" aria-labelledby="h-services" data-path="services" tabindex="-1">
            // Focusable by script: where focus goes after a service is removed.
            <h2 id="h-services" tabindex="-1">{"Services"}</h2>
            {messages("services", problems.at("services"))}
            { for props.services.iter().enumerate().map(|(i, s)| html! {
                <ServiceForm index={i} {count} service={s.clone()} has_bucket={props.has_bucket}
                    connections={Rc::new(props.template.as_ref().map(|o| crate::runbook::connections(&o.generated.template, s)).unwrap_or_default())}
                    peers={peers.clone()} onset={props.onset.clone()} onentry={props.onentry.clone()}
                    onmove={props.onmove.clone()} onremove={props.onremove.clone()} />
            }) }
            <button type="button" id="add-service" onclick={onadd}>{"+ Add service"}</button>
        </section>
    }
}
