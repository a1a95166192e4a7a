//! The `pactum` command.
//!
//! Exit codes (every command): 0 = nothing at or above the fail level, 1 = findings at or above
//! it, 2 = could not run (bad input, unreadable file, bad configuration, usage error).
//! All output goes to stdout; diagnostics about the run itself (bad config, unknown rule id)
//! go to stderr.

mod diff;
mod discover;
mod gen;
mod lint;
mod rules;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use pactum_lint::{FailOn, Format};

/// The loader and the engines build and drop millions of small nodes, strings and vectors;
/// mimalloc does that work in about a third of the time the system allocator takes
/// (BENCHMARKS.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Lint, diff and generate code from OpenAPI contracts.
#[derive(Debug, Parser)]
#[command(name = "pactum", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint OpenAPI contracts (files, directories or globs; default `specs/`).
    Lint(LintArgs),
    /// Compare two versions of a contract and classify every change (breaking, possibly
    /// breaking, safe).
    Diff(DiffArgs),
    /// List every rule and diff check: id, group or tags, default severity, summary.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Generate Rust code (types, validation, axum server, reqwest client, webhook receiver and sender) from a contract.
    Gen(gen::GenArgs),
}

/// Arguments of `pactum lint`.
#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Files, directories (walked for `*.yaml|*.yml|*.json` with a top-level `openapi:`) or
    /// globs.
    #[arg(value_name = "PATH|GLOB")]
    paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Exit 1 when a finding is at or above this level [default: `fail-on` from pactum.toml,
    /// else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,
    /// Configuration file [default: pactum.toml in the current directory or an ancestor].
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Suppress the findings listed in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the current findings to this baseline file (the run then exits 0 unless a file
    /// failed to load).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Allow `$ref`s to files outside the root spec's folder.
    #[arg(long)]
    allow_external_refs: bool,
    /// Run only these rules or groups (comma-separated; replaces `select` from pactum.toml).
    #[arg(long, value_delimiter = ',', value_name = "RULE|GROUP")]
    select: Vec<String>,
    /// Skip these rules or groups (comma-separated; added to `ignore` from pactum.toml).
    #[arg(long, value_delimiter = ',', value_name = "RULE|GROUP")]
    ignore: Vec<String>,
}

/// Arguments of `pactum diff`.
#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// BASE and REVISION: each a file or a git revision and path (`main:specs/pets.yaml`).
    #[arg(value_name = "BASE REVISION", num_args = 0..=2)]
    sides: Vec<String>,
    /// Compare each consecutive pair of the versions in this folder (ordered by the semver
    /// of `info.version`, then file name).
    #[arg(long, value_name = "DIR", conflicts_with = "sides")]
    series: Option<PathBuf>,
    /// Output format (`markdown` is a changelog grouped by operation).
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Exit 1 when a finding is at or above this level [default: `fail-on` from `[diff]` in
    /// pactum.toml, else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,
    /// Configuration file [default: pactum.toml in the current directory or an ancestor].
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Policy profile: `wire` (JSON on the wire) or `sdk` (generated client source)
    /// [default: `profile` from `[diff]`, else wire].
    #[arg(long, value_name = "PROFILE")]
    profile: Option<String>,
    /// Allow `$ref`s to files outside the root spec's folder.
    #[arg(long)]
    allow_external_refs: bool,
}

/// Arguments of `pactum rules`.
#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

/// Arguments of `pactum explain`.
#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// The rule id (as shown by `pactum rules`).
    rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Junit => Format::Junit,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> FailOn {
        match f {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Rules(args) => rules::list(args.format),
        Command::Explain(args) => rules::explain(&args.rule),
        Command::Gen(args) => gen::run(args),
    };
    ExitCode::from(code)
}

/// True when human output on stdout should be coloured (a terminal, `NO_COLOR` unset).
fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !no_color && !dumb && io::stdout().is_terminal()
}

/// Prints a miette diagnostic about the run itself to stderr.
fn eprint_diagnostic(d: &dyn miette::Diagnostic) {
    let color = {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        !no_color && io::stderr().is_terminal()
    };
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut text, d).is_err() {
        text = format!("error: {d}\n");
    }
    let _ = io::stderr().write_all(text.as_bytes());
}

/// Writes `bytes` to stdout; a closed pipe is not an error, other failures exit 2.
fn write_stdout(bytes: &[u8]) -> Result<(), u8> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            Err(2)
        }
    }
}
