//! `pactum diff --format markdown`: a changelog grouped by operation.

use std::collections::BTreeMap;
use std::io::{self, Write};

use pactum_lint::{Report, Severity};

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "breaking",
        Severity::Warning => "may break",
        Severity::Info => "safe",
    }
}

/// Renders `report` as a Markdown changelog. `groups[i]` is the operation of `report.items[i]`
/// (`None`: API-wide changes).
pub fn render(report: &Report, groups: &[Option<String>], out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    writeln!(out, "## API changes\n")?;
    writeln!(
        out,
        "{} breaking, {} possibly breaking, {} safe ({} suppressed).",
        s.errors, s.warnings, s.infos, s.suppressed
    )?;
    if report.items.is_empty() {
        return writeln!(out, "\nNo changes.");
    }
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate().take(report.items.len()) {
        let key = g.clone().unwrap_or_else(|| "API-wide".to_string());
        by_group.entry(key).or_default().push(i);
    }
    for (group, mut idx) in by_group {
        writeln!(out, "\n### {group}\n")?;
        idx.sort_by_key(|&i| std::cmp::Reverse(report.items[i].severity));
        for i in idx {
            let item = &report.items[i];
            writeln!(
                out,
                "- **{}** {} (`{}`)",
                heading(item.severity),
                item.message.replace(['\n', '\r'], " "),
                item.rule
            )?;
        }
    }
    Ok(())
}
