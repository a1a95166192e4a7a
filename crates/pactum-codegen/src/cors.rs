//! CORS: the `Access-Control-*` response headers the contract declares → a generated
//! `cors_layer()` (tower-http) with exactly the declared origins, methods and headers.
//!
//! Values are read from the header's `example` and its schema's `enum` (3.1 `const` is
//! lowered to a one-value `enum`), `default` and `example`. Methods are those of the
//! operations whose responses declare `Access-Control-Allow-Origin`. A wildcard origin (or
//! wildcard headers/methods) together with credentials is never generated: browsers refuse it
//! and tower-http panics on it, so the layer then allows no origin and says why in its doc.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit_types::doc_attrs;
use crate::operations::{resolve_header, resolve_response, Operation};
use crate::pointer::segment;

/// What the contract declares about CORS (over the generated operations).
#[derive(Debug, Default, PartialEq)]
pub struct Cors {
    /// Declared origins (`*` included as is).
    pub origins: BTreeSet<String>,
    /// Methods of the operations that declare `Access-Control-Allow-Origin`.
    pub methods: BTreeSet<String>,
    /// `Access-Control-Allow-Headers` values.
    pub allow_headers: BTreeSet<String>,
    /// `Access-Control-Expose-Headers` values.
    pub expose_headers: BTreeSet<String>,
    /// Whether credentials are allowed, with the pointer of the declaration.
    pub credentials: Option<String>,
    /// Largest declared `Access-Control-Max-Age`.
    pub max_age: Option<u64>,
    /// Pointer of the first `Access-Control-Allow-Origin` declaration.
    pub origin_at: Option<String>,
    /// Origin declarations without any value (pointers).
    pub origins_unknown: Vec<String>,
}

/// Reads the CORS declarations of `ops` (the operations being generated).
pub fn collect(api: &OpenAPI, ops: &[Operation]) -> Cors {
    let mut cors = Cors::default();
    for op in ops {
        let Some(ReferenceOr::Item(item)) = api.paths.paths.get(&op.path) else {
            continue;
        };
        let Some((_, operation)) = item
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(&op.method))
        else {
            continue;
        };
        let responses = operation
            .responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|r| ("default".to_owned(), r)),
            );
        for (code, r) in responses {
            let Some(r) = resolve_response(api, r) else {
                continue;
            };
            for (name, h) in &r.headers {
                let Some(h) = resolve_header(api, h) else {
                    continue;
                };
                let at = format!("{}/responses/{code}/headers/{}", op.pointer, segment(name));
                let values = header_values(api, h);
                let strings = || values.iter().filter_map(as_text);
                match name.to_ascii_lowercase().as_str() {
                    "access-control-allow-origin" => {
                        cors.methods.insert(op.method.clone());
                        if cors.origin_at.is_none() {
                            cors.origin_at = Some(at.clone());
                        }
                        let before = cors.origins.len();
                        cors.origins.extend(strings().map(|s| s.trim().to_owned()));
                        if cors.origins.len() == before && values.is_empty() {
                            cors.origins_unknown.push(at);
                        }
                    }
                    "access-control-allow-credentials" => {
                        // declaring it means the server may send `true` (its only valid value)
                        let all_false = !values.is_empty()
                            && strings().all(|s| s.trim().eq_ignore_ascii_case("false"));
                        if !all_false && cors.credentials.is_none() {
                            cors.credentials = Some(at);
                        }
                    }
                    "access-control-allow-headers" => {
                        cors.allow_headers.extend(strings().flat_map(list));
                    }
                    "access-control-expose-headers" => {
                        cors.expose_headers.extend(strings().flat_map(list));
                    }
                    "access-control-max-age" => {
                        let max = strings().filter_map(|s| s.trim().parse::<u64>().ok()).max();
                        cors.max_age = cors.max_age.max(max);
                    }
                    _ => {}
                }
            }
        }
    }
    cors
}

