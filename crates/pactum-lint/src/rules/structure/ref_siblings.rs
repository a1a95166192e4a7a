use pactum_spec::{Node, SpecVersion, Value};

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// In OpenAPI 3.0 documents, flags keys written next to a `$ref` (in every file of the
    /// document). Extensions of pactum itself (`x-pactum-…`, e.g. `x-pactum-ignore`) are not
    /// reported. Example values, defaults, enums and other extensions are data, not
    /// references, and are not searched.
    ///
    /// OpenAPI 3.1 allows siblings next to a schema `$ref` (they apply together with the
    /// reference), so 3.1 documents are not checked.
    ///
    /// ## Why is this bad?
    /// In 3.0 a Reference Object cannot be extended: "any properties added SHALL be ignored".
    /// A `description` next to `$ref` is silently dropped from the docs, and a `nullable:
    /// true` or `maxLength` next to it is silently not part of the contract — validators and
    /// generated code treat the field as the plain referenced schema.
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   owner:
    ///     $ref: '#/components/schemas/User'
    ///     nullable: true
    ///     description: The owner, if any
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   owner:
    ///     allOf: [{$ref: '#/components/schemas/User'}]
    ///     nullable: true
    ///     description: The owner, if any
    /// ```
    pub RefSiblings {
        id: "ref-siblings",
        group: Structure,
        severity: Warning,
        summary: "Keys next to $ref, which OpenAPI 3.0 ignores",
    }
}

impl RuleCheck for RefSiblings {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        if cx.spec.version != SpecVersion::V30 {
            return;
        }
        let map = &cx.spec.source_map;
        for doc in map.documents() {
            let mut found: Vec<(String, Vec<&str>)> = Vec::new();
            let mut pointer = String::new();
            scan(&doc.root, &mut pointer, false, &mut found, 0);
            for (at, siblings) in found {
                let Some(model) = map.model_pointer(doc.id, &at) else {
                    continue;
                };
                let first = pactum_spec::pointer::push(&model, siblings[0]);
                let names: Vec<String> = siblings.iter().map(|s| format!("`{s}`")).collect();
                let (list, verb) = match names.as_slice() {
                    [one] => (one.clone(), "is"),
                    [init @ .., last] => (format!("{} and {last}", init.join(", ")), "are"),
                    [] => continue,
                };
                let finding = out.report(
                    first,
                    format!("{list} next to `$ref` {verb} ignored in OpenAPI 3.0"),
                );
                finding
                    .at_key()
                    .label("ignored")
                    .help("Move the keys into the referenced definition, or (for schemas) wrap the reference: `allOf: [{$ref: …}]` with the keys beside `allOf`");
                for s in &siblings[1..] {
                    finding.with_label(pactum_spec::pointer::push(&model, s), "ignored too");
                }
            }
        }
    }
}

/// Keys whose values are data (or vendor extensions), never Reference Objects.
fn is_data(key: &str, in_example: bool) -> bool {
    matches!(key, "example" | "default" | "enum")
        || key.starts_with("x-")
        || (in_example && key == "value")
}

/// Collects `(pointer of the $ref object, sibling keys)` below `node`. `in_example` is true
/// for the entries of an `examples` map, whose `value` is data.
fn scan<'n>(
    node: &'n Node,
    pointer: &mut String,
    in_example: bool,
    found: &mut Vec<(String, Vec<&'n str>)>,
    depth: usize,
) {
    if depth > 512 {
        return;
    }
    match &node.value {
        Value::Object(entries) => {
            let is_ref = entries
                .iter()
                .any(|e| e.key == "$ref" && matches!(e.value.value, Value::String(_)));
            if is_ref {
                let siblings: Vec<&str> = entries
                    .iter()
                    .map(|e| e.key.as_str())
                    .filter(|k| *k != "$ref" && !k.starts_with("x-pactum-"))
                    .collect();
                if !siblings.is_empty() {
                    found.push((pointer.clone(), siblings));
                }
                return;
            }
            let len = pointer.len();
            for e in entries {
                if is_data(&e.key, in_example) {
                    continue;
                }
                pointer.push('/');
                pointer.push_str(&pactum_spec::pointer::escape(&e.key));
                let examples = e.key == "examples";
                match &e.value.value {
                    // The entries of an `examples` map are Example Objects.
                    Value::Object(items) if examples => {
                        let inner = pointer.len();
                        for item in items {
                            pointer.push('/');
                            pointer.push_str(&pactum_spec::pointer::escape(&item.key));
                            scan(&item.value, pointer, true, found, depth + 2);
                            pointer.truncate(inner);
                        }
                    }
                    _ => scan(&e.value, pointer, false, found, depth + 1),
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            let len = pointer.len();
            for (i, item) in items.iter().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(pointer, "/{i}");
                scan(item, pointer, false, found, depth + 1);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn siblings_in_30_only() {
        let yaml = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
          description: ignored
          x-pactum-ignore: [something]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
                nullable: true
                maxLength: 3
              example: {$ref: 'not a reference', other: data}
              examples:
                a: {value: {$ref: x, b: c}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
  schemas:
    Pet:
      type: object
      properties:
        $ref: {type: string}
        owner: {$ref: '#/components/schemas/Pet', x-nullable: true}
"#;
        let found = check_yaml(&super::RefSiblings, yaml);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1pets/get/parameters/0/description",
                    "`description` next to `$ref` is ignored in OpenAPI 3.0"
                ),
                (
                    "/paths/~1pets/get/responses/200/content/application~1json/schema/nullable",
                    "`nullable` and `maxLength` next to `$ref` are ignored in OpenAPI 3.0"
                ),
                (
                    "/components/schemas/Pet/properties/owner/x-nullable",
                    "`x-nullable` next to `$ref` is ignored in OpenAPI 3.0"
                ),
            ]
        );
        assert_eq!(
            found[1].labels[0].pointer,
            "/paths/~1pets/get/responses/200/content/application~1json/schema/maxLength"
        );
        let v31 = yaml.replace("openapi: 3.0.3", "openapi: 3.1.0");
        assert!(check_yaml(&super::RefSiblings, &v31).is_empty());
    }
}
