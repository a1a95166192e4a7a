//! HTTP-level views of the typed model shared by the CORS, rate-limit and webhook rules: an
//! operation's responses and their headers with `$ref`s resolved, the values a header
//! declares, header parameters, and the security an operation requires.
//!
//! Nothing here allocates a pointer until a rule asks for one (`pointer()`, `usage()`), so
//! rules can look at every response of a large spec and build strings only for findings.

use std::borrow::Cow;

use openapiv3::{
    Header, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    Response, Schema, SchemaKind, SecurityRequirement, StatusCode, Type,
};
use pactum_spec::pointer::escape;
use pactum_spec::visit::{resolve, resolve_or};
use pactum_spec::{ComponentKind, Spec};

use crate::model::OperationSite;
use serde_json::Value;

/// A response of an operation, resolved through `$ref`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resp<'a> {
    op: &'a str,
    status: Option<&'a StatusCode>,
    component: Option<&'a str>,
    /// The response.
    pub response: &'a Response,
}

impl<'a> Resp<'a> {
    /// True for the exact status `code`.
    pub fn is(&self, code: u16) -> bool {
        self.status == Some(&StatusCode::Code(code))
    }

    /// True for `2xx` codes and the `2XX` range.
    pub fn is_success(&self) -> bool {
        match self.status {
            Some(StatusCode::Code(c)) => (200..300).contains(c),
            Some(StatusCode::Range(r)) => *r == 2,
            None => false,
        }
    }

    /// Pointer of the response's definition (`/components/responses/X` when `$ref`'d).
    pub fn pointer(&self) -> String {
        match self.component {
            Some(name) => ComponentKind::Responses.pointer(name),
            None => self.key_pointer(),
        }
    }

    /// Pointer of the `$ref` that led to the response, if it is a component.
    pub fn usage(&self) -> Option<String> {
        self.component.map(|_| self.key_pointer())
    }

    /// `<operation>/responses/<status>`.
    fn key_pointer(&self) -> String {
        match self.status {
            Some(s) => format!("{}/responses/{s}", self.op),
            None => format!("{}/responses/default", self.op),
        }
    }

    /// Short text for messages and labels: `` `200` response ``.
    pub fn describe(&self) -> String {
        match self.status {
            Some(s) => format!("`{s}` response"),
            None => "`default` response".to_string(),
        }
    }
}

/// The responses of `op` (at `op_pointer`), `$ref`s resolved; dangling ones are skipped.
pub(crate) fn responses<'a>(
    spec: &'a Spec,
    op_pointer: &'a str,
    op: &'a Operation,
) -> impl Iterator<Item = Resp<'a>> + 'a {
    let coded = op.responses.responses.iter().map(|(k, r)| (Some(k), r));
    let default = op.responses.default.iter().map(|r| (None, r));
    coded.chain(default).filter_map(move |(status, r)| {
        let (component, response) = match r {
            ReferenceOr::Item(item) => (None, item),
            ReferenceOr::Reference { reference } => {
                let (name, item) = resolve::<Response>(spec, reference)?;
                (Some(name), item)
            }
        };
        Some(Resp {
            op: op_pointer,
            status,
            component,
            response,
        })
    })
}

/// A header of a response, resolved through `$ref`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hdr<'a> {
    /// The name it is declared under.
    pub name: &'a str,
    component: Option<&'a str>,
    /// The header.
    pub header: &'a Header,
}

impl Hdr<'_> {
    /// Pointer of the header's definition (`/components/headers/X` when `$ref`'d).
    pub fn pointer(&self, resp: &Resp<'_>) -> String {
        match self.component {
            Some(name) => ComponentKind::Headers.pointer(name),
            None => self.key_pointer(resp),
        }
    }

    /// Pointers of the `$ref`s that led to the header: the header's own `$ref`, else the
    /// response's.
    pub fn usage(&self, resp: &Resp<'_>) -> Option<String> {
        match self.component {
            Some(_) => Some(self.key_pointer(resp)),
            None => resp.usage(),
        }
    }

    fn key_pointer(&self, resp: &Resp<'_>) -> String {
        format!("{}/headers/{}", resp.pointer(), escape(self.name))
    }
}