/// The values a header declaration names: its example(s), its schema's enum, default and
/// example.
fn header_values(api: &OpenAPI, h: &openapiv3::Header) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    out.extend(h.example.clone());
    for ex in h.examples.values() {
        if let ReferenceOr::Item(e) = ex {
            out.extend(e.value.clone());
        }
    }
    if let openapiv3::ParameterSchemaOrContent::Schema(s) = &h.format {
        let mut cur = s;
        for _ in 0..16 {
            match cur {
                ReferenceOr::Item(schema) => {
                    if let Ok(Value::Object(map)) = serde_json::to_value(schema) {
                        if let Some(Value::Array(e)) = map.get("enum") {
                            out.extend(e.iter().filter(|v| !v.is_null()).cloned());
                        }
                        out.extend(map.get("default").cloned());
                        out.extend(map.get("example").cloned());
                    }
                    break;
                }
                ReferenceOr::Reference { reference } => {
                    let Some(next) = reference
                        .strip_prefix("#/components/schemas/")
                        .and_then(|n| api.components.as_ref()?.schemas.get(n))
                    else {
                        break;
                    };
                    cur = next;
                }
            }
        }
    }
    out
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(s: String) -> Vec<String> {
    s.split(',')
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| !p.is_empty())
        .collect()
}

