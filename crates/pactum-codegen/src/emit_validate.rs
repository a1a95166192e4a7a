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

fn wrap(def: &TypeDef, body: TokenStream) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let (at, out) = if body.is_empty() {
        (quote!(_at), quote!(_out))
    } else {
        (quote!(at), quote!(out))
    };
    quote! {
        impl ::pactum::Validate for #name {
            #[allow(unused_variables, unused_parens, clippy::all)]
            fn validate_at(&self, #at: &mut ::pactum::Pointer, #out: &mut ::pactum::Violations) {
                #body
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
    let _ = space;
    wrap(def, body)
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
