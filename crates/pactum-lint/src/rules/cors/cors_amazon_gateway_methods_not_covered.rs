use serde_json::Value;

use super::{is_true, member, AMAZON_CORS};
use crate::http::{op_label_pointer, op_name};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `x-amazon-apigateway-cors` extension (AWS API Gateway HTTP APIs, at the top
    /// of the document) whose `allowMethods` — or its absence — leaves out a method that the
    /// `paths` operations use.
    ///
    /// Only methods that need a preflight count: `GET`, `HEAD` and `POST` are CORS-safelisted
    /// and pass a preflight whatever `allowMethods` says, and `OPTIONS` is the preflight
    /// itself. `*` covers every method unless `allowCredentials` is `true` (then browsers take
    /// it literally). One finding per document lists the missing methods, with the first
    /// operation using each.
    ///
    /// ## Why is this bad?
    /// API Gateway answers preflights from this configuration. A method it does not list
    /// fails the preflight in every browser, so the front-end cannot call, say,
    /// `DELETE /pets/{id}` although the operation exists and works from curl — a bug that
    /// shows up only after deployment.
    ///
    /// ## Example
    /// ```yaml
    /// x-amazon-apigateway-cors:
    ///   allowOrigins: ['https://app.example.com']
    ///   allowMethods: [GET, POST]
    /// paths:
    ///   /pets/{id}:
    ///     delete: {responses: {'204': {description: Deleted}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// x-amazon-apigateway-cors:
    ///   allowOrigins: ['https://app.example.com']
    ///   allowMethods: [GET, POST, DELETE]
    /// paths:
    ///   /pets/{id}:
    ///     delete: {responses: {'204': {description: Deleted}}}
    /// ```
    pub CorsAmazonGatewayMethodsNotCovered {
        id: "cors-amazon-gateway-methods-not-covered",
        group: Cors,
        severity: Warning,
        summary: "x-amazon-apigateway-cors allowMethods misses a method the paths use",
    }
}

/// Methods that pass a preflight whatever the server allows, and the preflight itself.
const NO_PREFLIGHT: &[&str] = &["get", "head", "post", "options"];

impl RuleCheck for CorsAmazonGatewayMethodsNotCovered {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(cors) = cx.spec.openapi.extensions.get(AMAZON_CORS) else {
            return;
        };
        let credentials = member(cors, "allowCredentials").is_some_and(|(_, v)| is_true(v));
        let allow = member(cors, "allowMethods");
        let allowed: Vec<&str> = match allow.map(|(_, v)| v) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => s.split(',').collect(),
            _ => Vec::new(),
        };
        let allowed: Vec<&str> = allowed.iter().map(|m| m.trim()).collect();
        if !credentials && allowed.contains(&"*") {
            return;
        }
        // First operation per missing method, in document order.
        let mut missing: Vec<(&str, &crate::model::OperationSite<'_>)> = Vec::new();
        for op in &cx.index().operations {
            if !op.reachable || op.in_webhook || op.in_callback {
                continue;
            }
            let m = op.method;
            if NO_PREFLIGHT.contains(&m)
                || allowed.iter().any(|a| a.eq_ignore_ascii_case(m))
                || missing.iter().any(|(x, _)| *x == m)
            {
                continue;
            }
            missing.push((m, op));
        }
        if missing.is_empty() {
            return;
        }
        let names: Vec<String> = missing
            .iter()
            .map(|(m, _)| format!("`{}`", m.to_ascii_uppercase()))
            .collect();
        let (pointer, label) = match allow {
            Some((key, _)) => (format!("/{AMAZON_CORS}/{key}"), "allowed methods"),
            None => (format!("/{AMAZON_CORS}"), "no `allowMethods`"),
        };
        let finding = out
            .report(
                pointer,
                format!(
                    "`{AMAZON_CORS}` does not allow {} used by the API's operations",
                    names.join(", ")
                ),
            )
            .at_key()
            .label(label)
            .help(format!("Add {} to `allowMethods`", names.join(", ")));
        for (m, op) in &missing {
            finding.with_label(
                op_label_pointer(op),
                format!(
                    "`{}` is used here (`{}`)",
                    m.to_ascii_uppercase(),
                    op_name(op)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn spec(cors: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
x-amazon-apigateway-cors: {cors}
paths:
  /a:
    get: {{responses: {{'200': {{description: OK}}}}}}
    post: {{responses: {{'200': {{description: OK}}}}}}
    options: {{responses: {{'200': {{description: OK}}}}}}
    delete: {{responses: {{'200': {{description: OK}}}}}}
  /b:
    delete: {{responses: {{'200': {{description: OK}}}}}}
    patch: {{responses: {{'200': {{description: OK}}}}}}
"#
        )
    }

    #[test]
    fn lists_each_missing_method_once() {
        let found = check_yaml(
            &super::CorsAmazonGatewayMethodsNotCovered,
            &spec("{allowOrigins: ['https://a.example'], allowMethods: [GET, post]}"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/x-amazon-apigateway-cors/allowMethods");
        assert!(
            found[0].message.contains("`DELETE`, `PATCH`"),
            "{}",
            found[0].message
        );
        let labels: Vec<_> = found[0].labels.iter().map(|l| l.pointer.as_str()).collect();
        assert_eq!(labels, ["/paths/~1a/delete", "/paths/~1b/patch"]);
    }

    #[test]
    fn missing_allow_methods_and_literal_star() {
        let found = check_yaml(
            &super::CorsAmazonGatewayMethodsNotCovered,
            &spec("{allowOrigins: ['https://a.example']}"),
        );
        assert_eq!(found[0].pointer, "/x-amazon-apigateway-cors");
        let found = check_yaml(
            &super::CorsAmazonGatewayMethodsNotCovered,
            &spec("{allowMethods: ['*'], allowCredentials: true}"),
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn covered() {
        for cors in ["{allowMethods: ['*']}", "{allowMethods: [DELETE, PATCH]}"] {
            let found = check_yaml(&super::CorsAmazonGatewayMethodsNotCovered, &spec(cors));
            assert!(found.is_empty(), "{cors}: {found:#?}");
        }
    }
}