/// `pub fn cors_layer()` when the contract declares `Access-Control-Allow-Origin`; nothing
/// otherwise.
pub fn emit(cors: &Cors) -> TokenStream {
    let Some(origin_at) = &cors.origin_at else {
        return TokenStream::new();
    };
    let mut doc = vec![
        "A CORS layer with exactly what the contract declares in its `Access-Control-*`".to_owned(),
        "response headers; install it with `router(api).layer(cors_layer())`.".to_owned(),
        String::new(),
    ];
    let any = |set: &BTreeSet<String>| set.contains("*");
    let wildcard = any(&cors.origins) || any(&cors.allow_headers) || any(&cors.expose_headers);
    if let (true, Some(cred)) = (wildcard, &cors.credentials) {
        doc.push(format!(
            "The contract declares a wildcard (`*`) at `{origin_at}` together with \
             `Access-Control-Allow-Credentials` at `{cred}`: browsers refuse that combination, \
             so this layer allows no origin (it adds no CORS headers)."
        ));
        let doc = doc_attrs(&doc);
        return quote! {
            #doc
            pub fn cors_layer() -> ::pactum::__private::tower_http::cors::CorsLayer {
                ::pactum::__private::tower_http::cors::CorsLayer::new()
            }
        };
    }
    let mut chain = TokenStream::new();
    let origins: Vec<&String> = cors.origins.iter().filter(|o| *o != "*").collect();
    if any(&cors.origins) {
        doc.push("Origins: any (`*`).".to_owned());
        chain.extend(quote!(.allow_origin(cors::AllowOrigin::any())));
    } else {
        let shown: Vec<String> = origins.iter().map(|o| format!("`{o}`")).collect();
        doc.push(format!(
            "Origins: {}.",
            if shown.is_empty() {
                "none".to_owned()
            } else {
                shown.join(", ")
            }
        ));
        let lits = origins.iter().map(|o| Literal::string(o));
        chain.extend(quote! {
            .allow_origin(cors::AllowOrigin::list(
                [#(#lits),*].into_iter().filter_map(|o| HeaderValue::from_str(o).ok()),
            ))
        });
    }
    for at in &cors.origins_unknown {
        doc.push(format!(
            "`Access-Control-Allow-Origin` at `{at}` names no value (enum, const, default or \
             example), so it adds no origin."
        ));
    }
    let methods: Vec<_> = cors
        .methods
        .iter()
        .map(|m| format_ident!("{}", m.to_ascii_uppercase()))
        .collect();
    doc.push(format!(
        "Methods: {}.",
        cors.methods.iter().cloned().collect::<Vec<_>>().join(", ")
    ));
    chain.extend(quote!(.allow_methods([#(Method::#methods),*])));
    let headers = |set: &BTreeSet<String>| {
        let lits = set.iter().map(|h| Literal::string(h));
        quote!([#(#lits),*].into_iter().filter_map(|h| HeaderName::from_bytes(h.as_bytes()).ok()).collect::<::std::vec::Vec<_>>())
    };
    if any(&cors.allow_headers) {
        doc.push("Request headers: any (`*`).".to_owned());
        chain.extend(quote!(.allow_headers(cors::Any)));
    } else if !cors.allow_headers.is_empty() {
        doc.push(format!("Request headers: {}.", join(&cors.allow_headers)));
        let h = headers(&cors.allow_headers);
        chain.extend(quote!(.allow_headers(#h)));
    }
    if any(&cors.expose_headers) {
        doc.push("Exposed headers: any (`*`).".to_owned());
        chain.extend(quote!(.expose_headers(cors::Any)));
    } else if !cors.expose_headers.is_empty() {
        doc.push(format!("Exposed headers: {}.", join(&cors.expose_headers)));
        let h = headers(&cors.expose_headers);
        chain.extend(quote!(.expose_headers(#h)));
    }
    if cors.credentials.is_some() {
        // only for the declared origins (tower-http would send `true` to any origin)
        doc.push("Credentials: allowed (for those origins only).".to_owned());
        let lits = origins.iter().map(|o| Literal::string(o));
        chain.extend(quote! {
            .allow_credentials(cors::AllowCredentials::predicate(|origin, _| {
                [#(#lits),*].iter().any(|o| origin.as_bytes() == o.as_bytes())
            }))
        });
    }
    if let Some(secs) = cors.max_age {
        doc.push(format!("Preflight cache: {secs} s."));
        let secs = Literal::u64_unsuffixed(secs);
        chain.extend(quote!(.max_age(::std::time::Duration::from_secs(#secs))));
    }
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub fn cors_layer() -> ::pactum::__private::tower_http::cors::CorsLayer {
            #[allow(unused_imports)]
            use ::pactum::__private::http::{HeaderName, HeaderValue, Method};
            use ::pactum::__private::tower_http::cors;
            cors::CorsLayer::new() #chain
        }
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate_model, Options};

    fn spec(headers: &str) -> OpenAPI {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          headers:\n{headers}\n    put:\n      operationId: putA\n      responses:\n        '204': {{description: ok}}\n"
        );
        serde_yaml::from_str(&text).expect("valid spec")
    }

    fn code(api: &OpenAPI) -> String {
        let options = Options {
            server: true,
            ..Options::default()
        };
        generate_model(api, &options).expect("generates")
    }

    #[test]
    fn reads_origins_credentials_headers_and_max_age() {
        let api = spec(
            "            access-control-allow-origin:\n              example: https://x.example\n              schema: {type: string, enum: [https://y.example], default: https://z.example}\n            Access-Control-Allow-Credentials: {schema: {type: boolean}}\n            Access-Control-Allow-Headers: {schema: {type: string, example: 'X-A,  x-b'}}\n            Access-Control-Max-Age: {schema: {type: integer, enum: [60, 600]}}",
        );
        let mut space = crate::schemas::TypeSpace::new(&api, &[]);
        let ops = crate::operations::collect(&api, &mut space, &|_, _| true, &mut Vec::new());
        let cors = collect(&api, &ops);
        let set = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
        assert_eq!(
            cors.origins,
            set(&[
                "https://x.example",
                "https://y.example",
                "https://z.example"
            ])
        );
        // `PUT /a` declares no CORS header
        assert_eq!(cors.methods, set(&["GET"]));
        assert_eq!(cors.allow_headers, set(&["x-a", "x-b"]));
        assert_eq!(cors.max_age, Some(600));
        assert_eq!(
            cors.credentials.as_deref(),
            Some("/paths/~1a/get/responses/200/headers/Access-Control-Allow-Credentials")
        );
        let code = code(&api);
        assert!(code.contains("pub fn cors_layer()"), "{code}");
        assert!(code.contains("AllowCredentials::predicate"), "{code}");
        assert!(!code.contains("AllowOrigin::any"), "{code}");
    }

    #[test]
    fn wildcard_with_credentials_is_never_generated() {
        let api = spec(
            "            Access-Control-Allow-Origin: {schema: {type: string, enum: ['*']}}\n            Access-Control-Allow-Credentials: {schema: {type: string, enum: ['true']}}",
        );
        let code = code(&api);
        assert!(code.contains("browsers refuse that combination"), "{code}");
        assert!(!code.contains(".allow_origin("), "{code}");
        assert!(!code.contains(".allow_credentials("), "{code}");
    }

    #[test]
    fn wildcard_without_credentials_allows_any_origin() {
        let api =
            spec("            Access-Control-Allow-Origin: {schema: {type: string, example: '*'}}");
        let code = code(&api);
        assert!(code.contains("AllowOrigin::any()"), "{code}");
        assert!(!code.contains(".allow_credentials("), "{code}");
    }

    #[test]
    fn no_cors_headers_no_layer() {
        let api = spec("            X-Other: {schema: {type: string}}");
        assert!(!code(&api).contains("cors_layer"));
    }
}
