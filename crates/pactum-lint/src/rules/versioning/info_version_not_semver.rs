use crate::rule::{Context, RuleCheck, Sink};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `info.version` that is not a semantic version (`MAJOR.MINOR.PATCH`, with an
    /// optional `-pre.release` and `+build`, as in SemVer 2.0.0).
    ///
    /// Calendar versions written as an RFC 3339 date (`2024-05-01`, optionally with a suffix
    /// such as `2024-05-01-preview`) are accepted: APIs versioned by date (Stripe, Azure) use
    /// them deliberately, and they order correctly.
    ///
    /// ## Why is this bad?
    /// `info.version` is how consumers, changelogs, SDK generators and breaking-change checks
    /// (`pactum diff`) tell revisions apart. With semver the number itself says whether a
    /// revision may break clients (a new major) or not; `1.0`, `v2` or `latest` say nothing
    /// and do not sort reliably.
    ///
    /// ## Example
    /// ```yaml
    /// info:
    ///   title: Pet Store
    ///   version: '1.0'
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info:
    ///   title: Pet Store
    ///   version: 1.0.0
    /// ```
    pub InfoVersionNotSemver {
        id: "info-version-not-semver",
        group: Versioning,
        severity: Warning,
        summary: "info.version that is not a semantic version (MAJOR.MINOR.PATCH)",
    }
}

/// A SemVer 2.0.0 version.
fn semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || numeric(i)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// An RFC 3339 date, optionally followed by `-suffix`.
fn calendar(v: &str) -> bool {
    v.len() >= 10
        && v.is_char_boundary(10)
        && crate::date::parse_rfc3339(&v[..10]).is_some()
        && (v.len() == 10 || v.as_bytes()[10] == b'-' && v.len() > 11)
}

impl RuleCheck for InfoVersionNotSemver {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let version = cx.spec.openapi.info.version.as_str();
        if semver(version) || calendar(version) {
            return;
        }
        let trimmed = version.strip_prefix(['v', 'V']).unwrap_or(version);
        let help = if semver(trimmed) {
            format!("Drop the prefix: `{trimmed}`")
        } else {
            let parts: Vec<&str> = trimmed.split('.').collect();
            if !parts.is_empty()
                && parts.len() < 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            {
                let mut full = parts.join(".");
                for _ in parts.len()..3 {
                    full.push_str(".0");
                }
                format!("Write all three parts: `{full}`")
            } else {
                "Use `MAJOR.MINOR.PATCH` (e.g. `1.0.0`), bumping MAJOR for breaking changes"
                    .to_string()
            }
        };
        out.report(
            "/info/version",
            format!("`info.version` `{version}` is not a semantic version"),
        )
        .label("not MAJOR.MINOR.PATCH")
        .help(help);
    }
}

#[cfg(test)]
mod tests {
    use super::{calendar, semver};
    use crate::testing::check_yaml;

    #[test]
    fn semver_grammar() {
        for ok in [
            "1.0.0",
            "0.3.12",
            "1.0.27-SNAPSHOT",
            "2.0.0-rc.1+build.5",
            "10.20.30",
        ] {
            assert!(semver(ok), "{ok}");
        }
        for bad in [
            "1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "latest", "",
        ] {
            assert!(!semver(bad), "{bad}");
        }
        assert!(calendar("2020-08-27"));
        assert!(calendar("2024-05-01-preview"));
        assert!(!calendar("2024-13-01"));
    }

    fn help_for(version: &str) -> Option<String> {
        let yaml =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\npaths: {{}}\n");
        let found = check_yaml(&super::InfoVersionNotSemver, &yaml);
        found.first().map(|f| {
            assert_eq!(f.pointer, "/info/version");
            f.help.clone().unwrap_or_default()
        })
    }

    #[test]
    fn reports_with_a_fix() {
        assert_eq!(help_for("1.2.3"), None);
        assert_eq!(help_for("2021-06-07"), None);
        assert_eq!(
            help_for("1.0").as_deref(),
            Some("Write all three parts: `1.0.0`")
        );
        assert_eq!(
            help_for("v2.1.0").as_deref(),
            Some("Drop the prefix: `2.1.0`")
        );
        assert!(help_for("unversioned").is_some());
    }
}
