//! Security schemes, OAuth flows and security requirements.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, AuthorizationCodeOAuth2Flow, ClientCredentialsOAuth2Flow, ImplicitOAuth2Flow,
    OAuth2Flows, PasswordOAuth2Flow, SecurityRequirement, SecurityScheme,
};

use super::context::{extension, At, Cx, Name};
use super::fields::Slot;
use crate::error::LoadErrorKind;
use crate::tree::{Entry, Node};

/// A `security` array: each item maps scheme names to scope lists.
pub(crate) fn requirements(cx: &mut Cx<'_>, e: &Entry) -> Vec<SecurityRequirement> {
    cx.list(e, |cx, node, at| {
        cx.inline(node, &mut |cx, node| {
            let entries = cx.object(node, at.name)?;
            let mut req = IndexMap::with_capacity(entries.len());
            for s in entries {
                let scopes = cx.strings(s);
                req.insert(s.key.clone(), scopes);
            }
            Some(req)
        })
    })
}

/// The members a security scheme may have, collected before its `type` is known.
#[derive(Default)]
struct Members<'n> {
    kind: Slot<String>,
    kind_entry: Option<&'n Entry>,
    description: Option<String>,
    name: Slot<String>,
    location: Option<&'n Entry>,
    scheme: Slot<String>,
    bearer_format: Option<String>,
    flows: Slot<OAuth2Flows>,
    open_id_connect_url: Slot<String>,
    extensions: IndexMap<String, serde_json::Value>,
}

