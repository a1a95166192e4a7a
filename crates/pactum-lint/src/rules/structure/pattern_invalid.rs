use std::collections::HashMap;

use openapiv3::{SchemaKind, Type};

use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_check::compile_pattern;

crate::declare_rule! {
    /// ## What it does
    /// Flags a schema `pattern` that is not a valid ECMAScript regular expression, the dialect
    /// JSON Schema (and so OpenAPI) prescribes. Patterns are compiled as `regress` does it,
    /// with the `u` flag and, failing that, without it, so only patterns no ECMAScript engine
    /// accepts are reported.
    ///
    /// ## Why is this bad?
    /// Validators, generated code and browsers compile the pattern at run time. An invalid one
    /// makes them throw, skip the check silently, or (for syntax from other dialects such as
    /// `(?i)` or possessive quantifiers) match something else than intended — and the input is
    /// not validated the way the contract claims.
    ///
    /// ## Example
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Code: {type: string, pattern: '(?i)^[a-z]{3}$'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// components:
    ///   schemas:
    ///     Code: {type: string, pattern: '^[a-zA-Z]{3}$'}
    /// ```
    pub PatternInvalid {
        id: "pattern-invalid",
        group: Structure,
        severity: Error,
        summary: "pattern that is not a valid ECMAScript regular expression",
    }
}

impl RuleCheck for PatternInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        // Pattern text → the compile error, if any.
        let mut compiled: HashMap<&str, Option<String>> = HashMap::new();
        for site in &index.schemas {
            let pattern = match &site.schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => s.pattern.as_deref(),
                SchemaKind::Any(a) => a.pattern.as_deref(),
                _ => None,
            };
            let Some(pattern) = pattern else { continue };
            let error = compiled
                .entry(pattern)
                .or_insert_with(|| compile_pattern(pattern).err().map(|e| e.to_string()));
            if let Some(error) = error {
                out.report(
                    format!("{}/pattern", site.pointer),
                    format!("`pattern` `{pattern}` is not a valid ECMAScript regular expression"),
                )
                .label(error.clone())
                .help("Rewrite it in ECMAScript syntax (no inline flags like `(?i)`, no possessive quantifiers or `\\A`/`\\z`)")
                .via(index.via_in(&site.pointer, site.direction).cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn invalid_patterns_only() {
        let found = check_yaml(
            &super::PatternInvalid,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths: {}
components:
  schemas:
    A: {type: string, pattern: '(?i)^abc$'}
    B: {type: string, pattern: '^[\w.-]+@[a-z]+$'}
    C: {type: string, pattern: '[a-'}
    D: {pattern: '^\d{3}$', minLength: 1, type: string, enum: ['123']}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/components/schemas/A/pattern",
                "/components/schemas/C/pattern"
            ]
        );
        assert_eq!(
            found[1].message,
            "`pattern` `[a-` is not a valid ECMAScript regular expression"
        );
    }
}
