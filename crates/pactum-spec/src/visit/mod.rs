//! The model walker: visits every node of a [`Spec`]'s typed model with its JSON pointer.
//!
//! Lint rules implement [`Visitor`] and never compute locations: each callback receives a
//! [`Ctx`] carrying the node's pointer in the typed model, the `$ref` chain that led there,
//! the data [`Direction`], and the enclosing operation.
//!
//! # Walk order and `$ref`s
//!
//! [`walk`] visits, pre-order: the document, `info`, `servers`, `tags`, `security`, then every
//! path item of `paths`, then every 3.1 `webhooks` entry, then the component sweep. A
//! `$ref` to `#/components/<kind>/<name>` is followed: the component is walked with its own
//! pointer (`/components/schemas/Pet/...`) and the referencing pointer is pushed on
//! [`Ctx::via`]. Each component is walked at most once per [`Direction`] (path items: once
//! per polarity); later usages only produce [`Visitor::visit_ref`]. This bounds the walk on
//! recursive schemas and makes a schema shared by 40 operations one visit per direction —
//! the first usage's `via` is kept, every usage is in [`RefIndex`].
//!
//! # Directions, webhooks and callbacks
//!
//! [`Direction`] is the flow of data *relative to the API owner*, which is what both
//! "who must validate it" (lint) and "whom does a change break" (diff) depend on:
//! `Request` data is read by the owner's code, `Response` data is produced by the owner and
//! read by its consumers. In `webhooks` and `callbacks` the owner is the HTTP *client*, so
//! the polarity flips: a webhook's request body is `Response`-side (the owner sends it,
//! subscribers read it), the subscriber's reply is `Request`-side. Each nested callback
//! flips again. [`Ctx::in_webhook`] / [`Ctx::in_callback`] say when this happened, and
//! [`Ctx::http_message`] gives the literal HTTP message side for rules that need it.
//!
//! # The component sweep
//!
//! Components not reached from `paths` or `webhooks` (and all `securitySchemes`, which are
//! referenced by name) are walked afterwards, once, with `direction: None` and
//! [`Ctx::reachable`] `false`; a `$ref` from there into an already walked component is not
//! followed again. Use [`RefIndex`] for "unused component" and "referenced from".
//!
//! # Limits
//!
//! Nesting (through `$ref`s too) deeper than [`MAX_DEPTH`] is not walked;
//! [`Visitor::depth_exceeded`] is called at the cut.

mod component;
mod refs;
mod walker;

#[cfg(test)]
mod petstore_tests;
#[cfg(test)]
mod tests;

use openapiv3::{
    Callback, Encoding, Example, Header, Info, Link, MediaType, Operation, Parameter, PathItem,
    RequestBody, Response, Schema, SecurityRequirement, SecurityScheme, Server, ServerVariable,
    StatusCode, Tag,
};

use crate::spec::Spec;

pub use component::{resolve, resolve_boxed, resolve_or, Component, ComponentKind};
pub use refs::{ComponentInfo, RefIndex, RefIndexBuilder};
pub use walker::walk;

/// Deepest nesting of model nodes (counting every level, through `$ref`s) that is walked.
pub const MAX_DEPTH: usize = 512;

/// Which way data flows relative to the API owner (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Read by the API owner: request parameters and bodies of `paths` operations; the
    /// subscriber's response in webhooks and callbacks. Input to validate.
    Request,
    /// Produced by the API owner and read by its consumers: responses and response headers
    /// of `paths` operations; the request (payload, headers) of webhooks and callbacks.
    Response,
}

impl Direction {
    /// The other direction.
    pub fn flip(self) -> Direction {
        match self {
            Direction::Request => Direction::Response,
            Direction::Response => Direction::Request,
        }
    }
}

/// The operation enclosing a node.
#[derive(Debug, Clone, Copy)]
pub struct OperationCtx<'a> {
    /// The path template (`/pets/{id}`), webhook name, callback expression, or — for a path
    /// item walked in the component sweep — the component name.
    pub path: &'a str,
    /// Lower-case HTTP method (`get`, …, `trace`).
    pub method: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// The operation's pointer (`/paths/~1pets/get`).
    pub pointer: &'a str,
}

/// Where a node is: its pointer, the `$ref`s that led to it, its direction, its operation.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The node's JSON pointer in the typed model (escaped, `""` for the document).
    pub pointer: &'a str,
    /// The data direction; `None` above request/response level (document, path item,
    /// operation, servers, security) and everywhere in the component sweep.
    pub direction: Option<Direction>,
    /// The innermost enclosing operation (the node itself for [`Visitor::visit_operation`]).
    pub operation: Option<OperationCtx<'a>>,
    /// Inside a 3.1 webhook (directions are flipped).
    pub in_webhook: bool,
    /// Inside a callback at any depth (directions are flipped once per callback level).
    pub in_callback: bool,
    /// `true` when reached from the document root, `paths` or `webhooks`; `false` in the
    /// component sweep.
    pub reachable: bool,
    buf: &'a str,
    via: &'a [(usize, usize)],
    flipped: bool,
}

