//! Syntax checks for the string formats that generated validation enforces.

/// A pragmatic `addr-spec` check: one `@`, a non-empty local part without spaces, and a
/// hostname after it.
pub fn is_email(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !local.chars().any(|c| c.is_whitespace() || c == '@')
                && domain.contains('.')
                && is_hostname(domain)
        }
        None => false,
    }
}

/// An absolute URI: `scheme:` followed by something, scheme per RFC 3986, no spaces.
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An RFC 1123 hostname: dot-separated labels of 1–63 letters, digits and inner hyphens.
pub fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_email("a.b@example.com"));
        assert!(!is_email("a b@example.com"));
        assert!(!is_email("nobody"));
        assert!(is_uri("https://example.com/x"));
        assert!(!is_uri("example.com"));
        assert!(is_hostname("api.example.com"));
        assert!(!is_hostname("-bad.example"));
    }
}
