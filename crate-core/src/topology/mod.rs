//! The stack as a graph and a picture, computed from the built template (never the config).
//!
//! Placeholder: filled in by the topology work.
