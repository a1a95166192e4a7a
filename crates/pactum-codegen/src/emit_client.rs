//! [`Operation`]s → the client: a `Client` over `pactum::client` (reqwest, retries) with one
//! typed async method per operation, an `<Op>Options` struct for its optional inputs, and the
//! decoding of every declared response into the operation's response enum.
//!
//! Types and validation come from [`crate::emit_types`] and [`crate::emit_validate`]; the
//! response enums are the server's ([`crate::emit_server::response_enum`]), declared once
//! when both are generated.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit_server::{
    body_checks, content_type, location_name, response_content_type, response_enum,
};
use crate::emit_types::{doc_attrs, rust_type};
use crate::emit_validate::shape_checks;
use crate::naming::{ident, snake, Namer};
use crate::operations::{
    wire_of, Body, Codec, Content, Location, Operation, Origin, Param, ResponseVariant, Scalar,
    Scheme, Status, Wire,
};
use crate::schemas::TypeSpace;

/// The client part: per-operation option structs and the `Client` with one method each.
/// `with_server`: the server part was generated too (its response enums and body enums are
/// reused).
pub fn emit_client(space: &TypeSpace, ops: &[Operation], with_server: bool) -> TokenStream {
    let (items, methods) = emit_methods(space, ops, with_server, false);
    let auth = auth_setters(ops);
    quote! {
        #items

        /// A typed client of the contract's operations, over `reqwest`, with timeouts,
        /// retries (exponential backoff with full jitter, `Retry-After`, idempotency keys)
        /// and request validation; see `pactum::client::Config`.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            inner: ::pactum::client::Client,
        }

        impl Client {
            /// A client of the API at `base_url` (such as `https://api.example.com/v2`) with
            /// the default configuration.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, ::pactum::client::Error> {
                Self::with_config(base_url, ::pactum::client::Config::default())
            }

            /// A client of the API at `base_url` with `config`.
            pub fn with_config(
                base_url: &str,
                config: ::pactum::client::Config,
            ) -> ::std::result::Result<Self, ::pactum::client::Error> {
                ::std::result::Result::Ok(Client {
                    inner: ::pactum::client::Client::new(base_url, config)?,
                })
            }

            /// A client over a runtime client you built (for example around your own
            /// `reqwest::Client`).
            pub fn from_inner(inner: ::pactum::client::Client) -> Self {
                Client { inner }
            }

            /// The runtime client (configuration, credentials).
            pub fn inner(&mut self) -> &mut ::pactum::client::Client {
                &mut self.inner
            }

            #auth
            #methods
        }
    }
}

/// Per-operation items (response and body enums unless `with_server`, decoders, options) and
/// the methods calling each operation.
fn emit_methods(
    space: &TypeSpace,
    ops: &[Operation],
    with_server: bool,
    sender: bool,
) -> (TokenStream, TokenStream) {
    let mut items = TokenStream::new();
    let mut methods = TokenStream::new();
    let bytes = quote!(::pactum::client::Bytes);
    for op in ops {
        if !with_server {
            items.extend(response_enum(space, op, &bytes));
            items.extend(body_enum(space, op));
        }
        items.extend(decoder(space, op));
        let (options, method) = method(space, op, sender);
        items.extend(options);
        methods.extend(method);
    }
    (items, methods)
}

