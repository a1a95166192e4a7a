//! Authentication and transport security.
//!
//! The rules of this group look at the operations the API *serves* (`paths`). Webhooks and
//! callbacks are skipped by the rules about required authentication and credentials: there
//! the API is the HTTP client, and the subscriber's endpoint decides how it authenticates
//! requests (signatures are the webhooks group's business).

mod api_key_in_query_or_path;
mod credentials_in_parameter_name;
mod http_basic_auth;
mod mutating_operation_without_security;
mod oauth2_implicit_flow;
mod oauth2_password_flow;
mod oauth2_scope_undeclared;
mod read_operation_without_security;
mod security_explicitly_disabled_on_mutation;
mod security_scheme_undefined;
mod server_url_not_https;
mod ssrf_url_parameter;
mod weak_auth_over_http;

pub use api_key_in_query_or_path::ApiKeyInQueryOrPath;
pub use credentials_in_parameter_name::CredentialsInParameterName;
pub use http_basic_auth::HttpBasicAuth;
pub use mutating_operation_without_security::MutatingOperationWithoutSecurity;
pub use oauth2_implicit_flow::Oauth2ImplicitFlow;
pub use oauth2_password_flow::Oauth2PasswordFlow;
pub use oauth2_scope_undeclared::Oauth2ScopeUndeclared;
pub use read_operation_without_security::ReadOperationWithoutSecurity;
pub use security_explicitly_disabled_on_mutation::SecurityExplicitlyDisabledOnMutation;
pub use security_scheme_undefined::SecuritySchemeUndefined;
pub use server_url_not_https::ServerUrlNotHttps;
pub use ssrf_url_parameter::SsrfUrlParameter;
pub use weak_auth_over_http::WeakAuthOverHttp;

use std::borrow::Cow;

use openapiv3::{APIKeyLocation, SecurityRequirement, SecurityScheme, Server};
use pactum_spec::visit::{resolve_or, ComponentKind};
use pactum_spec::Spec;

use crate::model::{Index, OperationSite};

/// Methods that change state.
pub(crate) const MUTATING: [&str; 4] = ["post", "put", "patch", "delete"];
/// Methods that only read.
pub(crate) const READING: [&str; 2] = ["get", "head"];

/// The security requirements that apply to an operation.
pub(crate) struct Effective<'a> {
    /// The alternatives (one must be satisfied).
    pub requirements: &'a [SecurityRequirement],
    /// Pointer of the `security` list they come from (`/security` or `<op>/security`).
    pub pointer: Cow<'a, str>,
    /// Declared on the operation itself rather than inherited from the document.
    pub own: bool,
}

impl Effective<'_> {
    /// `security: []`, or an empty requirement `{}` among the alternatives.
    pub fn allows_anonymous(&self) -> bool {
        self.requirements.is_empty() || self.requirements.iter().any(|r| r.is_empty())
    }

    /// Index of the first empty requirement `{}`, if any.
    pub fn anonymous_alternative(&self) -> Option<usize> {
        self.requirements.iter().position(|r| r.is_empty())
    }
}

/// The operation's own `security`, else the document's; `None` when neither is declared.
pub(crate) fn effective<'a>(spec: &'a Spec, op: &'a OperationSite<'_>) -> Option<Effective<'a>> {
    if let Some(own) = &op.operation.security {
        return Some(Effective {
            requirements: own,
            pointer: Cow::Owned(format!("{}/security", op.pointer)),
            own: true,
        });
    }
    spec.openapi.security.as_ref().map(|top| Effective {
        requirements: top,
        pointer: Cow::Borrowed("/security"),
        own: false,
    })
}

/// An operation the API serves: in `paths` (or a used path item), not a webhook or callback.
pub(crate) fn served(op: &OperationSite<'_>) -> bool {
    op.reachable && !op.in_webhook && !op.in_callback
}

/// `POST /pets`.
pub(crate) fn op_name(op: &OperationSite<'_>) -> String {
    format!("{} {}", op.method.to_uppercase(), op.path)
}

/// Where a label naming an operation points: its `operationId` (one line), if any.
pub(crate) fn op_label(op: &OperationSite<'_>) -> Option<String> {
    op.operation
        .operation_id
        .as_ref()
        .map(|_| format!("{}/operationId", op.pointer))
}

/// True when no served operation and not the document declare `security` at all: the
/// authentication rules then report once for the whole API rather than per operation.
pub(crate) fn no_security_anywhere(spec: &Spec, index: &Index<'_>) -> bool {
    spec.openapi.security.is_none()
        && index
            .operations
            .iter()
            .filter(|op| served(op))
            .all(|op| op.operation.security.is_none())
}

