//! A shared index over the typed model, built by one [`pactum_spec::walk`] per spec (see
//! [`Context::index`](crate::Context::index)): every operation, parameter, server and schema
//! node, each with its JSON pointer (and, for data, its [`Direction`] and position), plus the
//! [`RefIndex`] of `$ref` usages.
//!
//! Schemas behind a `$ref` are visited at their definition (`/components/schemas/Pet/...`)
//! once per direction, so a schema used by 40 operations is one node per direction, and its
//! usages come from [`Index::via`].

use openapiv3::{Operation, Parameter, PathItem, Schema, Server};
use pactum_spec::visit::RefIndexBuilder;
use pactum_spec::{walk, Ctx, RefIndex, SchemaRole, Spec, Visitor};

pub use pactum_spec::Direction;

/// An operation of the API (in `paths`, a webhook or a callback).
#[derive(Debug)]
pub struct OperationSite<'a> {
    /// `/paths/~1pets/post`.
    pub pointer: String,
    /// The path template (`/pets/{id}`), webhook name or callback expression.
    pub path: String,
    /// Lowercase method (`get`, `post`, …).
    pub method: &'a str,
    /// The operation.
    pub operation: &'a Operation,
    /// The path item the operation is in (for its `servers` and `parameters`).
    pub path_item: Option<&'a PathItem>,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
    /// Reached from `paths`/`webhooks` (false for path items only walked in the component
    /// sweep).
    pub reachable: bool,
}

/// A parameter (path-item-level or operation-level), at its definition when reached through
/// `$ref` (once per direction).
#[derive(Debug)]
pub struct ParameterSite<'a> {
    /// `/paths/~1pets/get/parameters/0`, `/components/parameters/Limit`.
    pub pointer: String,
    /// The parameter.
    pub parameter: &'a Parameter,
    /// Who reads it, relative to the API owner (`Request` in `paths`); `None` in the
    /// component sweep.
    pub direction: Option<Direction>,
    /// Pointer of the enclosing operation (`None` for path-item-level parameters).
    pub operation: Option<String>,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
    /// Reached from `paths`/`webhooks` (false in the component sweep).
    pub reachable: bool,
}

/// A Server Object (document, path item, operation or link level).
#[derive(Debug)]
pub struct ServerSite<'a> {
    /// `/servers/0`, `/paths/~1pets/get/servers/0`.
    pub pointer: String,
    /// The server.
    pub server: &'a Server,
    /// Inside a 3.1 webhook.
    pub in_webhook: bool,
    /// Inside a callback.
    pub in_callback: bool,
}

/// A schema node.
#[derive(Debug)]
pub struct SchemaNode<'a> {
    /// Pointer of the schema node (at its definition when reached through `$ref`).
    pub pointer: String,
    /// The schema.
    pub schema: &'a Schema,
    /// Who reads the data, relative to the API owner; `None` for components reached from
    /// no operation (the component sweep).
    pub direction: Option<Direction>,
    /// The literal HTTP message side (request/response) regardless of webhook flips; for
    /// `readOnly`/`writeOnly`.
    pub http_message: Option<Direction>,
    /// Its position in the parent (property, items, media type, parameter, …).
    pub role: SchemaRole<'a>,
    /// A required property, or the schema of a required parameter/body.
    pub required: bool,
    /// Pointer of the enclosing operation, if any.
    pub operation: Option<String>,
}

/// Operations, schemas and `$ref` usages of one spec.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Every operation, in walk order.
    pub operations: Vec<OperationSite<'a>>,
    /// Every parameter, in walk order (a `$ref`'d component once per direction).
    pub parameters: Vec<ParameterSite<'a>>,
    /// Every server, in walk order.
    pub servers: Vec<ServerSite<'a>>,
    /// Every schema node, in walk order (a `$ref`'d component once per direction).
    pub schemas: Vec<SchemaNode<'a>>,
    /// Who references which component.
    pub refs: RefIndex,
}

impl<'a> Index<'a> {
    /// Walks the spec once.
    pub fn build(spec: &'a Spec) -> Self {
        let mut collect = Collect::default();
        let mut pair: (RefIndexBuilder<'_>, &mut Collect<'a>) =
            (RefIndex::builder(spec), &mut collect);
        walk(spec, &mut pair);
        let refs = pair.0.finish();
        Index {
            operations: collect.operations,
            parameters: collect.parameters,
            servers: collect.servers,
            schemas: collect.schemas,
            refs,
        }
    }

    /// The pointers of every `$ref` to the component `pointer` lies in (empty when the node
    /// is not inside a component).
    pub fn via(&self, pointer: &str) -> &[String] {
        component_of(pointer).map_or(&[], |c| self.refs.usages(c))
    }
}

