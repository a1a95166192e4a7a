//! `#[derive(pactum::Contract)]`: checks a hand-written struct or enum against a schema of a
//! contract at compile time, and implements `pactum::Validate` from the schema.
//!
//! The schema is read through the same [`TypeSpace`] as generated types, so a hand-written
//! type is held to exactly what `pactum::api!` would generate. Every mismatch is one
//! `syn::Error` on the offending field (or the type's name, for a missing property), naming
//! the property's `file:line` in the contract; all are reported at once.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::emit_validate::shape_checks;
use crate::model::{Kind, Prim, Shape, Struct, Ty, TypeDef};
use crate::naming::snake;
use crate::pointer::segment;
use crate::schemas::TypeSpace;

/// Expands the derive: the `Validate` impl, or one `compile_error!` per mismatch.
/// `root` is the directory the `spec` path is relative to (the crate's `CARGO_MANIFEST_DIR`).
pub fn derive_contract(input: &DeriveInput, root: &Path) -> TokenStream {
    match expand(input, root) {
        Ok(tokens) => tokens,
        Err(errors) => errors.iter().map(syn::Error::to_compile_error).collect(),
    }
}

struct Args {
    spec: LitStr,
    schema: LitStr,
}

fn args(input: &DeriveInput) -> Result<Args, Vec<syn::Error>> {
    let mut spec = None;
    let mut schema = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("contract")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("spec") {
                spec = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("schema") {
                schema = Some(meta.value()?.parse::<LitStr>()?);
            } else {
                return Err(meta.error("expected `spec = \"…\"` or `schema = \"…\"`"));
            }
            Ok(())
        })
        .map_err(|e| vec![e])?;
    }
    match (spec, schema) {
        (Some(spec), Some(schema)) => Ok(Args { spec, schema }),
        _ => Err(vec![syn::Error::new(
            input.ident.span(),
            "add `#[contract(spec = \"path/to/openapi.yaml\", schema = \"Name\")]`",
        )]),
    }
}

/// What serde does with a field or variant name.
#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    rename_all: Option<String>,
    skip: bool,
    flatten: bool,
}

fn serde_attrs(attrs: &[syn::Attribute]) -> Result<SerdeAttrs, syn::Error> {
    let mut out = SerdeAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let p = &meta.path;
            if p.is_ident("rename") || p.is_ident("rename_all") {
                let all = p.is_ident("rename_all");
                let value = if meta.input.peek(syn::Token![=]) {
                    Some(meta.value()?.parse::<LitStr>()?.value())
                } else {
                    // rename(serialize = "…", deserialize = "…"): the deserialize name wins
                    let mut de = None;
                    meta.parse_nested_meta(|inner| {
                        let v = inner.value()?.parse::<LitStr>()?.value();
                        if inner.path.is_ident("deserialize") || de.is_none() {
                            de = Some(v);
                        }
                        Ok(())
                    })?;
                    de
                };
                if all {
                    out.rename_all = value;
                } else {
                    out.rename = value;
                }
            } else if p.is_ident("skip") || p.is_ident("skip_deserializing") {
                out.skip = true;
            } else if p.is_ident("flatten") {
                out.flatten = true;
            } else if meta.input.peek(syn::Token![=]) {
                let _ = meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        let _ = inner.value()?.parse::<syn::Expr>()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// serde's `rename_all` applied to a Rust name (`field_name` or `VariantName`).
fn apply_case(name: &str, rule: Option<&str>) -> String {
    let Some(rule) = rule else {
        return name.to_owned();
    };
    let words: Vec<String> = snake(name).split('_').map(str::to_owned).collect();
    let cap = |w: &String| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    match rule {
        "lowercase" => words.concat(),
        "UPPERCASE" => words.concat().to_uppercase(),
        "PascalCase" => words.iter().map(cap).collect(),
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { cap(w) })
            .collect(),
        "snake_case" => words.join("_"),
        "SCREAMING_SNAKE_CASE" => words.join("_").to_uppercase(),
        "kebab-case" => words.join("-"),
        "SCREAMING-KEBAB-CASE" => words.join("-").to_uppercase(),
        _ => name.to_owned(),
    }
}

fn expand(input: &DeriveInput, root: &Path) -> Result<TokenStream, Vec<syn::Error>> {
    let args = args(input)?;
    let path = root.join(args.spec.value());
    let spec_err = |msg: String| vec![syn::Error::new(args.spec.span(), msg)];
    if !path.is_file() {
        return Err(spec_err(format!(
            "cannot read the contract `{}`: no such file (paths are relative to the crate's Cargo.toml)",
            args.spec.value()
        )));
    }
    let spec = pactum_spec::load(&path, &pactum_spec::Options::default()).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let lc = e.line_col();
                syn::Error::new(
                    args.spec.span(),
                    format!(
                        "{}:{}:{}: {}",
                        args.spec.value(),
                        lc.line,
                        lc.column,
                        e.message
                    ),
                )
            })
            .collect::<Vec<_>>()
    })?;
    let space = TypeSpace::new(&spec.openapi, &[]);
    let pointer = format!("/components/schemas/{}", segment(&args.schema.value()));
    let Some(def) = space.defs.iter().find(|d| d.pointer == pointer) else {
        let mut known: Vec<&str> = spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.keys().map(String::as_str))
            .collect();
        known.sort_unstable();
        known.truncate(20);
        return Err(vec![syn::Error::new(
            args.schema.span(),
            format!(
                "no schema `{}` in `components.schemas` of `{}` (it has: {})",
                args.schema.value(),
                args.spec.value(),
                known.join(", ")
            ),
        )]);
    };
    let spec_name = args.spec.value();
    let at = |pointer: &str| {
        let loc = spec.source_map.locate(pointer);
        format!("{spec_name}:{}", loc.line_col.line)
    };
    let checker = Checker {
        space: &space,
        at: &at,
        schema: args.schema.value(),
    };
    let body = match (&input.data, &def.kind) {
        (Data::Struct(s), Kind::Struct(schema)) => checker.structure(input, s, def, schema)?,
        (Data::Enum(e), Kind::StringEnum(values)) => checker.enumeration(input, e, def, values)?,
        _ => {
            let what = match def.kind {
                Kind::Struct(_) => "an object: derive it on a struct with named fields",
                Kind::StringEnum(_) => "a string enum: derive it on an enum of unit variants",
                _ => "neither an object nor a string enum, which the derive does not check",
            };
            return Err(vec![syn::Error::new(
                input.ident.span(),
                format!(
                    "schema `{}` ({}) is {what}",
                    args.schema.value(),
                    at(&pointer)
                ),
            )]);
        }
    };
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let files = spec
        .source_map
        .files()
        .map(|f| root.join(&f.path).display().to_string());
    let (at_ident, out_ident) = if body.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    Ok(quote! {
        #(const _: &[u8] = include_bytes!(#files);)*
        impl #impl_generics ::pactum::Validate for #name #ty_generics #where_clause {
            #[allow(unused_variables, unused_parens, clippy::all)]
            fn validate_at(&self, #at_ident: &mut ::pactum::Pointer, #out_ident: &mut ::pactum::Violations) {
                #body
            }
        }
    })
}