/// The headers of a response, `$ref`s resolved; dangling ones are skipped.
pub(crate) fn headers<'a>(spec: &'a Spec, resp: &Resp<'a>) -> impl Iterator<Item = Hdr<'a>> + 'a {
    resp.response.headers.iter().filter_map(move |(name, h)| {
        let (component, header) = match h {
            ReferenceOr::Item(item) => (None, item),
            ReferenceOr::Reference { reference } => {
                let (n, item) = resolve::<Header>(spec, reference)?;
                (Some(n), item)
            }
        };
        Some(Hdr {
            name,
            component,
            header,
        })
    })
}

/// What a header (or parameter) says its value is.
#[derive(Debug, Default)]
pub(crate) struct Declared {
    /// Values of `enum` and `const`: the only ones allowed.
    pub allowed: Vec<String>,
    /// Values of `default`, `example` and `examples` (of the schema and the header).
    pub examples: Vec<String>,
    /// The schema's `pattern`, if any.
    pub pattern: Option<String>,
}

impl Declared {
    /// Every declared value, allowed and example.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.allowed
            .iter()
            .chain(&self.examples)
            .map(String::as_str)
    }

    /// True when some declared value is `value` (trimmed, ASCII case-insensitive).
    pub fn has(&self, value: &str) -> bool {
        self.values().any(|v| v.trim().eq_ignore_ascii_case(value))
    }

    /// True when some declared value is a comma-separated list containing `token`.
    pub fn has_token(&self, token: &str) -> bool {
        self.values()
            .any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    }

    /// True when nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.allowed.is_empty() && self.examples.is_empty()
    }
}

/// The values a header declares: its schema's `enum`/`const`/`default`/`example(s)` and the
/// header's own `example`/`examples` (also through `content`).
pub(crate) fn declared(spec: &Spec, header: &Header) -> Declared {
    let mut out = Declared::default();
    push_json(&mut out.examples, header.example.as_ref());
    push_examples(spec, &mut out.examples, &header.examples);
    match &header.format {
        ParameterSchemaOrContent::Schema(s) => {
            if let Some(schema) = resolve_or(spec, s) {
                schema_values(spec, schema, &mut out);
            }
        }
        ParameterSchemaOrContent::Content(content) => {
            for media in content.values() {
                media_values(spec, media, &mut out);
            }
        }
    }
    out
}

fn media_values(spec: &Spec, media: &MediaType, out: &mut Declared) {
    push_json(&mut out.examples, media.example.as_ref());
    push_examples(spec, &mut out.examples, &media.examples);
    if let Some(schema) = media.schema.as_ref().and_then(|s| resolve_or(spec, s)) {
        schema_values(spec, schema, out);
    }
}

fn push_examples(
    spec: &Spec,
    out: &mut Vec<String>,
    examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
) {
    for e in examples.values() {
        if let Some(e) = resolve_or(spec, e) {
            push_json(out, e.value.as_ref());
        }
    }
}

fn schema_values(spec: &Spec, schema: &Schema, out: &mut Declared) {
    let data = &schema.schema_data;
    push_json(&mut out.examples, data.default.as_ref());
    push_json(&mut out.examples, data.example.as_ref());
    push_json(&mut out.examples, data.extensions.get("x-pactum-examples"));
    push_json(&mut out.allowed, data.extensions.get("x-pactum-const"));
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            out.allowed.extend(s.enumeration.iter().flatten().cloned());
            if let Some(p) = &s.pattern {
                out.pattern = Some(p.clone());
            }
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            out.allowed
                .extend(b.enumeration.iter().flatten().map(|b| b.to_string()));
        }
        SchemaKind::Type(Type::Integer(i)) => {
            out.allowed
                .extend(i.enumeration.iter().flatten().map(|i| i.to_string()));
        }
        SchemaKind::Type(Type::Number(n)) => {
            out.allowed
                .extend(n.enumeration.iter().flatten().map(|n| n.to_string()));
        }
        SchemaKind::Any(a) => {
            for v in &a.enumeration {
                push_json(&mut out.allowed, Some(v));
            }
            if let Some(p) = &a.pattern {
                out.pattern = Some(p.clone());
            }
        }
        SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
            for b in branches {
                if let Some(b) = resolve_or(spec, b) {
                    schema_values(spec, b, out);
                }
            }
        }
        _ => {}
    }
}

