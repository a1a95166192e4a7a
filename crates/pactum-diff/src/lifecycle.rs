//! The deprecation lifecycle: deprecate an element, announce its sunset date, remove it after
//! that date. Removing an operation, parameter, header or property is classified by where it
//! stood in this lifecycle on the day of the diff.

use indexmap::IndexMap;
use serde_json::Value;

use crate::engine::{fmt_date, parse_date, Date};

/// The extension that carries a sunset date (`YYYY-MM-DD` or an HTTP date) on an operation,
/// parameter, header or schema.
pub const SUNSET_EXTENSION: &str = "x-sunset";

/// Where a removed element stood in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Not deprecated: removing it breaks clients without warning.
    Live,
    /// Deprecated, but no sunset date was announced.
    Deprecated,
    /// Deprecated with a sunset date still ahead.
    Announced(Date),
    /// Deprecated and its sunset date has passed.
    Retired(Date),
}

/// The four check ids of one kind of element, in [`Stage`] order.
pub type StageIds = [&'static str; 4];

impl Stage {
    /// The stage of an element that is `deprecated` (a sunset date implies it) with `sunset`.
    pub fn of(deprecated: bool, sunset: Option<Date>, today: Date) -> Stage {
        match sunset {
            Some(d) if d <= today => Stage::Retired(d),
            Some(d) => Stage::Announced(d),
            None if deprecated => Stage::Deprecated,
            None => Stage::Live,
        }
    }

    /// The check id for this stage among `ids`, and the end of the message.
    pub fn removal(self, ids: StageIds) -> (&'static str, String) {
        match self {
            Stage::Live => (ids[0], " without being deprecated first".into()),
            Stage::Deprecated => (ids[1], "; it was deprecated without a sunset date".into()),
            Stage::Announced(d) => (ids[2], format!(" before its sunset date {}", fmt_date(d))),
            Stage::Retired(d) => (ids[3], format!(" after its sunset date {}", fmt_date(d))),
        }
    }
}

/// The `x-sunset` date among `extensions`.
pub fn sunset_extension(extensions: &IndexMap<String, Value>) -> Option<Date> {
    match extensions.get(SUNSET_EXTENSION) {
        Some(Value::String(s)) => parse_date(s),
        _ => None,
    }
}

/// When both sides announce a sunset date and it moved: the id among (`earlier`, `later`) and
/// the message.
pub fn sunset_moved(
    base: Option<Date>,
    revision: Option<Date>,
    ids: (&'static str, &'static str),
) -> Option<(&'static str, String)> {
    let (a, b) = (base?, revision?);
    (a != b).then(|| {
        (
            if b < a { ids.0 } else { ids.1 },
            format!("sunset date moved from {} to {}", fmt_date(a), fmt_date(b)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages() {
        let today = (2026, 11, 28);
        assert_eq!(Stage::of(false, None, today), Stage::Live);
        assert_eq!(Stage::of(true, None, today), Stage::Deprecated);
        assert_eq!(
            Stage::of(true, Some((2027, 1, 1)), today),
            Stage::Announced((2027, 1, 1))
        );
        // The sunset day itself is past the announcement.
        assert_eq!(Stage::of(true, Some(today), today), Stage::Retired(today));
        // A sunset date without `deprecated: true` still announces the removal.
        assert_eq!(
            Stage::of(false, Some((2020, 1, 1)), today),
            Stage::Retired((2020, 1, 1))
        );
        let ids = ["a", "b", "c", "d"];
        assert_eq!(Stage::Live.removal(ids).0, "a");
        assert_eq!(
            Stage::Announced((2027, 1, 1)).removal(ids),
            ("c", " before its sunset date 2027-01-01".to_string())
        );
    }

    #[test]
    fn sunset_moves() {
        let ids = ("earlier", "later");
        assert_eq!(
            sunset_moved(Some((2027, 1, 1)), Some((2027, 1, 1)), ids),
            None
        );
        assert_eq!(sunset_moved(None, Some((2027, 1, 1)), ids), None);
        assert_eq!(
            sunset_moved(Some((2027, 6, 1)), Some((2027, 1, 1)), ids).map(|m| m.0),
            Some("earlier")
        );
        assert_eq!(
            sunset_moved(Some((2027, 1, 1)), Some((2027, 6, 1)), ids).map(|m| m.0),
            Some("later")
        );
    }
}
