use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info` object without `contact`.
    ///
    /// ## Why is this bad?
    /// Client developers who hit a bug, a security issue or an unclear behaviour need to know
    /// whom to ask. Portals and catalogues show the contact next to the API; without it,
    /// questions go nowhere. Advice only (`info`): internal APIs may document ownership
    /// elsewhere.
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
    ///   contact: {name: Pets team, url: https://example.com/support, email: pets@example.com}
    /// ```
    pub InfoContactMissing {
        id: "info-contact-missing",
        group: Structure,
        severity: Info,
        summary: "info without contact",
    }
}

impl RuleCheck for InfoContactMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        if cx.spec.openapi.info.contact.is_none() {
            out.report("/info", "`info` has no `contact`")
                .at_key()
                .label("no contact")
                .help("Add `contact` with the team's `name`, `url` and `email`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_without_contact() {
        let rule = &super::InfoContactMissing;
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/info");
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', contact: {name: n}}\npaths: {}\n",
        );
        assert!(found.is_empty());
    }
}
