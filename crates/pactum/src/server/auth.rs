//! Credentials: extracted per the operation's security schemes and handed to the generated
//! authenticator hook.

use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use http::{header, HeaderValue};

use super::params::Location;
use super::Incoming;

/// A security scheme an operation accepts (from `components.securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// HTTP `bearer`: `Authorization: Bearer <token>`.
    Bearer {
        /// The scheme's name in the contract.
        name: &'static str,
    },
    /// HTTP `basic`: `Authorization: Basic <base64 user:password>`.
    Basic {
        /// The scheme's name in the contract.
        name: &'static str,
    },
    /// `apiKey` in a header, query parameter or cookie.
    ApiKey {
        /// The scheme's name in the contract.
        name: &'static str,
        /// Where the key is.
        location: Location,
        /// The header, parameter or cookie name.
        key: &'static str,
    },
}

/// The credentials a request presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A bearer token.
    Bearer(String),
    /// A user name and password.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// An API key.
    ApiKey(String),
}

/// Credentials and the scheme (by its contract name) they were presented for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The security scheme's name in the contract.
    pub scheme: &'static str,
    /// What was presented.
    pub credentials: Credentials,
}

impl Incoming {
    /// The first credentials found for any of `schemes`, in order.
    pub fn credential(&self, schemes: &[Scheme]) -> Option<Credential> {
        schemes.iter().find_map(|s| self.credential_for(s))
    }

    fn credential_for(&self, scheme: &Scheme) -> Option<Credential> {
        let authorization = || {
            self.headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let with_prefix = |prefix: &str| {
            let a = authorization()?;
            let (kind, rest) = a.split_once(' ')?;
            kind.eq_ignore_ascii_case(prefix)
                .then(|| rest.trim().to_owned())
                .filter(|r| !r.is_empty())
        };
        match *scheme {
            Scheme::Bearer { name } => with_prefix("bearer").map(|t| Credential {
                scheme: name,
                credentials: Credentials::Bearer(t),
            }),
            Scheme::Basic { name } => {
                let raw = with_prefix("basic")?;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(raw.as_bytes())
                    .ok()?;
                let text = String::from_utf8(bytes).ok()?;
                let (user, password) = text.split_once(':')?;
                Some(Credential {
                    scheme: name,
                    credentials: Credentials::Basic {
                        user: user.to_owned(),
                        password: password.to_owned(),
                    },
                })
            }
            Scheme::ApiKey {
                name,
                location,
                key,
            } => {
                let value = match location {
                    Location::Header => self
                        .headers
                        .get(key)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                    Location::Query => self
                        .query
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.clone()),
                    Location::Cookie => self
                        .cookies
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v.clone()),
                    Location::Path => None,
                }?;
                (!value.is_empty()).then_some(Credential {
                    scheme: name,
                    credentials: Credentials::ApiKey(value),
                })
            }
        }
    }
}

/// `401` problem+json with a `WWW-Authenticate` challenge for each scheme.
pub fn unauthorized(schemes: &[Scheme], detail: &str) -> Response {
    let challenges: Vec<String> = schemes
        .iter()
        .map(|s| match s {
            Scheme::Bearer { .. } => "Bearer".to_owned(),
            Scheme::Basic { .. } => "Basic realm=\"api\"".to_owned(),
            Scheme::ApiKey { key, .. } => format!("ApiKey name=\"{key}\""),
        })
        .collect();
    let mut response = super::problem(crate::Problem::new(401, "Unauthorized").with_detail(detail));
    if let Ok(v) = HeaderValue::from_str(&challenges.join(", ")) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    response.into_response()
}
