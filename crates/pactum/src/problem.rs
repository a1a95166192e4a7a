//! [`Problem`]: an `application/problem+json` body (RFC 9457).

use serde::{Deserialize, Serialize};

use crate::validate::Violation;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Problem details (RFC 9457), with the validation violations as the `errors` extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference identifying the problem type (`about:blank` when there is no more
    /// to say than the status).
    #[serde(rename = "type", default = "about_blank")]
    pub type_: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// An explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every violated constraint (for invalid requests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Violation>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

impl Problem {
    /// A problem with a status, a title and no detail.
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Problem {
            type_: about_blank(),
            title: title.into(),
            status,
            detail: None,
            errors: Vec::new(),
        }
    }

    /// Adds a detail sentence.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// An invalid request listing every violation (status 400 or 422).
    pub fn invalid(status: u16, errors: Vec<Violation>) -> Self {
        let n = errors.len();
        Problem {
            type_: "https://pactum.dev/problems/invalid-request".to_owned(),
            title: "The request is invalid".to_owned(),
            status,
            detail: Some(format!(
                "{n} constraint{} violated",
                if n == 1 { " was" } else { "s were" }
            )),
            errors,
        }
    }
}

impl<'de> Deserialize<'de> for Violation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            pointer: String,
            #[serde(default)]
            keyword: String,
            #[serde(alias = "message")]
            detail: String,
        }
        let r = Raw::deserialize(d)?;
        Ok(Violation::new(r.pointer, r.keyword, r.detail))
    }
}
