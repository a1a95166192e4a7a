use pactum_spec::Spec;

use super::cors_responses;
use crate::http::{declared, Hdr};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a response whose `Access-Control-Allow-Origin` can take several values but which
    /// declares no `Vary` header listing `Origin`.
    ///
    /// The origin varies when the header's schema has an `enum` of more than one origin, a
    /// `pattern`, or no fixed value at all (no `enum`/`const`; only `*` as `default` or
    /// example counts as the fixed wildcard). A `Vary` header counts when one of its declared
    /// values (`enum`, `const`, `default`, `example(s)`) lists `Origin` or `*`, or when it
    /// declares no value (the contract does not say, so the rule stays quiet). Only responses
    /// of `paths` operations are checked.
    ///
    /// ## Why is this bad?
    /// A server that allows several origins must echo the requesting one back, so the same
    /// URL returns different headers to different sites. Without `Vary: Origin` a shared
    /// cache or CDN stores the first answer and serves it to everyone: other allowed front-ends
    /// see CORS failures, and a response cached for an attacker-chosen origin can be replayed
    /// (cache poisoning).
    ///
    /// ## Example
    /// ```yaml
    /// headers:
    ///   Access-Control-Allow-Origin:
    ///     schema:
    ///       type: string
    ///       enum: ['https://app.example.com', 'https://admin.example.com']
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// headers:
    ///   Access-Control-Allow-Origin:
    ///     schema:
    ///       type: string
    ///       enum: ['https://app.example.com', 'https://admin.example.com']
    ///   Vary:
    ///     schema: {type: string, const: Origin}
    /// ```
    pub CorsReflectedOriginWithoutVary {
        id: "cors-reflected-origin-without-vary",
        group: Cors,
        severity: Warning,
        summary: "Several allowed origins without a `Vary: Origin` response header",
    }
}

impl RuleCheck for CorsReflectedOriginWithoutVary {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        for r in cors_responses(cx) {
            let Some(origin) = &r.origin else { continue };
            let Some(why) = varies(spec, origin) else {
                continue;
            };
            if let Some(vary) = &r.vary {
                let d = declared(spec, vary.header);
                if d.is_empty() || d.has_token("origin") || d.has_token("*") {
                    continue;
                }
            }
            let (pointer, label) = match &r.vary {
                Some(vary) => (vary.pointer(&r.resp), "`Vary` does not list `Origin`"),
                None => (
                    format!("{}/headers", r.resp.pointer()),
                    "no `Vary: Origin` among these headers",
                ),
            };
            out.report(
                pointer,
                "Response allows several origins but does not declare `Vary: Origin`",
            )
            .at_key()
            .label(label)
            .with_label(origin.pointer(&r.resp), why)
            .help("Declare a `Vary` response header whose value includes `Origin`")
            .via(r.resp.usage());
        }
    }
}

/// Why the allowed origin varies per request, if it does.
fn varies(spec: &Spec, origin: &Hdr<'_>) -> Option<&'static str> {
    let d = declared(spec, origin.header);
    let mut allowed: Vec<&str> = d.allowed.iter().map(|s| s.trim()).collect();
    allowed.sort_unstable();
    allowed.dedup();
    match allowed.as_slice() {
        [_] => None,
        [_, _, ..] => Some("one of several origins"),
        [] if d.pattern.is_some() => Some("any origin matching a pattern"),
        [] if !d.examples.is_empty() && d.examples.iter().all(|e| e.trim() == "*") => None,
        [] => Some("no fixed origin: the server picks one per request"),
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
          description: several, no Vary
          headers:
            Access-Control-Allow-Origin: {$ref: '#/components/headers/Two'}
        '201':
          description: several, Vary lists Origin
          headers:
            Access-Control-Allow-Origin: {$ref: '#/components/headers/Two'}
            vary: {schema: {type: string, example: 'Accept-Encoding, origin'}}
        '202':
          description: pattern, Vary without Origin
          headers:
            Access-Control-Allow-Origin: {schema: {type: string, pattern: '^https://'}}
            Vary: {schema: {type: string, enum: [Accept]}}
        '203':
          description: fixed
          headers:
            Access-Control-Allow-Origin: {schema: {type: string, enum: ['https://a.example']}}
        '204':
          description: wildcard
          headers:
            Access-Control-Allow-Origin: {schema: {type: string, default: '*'}}
        '205':
          description: unknown value, Vary without value
          headers:
            Access-Control-Allow-Origin: {schema: {type: string}}
            Vary: {schema: {type: string}}
        '206': {$ref: '#/components/responses/Reflected'}
components:
  headers:
    Two:
      schema: {type: string, enum: ['https://a.example', 'https://b.example']}
  responses:
    Reflected:
      description: OK
      headers:
        Access-Control-Allow-Origin: {schema: {type: string, example: 'https://a.example'}}
"#;

    #[test]
    fn fires_when_origin_varies_without_vary() {
        let found = check_yaml(&super::CorsReflectedOriginWithoutVary, SPEC);
        let got: Vec<_> = found
            .iter()
            .map(|f| (f.pointer.as_str(), f.labels[0].pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/paths/~1a/get/responses/200/headers",
                    "/components/headers/Two"
                ),
                (
                    "/paths/~1a/get/responses/202/headers/Vary",
                    "/paths/~1a/get/responses/202/headers/Access-Control-Allow-Origin"
                ),
                (
                    "/components/responses/Reflected/headers",
                    "/components/responses/Reflected/headers/Access-Control-Allow-Origin"
                ),
            ]
        );
        assert_eq!(found[2].via, ["/paths/~1a/get/responses/206"]);
    }
}
