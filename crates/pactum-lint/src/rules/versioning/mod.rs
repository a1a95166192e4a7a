//! Versioning hygiene: one visible versioning scheme, semver `info.version`, deprecation
//! announced with `Sunset`/`Deprecation` (RFC 8594, RFC 9745).
//!
//! A *version* is found in four places:
//! - a URL path segment of a server URL or path key: `v1`, `V2`, `v1.1`, `v2beta1`; in server
//!   URLs and the first segment of path keys also a bare `2`, `2.0` or a date `2010-04-01`;
//! - a parameter (header or query) named `Api-Version`, `X-API-Version`, `Accept-Version`,
//!   `X-GitHub-Api-Version`, … (normalized name ending in `apiversion`, or `acceptversion`);
//! - a media type with a `version=` (or `v=`) parameter, or a `vN` part in a vendor subtype
//!   (`application/vnd.example.v2+json`).

mod api_version_scheme_missing;
mod deprecated_operation_without_sunset;
mod info_version_not_semver;
mod server_version_mismatch;
mod sunset_date_passed;
mod version_scheme_mixed;

pub use api_version_scheme_missing::ApiVersionSchemeMissing;
pub use deprecated_operation_without_sunset::DeprecatedOperationWithoutSunset;
pub use info_version_not_semver::InfoVersionNotSemver;
pub use server_version_mismatch::ServerVersionMismatch;
pub use sunset_date_passed::SunsetDatePassed;
pub use version_scheme_mixed::VersionSchemeMixed;

use openapiv3::{Operation, Parameter, ReferenceOr, Response, StatusCode};
use pactum_spec::visit::{resolve, ComponentKind};
use pactum_spec::{pointer, Spec};

use crate::model::{Direction, Index};
use crate::rules::security::{expanded_url, normalized};

/// A version found in a URL path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlVersion {
    /// `v2`, `v2.1`, `v2beta`, `2`, `2.0`: major 2.
    Major(u64),
    /// `2010-04-01`.
    Date,
}

/// `v1`, `V2`, `v1.1`, `v2beta1`, `v1_1` → the major.
fn v_segment(seg: &str) -> Option<u64> {
    let rest = seg.strip_prefix(['v', 'V'])?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let tail = &rest[digits..];
    // Minor parts (`.1`, `_1`), then an optional label (`beta1`, `alpha`).
    let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_'));
    let label = tail.trim_end_matches(|c: char| c.is_ascii_digit());
    if !label.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// `2`, `2.0`, `1.1` → the major; `2010-04-01` → a date.
fn bare_segment(seg: &str) -> Option<UrlVersion> {
    let b = seg.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && crate::date::parse_rfc3339(seg).is_some() {
        return Some(UrlVersion::Date);
    }
    let mut parts = seg.split('.');
    let major = parts.next()?;
    let minor = parts.next();
    if parts.next().is_some()
        || major.is_empty()
        || major.len() > 4
        || !major.bytes().all(|c| c.is_ascii_digit())
        || minor.is_some_and(|m| m.is_empty() || !m.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    major.parse().ok().map(UrlVersion::Major)
}

/// The path part of a server URL (after `scheme://authority`), or the URL if relative.
fn url_path(url: &str) -> &str {
    match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |j| &rest[j..])
        }
        None => url,
    }
}

/// The first version segment of a server URL's path, with the segment.
pub(crate) fn server_version(url: &str) -> Option<(UrlVersion, String)> {
    let path = url_path(url).split(['?', '#']).next().unwrap_or_default();
    path.split('/').find_map(|seg| {
        v_segment(seg)
            .map(UrlVersion::Major)
            .or_else(|| bare_segment(seg))
            .map(|v| (v, seg.to_string()))
    })
}

