//! [`TypeSpace`] → `impl ::pactum::Validate` for every generated type: one direct check per
//! constraint, patterns compiled once, every violation collected with its JSON pointer.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Checks, Kind, Prim, Shape, Struct, Ty, TypeDef};
use crate::naming::ident;
use crate::schemas::TypeSpace;

/// `impl Validate` for every type definition.
pub fn emit_validate(space: &TypeSpace) -> TokenStream {
    let items = space
        .defs
        .iter()
        .filter(|d| !d.name.is_empty())
        .map(|def| emit_def(space, def));
    quote!(#(#items)*)
}

fn wrap(def: &TypeDef, body: TokenStream, json: TokenStream) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let (at, out) = if body.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    let json = if json.is_empty() {
        quote!()
    } else {
        quote! {
            #[allow(unused_variables, unused_parens, clippy::all)]
            fn check_json(value: &::pactum::__private::serde_json::Value, at: &mut ::pactum::Pointer, out: &mut ::pactum::Violations) {
                #json
            }
        }
    };
    quote! {
        impl ::pactum::Validate for #name {
            #[allow(unused_variables, unused_parens, clippy::all)]
            fn validate_at(&self, #at: &mut ::pactum::Pointer, #out: &mut ::pactum::Violations) {
                #body
            }

            #json
        }
    }
}

