//! Source files: their path, text and a line index for byte offset → line:column.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One loaded file's text, shared by the loader, errors and renderers.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (root) or as reached through `$ref` (joined to the
    /// referencing file's folder, lexically normalised).
    pub path: PathBuf,
    /// The file's text (UTF-8, without a BOM).
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<u32>,
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

impl SourceFile {
    /// A source file from its path and text.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<Self> {
        let mut line_starts = vec![0u32];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        Arc::new(SourceFile {
            path: path.into(),
            text,
            line_starts,
        })
    }

    /// The path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path as a display string.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() as u32 + 1;
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }
}

impl SourceFile {
    /// 0-based index of the line holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }
}

impl miette::SourceCode for SourceFile {
    /// Reads a snippet through the line index: only the lines around the span are scanned, so
    /// rendering a finding near the end of a 13 MB file costs the same as near its start.
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (offset, len) = (span.offset(), span.len());
        if offset + len > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // A window of whole lines around the span, with one spare line of context each side.
        let first_line = self
            .line_index(offset)
            .saturating_sub(context_lines_before + 1);
        let last_line =
            self.line_index((offset + len).min(self.text.len())) + context_lines_after + 2;
        let window_start = self.line_starts[first_line] as usize;
        let window_end = self
            .line_starts
            .get(last_line)
            .map_or(self.text.len(), |&s| s as usize);
        let window = &self.text[window_start..window_end];
        let inner_span = miette::SourceSpan::new((offset - window_start).into(), len);
        let inner = window.read_span(&inner_span, context_lines_before, context_lines_after)?;
        let data_offset = inner.span().offset() + window_start;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name(),
            inner.data(),
            miette::SourceSpan::new(data_offset.into(), inner.span().len()),
            inner.line() + first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A cheap handle to a [`SourceFile`] usable as miette source code.
#[derive(Debug, Clone)]
pub struct SharedSource(pub Arc<SourceFile>);

impl miette::SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        self.0.read_span(span, before, after)
    }
}
