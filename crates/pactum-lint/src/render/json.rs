//! JSON output: the shape of DESIGN.md, plus `via` (the `$ref` usages, at most [`MAX_VIA`], with
//! `via_total` when there are more) when there are any and `suppressed` in the summary; diff
//! findings add `base` and `revision` locations.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::report::{Place, Report};

/// The most `$ref` usages listed per finding in machine output (JSON, SARIF). A finding in a
/// component used thousands of times (github-api's `simple-user`) would otherwise repeat every
/// usage; `via_total` keeps the count.
pub const MAX_VIA: usize = 20;

/// The location object of a place.
pub fn location(p: &Place) -> Value {
    json!({
        "file": p.file_name,
        "pointer": p.pointer,
        "line": p.start.line,
        "column": p.start.column,
    })
}

/// The report as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .items
        .iter()
        .map(|i| {
            let mut f = json!({
                "rule": i.rule,
                "severity": i.severity.as_str(),
                "message": i.message,
                "location": location(&i.place),
            });
            if let Some(b) = &i.base {
                f["base"] = location(b);
            }
            if let Some(r) = &i.revision {
                f["revision"] = location(r);
            }
            if !i.via.is_empty() {
                f["via"] = Value::Array(i.via.iter().take(MAX_VIA).map(location).collect());
                if i.via.len() > MAX_VIA {
                    f["via_total"] = i.via.len().into();
                }
            }
            f
        })
        .collect();
    let s = report.summary();
    json!({
        "findings": findings,
        "summary": {
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "suppressed": s.suppressed,
        },
    })
}

/// Renders the report (one pretty-printed object and a newline).
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}
