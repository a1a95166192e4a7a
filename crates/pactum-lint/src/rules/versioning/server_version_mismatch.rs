use super::{info_major, path_version, server_version, UrlVersion};
use crate::rule::{Context, RuleCheck, Sink};
use crate::rules::security::expanded_url;

crate::declare_rule! {
    /// ## What it does
    /// Flags a version in a server URL (`https://api.example.com/v2`) whose major disagrees
    /// with the major of `info.version`. When no server URL carries a version but every path
    /// key starts with the same one (`/v2/pets`, `/v2/orders`), that common prefix is compared
    /// instead.
    ///
    /// Pre-1.0 APIs: an `info.version` of `0.x.y` matches `/v0` and also `/v1`, the URL an
    /// API in development usually publishes before its 1.0 release. Calendar versions
    /// (`2024-05-01`, `2024.1`) and free text in `info.version` are not compared, nor are
    /// date segments in URLs. Servers in webhooks and callbacks are ignored.
    ///
    /// ## Why is this bad?
    /// Consumers read the major from the URL, tools (changelogs, `pactum diff`, SDK
    /// generators) read it from `info.version`. When they disagree one of them is stale, and
    /// a breaking change can ship under a URL that promises compatibility.
    ///
    /// ## Example
    /// ```yaml
    /// info: {title: Pet Store, version: 2.1.0}
    /// servers:
    ///   - url: https://api.example.com/v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// info: {title: Pet Store, version: 2.1.0}
    /// servers:
    ///   - url: https://api.example.com/v2
    /// ```
    pub ServerVersionMismatch {
        id: "server-version-mismatch",
        group: Versioning,
        severity: Warning,
        summary: "Server URL (or common path prefix) /vN disagreeing with info.version's major",
    }
}

fn agrees(url_major: u64, info: u64) -> bool {
    url_major == info || (info == 0 && url_major == 1)
}

impl RuleCheck for ServerVersionMismatch {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        let spec = cx.spec;
        let version = &spec.openapi.info.version;
        let Some(major) = info_major(version) else {
            return;
        };
        let help = |seg: &str, n: u64| {
            format!("Set `info.version` to {n}.x.y, or serve this contract under `/v{major}` instead of `/{seg}`")
        };
        let mut any_server_version = false;
        for site in &cx.index().servers {
            if site.in_webhook || site.in_callback {
                continue;
            }
            let Some((v, seg)) = server_version(&expanded_url(site.server)) else {
                continue;
            };
            any_server_version = true;
            let UrlVersion::Major(n) = v else {
                continue;
            };
            if agrees(n, major) {
                continue;
            }
            out.report(
                format!("{}/url", site.pointer),
                format!("Server URL version `{seg}` disagrees with `info.version` `{version}`"),
            )
            .label(format!("major {n}"))
            .with_label("/info/version", format!("major {major}"))
            .help(help(&seg, n));
        }
        if any_server_version {
            return;
        }
        // A version prefix shared by every path key.
        let mut keys = spec.openapi.paths.paths.keys();
        let Some(first) = keys.next() else {
            return;
        };
        let Some((UrlVersion::Major(n), seg)) = path_version(first) else {
            return;
        };
        // `/api/v2` of `/api/v2/pets`.
        let Some(end) = first.find(&format!("/{seg}")).map(|i| i + 1 + seg.len()) else {
            return;
        };
        let prefix = &first[..end];
        let under = |k: &str| {
            k.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        };
        if !keys.all(|k| under(k)) {
            return;
        }
        if agrees(n, major) {
            return;
        }
        out.report(
            "/paths",
            format!("Path prefix `{prefix}` disagrees with `info.version` `{version}`"),
        )
        .at_key()
        .label(format!("every path starts with `{prefix}` (major {n})"))
        .with_label("/info/version", format!("major {major}"))
        .help(help(seg, n));
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_yaml;

    fn pointers(version: &str, servers: &str, paths: &[&str]) -> Vec<String> {
        let mut yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\n{servers}\npaths:\n"
        );
        if paths.is_empty() {
            yaml.push_str("  {}\n");
        }
        for p in paths {
            yaml.push_str(&format!("  {p}: {{}}\n"));
        }
        check_yaml(&super::ServerVersionMismatch, &yaml)
            .into_iter()
            .map(|f| f.pointer)
            .collect()
    }

    #[test]
    fn servers() {
        let servers = "servers: [{url: 'https://a.example/v1'}, {url: 'https://b.example/api/v2'}]";
        assert_eq!(pointers("1.4.0", servers, &[]), ["/servers/1/url"]);
        assert_eq!(pointers("2.0.0", servers, &[]), ["/servers/0/url"]);
        // 0.x matches /v0 and /v1.
        assert_eq!(pointers("0.9.0", servers, &[]), ["/servers/1/url"]);
        assert!(pointers("2024-05-01", servers, &[]).is_empty());
        assert!(pointers(
            "1.0.0",
            "servers: [{url: 'https://a.example/2010-04-01'}]",
            &[]
        )
        .is_empty());
    }

    #[test]
    fn common_path_prefix() {
        assert_eq!(
            pointers("1.0.0", "", &["/v2/pets", "/v2/orders"]),
            ["/paths"]
        );
        assert!(pointers("2.0.0", "", &["/v2/pets", "/v2/orders"]).is_empty());
        assert!(pointers("1.0.0", "", &["/v2/pets", "/v1/orders"]).is_empty());
        assert_eq!(
            pointers("2.0.0", "", &["/api/v1/pods", "/api/v1"]),
            ["/paths"]
        );
        assert!(pointers("2.0.0", "", &["/api/v1/pods", "/apis/v1/x"]).is_empty());
        // A versioned server URL wins over path keys.
        assert!(pointers(
            "1.0.0",
            "servers: [{url: 'https://a.example/v1'}]",
            &["/v2/pets"]
        )
        .is_empty());
    }
}
