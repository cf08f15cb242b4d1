//! The Graphviz DOT export: groups become nested clusters, reference edges are thin and
//! dashed (their kind in the tooltip), traffic edges bold and labelled. Graphviz does its own
//! layout; the coordinates computed here are not passed on.

use std::fmt::Write;

use super::escape::{clip, escape_dot as q};
use super::{EdgeFamily, Topology};

pub(super) fn render(t: &Topology) -> String {
    let mut s = String::with_capacity(4096 + t.nodes.len() * 120 + t.edges.len() * 100);
    s.push_str("digraph topology {\n");
    // Writing to a String cannot fail.
    let _ = writeln!(
        s,
        "  graph [label=\"{}\", labelloc=t, fontname=\"Helvetica\", fontsize=11, rankdir=TB, compound=true, newrank=true];",
        q(&t.title)
    );
    s.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f8f9f9\", fontname=\"Helvetica\", fontsize=10];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    emit_level(t, None, 1, &mut s);
    for e in &t.edges {
        match e.family {
            EdgeFamily::Reference => {
                let _ = writeln!(
                    s,
                    "  \"{}\" -> \"{}\" [style=dashed, color=\"#aab7b8\", arrowsize=0.5, tooltip=\"{}\"];",
                    q(&e.from),
                    q(&e.to),
                    q(&clip(&e.detail, 200))
                );
            }
            EdgeFamily::Traffic => {
                let _ = writeln!(
                    s,
                    "  \"{}\" -> \"{}\" [color=\"#c0392b\", penwidth=2, fontcolor=\"#922b21\", label=\"{}\", tooltip=\"{}\"];",
                    q(&e.from),
                    q(&e.to),
                    q(&e.label),
                    q(&clip(&e.detail, 200))
                );
            }
        }
    }
    s.push_str("}\n");
    s
}

/// The nodes and clusters whose parent is `parent`, recursively. Clusters are named by their
/// index so user text never has to be a DOT identifier.
fn emit_level(t: &Topology, parent: Option<&str>, depth: usize, s: &mut String) {
    let indent = "  ".repeat(depth);
    for n in t.nodes_in(parent) {
        let label = if n.detail.is_empty() {
            n.label.clone()
        } else {
            format!("{}\n{}", n.label, clip(&n.detail, 40))
        };
        let mut tooltip = match &n.resource_type {
            Some(ty) => format!("{} ({ty})", n.id),
            None => n.id.clone(),
        };
        // Architecture view: what the box holds (nothing in the all-resources view).
        if !n.members.is_empty() {
            tooltip.push_str(", includes ");
            tooltip.push_str(&n.members.join(", "));
        }
        let _ = writeln!(
            s,
            "{indent}\"{}\" [label=\"{}\", tooltip=\"{}\", class=\"{}\"];",
            q(&n.id),
            q(&label),
            q(&tooltip),
            n.kind.as_str()
        );
    }
    // Depth is bounded by the group tree (VPC > zone > subnet); the guard only protects
    // against a cycle in hand-made data.
    if depth > 8 {
        return;
    }
    for (i, g) in t.groups_in(parent) {
        let _ = writeln!(s, "{indent}subgraph cluster_{i} {{");
        let _ = writeln!(
            s,
            "{indent}  label=\"{}\"; style=rounded; color=\"#99a3a4\";",
            q(&g.label)
        );
        emit_level(t, Some(&g.id), depth + 1, s);
        let _ = writeln!(s, "{indent}}}");
    }
}
