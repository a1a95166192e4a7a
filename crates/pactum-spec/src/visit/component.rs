//! Component kinds and `$ref` resolution against `components`.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    Callback, Example, Header, Link, Parameter, PathItem, ReferenceOr, RequestBody, Response,
    Schema, SecurityScheme,
};

use crate::pointer;
use crate::spec::Spec;

/// A kind of component, as keyed under `components`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ComponentKind {
    /// `schemas`
    Schemas,
    /// `responses`
    Responses,
    /// `parameters`
    Parameters,
    /// `examples`
    Examples,
    /// `requestBodies`
    RequestBodies,
    /// `headers`
    Headers,
    /// `securitySchemes` (referenced by name from security requirements, not by `$ref`)
    SecuritySchemes,
    /// `links`
    Links,
    /// `callbacks` (operation callbacks cannot be `$ref`s in the typed model, so their
    /// usages are not tracked; see [`ComponentKind::refs_tracked`])
    Callbacks,
    /// `pathItems` (3.1, [`Spec::path_items`])
    PathItems,
}

impl ComponentKind {
    /// Every kind, in sweep order.
    pub const ALL: [ComponentKind; 10] = [
        ComponentKind::Schemas,
        ComponentKind::Responses,
        ComponentKind::Parameters,
        ComponentKind::Examples,
        ComponentKind::RequestBodies,
        ComponentKind::Headers,
        ComponentKind::SecuritySchemes,
        ComponentKind::Links,
        ComponentKind::Callbacks,
        ComponentKind::PathItems,
    ];

    /// The key under `components` (`requestBodies`).
    pub fn key(self) -> &'static str {
        match self {
            ComponentKind::Schemas => "schemas",
            ComponentKind::Responses => "responses",
            ComponentKind::Parameters => "parameters",
            ComponentKind::Examples => "examples",
            ComponentKind::RequestBodies => "requestBodies",
            ComponentKind::Headers => "headers",
            ComponentKind::SecuritySchemes => "securitySchemes",
            ComponentKind::Links => "links",
            ComponentKind::Callbacks => "callbacks",
            ComponentKind::PathItems => "pathItems",
        }
    }

    /// The kind for a key under `components`.
    pub fn from_key(key: &str) -> Option<ComponentKind> {
        ComponentKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether every usage of this kind is visible in the typed model. `false` for
    /// `callbacks`: the model inlines `$ref`'d operation callbacks, so an "unused component"
    /// rule must skip them.
    pub fn refs_tracked(self) -> bool {
        self != ComponentKind::Callbacks
    }

    /// The pointer of the component `name` (`/components/schemas/Pet`).
    pub fn pointer(self, name: &str) -> String {
        let mut out = String::with_capacity(13 + self.key().len() + name.len());
        self.push_pointer(&mut out, name);
        out
    }

    pub(crate) fn push_pointer(self, out: &mut String, name: &str) {
        out.push_str("/components/");
        out.push_str(self.key());
        out.push('/');
        out.push_str(&pointer::escape(name));
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Number of entries of this kind in `spec`.
    pub(crate) fn len(self, spec: &Spec) -> usize {
        let c = spec.openapi.components.as_ref();
        let n = |m: Option<usize>| m.unwrap_or(0);
        match self {
            ComponentKind::Schemas => n(c.map(|c| c.schemas.len())),
            ComponentKind::Responses => n(c.map(|c| c.responses.len())),
            ComponentKind::Parameters => n(c.map(|c| c.parameters.len())),
            ComponentKind::Examples => n(c.map(|c| c.examples.len())),
            ComponentKind::RequestBodies => n(c.map(|c| c.request_bodies.len())),
            ComponentKind::Headers => n(c.map(|c| c.headers.len())),
            ComponentKind::SecuritySchemes => n(c.map(|c| c.security_schemes.len())),
            ComponentKind::Links => n(c.map(|c| c.links.len())),
            ComponentKind::Callbacks => n(c.map(|c| c.callbacks.len())),
            ComponentKind::PathItems => spec.path_items.len(),
        }
    }

    /// The index of `name` among the entries of this kind.
    pub(crate) fn index_of(self, spec: &Spec, name: &str) -> Option<usize> {
        let c = spec.openapi.components.as_ref();
        match self {
            ComponentKind::Schemas => c?.schemas.get_index_of(name),
            ComponentKind::Responses => c?.responses.get_index_of(name),
            ComponentKind::Parameters => c?.parameters.get_index_of(name),
            ComponentKind::Examples => c?.examples.get_index_of(name),
            ComponentKind::RequestBodies => c?.request_bodies.get_index_of(name),
            ComponentKind::Headers => c?.headers.get_index_of(name),
            ComponentKind::SecuritySchemes => c?.security_schemes.get_index_of(name),
            ComponentKind::Links => c?.links.get_index_of(name),
            ComponentKind::Callbacks => c?.callbacks.get_index_of(name),
            ComponentKind::PathItems => spec.path_items.get_index_of(name),
        }
    }
}

/// A model type that can live under `components`.
pub trait Component: Sized {
    /// Its kind.
    const KIND: ComponentKind;
    /// The map of all components of this kind in `spec`, if any.
    fn components(spec: &Spec) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
}

macro_rules! component {
    ($t:ty, $kind:ident, $field:ident) => {
        impl Component for $t {
            const KIND: ComponentKind = ComponentKind::$kind;
            fn components(spec: &Spec) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
                spec.openapi.components.as_ref().map(|c| &c.$field)
            }
        }
    };
}