struct Checker<'a> {
    space: &'a TypeSpace,
    at: &'a dyn Fn(&str) -> String,
    schema: String,
}

/// How a Rust field holds its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    None,
    Option,
    Nullable,
}

/// The last path segment of a type and its type arguments.
fn head(ty: &syn::Type) -> Option<(String, Vec<&syn::Type>)> {
    match ty {
        syn::Type::Path(p) => {
            let seg = p.path.segments.last()?;
            let args = match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some((seg.ident.to_string(), args))
        }
        syn::Type::Reference(r) => head(&r.elem),
        syn::Type::Group(g) => head(&g.elem),
        syn::Type::Paren(p) => head(&p.elem),
        _ => None,
    }
}

fn unwrap_type(ty: &syn::Type) -> (Wrapper, &syn::Type) {
    match head(ty) {
        Some((name, args)) if name == "Option" && args.len() == 1 => (Wrapper::Option, args[0]),
        Some((name, args)) if name == "Nullable" && args.len() == 1 => (Wrapper::Nullable, args[0]),
        _ => (Wrapper::None, ty),
    }
}

fn strip_box(ty: &syn::Type) -> &syn::Type {
    match head(ty) {
        Some((name, args))
            if (name == "Box" || name == "Arc" || name == "Rc") && args.len() == 1 =>
        {
            strip_box(args[0])
        }
        _ => ty,
    }
}

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];
const PRIMITIVES: &[&str] = &[
    "String", "str", "bool", "f32", "f64", "Vec", "HashMap", "BTreeMap", "HashSet", "BTreeSet",
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

impl Checker<'_> {
    /// Follows named newtypes to the shape they stand for (nullability and checks of the
    /// outer use kept); string enums used as `String` become strings with their values.
    fn resolve(&self, shape: &Shape, rust: &syn::Type) -> Shape {
        let mut shape = shape.clone();
        for _ in 0..16 {
            let Ty::Named(id) = shape.ty else { break };
            match &self.space.defs[id].kind {
                Kind::Newtype(inner) => {
                    let mut next = inner.clone();
                    next.nullable |= shape.nullable;
                    shape = next;
                }
                Kind::StringEnum(values)
                    if head(strip_box(rust)).is_some_and(|(n, _)| n == "String" || n == "str") =>
                {
                    shape.ty = Ty::Prim(Prim::String);
                    shape.checks.values = values
                        .iter()
                        .map(|v| serde_json::Value::String(v.clone()).to_string())
                        .collect();
                }
                _ => break,
            }
        }
        shape
    }

    fn describe(&self, shape: &Shape) -> String {
        match &shape.ty {
            Ty::Prim(p) => match p {
                Prim::String => "a string",
                Prim::Bool => "a boolean",
                Prim::I32 => "an integer (int32)",
                Prim::I64 => "an integer",
                Prim::F32 | Prim::F64 => "a number",
                Prim::Uuid => "a string (uuid)",
                Prim::Date => "a string (date)",
                Prim::DateTime => "a string (date-time)",
                Prim::Base64 => "a string (byte)",
                Prim::File => "a file (multipart)",
                Prim::Json => "any value",
            }
            .to_owned(),
            Ty::Vec(item) => format!("an array of {}", self.describe(item)),
            Ty::Map(item) => format!("an object (map) of {}", self.describe(item)),
            Ty::Named(id) => {
                let d = &self.space.defs[*id];
                match d.kind {
                    Kind::StringEnum(_) => format!("a string enum (`{}`)", d.pointer),
                    _ => format!("an object (`{}`)", d.pointer),
                }
            }
        }
    }

    /// Whether a Rust type can hold a value of the shape.
    fn compatible(&self, shape: &Shape, rust: &syn::Type, depth: usize) -> bool {
        let rust = strip_box(rust);
        let Some((name, args)) = head(rust) else {
            return false;
        };
        if name == "Value" || depth > 16 {
            return true;
        }
        let shape = self.resolve(shape, rust);
        let is = |names: &[&str]| names.contains(&name.as_str());
        match &shape.ty {
            Ty::Prim(p) => match p {
                Prim::String => is(&["String", "str", "Cow"]),
                Prim::Bool => is(&["bool"]),
                Prim::I32 | Prim::I64 => is(INTEGERS),
                Prim::F32 | Prim::F64 => is(&["f32", "f64"]),
                Prim::Uuid => is(&["Uuid", "String"]),
                Prim::Date => is(&["NaiveDate", "String"]),
                Prim::DateTime => is(&["DateTime", "String"]),
                Prim::Base64 => is(&["Base64", "String"]),
                Prim::File => is(&["File"]),
                Prim::Json => true,
            },
            Ty::Vec(item) => {
                is(&["Vec", "HashSet", "BTreeSet", "VecDeque"])
                    && args
                        .first()
                        .is_some_and(|t| self.compatible(item, t, depth + 1))
            }
            Ty::Map(item) => {
                is(&["HashMap", "BTreeMap", "IndexMap"])
                    && args
                        .get(1)
                        .is_some_and(|t| self.compatible(item, t, depth + 1))
            }
            // a type of your own (checked by its own derive) or a string for an enum
            Ty::Named(_) => !PRIMITIVES.contains(&name.as_str()),
        }
    }

    fn structure(
        &self,
        input: &DeriveInput,
        data: &syn::DataStruct,
        def: &TypeDef,
        schema: &Struct,
    ) -> Result<TokenStream, Vec<syn::Error>> {
        let Fields::Named(fields) = &data.fields else {
            return Err(vec![syn::Error::new(
                input.ident.span(),
                "derive `Contract` on a struct with named fields",
            )]);
        };
        let mut errors = Vec::new();
        let container = serde_attrs(&input.attrs).map_err(|e| vec![e])?;
        let mut seen = Vec::new();
        let mut body = TokenStream::new();
        let open = !schema.deny_unknown || schema.additional.is_some();
        for field in &fields.named {
            let Some(ident) = &field.ident else { continue };
            let attrs = match serde_attrs(&field.attrs) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if attrs.skip || attrs.flatten {
                continue;
            }
            let raw = ident.to_string();
            let raw = raw.strip_prefix("r#").unwrap_or(&raw);
            let wire = attrs
                .rename
                .clone()
                .unwrap_or_else(|| apply_case(raw, container.rename_all.as_deref()));
            let Some(prop) = schema.fields.iter().find(|f| f.name == wire) else {
                if !open {
                    errors.push(syn::Error::new(
                        ident.span(),
                        format!(
                            "`{wire}` is not a property of schema `{}` ({}), which has `additionalProperties: false`",
                            self.schema,
                            (self.at)(&def.pointer)
                        ),
                    ));
                }
                continue;
            };
            seen.push(wire.clone());
            let place = (self.at)(&format!("{}/properties/{}", def.pointer, segment(&wire)));
            let (wrapper, inner) = unwrap_type(&field.ty);
            let ty_text = inner.to_token_stream().to_string().replace(' ', "");
            let expected = match (prop.required, prop.shape.nullable) {
                (true, false) => (wrapper == Wrapper::None).then_some(()).ok_or(format!(
                    "property `{wire}` ({place}) is required and not nullable: use `{ty_text}`, not an `Option`"
                )),
                (true, true) => (wrapper == Wrapper::Option).then_some(()).ok_or(format!(
                    "property `{wire}` ({place}) is required but nullable: use `Option<{ty_text}>`"
                )),
                (false, false) => (wrapper == Wrapper::Option).then_some(()).ok_or(format!(
                    "property `{wire}` ({place}) is optional: use `Option<{ty_text}>`"
                )),
                (false, true) => (wrapper != Wrapper::None).then_some(()).ok_or(format!(
                    "property `{wire}` ({place}) is optional and nullable: use `pactum::Nullable<{ty_text}>` (or `Option`)"
                )),
            };
            if let Err(msg) = expected {
                errors.push(syn::Error::new(field.ty.span(), msg));
            }
            let bare = Shape {
                nullable: false,
                ..prop.shape.clone()
            };
            if !self.compatible(&bare, inner, 0) {
                errors.push(syn::Error::new(
                    field.ty.span(),
                    format!(
                        "field `{raw}` is `{ty_text}` but property `{wire}` ({place}) is {}",
                        self.describe(&self.resolve(&bare, inner))
                    ),
                ));
                continue;
            }
            let check = shape_checks(&self.resolve(&bare, inner), quote!(value));
            if check.is_empty() {
                continue;
            }
            let binding = match wrapper {
                Wrapper::None => quote!(let value = &self.#ident; { #check }),
                Wrapper::Option => {
                    quote!(if let ::std::option::Option::Some(value) = &self.#ident { #check })
                }
                Wrapper::Nullable => {
                    quote!(if let ::pactum::Nullable::Value(value) = &self.#ident { #check })
                }
            };
            body.extend(quote! {
                {
                    let mark = at.push(#wire);
                    #binding
                    at.pop(mark);
                }
            });
        }
        for prop in schema.fields.iter().filter(|f| f.required) {
            if !seen.contains(&prop.name) {
                let place = (self.at)(&format!(
                    "{}/properties/{}",
                    def.pointer,
                    segment(&prop.name)
                ));
                errors.push(syn::Error::new(
                    input.ident.span(),
                    format!(
                        "missing field for the required property `{}` ({place}) of schema `{}`",
                        prop.name, self.schema
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(body)
        } else {
            Err(errors)
        }
    }

    fn enumeration(
        &self,
        input: &DeriveInput,
        data: &syn::DataEnum,
        def: &TypeDef,
        values: &[String],
    ) -> Result<TokenStream, Vec<syn::Error>> {
        let mut errors = Vec::new();
        let container = serde_attrs(&input.attrs).map_err(|e| vec![e])?;
        let mut seen = Vec::new();
        let place = (self.at)(&def.pointer);
        for v in &data.variants {
            let attrs = match serde_attrs(&v.attrs) {
                Ok(a) => a,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if attrs.skip {
                continue;
            }
            if !matches!(v.fields, Fields::Unit) {
                // a catch-all such as `Unknown(String)` under `#[serde(untagged)]`
                if v.attrs.iter().any(|a| {
                    a.path().is_ident("serde")
                        && a.to_token_stream().to_string().contains("untagged")
                }) {
                    continue;
                }
                errors.push(syn::Error::new(
                    v.ident.span(),
                    format!(
                        "variant `{}` has fields; schema `{}` ({place}) is a string enum",
                        v.ident, self.schema
                    ),
                ));
                continue;
            }
            let wire = attrs.rename.clone().unwrap_or_else(|| {
                apply_case(&v.ident.to_string(), container.rename_all.as_deref())
            });
            if values.contains(&wire) {
                seen.push(wire);
            } else {
                errors.push(syn::Error::new(
                    v.ident.span(),
                    format!(
                        "variant `{}` is `{wire}`, which is not a value of schema `{}` ({place}): {}",
                        v.ident,
                        self.schema,
                        values.join(", ")
                    ),
                ));
            }
        }
        let missing: Vec<&str> = values
            .iter()
            .filter(|v| !seen.contains(v))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            errors.push(syn::Error::new(
                input.ident.span(),
                format!(
                    "no variant for the value(s) {} of schema `{}` ({place})",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.schema
                ),
            ));
        }
        if errors.is_empty() {
            Ok(TokenStream::new())
        } else {
            Err(errors)
        }
    }
}