/// The first version segment of a path key (`/v1/pets`, `/2/tweets`, `/2010-04-01/Accounts`);
/// bare numbers and dates count only as the first segment.
pub(crate) fn path_version(key: &str) -> Option<(UrlVersion, &str)> {
    let mut segs = key.split('/').filter(|s| !s.is_empty());
    let first = segs.next()?;
    if let Some(v) = v_segment(first)
        .map(UrlVersion::Major)
        .or_else(|| bare_segment(first))
    {
        return Some((v, first));
    }
    segs.find_map(|s| v_segment(s).map(|m| (UrlVersion::Major(m), s)))
}

/// A parameter that selects the API version.
pub(crate) fn version_parameter(name: &str) -> bool {
    let n = normalized(name);
    n.ends_with("apiversion") || n == "acceptversion"
}

/// A media type that carries a version: `…; version=2` or `vnd.example.v2+json`.
pub(crate) fn versioned_media_type(key: &str) -> bool {
    let mut parts = key.split(';');
    let essence = parts.next().unwrap_or_default();
    let param = parts.any(|p| {
        let name = p.split('=').next().unwrap_or_default().trim();
        name.eq_ignore_ascii_case("version") || name.eq_ignore_ascii_case("v")
    });
    let subtype = essence.split('/').nth(1).unwrap_or_default();
    param || (subtype.contains("vnd.") && subtype.split(['.', '+']).any(|p| v_segment(p).is_some()))
}

/// The major of `info.version` when it is a release number (`1.4.0`, `v2`, `3`); `None` for
/// calendar versions (`2024-05-01`, `2024.1`: a major of 1900 or more) and free text.
pub(crate) fn info_major(version: &str) -> Option<u64> {
    let v = version.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    if !matches!(
        v.as_bytes().get(digits),
        None | Some(b'.') | Some(b'-') | Some(b'+')
    ) {
        return None;
    }
    let major: u64 = v[..digits].parse().ok()?;
    (major < 1900).then_some(major)
}

/// Where a versioning scheme shows, first occurrence of each kind.
#[derive(Debug, Default)]
pub(crate) struct Schemes {
    /// A server URL with a version: (pointer of `url`, segment).
    pub server: Option<(String, String)>,
    /// A path key with a version: (pointer, key).
    pub path: Option<(String, String)>,
    /// A header parameter selecting the version: (pointer of its `name`, name).
    pub header: Option<(String, String)>,
    /// A query parameter selecting the version: (pointer of its `name`, name).
    pub query: Option<(String, String)>,
    /// A versioned media type: (pointer, key).
    pub media_type: Option<(String, String)>,
}

impl Schemes {
    /// Scans servers, path keys, parameters and media types (webhooks and callbacks aside).
    pub fn find(spec: &Spec, index: &Index<'_>) -> Schemes {
        let mut found = Schemes {
            server: index
                .servers
                .iter()
                .filter(|s| !s.in_webhook && !s.in_callback)
                .find_map(|s| {
                    server_version(&expanded_url(s.server))
                        .map(|(_, seg)| (format!("{}/url", s.pointer), seg))
                }),
            path: spec
                .openapi
                .paths
                .paths
                .keys()
                .find_map(|k| path_version(k).map(|_| (pointer::push("/paths", k), k.clone()))),
            ..Schemes::default()
        };
        for site in &index.parameters {
            if site.direction != Some(Direction::Request)
                || site.http_message != Some(Direction::Request)
            {
                continue;
            }
            let slot = match site.parameter {
                Parameter::Header { .. } => &mut found.header,
                Parameter::Query { .. } => &mut found.query,
                _ => continue,
            };
            let name = &site.parameter.parameter_data_ref().name;
            if slot.is_none() && version_parameter(name) {
                *slot = Some((format!("{}/name", site.pointer), name.clone()));
            }
        }
        // Served operations only: there the data direction is the literal HTTP message's
        // (webhooks and callbacks flip it).
        found.media_type = index
            .media_types
            .iter()
            .find(|m| {
                m.direction.is_some()
                    && m.direction == m.http_message
                    && versioned_media_type(m.key)
            })
            .map(|m| (m.pointer.clone(), m.key.to_string()));
        found
    }

