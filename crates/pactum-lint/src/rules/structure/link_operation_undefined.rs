use std::collections::HashSet;

use openapiv3::LinkOperation;
use pactum_spec::pointer;

use crate::oas::links;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a Link Object whose `operationId` names no operation of the document, or whose
    /// local `operationRef` (`#/paths/~1pets~1{petId}/get`) points at no operation.
    /// `operationRef`s into other documents are not checked.
    ///
    /// ## Why is this bad?
    /// A link tells clients which call to make next with values from this response. When its
    /// target does not exist (a renamed `operationId`, a moved path), documentation shows a
    /// dead link and link-following SDKs fail at run time.
    ///
    /// ## Example
    /// ```yaml
    /// links:
    ///   GetPet:
    ///     operationId: fetchPet   # the operation is `getPet`
    ///     parameters:
    ///       petId: $response.body#/id
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// links:
    ///   GetPet:
    ///     operationId: getPet
    ///     parameters:
    ///       petId: $response.body#/id
    /// ```
    pub LinkOperationUndefined {
        id: "link-operation-undefined",
        group: Structure,
        severity: Error,
        summary: "Link to an operation that does not exist",
    }
}

/// The `(path, method)` a local `operationRef` names, unescaped and percent-decoded.
fn local_target(reference: &str) -> Option<(String, String)> {
    let fragment = reference.strip_prefix("#/paths/")?;
    let (path, method) = fragment.rsplit_once('/')?;
    Some((
        pointer::unescape(&percent_decode(path)).into_owned(),
        percent_decode(method),
    ))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl RuleCheck for LinkOperationUndefined {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        let found = links(cx.spec, index);
        if found.is_empty() {
            return;
        }
        let ids: HashSet<&str> = index
            .operations
            .iter()
            .filter_map(|op| op.operation.operation_id.as_deref())
            .collect();
        for (at, link) in found {
            match &link.operation {
                LinkOperation::OperationId(id) => {
                    if id.is_empty() || ids.contains(id.as_str()) {
                        continue;
                    }
                    out.report(
                        format!("{at}/operationId"),
                        format!("Link target `{id}` is not the `operationId` of any operation"),
                    )
                    .label("no such operation")
                    .help("Use the `operationId` of an existing operation");
                }
                LinkOperation::OperationRef(reference) => {
                    let Some((path, method)) = local_target(reference) else {
                        continue;
                    };
                    let exists = cx
                        .spec
                        .openapi
                        .paths
                        .paths
                        .get(&path)
                        .and_then(|item| pactum_spec::visit::resolve_or(cx.spec, item))
                        .is_some_and(|item| item.iter().any(|(m, _)| m == method));
                    if exists {
                        continue;
                    }
                    out.report(
                        format!("{at}/operationRef"),
                        format!("Link target `{reference}` is not an operation of this document"),
                    )
                    .label("no such operation")
                    .help("Point at an existing `#/paths/<escaped path>/<method>`, or use `operationId`");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_missing_targets() {
        let found = check_yaml(
            &super::LinkOperationUndefined,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    post:
      operationId: createPet
      responses:
        '201':
          description: Created
          links:
            Good: {operationId: getPet}
            Bad: {operationId: fetchPet}
            GoodRef: {operationRef: '#/paths/~1pets~1{id}/get'}
            GoodEncoded: {operationRef: '#/paths/~1pets~1%7Bid%7D/get'}
            BadRef: {operationRef: '#/paths/~1pets~1{id}/delete'}
            External: {operationRef: 'https://example.com/api.yaml#/paths/~1x/get'}
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: OK}}
components:
  links:
    Gone: {operationId: deletePet}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/paths/~1pets/post/responses/201/links/Bad/operationId",
                "/paths/~1pets/post/responses/201/links/BadRef/operationRef",
                "/components/links/Gone/operationId",
            ]
        );
    }
}
