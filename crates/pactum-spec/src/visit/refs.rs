//! Who references which component, and which components are reachable.

use std::collections::HashMap;
use std::fmt::Write as _;

use openapiv3::SecurityRequirement;

use super::component::{ref_name, ComponentKind};
use super::{walk, Ctx, Direction, Visitor, MAX_DEPTH};
use crate::pointer;
use crate::spec::Spec;

#[derive(Debug, Clone)]
struct Entry {
    kind: ComponentKind,
    name: String,
    pointer: String,
    usages: Vec<String>,
    /// For each usage, the directions it was reached in ([`bits`]).
    directions: Vec<u8>,
    reachable: bool,
}

/// A direction as a bit set: request 1, response 2; no direction (the component sweep, root
/// extensions, security requirements) counts as both.
fn bits(direction: Option<Direction>) -> u8 {
    match direction {
        Some(Direction::Request) => 1,
        Some(Direction::Response) => 2,
        None => 3,
    }
}

/// For every component: the pointers of all its usages and whether it is reachable from
/// `paths`/`webhooks`. Built once per spec.
///
/// A usage is a `$ref` (or a local `discriminator.mapping` value) naming the component; for
/// `securitySchemes`, a security requirement entry naming it
/// (`/paths/~1pets/get/security/0/bearer`); and a `$ref` inside a root-level extension such
/// as 3.0's `x-webhooks` (`/x-webhooks/push/post/…`). Usages are listed in walk order (paths,
/// webhooks, the component sweep, then root extensions), each pointer once. A component is
/// *reachable* when a chain of usages leads to it from outside `components` (paths,
/// webhooks, `security`, root extensions). `callbacks` usages are invisible in the typed
/// model ([`ComponentKind::refs_tracked`]).
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
    /// Reachable through usages from outside `components`.
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
                directions: Vec::new(),
                reachable: false,
            }));
        }
        RefIndexBuilder {
            spec,
            entries,
            offsets,
            seen: HashMap::new(),
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

    /// Pointers of the usages of the component at `component_pointer` reached in
    /// `direction` (a usage reached without one counts for both; `None` lists every usage).
    pub fn usages_in(
        &self,
        component_pointer: &str,
        direction: Option<Direction>,
    ) -> impl Iterator<Item = &String> {
        let want = bits(direction);
        self.get(component_pointer).into_iter().flat_map(move |e| {
            e.usages
                .iter()
                .zip(&e.directions)
                .filter(move |(_, d)| **d & want != 0)
                .map(|(u, _)| u)
        })
    }

    /// Whether the component at `component_pointer` is reachable through usages from
    /// outside `components` (false if unknown).
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

    /// Components not reachable from outside `components` (candidates for an "unused
    /// component" finding; skip kinds whose usages are not tracked).
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
    /// (entry, usage pointer) → position in the entry's usages.
    seen: HashMap<(usize, String), usize>,
}

impl RefIndexBuilder<'_> {
    fn entry(&self, kind: ComponentKind, name: &str) -> Option<usize> {
        kind.index_of(self.spec, name)
            .map(|i| self.offsets[kind.index()] + i)
    }

    fn usage(&mut self, entry: usize, from: &str, direction: Option<Direction>) {
        let e = &mut self.entries[entry];
        match self.seen.entry((entry, from.to_owned())) {
            std::collections::hash_map::Entry::Occupied(o) => {
                e.directions[*o.get()] |= bits(direction);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(e.usages.len());
                e.usages.push(from.to_owned());
                e.directions.push(bits(direction));
            }
        }
    }

    /// The entry of a local component reference (`#/components/<kind>/<name>`).
    fn target(&self, reference: &str) -> Option<usize> {
        let kind = reference
            .strip_prefix("#/components/")?
            .split('/')
            .next()
            .and_then(ComponentKind::from_key)?;
        self.entry(kind, &ref_name(reference, kind)?)
    }

    /// The component a usage pointer lies in, if any.
    fn source(&self, usage: &str) -> Option<usize> {
        let rest = usage.strip_prefix("/components/")?;
        let (kind, rest) = rest.split_once('/')?;
        let name = rest.split('/').next()?;
        self.entry(ComponentKind::from_key(kind)?, &pointer::unescape(name))
    }

    /// `$ref`s in root-level extensions (3.0's `x-webhooks`), which the walk does not visit.
    fn scan_extensions(&mut self) {
        let spec = self.spec;
        let mut ptr = String::new();
        for (key, value) in &spec.openapi.extensions {
            ptr.clear();
            ptr.push('/');
            ptr.push_str(&pointer::escape(key));
            self.scan(value, &mut ptr, 0);
        }
    }

    fn scan(&mut self, value: &serde_json::Value, ptr: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let len = ptr.len();
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                    if let Some(entry) = self.target(r) {
                        self.usage(entry, ptr, None);
                    }
                }
                for (k, v) in map {
                    ptr.push('/');
                    ptr.push_str(&pointer::escape(k));
                    self.scan(v, ptr, depth + 1);
                    ptr.truncate(len);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let _ = write!(ptr, "/{i}");
                    self.scan(v, ptr, depth + 1);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Marks every component reachable through usages from outside `components`.
    fn close_reachability(&mut self) {
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); self.entries.len()];
        let mut queue = Vec::new();
        for target in 0..self.entries.len() {
            for usage in &self.entries[target].usages {
                match self.source(usage) {
                    Some(source) => edges[source].push(target),
                    None => queue.push(target),
                }
            }
        }
        while let Some(i) = queue.pop() {
            if !std::mem::replace(&mut self.entries[i].reachable, true) {
                queue.extend(edges[i].iter().copied());
            }
        }
    }

    /// The finished index.
    pub fn finish(mut self) -> RefIndex {
        self.scan_extensions();
        self.close_reachability();
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
            self.usage(entry, ctx.pointer, ctx.direction);
        }
    }

    fn visit_security_requirement(&mut self, ctx: &Ctx<'_>, requirement: &'s SecurityRequirement) {
        for name in requirement.keys() {
            if let Some(entry) = self.entry(ComponentKind::SecuritySchemes, name) {
                let from = pointer::push(ctx.pointer, name);
                self.usage(entry, &from, None);
            }
        }
    }
}
