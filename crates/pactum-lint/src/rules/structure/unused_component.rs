use std::collections::HashSet;

use pactum_spec::visit::ComponentInfo;
use pactum_spec::{ComponentKind, Node, Value};

use crate::model::component_of;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a component (`components.schemas`, `responses`, `parameters`, `examples`,
    /// `requestBodies`, `headers`, `securitySchemes`, `links`, 3.1 `pathItems`) that nothing in
    /// `paths` or `webhooks` reaches: no `$ref` names it, or only `$ref`s inside other unused
    /// components do. A security scheme counts as used when a security requirement (of the
    /// document or an operation) names it; a schema named by a `discriminator` mapping is used.
    /// A `$ref` inside a vendor extension (`x-anyOf: [{$ref: …}]`) counts as a usage too, since
    /// the extension's tool reads it, and so does any `$ref` naming a 3.1 path item (the model
    /// inlines path items referenced from `paths` and `webhooks`). `components.callbacks` are not checked (the model inlines
    /// `$ref`'d callbacks, so their usages are not visible).
    ///
    /// The default severity is `warning`, as in Spectral: unlike a missing description, an
    /// unused definition is almost always a leftover of a change (an operation removed, a
    /// schema renamed) or a missing `$ref` — the API says less than its author meant.
    ///
    /// ## Why is this bad?
    /// Dead definitions make a contract longer and harder to review, get maintained and
    /// documented for nothing, and generate types and client code no operation uses. An unused
    /// security scheme suggests an operation that forgot to require it.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200': {description: OK}
    /// components:
    ///   schemas:
    ///     Pet: {type: object}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets:
    ///     get:
    ///       responses:
    ///         '200':
    ///           description: OK
    ///           content:
    ///             application/json:
    ///               schema: {$ref: '#/components/schemas/Pet'}
    /// components:
    ///   schemas:
    ///     Pet: {type: object}
    /// ```
    pub UnusedComponent {
        id: "unused-component",
        group: Structure,
        severity: Warning,
        summary: "Component that no operation or webhook uses",
    }
}

impl RuleCheck for UnusedComponent {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let refs = &cx.index().refs;
        let candidates: Vec<ComponentInfo<'_>> = refs
            .unreachable()
            .filter(|c| c.kind.refs_tracked())
            .collect();
        if candidates.is_empty() {
            return;
        }
        // Usages the typed model does not show, then what they reach.
        let roots = hidden_usages(cx);
        let mut used: HashSet<&str> = candidates
            .iter()
            .filter(|c| roots.contains(&(c.kind.key(), c.name.to_string())))
            .map(|c| c.pointer)
            .collect();
        loop {
            let before = used.len();
            for c in &candidates {
                let reached = c
                    .usages
                    .iter()
                    .any(|u| component_of(u).is_some_and(|p| used.contains(p)));
                if reached {
                    used.insert(c.pointer);
                }
            }
            if used.len() == before {
                break;
            }
        }
        for c in candidates.iter().filter(|c| !used.contains(c.pointer)) {
            let what = noun(c.kind);
            let (message, label) = if c.usages.is_empty() {
                (format!("{what} `{}` is never used", c.name), "unused")
            } else {
                (
                    format!("{what} `{}` is only used by unused components", c.name),
                    "used only by unused components",
                )
            };
            let help = if c.kind == ComponentKind::SecuritySchemes {
                "Require it in a `security` requirement, or remove it"
            } else {
                "Reference it with `$ref` where it is meant to be used, or remove it"
            };
            let finding = out.report(c.pointer, message);
            finding.at_key().label(label).help(help);
            for usage in c.usages.iter().take(3) {
                finding.with_label(usage.clone(), "referenced from here (unused)");
            }
        }
    }
}

/// `(kind key, name)` of components named by `$ref`s the typed model does not keep, read from
/// the parsed trees: every `$ref` inside a vendor extension (`x-anyOf: [{$ref: …}]`), and every
/// `$ref` to a 3.1 path item (the model inlines path items referenced from `paths`, `webhooks`
/// and callbacks).
fn hidden_usages(cx: &Context<'_>) -> HashSet<(&'static str, String)> {
    let mut names = HashSet::new();
    for doc in cx.spec.source_map.documents() {
        scan(&doc.root, false, &mut names, 0);
    }
    names
}

