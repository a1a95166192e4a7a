//! Small helpers over the typed OpenAPI model shared by rules.

use openapiv3::{Link, Parameter, PathItem, ReferenceOr, Response};
use pactum_spec::visit::resolve;
use pactum_spec::{pointer, ComponentKind, Spec};

use crate::model::{Index, OperationSite};

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

    /// Where to point at this entry: its `name` when written inline (one line rather than
    /// the whole object), the `$ref` itself when referenced.
    pub fn name_pointer(&self, list: &str) -> String {
        match self.component {
            Some(_) => self.entry_pointer(list),
            None => format!("{list}/{}/name", self.index),
        }
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

/// What is wrong with a runtime expression (`$request.body#/url`), if anything, as the end of
/// a sentence ("… `$foo` {problem}").
pub fn expression_problem(expr: &str) -> Option<&'static str> {
    if matches!(expr, "$url" | "$method" | "$statusCode") {
        return None;
    }
    let Some(source) = expr
        .strip_prefix("$request.")
        .or_else(|| expr.strip_prefix("$response."))
    else {
        return Some(
            "does not start with `$url`, `$method`, `$statusCode`, `$request.` or `$response.`",
        );
    };
    if source == "body" {
        return None;
    }
    if source.starts_with("body.") {
        return Some("uses `body.`: a JSON pointer into the body is written `body#/…`");
    }
    if let Some(pointer) = source.strip_prefix("body#") {
        let escapes_ok = pointer
            .match_indices('~')
            .all(|(i, _)| matches!(pointer.as_bytes().get(i + 1), Some(b'0' | b'1')));
        return if !pointer.is_empty() && !pointer.starts_with('/') {
            Some("has a JSON pointer after `body#` that does not start with `/`")
        } else if !escapes_ok {
            Some("has a `~` in its JSON pointer that is not `~0` or `~1`")
        } else {
            None
        };
    }
    if let Some(token) = source.strip_prefix("header.") {
        let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        return (token.is_empty() || !token.chars().all(tchar))
            .then_some("has no valid header name after `header.`");
    }
    if let Some(name) = source
        .strip_prefix("query.")
        .or_else(|| source.strip_prefix("path."))
    {
        return (name.is_empty() || !name.is_ascii())
            .then_some("has no valid parameter name after `query.` or `path.`");
    }
    Some("does not name `header.`, `query.`, `path.` or `body` after `$request.`/`$response.`")
}

/// The `{…}` expressions embedded in a template string (`https://x?id={$request.body#/id}`):
/// the contents of each balanced pair of braces that starts with `$`.
pub fn embedded_expressions(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(inner, _)| inner))
        .filter(|inner| inner.starts_with('$'))
}

/// Every Link Object written inline in a response of an operation or of
/// `components.responses`, plus every `components.links` entry, with its pointer. (Links
/// behind a `$ref` are checked once, at their component.)
pub fn links<'s>(spec: &'s Spec, index: &Index<'s>) -> Vec<(String, &'s Link)> {
    fn of_response<'s>(out: &mut Vec<(String, &'s Link)>, at: &str, response: &'s Response) {
        for (name, link) in &response.links {
            if let ReferenceOr::Item(link) = link {
                out.push((pointer::push(&format!("{at}/links"), name), link));
            }
        }
    }
    let mut out = Vec::new();
    for op in &index.operations {
        let responses = &op.operation.responses;
        if let Some(ReferenceOr::Item(r)) = &responses.default {
            of_response(&mut out, &format!("{}/responses/default", op.pointer), r);
        }
        for (code, r) in &responses.responses {
            if let ReferenceOr::Item(r) = r {
                of_response(&mut out, &format!("{}/responses/{code}", op.pointer), r);
            }
        }
    }
    if let Some(components) = &spec.openapi.components {
        for (name, r) in &components.responses {
            if let ReferenceOr::Item(r) = r {
                of_response(&mut out, &ComponentKind::Responses.pointer(name), r);
            }
        }
        for (name, l) in &components.links {
            if let ReferenceOr::Item(link) = l {
                out.push((ComponentKind::Links.pointer(name), link));
            }
        }
    }
    out
}
