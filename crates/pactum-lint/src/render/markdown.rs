//! A Markdown summary for CI job pages (`$GITHUB_STEP_SUMMARY`): counts, then a table of
//! findings (capped, so huge reports stay within the page limit).

use std::io::{self, Write};

use super::display_path;
use crate::report::Report;

/// Most findings listed in the table.
pub const MAX_ROWS: usize = 500;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Renders the report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    writeln!(out, "## pactum lint\n")?;
    writeln!(out, "| | count |\n| --- | ---: |")?;
    writeln!(out, "| files | {} |", report.files.len())?;
    writeln!(out, "| errors | {} |", s.errors)?;
    writeln!(out, "| warnings | {} |", s.warnings)?;
    writeln!(out, "| infos | {} |", s.infos)?;
    writeln!(out, "| suppressed | {} |", s.suppressed)?;
    if report.items.is_empty() {
        return writeln!(out, "\nNo findings.");
    }
    writeln!(
        out,
        "\n| severity | rule | location | message |\n| --- | --- | --- | --- |"
    )?;
    for i in report.items.iter().take(MAX_ROWS) {
        let p = &i.place;
        writeln!(
            out,
            "| {} | `{}` | `{}:{}:{}` | {} |",
            i.severity,
            cell(&i.rule),
            cell(&display_path(&p.file_name)),
            p.start.line,
            p.start.column,
            cell(&i.message)
        )?;
    }
    if report.items.len() > MAX_ROWS {
        writeln!(out, "\n…and {} more.", report.items.len() - MAX_ROWS)?;
    }
    Ok(())
}
