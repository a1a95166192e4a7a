//! JSON pointers (RFC 6901): escaping, unescaping, splitting.

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}

/// Unescapes one reference token (`~1` → `/`, `~0` → `~`).
pub fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

/// Splits a pointer (`/a/b~1c`) into unescaped segments (`["a", "b/c"]`). `""` is the root.
pub fn split(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(|s| unescape(s).into_owned())
        .collect()
}

/// Joins unescaped segments into a pointer.
pub fn join<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&escape(s.as_ref()));
    }
    out
}

/// Appends one unescaped segment to a pointer.
pub fn push(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + segment.len() + 1);
    out.push_str(pointer);
    out.push('/');
    out.push_str(&escape(segment));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_escapes() {
        let segs = split("/paths/~1pets~1{id}/get/a~0b");
        assert_eq!(segs, vec!["paths", "/pets/{id}", "get", "a~b"]);
        assert_eq!(join(&segs), "/paths/~1pets~1{id}/get/a~0b");
        assert!(split("").is_empty());
        assert_eq!(push("/a", "x/y"), "/a/x~1y");
    }
}
