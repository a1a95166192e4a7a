//! Resolved findings: places in files, ready for the renderers.

use std::sync::Arc;

use pactum_spec::{LineCol, LoadError, SourceFile, SourceMap, Span};

use crate::finding::{FailOn, Severity};

/// A place in a source file.
#[derive(Debug, Clone)]
pub struct Place {
    /// The file (none when it could not be read).
    pub file: Option<Arc<SourceFile>>,
    /// The file's name as given (or as reached through `$ref`).
    pub file_name: String,
    /// JSON pointer inside that file (may be empty for load errors).
    pub pointer: String,
    /// Byte span.
    pub span: Span,
    /// Line and column of the span's start.
    pub start: LineCol,
    /// Line and column of the span's end.
    pub end: LineCol,
}

impl Place {
    /// The place of a model pointer, through the source map (the member's key with `at_key`).
    pub fn locate(map: &SourceMap, pointer: &str, at_key: bool) -> Place {
        let loc = if at_key {
            map.locate_key(pointer)
        } else {
            map.locate(pointer)
        };
        Place {
            file_name: loc.file.name(),
            pointer: loc.pointer,
            span: loc.span,
            start: loc.line_col,
            end: loc.file.line_col(loc.span.end),
            file: Some(loc.file),
        }
    }

    /// A place at `span` of `file`.
    pub fn in_file(file: &Arc<SourceFile>, span: Span, pointer: impl Into<String>) -> Place {
        Place {
            file: Some(file.clone()),
            file_name: file.name(),
            pointer: pointer.into(),
            span,
            start: file.line_col(span.start),
            end: file.line_col(span.end),
        }
    }
}

/// A finding (or load error) resolved to places.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Rule id, or the load error's code.
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// Text under the primary span.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Where.
    pub place: Place,
    /// Extra labelled places.
    pub labels: Vec<(Place, String)>,
    /// Where the node is referenced from (`$ref` usages), deduplicated.
    pub via: Vec<Place>,
    /// True for a load error rather than a rule finding.
    pub load_error: bool,
    /// Diff findings: where the element was in the base version (`None` for lint findings
    /// and for additions).
    pub base: Option<Place>,
    /// Diff findings: where the element is in the revision (`None` for lint findings and for
    /// removals).
    pub revision: Option<Place>,
}

impl Resolved {
    /// A load error as a finding (rule = the error's code, severity error).
    pub fn from_load_error(e: &LoadError) -> Resolved {
        let place = match &e.source {
            Some(src) => Place::in_file(src, e.span, ""),
            None => Place {
                file: None,
                file_name: e.file_name(),
                pointer: String::new(),
                span: Span::default(),
                start: LineCol { line: 1, column: 1 },
                end: LineCol { line: 1, column: 1 },
            },
        };
        Resolved {
            rule: e.kind.code().to_string(),
            severity: Severity::Error,
            message: e.message.clone(),
            label: (!e.label.is_empty()).then(|| e.label.clone()),
            help: e.help.clone(),
            place,
            labels: e
                .related
                .iter()
                .map(|r| (Place::in_file(&r.source, r.span, ""), r.label.clone()))
                .collect(),
            via: Vec::new(),
            load_error: true,
            base: None,
            revision: None,
        }
    }

    /// The sort key: file, line, column, rule, message.
    fn key(&self) -> (&str, LineCol, &str, &str) {
        (
            &self.place.file_name,
            self.place.start,
            &self.rule,
            &self.message,
        )
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Findings at `error` (load errors included).
    pub errors: usize,
    /// Findings at `warning`.
    pub warnings: usize,
    /// Findings at `info`.
    pub infos: usize,
    /// Findings silenced by inline suppressions, per-path ignores or the baseline.
    pub suppressed: usize,
}

/// The result of a lint run over one or more files.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Reported findings and load errors, sorted.
    pub items: Vec<Resolved>,
    /// Findings silenced inline (`x-pactum-ignore`) or by a per-path ignore, sorted.
    pub suppressed: Vec<Resolved>,
    /// Findings silenced by the baseline, sorted (kept for `--write-baseline`).
    pub baselined: Vec<Resolved>,
    /// Every file linted (root files as given), sorted.
    pub files: Vec<String>,
}

impl Report {
    /// Adds another report (e.g. one file's).
    pub fn merge(&mut self, other: Report) {
        self.items.extend(other.items);
        self.suppressed.extend(other.suppressed);
        self.baselined.extend(other.baselined);
        self.files.extend(other.files);
    }

    /// Sorts everything into the deterministic output order (file, line, column, rule).
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.key().cmp(&b.key()));
        self.suppressed.sort_by(|a, b| a.key().cmp(&b.key()));
        self.baselined.sort_by(|a, b| a.key().cmp(&b.key()));
        self.files.sort();
        self.files.dedup();
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            suppressed: self.suppressed.len() + self.baselined.len(),
            ..Summary::default()
        };
        for item in &self.items {
            match item.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// True when any file failed to load.
    pub fn has_load_errors(&self) -> bool {
        self.items.iter().any(|i| i.load_error)
    }

    /// The exit code: 2 when a file failed to load, 1 when a finding is at or above
    /// `fail_on`, else 0.
    pub fn exit_code(&self, fail_on: FailOn) -> i32 {
        if self.has_load_errors() {
            2
        } else if self.items.iter().any(|i| fail_on.fails(i.severity)) {
            1
        } else {
            0
        }
    }
}