/// Scalars as text; arrays element by element (one level).
fn push_json(out: &mut Vec<String>, value: Option<&Value>) {
    let Some(value) = value else { return };
    match value {
        Value::Array(items) => {
            for item in items {
                if let Some(s) = scalar(item) {
                    out.push(s.into_owned());
                }
            }
        }
        v => {
            if let Some(s) = scalar(v) {
                out.push(s.into_owned());
            }
        }
    }
}

fn scalar(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// A parameter of an operation or its path item, resolved through `$ref`, with its index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Param<'a> {
    /// The parameter.
    pub parameter: &'a Parameter,
    /// Declared on the path item rather than the operation.
    pub on_path_item: bool,
    index: usize,
    component: Option<&'a str>,
}

impl Param<'_> {
    /// Pointer of the parameter's definition, given the operation's and the path item's
    /// pointers.
    pub fn pointer(&self, op_pointer: &str, item_pointer: &str) -> String {
        match self.component {
            Some(name) => ComponentKind::Parameters.pointer(name),
            None if self.on_path_item => format!("{item_pointer}/parameters/{}", self.index),
            None => format!("{op_pointer}/parameters/{}", self.index),
        }
    }
}

/// The parameters of `op` and of its path item (operation ones first), resolved.
pub(crate) fn parameters<'a>(
    spec: &'a Spec,
    item: Option<&'a PathItem>,
    op: &'a Operation,
) -> impl Iterator<Item = Param<'a>> + 'a {
    let own = op.parameters.iter().enumerate().map(|(i, p)| (false, i, p));
    let inherited = item
        .into_iter()
        .flat_map(|item| item.parameters.iter().enumerate())
        .map(|(i, p)| (true, i, p));
    own.chain(inherited)
        .filter_map(move |(on_path_item, index, p)| {
            let (component, parameter) = match p {
                ReferenceOr::Item(item) => (None, item),
                ReferenceOr::Reference { reference } => {
                    let (n, item) = resolve::<Parameter>(spec, reference)?;
                    (Some(n), item)
                }
            };
            Some(Param {
                parameter,
                on_path_item,
                index,
                component,
            })
        })
}

/// The header parameters of `op` and its path item.
pub(crate) fn header_params<'a>(
    spec: &'a Spec,
    item: Option<&'a PathItem>,
    op: &'a Operation,
) -> impl Iterator<Item = Param<'a>> + 'a {
    parameters(spec, item, op).filter(|p| matches!(p.parameter, Parameter::Header { .. }))
}

/// Where the security that applies to an operation is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecuritySource {
    /// The operation's own `security`.
    Operation,
    /// The document's `security`, inherited.
    Document,
}

impl SecuritySource {
    /// Pointer of the `security` member that applies.
    pub fn pointer(self, op_pointer: &str) -> String {
        match self {
            SecuritySource::Operation => format!("{op_pointer}/security"),
            SecuritySource::Document => "/security".to_string(),
        }
    }
}

/// Where the security `op` requires is declared, when it requires some: a non-empty list of
/// requirements none of which is empty (`{}` makes authentication optional).
pub(crate) fn required_security(spec: &Spec, op: &Operation) -> Option<SecuritySource> {
    let (list, source) = match &op.security {
        Some(list) => (list, SecuritySource::Operation),
        None => (spec.openapi.security.as_ref()?, SecuritySource::Document),
    };
    requires(list).then_some(source)
}

fn requires(list: &[SecurityRequirement]) -> bool {
    !list.is_empty() && list.iter().all(|r| !r.is_empty())
}

/// The path item of `paths` at `path` (resolving a 3.1 `$ref` to `components/pathItems`).
pub(crate) fn path_item<'a>(spec: &'a Spec, path: &str) -> Option<&'a PathItem> {
    resolve_or(spec, spec.openapi.paths.paths.get(path)?)
}

/// A short place to label an operation at: its `operationId` when it has one (the
/// operation itself spans many lines).
pub(crate) fn op_label_pointer(op: &OperationSite<'_>) -> String {
    if op.operation.operation_id.is_some() {
        format!("{}/operationId", op.pointer)
    } else {
        op.pointer.clone()
    }
}