/// The provider side of webhooks and callbacks: a `Sender` with one method per operation that
/// takes the target URL and the typed inputs, validates them like the client, signs the body
/// with every configured secret in the generated `SIGNATURE_HEADER`, sends an event id
/// (generated unless given in the options; the same on every retry, which makes deliveries
/// retryable) and decodes the declared responses. `with_receiver`: the receiver was generated
/// too (its response and body enums are reused).
pub fn emit_sender(space: &TypeSpace, ops: &[Operation], with_receiver: bool) -> TokenStream {
    let (items, methods) = emit_methods(space, ops, with_receiver, true);
    let auth = auth_setters(ops);
    quote! {
        #items

        /// Delivers the contract's webhooks and callbacks: each method signs the body (see
        /// [`SIGNATURE_HEADER`]), sends an event id ([`EVENT_ID_HEADER`]), and retries per
        /// `pactum::client::Config` (timeouts, backoff with jitter, `Retry-After`) with the
        /// same event id, so that receivers can de-duplicate.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Sender {
            inner: ::pactum::client::Client,
            secrets: ::pactum::client::Secrets,
        }

        impl Sender {
            /// A sender signing with `secret`, with the default configuration.
            pub fn new(secret: impl ::std::convert::AsRef<[u8]>) -> ::std::result::Result<Self, ::pactum::client::Error> {
                Self::with_config(secret, ::pactum::client::Config::default())
            }

            /// A sender signing with `secret`, with `config`.
            pub fn with_config(
                secret: impl ::std::convert::AsRef<[u8]>,
                config: ::pactum::client::Config,
            ) -> ::std::result::Result<Self, ::pactum::client::Error> {
                ::std::result::Result::Ok(Sender {
                    inner: ::pactum::client::Client::without_base(config)?,
                    secrets: ::pactum::client::Secrets::new(secret),
                })
            }

            /// A sender over a runtime client you built (its base URL is not used).
            pub fn from_inner(inner: ::pactum::client::Client, secret: impl ::std::convert::AsRef<[u8]>) -> Self {
                Sender { inner, secrets: ::pactum::client::Secrets::new(secret) }
            }

            /// Also signs with `secret` (during a rotation every delivery carries one
            /// signature per secret, so receivers with either secret accept it).
            pub fn with_secret(mut self, secret: impl ::std::convert::AsRef<[u8]>) -> Self {
                self.secrets.push(secret);
                self
            }

            /// The runtime client (configuration, credentials).
            pub fn inner(&mut self) -> &mut ::pactum::client::Client {
                &mut self.inner
            }

            #auth
            #methods
        }
    }
}

/// Setters for the credentials of every security scheme the operations use.
fn auth_setters(ops: &[Operation]) -> TokenStream {
    let mut seen = BTreeSet::new();
    let mut names =
        Namer::with_reserved(&["new", "with_config", "from_inner", "inner", "with_secret"]);
    for op in ops {
        names.unique(&op.method_name);
    }
    let mut out = TokenStream::new();
    for op in ops {
        for s in &op.security {
            let scheme_name = match s {
                Scheme::Bearer(n) | Scheme::Basic(n) | Scheme::ApiKey(n, _, _) => n,
            };
            if !seen.insert(scheme_name.clone()) {
                continue;
            }
            let f = ident(&names.unique(&format!("with_{}", snake(scheme_name))));
            out.extend(match s {
                Scheme::Bearer(_) => {
                    let doc = format!(" Sends `token` as `Authorization: Bearer` for the `{scheme_name}` scheme.");
                    quote! {
                        #[doc = #doc]
                        pub fn #f(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                            self.inner.set_credentials(#scheme_name, ::pactum::client::Credentials::Bearer(token.into()));
                            self
                        }
                    }
                }
                Scheme::Basic(_) => {
                    let doc = format!(" Sends `user` and `password` as HTTP basic credentials for the `{scheme_name}` scheme.");
                    quote! {
                        #[doc = #doc]
                        pub fn #f(
                            mut self,
                            user: impl ::std::convert::Into<::std::string::String>,
                            password: impl ::std::convert::Into<::std::string::String>,
                        ) -> Self {
                            self.inner.set_credentials(#scheme_name, ::pactum::client::Credentials::Basic {
                                user: user.into(),
                                password: password.into(),
                            });
                            self
                        }
                    }
                }
                Scheme::ApiKey(_, loc, key) => {
                    let doc = format!(
                        " Sends `key` as the API key of the `{scheme_name}` scheme (the `{key}` {}).",
                        location_name(*loc)
                    );
                    quote! {
                        #[doc = #doc]
                        pub fn #f(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                            self.inner.set_credentials(#scheme_name, ::pactum::client::Credentials::ApiKey(key.into()));
                            self
                        }
                    }
                }
            });
        }
    }
    out
}

fn client_content_type(space: &TypeSpace, c: &Content) -> TokenStream {
    match &c.codec {
        Codec::Multipart(parts) => match &c.shape {
            Some(shape) if !parts.is_empty() => rust_type(space, shape),
            _ => quote!(::pactum::MultipartForm),
        },
        _ => response_content_type(space, c, &quote!(::pactum::client::Bytes)),
    }
}

