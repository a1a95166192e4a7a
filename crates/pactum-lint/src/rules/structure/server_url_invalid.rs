use crate::rule::{Context, RuleCheck, Sink};
use crate::template::Template;

crate::declare_rule! {
    /// ## What it does
    /// Flags a server URL (of the document, a path item, an operation or a link) that is
    /// neither an absolute URL nor a relative reference: empty, with malformed `{variable}`
    /// braces, with characters a URL cannot contain (spaces, `<`, `>`, `"`, `\`, `^`,
    /// `` ` ``, `|`), an `http(s)`/`ws(s)` URL without `//` or without a host, or a host name
    /// written without a scheme (`api.example.com/v1`, `localhost:8080`).
    ///
    /// `{variable}` placeholders are allowed anywhere; they are checked by
    /// `server-variable-undefined`.
    ///
    /// ## Why is this bad?
    /// Clients resolve paths against the server URL. A malformed one fails in every client, or
    /// worse, silently becomes something else: `api.example.com/v1` is a *relative* reference,
    /// so `https://docs.example.com/openapi.yaml` turns it into
    /// `https://docs.example.com/api.example.com/v1`, and `localhost:8080` parses as a URL
    /// with the scheme `localhost`.
    ///
    /// ## Example
    /// ```yaml
    /// servers:
    ///   - url: api.example.com/v1
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// servers:
    ///   - url: https://api.example.com/v1
    /// ```
    pub ServerUrlInvalid {
        id: "server-url-invalid",
        group: Structure,
        severity: Error,
        summary: "Server URL that is not a valid URL or relative reference",
    }
}

/// What is wrong with `url`, as the end of a sentence starting with "Server URL `…` ".
fn problem(url: &str) -> Option<String> {
    if url.trim().is_empty() {
        return Some("is empty".into());
    }
    let template = Template::parse(url);
    if let Some(p) = template.problems.first() {
        return Some(format!("has {p}"));
    }
    let plain = substitute(url);
    if let Some(c) = plain
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>\"\\^`|".contains(*c))
    {
        let what = match c {
            ' ' => "a space".to_string(),
            c if c.is_whitespace() || c.is_control() => {
                format!("the character U+{:04X}", c as u32)
            }
            c => format!("`{c}`"),
        };
        return Some(format!("contains {what}, which a URL cannot contain"));
    }
    match split_scheme(&plain) {
        Some((scheme, rest)) => {
            let lower = scheme.to_ascii_lowercase();
            if matches!(lower.as_str(), "http" | "https" | "ws" | "wss") {
                let Some(after) = rest.strip_prefix("//") else {
                    return Some(format!("has no `//` after `{scheme}:`"));
                };
                let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
                let host = authority.rsplit('@').next().unwrap_or_default();
                if host.is_empty() || host.starts_with(':') {
                    return Some("has no host".into());
                }
            } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Some("looks like a host and port without a scheme".into());
            }
            None
        }
        None => {
            let first = plain.split(['/', '?', '#']).next().unwrap_or_default();
            looks_like_host(first).then(|| "looks like a host name without a scheme".into())
        }
    }
}

/// `url` with each `{…}` replaced by `x`, so the rest can be checked as a URL.
fn substitute(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut open = false;
    for c in url.chars() {
        match c {
            '{' => {
                open = true;
                out.push('x');
            }
            '}' => open = false,
            _ if open => {}
            _ => out.push(c),
        }
    }
    out
}

/// `(scheme, rest)` when `url` starts with an RFC 3986 scheme and `:`.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| (scheme, &url[colon + 1..]))
}

/// `localhost`, `api.example.com` or `10.0.0.1`, optionally with `:port`.
fn looks_like_host(segment: &str) -> bool {
    let host = match segment.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => segment,
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return false;
    }
    let last = labels[labels.len() - 1];
    let ipv4 = labels.len() == 4 && labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit()));
    ipv4 || (last.len() >= 2 && last.chars().all(|c| c.is_ascii_alphabetic()))
}

impl RuleCheck for ServerUrlInvalid {
    fn run(&self, cx: &Context<'_>, out: &mut Sink) {
        for site in &cx.index().servers {
            let url = &site.server.url;
            if let Some(problem) = problem(url) {
                out.report(
                    format!("{}/url", site.pointer),
                    format!("Server URL `{url}` {problem}"),
                )
                .label("invalid server URL")
                .help(
                    "Use an absolute URL (`https://api.example.com/v1`) or a path on the \
                     documentation's host (`/v1`)",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;
    use crate::testing::check_yaml;

    #[test]
    fn accepts_urls_relative_references_and_variables() {
        for ok in [
            "https://api.example.com/v1",
            "http://localhost:8080",
            "/v1",
            "v1",
            "./api",
            "../api",
            "https://{region}.example.com:{port}/{basePath}",
            "{scheme}://api.example.com",
            "{server}",
            "wss://stream.example.com",
            "https://user@api.example.com",
            "https://[::1]:8443/",
            "urn:example:api",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn rejects_malformed_urls() {
        for (bad, why) in [
            ("", "is empty"),
            (
                "https://api.example.com/{v",
                "has a `{` that is never closed",
            ),
            (
                "https://api .example.com",
                "contains a space, which a URL cannot contain",
            ),
            ("https:/api.example.com", "has no `//` after `https:`"),
            ("https:///v1", "has no host"),
            (
                "api.example.com/v1",
                "looks like a host name without a scheme",
            ),
            (
                "{tenant}.example.com",
                "looks like a host name without a scheme",
            ),
            (
                "127.0.0.1:8080/api",
                "looks like a host name without a scheme",
            ),
            (
                "localhost:8080",
                "looks like a host and port without a scheme",
            ),
        ] {
            assert_eq!(problem(bad).as_deref(), Some(why), "{bad}");
        }
    }

    #[test]
    fn reports_at_the_url() {
        let found = check_yaml(
            &super::ServerUrlInvalid,
            r#"
openapi: 3.0.3
info: {title: t, version: 1.0.0}
servers: [{url: 'https://api.example.com'}, {url: 'api.example.com'}]
paths: {}
"#,
        );
        let got: Vec<_> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(got, ["/servers/1/url"]);
    }
}
