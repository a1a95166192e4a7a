use serde_json::Value;

use super::{is_true, member, AMAZON_CORS};
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `x-amazon-apigateway-cors` extension (AWS API Gateway HTTP APIs, at the top
    /// of the document) whose `allowOrigins` contains `*` while `allowCredentials` is `true`.
    ///
    /// ## Why is this bad?
    /// Browsers reject credentialed responses that allow any origin, and API Gateway refuses
    /// the configuration on import or deploy — the contract cannot be deployed as written.
    /// Working around it by reflecting every origin would let any website make
    /// authenticated calls with the user's cookies and read the answers.
    ///
    /// ## Example
    /// ```yaml
    /// x-amazon-apigateway-cors:
    ///   allowOrigins: ['*']
    ///   allowCredentials: true
    ///   allowMethods: [GET, POST]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// x-amazon-apigateway-cors:
    ///   allowOrigins: ['https://app.example.com']
    ///   allowCredentials: true
    ///   allowMethods: [GET, POST]
    /// ```
    pub CorsAmazonGatewayWildcardWithCredentials {
        id: "cors-amazon-gateway-wildcard-with-credentials",
        group: Cors,
        severity: Error,
        summary: "x-amazon-apigateway-cors allows origin `*` with allowCredentials `true`",
    }
}

impl RuleCheck for CorsAmazonGatewayWildcardWithCredentials {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(cors) = cx.spec.openapi.extensions.get(AMAZON_CORS) else {
            return;
        };
        let Some((credentials_key, credentials)) = member(cors, "allowCredentials") else {
            return;
        };
        if !is_true(credentials) {
            return;
        }
        let Some((origins_key, origins)) = member(cors, "allowOrigins") else {
            return;
        };
        let base = format!("/{AMAZON_CORS}");
        let wildcard = |v: &Value| v.as_str().is_some_and(|s| s.trim() == "*");
        let at = match origins {
            Value::Array(items) => match items.iter().position(wildcard) {
                Some(i) => format!("{base}/{origins_key}/{i}"),
                None => return,
            },
            v if wildcard(v) => format!("{base}/{origins_key}"),
            _ => return,
        };
        out.report(
            at,
            "`x-amazon-apigateway-cors` allows any origin together with credentials",
        )
        .label("any origin")
        .with_label(
            format!("{base}/{credentials_key}"),
            "credentials allowed here",
        )
        .help("List the allowed origins in `allowOrigins`, or set `allowCredentials: false`");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn spec(cors: &str) -> String {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths: {{}}\n\
             x-amazon-apigateway-cors: {cors}\n"
        )
    }

    #[test]
    fn fires_on_wildcard_with_credentials() {
        let found = check_yaml(
            &super::CorsAmazonGatewayWildcardWithCredentials,
            &spec("{allowOrigins: ['https://a.example', '*'], allowCredentials: true}"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/x-amazon-apigateway-cors/allowOrigins/1");
        assert_eq!(
            found[0].labels[0].pointer,
            "/x-amazon-apigateway-cors/allowCredentials"
        );
    }

    #[test]
    fn quiet_without_credentials_or_wildcard() {
        for cors in [
            "{allowOrigins: ['*'], allowCredentials: false}",
            "{allowOrigins: ['*']}",
            "{allowOrigins: ['https://a.example'], allowCredentials: true}",
        ] {
            let found = check_yaml(
                &super::CorsAmazonGatewayWildcardWithCredentials,
                &spec(cors),
            );
            assert!(found.is_empty(), "{cors}: {found:#?}");
        }
    }
}
