use openapiv3::Parameter;
use pactum_spec::SchemaRole;

use crate::model::SchemaNode;
use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{has_maximum, is_request_input, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags numeric query parameters that set a page size — `limit`, `page_size`/`pageSize`,
    /// `per_page`/`perPage`, `size`, `count`, `max_results`/`maxResults`, `top`/`$top`,
    /// `first`, `last`, `take`, `page[size]`, `page[limit]`, `max_items`, `batch_size` … (case,
    /// `_`, `-`, `$` and brackets ignored) — without a `maximum` (or `enum`).
    ///
    /// Only parameters the server reads are checked (not the query of a webhook or
    /// callback URL the API calls). `number-without-bounds` does not report these parameters
    /// a second time.
    ///
    /// ## Why is this bad?
    /// `?limit=100000000` turns a list endpoint into a full table scan and a response of
    /// gigabytes: the simplest denial of service there is, and a data-scraping shortcut
    /// (OWASP API4:2023). The server must cap it; the contract should say where.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - name: limit
    ///     in: query
    ///     schema: {type: integer, minimum: 1}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - name: limit
    ///     in: query
    ///     schema: {type: integer, minimum: 1, maximum: 100, default: 20}
    /// ```
    pub PaginationLimitUnbounded {
        id: "pagination-limit-unbounded",
        group: Validation,
        severity: Warning,
        summary: "Page-size query parameter (limit, per_page, …) without maximum",
    }
}

/// Page-size parameter names, lower-case, without `_`, `-`, `.`, `$`, `[`, `]`.
const NAMES: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "size",
    "count",
    "maxresults",
    "top",
    "first",
    "last",
    "take",
    "pagelimit",
    "maxitems",
    "maxpagesize",
    "maxrecords",
    "batchsize",
    "resultsperpage",
    "itemsperpage",
    "numresults",
    "rows",
];

/// True for a page-size name (`page_size`, `$top`, `page[limit]`, `perPage`, …).
pub fn is_page_size_name(name: &str) -> bool {
    let norm: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '$' | '[' | ']'))
        .flat_map(char::to_lowercase)
        .collect();
    NAMES.contains(&norm.as_str())
}

/// The schema of a numeric page-size query parameter read by the server.
pub fn is_pagination_parameter(node: &SchemaNode<'_>) -> bool {
    matches!(node.role, SchemaRole::Parameter(Parameter::Query { parameter_data, .. })
        if is_page_size_name(&parameter_data.name))
        && is_request_input(node)
        && matches!(type_name(node.schema), Some("integer" | "number"))
}

impl RuleCheck for PaginationLimitUnbounded {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_pagination_parameter(site) {
                continue;
            }
            let comp = cx.composition();
            if comp.any(site.schema, has_maximum) || comp.enumerated(site.schema) {
                continue;
            }
            let SchemaRole::Parameter(p) = site.role else {
                continue;
            };
            let name = &p.parameter_data_ref().name;
            out.report(
                &site.pointer,
                format!("`{name}` query parameter has no `maximum`"),
            )
            .at_key()
            .label("page size is unbounded")
            .help("Add a `maximum` (e.g. 100) and a `default`, and cap the value on the server")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn names() {
        for n in [
            "limit",
            "page_size",
            "pageSize",
            "per_page",
            "perPage",
            "$top",
            "page[size]",
            "MaxResults",
            "first",
        ] {
            assert!(super::is_page_size_name(n), "{n}");
        }
        for n in ["offset", "page", "cursor", "sizes", "firstName"] {
            assert!(!super::is_page_size_name(n), "{n}");
        }
    }

    #[test]
    fn unbounded_page_sizes() {
        let found = check_yaml(
            &super::PaginationLimitUnbounded,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /items:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 100}}
        - {name: size, in: query, schema: {type: string}}
        - {name: count, in: header, schema: {type: integer}}
        - $ref: '#/components/parameters/Top'
      responses:
        '200': {description: OK}
components:
  parameters:
    Top: {name: $top, in: query, schema: {type: integer}}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1items/get/parameters/0/schema",
                    "`limit` query parameter has no `maximum`"
                ),
                (
                    "/components/parameters/Top/schema",
                    "`$top` query parameter has no `maximum`"
                ),
            ]
        );
    }
}
