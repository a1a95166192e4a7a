use crate::oas::operation_name;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an operation of a callback that itself declares `callbacks` (in an operation's
    /// callbacks, a webhook's, or `components.callbacks`).
    ///
    /// ## Why is this bad?
    /// A callback in a callback describes the API's client calling back the API's own
    /// callback receiver — a chain no tool renders or generates code for consistently. It is
    /// almost always a misplaced `callbacks` key that belongs to the outer operation.
    ///
    /// ## Example
    /// ```yaml
    /// callbacks:
    ///   petAdopted:
    ///     '{$request.body#/callbackUrl}':
    ///       post:
    ///         responses: {'204': {description: Received}}
    ///         callbacks:
    ///           ack:
    ///             '{$request.body#/ackUrl}':
    ///               post: {responses: {'204': {description: OK}}}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// callbacks:
    ///   petAdopted:
    ///     '{$request.body#/callbackUrl}':
    ///       post:
    ///         responses: {'204': {description: Received}}
    /// ```
    pub CallbackHasCallbacks {
        id: "callback-has-callbacks",
        group: Structure,
        severity: Warning,
        summary: "Callbacks declared inside a callback",
    }
}

impl RuleCheck for CallbackHasCallbacks {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for op in &cx.index().operations {
            if op.in_callback && !op.operation.callbacks.is_empty() {
                out.report(
                    format!("{}/callbacks", op.pointer),
                    format!("Operation {} declares `callbacks`", operation_name(op)),
                )
                .at_key()
                .label("callback inside a callback")
                .help("Move these callbacks to the operation that registers the outer callback");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_on_nested_callbacks() {
        let found = check_yaml(
            &super::CallbackHasCallbacks,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    post:
      responses: {'200': {description: OK}}
      callbacks:
        outer:
          '{$request.body#/url}':
            post:
              responses: {'200': {description: OK}}
              callbacks:
                inner:
                  '{$request.body#/url2}':
                    post: {responses: {'200': {description: OK}}}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            ["/paths/~1a/post/callbacks/outer/{$request.body#~1url}/post/callbacks"]
        );
        assert_eq!(
            found[0].message,
            "Operation `POST` of callback `{$request.body#/url}` declares `callbacks`"
        );
    }
}
