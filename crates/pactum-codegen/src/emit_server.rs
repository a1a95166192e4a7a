//! [`Operation`]s → the server: request structs (validated), response enums (one variant per
//! status and media type, headers as fields), the `Api` trait, one axum handler per
//! operation and the `router` functions.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit_types::{doc_attrs, rust_type};
use crate::emit_validate::shape_checks;
use crate::error::Error;
use crate::naming::ident;
use crate::operations::{
    Body, Codec, Content, Location, Operation, Param, ResponseVariant, Scalar, Scheme, Status, Wire,
};
use crate::schemas::TypeSpace;

/// The server part: per-operation types and handlers, the trait and the router.
pub fn emit_server(
    space: &TypeSpace,
    ops: &[Operation],
    trait_name: &str,
    errors: &mut Vec<Error>,
) -> TokenStream {
    let trait_ident = format_ident!("{}", trait_name);
    let (decls, routes) = emit_surface(space, ops, &trait_ident, false, errors);
    quote! {
        #decls

        /// An axum router serving `api` with default settings.
        pub fn router<A: #trait_ident>(api: A) -> ::pactum::__private::axum::Router {
            router_with(api, ::pactum::server::Settings::default())
        }

        /// An axum router serving `api`: decodes and validates every request, answers
        /// invalid ones with problem+json (400/401/404/405/413/415) before `api` sees them.
        pub fn router_with<A: #trait_ident>(
            api: A,
            settings: ::pactum::server::Settings,
        ) -> ::pactum::__private::axum::Router {
            let shared = ::std::sync::Arc::new(::pactum::server::Shared { api, settings });
            ::pactum::__private::axum::Router::new()
                #routes
                .fallback(::pactum::server::not_found)
                .with_state(shared)
        }
    }
}

/// The receiving side of webhooks and callbacks: the same request types, response enums and
/// handlers as the server (each trait method also gets the delivery's
/// `pactum::server::webhook::EventId`), the `trait_name` trait, and `webhooks_router` /
/// `webhooks_router_with`, which mount every operation at its route (see
/// [`crate::operations::collect_webhooks`]) behind signature verification.
pub fn emit_receiver(
    space: &TypeSpace,
    ops: &[Operation],
    trait_name: &str,
    errors: &mut Vec<Error>,
) -> TokenStream {
    let trait_ident = format_ident!("{}", trait_name);
    let (decls, routes) = emit_surface(space, ops, &trait_ident, true, errors);
    let limit = Literal::usize_unsuffixed(
        ops.iter()
            .filter_map(|o| o.body.as_ref().map(|b| b.limit))
            .max()
            .unwrap_or(64 * 1024),
    );
    let mounted: Vec<String> = ops
        .iter()
        .map(|o| format!("- `{} {}`: `{}`", o.method, o.path, o.id))
        .collect();
    let mut doc = vec![
        "An axum router receiving the contract's webhooks and callbacks, each at its route:"
            .to_owned(),
        String::new(),
    ];
    doc.extend(mounted);
    doc.extend([
        String::new(),
        "Nest it under the prefix you register with the provider (`Router::nest(\"/hooks\", …)`)."
            .to_owned(),
        "Every delivery is verified first: unsigned, badly signed or stale ones (see".to_owned(),
        "[`SIGNATURE_HEADER`] and `pactum::webhook::Verifier`) get 401 before any handler runs;"
            .to_owned(),
        "the event id ([`EVENT_ID_HEADER`]) is passed to each method.".to_owned(),
    ]);
    let doc = doc_attrs(&doc);
    quote! {
        #decls

        #doc
        pub fn webhooks_router<A: #trait_ident>(
            api: A,
            verifier: ::pactum::webhook::Verifier,
        ) -> ::pactum::__private::axum::Router {
            webhooks_router_with(api, verifier, ::pactum::server::Settings::default())
        }

        /// Like [`webhooks_router`] with router settings (body limit, status of invalid
        /// deliveries). A verifier of pactum's scheme reads [`SIGNATURE_HEADER`]; one of another
        /// scheme (`pactum::webhook::Scheme::GitHub`) keeps its own header.
        pub fn webhooks_router_with<A: #trait_ident>(
            api: A,
            verifier: ::pactum::webhook::Verifier,
            settings: ::pactum::server::Settings,
        ) -> ::pactum::__private::axum::Router {
            let receiver = ::pactum::server::webhook::Receiver::new(verifier.with_contract_header(SIGNATURE_HEADER))
                .with_event_id_header(EVENT_ID_HEADER)
                .with_body_limit(settings.body_limit.unwrap_or(#limit));
            let shared = ::std::sync::Arc::new(::pactum::server::Shared { api, settings });
            let router = ::pactum::__private::axum::Router::new()
                #routes
                .fallback(::pactum::server::not_found)
                .with_state(shared);
            ::pactum::server::webhook::verified(router, receiver)
        }
    }
}

