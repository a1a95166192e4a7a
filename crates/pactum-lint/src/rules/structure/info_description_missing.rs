use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info` object without a `description` (or with an empty one).
    ///
    /// ## Why is this bad?
    /// The description is the API's front page in every documentation tool: what it is for,
    /// how to authenticate, rate limits, versioning and support. Without it readers must infer
    /// all of this from the operations. Advice only (`info`).
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   description: Adopt, list and update pets. Authenticate with a bearer token.
    /// ```
    pub InfoDescriptionMissing {
        id: "info-description-missing",
        group: Structure,
        severity: Info,
        summary: "info without description",
    }
}

impl RuleCheck for InfoDescriptionMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let info = &cx.spec.openapi.info;
        let empty = info
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty());
        if empty {
            let (pointer, message) = match info.description {
                Some(_) => ("/info/description", "`info` has an empty `description`"),
                None => ("/info", "`info` has no `description`"),
            };
            out.report(pointer, message)
                .at_key()
                .label("no description")
                .help("Describe what the API is for, how to authenticate and where to get help");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn missing_or_blank() {
        let rule = &super::InfoDescriptionMissing;
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        );
        assert_eq!(found[0].pointer, "/info");
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', description: '  '}\npaths: {}\n",
        );
        assert_eq!(found[0].pointer, "/info/description");
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', description: Pets}\npaths: {}\n",
        );
        assert!(found.is_empty());
    }
}
