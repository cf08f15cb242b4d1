//! The services one service calls: a checkbox per service it may call (never itself or a
//! job; a job only workers), each ticked one with the variable the call gives the container.

use fargate_stack::config::ServiceKind;
use serde_json::Value;
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::{event_checked, field_id, FieldInput};
use crate::state::Problems;

/// What a service needs to know of the others to offer them as calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: ServiceKind,
    /// Its container port.
    pub port: u32,
}

/// The variable a call to `peer` gives the caller's container.
pub fn variable(peer: &Peer) -> String {
    let variable = fargate_stack::config::call_variable(&peer.name, peer.kind);
    if peer.kind == ServiceKind::Worker {
        format!("{variable} = its queue's URL")
    } else {
        format!("{variable} = http://{}:{}", peer.name, peer.port)
    }
}

/// Whether a `kind` service may call `peer`.
pub fn may_call(kind: ServiceKind, own: &str, peer: &Peer) -> bool {
    peer.name != own
        && peer.kind != ServiceKind::Job
        && (kind != ServiceKind::Job || peer.kind == ServiceKind::Worker)
}

/// Checkboxes of the services a `kind` service called `name` may call, for the list at
/// `path`.
pub fn calls_field(
    problems: &Problems,
    path: &str,
    (name, kind): (&str, ServiceKind),
    calls: &[String],
    peers: &[Peer],
    onset: &Callback<FieldInput>,
) -> Html {
    // The services it may call, then any name it calls that is not one of them (a loaded
    // config's), so it can be seen with its problem and unticked.
    let mut options: Vec<(String, Option<&Peer>)> = peers
        .iter()
        .filter(|p| may_call(kind, name, p))
        .map(|p| (p.name.clone(), Some(p)))
        .collect();
    for c in calls {
        if !options.iter().any(|(n, _)| n == c) {
            options.push((c.clone(), None));
        }
    }
    let errors = problems.at(path);
    if options.is_empty() && errors.is_empty() {
        return html! {};
    }
    let rows = options.into_iter().map(|(name, peer)| {
        let at = calls.iter().position(|c| *c == name);
        let onchange = {
            let (onset, path, calls, name) =
                (onset.clone(), path.to_owned(), calls.to_vec(), name.clone());
            Callback::from(move |e: Event| {
                let mut calls = calls.clone();
                calls.retain(|c| *c != name);
                if event_checked(&e) {
                    calls.push(name.clone());
                }
                onset.emit(FieldInput {
                    path: path.clone(),
                    value: Ok(Value::from(calls)),
                });
            })
        };
        let item = at.map(|j| format!("{path}[{j}]"));
        let id = field_id(&format!("{path}.{name}"));
        let item_errors = item
            .as_deref()
            .map(|p| problems.at(p).to_vec())
            .unwrap_or_default();
        let what = match peer.map(|p| p.kind) {
            Some(ServiceKind::Worker) => " (worker: its queue)",
            Some(ServiceKind::Backend) => " (backend)",
            Some(_) => "",
            None => " (not offered)",
        };
        html! {
            <li key={name.clone()} class={classes!((!item_errors.is_empty()).then_some("invalid"))}>
                <label for={id.clone()}>
                    <input type="checkbox" id={id} data-path={item.clone()} data-call={name.clone()}
                        checked={at.is_some()} {onchange}
                        aria-invalid={(!item_errors.is_empty()).then_some("true")}
                        aria-describedby={item.as_deref().and_then(|p| described_by(p, false, !item_errors.is_empty()))} />
                    {" "}<code>{&name}</code>{what}
                </label>
                if let (Some(_), Some(peer)) = (at, peer) {
                    {" "}<code class="var" data-var-for={name.clone()}>{variable(peer)}</code>
                }
                if let Some(item) = item {
                    {messages(&item, &item_errors)}
                }
            </li>
        }
    });
    html! {
        <fieldset class={classes!("field", "list", "calls", (!errors.is_empty()).then_some("invalid"))}
            data-path={path.to_owned()} id={field_id(path)} tabindex="-1"
            aria-describedby={described_by(path, true, !errors.is_empty())}>
            <legend>{"Calls"}</legend>
            <p class="help" id={format!("{}-help", field_id(path))}>{if kind == ServiceKind::Job {
                "Workers this job sends messages to (through their queues)."
            } else {
                "Services this one calls: Service Connect to web and backend services, a worker's queue."
            }}</p>
            {messages(path, errors)}
            <ul class="rows">{ for rows }</ul>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_and_offers() {
        let orders = Peer {
            name: "orders-api".into(),
            kind: ServiceKind::Backend,
            port: 8080,
        };
        let mailer = Peer {
            name: "mailer".into(),
            kind: ServiceKind::Worker,
            port: 80,
        };
        let nightly = Peer {
            name: "nightly".into(),
            kind: ServiceKind::Job,
            port: 80,
        };
        assert_eq!(variable(&orders), "ORDERS_API_URL = http://orders-api:8080");
        assert!(variable(&mailer).starts_with("MAILER_QUEUE_URL"));
        assert!(may_call(ServiceKind::Web, "api", &orders));
        assert!(!may_call(ServiceKind::Web, "orders-api", &orders));
        assert!(!may_call(ServiceKind::Web, "api", &nightly));
        assert!(!may_call(ServiceKind::Job, "nightly", &orders));
        assert!(may_call(ServiceKind::Job, "nightly", &mailer));
    }
}
