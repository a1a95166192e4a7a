//! Who references which component, and which components are reachable.

use std::collections::{HashMap, HashSet};

use openapiv3::SecurityRequirement;

use super::component::ComponentKind;
use super::{walk, Ctx, Visitor};
use crate::pointer;
use crate::spec::Spec;

#[derive(Debug, Clone)]
struct Entry {
    kind: ComponentKind,
    name: String,
    pointer: String,
    usages: Vec<String>,
    reachable: bool,
}

/// For every component: the pointers of all its usages and whether it is reachable from
/// `paths`/`webhooks`. Built once per spec.
///
/// A usage is a `$ref` (or a `discriminator.mapping` value) naming the component, or, for
/// `securitySchemes`, a security requirement entry naming it
/// (`/paths/~1pets/get/security/0/bearer`). Usages are listed in walk order (paths, then
/// webhooks, then the component sweep), each pointer once. A component is *reachable* when a
/// chain of usages leads to it from `paths`, `webhooks` or the document's `security`.
/// `callbacks` usages are invisible in the typed model ([`ComponentKind::refs_tracked`]).
#[derive(Debug, Clone, Default)]
pub struct RefIndex {
    entries: Vec<Entry>,
    by_pointer: HashMap<String, usize>,
}

/// One component as seen by a [`RefIndex`].
#[derive(Debug, Clone, Copy)]
pub struct ComponentInfo<'a> {
    /// Its kind.
    pub kind: ComponentKind,
    /// Its name (unescaped).
    pub name: &'a str,
    /// Its pointer (`/components/schemas/Pet`).
    pub pointer: &'a str,
    /// Pointers of every usage.
    pub usages: &'a [String],
    /// Reachable from `paths`, `webhooks` or the document's `security`.
    pub reachable: bool,
}

impl RefIndex {
    /// Walks `spec` once and indexes it.
    pub fn build(spec: &Spec) -> RefIndex {
        let mut builder = RefIndex::builder(spec);
        walk(spec, &mut builder);
        builder.finish()
    }

    /// A visitor that collects the index during a [`walk`] shared with other visitors
    /// (pair it with them, e.g. `walk(spec, &mut (builder, rules))`), then
    /// [`finish`](RefIndexBuilder::finish).
    pub fn builder(spec: &Spec) -> RefIndexBuilder<'_> {
        let mut entries = Vec::new();
        let mut offsets = [0; ComponentKind::ALL.len()];
        for kind in ComponentKind::ALL {
            offsets[kind.index()] = entries.len();
            let names: Vec<&String> = match kind {
                ComponentKind::PathItems => spec.path_items.keys().collect(),
                _ => component_names(spec, kind),
            };
            entries.extend(names.into_iter().map(|name| Entry {
                kind,
                name: name.clone(),
                pointer: kind.pointer(name),
                usages: Vec::new(),
                reachable: false,
            }));
        }
        RefIndexBuilder {
            spec,
            entries,
            offsets,
            seen: HashSet::new(),
        }
    }

    fn get(&self, component_pointer: &str) -> Option<&Entry> {
        self.by_pointer
            .get(component_pointer)
            .map(|&i| &self.entries[i])
    }

    /// Pointers of every usage of the component at `component_pointer` (empty if unknown).
    pub fn usages(&self, component_pointer: &str) -> &[String] {
        self.get(component_pointer)
            .map_or(&[], |e| e.usages.as_slice())
    }

    /// Whether the component at `component_pointer` is reachable from `paths`, `webhooks`
    /// or the document's `security` (false if unknown).
    pub fn is_reachable(&self, component_pointer: &str) -> bool {
        self.get(component_pointer).is_some_and(|e| e.reachable)
    }

    /// The component at `component_pointer`.
    pub fn component(&self, component_pointer: &str) -> Option<ComponentInfo<'_>> {
        self.get(component_pointer).map(info)
    }

    /// Every component, kind by kind ([`ComponentKind::ALL`] order), in document order.
    pub fn components(&self) -> impl Iterator<Item = ComponentInfo<'_>> {
        self.entries.iter().map(info)
    }

    /// Components not reachable from `paths`, `webhooks` or `security` (candidates for an
    /// "unused component" finding; skip kinds whose usages are not tracked).
    pub fn unreachable(&self) -> impl Iterator<Item = ComponentInfo<'_>> {
        self.components().filter(|c| !c.reachable)
    }
}

fn info(e: &Entry) -> ComponentInfo<'_> {
    ComponentInfo {
        kind: e.kind,
        name: &e.name,
        pointer: &e.pointer,
        usages: &e.usages,
        reachable: e.reachable,
    }
}

fn component_names(spec: &Spec, kind: ComponentKind) -> Vec<&String> {
    let Some(c) = spec.openapi.components.as_ref() else {
        return Vec::new();
    };
    match kind {
        ComponentKind::Schemas => c.schemas.keys().collect(),
        ComponentKind::Responses => c.responses.keys().collect(),
        ComponentKind::Parameters => c.parameters.keys().collect(),
        ComponentKind::Examples => c.examples.keys().collect(),
        ComponentKind::RequestBodies => c.request_bodies.keys().collect(),
        ComponentKind::Headers => c.headers.keys().collect(),
        ComponentKind::SecuritySchemes => c.security_schemes.keys().collect(),
        ComponentKind::Links => c.links.keys().collect(),
        ComponentKind::Callbacks => c.callbacks.keys().collect(),
        ComponentKind::PathItems => Vec::new(),
    }
}

/// Collects a [`RefIndex`] as a [`Visitor`]; see [`RefIndex::builder`].
#[derive(Debug)]
pub struct RefIndexBuilder<'s> {
    spec: &'s Spec,
    entries: Vec<Entry>,
    offsets: [usize; ComponentKind::ALL.len()],
    seen: HashSet<(usize, String)>,
}

impl RefIndexBuilder<'_> {
    fn entry(&self, kind: ComponentKind, name: &str) -> Option<usize> {
        kind.index_of(self.spec, name)
            .map(|i| self.offsets[kind.index()] + i)
    }

    fn usage(&mut self, entry: usize, from: &str, reachable: bool) {
        let e = &mut self.entries[entry];
        e.reachable |= reachable;
        if self.seen.insert((entry, from.to_owned())) {
            e.usages.push(from.to_owned());
        }
    }

    /// The finished index.
    pub fn finish(self) -> RefIndex {
        let by_pointer = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.pointer.clone(), i))
            .collect();
        RefIndex {
            entries: self.entries,
            by_pointer,
        }
    }
}

impl<'s> Visitor<'s> for RefIndexBuilder<'_> {
    fn visit_ref(
        &mut self,
        ctx: &Ctx<'_>,
        _reference: &'s str,
        target: Option<(ComponentKind, &'s str)>,
    ) {
        if let Some(entry) = target.and_then(|(kind, name)| self.entry(kind, name)) {
            self.usage(entry, ctx.pointer, false);
        }
    }

    fn visit_component(&mut self, ctx: &Ctx<'_>, kind: ComponentKind, name: &'s str) {
        if ctx.reachable {
            if let Some(entry) = self.entry(kind, name) {
                self.entries[entry].reachable = true;
            }
        }
    }

    fn visit_security_requirement(&mut self, ctx: &Ctx<'_>, requirement: &'s SecurityRequirement) {
        for name in requirement.keys() {
            if let Some(entry) = self.entry(ComponentKind::SecuritySchemes, name) {
                let from = pointer::push(ctx.pointer, name);
                self.usage(entry, &from, ctx.reachable);
            }
        }
    }
}
