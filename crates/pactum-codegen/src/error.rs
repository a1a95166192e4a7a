//! Generation errors: what cannot be generated, and where in the contract it is.

use std::fmt;

/// A construct that cannot be generated, at a JSON pointer of the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer of the offending node in the typed model.
    pub pointer: String,
    /// What is wrong, as a sentence.
    pub message: String,
    /// `file:line:col` of the node, when a source map was available.
    pub location: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {} (at `{}`)", self.message, self.pointer),
            None => write!(f, "{} (at `{}`)", self.message, self.pointer),
        }
    }
}

impl std::error::Error for Error {}
