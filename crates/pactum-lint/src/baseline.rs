//! Baseline files: the findings a team accepted, so only new ones fail.
//!
//! Each entry is keyed by rule, file, JSON pointer and a hash of the message — not by line,
//! so edits above a finding do not invalidate the baseline.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::Resolved;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// File as given (without a leading `./`).
    pub file: String,
    /// JSON pointer inside the file.
    pub pointer: String,
    /// FNV-1a 64 hash of the message, in hex.
    pub message_hash: String,
}

impl Entry {
    /// The entry for a finding.
    pub fn of(item: &Resolved) -> Entry {
        Entry {
            rule: item.rule.clone(),
            file: normalise(&item.place.file_name),
            pointer: item.place.pointer.clone(),
            message_hash: format!("{:016x}", fnv1a(item.message.as_bytes())),
        }
    }
}

fn normalise(file: &str) -> String {
    let f = file.replace('\\', "/");
    f.strip_prefix("./").unwrap_or(&f).to_string()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// A set of accepted findings (a multiset: each entry silences one finding).
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: BTreeMap<Entry, usize>,
}

impl Baseline {
    /// Parses a baseline file's JSON text.
    pub fn parse(text: &str) -> Result<Baseline, serde_json::Error> {
        let file: File = serde_json::from_str(text)?;
        let mut entries = BTreeMap::new();
        for e in file.findings {
            *entries.entry(e).or_insert(0) += 1;
        }
        Ok(Baseline { entries })
    }

    /// The baseline JSON for `items` (sorted, pretty-printed).
    pub fn write<'a>(items: impl IntoIterator<Item = &'a Resolved>) -> String {
        let mut findings: Vec<Entry> = items
            .into_iter()
            .filter(|i| !i.load_error)
            .map(Entry::of)
            .collect();
        findings.sort();
        let file = File {
            version: 1,
            findings,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// True (and uses the entry up) when `item` is in the baseline.
    pub fn take(&mut self, item: &Resolved) -> bool {
        let key = Entry::of(item);
        match self.entries.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// True when `item` is in the baseline (without using the entry up).
    pub fn contains(&self, item: &Resolved) -> bool {
        self.entries.get(&Entry::of(item)).is_some_and(|n| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use pactum_spec::{SourceFile, Span};

    use super::*;
    use crate::report::Place;
    use crate::Severity;

    fn item(file: &Arc<SourceFile>, line_offset: usize, message: &str) -> Resolved {
        Resolved {
            rule: "operation-id-missing".into(),
            severity: Severity::Warning,
            message: message.into(),
            label: None,
            help: None,
            place: Place::in_file(
                file,
                Span::new(line_offset, line_offset + 1),
                "/paths/~1a/get",
            ),
            labels: vec![],
            via: vec![],
            load_error: false,
            base: None,
            revision: None,
        }
    }

    #[test]
    fn keyed_by_pointer_and_message_not_line_and_used_up_once() {
        let a = SourceFile::new("./api.yaml", "a\nb\nc\n".into());
        let b = SourceFile::new("api.yaml", "x\ny\nz\nw\n".into());
        let text = Baseline::write([&item(&a, 0, "m")]);
        assert!(text.contains("\"file\": \"api.yaml\""));
        let mut base = Baseline::parse(&text).unwrap();
        assert!(!base.contains(&item(&b, 4, "other message")));
        assert!(base.take(&item(&b, 4, "m")));
        assert!(
            !base.take(&item(&b, 4, "m")),
            "each entry silences one finding"
        );
    }
}
