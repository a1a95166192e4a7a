//! Output formats. Each module turns a [`Report`] into one format; nothing else in pactum
//! knows about formats.

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::finding::FailOn;
use crate::report::Report;

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// miette's graphical diagnostics.
    #[default]
    Human,
    /// The JSON shape of DESIGN.md.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// JUnit XML.
    Junit,
    /// A Markdown summary (for `$GITHUB_STEP_SUMMARY`).
    Markdown,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Markdown,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown format `{s}`"))
    }
}

/// What renderers need besides the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use colour (human output only).
    pub color: bool,
    /// The fail level (JUnit marks findings at or above it as failures).
    pub fail_on: FailOn,
    /// Terminal width for human output (default 100).
    pub width: Option<usize>,
}

/// Renders `report` in `format` to `out`.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, options, out),
        Format::Markdown => markdown::render(report, out),
    }
}

/// A file name as a forward-slash relative path (no leading `./`).
pub(crate) fn display_path(name: &str) -> String {
    let f = name.replace('\\', "/");
    f.strip_prefix("./").unwrap_or(&f).to_string()
}

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
