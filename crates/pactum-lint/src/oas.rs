//! Small helpers over the typed OpenAPI model shared by rules.

use openapiv3::{Parameter, PathItem, ReferenceOr};
use pactum_spec::visit::resolve;
use pactum_spec::{pointer, ComponentKind, Spec};

use crate::model::OperationSite;

/// The `in` of a parameter (`query`, `header`, `path`, `cookie`).
pub fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A parameter of a list, resolved.
#[derive(Debug, Clone, Copy)]
pub struct ListedParameter<'s> {
    /// The parameter (the `$ref` target when referenced).
    pub parameter: &'s Parameter,
    /// Its position in the list.
    pub index: usize,
    /// The component it comes from, when the list entry is a `$ref`.
    pub component: Option<&'s str>,
}

impl ListedParameter<'_> {
    /// The pointer of the list entry (the `$ref` when referenced): `<list>/<index>`.
    pub fn entry_pointer(&self, list: &str) -> String {
        format!("{list}/{}", self.index)
    }

    /// The pointer of the parameter's definition: the component when referenced, else the
    /// list entry.
    pub fn definition_pointer(&self, list: &str) -> String {
        match self.component {
            Some(name) => ComponentKind::Parameters.pointer(name),
            None => self.entry_pointer(list),
        }
    }
}

/// The parameters of a `parameters` list, `$ref`s resolved (dangling ones skipped: the loader
/// reports them).
pub fn parameters<'s>(
    spec: &'s Spec,
    list: &'s [ReferenceOr<Parameter>],
) -> impl Iterator<Item = ListedParameter<'s>> + 's {
    list.iter()
        .enumerate()
        .filter_map(move |(index, r)| match r {
            ReferenceOr::Item(parameter) => Some(ListedParameter {
                parameter,
                index,
                component: None,
            }),
            ReferenceOr::Reference { reference } => {
                resolve::<Parameter>(spec, reference).map(|(name, parameter)| ListedParameter {
                    parameter,
                    index,
                    component: Some(name),
                })
            }
        })
}

/// A `paths` entry, its `$ref` (to `components.pathItems`) resolved.
#[derive(Debug)]
pub struct PathEntry<'s> {
    /// The path template (`/pets/{id}`).
    pub key: &'s str,
    /// `/paths/~1pets~1{id}`: the entry itself (its key is the template).
    pub key_pointer: String,
    /// The pointer of the path item's definition (`key_pointer`, or
    /// `/components/pathItems/<name>` when the entry is a `$ref`).
    pub pointer: String,
    /// The path item.
    pub item: &'s PathItem,
}

/// Every `paths` entry whose path item exists (dangling `$ref`s are the loader's business).
pub fn paths(spec: &Spec) -> impl Iterator<Item = PathEntry<'_>> + '_ {
    spec.openapi.paths.paths.iter().filter_map(move |(key, r)| {
        let key_pointer = pointer::push("/paths", key);
        match r {
            ReferenceOr::Item(item) => Some(PathEntry {
                key,
                pointer: key_pointer.clone(),
                key_pointer,
                item,
            }),
            ReferenceOr::Reference { reference } => {
                resolve::<PathItem>(spec, reference).map(|(name, item)| PathEntry {
                    key,
                    key_pointer,
                    pointer: ComponentKind::PathItems.pointer(name),
                    item,
                })
            }
        }
    })
}

/// How a message names an operation: `` `GET /pets` ``, `` `POST` of webhook `newPet` `` or
/// `` `POST` of callback `{$request.body#/url}` ``.
pub fn operation_name(op: &OperationSite<'_>) -> String {
    let method = op.method.to_ascii_uppercase();
    if op.in_callback {
        format!("`{method}` of callback `{}`", op.path)
    } else if op.in_webhook {
        format!("`{method}` of webhook `{}`", op.path)
    } else {
        format!("`{method} {}`", op.path)
    }
}