/// `GET /pets` for messages and labels.
pub(crate) fn op_name(op: &OperationSite<'_>) -> String {
    format!("{} {}", op.method.to_ascii_uppercase(), op.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec_from_yaml;

    /// The header called `name` (ASCII case-insensitive), if the response declares it.
    fn header<'a>(spec: &'a Spec, resp: &Resp<'a>, name: &str) -> Option<Hdr<'a>> {
        headers(spec, resp).find(|h| h.name.eq_ignore_ascii_case(name))
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          headers:
            Access-Control-Allow-Origin: {$ref: '#/components/headers/Origin'}
            X-Inline:
              example: one
              schema: {type: string, enum: [two], default: three, pattern: '^t'}
        '2XX': {$ref: '#/components/responses/Ok'}
        default: {description: D}
    post:
      security: [{}, {key: []}]
      responses: {'201': {description: C}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: K}
  headers:
    Origin:
      schema: {type: boolean, enum: [true]}
  responses:
    Ok:
      description: OK
      headers:
        Vary:
          content:
            text/plain:
              schema: {type: string, example: 'Origin, Accept'}
"#;

    #[test]
    fn responses_and_headers_resolve_with_lazy_pointers() {
        let spec = spec_from_yaml(SPEC);
        let op = spec.openapi.paths.paths["/a"].as_item().unwrap();
        let get = op.get.as_ref().unwrap();
        let rs: Vec<_> = responses(&spec, "/paths/~1a/get", get).collect();
        assert_eq!(rs.len(), 3);
        assert!(rs[0].is(200) && rs[0].is_success() && rs[1].is_success());
        assert!(!rs[2].is_success() && rs[2].usage().is_none());
        assert_eq!(rs[1].pointer(), "/components/responses/Ok");
        assert_eq!(
            rs[1].usage().as_deref(),
            Some("/paths/~1a/get/responses/2XX")
        );
        assert_eq!(rs[2].pointer(), "/paths/~1a/get/responses/default");

        let acao = header(&spec, &rs[0], "access-control-allow-origin").unwrap();
        assert_eq!(acao.pointer(&rs[0]), "/components/headers/Origin");
        assert_eq!(
            acao.usage(&rs[0]).as_deref(),
            Some("/paths/~1a/get/responses/200/headers/Access-Control-Allow-Origin")
        );
        assert!(declared(&spec, acao.header).has("TRUE"));

        let inline = header(&spec, &rs[0], "X-Inline").unwrap();
        let d = declared(&spec, inline.header);
        assert_eq!(d.allowed, ["two"]);
        assert_eq!(d.examples, ["one", "three"]);
        assert_eq!(d.pattern.as_deref(), Some("^t"));

        let vary = header(&spec, &rs[1], "vary").unwrap();
        assert_eq!(
            vary.pointer(&rs[1]),
            "/components/responses/Ok/headers/Vary"
        );
        assert!(declared(&spec, vary.header).has_token("origin"));
    }

    #[test]
    fn parameters_of_the_operation_then_its_path_item() {
        let spec = spec_from_yaml(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    parameters:
      - {name: q, in: query, schema: {type: string}}
      - {name: K, in: header, schema: {type: string}}
    post:
      parameters:
        - $ref: '#/components/parameters/H'
      responses: {'201': {description: C}}
components:
  parameters:
    H: {name: H, in: header, schema: {type: string}}
"#,
        );
        let item = path_item(&spec, "/a");
        let op = item.and_then(|i| i.post.as_ref()).unwrap();
        let got: Vec<_> = header_params(&spec, item, op)
            .map(|p| p.pointer("/paths/~1a/post", "/paths/~1a"))
            .collect();
        assert_eq!(got, ["/components/parameters/H", "/paths/~1a/parameters/1"]);
    }

    #[test]
    fn security_is_required_unless_optional() {
        let spec = spec_from_yaml(SPEC);
        let op = spec.openapi.paths.paths["/a"].as_item().unwrap();
        assert_eq!(
            required_security(&spec, op.get.as_ref().unwrap()),
            Some(SecuritySource::Document)
        );
        assert_eq!(required_security(&spec, op.post.as_ref().unwrap()), None);
    }
}
