use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info` object without `license`.
    ///
    /// ## Why is this bad?
    /// Without a license, readers cannot tell whether they may copy the contract, generate and
    /// publish clients from it, or build on it. Advice only (`info`): private APIs may not need
    /// one.
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
    ///   license: {name: Apache 2.0, url: https://www.apache.org/licenses/LICENSE-2.0}
    /// ```
    pub InfoLicenseMissing {
        id: "info-license-missing",
        group: Structure,
        severity: Info,
        summary: "info without license",
    }
}

impl RuleCheck for InfoLicenseMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        if cx.spec.openapi.info.license.is_none() {
            out.report("/info", "`info` has no `license`")
                .at_key()
                .label("no license")
                .help("Add `license` with a `name` and a `url` (3.1: or an SPDX `identifier`)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn fires_without_license() {
        let rule = &super::InfoLicenseMissing;
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        );
        assert_eq!(found.len(), 1);
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', license: {name: MIT}}\npaths: {}\n",
        );
        assert!(found.is_empty());
    }
}
