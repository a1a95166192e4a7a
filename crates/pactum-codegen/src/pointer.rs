//! JSON pointer helpers.

/// `base` + `/segment` (escaping `~` and `/` in the segment, unless it already is a path of
/// several segments such as `allOf/0`).
pub fn push(base: &str, segment: &str) -> String {
    format!("{base}/{segment}")
}

/// One escaped segment.
pub fn segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}
