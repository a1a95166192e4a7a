//! JUnit XML: one `<testsuite>` per file, one `<testcase>` per finding (a `<failure>` when at or
//! above the fail level), and one passing test case for a file without findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{display_path, RenderOptions};
use crate::report::{Report, Resolved};

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the report.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut files: BTreeMap<String, Vec<&Resolved>> = report
        .files
        .iter()
        .map(|f| (display_path(f), Vec::new()))
        .collect();
    for i in &report.items {
        files
            .entry(display_path(&i.place.file_name))
            .or_default()
            .push(i);
    }
    let failing = |i: &Resolved| i.load_error || options.fail_on.fails(i.severity);
    let tests: usize = files.values().map(|v| v.len().max(1)).sum();
    let failures = report.items.iter().filter(|i| failing(i)).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="pactum lint" tests="{tests}" failures="{failures}">"#
    )?;
    for (file, items) in &files {
        let f = xml(file);
        let fails = items.iter().filter(|i| failing(i)).count();
        writeln!(
            out,
            r#"  <testsuite name="{f}" tests="{}" failures="{fails}">"#,
            items.len().max(1)
        )?;
        if items.is_empty() {
            writeln!(out, r#"    <testcase name="pactum lint" classname="{f}"/>"#)?;
        }
        for i in items {
            let p = &i.place;
            let name = xml(&format!(
                "{} at {}:{}",
                i.rule, p.start.line, p.start.column
            ));
            if failing(i) {
                writeln!(out, r#"    <testcase name="{name}" classname="{f}">"#)?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}:{}:{}: {}: {}</failure>"#,
                    xml(&i.message),
                    xml(&i.rule),
                    f,
                    p.start.line,
                    p.start.column,
                    i.severity,
                    xml(&i.message)
                )?;
                writeln!(out, "    </testcase>")?;
            } else {
                writeln!(out, r#"    <testcase name="{name}" classname="{f}">"#)?;
                writeln!(
                    out,
                    "      <system-out>{}: {}</system-out>",
                    i.severity,
                    xml(&i.message)
                )?;
                writeln!(out, "    </testcase>")?;
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
