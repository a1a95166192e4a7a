//! Worked examples from the fixture pairs: the lines that differ between a check's base and
//! revision fixture, with some context, for the docs of checks without a hand-written example.

/// (check id, base YAML, revision YAML) for every fixture pair, embedded at build time.
static FIXTURES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// Lines of unchanged context shown around the change.
const CONTEXT: usize = 4;

/// The changed region of the fixture pair of `id`: (base excerpt, revision excerpt).
pub fn example(id: &str) -> Option<(String, String)> {
    let (_, base, rev) = FIXTURES.iter().find(|(name, _, _)| *name == id)?;
    Some(excerpts(base, rev))
}

/// The region between the common prefix and the common suffix of two texts, by lines, with
/// [`CONTEXT`] lines around it; `…` marks skipped lines.
pub fn excerpts(base: &str, rev: &str) -> (String, String) {
    let (b, r): (Vec<&str>, Vec<&str>) = (base.lines().collect(), rev.lines().collect());
    let prefix = b.iter().zip(&r).take_while(|(x, y)| x == y).count();
    let max_suffix = b.len().min(r.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(r.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |lines: &[&str]| {
        let start = prefix.saturating_sub(CONTEXT);
        let end = (lines.len() - suffix + CONTEXT).min(lines.len());
        let mut out = Vec::new();
        if start > 0 {
            out.push("…");
        }
        out.extend_from_slice(&lines[start..end]);
        if end < lines.len() {
            out.push("…");
        }
        out.join("\n")
    };
    (cut(&b), cut(&r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_show_the_change_with_context() {
        let base = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let rev = "a\nb\nc\nd\ne\nF\ng\nh\ni\nj\nk\n";
        let (b, r) = excerpts(base, rev);
        assert_eq!(b, "…\nb\nc\nd\ne\nf\ng\nh\ni\nj\n…");
        assert_eq!(r, "…\nb\nc\nd\ne\nF\ng\nh\ni\nj\n…");
        // A removed line: the revision shows the context only.
        let (b, r) = excerpts("a\nb\nc\n", "a\nc\n");
        assert_eq!((b.as_str(), r.as_str()), ("a\nb\nc", "a\nc"));
    }

    #[test]
    fn every_check_has_a_fixture_example() {
        for c in crate::checks() {
            assert!(example(&c.id).is_some(), "{}: no fixture pair", c.id);
        }
    }
}