/// The security scheme called `name` in `components.securitySchemes` (through `$ref`s), with
/// its pointer.
pub(crate) fn scheme<'a>(spec: &'a Spec, name: &str) -> Option<(String, &'a SecurityScheme)> {
    let entry = spec
        .openapi
        .components
        .as_ref()?
        .security_schemes
        .get(name)?;
    let scheme = resolve_or(spec, entry)?;
    Some((ComponentKind::SecuritySchemes.pointer(name), scheme))
}

/// Every declared security scheme (resolved), with its name and pointer.
pub(crate) fn schemes(spec: &Spec) -> impl Iterator<Item = (&str, String, &SecurityScheme)> {
    spec.openapi
        .components
        .iter()
        .flat_map(|c| c.security_schemes.iter())
        .filter_map(move |(name, entry)| {
            let scheme = resolve_or(spec, entry)?;
            Some((
                name.as_str(),
                ComponentKind::SecuritySchemes.pointer(name),
                scheme,
            ))
        })
}

/// `name` in lower case without `-`, `_`, `.` or spaces: `X-API-Key` → `xapikey`.
pub(crate) fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Normalized names of parameters that carry an API key.
pub(crate) const API_KEY_NAMES: &[&str] = &[
    "apikey",
    "xapikey",
    "apitoken",
    "accesskey",
    "accesskeyid",
    "subscriptionkey",
    "appkey",
];

/// Normalized names of parameters that carry other credentials.
pub(crate) const CREDENTIAL_NAMES: &[&str] = &[
    "token",
    "accesstoken",
    "authtoken",
    "bearertoken",
    "idtoken",
    "refreshtoken",
    "sessiontoken",
    "jwt",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "clientsecret",
    "apisecret",
    "appsecret",
    "secretkey",
    "privatekey",
    "session",
    "sessionid",
    "sessionkey",
    "authorization",
    "credential",
    "credentials",
];

/// The `name`s of `apiKey` schemes sent in the query string (reported at the scheme).
pub(crate) fn query_api_key_names(spec: &Spec) -> Vec<&str> {
    schemes(spec)
        .filter_map(|(_, _, s)| match s {
            SecurityScheme::APIKey {
                location: APIKeyLocation::Query,
                name,
                ..
            } => Some(name.as_str()),
            _ => None,
        })
        .collect()
}

/// Every security requirement of the document and of every operation (webhooks and
/// callbacks included), with its pointer (`/security/0`, `/paths/~1pets/get/security/1`).
pub(crate) fn requirements<'a>(
    spec: &'a Spec,
    index: &'a Index<'a>,
) -> impl Iterator<Item = (String, &'a SecurityRequirement)> + 'a {
    let top = spec
        .openapi
        .security
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| (format!("/security/{i}"), r));
    let ops = index.operations.iter().flat_map(|op| {
        op.operation
            .security
            .iter()
            .flatten()
            .enumerate()
            .map(move |(i, r)| (format!("{}/security/{i}", op.pointer), r))
    });
    top.chain(ops)
}

/// The path template a parameter belongs to: from its pointer (`/paths/<key>/…`), or, for a
/// `$ref`'d component, from its first usage in `paths`.
pub(crate) fn path_template(index: &Index<'_>, pointer: &str) -> Option<String> {
    let key_of = |p: &str| {
        let rest = p.strip_prefix("/paths/")?;
        let key = rest.split('/').next()?;
        Some(pactum_spec::pointer::unescape(key).into_owned())
    };
    key_of(pointer).or_else(|| index.via(pointer).iter().find_map(|v| key_of(v)))
}

/// Lower-case alphanumerics only: `Session_Id` → `sessionid`.
fn alnum(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// True when path parameter `name` identifies the resource of the collection segment
/// before it (`/sessions/{session_id}`, `/tokens/{token}`, `/keys/{access_key}`): an id,
/// not a credential.
pub(crate) fn identifies_resource(template: &str, name: &str) -> bool {
    let placeholder = format!("{{{name}}}");
    let segments: Vec<&str> = template.split('/').collect();
    let Some(i) = segments.iter().position(|s| *s == placeholder) else {
        return false;
    };
    let Some(prev) = i.checked_sub(1).map(|j| segments[j]) else {
        return false;
    };
    if prev.contains('{') {
        return false;
    }
    let prev = alnum(prev);
    let singular = if let Some(stem) = prev.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        prev.strip_suffix('s').unwrap_or(&prev).to_string()
    };
    let name = alnum(name);
    let base = name
        .strip_suffix("uuid")
        .or_else(|| name.strip_suffix("id"))
        .filter(|b| !b.is_empty())
        .unwrap_or(&name);
    !singular.is_empty() && (base.ends_with(&singular) || singular.ends_with(base))
}

