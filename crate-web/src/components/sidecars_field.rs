//! A service's sidecars as rows: name, image, port, cpu, memory, essential, start first.

use fargate_stack::config::Sidecar;
use serde_json::json;
use yew::prelude::*;

use super::fields::{Check, Fields, Number, Text};
use super::rows::{json_items, ItemList};
use super::{unshown, FieldInput};
use crate::state::Problems;

/// The fields a row shows; problems elsewhere in a sidecar (its environment, secrets or
/// command, from a loaded config) are listed at the row.
const SHOWN: [&str; 7] = [
    "name",
    "image",
    "containerPort",
    "cpu",
    "memory",
    "essential",
    "startBeforeMain",
];

/// The first of `sidecar`, `sidecar-2`, ... that no container of the task has.
fn free_name(main: &str, sidecars: &[Sidecar]) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                "sidecar".to_owned()
            } else {
                format!("sidecar-{n}")
            }
        })
        .find(|n| n != main && sidecars.iter().all(|s| s.name != *n))
        .unwrap_or_default()
}

/// Editable sidecar rows for the list at `path` of the service whose container is `main`.
pub fn sidecars_field(
    problems: &Problems,
    path: &str,
    main: &str,
    sidecars: &[Sidecar],
    onset: &Callback<FieldInput>,
) -> Html {
    let list = ItemList {
        path,
        items: json_items(sidecars),
        onset,
    };
    let rows = sidecars.iter().enumerate().map(|(k, sc)| {
        let base = format!("{path}[{k}]");
        let f = Fields { base: &base, onset };
        let fields = html! { <>
            {f.text(&Text { field: "name", label: "Name", help: "", placeholder: "", optional: false, wide: false },
                &sc.name, None)}
            {f.text(&Text { field: "image", label: "Image", help: "", placeholder: "public.ecr.aws/…:tag", optional: false, wide: false },
                &sc.image, None)}
            {f.number(&Number { field: "containerPort", label: "Port", min: 1, max: 65535, optional: true,
                help: "On localhost" }, sc.container_port, None)}
            {f.number(&Number { field: "cpu", label: "CPU units", min: 0, max: 16384, optional: true,
                help: "Out of the task's" }, sc.cpu, None)}
            {f.number(&Number { field: "memory", label: "Memory (MiB)", min: 6, max: 122_880, optional: true,
                help: "Out of the task's" }, sc.memory, None)}
            {f.check(&Check { field: "essential", label: "Essential",
                help: "The task stops when it stops." }, sc.essential)}
            {f.check(&Check { field: "startBeforeMain", label: "Start before main",
                help: "The main container waits for it." }, sc.start_before_main)}
        </> };
        list.item(k, "Sidecar", unshown(problems, &base, &SHOWN), fields)
    });
    let new = json!({ "name": free_name(main, sidecars) });
    list.fieldset(
        problems,
        (
            "Sidecars",
            "More containers in the task (a proxy, an agent); their CPU and memory come out of the task's.",
            "+ Add sidecar",
        ),
        new,
        rows.collect::<Html>(),
    )
}