/// The structural check of a type (`check_json`): JSON types, required and unknown
/// properties, enum values of request-only enums, discriminator values. Untagged unions are
/// left to their `Deserialize` (which counts the matching variants).
fn def_json(space: &TypeSpace, def: &TypeDef) -> TokenStream {
    match &def.kind {
        Kind::Struct(s) => {
            let mut fields = TokenStream::new();
            for f in &s.fields {
                let name = &f.name;
                let inner = shape_json(
                    space,
                    &Shape {
                        nullable: false,
                        ..f.shape.clone()
                    },
                    quote!(field),
                );
                // mirrors the serde attributes of `emit_types`: `null` is accepted for
                // nullable properties and for optional ones of types clients receive
                let null_ok = f.shape.nullable || (!f.required && def.received);
                let check = if null_ok && !inner.is_empty() {
                    quote!(if !field.is_null() { #inner })
                } else {
                    inner
                };
                let missing = if f.required {
                    let msg = format!("missing field `{name}`");
                    quote!(::std::option::Option::None => out.add(at, "required", #msg),)
                } else {
                    quote!(::std::option::Option::None => {})
                };
                fields.extend(quote! {
                    match object.get(#name) {
                        ::std::option::Option::Some(field) => {
                            let mark = at.push(#name);
                            #check
                            at.pop(mark);
                        }
                        #missing
                    }
                });
            }
            let known: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
            if s.deny_unknown {
                fields.extend(quote! {
                    for key in object.keys() {
                        if ![#(#known),*].contains(&key.as_str()) {
                            let mark = at.push(key);
                            out.add(at, "additionalProperties", ::std::format!("unknown field `{key}`"));
                            at.pop(mark);
                        }
                    }
                });
            } else if let Some(shape) = &s.additional {
                let inner = shape_json(space, shape, quote!(field));
                if !inner.is_empty() {
                    fields.extend(quote! {
                        for (key, field) in object {
                            if ![#(#known),*].contains(&key.as_str()) {
                                let mark = at.push(key);
                                #inner
                                at.pop(mark);
                            }
                        }
                    });
                }
            }
            quote! {
                if ::pactum::checks::json_type(value, "object", at, out) {
                    if let ::std::option::Option::Some(object) = value.as_object() {
                        #fields
                    }
                }
            }
        }
        Kind::StringEnum(values) => {
            if def.received {
                quote!(::pactum::checks::json_type(value, "string", at, out);)
            } else {
                let msg = format!("expected one of: {}", values.join(", "));
                quote! {
                    if ::pactum::checks::json_type(value, "string", at, out)
                        && !value.as_str().is_some_and(|v| [#(#values),*].contains(&v))
                    {
                        out.add(at, "enum", #msg);
                    }
                }
            }
        }
        Kind::Tagged { tag, variants } => {
            let arms = variants.iter().map(|(t, _, shape)| {
                let check = shape_json(space, shape, quote!(value));
                quote!(::std::option::Option::Some(#t) => { #check })
            });
            let tags: Vec<&str> = variants.iter().map(|(t, _, _)| t.as_str()).collect();
            let msg = format!("`{tag}` must be one of: {}", tags.join(", "));
            quote! {
                if ::pactum::checks::json_type(value, "object", at, out) {
                    match value.get(#tag).and_then(|t| t.as_str()) {
                        #(#arms)*
                        _ => out.add(at, "type", #msg),
                    }
                }
            }
        }
        Kind::Untagged { .. } => TokenStream::new(),
        Kind::Newtype(shape) => shape_json(space, shape, quote!(value)),
    }
}

/// The structural check of one JSON value (`value` is an expression of type `&Value`).
fn shape_json(space: &TypeSpace, shape: &Shape, value: TokenStream) -> TokenStream {
    if shape.nullable {
        let inner = shape_json(
            space,
            &Shape {
                nullable: false,
                ..shape.clone()
            },
            value.clone(),
        );
        if inner.is_empty() {
            return inner;
        }
        return quote!(if !#value.is_null() { #inner });
    }
    match &shape.ty {
        Ty::Prim(p) => {
            let kind = match p {
                Prim::String | Prim::Uuid | Prim::Date | Prim::DateTime | Prim::Base64 => "string",
                Prim::Bool => "boolean",
                Prim::I32 | Prim::I64 => "integer",
                Prim::F32 | Prim::F64 => "number",
                Prim::Json | Prim::File => return TokenStream::new(),
            };
            quote!(::pactum::checks::json_type(#value, #kind, at, out);)
        }
        Ty::Named(id) => {
            let def = &space.defs[*id];
            if def.name.is_empty() || matches!(def.kind, Kind::Untagged { .. }) {
                return TokenStream::new();
            }
            let name = format_ident!("{}", def.name);
            quote!(<#name as ::pactum::Validate>::check_json(#value, at, out);)
        }
        Ty::Vec(item) => {
            let inner = shape_json(space, item, quote!(item));
            quote! {
                if ::pactum::checks::json_type(#value, "array", at, out) {
                    for (index, item) in #value.as_array().into_iter().flatten().enumerate() {
                        let mark = at.push_index(index);
                        #inner
                        at.pop(mark);
                    }
                }
            }
        }
        Ty::Map(item) => {
            let inner = shape_json(space, item, quote!(item));
            quote! {
                if ::pactum::checks::json_type(#value, "object", at, out) {
                    for (key, item) in #value.as_object().into_iter().flatten() {
                        let mark = at.push(key);
                        #inner
                        at.pop(mark);
                    }
                }
            }
        }
    }
}

fn emit_def(space: &TypeSpace, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        Kind::Struct(s) => struct_body(s),
        Kind::StringEnum(values) => {
            if def.received {
                let lits: Vec<Literal> = values.iter().map(|v| Literal::string(v)).collect();
                quote! {
                    if let Self::Unknown(value) = self {
                        ::pactum::checks::unknown_variant(value, &[#(#lits),*], at, out);
                    }
                }
            } else {
                quote!()
            }
        }
        Kind::Tagged { variants, .. } => {
            let arms = variants.iter().map(|(_, v, shape)| {
                let v = format_ident!("{}", v);
                let check = shape_checks(shape, quote!(inner));
                quote!(Self::#v(inner) => { #check })
            });
            quote!(match self { #(#arms)* })
        }
        Kind::Untagged { variants, .. } => {
            let arms = variants.iter().map(|(v, shape)| {
                let v = format_ident!("{}", v);
                let check = shape_checks(shape, quote!(inner));
                quote!(Self::#v(inner) => { #check })
            });
            quote!(match self { #(#arms)* })
        }
        Kind::Newtype(shape) => shape_checks(shape, quote!((&self.0))),
    };
    wrap(def, body, def_json(space, def))
}

fn struct_body(s: &Struct) -> TokenStream {
    let mut body = TokenStream::new();
    let mut present = Vec::new();
    for f in &s.fields {
        let id = ident(&f.ident);
        let name = &f.name;
        let value = quote!(value);
        let check = shape_checks(
            &Shape {
                nullable: false,
                ..f.shape.clone()
            },
            value.clone(),
        );
        match (f.required, f.shape.nullable) {
            (true, false) => present.push(quote!(1usize)),
            (true, true) | (false, false) => present.push(quote!(usize::from(self.#id.is_some()))),
            (false, true) => present.push(quote!(usize::from(!self.#id.is_absent()))),
        }
        if check.is_empty() {
            continue;
        }
        let binding = match (f.required, f.shape.nullable) {
            (true, false) => quote!(let value = &self.#id; { #check }),
            (true, true) | (false, false) => {
                quote!(if let ::std::option::Option::Some(value) = &self.#id { #check })
            }
            (false, true) => {
                quote!(if let ::pactum::Nullable::Value(value) = &self.#id { #check })
            }
        };
        body.extend(quote! {
            {
                let mark = at.push(#name);
                #binding
                at.pop(mark);
            }
        });
    }
    if let Some(shape) = &s.additional {
        let check = shape_checks(shape, quote!(value));
        if !check.is_empty() {
            body.extend(quote! {
                for (key, value) in &self.additional_properties {
                    let mark = at.push(key);
                    #check
                    at.pop(mark);
                }
            });
        }
        present.push(quote!(self.additional_properties.len()));
    }
    if s.checks.min_properties.is_some() || s.checks.max_properties.is_some() {
        let min = opt_usize(s.checks.min_properties);
        let max = opt_usize(s.checks.max_properties);
        body.extend(quote! {
            ::pactum::checks::properties(0 #(+ #present)*, #min, #max, at, out);
        });
    }
    body
}

fn opt_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::usize_unsuffixed(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn opt_bound(v: Option<(f64, bool)>) -> TokenStream {
    match v {
        Some((n, exclusive)) => {
            let n = Literal::f64_unsuffixed(n);
            quote!(::std::option::Option::Some((#n, #exclusive)))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// Checks of one value (`value` is an expression of type `&T`); empty when there is nothing
/// to check. Nullable shapes are `Option`s: checks apply to the inner value.
pub fn shape_checks(shape: &Shape, value: TokenStream) -> TokenStream {
    if shape.nullable {
        let inner = shape_checks(
            &Shape {
                nullable: false,
                ..shape.clone()
            },
            quote!(inner),
        );
        if inner.is_empty() {
            return inner;
        }
        return quote! {
            if let ::std::option::Option::Some(inner) = #value { #inner }
        };
    }
    let mut out = own_checks(&shape.ty, &shape.checks, &value);
    match &shape.ty {
        Ty::Named(_) => out.extend(quote!(::pactum::Validate::validate_at(#value, at, out);)),
        Ty::Vec(item) => {
            let inner = shape_checks(item, quote!(item));
            if !inner.is_empty() {
                out.extend(quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let mark = at.push_index(index);
                        #inner
                        at.pop(mark);
                    }
                });
            }
        }
        Ty::Map(item) => {
            let inner = shape_checks(item, quote!(item));
            if !inner.is_empty() {
                out.extend(quote! {
                    for (key, item) in #value.iter() {
                        let mark = at.push(key);
                        #inner
                        at.pop(mark);
                    }
                });
            }
        }
        Ty::Prim(_) => {}
    }
    out
}

fn own_checks(ty: &Ty, c: &Checks, value: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let numeric = matches!(ty, Ty::Prim(Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64));
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt_usize(c.min_length), opt_usize(c.max_length));
        out.extend(quote!(::pactum::checks::length(#value, #min, #max, at, out);));
    }
    if let Some(p) = &c.pattern {
        out.extend(quote! {
            {
                static PATTERN: ::std::sync::LazyLock<::std::option::Option<::pactum::__private::regress::Regex>> =
                    ::std::sync::LazyLock::new(|| ::pactum::__private::regress::Regex::new(#p).ok());
                if let ::std::option::Option::Some(re) = &*PATTERN {
                    ::pactum::checks::pattern(#value, re, #p, at, out);
                }
            }
        });
    }
    if let Some(f) = &c.format {
        out.extend(quote!(::pactum::checks::format(#value, #f, at, out);));
    }
    if numeric && (c.minimum.is_some() || c.maximum.is_some()) {
        let (min, max) = (opt_bound(c.minimum), opt_bound(c.maximum));
        out.extend(quote!(::pactum::checks::range(*#value as f64, #min, #max, at, out);));
    }
    if let (true, Some(m)) = (numeric, c.multiple_of) {
        let m = Literal::f64_unsuffixed(m);
        out.extend(quote!(::pactum::checks::multiple_of(*#value as f64, #m, at, out);));
    }
    if matches!(ty, Ty::Vec(_)) {
        if c.min_items.is_some() || c.max_items.is_some() {
            let (min, max) = (opt_usize(c.min_items), opt_usize(c.max_items));
            out.extend(quote!(::pactum::checks::items(#value.len(), #min, #max, at, out);));
        }
        if c.unique_items {
            out.extend(quote!(::pactum::checks::unique(#value, at, out);));
        }
    }
    if matches!(ty, Ty::Map(_)) && (c.min_properties.is_some() || c.max_properties.is_some()) {
        let (min, max) = (opt_usize(c.min_properties), opt_usize(c.max_properties));
        out.extend(quote!(::pactum::checks::properties(#value.len(), #min, #max, at, out);));
    }
    if !c.values.is_empty() {
        let lits: Vec<Literal> = c.values.iter().map(|v| Literal::string(v)).collect();
        out.extend(quote!(::pactum::checks::one_of_values(#value, &[#(#lits),*], at, out);));
    }
    out
}
