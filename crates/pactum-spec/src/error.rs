//! Load errors: every problem the loader finds, each with a file and a span.

use std::fmt;
use std::sync::Arc;

use crate::source::{LineCol, SourceFile};
use crate::tree::Span;

/// What kind of problem a [`LoadError`] is. Each kind has a stable kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// The file is larger than the configured limit.
    TooLarge,
    /// The bytes are not UTF-8 (or are UTF-16/32).
    Encoding,
    /// JSON syntax error.
    JsonSyntax,
    /// YAML syntax error.
    YamlSyntax,
    /// Nesting deeper than the configured limit.
    TooDeep,
    /// YAML aliases expand to more nodes than allowed ("billion laughs").
    AliasLimit,
    /// A YAML feature pactum does not accept (e.g. several documents, complex keys, unknown alias).
    YamlUnsupported,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// No `openapi` field, or a version other than 3.0.x / 3.1.x.
    UnsupportedVersion,
    /// A node has the wrong JSON type.
    WrongType,
    /// A required field is missing.
    MissingField,
    /// A value is of the right type but not allowed (unknown `in`, bad status code, …).
    InvalidValue,
    /// A `$ref` that is not a valid reference string.
    RefInvalid,
    /// A `$ref` whose target does not exist.
    RefMissingTarget,
    /// A `$ref` to a file that cannot be read.
    RefFileNotFound,
    /// A chain of `$ref`s that never reaches content.
    RefCycle,
    /// A `$ref` to `http:`/`https:` (not allowed by default).
    RefRemote,
    /// A `$ref` to a file outside the root spec's folder (not allowed by default).
    RefOutsideRoot,
    /// More files reachable by `$ref` than the configured limit.
    TooManyFiles,
}

impl LoadErrorKind {
    /// The stable code shown in output (`rule` in JSON, miette code).
    pub fn code(self) -> &'static str {
        match self {
            LoadErrorKind::Io => "load-io",
            LoadErrorKind::TooLarge => "load-too-large",
            LoadErrorKind::Encoding => "load-encoding",
            LoadErrorKind::JsonSyntax => "load-json-syntax",
            LoadErrorKind::YamlSyntax => "load-yaml-syntax",
            LoadErrorKind::TooDeep => "load-too-deep",
            LoadErrorKind::AliasLimit => "load-alias-limit",
            LoadErrorKind::YamlUnsupported => "load-yaml-unsupported",
            LoadErrorKind::DuplicateKey => "load-duplicate-key",
            LoadErrorKind::UnsupportedVersion => "load-unsupported-version",
            LoadErrorKind::WrongType => "load-wrong-type",
            LoadErrorKind::MissingField => "load-missing-field",
            LoadErrorKind::InvalidValue => "load-invalid-value",
            LoadErrorKind::RefInvalid => "load-ref-invalid",
            LoadErrorKind::RefMissingTarget => "load-ref-missing-target",
            LoadErrorKind::RefFileNotFound => "load-ref-file-not-found",
            LoadErrorKind::RefCycle => "load-ref-cycle",
            LoadErrorKind::RefRemote => "load-ref-remote",
            LoadErrorKind::RefOutsideRoot => "load-ref-outside-root",
            LoadErrorKind::TooManyFiles => "load-too-many-files",
        }
    }
}

/// A secondary location attached to an error (e.g. the other links of a `$ref` cycle).
/// In the same file it is drawn as an extra label; in another file as its own snippet.
#[derive(Debug, Clone)]
pub struct RelatedLabel {
    /// The file the label is in.
    pub source: Arc<SourceFile>,
    /// Where.
    pub span: Span,
    /// What it says.
    pub label: String,
}

impl fmt::Display for RelatedLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl std::error::Error for RelatedLabel {}

impl miette::Diagnostic for RelatedLabel {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source.as_ref())
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span),
        )))
    }
}

/// One problem found while loading a contract.
#[derive(Debug, Clone)]
pub struct LoadError {
    /// What kind of problem.
    pub kind: LoadErrorKind,
    /// The one-sentence message.
    pub message: String,
    /// The file the problem is in (none for an unreadable root path).
    pub source: Option<Arc<SourceFile>>,
    /// The path when there is no source (unreadable file).
    pub path: Option<std::path::PathBuf>,
    /// The exact token or node at fault.
    pub span: Span,
    /// The text under the span.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Further labelled places (other files allowed).
    pub related: Vec<RelatedLabel>,
}

impl LoadError {
    /// An error at `span` in `source`.
    pub fn new(
        kind: LoadErrorKind,
        source: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        LoadError {
            kind,
            message: message.into(),
            source: Some(source.clone()),
            path: Some(source.path.clone()),
            span,
            label: label.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// An error about a file that has no text (unreadable, too large, …).
    pub fn without_source(
        kind: LoadErrorKind,
        path: impl Into<std::path::PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        LoadError {
            kind,
            message: message.into(),
            source: None,
            path: Some(path.into()),
            span: Span::default(),
            label: String::new(),
            help: None,
            related: Vec::new(),
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related label.
    pub fn with_related(
        mut self,
        source: &Arc<SourceFile>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(RelatedLabel {
            source: source.clone(),
            span,
            label: label.into(),
        });
        self
    }

    /// The file name to show (as given by the user or reached through `$ref`).
    pub fn file_name(&self) -> String {
        match (&self.source, &self.path) {
            (Some(s), _) => s.name(),
            (None, Some(p)) => p.display().to_string(),
            (None, None) => String::from("<input>"),
        }
    }

    /// 1-based line and column of the error's start (1:1 when there is no source).
    pub fn line_col(&self) -> LineCol {
        match &self.source {
            Some(s) => s.line_col(self.span.start),
            None => LineCol { line: 1, column: 1 },
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

impl miette::Diagnostic for LoadError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|s| s.as_ref() as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let own = std::iter::once(miette::LabeledSpan::new_primary_with_span(
            Some(self.label.clone()),
            self.span,
        ));
        // Related labels in the same file are shown inline; others become related diagnostics.
        let same = self
            .related
            .iter()
            .filter(|r| self.same_file(r))
            .map(|r| miette::LabeledSpan::new_with_span(Some(r.label.clone()), r.span));
        Some(Box::new(own.chain(same)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        let foreign = self
            .related
            .iter()
            .filter(move |r| !self.same_file(r))
            .map(|r| r as &dyn miette::Diagnostic);
        Some(Box::new(foreign))
    }
}

impl LoadError {
    fn same_file(&self, r: &RelatedLabel) -> bool {
        self.source
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, &r.source))
    }
}
