//! The proc macros of pactum — a thin shell over `pactum-codegen`: parse the arguments, load
//! the contract, call the generator, and turn every error into a `compile_error!` on the
//! spec-path literal (with the contract's own file:line:col in the message).

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// Generates types, validation, (with `server`) an axum server and (with `client`) a typed
/// reqwest client from an OpenAPI contract.
///
/// ```ignore
/// mod petstore {
///     pactum::api!(spec = "specs/petstore/v2.yaml", server);
/// }
/// // or, for part of a large contract:
/// pactum::api!(spec = "openapi.yaml", server, module = github, operations = ["repos/get"], tags = ["issues"]);
/// ```
///
/// Arguments: `spec = "path"` (relative to the crate's `Cargo.toml`), `server`, `client`,
/// `receiver` (the `Webhooks` trait and `webhooks_router` for the contract's 3.1 `webhooks`
/// and operation `callbacks`, behind signature verification; feature `server`), `sender`
/// (the `Sender` delivering them, signed; feature `client`), `operations = [..]`,
/// `tags = [..]` (keep only those; the union of both), `module = name` (wrap the output in
/// `pub mod name`), `trait_name = Name` (default `Api`).
///
/// ```ignore
/// pactum::api!(spec = "openapi.yaml", receiver, module = hooks);   // the consumer's side
/// pactum::api!(spec = "openapi.yaml", sender, module = deliver);   // the provider's side
/// ```
///
/// Both sides sign and verify with the header named by the contract's root extension
/// `x-pactum-signature-header` (default `Pactum-Signature`) and send/read the event id in
/// `x-pactum-event-id-header` (default `Pactum-Event-Id`); webhooks are mounted at
/// `/<name>`, callbacks at `/<callback name><path after the URL expression's base>`.
#[proc_macro]
pub fn api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error().into(),
    };
    expand(args).into()
}

struct Args {
    spec: LitStr,
    server: bool,
    client: bool,
    receiver: bool,
    sender: bool,
    operations: Vec<LitStr>,
    tags: Vec<LitStr>,
    module: Option<Ident>,
    trait_name: Option<Ident>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut spec = None;
        let mut server = false;
        let mut client = false;
        let mut receiver = false;
        let mut sender = false;
        let mut operations = Vec::new();
        let mut tags = Vec::new();
        let mut module = None;
        let mut trait_name = None;
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            match key.to_string().as_str() {
                "server" => server = true,
                "client" => client = true,
                "receiver" => receiver = true,
                "sender" => sender = true,
                "spec" => {
                    input.parse::<Token![=]>()?;
                    spec = Some(input.parse::<LitStr>()?);
                }
                "operations" | "tags" => {
                    input.parse::<Token![=]>()?;
                    let content;
                    bracketed!(content in input);
                    let list: Punctuated<LitStr, Token![,]> =
                        content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
                    if key == "tags" {
                        tags.extend(list);
                    } else {
                        operations.extend(list);
                    }
                }
                "module" => {
                    input.parse::<Token![=]>()?;
                    module = Some(input.parse()?);
                }
                "trait_name" => {
                    input.parse::<Token![=]>()?;
                    trait_name = Some(input.parse()?);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{other}`; expected spec, server, client, receiver, sender, operations, tags, module or trait_name"),
                    ))
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        let spec = spec.ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "missing `spec = \"path/to/openapi.yaml\"`",
            )
        })?;
        Ok(Args {
            spec,
            server,
            client,
            receiver,
            sender,
            operations,
            tags,
            module,
            trait_name,
        })
    }
}

fn expand(args: Args) -> TokenStream {
    let root = std::env::var("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let path = root.join(args.spec.value());
    let span = args.spec.span();
    if !path.is_file() {
        let msg = format!(
            "cannot read the contract `{}`: no such file (paths are relative to the crate's Cargo.toml)",
            args.spec.value()
        );
        return quote::quote_spanned!(span=> ::core::compile_error!(#msg);)
            .into_iter()
            .collect();
    }
    let loaded =
        std::panic::catch_unwind(|| pactum_spec::load(&path, &pactum_spec::Options::default()));
    let spec = match loaded {
        Ok(Ok(spec)) => spec,
        Ok(Err(errors)) => {
            let msgs = errors.iter().map(|e| {
                let lc = e.line_col();
                let file = relative(&root, &e.file_name());
                format!("{file}:{}:{}: {}", lc.line, lc.column, e.message)
            });
            return errors_at(span, msgs);
        }
        Err(_) => return errors_at(span, ["the contract loader failed unexpectedly".to_owned()]),
    };
    let options = pactum_codegen::Options {
        server: args.server,
        client: args.client,
        operations: args.operations.iter().map(LitStr::value).collect(),
        tags: args.tags.iter().map(LitStr::value).collect(),
        trait_name: args.trait_name.as_ref().map(ToString::to_string),
        receiver: args.receiver,
        sender: args.sender,
    };
    let code = match pactum_codegen::generate_tokens(&spec, &options) {
        Ok(code) => code,
        Err(errors) => {
            return errors_at(span, errors.iter().map(|e| relative(&root, &e.to_string())))
        }
    };
    let files = spec
        .source_map
        .files()
        .map(|f| root.join(&f.path).display().to_string());
    let body = quote! {
        #(const _: &[u8] = include_bytes!(#files);)*
        #code
    };
    match args.module {
        Some(m) => quote! {
            #[allow(missing_docs, clippy::all)]
            pub mod #m { #body }
        },
        None => body,
    }
}

/// Checks a hand-written struct or enum against a schema of a contract at compile time, and
/// implements `pactum::Validate` from the schema's constraints.
///
/// ```ignore
/// #[derive(serde::Deserialize, pactum::Contract)]
/// #[contract(spec = "specs/petstore/v2.yaml", schema = "NewPet")]
/// struct NewPet {
///     name: String,
///     species: Species, // a type of yours, with its own derive
///     birth_date: Option<chrono::NaiveDate>,
///     tags: Option<Vec<String>>,
/// }
/// ```
///
/// Checks that every required property has a field, that no field is unknown to a closed
/// schema, optionality and nullability (`T`, `Option<T>`, `pactum::Nullable<T>`), type
/// compatibility, and enum values, honouring serde's `rename`, `rename_all`, `skip` and
/// `flatten`. Each mismatch is a compile error on the field naming the property's file:line.
#[proc_macro_derive(Contract, attributes(contract))]
pub fn derive_contract(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = match syn::parse::<syn::DeriveInput>(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error().into(),
    };
    let root = std::env::var("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let expanded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pactum_codegen::derive::derive_contract(&input, &root)
    }));
    match expanded {
        Ok(tokens) => tokens.into(),
        Err(_) => syn::Error::new(input.ident.span(), "pactum's derive failed unexpectedly")
            .to_compile_error()
            .into(),
    }
}

fn errors_at(span: Span, messages: impl IntoIterator<Item = String>) -> TokenStream {
    messages
        .into_iter()
        .map(|m| quote::quote_spanned!(span=> ::core::compile_error!(#m);))
        .collect()
}

/// Shows paths inside the crate relative to its `Cargo.toml`, so messages are the same on
/// every machine.
fn relative(root: &std::path::Path, text: &str) -> String {
    let prefix = format!("{}/", root.display());
    text.replace(&prefix, "")
}