    /// True when no scheme was found.
    pub fn is_empty(&self) -> bool {
        self.server.is_none()
            && self.path.is_none()
            && self.header.is_none()
            && self.query.is_none()
            && self.media_type.is_none()
    }
}

/// Where a response is defined: inline in the operation, or a `components.responses` entry.
pub(crate) enum ResponsePlace<'a> {
    /// `<op>/responses/<key>`.
    Inline(&'a str, Option<&'a StatusCode>),
    /// `/components/responses/<name>`.
    Component(&'a str),
}

impl ResponsePlace<'_> {
    /// The pointer (built only when a finding needs it).
    pub fn pointer(&self) -> String {
        match self {
            ResponsePlace::Inline(op, Some(code)) => format!("{op}/responses/{code}"),
            ResponsePlace::Inline(op, None) => format!("{op}/responses/default"),
            ResponsePlace::Component(name) => ComponentKind::Responses.pointer(name),
        }
    }
}

/// The responses of an operation (resolved), with where they are defined.
pub(crate) fn responses<'a>(
    spec: &'a Spec,
    op_pointer: &'a str,
    op: &'a Operation,
) -> impl Iterator<Item = (ResponsePlace<'a>, &'a Response)> + 'a {
    let default = op.responses.default.iter().map(|r| (None, r));
    let coded = op
        .responses
        .responses
        .iter()
        .map(|(code, r)| (Some(code), r));
    default.chain(coded).filter_map(move |(code, r)| match r {
        ReferenceOr::Item(item) => Some((ResponsePlace::Inline(op_pointer, code), item)),
        ReferenceOr::Reference { reference } => resolve::<Response>(spec, reference)
            .map(|(name, item)| (ResponsePlace::Component(name), item)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_versions() {
        let major = |u: &str| match server_version(u) {
            Some((UrlVersion::Major(m), _)) => Some(m),
            _ => None,
        };
        assert_eq!(major("https://api.example.com/v1"), Some(1));
        assert_eq!(major("https://api.example.com/api/v2beta1/x"), Some(2));
        assert_eq!(major("https://api.box.com/2.0"), Some(2));
        assert_eq!(major("/V3"), Some(3));
        assert_eq!(major("https://v1.example.com/"), None);
        assert_eq!(major("https://api.example.com/videos"), None);
        assert_eq!(major("https://api.example.com/vault"), None);
        assert_eq!(
            server_version("https://x.example/2010-04-01").map(|v| v.0),
            Some(UrlVersion::Date)
        );
        assert_eq!(path_version("/v1/pets").map(|v| v.1), Some("v1"));
        assert_eq!(path_version("/api/v1/pods").map(|v| v.1), Some("v1"));
        assert_eq!(path_version("/2/tweets").map(|v| v.1), Some("2"));
        assert_eq!(path_version("/pets/2"), None);
        assert_eq!(path_version("/pets/{id}"), None);
    }

    #[test]
    fn headers_and_media_types() {
        assert!(version_parameter("X-GitHub-Api-Version"));
        assert!(version_parameter("api-version"));
        assert!(version_parameter("Accept-Version"));
        assert!(!version_parameter("resourceVersion"));
        assert!(versioned_media_type("application/vnd.github.v3+json"));
        assert!(versioned_media_type("application/json; version=2"));
        assert!(!versioned_media_type("application/vnd.api+json"));
        assert!(!versioned_media_type("application/json"));
    }

    #[test]
    fn majors() {
        assert_eq!(info_major("1.4.0"), Some(1));
        assert_eq!(info_major("v2"), Some(2));
        assert_eq!(info_major("0.3.1-beta"), Some(0));
        assert_eq!(info_major("2024-05-01"), None);
        assert_eq!(info_major("2024.0"), None);
        assert_eq!(info_major("unversioned"), None);
        assert_eq!(info_major("1a"), None);
    }
}