/// The validation of a request body bound to `value` (of type `ty`): its shape's checks, or,
/// for several media types, a match over the body enum's variants. Empty when nothing is
/// checked. Shared by the server's request structs and the client's methods.
pub(crate) fn body_checks(body: &Body, ty: &TokenStream) -> TokenStream {
    if body.contents.len() == 1 {
        return body.contents[0]
            .shape
            .as_ref()
            .map(|s| shape_checks(s, quote!(value)))
            .unwrap_or_default();
    }
    let arms: Vec<TokenStream> = body
        .contents
        .iter()
        .filter_map(|c| {
            let check = shape_checks(c.shape.as_ref()?, quote!(value));
            let v = format_ident!("{}", c.variant);
            (!check.is_empty()).then(|| quote!(#ty::#v(value) => { #check }))
        })
        .collect();
    if arms.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(unreachable_patterns)] match value { #(#arms)* _ => {} })
    }
}

/// The trait (with its doc), request/response types and handlers of `ops`, and the `.route`
/// calls mounting them.
fn emit_surface(
    space: &TypeSpace,
    ops: &[Operation],
    trait_ident: &proc_macro2::Ident,
    webhook: bool,
    errors: &mut Vec<Error>,
) -> (TokenStream, TokenStream) {
    let secured = ops.iter().any(|o| !o.security.is_empty());
    let mut items = TokenStream::new();
    let mut methods = TokenStream::new();
    for op in ops {
        items.extend(request_types(space, op));
        items.extend(response_type(space, op));
        items.extend(handler(space, op, trait_ident, webhook));
        let doc = doc_attrs(&op.doc);
        let m = ident(&op.method_name);
        let req = format_ident!("{}Request", op.type_prefix);
        let resp = format_ident!("{}Response", op.type_prefix);
        let event = if webhook {
            quote!(event_id: ::pactum::server::webhook::EventId,)
        } else {
            quote!()
        };
        methods.extend(quote! {
            #doc
            fn #m(&self, #event request: #req) -> impl ::std::future::Future<Output = #resp> + ::std::marker::Send;
        });
    }
    if secured {
        methods.extend(quote! {
            /// Checks the credentials of a request before its handler runs (for operations
            /// with `security`). Return `Err` with a problem (401, 403, …) to refuse it.
            fn authenticate(
                &self,
                credential: &::pactum::server::Credential,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<(), ::pactum::Problem>> + ::std::marker::Send;
        });
    }
    let mut skipped = Vec::new();
    let routes = routes(ops, errors, &mut skipped);
    let skipped_doc = if skipped.is_empty() {
        quote!()
    } else {
        let mut lines = vec![
            String::new(),
            "Operations the router cannot serve:".to_owned(),
        ];
        lines.extend(skipped.iter().map(|s| format!("- {s}")));
        doc_attrs(&lines)
    };
    let trait_doc = if webhook {
        quote! {
            /// The webhooks and callbacks of the contract, received: implement this trait and
            /// serve it with [`webhooks_router`]. Each method gets the delivery's event id
            /// (the same on every retry of one delivery) to de-duplicate.
        }
    } else {
        quote! {
            /// The operations of the contract: implement this trait and serve it with [`router`].
        }
    };
    let decls = quote! {
        #trait_doc
        #skipped_doc
        pub trait #trait_ident: ::std::marker::Send + ::std::marker::Sync + 'static {
            #methods
        }

        #items
    };
    (decls, routes)
}

fn routes(ops: &[Operation], errors: &mut Vec<Error>, skipped: &mut Vec<String>) -> TokenStream {
    let mut by_shape: BTreeMap<String, Vec<&Operation>> = BTreeMap::new();
    for op in ops {
        if !op.path.starts_with('/') {
            errors.push(Error {
                pointer: op.pointer.clone(),
                message: format!("path `{}` does not start with `/`", op.path),
                location: None,
            });
            continue;
        }
        let group = by_shape.entry(route_path(&op.path)).or_default();
        if let Some(other) = group.iter().find(|o| o.method == op.method) {
            skipped.push(format!(
                "`{} {}` is not routed: it matches the same requests as `{} {}`.",
                op.method, op.path, other.method, other.path
            ));
            continue;
        }
        group.push(op);
    }
    let mut out = TokenStream::new();
    for (path, ops) in &by_shape {
        let mut chain = TokenStream::new();
        let mut allow = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let filter = format_ident!("{}", op.method);
            let handler = format_ident!("handle_{}", op.method_name);
            allow.push(op.method.clone());
            if i == 0 {
                chain.extend(quote!(::pactum::__private::axum::routing::on(
                    ::pactum::__private::axum::routing::MethodFilter::#filter,
                    #handler::<A>
                )));
            } else {
                chain.extend(quote!(.on(
                    ::pactum::__private::axum::routing::MethodFilter::#filter,
                    #handler::<A>
                )));
            }
        }
        let allow = allow.join(", ");
        out.extend(quote! {
            .route(#path, #chain.fallback(|| async { ::pactum::server::method_not_allowed(#allow) }))
        });
    }
    out
}

/// The router's template for a path: every segment with a parameter becomes `{s<index>}`
/// (the runtime cuts the values out of the segment), so templates that differ only in
/// parameter names share one route and `{id}.json` segments route at all.
fn route_path(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.split('/')
        .enumerate()
        .map(|(i, seg)| {
            if seg.contains('{') {
                format!("{{s{i}}}")
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The router key and segment template of a path parameter.
fn route_key(op: &Operation, name: &str) -> (String, String) {
    let needle = format!("{{{name}}}");
    op.path
        .split('/')
        .enumerate()
        .find(|(_, seg)| seg.contains(&needle))
        .map(|(i, seg)| (format!("s{i}"), seg.to_owned()))
        .unwrap_or_else(|| (name.to_owned(), String::new()))
}

pub(crate) fn content_type(space: &TypeSpace, c: &Content) -> TokenStream {
    match (&c.codec, &c.shape) {
        (Codec::Json | Codec::Form(_), Some(shape)) => rust_type(space, shape),
        (Codec::Json | Codec::Form(_), None) => quote!(::pactum::__private::serde_json::Value),
        (Codec::Multipart(parts), Some(shape)) if !parts.is_empty() => rust_type(space, shape),
        (Codec::Multipart(_), _) => quote!(::pactum::server::MultipartForm),
        (Codec::Text, _) => quote!(::std::string::String),
        (Codec::Bytes, _) => quote!(::pactum::server::Bytes),
    }
}

fn body_type(space: &TypeSpace, op: &Operation, body: &Body) -> TokenStream {
    if body.contents.len() == 1 {
        content_type(space, &body.contents[0])
    } else {
        let name = format_ident!("{}Body", op.type_prefix);
        quote!(#name)
    }
}

fn param_type(space: &TypeSpace, p: &Param) -> TokenStream {
    let ty = rust_type(space, &p.shape);
    if p.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn request_types(space: &TypeSpace, op: &Operation) -> TokenStream {
    let name = format_ident!("{}Request", op.type_prefix);
    let mut fields = TokenStream::new();
    let mut checks = TokenStream::new();
    for p in &op.params {
        let doc = if p.doc.is_empty() {
            doc_attrs(&[format!(
                "The `{}` {} parameter.",
                p.name,
                location_name(p.location)
            )])
        } else {
            doc_attrs(&p.doc)
        };
        let f = ident(&p.field);
        let ty = param_type(space, p);
        fields.extend(quote!(#doc pub #f: #ty,));
        let check = shape_checks(&p.shape, quote!(value));
        if !check.is_empty() {
            let loc = location_name(p.location);
            let pname = &p.name;
            let bind = if p.required {
                quote!(let value = &self.#f; #check)
            } else {
                quote!(if let ::std::option::Option::Some(value) = &self.#f { #check })
            };
            checks.extend(quote! {
                {
                    let mark = at.push(#loc);
                    at.push(#pname);
                    #bind
                    at.pop(mark);
                }
            });
        }
    }
    let mut extra = TokenStream::new();
    if let Some(body) = &op.body {
        let ty = body_type(space, op, body);
        let ty_field = if body.required {
            ty.clone()
        } else {
            quote!(::std::option::Option<#ty>)
        };
        fields.extend(quote!(/// The request body.
            pub body: #ty_field,));
        let body_check = body_checks(body, &ty);
        if !body_check.is_empty() {
            let bind = if body.required {
                quote!(let value = &self.body; #body_check)
            } else {
                quote!(if let ::std::option::Option::Some(value) = &self.body { #body_check })
            };
            checks.extend(quote! {
                {
                    let mark = at.push("body");
                    #bind
                    at.pop(mark);
                }
            });
        }
        if body.contents.len() > 1 {
            let vs = body.contents.iter().map(|c| {
                let v = format_ident!("{}", c.variant);
                let t = content_type(space, c);
                let doc = format!(" `{}`", c.media);
                quote!(#[doc = #doc] #v(#t))
            });
            let body_name = format_ident!("{}Body", op.type_prefix);
            extra.extend(quote! {
                /// The request body, by media type.
                #[derive(::std::fmt::Debug, ::std::clone::Clone)]
                pub enum #body_name { #(#vs,)* }
            });
        }
    }
    if !op.security.is_empty() {
        fields.extend(quote! {
            /// The credentials the request presented (already accepted by `authenticate`).
            pub credential: ::std::option::Option<::pactum::server::Credential>,
        });
    }
    let (at, out) = if checks.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    let doc = format!(" The decoded, validated request of `{}`.", op.id);
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct #name { #fields }

        #extra

        impl ::pactum::Validate for #name {
            #[allow(unused_variables, unused_parens, clippy::all)]
            fn validate_at(&self, #at: &mut ::pactum::Pointer, #out: &mut ::pactum::Violations) {
                #checks
            }
        }
    }
}

pub(crate) fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

/// The type of a response body; `bytes` is the path of the `Bytes` type to use (the server's
/// or the client's re-export: the same `bytes::Bytes`).
pub(crate) fn response_content_type(
    space: &TypeSpace,
    c: &Content,
    bytes: &TokenStream,
) -> TokenStream {
    match c.codec {
        Codec::Multipart(_) | Codec::Bytes => bytes.clone(),
        _ => content_type(space, c),
    }
}

/// The declaration of an operation's response enum (shared by the server and the client).
pub(crate) fn response_enum(space: &TypeSpace, op: &Operation, bytes: &TokenStream) -> TokenStream {
    let name = format_ident!("{}Response", op.type_prefix);
    let variants: TokenStream = op
        .responses
        .iter()
        .map(|v| response_variant(space, v, bytes).0)
        .collect();
    let doc = format!(
        " The responses `{}` declares: one variant per status code and media type.",
        op.id
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub enum #name { #variants }
    }
}

fn response_type(space: &TypeSpace, op: &Operation) -> TokenStream {
    let name = format_ident!("{}Response", op.type_prefix);
    let bytes = quote!(::pactum::server::Bytes);
    let arms: TokenStream = op
        .responses
        .iter()
        .map(|v| response_variant(space, v, &bytes).1)
        .collect();
    let body = if op.responses.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #arms })
    };
    let decl = response_enum(space, op, &bytes);
    quote! {
        #decl

        impl ::pactum::__private::axum::response::IntoResponse for #name {
            fn into_response(self) -> ::pactum::__private::axum::response::Response {
                #body
            }
        }
    }
}

fn response_variant(
    space: &TypeSpace,
    v: &ResponseVariant,
    bytes: &TokenStream,
) -> (TokenStream, TokenStream) {
    let name = format_ident!("{}", v.name);
    let mut doc_lines = v.doc.clone();
    if !doc_lines.is_empty() {
        doc_lines.push(String::new());
    }
    match v.status {
        Status::Code(c) => doc_lines.push(format!("Status {c}.")),
        Status::Range(r) => doc_lines.push(format!("Any status {r}00–{r}99 (in `status`).")),
        Status::Default => doc_lines.push("Any other status (in `status`).".to_owned()),
    }
    let doc = doc_attrs(&doc_lines);
    let has_status = v.status_is_variable();
    let status_expr = match v.status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(#c)
        }
        _ => quote!(status),
    };
    let media = v
        .content
        .as_ref()
        .map(|c| {
            if c.media.contains('*') {
                "application/octet-stream".to_owned()
            } else {
                c.media.clone()
            }
        })
        .unwrap_or_default();
    let header_pairs: Vec<TokenStream> = v
        .headers
        .iter()
        .map(|h| {
            let f = ident(&h.field);
            let n = &h.name;
            quote!((#n, ::pactum::server::header_value(&#f)))
        })
        .collect();
    let headers = quote!(::std::vec![#(#header_pairs),*]);
    let body_expr = match &v.content {
        None => {
            quote!(::pactum::server::reply_bytes(#status_expr, "", ::std::option::Option::None, #headers))
        }
        Some(c) => match c.codec {
            Codec::Json | Codec::Form(_) => {
                quote!(::pactum::server::reply(#status_expr, #media, ::std::option::Option::Some(&body), #headers))
            }
            Codec::Text => {
                quote!(::pactum::server::reply_bytes(#status_expr, #media, ::std::option::Option::Some(body.into_bytes()), #headers))
            }
            Codec::Bytes | Codec::Multipart(_) => {
                quote!(::pactum::server::reply_bytes(#status_expr, #media, ::std::option::Option::Some(body.to_vec()), #headers))
            }
        },
    };
    let simple_tuple = v.headers.is_empty() && !has_status && v.content.is_some();
    let unit = v.headers.is_empty() && !has_status && v.content.is_none();
    if unit {
        return (quote!(#doc #name,), quote!(Self::#name => #body_expr,));
    }
    if let (true, Some(c)) = (simple_tuple, &v.content) {
        let ty = response_content_type(space, c, bytes);
        return (
            quote!(#doc #name(#ty),),
            quote!(Self::#name(body) => #body_expr,),
        );
    }
    let mut fields = TokenStream::new();
    let mut binds = Vec::new();
    if has_status {
        fields.extend(quote!(/// The status code to send.
            status: u16,));
        binds.push(quote!(status));
    }
    if let Some(c) = &v.content {
        let ty = response_content_type(space, c, bytes);
        fields.extend(quote!(/// The body.
            body: #ty,));
        binds.push(quote!(body));
    }
    for h in &v.headers {
        let f = ident(&h.field);
        let ty = rust_type(space, &h.shape);
        let ty = if h.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let mut d = h.doc.clone();
        d.push(format!("The `{}` header.", h.name));
        let hdoc = doc_attrs(&d);
        fields.extend(quote!(#hdoc #f: #ty,));
        binds.push(quote!(#f));
    }
    (
        quote!(#doc #name { #fields },),
        quote!(Self::#name { #(#binds),* } => #body_expr,),
    )
}

impl ResponseVariant {
    pub(crate) fn status_is_variable(&self) -> bool {
        !matches!(self.status, Status::Code(_))
    }
}

fn runtime_param(op: &Operation, p: &Param) -> TokenStream {
    let name = &p.name;
    let (key, segment) = if p.location == Location::Path {
        route_key(op, &p.name)
    } else {
        (p.name.clone(), String::new())
    };
    let loc = format_ident!(
        "{}",
        match p.location {
            Location::Path => "Path",
            Location::Query => "Query",
            Location::Header => "Header",
            Location::Cookie => "Cookie",
        }
    );
    let scalar = |s: Scalar| {
        let s = format_ident!("{s:?}");
        quote!(::pactum::server::Scalar::#s)
    };
    let shape = match p.wire {
        Wire::Scalar(s) => {
            let s = scalar(s);
            quote!(::pactum::server::Shape::Scalar(#s))
        }
        Wire::Array(s) => {
            let s = scalar(s);
            quote!(::pactum::server::Shape::Array(#s))
        }
        Wire::Object => quote!(::pactum::server::Shape::Object),
    };
    let style = format_ident!("{}", p.style);
    let explode = p.explode;
    quote! {
        &::pactum::server::Param {
            name: #name,
            key: #key,
            segment: #segment,
            location: ::pactum::server::Location::#loc,
            shape: #shape,
            style: ::pactum::server::Style::#style,
            explode: #explode,
        }
    }
}

fn handler(
    space: &TypeSpace,
    op: &Operation,
    trait_ident: &proc_macro2::Ident,
    webhook: bool,
) -> TokenStream {
    let handler = format_ident!("handle_{}", op.method_name);
    let method = ident(&op.method_name);
    let req = format_ident!("{}Request", op.type_prefix);
    let limit = Literal::usize_unsuffixed(op.body.as_ref().map(|b| b.limit).unwrap_or(64 * 1024));
    let mut steps = TokenStream::new();
    let mut inits = Vec::new();
    let mut unwraps = TokenStream::new();
    if !op.security.is_empty() {
        let schemes = op.security.iter().map(|s| match s {
            Scheme::Bearer(n) => quote!(::pactum::server::Scheme::Bearer { name: #n }),
            Scheme::Basic(n) => quote!(::pactum::server::Scheme::Basic { name: #n }),
            Scheme::ApiKey(n, loc, key) => {
                let loc = format_ident!(
                    "{}",
                    match loc {
                        Location::Query => "Query",
                        Location::Cookie => "Cookie",
                        _ => "Header",
                    }
                );
                quote!(::pactum::server::Scheme::ApiKey { name: #n, location: ::pactum::server::Location::#loc, key: #key })
            }
        });
        let missing = if op.security_optional {
            quote!()
        } else {
            quote! {
                else {
                    return ::pactum::server::unauthorized(SCHEMES, "this operation requires credentials");
                }
            }
        };
        steps.extend(quote! {
            const SCHEMES: &[::pactum::server::Scheme] = &[#(#schemes),*];
            let credential = incoming.credential(SCHEMES);
            if let ::std::option::Option::Some(c) = &credential {
                if let ::std::result::Result::Err(p) = shared.api.authenticate(c).await {
                    return ::pactum::server::problem(p);
                }
            } #missing
        });
        inits.push(quote!(credential));
    }
    steps.extend(quote!(let mut out = ::pactum::Violations::new();));
    for p in &op.params {
        let f = ident(&p.field);
        let ty = rust_type(space, &p.shape);
        let rp = runtime_param(op, p);
        if p.required {
            steps.extend(quote!(let #f = incoming.required_param::<#ty>(#rp, &mut out);));
            unwraps.extend(quote! {
                let ::std::option::Option::Some(#f) = #f else { return ::pactum::server::internal(); };
            });
        } else {
            steps.extend(quote!(let #f = incoming.param::<#ty>(#rp, &mut out);));
        }
        inits.push(quote!(#f));
    }
    if let Some(body) = &op.body {
        let medias: Vec<&str> = body.contents.iter().map(|c| c.media.as_str()).collect();
        let several = body.contents.len() > 1;
        let body_enum = format_ident!("{}Body", op.type_prefix);
        let arms = body.contents.iter().enumerate().map(|(i, c)| {
            let i = Literal::usize_unsuffixed(i);
            let ty = content_type(space, c);
            let decode = match &c.codec {
                Codec::Json => quote!(incoming.json_body::<#ty>(&mut out)),
                Codec::Form(fields) => {
                    let fs = fields.iter().map(|(n, s, a, e)| {
                        let s = format_ident!("{s:?}");
                        quote!((#n, ::pactum::server::Scalar::#s, #a, #e))
                    });
                    quote!(incoming.form_body::<#ty>(&[#(#fs),*], &mut out))
                }
                Codec::Multipart(parts) if !parts.is_empty() && c.shape.is_some() => {
                    let specs = crate::emit_client::part_specs(parts);
                    quote!(incoming.multipart_typed_body::<#ty>(&[#(#specs),*], &mut out).await)
                }
                Codec::Multipart(_) => quote!(incoming.multipart_body(&mut out).await),
                Codec::Text => quote!(incoming.text_body(&mut out)),
                Codec::Bytes => quote!(::std::option::Option::Some(incoming.bytes_body())),
            };
            if several {
                let v = format_ident!("{}", c.variant);
                quote!(::std::result::Result::Ok(::std::option::Option::Some(#i)) => #decode.map(#body_enum::#v),)
            } else {
                quote!(::std::result::Result::Ok(::std::option::Option::Some(#i)) => #decode,)
            }
        });
        let missing = if body.required {
            quote!(incoming.missing_body(&mut out);)
        } else {
            quote!()
        };
        steps.extend(quote! {
            let body = match incoming.pick_media_type(&[#(#medias),*]) {
                #(#arms)*
                ::std::result::Result::Ok(_) => {
                    #missing
                    ::std::option::Option::None
                }
                ::std::result::Result::Err(response) => return response,
            };
        });
        if body.required {
            unwraps.extend(quote! {
                let ::std::option::Option::Some(body) = body else { return ::pactum::server::internal(); };
            });
        }
        inits.push(quote!(body));
    }
    let declares_422 = op.responses.iter().any(|r| r.status == Status::Code(422));
    let uses_incoming = !op.params.is_empty() || op.body.is_some() || !op.security.is_empty();
    let incoming_name = if uses_incoming {
        quote!(incoming)
    } else {
        quote!(_incoming)
    };
    // the verifying layer put the delivery's event id in the extensions
    let (event_id, event_arg) = if webhook {
        (
            quote! {
                let event_id = request
                    .extensions()
                    .get::<::pactum::server::webhook::EventId>()
                    .cloned()
                    .unwrap_or(::pactum::server::webhook::EventId(::std::option::Option::None));
            },
            quote!(event_id,),
        )
    } else {
        (quote!(), quote!())
    };
    quote! {
        #[allow(dead_code)]
        async fn #handler<A: #trait_ident>(
            ::pactum::__private::axum::extract::State(shared): ::pactum::__private::axum::extract::State<::std::sync::Arc<::pactum::server::Shared<A>>>,
            path: ::pactum::__private::axum::extract::RawPathParams,
            request: ::pactum::__private::axum::extract::Request,
        ) -> ::pactum::__private::axum::response::Response {
            let limit = shared.settings.body_limit.unwrap_or(#limit);
            #event_id
            let #incoming_name = match ::pactum::server::Incoming::read(path, request, limit).await {
                ::std::result::Result::Ok(incoming) => incoming,
                ::std::result::Result::Err(response) => return response,
            };
            #steps
            if !out.is_empty() {
                return ::pactum::server::invalid_request(&shared.settings, out, #declares_422);
            }
            #unwraps
            let request = #req { #(#inits),* };
            ::pactum::Validate::validate_at(&request, &mut ::pactum::Pointer::root(), &mut out);
            if !out.is_empty() {
                return ::pactum::server::invalid_request(&shared.settings, out, #declares_422);
            }
            ::pactum::__private::axum::response::IntoResponse::into_response(shared.api.#method(#event_arg request).await)
        }
    }
}