/// A security scheme object.
pub(crate) fn security_scheme(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<SecurityScheme> {
    let entries = cx.object(node, at.name)?;
    let mut m = Members::default();
    for e in entries {
        match e.key.as_str() {
            "type" => {
                m.kind = Some(cx.string(e));
                m.kind_entry = Some(e);
            }
            "description" => m.description = cx.string(e),
            "name" => m.name = Some(cx.string(e)),
            "in" => m.location = Some(e),
            "scheme" => m.scheme = Some(cx.string(e)),
            "bearerFormat" => m.bearer_format = cx.string(e),
            "flows" => m.flows = Some(cx.field(e, flows)),
            "openIdConnectUrl" => m.open_id_connect_url = Some(cx.string(e)),
            k if k.starts_with("x-") => extension(&mut m.extensions, e),
            _ => {}
        }
    }
    let kind = match m.kind {
        None => {
            cx.missing(node, at, "type", "type: http");
            return None;
        }
        Some(None) => return None,
        Some(Some(k)) => k,
    };
    Some(match kind.as_str() {
        "apiKey" => {
            let name = cx.required(m.name, node, at, "name", "name: X-API-Key");
            let location = match m.location {
                None => {
                    cx.missing(node, at, "in", "in: header");
                    APIKeyLocation::Header
                }
                Some(e) => match e.value.as_str() {
                    Some("query") => APIKeyLocation::Query,
                    Some("header") => APIKeyLocation::Header,
                    Some("cookie") => APIKeyLocation::Cookie,
                    Some(other) => {
                        cx.error(
                            LoadErrorKind::InvalidValue,
                            e.value.span,
                            format!(
                                "`in` of an API key must be `query`, `header` or `cookie`, \
                                 found `{other}`"
                            ),
                            "not an API key location",
                        )
                        .help = Some("use one of `query`, `header`, `cookie`".into());
                        APIKeyLocation::Header
                    }
                    None => {
                        cx.wrong_type(&e.value, Name::Key("in"), "a string");
                        APIKeyLocation::Header
                    }
                },
            };
            SecurityScheme::APIKey {
                location,
                name,
                description: m.description,
                extensions: m.extensions,
            }
        }
        "http" => SecurityScheme::HTTP {
            scheme: cx.required(m.scheme, node, at, "scheme", "scheme: bearer"),
            bearer_format: m.bearer_format,
            description: m.description,
            extensions: m.extensions,
        },
        "oauth2" => SecurityScheme::OAuth2 {
            flows: cx.required(m.flows, node, at, "flows", "flows: {clientCredentials: …}"),
            description: m.description,
            extensions: m.extensions,
        },
        "openIdConnect" => SecurityScheme::OpenIDConnect {
            open_id_connect_url: cx.required(
                m.open_id_connect_url,
                node,
                at,
                "openIdConnectUrl",
                "openIdConnectUrl: https://example.com/.well-known/openid-configuration",
            ),
            description: m.description,
            extensions: m.extensions,
        },
        "mutualTLS" if cx.is_31() => {
            // Not in the 3.0 model: kept as an HTTP scheme named `mutualTLS`, marked by an
            // extension so consumers can tell.
            let mut extensions = m.extensions;
            extensions.insert("x-pactum-type".into(), "mutualTLS".into());
            SecurityScheme::HTTP {
                scheme: "mutualTLS".into(),
                bearer_format: None,
                description: m.description,
                extensions,
            }
        }
        other => {
            let span = m.kind_entry.map_or(node.span, |e| e.value.span);
            let allowed = if cx.is_31() {
                "`apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`"
            } else {
                "`apiKey`, `http`, `oauth2`, `openIdConnect`"
            };
            cx.error(
                LoadErrorKind::InvalidValue,
                span,
                format!("`{other}` is not a security scheme type"),
                "unknown security scheme type",
            )
            .help = Some(format!("use one of {allowed}"));
            return None;
        }
    })
}

fn flows(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<OAuth2Flows> {
    let entries = cx.object(node, at.name)?;
    let mut f = OAuth2Flows::default();
    for e in entries {
        match e.key.as_str() {
            "implicit" => {
                f.implicit = cx.field(e, |cx, n, at| {
                    let mut m = flow(cx, n, at)?;
                    Some(ImplicitOAuth2Flow {
                        authorization_url: m.authorization_url(cx, n, at),
                        scopes: m.scopes(cx, n, at),
                        refresh_url: m.refresh_url,
                        extensions: m.extensions,
                    })
                })
            }
            "password" => {
                f.password = cx.field(e, |cx, n, at| {
                    let mut m = flow(cx, n, at)?;
                    Some(PasswordOAuth2Flow {
                        token_url: m.token_url(cx, n, at),
                        scopes: m.scopes(cx, n, at),
                        refresh_url: m.refresh_url,
                        extensions: m.extensions,
                    })
                })
            }
            "clientCredentials" => {
                f.client_credentials = cx.field(e, |cx, n, at| {
                    let mut m = flow(cx, n, at)?;
                    Some(ClientCredentialsOAuth2Flow {
                        token_url: m.token_url(cx, n, at),
                        scopes: m.scopes(cx, n, at),
                        refresh_url: m.refresh_url,
                        extensions: m.extensions,
                    })
                })
            }
            "authorizationCode" => {
                f.authorization_code = cx.field(e, |cx, n, at| {
                    let mut m = flow(cx, n, at)?;
                    Some(AuthorizationCodeOAuth2Flow {
                        authorization_url: m.authorization_url(cx, n, at),
                        token_url: m.token_url(cx, n, at),
                        scopes: m.scopes(cx, n, at),
                        refresh_url: m.refresh_url,
                        extensions: m.extensions,
                    })
                })
            }
            k if k.starts_with("x-") => extension(&mut f.extensions, e),
            _ => {}
        }
    }
    Some(f)
}

/// The members of one OAuth flow.
struct Flow {
    authorization_url: Slot<String>,
    token_url: Slot<String>,
    refresh_url: Option<String>,
    scopes: Slot<IndexMap<String, String>>,
    extensions: IndexMap<String, serde_json::Value>,
}

impl Flow {
    fn authorization_url(&mut self, cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> String {
        cx.required(
            self.authorization_url.take(),
            node,
            at,
            "authorizationUrl",
            "authorizationUrl: https://example.com/oauth/authorize",
        )
    }

    fn token_url(&mut self, cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> String {
        cx.required(
            self.token_url.take(),
            node,
            at,
            "tokenUrl",
            "tokenUrl: https://example.com/oauth/token",
        )
    }

    fn scopes(&mut self, cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> IndexMap<String, String> {
        cx.required(self.scopes.take(), node, at, "scopes", "scopes: {}")
    }
}

fn flow(cx: &mut Cx<'_>, node: &Node, at: At<'_>) -> Option<Flow> {
    let entries = cx.object(node, at.name)?;
    let mut f = Flow {
        authorization_url: None,
        token_url: None,
        refresh_url: None,
        scopes: None,
        extensions: IndexMap::new(),
    };
    for e in entries {
        match e.key.as_str() {
            "authorizationUrl" => f.authorization_url = Some(cx.string(e)),
            "tokenUrl" => f.token_url = Some(cx.string(e)),
            "refreshUrl" => f.refresh_url = cx.string(e),
            "scopes" => f.scopes = Some(Some(cx.string_map(e))),
            k if k.starts_with("x-") => extension(&mut f.extensions, e),
            _ => {}
        }
    }
    Some(f)
}
