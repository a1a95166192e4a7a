use crate::oas;
use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags a document with paths but no top-level `servers`, unless every path item (or
    /// every operation) declares its own. Webhook-only documents are not checked.
    ///
    /// It is `info`: software that each user hosts (Kubernetes, Gitea) has no one server URL
    /// to declare.
    ///
    /// ## Why is this bad?
    /// Without `servers`, OpenAPI defaults to a server URL of `/`: paths resolve against the
    /// host the document was downloaded from. Documentation "try it" consoles then call the
    /// documentation site, and generated clients have no base URL (each caller must know and
    /// hard-code it).
    ///
    /// ## Example
    /// ```yaml
    /// openapi: 3.0.3
    /// info: {title: Pets, version: 1.0.0}
    /// paths: {}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// openapi: 3.0.3
    /// info: {title: Pets, version: 1.0.0}
    /// servers:
    ///   - url: https://api.example.com/v1
    /// paths: {}
    /// ```
    pub ServersMissing {
        id: "servers-missing",
        group: Structure,
        severity: Info,
        summary: "Document without servers",
    }
}

impl RuleCheck for ServersMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let api = &cx.spec.openapi;
        if !api.servers.is_empty() || api.paths.paths.is_empty() {
            return;
        }
        let covered = oas::paths(cx.spec).all(|entry| {
            !entry.item.servers.is_empty()
                || entry.item.iter().all(|(_, op)| !op.servers.is_empty())
        });
        if covered {
            return;
        }
        out.report("/openapi", "The document declares no `servers`")
            .at_key()
            .label("no `servers` in this document")
            .help("Add `servers: [{url: https://api.example.com/v1}]` next to `openapi`");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_unless_every_path_has_servers() {
        let base = r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    get: {responses: {'200': {description: OK}}}
  /b:
    servers: [{url: 'https://b.example.com'}]
    get: {responses: {'200': {description: OK}}}
"#;
        assert_eq!(check_yaml(&super::ServersMissing, base).len(), 1);
        let covered = base.replace(
            "get: {responses: {'200': {description: OK}}}\n  /b",
            "get: {servers: [{url: /a}], responses: {'200': {description: OK}}}\n  /b",
        );
        assert!(check_yaml(&super::ServersMissing, &covered).is_empty());
        let with = base.replace("paths:", "servers: [{url: /v1}]\npaths:");
        assert!(check_yaml(&super::ServersMissing, &with).is_empty());
    }
}
