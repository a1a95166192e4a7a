use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info.contact` that lacks any of `name`, `url` and `email`.
    ///
    /// ## Why is this bad?
    /// A contact with only a name cannot be reached, and one with only an address does not
    /// say who answers. Portals show all three; filling them in costs one line each. Advice
    /// only (`info`).
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   contact: {name: Pets team}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   contact: {name: Pets team, url: https://example.com/support, email: pets@example.com}
    /// ```
    pub ContactPropertiesMissing {
        id: "contact-properties-missing",
        group: Structure,
        severity: Info,
        summary: "contact without name, url or email",
    }
}

impl RuleCheck for ContactPropertiesMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(contact) = &cx.spec.openapi.info.contact else {
            return;
        };
        let missing: Vec<&str> = [
            ("name", contact.name.is_none()),
            ("url", contact.url.is_none()),
            ("email", contact.email.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| k)
        .collect();
        let list = match missing.as_slice() {
            [] => return,
            [a] => format!("`{a}`"),
            [a, b] => format!("`{a}` or `{b}`"),
            _ => "`name`, `url` or `email`".to_string(),
        };
        out.report("/info/contact", format!("`contact` has no {list}"))
            .at_key()
            .label("incomplete contact")
            .help("Give the contact a `name`, a `url` and an `email`");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn lists_what_is_missing() {
        let rule = &super::ContactPropertiesMissing;
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', contact: {name: n}}\npaths: {}\n",
        );
        assert_eq!(found[0].message, "`contact` has no `url` or `email`");
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', contact: {}}\npaths: {}\n",
        );
        assert_eq!(
            found[0].message,
            "`contact` has no `name`, `url` or `email`"
        );
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', contact: {name: n, url: 'https://x.org', email: a@x.org}}\npaths: {}\n",
        );
        assert!(found.is_empty());
    }
}
