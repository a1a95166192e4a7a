//! The typed error of every generated client method.

use std::time::Duration;

use crate::validate::Violation;

/// Why a call did not produce one of the operation's declared responses.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request breaks the contract; it was not sent (see [`Config::validate_requests`]).
    ///
    /// [`Config::validate_requests`]: super::Config::validate_requests
    #[error("the request breaks the contract: {}", join(.0))]
    InvalidRequest(Vec<Violation>),
    /// The server could not be reached, or the connection failed mid-exchange, after
    /// `attempts` tries.
    #[error("transport error after {attempts} attempt(s): {source}")]
    Transport {
        /// How many requests were sent.
        attempts: u32,
        /// The last transport error.
        #[source]
        source: reqwest::Error,
    },
    /// No answer within the request timeout or the maximum total time.
    #[error("timed out after {elapsed:?} and {attempts} attempt(s)")]
    Timeout {
        /// How many requests were sent.
        attempts: u32,
        /// Time spent on the call, retries included.
        elapsed: Duration,
    },
    /// A status the operation does not declare (and no `default` response).
    #[error("unexpected status {status}: {}", preview(.body))]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The response headers.
        headers: reqwest::header::HeaderMap,
        /// The response body.
        body: bytes::Bytes,
    },
    /// A declared status whose body or header does not decode as the contract says.
    #[error("cannot decode the {status} response: {message}")]
    Decode {
        /// The status code.
        status: u16,
        /// What did not decode, with the serde error.
        message: String,
        /// The response body.
        body: bytes::Bytes,
    },
    /// The client cannot be built or the URL is invalid.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

fn join(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}

impl Error {
    /// The status code of an answer that was received, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}
