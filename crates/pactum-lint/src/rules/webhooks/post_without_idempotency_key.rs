use openapiv3::StatusCode;

use crate::http::{self, op_label_pointer, op_name};
use crate::model::OperationSite;
use crate::rule::{Context, RuleCheck, Sink};
use crate::rules::rate_limit::{api_operations, mostly};
use crate::Severity;

crate::declare_rule! {
    /// ## What it does
    /// Flags `POST` operations that create resources (they declare a `201` response) but
    /// take no idempotency key: no header parameter, on the operation or its path item,
    /// whose name contains `idempotency` (`Idempotency-Key`, `X-Idempotency-Key`),
    /// case-insensitively.
    ///
    /// - When at least half of the API's `POST` operations declare such a header, it is the
    ///   API's convention, and each creating `POST` without it is reported as a `warning`.
    /// - Otherwise the rule reports **once per document**, at `paths`, as `info`, with the
    ///   first few operations as labels — a per-operation note would flood large APIs with
    ///   advice they may reasonably decline.
    ///
    /// Only `paths` operations are checked.
    ///
    /// ## Why is this bad?
    /// Networks fail after the server has acted: the client sees a timeout and does not know
    /// whether the order was placed. Retrying a plain `POST` may create it twice; not retrying
    /// may lose it. An `Idempotency-Key` (IETF draft `httpapi-idempotency-key-header`) lets
    /// clients retry safely: the server returns the first result for a key it has seen.
    ///
    /// ## Example
    /// ```yaml
    /// /orders:
    ///   post:
    ///     responses:
    ///       '201': {description: Created}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// /orders:
    ///   post:
    ///     parameters:
    ///       - name: Idempotency-Key
    ///         in: header
    ///         required: true
    ///         schema: {type: string, maxLength: 64}
    ///     responses:
    ///       '201': {description: Created}
    /// ```
    pub PostWithoutIdempotencyKey {
        id: "post-without-idempotency-key",
        group: Webhooks,
        severity: Warning,
        summary: "POST creating a resource (201) without an Idempotency-Key header",
    }
}

/// How many creating operations the once-per-document finding labels.
const LABELS: usize = 5;

impl RuleCheck for PostWithoutIdempotencyKey {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let (mut posts, mut with) = (0, 0);
        let mut example: Option<String> = None;
        let mut missing: Vec<&OperationSite<'_>> = Vec::new();
        for op in api_operations(cx).filter(|op| op.method == "post") {
            posts += 1;
            let item = http::path_item(spec, &op.path);
            let key = http::header_params(spec, item, op.operation).find(|p| {
                let name = &p.parameter.parameter_data_ref().name;
                name.to_ascii_lowercase().contains("idempotency")
            });
            match key {
                Some(p) => {
                    with += 1;
                    if example.is_none() {
                        let item_pointer = op.pointer.strip_suffix("/post").unwrap_or("");
                        example = Some(format!("{}/name", p.pointer(&op.pointer, item_pointer)));
                    }
                }
                None if creates(op) => missing.push(op),
                None => {}
            }
        }
        if missing.is_empty() {
            return;
        }
        let Some(example) = example.filter(|_| mostly(with, posts)) else {
            let message = if with == 0 {
                format!(
                    "No `POST` operation declares an `Idempotency-Key` header ({} create resources)",
                    missing.len()
                )
            } else {
                format!(
                    "Most `POST` operations declare no `Idempotency-Key` header ({} create resources)",
                    missing.len()
                )
            };
            let finding = out
                .report("/paths", message)
                .severity(Severity::Info)
                .at_key()
                .label("retried POSTs may create duplicates")
                .help(
                    "Accept an `Idempotency-Key` header on `POST` operations that create \
                     resources, and return the first result for a repeated key",
                );
            for op in missing.iter().take(LABELS) {
                finding.with_label(
                    op_label_pointer(op),
                    format!("`{}` creates a resource", op_name(op)),
                );
            }
            return;
        };
        for op in missing {
            out.report(
                &op.pointer,
                format!(
                    "`{}` creates a resource but takes no `Idempotency-Key` header",
                    op_name(op)
                ),
            )
            .at_key()
            .label("no idempotency key")
            .with_label(&example, "other POST operations declare it")
            .help("Add the API's `Idempotency-Key` header parameter");
        }
    }
}

fn creates(op: &OperationSite<'_>) -> bool {
    op.operation
        .responses
        .responses
        .contains_key(&StatusCode::Code(201))
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;
    use crate::Severity;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    parameters:
      - $ref: '#/components/parameters/Key'
    post:
      operationId: createA
      responses: {'201': {description: Created}}
  /b:
    post:
      parameters:
        - {name: x-idempotency-key, in: header, schema: {type: string}}
      responses: {'201': {description: Created}}
  /c:
    post:
      operationId: createC
      responses: {'201': {description: Created}}
  /d:
    post:
      responses: {'200': {description: Search results}}
components:
  parameters:
    Key: {name: Idempotency-Key, in: header, schema: {type: string}}
"#;

    #[test]
    fn warns_where_the_api_uses_idempotency_keys() {
        let found = check_yaml(&super::PostWithoutIdempotencyKey, SPEC);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].pointer, "/paths/~1c/post");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].labels[0].pointer,
            "/components/parameters/Key/name"
        );
    }

    #[test]
    fn informs_once_otherwise() {
        let spec = SPEC
            .replace("Idempotency-Key, in", "X-Request-Id, in")
            .replace("x-idempotency-key", "x-trace");
        let found = check_yaml(&super::PostWithoutIdempotencyKey, &spec);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/paths");
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "No `POST` operation declares an `Idempotency-Key` header (3 create resources)"
        );
        let labels: Vec<_> = found[0].labels.iter().map(|l| l.pointer.as_str()).collect();
        assert_eq!(
            labels,
            [
                "/paths/~1a/post/operationId",
                "/paths/~1b/post",
                "/paths/~1c/post/operationId"
            ]
        );
    }
}