fn scan(
    node: &Node,
    in_extension: bool,
    names: &mut HashSet<(&'static str, String)>,
    depth: usize,
) {
    if depth > 512 {
        return;
    }
    match &node.value {
        Value::Object(entries) => {
            for e in entries {
                if e.key == "$ref" {
                    let Some(target) = e.value.as_str().and_then(|r| r.split_once('#')) else {
                        continue;
                    };
                    let Some(rest) = target.1.strip_prefix("/components/") else {
                        continue;
                    };
                    let Some((kind, name)) = rest.split_once('/') else {
                        continue;
                    };
                    let Some(kind) = ComponentKind::from_key(kind) else {
                        continue;
                    };
                    if in_extension || kind == ComponentKind::PathItems {
                        names.insert((
                            kind.key(),
                            pactum_spec::pointer::unescape(name).into_owned(),
                        ));
                    }
                } else {
                    let ext = in_extension || e.key.starts_with("x-");
                    scan(&e.value, ext, names, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                scan(item, in_extension, names, depth + 1);
            }
        }
        _ => {}
    }
}

fn noun(kind: ComponentKind) -> &'static str {
    match kind {
        ComponentKind::Schemas => "Schema",
        ComponentKind::Responses => "Response",
        ComponentKind::Parameters => "Parameter",
        ComponentKind::Examples => "Example",
        ComponentKind::RequestBodies => "Request body",
        ComponentKind::Headers => "Header",
        ComponentKind::SecuritySchemes => "Security scheme",
        ComponentKind::Links => "Link",
        ComponentKind::Callbacks => "Callback",
        ComponentKind::PathItems => "Path item",
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn pointers(yaml: &str) -> Vec<(String, String)> {
        check_yaml(&super::UnusedComponent, yaml)
            .into_iter()
            .map(|f| (f.pointer, f.message))
            .collect()
    }

    #[test]
    fn unreachable_components_of_every_kind() {
        let found = pointers(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
security: [{key: []}]
paths:
  /pets:
    get:
      parameters: [{$ref: '#/components/parameters/Limit'}]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pets'}
components:
  schemas:
    Pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    Pet: {type: object}
    Old: {type: object, properties: {x: {$ref: '#/components/schemas/Older'}}}
    Older: {type: object}
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
    Offset: {name: offset, in: query, schema: {type: integer}}
  responses:
    NotFound: {description: nf}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    basic: {type: http, scheme: basic}
"#,
        );
        assert_eq!(
            found,
            [
                (
                    "/components/schemas/Old".into(),
                    "Schema `Old` is never used".into()
                ),
                (
                    "/components/schemas/Older".into(),
                    "Schema `Older` is only used by unused components".into()
                ),
                (
                    "/components/responses/NotFound".into(),
                    "Response `NotFound` is never used".into()
                ),
                (
                    "/components/parameters/Offset".into(),
                    "Parameter `Offset` is never used".into()
                ),
                (
                    "/components/securitySchemes/basic".into(),
                    "Security scheme `basic` is never used".into()
                ),
            ]
        );
    }

    #[test]
    fn refs_in_extensions_count() {
        let found = pointers(
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                x-anyOf: [{$ref: '#/components/schemas/Extra'}]
components:
  schemas:
    Extra: {type: object, properties: {a: {$ref: '#/components/schemas/Deeper'}}}
    Deeper: {type: object}
    Unused: {type: object}
"#,
        );
        assert_eq!(
            found,
            [(
                "/components/schemas/Unused".to_string(),
                "Schema `Unused` is never used".to_string()
            )]
        );
    }

    #[test]
    fn discriminator_mappings_and_webhooks_count() {
        let found = pointers(
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
webhooks:
  pet:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf: [{$ref: '#/components/schemas/Cat'}]
              discriminator: {propertyName: kind, mapping: {dog: '#/components/schemas/Dog'}}
      responses:
        '200': {description: OK}
components:
  schemas:
    Cat: {type: object}
    Dog: {type: object}
"#,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn path_items_referenced_from_paths() {
        let found = pointers(
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a: {$ref: '#/components/pathItems/A'}
components:
  pathItems:
    A:
      get:
        responses:
          '200': {$ref: '#/components/responses/Ok'}
    B:
      get:
        responses:
          '200': {description: OK}
  responses:
    Ok: {description: OK}
"#,
        );
        assert_eq!(
            found,
            [(
                "/components/pathItems/B".to_string(),
                "Path item `B` is never used".to_string()
            )]
        );
    }
}
