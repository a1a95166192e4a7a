//! [`TypeSpace`] → Rust items: structs and enums with serde derives routed through
//! `::pactum::__private::serde`, and doc comments.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Field, Kind, Prim, Shape, Struct, Ty, TypeDef};
use crate::naming::{ident, pascal, Namer};
use crate::schemas::TypeSpace;

/// The Rust type of a shape, `Option<…>` when nullable.
pub fn rust_type(space: &TypeSpace, shape: &Shape) -> TokenStream {
    let bare = bare_type(space, shape);
    if shape.nullable {
        quote!(::std::option::Option<#bare>)
    } else {
        bare
    }
}

/// The Rust type of a shape, ignoring nullability.
pub fn bare_type(space: &TypeSpace, shape: &Shape) -> TokenStream {
    match &shape.ty {
        Ty::Prim(p) => prim_type(*p),
        Ty::Named(id) => {
            let name = format_ident!("{}", space.defs[*id].name);
            quote!(#name)
        }
        Ty::Vec(item) => {
            let item = rust_type(space, item);
            quote!(::std::vec::Vec<#item>)
        }
        Ty::Map(value) => {
            let value = rust_type(space, value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
    }
}

fn prim_type(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote!(::std::string::String),
        Prim::Bool => quote!(bool),
        Prim::I32 => quote!(i32),
        Prim::I64 => quote!(i64),
        Prim::F32 => quote!(f32),
        Prim::F64 => quote!(f64),
        Prim::Uuid => quote!(::pactum::__private::uuid::Uuid),
        Prim::Date => quote!(::pactum::__private::chrono::NaiveDate),
        Prim::DateTime => {
            quote!(::pactum::__private::chrono::DateTime<::pactum::__private::chrono::Utc>)
        }
        Prim::Base64 => quote!(::pactum::Base64),
        Prim::Json => quote!(::pactum::__private::serde_json::Value),
        Prim::File => quote!(::pactum::File),
    }
}

/// `#[doc = …]` attributes.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// The derives and serde crate path every generated type carries.
pub fn derives() -> TokenStream {
    quote! {
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::pactum::__private::serde::Serialize,
            ::pactum::__private::serde::Deserialize
        )]
        #[serde(crate = "::pactum::__private::serde")]
    }
}

/// Every type definition.
pub fn emit_types(space: &TypeSpace) -> TokenStream {
    emit_types_for(space, false)
}

/// Every type definition; with `tolerant`, types reachable from responses accept unknown
/// properties even under `additionalProperties: false` (a client only decodes responses, and
/// a newer server may add properties).
pub fn emit_types_for(space: &TypeSpace, tolerant: bool) -> TokenStream {
    let items = space
        .defs
        .iter()
        .filter(|d| !d.name.is_empty())
        .map(|def| emit_def(space, def, tolerant));
    quote!(#(#items)*)
}

fn def_doc(def: &TypeDef) -> TokenStream {
    if def.doc.is_empty() {
        doc_attrs(&[format!("Generated from `{}`.", def.pointer)])
    } else {
        doc_attrs(&def.doc)
    }
}

fn emit_def(space: &TypeSpace, def: &TypeDef, tolerant: bool) -> TokenStream {
    let doc = def_doc(def);
    let name = format_ident!("{}", def.name);
    match &def.kind {
        Kind::Struct(s) => emit_struct(space, def, s, tolerant),
        Kind::StringEnum(values) => emit_string_enum(def, values),
        Kind::Tagged { tag, variants } => {
            let derives = derives();
            let vs = variants.iter().map(|(t, v, shape)| {
                let doc = format!(" `{tag}: {t}`");
                let v = format_ident!("{}", v);
                let ty = rust_type(space, shape);
                quote!(#[doc = #doc] #v(#ty))
            });
            let arms_ser = variants.iter().map(|(t, v, _)| {
                let v = format_ident!("{}", v);
                quote!(Self::#v(inner) => (#t, ::pactum::__private::serde_json::to_value(inner)))
            });
            let arms_de = variants.iter().map(|(t, v, _)| {
                let v = format_ident!("{}", v);
                quote!(::std::option::Option::Some(#t) => ::pactum::__private::serde_json::from_value(value).map(Self::#v))
            });
            let tags: Vec<&str> = variants.iter().map(|(t, _, _)| t.as_str()).collect();
            let expected = format!("`{tag}` must be one of: {}", tags.join(", "));
            let _ = derives;
            quote! {
                #doc
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
                pub enum #name { #(#vs,)* }

                impl ::pactum::__private::serde::Serialize for #name {
                    fn serialize<S: ::pactum::__private::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        let (tag, value) = match self { #(#arms_ser,)* };
                        let mut value = value.map_err(::pactum::__private::serde::ser::Error::custom)?;
                        if let ::std::option::Option::Some(object) = value.as_object_mut() {
                            object.entry(#tag).or_insert_with(|| ::pactum::__private::serde_json::Value::from(tag));
                        }
                        ::pactum::__private::serde::Serialize::serialize(&value, serializer)
                    }
                }

                impl<'de> ::pactum::__private::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::pactum::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::pactum::__private::serde_json::Value as ::pactum::__private::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#tag).and_then(|t| t.as_str()).map(::std::borrow::ToOwned::to_owned);
                        let result = match tag.as_deref() {
                            #(#arms_de,)*
                            _ => return ::std::result::Result::Err(::pactum::__private::serde::de::Error::custom(#expected)),
                        };
                        result.map_err(::pactum::__private::serde::de::Error::custom)
                    }
                }
            }
        }
        Kind::Untagged { variants, one_of } => {
            let vs = variants.iter().map(|(v, shape)| {
                let doc = format!(" A `{v}`.");
                let v = format_ident!("{}", v);
                let ty = rust_type(space, shape);
                quote!(#[doc = #doc] #v(#ty))
            });
            let de = untagged_deserialize(space, &name, variants, *one_of);
            quote! {
                #doc
                #[derive(
                    ::std::fmt::Debug,
                    ::std::clone::Clone,
                    ::std::cmp::PartialEq,
                    ::pactum::__private::serde::Serialize
                )]
                #[serde(crate = "::pactum::__private::serde", untagged)]
                pub enum #name { #(#vs,)* }

                #de
            }
        }
        Kind::Newtype(shape) => {
            let derives = derives();
            let ty = rust_type(space, shape);
            quote! {
                #doc
                #derives
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #ty,
                );

                impl ::std::ops::Deref for #name {
                    type Target = #ty;
                    fn deref(&self) -> &#ty { &self.0 }
                }

                impl ::std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self { #name(value) }
                }
            }
        }
    }
}

/// The type of a struct field, with `Option`/`Nullable`/`Box` as its presence requires.
pub fn field_type(space: &TypeSpace, f: &Field) -> TokenStream {
    let mut inner = bare_type(space, &f.shape);
    if f.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    match (f.required, f.shape.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(::std::option::Option<#inner>),
        (false, true) => quote!(::pactum::Nullable<#inner>),
    }
}

fn emit_struct(space: &TypeSpace, def: &TypeDef, s: &Struct, tolerant: bool) -> TokenStream {
    let doc = def_doc(def);
    let name = format_ident!("{}", def.name);
    let derives = derives();
    let deny = (s.deny_unknown && !(tolerant && def.received))
        .then(|| quote!(#[serde(deny_unknown_fields)]));
    let fields = s.fields.iter().map(|f| {
        let doc = if f.doc.is_empty() {
            doc_attrs(&[format!("The `{}` property.", f.name)])
        } else {
            doc_attrs(&f.doc)
        };
        let id = ident(&f.ident);
        let ty = field_type(space, f);
        let rename = (f.ident != f.name).then(|| {
            let n = &f.name;
            quote!(#[serde(rename = #n)])
        });
        let presence = match (f.required, f.shape.nullable) {
            (true, false) => quote!(),
            (true, true) => quote!(#[serde(deserialize_with = "::pactum::required_nullable")]),
            // Request-only types reject an explicit `null` the schema does not allow; types
            // clients receive stay lenient (`null` reads as absent), as real servers send it.
            (false, false) if !def.received => quote!(#[serde(
                default,
                deserialize_with = "::pactum::optional_non_null",
                skip_serializing_if = "::std::option::Option::is_none"
            )]),
            (false, false) => {
                quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")])
            }
            (false, true) => {
                quote!(#[serde(default, skip_serializing_if = "::pactum::Nullable::is_absent")])
            }
        };
        quote! { #doc #rename #presence pub #id: #ty }
    });
    let additional = s.additional.as_ref().map(|shape| {
        let ty = rust_type(space, shape);
        quote! {
            /// Properties not declared by the schema (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    quote! {
        #doc
        #derives
        #deny
        pub struct #name {
            #(#fields,)*
            #additional
        }
    }
}

fn emit_string_enum(def: &TypeDef, values: &[String]) -> TokenStream {
    let doc = def_doc(def);
    let name = format_ident!("{}", def.name);
    let derives = derives();
    let mut names = Namer::with_reserved(&["Unknown"]);
    let variants: Vec<_> = values
        .iter()
        .map(|v| (v, format_ident!("{}", names.unique(&pascal(v)))))
        .collect();
    let decl = variants.iter().map(|(v, id)| {
        let lit = Literal::string(v);
        let doc = format!(" `{v}`");
        quote!(#[doc = #doc] #[serde(rename = #lit)] #id)
    });
    let unknown = def.received.then(|| {
        quote! {
            /// A value this contract version does not list (sent by a newer server).
            #[serde(untagged)]
            Unknown(::std::string::String)
        }
    });
    let as_str = variants.iter().map(|(v, id)| quote!(Self::#id => #v));
    let unknown_arm = def
        .received
        .then(|| quote!(Self::Unknown(v) => v.as_str(),));
    quote! {
        #doc
        #derives
        pub enum #name {
            #(#decl,)*
            #unknown
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str,)*
                    #unknown_arm
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// `Deserialize` of an untagged `oneOf`/`anyOf`: every variant is tried on the JSON value and
/// counts as matching when it decodes *and* validates. `oneOf` with several matches is an
/// error starting `oneOf: ` (the runtime reports it under that keyword at the value's
/// pointer); otherwise the first matching variant wins, else the first that decodes (its
/// validation then reports why), else a `oneOf: `/`anyOf: ` error.
fn untagged_deserialize(
    space: &TypeSpace,
    name: &proc_macro2::Ident,
    variants: &[(String, Shape)],
    one_of: bool,
) -> TokenStream {
    let keyword = if one_of { "oneOf" } else { "anyOf" };
    let tries = variants.iter().map(|(v, shape)| {
        let label = v.as_str();
        let v = format_ident!("{}", v);
        let ty = rust_type(space, shape);
        let checks = crate::emit_validate::shape_checks(shape, quote!((&inner)));
        let valid = if checks.is_empty() {
            quote!(true)
        } else {
            quote! {{
                let at = &mut ::pactum::Pointer::root();
                let out = &mut ::pactum::Violations::new();
                #checks
                out.is_empty()
            }}
        };
        quote! {
            if let ::std::result::Result::Ok(inner) = ::pactum::__private::serde_json::from_value::<#ty>(value.clone()) {
                if #valid {
                    matched.push(#label);
                    if valid.is_none() {
                        valid = ::std::option::Option::Some(Self::#v(inner));
                    }
                } else if decoded.is_none() {
                    decoded = ::std::option::Option::Some(Self::#v(inner));
                }
            }
        }
    });
    let names: Vec<&str> = variants.iter().map(|(v, _)| v.as_str()).collect();
    let none = format!(
        "{keyword}: the value matches none of the variants ({})",
        names.join(", ")
    );
    let several = if one_of {
        quote! {
            if matched.len() > 1 {
                return ::std::result::Result::Err(::pactum::__private::serde::de::Error::custom(::std::format!(
                    "oneOf: the value matches {} variants ({}); exactly one must match",
                    matched.len(),
                    matched.join(", ")
                )));
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl<'de> ::pactum::__private::serde::Deserialize<'de> for #name {
            #[allow(unused_variables, unused_parens, unused_mut, clippy::all)]
            fn deserialize<D: ::pactum::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::pactum::__private::serde_json::Value as ::pactum::__private::serde::Deserialize>::deserialize(deserializer)?;
                let mut matched: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();
                let mut valid: ::std::option::Option<Self> = ::std::option::Option::None;
                let mut decoded: ::std::option::Option<Self> = ::std::option::Option::None;
                #(#tries)*
                #several
                match valid.or(decoded) {
                    ::std::option::Option::Some(v) => ::std::result::Result::Ok(v),
                    ::std::option::Option::None => ::std::result::Result::Err(::pactum::__private::serde::de::Error::custom(#none)),
                }
            }
        }
    }
}