fn body_type(space: &TypeSpace, op: &Operation, body: &Body) -> TokenStream {
    if body.contents.len() == 1 {
        client_content_type(space, &body.contents[0])
    } else {
        let name = format_ident!("{}Body", op.type_prefix);
        quote!(#name)
    }
}

/// The request body enum of an operation with several media types (client only: the server
/// declares the same enum when it is generated).
fn body_enum(space: &TypeSpace, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else {
        return TokenStream::new();
    };
    if body.contents.len() < 2 {
        return TokenStream::new();
    }
    let vs = body.contents.iter().map(|c| {
        let v = format_ident!("{}", c.variant);
        let t = client_content_type(space, c);
        let doc = format!(" `{}`", c.media);
        quote!(#[doc = #doc] #v(#t))
    });
    let name = format_ident!("{}Body", op.type_prefix);
    quote! {
        /// The request body, by media type.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub enum #name { #(#vs,)* }
    }
}

/// The contract's idempotency-key header, which the client fills in when the caller does not.
fn is_idempotency_key(p: &Param) -> bool {
    p.location == Location::Header && p.name.eq_ignore_ascii_case("idempotency-key")
}

/// Whether a parameter is a method argument (else a field of the options struct).
fn is_argument(p: &Param) -> bool {
    p.required && !is_idempotency_key(p)
}

fn method(space: &TypeSpace, op: &Operation, sender: bool) -> (TokenStream, TokenStream) {
    let m = ident(&op.method_name);
    let resp = format_ident!("{}Response", op.type_prefix);
    let options_name = format_ident!("{}Options", op.type_prefix);
    let mut args = Vec::new();
    if sender {
        args.push(quote!(url: &str));
    }
    let mut option_fields = TokenStream::new();
    let mut checks = TokenStream::new();
    let mut encode = TokenStream::new();
    for p in &op.params {
        let f = ident(&p.field);
        let ty = rust_type(space, &p.shape);
        let name = &p.name;
        let doc = if p.doc.is_empty() {
            vec![format!(
                "The `{}` {} parameter.",
                p.name,
                location_name(p.location)
            )]
        } else {
            p.doc.clone()
        };
        let (access, bind) = if is_argument(p) {
            args.push(quote!(#f: #ty));
            (quote!(&#f), quote!(let value = &#f;))
        } else {
            let mut doc = doc.clone();
            if is_idempotency_key(p) {
                doc.push(String::new());
                doc.push(
                    "When `None`, the client sends a random UUID (the same on every retry)."
                        .to_owned(),
                );
            }
            let doc = doc_attrs(&doc);
            option_fields.extend(quote!(#doc pub #f: ::std::option::Option<#ty>,));
            (
                quote!(&options.#f),
                quote!(let ::std::option::Option::Some(value) = &options.#f else { break 'check; };),
            )
        };
        let check = shape_checks(&p.shape, quote!(value));
        if !check.is_empty() {
            let loc = location_name(p.location);
            checks.extend(quote! {
                'check: {
                    #bind
                    let mark = at.push(#loc);
                    at.push(#name);
                    #check
                    at.pop(mark);
                }
            });
        }
        let style = format_ident!("{}", p.style);
        let explode = p.explode;
        let call = match p.location {
            Location::Path => {
                quote!(request.path(#name, value, ::pactum::client::Style::#style, #explode)?;)
            }
            Location::Query => {
                quote!(request.query(#name, value, ::pactum::client::Style::#style, #explode)?;)
            }
            Location::Header => quote!(request.header(#name, value, #explode)?;),
            Location::Cookie => quote!(request.cookie(#name, value, #explode)?;),
        };
        encode.extend(quote!({ let value = #access; #call }));
        if is_idempotency_key(p) {
            encode.extend(quote!(request.idempotency_key(#name);));
        }
    }
    if let Some(body) = &op.body {
        let ty = body_type(space, op, body);
        let (access, bind) = if body.required {
            args.push(quote!(body: #ty));
            (quote!(&body), quote!(let value = &body;))
        } else {
            option_fields.extend(quote!(/// The request body.
                pub body: ::std::option::Option<#ty>,));
            (
                quote!(&options.body),
                quote!(let ::std::option::Option::Some(value) = &options.body else { break 'check; };),
            )
        };
        let several = body.contents.len() > 1;
        let body_check = body_checks(body, &ty);
        if !body_check.is_empty() {
            checks.extend(quote! {
                'check: {
                    #bind
                    let mark = at.push("body");
                    #body_check
                    at.pop(mark);
                }
            });
        }
        let send_one = |c: &Content, value: TokenStream| {
            let media = &c.media;
            match &c.codec {
                Codec::Json => quote!(request.json(#media, #value)?;),
                Codec::Form(fields) => {
                    let unexploded = fields
                        .iter()
                        .filter(|(_, _, array, explode)| *array && !*explode)
                        .map(|(n, ..)| n);
                    quote!(request.form_with(#value, &[#(#unexploded),*])?;)
                }
                Codec::Multipart(parts) if parts.is_empty() || c.shape.is_none() => {
                    quote!(request.multipart(#value);)
                }
                Codec::Multipart(parts) => {
                    let specs = part_specs(parts);
                    quote!(request.multipart_typed(#value, &[#(#specs),*])?;)
                }
                Codec::Text => {
                    quote!(request.bytes(#media, ::std::string::String::from(::std::clone::Clone::clone(#value)));)
                }
                Codec::Bytes => {
                    quote!(request.bytes(#media, ::std::clone::Clone::clone(#value));)
                }
            }
        };
        let send = if several {
            let arms = body.contents.iter().map(|c| {
                let v = format_ident!("{}", c.variant);
                let s = send_one(c, quote!(value));
                quote!(#ty::#v(value) => { #s })
            });
            quote!(match value { #(#arms)* })
        } else {
            send_one(&body.contents[0], quote!(value))
        };
        encode.extend(if body.required {
            quote!({ let value = #access; #send })
        } else {
            quote!(if let ::std::option::Option::Some(value) = #access { #send })
        });
    }
    if !op.security.is_empty() {
        let schemes = op.security.iter().map(|s| match s {
            Scheme::Bearer(n) => quote!(::pactum::client::Scheme::Bearer { name: #n }),
            Scheme::Basic(n) => quote!(::pactum::client::Scheme::Basic { name: #n }),
            Scheme::ApiKey(n, loc, key) => {
                let loc = format_ident!(
                    "{}",
                    match loc {
                        Location::Query => "Query",
                        Location::Cookie => "Cookie",
                        _ => "Header",
                    }
                );
                quote!(::pactum::client::Scheme::ApiKey { name: #n, location: ::pactum::client::KeyLocation::#loc, key: #key })
            }
        });
        encode.extend(quote! {
            const SCHEMES: &[::pactum::client::Scheme] = &[#(#schemes),*];
            request.security(SCHEMES);
        });
    }
    if sender {
        option_fields.extend(quote! {
            /// The delivery's event id, sent in [`EVENT_ID_HEADER`]; `None` sends a random UUID.
            /// Pass the same id when you deliver the same event again, so that receivers
            /// de-duplicate it.
            pub event_id: ::std::option::Option<::std::string::String>,
        });
        encode.extend(quote! {
            let event_id = options.event_id.clone().unwrap_or_else(::pactum::client::new_event_id);
            request.event_id(EVENT_ID_HEADER, &event_id);
            request.sign(SIGNATURE_HEADER, &self.secrets);
        });
    }
    let has_options = !option_fields.is_empty();
    let options_item = if has_options {
        let doc = format!(
            " The optional inputs of `{}`: `{}::default()` omits them all.",
            op.id, options_name
        );
        quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default)]
            pub struct #options_name { #option_fields }
        }
    } else {
        TokenStream::new()
    };
    if has_options {
        args.push(quote!(options: #options_name));
    }
    let validate = if checks.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            if self.inner.config().validate_requests {
                let mut violations = ::pactum::Violations::new();
                {
                    let at = &mut ::pactum::Pointer::root();
                    let out = &mut violations;
                    #checks
                }
                if !violations.is_empty() {
                    return ::std::result::Result::Err(::pactum::client::Error::InvalidRequest(violations.into_vec()));
                }
            }
        }
    };
    let mut doc = op.doc.clone();
    if sender {
        doc.push(String::new());
        doc.push(match &op.origin {
            Origin::Callback { expression, .. } => format!(
                "Delivers it to `url` (the expression `{expression}` evaluated against the request that subscribed), signed, with an event id."
            ),
            _ => "Delivers it to `url` (the full URL the receiver registered), signed, with an event id.".to_owned(),
        });
    }
    doc.push(String::new());
    doc.push(format!(
        "Returns the declared response for any declared status; `Err` for a transport failure, a timeout, an undeclared status, an undecodable body{}.",
        if validate.is_empty() { "" } else { " or a request that breaks the contract" }
    ));
    let doc = doc_attrs(&doc);
    let method_lit = &op.method;
    let path_lit = if sender {
        ""
    } else {
        op.path.split(['?', '#']).next().unwrap_or(&op.path)
    };
    let send = if sender {
        quote!(self.inner.send_to(url, request).await?)
    } else {
        quote!(self.inner.send(request).await?)
    };
    // an operation without parameters, body or security leaves the request as it is
    let request_binding = if encode.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let method = quote! {
        #doc
        #[allow(clippy::too_many_arguments, unused_labels)]
        pub async fn #m(&self, #(#args),*) -> ::std::result::Result<#resp, ::pactum::client::Error> {
            #validate
            let #request_binding = ::pactum::client::Request::new(#method_lit, #path_lit);
            #encode
            let raw = #send;
            #resp::from_raw(raw)
        }
    };
    (options_item, method)
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    }
}

/// `<Op>Response::from_raw`: the variant for the status (exact codes before ranges before
/// `default`) and media type; an undeclared status is `Error::UnexpectedStatus`.
fn decoder(space: &TypeSpace, op: &Operation) -> TokenStream {
    let resp = format_ident!("{}Response", op.type_prefix);
    let mut ordered: Vec<&ResponseVariant> = op.responses.iter().collect();
    ordered.sort_by_key(|v| status_rank(v.status));
    let status_cond = |v: &ResponseVariant| match v.status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(raw.status == #c)
        }
        Status::Range(r) => {
            let r = Literal::u16_unsuffixed(r);
            quote!(raw.status / 100 == #r)
        }
        Status::Default => quote!(true),
    };
    let mut by_media = TokenStream::new();
    let mut by_status = TokenStream::new();
    for v in &ordered {
        let cond = status_cond(v);
        let build = construct(space, v);
        if let Some(c) = &v.content {
            let media = &c.media;
            by_media.extend(quote!(if #cond && raw.media_is(#media) { return #build; }));
        }
        by_status.extend(quote!(if #cond { return #build; }));
    }
    let doc = format!(
        " Decodes an answer to `{}` into the declared response for its status and media type.",
        op.id
    );
    quote! {
        impl #resp {
            #[doc = #doc]
            pub fn from_raw(raw: ::pactum::client::RawResponse) -> ::std::result::Result<Self, ::pactum::client::Error> {
                #by_media
                #by_status
                ::std::result::Result::Err(raw.unexpected())
            }
        }
    }
}

fn construct(space: &TypeSpace, v: &ResponseVariant) -> TokenStream {
    let name = format_ident!("{}", v.name);
    let body = v.content.as_ref().map(|c| match c.codec {
        Codec::Json | Codec::Form(_) => {
            let ty = content_type(space, c);
            quote!(raw.json::<#ty>()?)
        }
        Codec::Text => quote!(raw.text()?),
        Codec::Bytes | Codec::Multipart(_) => quote!(raw.bytes()),
    });
    let has_status = !matches!(v.status, Status::Code(_));
    if v.headers.is_empty() && !has_status {
        return match body {
            None => quote!(::std::result::Result::Ok(Self::#name)),
            Some(b) => quote!(::std::result::Result::Ok(Self::#name(#b))),
        };
    }
    let mut fields = TokenStream::new();
    if has_status {
        fields.extend(quote!(status: raw.status,));
    }
    if let Some(b) = body {
        fields.extend(quote!(body: #b,));
    }
    for h in &v.headers {
        let f = ident(&h.field);
        let ty = rust_type(space, &h.shape);
        let n = &h.name;
        let (scalar, list) = match wire_of(space, &h.shape) {
            Wire::Scalar(s) => (s, false),
            Wire::Array(s) => (s, true),
            Wire::Object => (Scalar::String, false),
        };
        let scalar = format_ident!("{scalar:?}");
        let value = if h.required {
            quote!(raw.required_header::<#ty>(#n, ::pactum::client::Scalar::#scalar, #list)?)
        } else {
            // an optional header that does not decode is treated as absent
            quote!(raw.header::<#ty>(#n, ::pactum::client::Scalar::#scalar, #list).ok().flatten())
        };
        fields.extend(quote!(#f: #value,));
    }
    quote!(::std::result::Result::Ok(Self::#name { #fields }))
}

/// `pactum::PartSpec` literals of a typed multipart body.
pub(crate) fn part_specs(parts: &[crate::operations::PartField]) -> Vec<TokenStream> {
    parts
        .iter()
        .map(|p| {
            let name = &p.name;
            let kind = format_ident!("{}", p.kind);
            let array = p.array;
            let ct = match &p.content_type {
                Some(ct) => quote!(::std::option::Option::Some(#ct)),
                None => quote!(::std::option::Option::None),
            };
            quote!(::pactum::PartSpec { name: #name, kind: ::pactum::PartKind::#kind, array: #array, content_type: #ct })
        })
        .collect()
}
