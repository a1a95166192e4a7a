//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding,
//! which GitHub shows as annotations on the pull request.

use std::io::{self, Write};

use super::display_path;
use crate::finding::Severity;
use crate::report::Report;

/// Escapes a command's message (`%`, `\r`, `\n`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders the report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for i in &report.items {
        let command = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let p = &i.place;
        let mut message = i.message.clone();
        if let Some(h) = &i.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&display_path(&p.file_name)),
            p.start.line,
            p.start.column,
            p.end.line,
            p.end.column,
            escape_property(&i.rule),
            escape_data(&message),
        )?;
    }
    Ok(())
}
