use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags `callbacks` on an operation of a 3.1 webhook.
    ///
    /// ## Why is this bad?
    /// A callback describes a request the API makes back to a URL the *caller* passed in an
    /// API request. In a webhook the API is already the caller, so a callback there describes
    /// the subscriber calling the API back — an API of its own, which belongs in `paths`
    /// (or the subscriber's contract). Tools do not agree on what such a nested callback
    /// means.
    ///
    /// ## Example
    /// ```yaml
    /// webhooks:
    ///   petAdopted:
    ///     post:
    ///       responses: {'204': {description: Received}}
    ///       callbacks:
    ///         ack:
    ///           '{$request.body#/ackUrl}':
    ///             post: {responses: {'204': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// paths:
    ///   /events/{eventId}/ack:
    ///     post: {operationId: ackEvent, responses: {'204': {description: OK}}}
    /// webhooks:
    ///   petAdopted:
    ///     post:
    ///       responses: {'204': {description: Received}}
    /// ```
    pub WebhookHasCallbacks {
        id: "webhook-has-callbacks",
        group: Structure,
        severity: Warning,
        summary: "Callbacks declared on a webhook operation",
    }
}

impl RuleCheck for WebhookHasCallbacks {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_webhook && !op.in_callback && !op.operation.callbacks.is_empty() {
                out.report(
                    format!("{}/callbacks", op.pointer),
                    format!("Operation {} declares `callbacks`", operation_name(op)),
                )
                .at_key()
                .label("callback inside a webhook")
                .help("Describe the subscriber's call back to the API as an operation in `paths`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_webhook_operations_only() {
        let found = check_yaml(
            &super::WebhookHasCallbacks,
            r#"
openapi: 3.1.0
info: {title: t, version: 1.0.0}
paths:
  /a:
    post:
      responses: {'200': {description: OK}}
      callbacks:
        c:
          '{$request.body#/url}':
            post: {responses: {'200': {description: OK}}}
webhooks:
  ping:
    post:
      responses: {'200': {description: OK}}
      callbacks:
        c:
          '{$request.body#/url}':
            post: {responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/webhooks/ping/post/callbacks"]);
    }
}
