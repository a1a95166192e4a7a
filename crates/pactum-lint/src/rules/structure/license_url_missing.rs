use pactum_spec::SpecVersion;

use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info.license` without `url` (in 3.1: without `url` and without an SPDX
    /// `identifier`).
    ///
    /// ## Why is this bad?
    /// A license name alone is ambiguous ("BSD", "Proprietary"): the URL (or SPDX identifier)
    /// says exactly which terms apply. Advice only (`info`).
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   license: {name: Apache 2.0}
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pets
    ///   version: 1.0.0
    ///   license: {name: Apache 2.0, url: https://www.apache.org/licenses/LICENSE-2.0}
    /// ```
    pub LicenseUrlMissing {
        id: "license-url-missing",
        group: Structure,
        severity: Info,
        summary: "license without url",
    }
}

impl RuleCheck for LicenseUrlMissing {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let Some(license) = &cx.spec.openapi.info.license else {
            return;
        };
        let identifier = license.extensions.contains_key("x-pactum-identifier");
        if license.url.is_some() || identifier {
            return;
        }
        let (message, help) = if cx.spec.version == SpecVersion::V31 {
            (
                "`license` has no `url` or `identifier`",
                "Add the license's `url`, or its SPDX `identifier` (e.g. `Apache-2.0`)",
            )
        } else {
            ("`license` has no `url`", "Add the license's `url`")
        };
        out.report("/info/license", message)
            .at_key()
            .label("which terms?")
            .help(help);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    #[test]
    fn url_or_identifier() {
        let rule = &super::LicenseUrlMissing;
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1', license: {name: MIT}}\npaths: {}\n",
        );
        assert_eq!(found[0].pointer, "/info/license");
        assert_eq!(found[0].message, "`license` has no `url`");
        let found = check_yaml(
            rule,
            "openapi: 3.1.0\ninfo: {title: t, version: '1', license: {name: MIT, identifier: MIT}}\npaths: {}\n",
        );
        assert!(found.is_empty());
        let found = check_yaml(
            rule,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        );
        assert!(found.is_empty());
    }
}
