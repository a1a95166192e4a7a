//! Human output: miette's graphical diagnostics, one per finding, then a summary line.
//!
//! The code is the rule id with its doc URL; the primary label sits at the exact span; labels
//! and `$ref` usages in the same file are extra labels, those in other files are related
//! diagnostics ("referenced from").

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::{plural, RenderOptions};
use crate::finding::Severity;
use crate::report::{Place, Report, Resolved};
use crate::rule::rule_url;
use pactum_spec::SourceFile;

/// How many `$ref` usages are drawn; the rest are counted in the help.
const MAX_VIA: usize = 5;

/// Renders the report.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(options.width.unwrap_or(100))
        .with_show_related_as_nested(true);
    for item in &report.items {
        let mut text = String::new();
        if handler.render_report(&mut text, &Human::new(item)).is_err() {
            // The snippet could not be drawn (e.g. a span outside the text): say it plainly.
            let p = &item.place;
            text = format!(
                "{}:{}:{}: {}[{}]: {}\n",
                p.file_name, p.start.line, p.start.column, item.severity, item.rule, item.message
            );
        }
        out.write_all(text.as_bytes())?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(report))
}

/// "2 errors, 1 warning, 0 infos (3 suppressed) in 4 files".
pub fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let files = plural(report.files.len(), "file");
    if report.items.is_empty() {
        let sup = if s.suppressed > 0 {
            format!(" ({} suppressed)", s.suppressed)
        } else {
            String::new()
        };
        return format!("No findings in {files}{sup}.");
    }
    format!(
        "{}, {}, {} ({} suppressed) in {files}.",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        s.suppressed
    )
}

struct Human<'a> {
    item: &'a Resolved,
    source: Option<&'a SourceFile>,
    help: Option<String>,
    related: Vec<Note<'a>>,
}

impl<'a> Human<'a> {
    fn new(item: &'a Resolved) -> Self {
        let mut related = Vec::new();
        // Extra labels and usages are separate snippets after the finding's own, so the first
        // file:line:col shown is always the finding's.
        for (place, text) in &item.labels {
            related.push(Note {
                place,
                source: place.file.as_deref(),
                text: text.clone(),
            });
        }
        // Usages are separate snippets even in the same file: they are usually far away.
        for place in item.via.iter().take(MAX_VIA) {
            related.push(Note {
                place,
                source: place.file.as_deref(),
                text: "referenced from here".to_string(),
            });
        }
        let mut help = item.help.clone();
        if item.via.len() > MAX_VIA {
            let more = format!(
                "referenced from {} places; the first {MAX_VIA} are shown",
                item.via.len()
            );
            help = Some(match help {
                Some(h) => format!("{h}\n{more}"),
                None => more,
            });
        }
        Human {
            item,
            source: item.place.file.as_deref(),
            help,
            related,
        }
    }
}

impl fmt::Debug for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item.message)
    }
}

impl fmt::Display for Human<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item.place.file.is_none() {
            write!(f, "{}: {}", self.item.place.file_name, self.item.message)
        } else {
            f.write_str(&self.item.message)
        }
    }
}

impl std::error::Error for Human<'_> {}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl Diagnostic for Human<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.item.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(severity(self.item.severity))
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.item.load_error)
            .then(|| Box::new(rule_url(&self.item.rule)) as Box<dyn fmt::Display>)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.item.place.file.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(self.item.label.clone(), self.item.place.span),
        )))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|n| n as &dyn Diagnostic)))
    }
}

/// A related place in another file.
struct Note<'a> {
    place: &'a Place,
    source: Option<&'a SourceFile>,
    text: String,
}

impl fmt::Debug for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Note<'_> {}

impl Diagnostic for Note<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.place.file.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, self.place.span),
        )))
    }
}