/// `/components/<kind>/<name>` of a pointer inside a component.
pub fn component_of(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("/components/")?;
    let kind_end = rest.find('/')?;
    let after = &rest[kind_end + 1..];
    let name_end = after.find('/').unwrap_or(after.len());
    let len = "/components/".len() + kind_end + 1 + name_end;
    Some(&pointer[..len])
}

#[derive(Default)]
struct Collect<'a> {
    operations: Vec<OperationSite<'a>>,
    parameters: Vec<ParameterSite<'a>>,
    servers: Vec<ServerSite<'a>>,
    schemas: Vec<SchemaNode<'a>>,
    /// Enclosing path items (pointer, item), innermost last: callbacks nest path items.
    path_items: Vec<(String, &'a PathItem)>,
}

impl<'a> Visitor<'a> for Collect<'a> {
    fn visit_path_item(&mut self, ctx: &Ctx<'_>, _key: &'a str, item: &'a PathItem) {
        self.path_items.push((ctx.pointer.to_string(), item));
    }

    fn visit_operation(&mut self, ctx: &Ctx<'_>, method: &'a str, operation: &'a Operation) {
        // The path item is the innermost one whose pointer the operation's extends by
        // `/<method>`; path items left behind (no leave callback) are dropped here.
        let parent = ctx
            .pointer
            .strip_suffix(method)
            .and_then(|p| p.strip_suffix('/'));
        while let Some((pointer, _)) = self.path_items.last() {
            if Some(pointer.as_str()) == parent {
                break;
            }
            self.path_items.pop();
        }
        let path_item = self.path_items.last().map(|(_, item)| *item);
        self.operations.push(OperationSite {
            pointer: ctx.pointer.to_string(),
            path: ctx
                .operation
                .map_or_else(String::new, |o| o.path.to_string()),
            method,
            operation,
            path_item,
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
            reachable: ctx.reachable,
        });
    }

    fn visit_parameter(&mut self, ctx: &Ctx<'_>, parameter: &'a Parameter) {
        self.parameters.push(ParameterSite {
            pointer: ctx.pointer.to_string(),
            parameter,
            direction: ctx.direction,
            operation: ctx.operation.map(|o| o.pointer.to_string()),
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
            reachable: ctx.reachable,
        });
    }

    fn visit_server(&mut self, ctx: &Ctx<'_>, server: &'a Server) {
        self.servers.push(ServerSite {
            pointer: ctx.pointer.to_string(),
            server,
            in_webhook: ctx.in_webhook,
            in_callback: ctx.in_callback,
        });
    }

    fn visit_schema(
        &mut self,
        ctx: &Ctx<'_>,
        schema: &'a Schema,
        site: &pactum_spec::SchemaSite<'a>,
    ) {
        self.schemas.push(SchemaNode {
            pointer: ctx.pointer.to_string(),
            schema,
            direction: ctx.direction,
            http_message: ctx.http_message(),
            role: site.role,
            required: site.required,
            operation: ctx.operation.map(|o| o.pointer.to_string()),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::spec_from_yaml;

    #[test]
    fn operations_know_their_path_item_through_callbacks() {
        let spec = spec_from_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    servers: [{url: 'https://a.example'}]
    parameters: [{name: x, in: query, schema: {type: string}}]
    get:
      callbacks:
        done:
          '{$request.query.cb}':
            servers: [{url: 'https://cb.example'}]
            post: {responses: {'200': {description: OK}}}
      responses: {'200': {description: OK}}
    post: {responses: {'200': {description: OK}}}
  /b:
    get: {responses: {'200': {description: OK}}}
"#,
        );
        let index = super::Index::build(&spec);
        let servers = |i: usize| {
            index.operations[i]
                .path_item
                .map(|p| p.servers.iter().map(|s| s.url.as_str()).collect::<Vec<_>>())
        };
        let pointers: Vec<_> = index
            .operations
            .iter()
            .map(|o| o.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1a/get",
                "/paths/~1a/get/callbacks/done/{$request.query.cb}/post",
                "/paths/~1a/post",
                "/paths/~1b/get",
            ]
        );
        assert_eq!(servers(0), Some(vec!["https://a.example"]));
        assert_eq!(servers(1), Some(vec!["https://cb.example"]));
        assert_eq!(servers(2), Some(vec!["https://a.example"]));
        assert_eq!(servers(3), Some(vec![]));
        assert!(index.operations[1].in_callback);
        let params: Vec<_> = index
            .parameters
            .iter()
            .map(|p| (p.pointer.as_str(), p.operation.is_none()))
            .collect();
        assert_eq!(params, [("/paths/~1a/parameters/0", true)]);
        let servers: Vec<_> = index
            .servers
            .iter()
            .map(|s| (s.pointer.as_str(), s.in_callback))
            .collect();
        assert_eq!(
            servers,
            [
                ("/paths/~1a/servers/0", false),
                (
                    "/paths/~1a/get/callbacks/done/{$request.query.cb}/servers/0",
                    true
                ),
            ]
        );
    }
}
