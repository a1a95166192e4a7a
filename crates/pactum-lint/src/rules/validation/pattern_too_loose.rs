use crate::rule::{Context, RuleCheck, Sink};
use crate::schema_util::{is_loose, is_request_input, pattern, subject};

crate::declare_rule! {
    /// ## What it does
    /// Flags a request schema's `pattern` that accepts (nearly) any string: `.*`, `.+`,
    /// `^.*$`, `^(.+)$`, `[\s\S]*`, `.{1,}` and the like — one any-character atom repeated
    /// without an upper bound — or an empty pattern. A length-only pattern such as
    /// `^.{1,100}$` is not loose (though `maxLength` says it better).
    ///
    /// Only request-side schemas are checked; response schemas are not reported.
    /// `readOnly` properties are skipped.
    ///
    /// In webhooks and callbacks the API is the sender: their payloads count as response side,
    /// and the receiver's replies, which the API reads, as request side.
    ///
    /// ## Why is this bad?
    /// The pattern validates nothing, yet reads as if the input were constrained: reviewers
    /// and scanners see a `pattern` and move on, while the server accepts control characters,
    /// markup and megabytes of text.
    ///
    /// ## Example
    /// ```yaml
    /// properties:
    ///   reference: {type: string, pattern: '^.*$'}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// properties:
    ///   reference: {type: string, maxLength: 35, pattern: '^[A-Za-z0-9/?:().,+ -]+$'}
    /// ```
    pub PatternTooLoose {
        id: "pattern-too-loose",
        group: Validation,
        severity: Warning,
        summary: "Request pattern that accepts any string (.*)",
    }
}

impl RuleCheck for PatternTooLoose {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.schemas {
            if !is_request_input(site) {
                continue;
            }
            let Some(p) = pattern(site.schema) else {
                continue;
            };
            if !is_loose(p) {
                continue;
            }
            let via: Vec<String> = index
                .via_in(&site.pointer, site.direction)
                .cloned()
                .collect();
            out.report(
                format!("{}/pattern", site.pointer),
                format!("`pattern` of {} accepts any string", subject(site)),
            )
            .label("validates nothing")
            .help("Describe the allowed characters (e.g. `^[A-Za-z0-9 _-]+$`) and bound the length with `maxLength`")
            .via(via.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn loose_request_patterns() {
        let found = check_yaml(
            &super::PatternTooLoose,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /items:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                a: {type: string, pattern: '.*'}
                b: {type: string, pattern: '^[\s\S]+$'}
                c: {type: string, pattern: '^.{1,100}$'}
                d: {type: string, pattern: '^[a-z]*$'}
                e: {type: string, pattern: '^(.*)$', readOnly: true}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: string, pattern: '.*'}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        let base = "/paths/~1items/post/requestBody/content/application~1json/schema/properties";
        assert_eq!(
            got,
            [format!("{base}/a/pattern"), format!("{base}/b/pattern")]
        );
    }
}
