use super::responses;
use crate::rule::{Context, RuleCheck, Sink};
use crate::rules::security::{op_name, served};

crate::declare_rule! {
    /// ## What it does
    /// Flags operations marked `deprecated: true` that announce no end: no response
    /// declares a `Sunset` (RFC 8594) or `Deprecation` (RFC 9745) header, and the operation
    /// has no `x-sunset` date.
    ///
    /// Webhooks and callbacks are not checked (the API sends those requests; their replies
    /// come from subscribers).
    ///
    /// ## Why is this bad?
    /// `deprecated: true` only reaches people who re-read the contract. The `Deprecation` and
    /// `Sunset` headers reach running clients: SDKs log them, gateways and monitoring count
    /// the calls still made, and consumers learn *when* the operation goes away. Without a
    /// date, deprecation never ends — or ends by surprise.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /pets/findByStatus:
    ///     get:
    ///       deprecated: true
    ///       responses: {'200': {description: OK}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /pets/findByStatus:
    ///     get:
    ///       deprecated: true
    ///       x-sunset: '2027-06-30'
    ///       responses:
    ///         '200':
    ///           description: OK
    ///           headers:
    ///             Sunset:
    ///               schema: {type: string, example: 'Wed, 30 Jun 2027 23:59:59 GMT'}
    /// ```
    pub DeprecatedOperationWithoutSunset {
        id: "deprecated-operation-without-sunset",
        group: Versioning,
        severity: Warning,
        summary: "Deprecated operation without a Sunset/Deprecation header or x-sunset date",
    }
}

impl RuleCheck for DeprecatedOperationWithoutSunset {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if !served(op) || !op.operation.deprecated {
                continue;
            }
            if op.operation.extensions.contains_key("x-sunset") {
                continue;
            }
            let announced = responses(cx.spec, &op.pointer, op.operation).any(|(_, r)| {
                r.headers.keys().any(|h| {
                    h.eq_ignore_ascii_case("sunset") || h.eq_ignore_ascii_case("deprecation")
                })
            });
            if announced {
                continue;
            }
            out.report(
                format!("{}/deprecated", op.pointer),
                format!("Deprecated operation `{}` announces no sunset", op_name(op)),
            )
            .label("deprecated without an end date")
            .help("Declare a `Sunset` (RFC 8594) or `Deprecation` (RFC 9745) response header, or an `x-sunset` date");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn headers_or_x_sunset_announce_it() {
        let found = check_yaml(
            &super::DeprecatedOperationWithoutSunset,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    get: {deprecated: true, responses: {'200': {description: OK}}}
    post: {deprecated: true, x-sunset: '2030-01-01', responses: {'200': {description: OK}}}
    put: {deprecated: true, responses: {'200': {$ref: '#/components/responses/Gone'}}}
    delete:
      deprecated: true
      responses:
        '204': {description: OK, headers: {deprecation: {schema: {type: string}}}}
    patch: {responses: {'200': {description: OK}}}
webhooks:
  old:
    post: {deprecated: true, responses: {'200': {description: OK}}}
components:
  responses:
    Gone:
      description: OK
      headers:
        Sunset: {schema: {type: string}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/paths/~1a/get/deprecated"]);
    }
}