/// Path segments of endpoints that are public by design: they issue or revoke
/// credentials, or create the account that will have them.
const AUTH_SEGMENTS: &[&str] = &[
    "token",
    "oauth",
    "oauth2",
    "login",
    "logout",
    "signin",
    "signup",
    "register",
    "registration",
    "revoke",
    "introspect",
    "authorize",
    "forgotpassword",
    "resetpassword",
    "passwordreset",
];

/// True for an operation path that is public by design: an authentication endpoint
/// (`/oauth2/token`, `/login`, `/signup`, …), or a capability URL whose path itself carries
/// a secret (`/webhooks/{id}/{webhook_token}`).
pub(crate) fn public_by_design(path: &str) -> bool {
    path.split('/').any(|seg| {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let p = alnum(param);
            return p.contains("token") || p.contains("secret") || p.contains("signature");
        }
        let literal = seg.split(['#', '?', '.']).next().unwrap_or_default();
        AUTH_SEGMENTS.contains(&alnum(literal).as_str())
    })
}

/// HTTP `basic` (any case).
pub(crate) fn is_basic(scheme: &SecurityScheme) -> bool {
    matches!(scheme, SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic"))
}

/// A server URL with its variables replaced by their defaults.
pub(crate) fn expanded_url(server: &Server) -> Cow<'_, str> {
    let Some(vars) = &server.variables else {
        return Cow::Borrowed(&server.url);
    };
    if !server.url.contains('{') {
        return Cow::Borrowed(&server.url);
    }
    let mut url = server.url.clone();
    for (name, var) in vars {
        url = url.replace(&format!("{{{name}}}"), &var.default);
    }
    Cow::Owned(url)
}

/// True for an `http://` URL whose host is not the local machine (`localhost`, `127.x`,
/// `[::1]`, `0.0.0.0`, `*.localhost`, `*.local`).
pub(crate) fn plain_http_remote(url: &str) -> bool {
    let Some(scheme_end) = url.find("://") else {
        return false;
    };
    if !url[..scheme_end].eq_ignore_ascii_case("http") {
        return false;
    }
    let rest = &url[scheme_end + 3..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let local = host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
        // A variable left in the host (no default) says nothing about the transport.
        || host.contains('{')
        || host.is_empty();
    !local
}

#[cfg(test)]
mod tests {
    use super::plain_http_remote;

    #[test]
    fn resource_identifiers() {
        use super::identifies_resource as id;
        assert!(id("/v1/checkout/sessions/{session}", "session"));
        assert!(id("/sessions/{sessionId}", "sessionId"));
        assert!(id("/v1/tokens/{token}", "token"));
        assert!(id("/v2/spaces/keys/{access_key}", "access_key"));
        assert!(id(
            "/issuing/authorizations/{authorization}",
            "authorization"
        ));
        assert!(id("/policies/{policy_id}", "policy_id"));
        assert!(!id("/reset/{token}", "token"));
        assert!(!id("/invitations/{token}/accept", "token"));
        assert!(!id("/hooks/{id}/{token}", "token"));
        assert!(!id("/{token}", "token"));
    }

    #[test]
    fn public_paths() {
        use super::public_by_design as public;
        assert!(public("/oauth2/token"));
        assert!(public("/oauth2/token#refresh"));
        assert!(public("/user/signup"));
        assert!(public("/auth/sign-in"));
        assert!(public("/webhooks/{webhook_id}/{webhook_token}"));
        assert!(!public("/pets"));
        assert!(!public("/user/tokens"));
        assert!(!public("/partner-sdk/provisional-accounts/unmerge"));
    }

    #[test]
    fn plain_http() {
        for remote in [
            "http://api.example.com",
            "HTTP://api.example.com/v1",
            "http://user@10.0.0.1:8080/x",
            "http://[2001:db8::1]/",
        ] {
            assert!(plain_http_remote(remote), "{remote}");
        }
        for local in [
            "https://api.example.com",
            "http://localhost:8080",
            "http://127.0.0.1/v1",
            "http://[::1]:3000",
            "http://printer.local/",
            "http://app.localhost",
            "/v1",
            "{scheme}://api.example.com",
        ] {
            assert!(!plain_http_remote(local), "{local}");
        }
    }
}
