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
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
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
            let via: Vec<String> = index
                .via_in(&site.pointer, site.direction)
                .cloned()
                .collect();
            let what = subject(site);
            let (message, help) = match (p.starts_with('^'), ends_anchored(p)) {
                (true, false) if !has_top_level_alternation(p) => (
                    format!("`pattern` of {what} is anchored only at the start"),
                    format!(
                        "End it with `$` so the whole value must match (`{p}$`); for a deliberate prefix check, spell out what may follow (e.g. `{p}\\S*$`)"
                    ),
                ),
                _ => (
                    format!("`pattern` of {what} is not anchored with `^…$`"),
                    format!("Anchor it: `{}`", anchored(p)),
                ),
            };
            out.report(pointer, message)
                .label("matches any string that merely contains a match")
                .help(help)
                .via(via.iter().cloned());
        }
    }
}

fn ends_anchored(p: &str) -> bool {
    p.ends_with('$') && !p.ends_with("\\$")
}

fn has_top_level_alternation(p: &str) -> bool {
    split_alternatives(p).len() > 1
}

/// `p` anchored at both ends; with top-level alternatives, each alternative's own anchors
/// are dropped and the alternation wrapped in a group.
fn anchored(p: &str) -> String {
    let alternatives = split_alternatives(p);
    let strip = |a: &str| -> String {
        let a = a.strip_prefix('^').unwrap_or(a);
        let a = if ends_anchored(a) {
            &a[..a.len() - 1]
        } else {
            a
        };
        a.to_string()
    };
    if alternatives.len() > 1 {
        let body: Vec<String> = alternatives.iter().map(|a| strip(a)).collect();
        format!("^(?:{})$", body.join("|"))
    } else {
        format!("^{}$", strip(p))
    }
}

/// Splits at `|` outside groups and classes.
fn split_alternatives(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut class, mut escaped, mut start) = (0usize, false, false, 0);
    for (i, c) in p.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => depth = depth.saturating_sub(1),
            '|' if !class && depth == 0 => {
                out.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&p[start..]);
    out
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
                    "End it with `$` so the whole value must match (`^\\d+$`); for a deliberate prefix check, spell out what may follow (e.g. `^\\d+\\S*$`)"
                ),
            ]
        );
    }
}