impl<'a> Ctx<'a> {
    /// Pointers of the `$ref`s that led here, outermost first (empty when reached directly).
    /// The first is in `paths`/`webhooks` (or a swept component), each next one inside the
    /// component the previous one referenced.
    pub fn via(&self) -> impl DoubleEndedIterator<Item = &'a str> + ExactSizeIterator + 'a {
        let buf = self.buf;
        self.via.iter().map(move |&(a, b)| &buf[a..b])
    }

    /// The outermost referencing pointer, if the node was reached through a `$ref`.
    pub fn via_first(&self) -> Option<&'a str> {
        self.via.first().map(|&(a, b)| &self.buf[a..b])
    }

    /// The innermost referencing pointer (the `$ref` whose target contains this node).
    pub fn via_last(&self) -> Option<&'a str> {
        self.via.last().map(|&(a, b)| &self.buf[a..b])
    }

    /// The literal HTTP message the node is part of, whoever sends it: `direction` with
    /// webhook/callback flips undone. `None` where `direction` is `None`.
    pub fn http_message(&self) -> Option<Direction> {
        self.direction
            .map(|d| if self.flipped { d.flip() } else { d })
    }

    /// The component the node is in (`(kind, escaped name)`), from its pointer.
    pub fn component(&self) -> Option<(ComponentKind, &'a str)> {
        let rest = self.pointer.strip_prefix("/components/")?;
        let (kind, rest) = rest.split_once('/')?;
        let name = rest.split('/').next()?;
        Some((ComponentKind::from_key(kind)?, name))
    }
}

/// The key a response is visited with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKey<'a> {
    /// A status code or range (`200`, `4XX`).
    Status(&'a StatusCode),
    /// `default`.
    Default,
    /// A `components.responses` entry walked in the sweep (not attached to an operation).
    Unattached,
}

/// What position a schema takes in its parent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SchemaRole<'a> {
    /// The schema of a media type (request/response body, parameter or header `content`).
    MediaType(&'a str),
    /// The `schema` of a parameter.
    Parameter(&'a Parameter),
    /// The `schema` of a header (with the header's name).
    Header(&'a str),
    /// A `components.schemas` entry walked in the component sweep.
    Component,
    /// A value of `properties` (with the property name).
    Property(&'a str),
    /// `items`.
    Items,
    /// `additionalProperties` (a schema).
    AdditionalProperties,
    /// The n-th `allOf` branch.
    AllOf(usize),
    /// The n-th `oneOf` branch.
    OneOf(usize),
    /// The n-th `anyOf` branch.
    AnyOf(usize),
    /// `not`.
    Not,
    /// A `discriminator.mapping` target (with the mapping key).
    Mapping(&'a str),
}

/// The position of a schema: its role, whether it is required there, and its parent.
///
/// For a schema reached through `$ref`, the site is that of the (first) referencing position.
#[derive(Debug, Clone, Copy)]
pub struct SchemaSite<'a> {
    /// The schema's role.
    pub role: SchemaRole<'a>,
    /// A property listed in its parent's `required`, the schema of a required parameter or
    /// header, or the media type of a required request body.
    pub required: bool,
    /// The enclosing schema (for nested roles).
    pub parent: Option<&'a Schema>,
}

impl<'a> SchemaSite<'a> {
    /// The property name, for [`SchemaRole::Property`].
    pub fn property(&self) -> Option<&'a str> {
        match self.role {
            SchemaRole::Property(name) => Some(name),
            _ => None,
        }
    }

    /// A root schema (of a media type, parameter, header or component) rather than a nested one.
    pub fn is_root(&self) -> bool {
        matches!(
            self.role,
            SchemaRole::MediaType(_)
                | SchemaRole::Parameter(_)
                | SchemaRole::Header(_)
                | SchemaRole::Component
        )
    }
}

macro_rules! visitor_trait {
    ($(
        $(#[$doc:meta])*
        fn $name:ident(&mut self, ctx: &Ctx<'_> $(, $arg:ident: $ty:ty)*);
    )*) => {
        /// Callbacks for every node kind of the model; all default to doing nothing.
        ///
        /// Nodes are borrowed for `'s`, the spec's lifetime, so a visitor may keep them.
        /// Forwarding impls exist for `&mut V`, `Box<V>`, slices and `Vec`s of visitors, and
        /// pairs, so many rules can share one [`walk`].
        pub trait Visitor<'s> {
            $(
                $(#[$doc])*
                fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                    let _ = (ctx $(, $arg)*);
                }
            )*
        }

        impl<'s, V: Visitor<'s> + ?Sized> Visitor<'s> for &mut V {
            $(fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                (**self).$name(ctx $(, $arg)*)
            })*
        }

        impl<'s, V: Visitor<'s> + ?Sized> Visitor<'s> for Box<V> {
            $(fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                (**self).$name(ctx $(, $arg)*)
            })*
        }

        impl<'s, V: Visitor<'s>> Visitor<'s> for [V] {
            $(fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                for v in self.iter_mut() {
                    v.$name(ctx $(, $arg)*);
                }
            })*
        }

        impl<'s, V: Visitor<'s>> Visitor<'s> for Vec<V> {
            $(fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                self.as_mut_slice().$name(ctx $(, $arg)*)
            })*
        }

        impl<'s, A: Visitor<'s>, B: Visitor<'s>> Visitor<'s> for (A, B) {
            $(fn $name(&mut self, ctx: &Ctx<'_> $(, $arg: $ty)*) {
                self.0.$name(ctx $(, $arg)*);
                self.1.$name(ctx $(, $arg)*);
            })*
        }
    };
}

