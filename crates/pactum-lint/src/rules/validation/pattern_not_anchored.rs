use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{is_anchored, is_loose, is_request_input, pattern, subject};

crate::declare_rule! {
    /// ## What it does
    /// Flags a request schema's `pattern` that is not anchored at both ends (`^…$`; with a
    /// top-level `|`, every alternative must be anchored, or the whole wrapped:
    /// `^(?:a|b)$`). Patterns that accept any string anyway (`.*`) are left to
    /// `pattern-too-loose`.
    ///
    /// Only request-side schemas are checked (what the server validates); response schemas
    /// are not reported. `readOnly` properties are skipped.
    ///
    /// ## Why is this bad?
    /// JSON Schema patterns are not implicitly anchored: `[a-z]+` accepts `"<script>a"`,
    /// because it only asks for *some* lower-case letter somewhere. The validator passes
    /// input the author meant to reject, and the pattern gives a false sense of safety.
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   slug: {type: string, maxLength: 40, pattern: '[a-z0-9-]+'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   slug: {type: string, maxLength: 40, pattern: '^[a-z0-9-]+$'}
    /// ```
    pub PatternNotAnchored {
        id: "pattern-not-anchored",
        group: Validation,
        severity: Warning,
        summary: "Request pattern not anchored with ^…$",
    }
}

impl RuleCheck for PatternNotAnchored {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) {
                continue;
            }
            let Some(p) = pattern(site.schema) else {
                continue;
            };
            if is_anchored(p) || is_loose(p) {
                continue;
            }
            let pointer = format!("{}/pattern", site.pointer);
            let via = index.via(&site.pointer);
            out.report(
                pointer,
                format!("`pattern` of {} is not anchored with `^…$`", subject(site)),
            )
            .label("matches any string that merely contains a match")
            .help(format!("Anchor it: `{}`", anchored(p)))
            .via(via.iter().cloned());
        }
    }
}

/// `p` anchored at both ends (wrapped in a group when it has alternatives).
fn anchored(p: &str) -> String {
    let body = p.strip_prefix('^').unwrap_or(p);
    let body = if body.ends_with('$') && !body.ends_with("\\$") {
        &body[..body.len() - 1]
    } else {
        body
    };
    if body.contains('|') {
        format!("^(?:{body})$")
    } else {
        format!("^{body}$")
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn unanchored_request_patterns() {
        let found = check_yaml(
            &super::PatternNotAnchored,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      parameters:
        - {name: a, in: query, schema: {type: string, pattern: '[a-z]+'}}
        - {name: b, in: query, schema: {type: string, pattern: '^[a-z]+$'}}
        - {name: c, in: query, schema: {type: string, pattern: '^a|b$'}}
        - {name: d, in: query, schema: {type: string, pattern: '.*'}}
        - {name: e, in: query, schema: {type: string, pattern: '^\d+'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: string, pattern: '[a-z]+'}
"#,
        );
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1items/post/parameters/0/schema/pattern",
                    "Anchor it: `^[a-z]+$`"
                ),
                (
                    "/paths/~1items/post/parameters/2/schema/pattern",
                    "Anchor it: `^(?:a|b)$`"
                ),
                (
                    "/paths/~1items/post/parameters/4/schema/pattern",
                    "Anchor it: `^\\d+$`"
                ),
            ]
        );
    }
}
