//! A service's sidecars as rows: name, image, port, cpu, memory, essential, start first.

use fargate_stack::config::Sidecar;
use serde_json::json;
use yew::prelude::*;

use super::check_field::CheckField;
use super::number_field::NumberField;
use super::rows::{json_items, ItemList};
use super::text_field::TextField;
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
        let p = |field: &str| AttrValue::from(format!("{base}.{field}"));
        let fields = html! { <>
            <TextField path={p("name")} label="Name" value={AttrValue::from(sc.name.clone())}
                onset={onset.clone()} />
            <TextField path={p("image")} label="Image" value={AttrValue::from(sc.image.clone())}
                placeholder="public.ecr.aws/…:tag" onset={onset.clone()} />
            <NumberField path={p("containerPort")} label="Port" value={sc.container_port} optional=true
                min={1} max={65535} help="On localhost" onset={onset.clone()} />
            <NumberField path={p("cpu")} label="CPU units" value={sc.cpu} optional=true
                min={0} max={16384} help="Out of the task's" onset={onset.clone()} />
            <NumberField path={p("memory")} label="Memory (MiB)" value={sc.memory} optional=true
                min={6} max={122_880} help="Out of the task's" onset={onset.clone()} />
            <CheckField path={p("essential")} label="Essential" checked={sc.essential}
                help="The task stops when it stops." onset={onset.clone()} />
            <CheckField path={p("startBeforeMain")} label="Start before main" checked={sc.start_before_main}
                help="The main container waits for it." onset={onset.clone()} />
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
