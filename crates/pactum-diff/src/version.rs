//! The versioning policy: a breaking change needs a major version bump.
//!
//! The major version is read from `info.version` (semver, an optional leading `v`) and from a
//! `/vN` segment in the first server URL or, failing that, in the paths. A bump of either
//! counts.

use pactum_lint::Severity;
use pactum_spec::Spec;

use crate::checks;
use crate::engine::Change;
use crate::{Finding, Settings};

/// `(major, minor, patch)` of a semver-ish version string.
pub fn semver(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches(['v', 'V']);
    let core = v.split(['-', '+']).next()?;
    if !core.contains('.') && core.len() != v.len() {
        return None; // a date such as 2024-01-01
    }
    let mut parts = core.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map(|p| p.parse().ok()).unwrap_or(Some(0))?;
    let patch = parts.next().map(|p| p.parse().ok()).unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

/// The `N` of the first `/vN` segment in `s`.
fn url_major(s: &str) -> Option<u64> {
    s.split('/').find_map(|seg| {
        seg.strip_prefix(['v', 'V'])
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse().ok())
    })
}

/// The major version from the servers or the paths (`/v2`).
pub fn path_major(spec: &Spec) -> Option<u64> {
    spec.openapi
        .servers
        .iter()
        .find_map(|s| url_major(&s.url))
        .or_else(|| {
            // Only a prefix every path shares (`/v2/...`), not a `/v2` deep inside one path.
            let mut majors = spec.openapi.paths.paths.keys().map(|p| {
                p.split('/')
                    .nth(1)
                    .and_then(|seg| seg.strip_prefix(['v', 'V']))
                    .and_then(|d| d.parse::<u64>().ok())
            });
            let first = majors.next()??;
            majors.all(|m| m == Some(first)).then_some(first)
        })
}

/// True when the revision's major version is higher than the base's.
pub fn major_bumped(base: &Spec, revision: &Spec) -> bool {
    let info = match (
        semver(&base.openapi.info.version),
        semver(&revision.openapi.info.version),
    ) {
        (Some(b), Some(r)) => r.0 > b.0,
        _ => false,
    };
    let path = match (path_major(base), path_major(revision)) {
        (Some(b), Some(r)) => r > b,
        _ => false,
    };
    info || path
}

/// Applies the policy to `findings`: with a major bump, breaking findings drop to the configured
/// severity (default warning); without one, a `breaking-change-without-major-bump` error is
/// added. A decreasing `info.version` is reported too.
pub fn apply(base: &Spec, revision: &Spec, settings: &Settings, findings: &mut Vec<Finding>) {
    let (bv, rv) = (&base.openapi.info.version, &revision.openapi.info.version);
    if let (Some(b), Some(r)) = (semver(bv), semver(rv)) {
        if r < b {
            push(
                findings,
                settings,
                "version-decreased",
                format!("info.version went down from `{bv}` to `{rv}`"),
            );
        }
    }
    let breaking = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if breaking == 0 {
        return;
    }
    if major_bumped(base, revision) {
        let to = settings
            .config
            .breaking_with_major_bump
            .unwrap_or(Severity::Warning);
        for f in findings.iter_mut() {
            if f.severity == Severity::Error {
                f.severity = to;
            }
        }
    } else {
        push(
            findings,
            settings,
            "breaking-change-without-major-bump",
            format!(
                "{breaking} breaking change{} but the major version did not increase (`{bv}` → `{rv}`)",
                if breaking == 1 { "" } else { "s" }
            ),
        );
    }
}

fn push(findings: &mut Vec<Finding>, settings: &Settings, id: &str, message: String) {
    let Some(check) = checks::find(id) else {
        return;
    };
    if settings.config.ignore.iter().any(|n| check.answers_to(n)) {
        return;
    }
    let severity = match settings.config.severity.get(id) {
        Some(None) => return,
        Some(Some(s)) => *s,
        None => check.severity_in(settings.profile),
    };
    findings.push(Finding {
        change: Change {
            check,
            message,
            base: Some("/info/version".into()),
            revision: Some("/info/version".into()),
            operations: Vec::new(),
            relaxed: false,
        },
        severity,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        assert_eq!(semver("1.4.0"), Some((1, 4, 0)));
        assert_eq!(semver("v2"), Some((2, 0, 0)));
        assert_eq!(semver("2.0.0-beta.1"), Some((2, 0, 0)));
        assert_eq!(semver("2024-01-01"), None);
        assert_eq!(url_major("https://x.example/v12/api"), Some(12));
        assert_eq!(url_major("https://x.example/video"), None);
    }

    fn spec(version: &str, paths: &[&str]) -> Spec {
        let mut text =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\npaths:\n");
        for p in paths {
            text.push_str(&format!(
                "  {p}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"
            ));
        }
        pactum_spec::load_str(std::path::Path::new("a.yaml"), &text, &Default::default()).unwrap()
    }

    #[test]
    fn major_bump_from_info_or_a_shared_path_prefix() {
        assert!(major_bumped(
            &spec("1.4.0", &["/a"]),
            &spec("2.0.0", &["/a"])
        ));
        assert!(!major_bumped(
            &spec("1.4.0", &["/a"]),
            &spec("1.5.0", &["/a"])
        ));
        assert!(major_bumped(
            &spec("x", &["/v1/a", "/v1/b"]),
            &spec("x", &["/v2/a", "/v2/b"])
        ));
        // A `/v2` deep inside one path is not the API's version.
        assert!(!major_bumped(
            &spec("x", &["/a/v1/b", "/c"]),
            &spec("x", &["/a/v2/b", "/c"])
        ));
    }
}