visitor_trait! {
    /// The document root (pointer `""`).
    fn visit_document(&mut self, ctx: &Ctx<'_>, spec: &'s Spec);
    /// `info`.
    fn visit_info(&mut self, ctx: &Ctx<'_>, info: &'s Info);
    /// A server (document, path item, operation, or a link's `server`).
    fn visit_server(&mut self, ctx: &Ctx<'_>, server: &'s Server);
    /// A server variable, with its name.
    fn visit_server_variable(&mut self, ctx: &Ctx<'_>, name: &'s str, variable: &'s ServerVariable);
    /// A tag of the document's `tags`.
    fn visit_tag(&mut self, ctx: &Ctx<'_>, tag: &'s Tag);
    /// A security requirement of the document (`ctx.operation` is `None`) or an operation.
    fn visit_security_requirement(&mut self, ctx: &Ctx<'_>, requirement: &'s SecurityRequirement);
    /// A path item, with its key: path template, webhook name, callback expression, or
    /// component name (sweep).
    fn visit_path_item(&mut self, ctx: &Ctx<'_>, key: &'s str, item: &'s PathItem);
    /// An operation (`ctx.operation` describes it), with its lower-case method.
    fn visit_operation(&mut self, ctx: &Ctx<'_>, method: &'s str, operation: &'s Operation);
    /// After an operation and all its children.
    fn leave_operation(&mut self, ctx: &Ctx<'_>, method: &'s str, operation: &'s Operation);
    /// A parameter (path-item-level or operation-level, each at its own pointer).
    fn visit_parameter(&mut self, ctx: &Ctx<'_>, parameter: &'s Parameter);
    /// A request body.
    fn visit_request_body(&mut self, ctx: &Ctx<'_>, body: &'s RequestBody);
    /// A response, with its status key (the first referencing key when reached by `$ref`).
    fn visit_response(&mut self, ctx: &Ctx<'_>, key: ResponseKey<'s>, response: &'s Response);
    /// A header (of a response or an encoding), with its name (the referencing name when
    /// reached by `$ref`, the component name in the sweep).
    fn visit_header(&mut self, ctx: &Ctx<'_>, name: &'s str, header: &'s Header);
    /// A media type of a `content` map, with its key (`application/json`).
    fn visit_media_type(&mut self, ctx: &Ctx<'_>, media_type: &'s str, media: &'s MediaType);
    /// An encoding entry of a media type, with its property name.
    fn visit_encoding(&mut self, ctx: &Ctx<'_>, property: &'s str, encoding: &'s Encoding);
    /// A schema, with its position.
    fn visit_schema(&mut self, ctx: &Ctx<'_>, schema: &'s Schema, site: &SchemaSite<'s>);
    /// After a schema and all its children.
    fn leave_schema(&mut self, ctx: &Ctx<'_>, schema: &'s Schema, site: &SchemaSite<'s>);
    /// An example object of an `examples` map, with its name.
    fn visit_example(&mut self, ctx: &Ctx<'_>, name: &'s str, example: &'s Example);
    /// A link of a response, with its name.
    fn visit_link(&mut self, ctx: &Ctx<'_>, name: &'s str, link: &'s Link);
    /// A callback of an operation (or a `components.callbacks` entry), with its name.
    fn visit_callback(&mut self, ctx: &Ctx<'_>, name: &'s str, callback: &'s Callback);
    /// A `components.securitySchemes` entry, with its name.
    fn visit_security_scheme(&mut self, ctx: &Ctx<'_>, name: &'s str, scheme: &'s SecurityScheme);
    /// Entering a component definition (by `$ref` or in the sweep), before its node's own
    /// callback; `ctx.pointer` is `/components/<kind>/<name>`.
    fn visit_component(&mut self, ctx: &Ctx<'_>, kind: ComponentKind, name: &'s str);
    /// A `$ref` (or a local discriminator mapping value) at `ctx.pointer`, with the component
    /// it resolves to (`None` when it does not name an existing component of the expected
    /// kind). Called for every occurrence, also when the target is not walked again.
    /// Mapping values naming other files are not reported (the model cannot resolve them).
    fn visit_ref(&mut self, ctx: &Ctx<'_>, reference: &'s str, target: Option<(ComponentKind, &'s str)>);
    /// The walk stopped at `ctx.pointer` because nesting exceeded [`MAX_DEPTH`].
    fn depth_exceeded(&mut self, ctx: &Ctx<'_>);
}
