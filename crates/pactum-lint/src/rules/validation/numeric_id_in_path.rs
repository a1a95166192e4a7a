use openapiv3::Parameter;
use pactum_spec::SchemaRole;

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{is_request_input, type_name};

crate::declare_rule! {
    /// ## What it does
    /// Flags path parameters that name an id — `id`, `…Id`, `…ID`, `…_id`, `…-id` — and are
    /// integers or numbers: sequential, guessable object ids.
    ///
    /// Only paths the server serves are checked (not callback URLs the API calls). The
    /// default severity is `info`: many good APIs use numeric ids and enforce
    /// object-level authorisation on every access; the finding is a prompt to check that.
    ///
    /// ## Why is this bad?
    /// Sequential ids can be enumerated: `/invoices/1001`, `/invoices/1002`, … Any gap in
    /// the object-level authorisation check then leaks every object (OWASP API1:2023, Broken
    /// Object Level Authorization), and even with the check the ids reveal volumes and
    /// creation order.
    ///
    /// ## Example
    /// ```yaml
    /// parameters:
    ///   - name: invoiceId
    ///     in: path
    ///     required: true
    ///     schema: {type: integer, format: int64}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// parameters:
    ///   - name: invoiceId
    ///     in: path
    ///     required: true
    ///     schema: {type: string, format: uuid}
    /// ```
    pub NumericIdInPath {
        id: "numeric-id-in-path",
        group: Validation,
        severity: Info,
        summary: "Integer id in a path parameter (enumerable ids)",
    }
}

/// `id`, `petId`, `petID`, `pet_id`, `pet-id` (not `paid`, `valid`).
pub fn is_id_name(name: &str) -> bool {
    if name.eq_ignore_ascii_case("id") {
        return true;
    }
    let Some(stem) = name
        .strip_suffix("Id")
        .or_else(|| name.strip_suffix("ID"))
        .map(|s| (s, true))
        .or_else(|| {
            name.strip_suffix("_id")
                .or_else(|| name.strip_suffix("-id"))
                .or_else(|| name.strip_suffix("_ID"))
                .map(|s| (s, false))
        })
    else {
        return false;
    };
    let (stem, camel) = stem;
    // `Id` must follow a lower-case letter or digit (`petId`), not end an upper-case word.
    !stem.is_empty()
        && (!camel || stem.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

impl RuleCheck for NumericIdInPath {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            let SchemaRole::Parameter(Parameter::Path { parameter_data, .. }) = site.role else {
                continue;
            };
            if !is_request_input(site)
                || !is_id_name(&parameter_data.name)
                || !matches!(type_name(site.schema), Some("integer" | "number"))
                || cx.composition().enumerated(site.schema)
            {
                continue;
            }
            out.report(
                &site.pointer,
                format!(
                    "Path parameter `{}` is a numeric id",
                    parameter_data.name
                ),
            )
            .at_key()
            .label("enumerable id")
            .help("Check object-level authorisation on every access, or use opaque ids (`type: string, format: uuid`)")
            .via(index.via_in(&site.pointer, site.direction).cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn id_names() {
        for n in ["id", "ID", "petId", "petID", "pet_id", "pet-id", "v2Id"] {
            assert!(super::is_id_name(n), "{n}");
        }
        for n in ["paid", "valid", "_id", "GUID", "identity"] {
            assert!(!super::is_id_name(n), "{n}");
        }
    }

    #[test]
    fn integer_ids_in_paths() {
        let found = check_yaml(
            &super::NumericIdInPath,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets/{petId}/toys/{toy_id}/{name}/{uid}:
    parameters:
      - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
    get:
      parameters:
        - {name: toy_id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: name, in: path, required: true, schema: {type: integer}}
        - {name: uid, in: path, required: true, schema: {type: integer}}
        - {name: ownerId, in: query, schema: {type: integer}}
      responses:
        '200': {description: OK}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(got, ["Path parameter `petId` is a numeric id"]);
    }
}
