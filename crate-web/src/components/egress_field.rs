//! A service's extra outbound rules as rows: destination range, a port or a range of ports,
//! protocol, description.

use fargate_stack::config::EgressRule;
use serde_json::{json, Value};
use yew::prelude::*;

use super::field_frame::{described_by, messages};
use super::fields::{Fields, Select, Text};
use super::network_form::spelling;
use super::rows::{json_items, ItemList};
use super::select_field::labelled;
use super::{event_value, field_id, unshown, FieldInput};
use crate::state::Problems;

/// A rule's port, fromPort and toPort.
pub type Ports = (Option<u32>, Option<u32>, Option<u32>);

/// How a rule's ports read in its one input: `443`, `8000-8100`, or nothing.
pub fn ports_text(rule: &EgressRule) -> String {
    match (rule.port, rule.from_port, rule.to_port) {
        (Some(p), _, _) => p.to_string(),
        (None, Some(a), Some(b)) => format!("{a}-{b}"),
        (None, Some(a), None) => format!("{a}-"),
        (None, None, Some(b)) => format!("-{b}"),
        (None, None, None) => String::new(),
    }
}

/// `443` -> port; `8000-8100` -> fromPort and toPort; empty -> neither (the core says what is
/// missing); anything else is not a value yet.
pub fn parse_ports(text: &str) -> Result<Ports, String> {
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let t = text.trim();
    if t.is_empty() {
        return Ok((None, None, None));
    }
    if let Some(p) = number(t) {
        return Ok((Some(p), None, None));
    }
    match t.split_once('-').map(|(a, b)| (number(a), number(b))) {
        Some((Some(a), Some(b))) => Ok((None, Some(a), Some(b))),
        _ => Err(format!(
            "`{t}` is not a port or a range; write one port like 443 or a range like 8000-8100"
        )),
    }
}

/// Editable egress rows for the list at `path`.
pub fn egress_field(
    problems: &Problems,
    path: &str,
    rules: &[EgressRule],
    onset: &Callback<FieldInput>,
) -> Html {
    let list = ItemList {
        path,
        items: json_items(rules),
        onset,
    };
    let rows = rules.iter().enumerate().map(|(k, rule)| {
        let base = format!("{path}[{k}]");
        let f = Fields { base: &base, onset };
        // One input for port, fromPort and toPort; it sets the whole rule, so a range never
        // sits beside a stale single port.
        let ports_path = format!("{base}.port");
        let onports = {
            let (onset, base, ports_path) = (onset.clone(), base.clone(), ports_path.clone());
            let rule = list.items.get(k).cloned().unwrap_or(Value::Null);
            Callback::from(move |e: InputEvent| {
                let text = event_value(&e);
                onset.emit(match parse_ports(&text) {
                    Ok((port, from, to)) => {
                        let mut rule = rule.clone();
                        if let Some(r) = rule.as_object_mut() {
                            for (key, v) in [("port", port), ("fromPort", from), ("toPort", to)] {
                                r.insert(key.into(), json!(v));
                            }
                        }
                        FieldInput {
                            path: base.clone(),
                            value: Ok(rule),
                        }
                    }
                    Err(message) => FieldInput {
                        path: ports_path.clone(),
                        value: Err((text, message)),
                    },
                });
            })
        };
        let ports_errors: Vec<String> = ["port", "fromPort", "toPort"]
            .iter()
            .flat_map(|f| problems.at(&format!("{base}.{f}")).to_vec())
            .collect();
        let ports_shown = problems
            .drafts
            .get(&ports_path)
            .cloned()
            .unwrap_or_else(|| ports_text(rule));
        let ports_id = field_id(&ports_path);
        let ports_invalid = !ports_errors.is_empty();
        let fields = html! { <>
            {f.text(&Text { field: "cidr", label: "To (CIDR)", help: "", placeholder: "10.20.0.0/16", optional: false, wide: false },
                &rule.cidr, None)}
            <div class={classes!("field", ports_invalid.then_some("invalid"))}>
                <label for={ports_id.clone()}>{"Port or range"}</label>
                <input type="text" id={ports_id} data-path={ports_path.clone()} value={ports_shown}
                    placeholder="443 or 8000-8100" spellcheck="false" autocomplete="off"
                    aria-invalid={ports_invalid.then_some("true")}
                    aria-describedby={described_by(&ports_path, false, ports_invalid)} oninput={onports} />
                {messages(&ports_path, &ports_errors)}
            </div>
            {f.select(&Select { field: "protocol", label: "Protocol", help: "", numeric: false },
                &spelling(&rule.protocol), None, labelled(&[("tcp", "tcp"), ("udp", "udp")]))}
            {f.text(&Text { field: "description", label: "Description", help: "", placeholder: "the payment provider", optional: false, wide: false },
                &rule.description, None)}
        </> };
        let errors = unshown(
            problems,
            &base,
            &["cidr", "port", "fromPort", "toPort", "protocol", "description"],
        );
        list.item(k, "Rule", errors, fields)
    });
    list.fieldset(
        problems,
        (
            "Egress",
            "Outbound rules beyond HTTPS, the database and the services called.",
            "+ Add rule",
        ),
        json!({ "cidr": "" }),
        rows.collect::<Html>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_round_trip() {
        assert_eq!(parse_ports(" 443 "), Ok((Some(443), None, None)));
        assert_eq!(parse_ports("8000-8100"), Ok((None, Some(8000), Some(8100))));
        assert_eq!(parse_ports(""), Ok((None, None, None)));
        assert!(parse_ports("80-").is_err());
        assert!(parse_ports("http").is_err());
        let rule = EgressRule {
            from_port: Some(1),
            to_port: Some(2),
            ..EgressRule::default()
        };
        assert_eq!(ports_text(&rule), "1-2");
    }
}