component!(Schema, Schemas, schemas);
component!(Response, Responses, responses);
component!(Parameter, Parameters, parameters);
component!(Example, Examples, examples);
component!(RequestBody, RequestBodies, request_bodies);
component!(Header, Headers, headers);
component!(SecurityScheme, SecuritySchemes, security_schemes);
component!(Link, Links, links);
component!(Callback, Callbacks, callbacks);

impl Component for PathItem {
    const KIND: ComponentKind = ComponentKind::PathItems;
    fn components(spec: &Spec) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&spec.path_items)
    }
}

/// The component name a local reference `#/components/<kind>/<name>` names, unescaped and
/// percent-decoded, if `kind` matches.
pub(crate) fn ref_name(reference: &str, kind: ComponentKind) -> Option<Cow<'_, str>> {
    let rest = reference.strip_prefix("#/components/")?;
    let (k, name) = rest.split_once('/')?;
    if k != kind.key() || name.contains('/') {
        return None;
    }
    let name = match percent_encoding::percent_decode_str(name)
        .decode_utf8()
        .ok()?
    {
        Cow::Borrowed(b) => pointer::unescape(b),
        Cow::Owned(o) => Cow::Owned(pointer::unescape(&o).into_owned()),
    };
    Some(name)
}

/// A resolved component entry: index in its map, name, and the (possibly alias) entry.
pub(crate) type Entry<'s, T> = (usize, &'s str, &'s ReferenceOr<T>);

/// Looks a reference up among the components of kind `T`, without following aliases.
pub(crate) fn lookup<'s, T: Component>(spec: &'s Spec, reference: &str) -> Option<Entry<'s, T>> {
    let name = ref_name(reference, T::KIND)?;
    let (i, k, v) = T::components(spec)?.get_full(name.as_ref())?;
    Some((i, k.as_str(), v))
}

/// Resolves a local `$ref` (`#/components/<kind>/<name>`) to its component, following
/// alias chains (a component that is itself a `$ref`). Returns the final component's name and
/// definition; `None` when dangling, of another kind, or a cycle of aliases.
pub fn resolve<'s, T: Component>(spec: &'s Spec, reference: &str) -> Option<(&'s str, &'s T)> {
    let mut reference = reference;
    for _ in 0..64 {
        let (_, name, entry) = lookup::<T>(spec, reference)?;
        match entry {
            ReferenceOr::Item(item) => return Some((name, item)),
            ReferenceOr::Reference { reference: r } => reference = r,
        }
    }
    None
}

/// The item, or what its `$ref` resolves to (see [`resolve`]).
pub fn resolve_or<'s, T: Component>(spec: &'s Spec, r: &'s ReferenceOr<T>) -> Option<&'s T> {
    match r {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => resolve::<T>(spec, reference).map(|(_, t)| t),
    }
}

/// [`resolve_or`] for the boxed schemas of `properties` and `items`.
pub fn resolve_boxed<'s>(spec: &'s Spec, r: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
    match r {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => resolve::<Schema>(spec, reference).map(|(_, t)| t),
    }
}
