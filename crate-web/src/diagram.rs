//! The topology diagram for a generated template, when the core can draw one.
//!
//! Kept in one function so the rest of the page does not care whether the core's
//! `topology` module exists yet: `None` shows a placeholder panel.

use fargate_stack::Template;

/// The diagram as SVG markup whose node groups carry `data-id="LogicalId"`.
pub fn svg(_template: &Template) -> Option<String> {
    None
}
