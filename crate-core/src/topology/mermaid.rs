//! The Mermaid export: a top-down flowchart with the groups as nested subgraphs, references
//! as dotted arrows and traffic as thick labelled arrows.
//!
//! Mermaid ids are `n_` plus the logical id when that is plain alphanumeric (it always is for
//! generated templates), else `n_` plus the node's index: user text never becomes syntax, and
//! no id can collide with a Mermaid keyword such as `end`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::{clip, escape_mermaid as q};
use super::{EdgeFamily, Topology};

pub(super) fn render(t: &Topology) -> String {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (i, n) in t.nodes.iter().enumerate() {
        let plain = !n.id.is_empty() && n.id.chars().all(|c| c.is_ascii_alphanumeric());
        let id = if plain {
            format!("n_{}", n.id)
        } else {
            match n.id.as_str() {
                super::INTERNET => "x_internet".to_owned(),
                super::IMAGE_REGISTRY => "x_registry".to_owned(),
                _ => format!("x_{i}"),
            }
        };
        ids.insert(n.id.as_str(), id);
    }
    let mut s = String::with_capacity(2048 + t.nodes.len() * 80 + t.edges.len() * 60);
    s.push_str("flowchart TB\n");
    emit_level(t, None, 1, &ids, &mut s);
    for e in &t.edges {
        let (Some(from), Some(to)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            continue;
        };
        // Writing to a String cannot fail.
        let _ = match e.family {
            EdgeFamily::Reference => writeln!(s, "  {from} -.->|\"{}\"| {to}", q(&e.label)),
            EdgeFamily::Traffic => writeln!(s, "  {from} ==>|\"{}\"| {to}", q(&e.label)),
        };
    }
    s
}

fn emit_level(
    t: &Topology,
    parent: Option<&str>,
    depth: usize,
    ids: &BTreeMap<&str, String>,
    s: &mut String,
) {
    let indent = "  ".repeat(depth);
    for n in t.nodes_in(parent) {
        let Some(id) = ids.get(n.id.as_str()) else {
            continue;
        };
        let label = if n.detail.is_empty() {
            q(&n.label)
        } else {
            format!("{}<br/>{}", q(&n.label), q(&clip(&n.detail, 40)))
        };
        let _ = writeln!(s, "{indent}{id}[\"{label}\"]");
    }
    // The group tree is at most VPC > zone > subnet deep; the guard only stops a cycle in
    // hand-made data.
    if depth > 8 {
        return;
    }
    for (i, g) in t.groups_in(parent) {
        let _ = writeln!(s, "{indent}subgraph g{i}[\"{}\"]", q(&g.label));
        emit_level(t, Some(&g.id), depth + 1, ids, s);
        let _ = writeln!(s, "{indent}end");
    }
}
