use crate::model::Markup;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `eval(` call (also `eval (`; not `medieval(`) in a `description`, `summary` or
    /// `title` anywhere in the document. A text with a `<script>` tag is reported by
    /// `markdown-script-tag` instead.
    ///
    /// ## Why is this bad?
    /// Descriptions are rendered as HTML by documentation portals. `eval(` is the usual
    /// payload of script injection through event handlers (`<img onerror="eval(...)">`) or
    /// `javascript:` links, and has no business in API documentation.
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   description: '<img src=x onerror="eval(atob(this.id))">'
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   description: Welcome to the Pets API.
    /// ```
    pub MarkdownEval {
        id: "markdown-eval",
        group: Structure,
        severity: Error,
        summary: "eval( in a description, summary or title",
    }
}

impl RuleCheck for MarkdownEval {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for hit in &cx.index().markup {
            if hit.markup != Markup::Eval {
                continue;
            }
            out.report(&hit.pointer, format!("`{}` contains `eval(`", hit.field))
                .label("script in Markdown")
                .help("Remove it: documentation renderers may run it in readers' browsers")
                .via(cx.index().via(&hit.pointer).iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn eval_calls_only() {
        let found = check_yaml(
            &super::MarkdownEval,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0, description: 'x onerror=eval(1)'}
paths:
  /pets:
    get:
      summary: 'The medieval(ist) era; we evaluate (carefully)'
      description: 'eval (code)'
      responses:
        '200': {description: OK}
components:
  securitySchemes:
    k: {type: apiKey, in: header, name: K, description: 'window.eval(x)'}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/info/description",
                "/paths/~1pets/get/description",
                "/components/securitySchemes/k/description",
            ]
        );
        assert_eq!(found[0].message, "`description` contains `eval(`");
    }
}
