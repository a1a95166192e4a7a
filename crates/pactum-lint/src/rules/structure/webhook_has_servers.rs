use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `servers` on a 3.1 webhook's path item or on one of its operations.
    ///
    /// ## Why is this bad?
    /// A webhook is a request the API *sends* to a URL its subscriber registered; there is
    /// no server of the API to call. `servers` there is meaningless, and tools that honour it
    /// generate a client for the wrong side, or present the subscriber's endpoint as a fixed
    /// address.
    ///
    /// ## Example
    /// ```yaml
    /// webhooks:
    ///   petAdopted:
    ///     servers:
    ///       - url: https://hooks.example.com
    ///     post:
    ///       requestBody: {$ref: '#/components/requestBodies/PetEvent'}
    ///       responses: {'204': {description: Received}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// webhooks:
    ///   petAdopted:
    ///     post:
    ///       description: Sent to the URL registered with `POST /subscriptions`.
    ///       requestBody: {$ref: '#/components/requestBodies/PetEvent'}
    ///       responses: {'204': {description: Received}}
    /// ```
    pub WebhookHasServers {
        id: "webhook-has-servers",
        group: Structure,
        severity: Warning,
        summary: "Servers declared on a webhook",
    }
}

impl RuleCheck for WebhookHasServers {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let index = cx.index();
        for site in &index.path_items {
            if site.in_webhook && !site.in_callback && !site.item.servers.is_empty() {
                out.report(
                    format!("{}/servers", site.pointer),
                    format!("Webhook `{}` declares `servers`", site.key),
                )
                .at_key()
                .label("no server to call in a webhook")
                .help("Remove `servers`; describe where the webhook is sent in its description");
            }
        }
        for op in &index.operations {
            if op.in_webhook && !op.in_callback && !op.operation.servers.is_empty() {
                out.report(
                    format!("{}/servers", op.pointer),
                    format!("Operation {} declares `servers`", operation_name(op)),
                )
                .at_key()
                .label("no server to call in a webhook")
                .help("Remove `servers`; describe where the webhook is sent in its description");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_webhook_path_items_and_operations() {
        let found = check_yaml(
            &super::WebhookHasServers,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    servers: [{url: /a}]
    get: {responses: {'200': {description: OK}}}
webhooks:
  ping:
    servers: [{url: 'https://hooks.example.com'}]
    post:
      servers: [{url: 'https://hooks.example.com'}]
      responses: {'200': {description: OK}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            ["/webhooks/ping/servers", "/webhooks/ping/post/servers"]
        );
    }
}
