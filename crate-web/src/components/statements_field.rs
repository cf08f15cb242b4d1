//! A service's extra task-role statements as rows: the actions allowed on the resources.

use fargate_stack::config::PolicyStatement;
use serde_json::json;
use yew::prelude::*;

use super::rows::{json_items, ItemList};
use super::split_list_field::SplitListField;
use super::{unshown, FieldInput};
use crate::state::Problems;

/// Editable statement rows for the list at `path`.
pub fn statements_field(
    problems: &Problems,
    path: &str,
    statements: &[PolicyStatement],
    onset: &Callback<FieldInput>,
) -> Html {
    let list = ItemList {
        path,
        items: json_items(statements),
        onset,
    };
    let rows = statements.iter().enumerate().map(|(k, st)| {
        let base = format!("{path}[{k}]");
        let p = |field: &str| AttrValue::from(format!("{base}.{field}"));
        let fields = html! { <>
            <SplitListField path={p("actions")} label="Allow actions" items={st.actions.clone()}
                placeholder="dynamodb:GetItem, dynamodb:PutItem" onset={onset.clone()} />
            <SplitListField path={p("resources")} label="On resources" items={st.resources.clone()}
                placeholder="arn:aws:dynamodb:eu-west-1:123456789012:table/orders" onset={onset.clone()} />
        </> };
        list.item(
            k,
            "Statement",
            unshown(problems, &base, &["actions", "resources"]),
            fields,
        )
    });
    list.fieldset(
        problems,
        (
            "Task role permissions",
            "Extra statements for the task role; comma or new line between items.",
            "+ Add statement",
        ),
        json!({ "actions": [], "resources": [] }),
        rows.collect::<Html>(),
    )
}
