use super::{api_operations, family, Family};
use crate::http::{self, Hdr, Resp};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an API whose responses use both rate-limit header families: the IETF draft's
    /// `RateLimit`, `RateLimit-Policy`, `RateLimit-Limit`, … and the de-facto
    /// `X-RateLimit-*` / `X-Rate-Limit-*` (names matched case-insensitively).
    ///
    /// Reported once per document, at the first header of the family used less often, with
    /// the first header of the other family as a label. Only responses of `paths` operations
    /// are considered.
    ///
    /// ## Why is this bad?
    /// The families differ in more than the name: the reset value is seconds-until-reset in
    /// the IETF draft but often an epoch timestamp in `X-RateLimit-Reset`. A client written
    /// against one family misreads or misses the other, and every SDK needs two code paths.
    /// Pick one family for the whole API (the IETF one for new APIs).
    ///
    /// ## Example
    /// ```yaml
    /// /pets:
    ///   get:
    ///     responses:
    ///       '200':
    ///         headers:
    ///           RateLimit-Limit: {schema: {type: integer}}
    /// /owners:
    ///   get:
    ///     responses:
    ///       '200':
    ///         headers:
    ///           X-RateLimit-Limit: {schema: {type: integer}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// /pets:
    ///   get:
    ///     responses:
    ///       '200':
    ///         headers:
    ///           RateLimit-Limit: {schema: {type: integer}}
    /// /owners:
    ///   get:
    ///     responses:
    ///       '200':
    ///         headers:
    ///           RateLimit-Limit: {schema: {type: integer}}
    /// ```
    pub RateLimitHeaderFamiliesMixed {
        id: "rate-limit-header-families-mixed",
        group: RateLimit,
        severity: Warning,
        summary: "Both RateLimit-* and X-RateLimit-* headers used in one API",
    }
}

impl RuleCheck for RateLimitHeaderFamiliesMixed {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let mut first: [Option<(Resp<'_>, Hdr<'_>)>; 2] = [None, None];
        let mut count = [0usize; 2];
        for op in api_operations(cx) {
            for resp in http::responses(cx.spec, &op.pointer, op.operation) {
                for h in http::headers(cx.spec, &resp) {
                    let i = match family(h.name) {
                        Some(Family::Ietf) => 0,
                        Some(Family::X) => 1,
                        None => continue,
                    };
                    count[i] += 1;
                    first[i].get_or_insert((resp, h));
                }
            }
        }
        let [Some(ietf), Some(x)] = first else {
            return;
        };
        // Point at the family used less (the one to migrate away from); X on a tie.
        let ((resp, h), (other_resp, other), used, other_family) = if count[0] < count[1] {
            (ietf, x, Family::Ietf, Family::X)
        } else {
            (x, ietf, Family::X, Family::Ietf)
        };
        out.report(
            h.pointer(&resp),
            format!(
                "The API uses both {} and {} rate-limit headers",
                Family::Ietf.describe(),
                Family::X.describe()
            ),
        )
        .at_key()
        .label(format!(
            "{} ({} header{})",
            used.describe(),
            count[used as usize],
            if count[used as usize] == 1 { "" } else { "s" }
        ))
        .with_label(
            other.pointer(&other_resp),
            format!(
                "{} ({} header{})",
                other_family.describe(),
                count[other_family as usize],
                if count[other_family as usize] == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        )
        .help("Use one family of rate-limit headers across the API (`RateLimit-*` for new APIs)")
        .via(h.usage(&resp));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          headers:
            RateLimit-Limit: {schema: {type: integer}}
            RateLimit-Reset: {schema: {type: integer}}
  /b:
    get:
      responses:
        '200':
          description: OK
          headers:
            X-Rate-Limit-Limit: {$ref: '#/components/headers/Limit'}
components:
  headers:
    Limit: {schema: {type: integer}}
"#;

    #[test]
    fn fires_once_at_the_less_used_family() {
        let found = check_yaml(&super::RateLimitHeaderFamiliesMixed, SPEC);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/components/headers/Limit");
        assert_eq!(
            found[0].via,
            ["/paths/~1b/get/responses/200/headers/X-Rate-Limit-Limit"]
        );
        assert_eq!(
            found[0].labels[0].pointer,
            "/paths/~1a/get/responses/200/headers/RateLimit-Limit"
        );
    }

    #[test]
    fn one_family_is_fine() {
        let spec = SPEC.replace("X-Rate-Limit-Limit", "RateLimit-Policy");
        assert!(check_yaml(&super::RateLimitHeaderFamiliesMixed, &spec).is_empty());
    }
}
