//! CORS: the values of the `Access-Control-*` response headers a contract declares, and the
//! `x-amazon-apigateway-cors` extension.
//!
//! The header rules look at the responses of `paths` operations only: webhooks and callbacks
//! are server-to-server calls the API makes, which no browser reads.

mod cors_amazon_gateway_methods_not_covered;
mod cors_amazon_gateway_wildcard_with_credentials;
mod cors_preflight_requires_auth;
mod cors_reflected_origin_without_vary;
mod cors_wildcard_headers_with_credentials;
mod cors_wildcard_origin_on_secured_operation;
mod cors_wildcard_origin_with_credentials;

pub use cors_amazon_gateway_methods_not_covered::CorsAmazonGatewayMethodsNotCovered;
pub use cors_amazon_gateway_wildcard_with_credentials::CorsAmazonGatewayWildcardWithCredentials;
pub use cors_preflight_requires_auth::CorsPreflightRequiresAuth;
pub use cors_reflected_origin_without_vary::CorsReflectedOriginWithoutVary;
pub use cors_wildcard_headers_with_credentials::CorsWildcardHeadersWithCredentials;
pub use cors_wildcard_origin_on_secured_operation::CorsWildcardOriginOnSecuredOperation;
pub use cors_wildcard_origin_with_credentials::CorsWildcardOriginWithCredentials;

use pactum_spec::Spec;
use serde_json::Value;

use crate::http::{self, declared, Hdr, Resp};
use crate::model::OperationSite;
use crate::rule::Context;

pub(crate) const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
pub(crate) const ALLOW_CREDENTIALS: &str = "Access-Control-Allow-Credentials";

/// The name of the top-level AWS API Gateway (HTTP API) CORS extension.
pub(crate) const AMAZON_CORS: &str = "x-amazon-apigateway-cors";

/// A response of a `paths` operation that declares at least one CORS header.
pub(crate) struct CorsResponse<'a> {
    pub op: &'a OperationSite<'a>,
    pub resp: Resp<'a>,
    pub origin: Option<Hdr<'a>>,
    pub credentials: Option<Hdr<'a>>,
    pub vary: Option<Hdr<'a>>,
    /// `Access-Control-Allow-Headers`, `-Allow-Methods`, `-Expose-Headers`, in that order.
    pub lists: [Option<Hdr<'a>>; 3],
}

/// The names of [`CorsResponse::lists`].
pub(crate) const LIST_HEADERS: [&str; 3] = [
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Expose-Headers",
];

/// Every response of a reachable `paths` operation that declares a CORS header.
pub(crate) fn cors_responses<'c>(cx: &'c Context<'_>) -> Vec<CorsResponse<'c>> {
    let spec = cx.spec;
    let mut out = Vec::new();
    for op in &cx.index().operations {
        if !op.reachable || op.in_webhook || op.in_callback {
            continue;
        }
        for resp in http::responses(spec, &op.pointer, op.operation) {
            let mut found = CorsResponse {
                op,
                resp,
                origin: None,
                credentials: None,
                vary: None,
                lists: [None; 3],
            };
            let mut any = false;
            for h in http::headers(spec, &resp) {
                let slot = if h.name.eq_ignore_ascii_case(ALLOW_ORIGIN) {
                    &mut found.origin
                } else if h.name.eq_ignore_ascii_case(ALLOW_CREDENTIALS) {
                    &mut found.credentials
                } else if h.name.eq_ignore_ascii_case("Vary") {
                    &mut found.vary
                } else if let Some(i) = LIST_HEADERS
                    .iter()
                    .position(|n| h.name.eq_ignore_ascii_case(n))
                {
                    &mut found.lists[i]
                } else {
                    continue;
                };
                any = true;
                slot.get_or_insert(h);
            }
            if any {
                out.push(found);
            }
        }
    }
    out
}

/// True when `Access-Control-Allow-Credentials` declares the value `true` (`enum`, `const`,
/// `default` or an example). A header declared without any value is not enough: the
/// contract does not say, and error-level rules must not guess.
pub(crate) fn allows_credentials(spec: &Spec, credentials: Option<&Hdr<'_>>) -> bool {
    let Some(h) = credentials else {
        return false;
    };
    declared(spec, h.header).has("true")
}

/// True when some value declared for the header is `*`.
pub(crate) fn is_wildcard(spec: &Spec, h: &Hdr<'_>) -> bool {
    declared(spec, h.header).has("*")
}

/// The member `name` (ASCII case-insensitive) of an object, with its key as written.
pub(crate) fn member<'v>(object: &'v Value, name: &str) -> Option<(&'v str, &'v Value)> {
    object
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(k, v)| (k.as_str(), v))
}

/// `true` or `"true"`.
pub(crate) fn is_true(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}
