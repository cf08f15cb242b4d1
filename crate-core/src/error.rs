//! The one error type the core returns: a problem with one field of the config.

use serde::{Deserialize, Serialize};

/// A problem with the config, named by the path of the field (`services[1].memory`) and
/// saying what is allowed. An empty path means the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[error("{}: {message}", if path.is_empty() { "(config)" } else { path.as_str() })]
pub struct FieldError {
    /// Where: `network.vpcCidr`, `services[0].healthCheck.path`; empty for the whole document.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    /// A new error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}
