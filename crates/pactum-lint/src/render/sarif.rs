//! SARIF 2.1.0 output for code scanning: every registered rule with its docs, and one result
//! per finding with a physical location. Deterministic: no timestamps, sorted input.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::display_path;
use crate::baseline::Entry;
use crate::finding::Severity;
use crate::registry::RULES;
use crate::report::{Place, Report};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a file name (percent-encoding what URIs do not allow).
fn uri(name: &str) -> String {
    let path = display_path(name);
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::from(prefix);
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn physical(p: &Place) -> Value {
    let mut loc = json!({ "artifactLocation": { "uri": uri(&p.file_name) } });
    if p.file.is_some() {
        loc["region"] = json!({
            "startLine": p.start.line,
            "startColumn": p.start.column,
            "endLine": p.end.line,
            "endColumn": p.end.column,
        });
    }
    loc
}

/// The first paragraph under `## What it does`.
fn what_it_does(docs: &str) -> String {
    let body = docs
        .split("## What it does")
        .nth(1)
        .unwrap_or(docs)
        .trim_start();
    body.split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report as a SARIF log.
pub fn to_value(report: &Report) -> Value {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let m = r.meta();
            let docs = m.docs();
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": what_it_does(&docs) },
                "help": { "text": docs, "markdown": docs },
                "helpUri": m.url(),
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": { "tags": [m.group.name()] },
            })
        })
        .collect();
    let load_codes: BTreeSet<&str> = report
        .items
        .iter()
        .filter(|i| i.load_error)
        .map(|i| i.rule.as_str())
        .collect();
    for code in load_codes {
        rules.push(json!({
            "id": code,
            "name": code,
            "shortDescription": { "text": "The contract could not be loaded" },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["load"] },
        }));
    }
    let results: Vec<Value> = report
        .items
        .iter()
        .map(|i| {
            let mut text = i.message.clone();
            if let Some(h) = &i.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut location = json!({ "physicalLocation": physical(&i.place) });
            if !i.place.pointer.is_empty() {
                location["logicalLocations"] = json!([{ "fullyQualifiedName": i.place.pointer }]);
            }
            let mut r = json!({
                "ruleId": i.rule,
                "level": level(i.severity),
                "message": { "text": text },
                "locations": [location],
            });
            if !i.load_error {
                let e = Entry::of(i);
                r["partialFingerprints"] =
                    json!({ "pactum/v1": format!("{}:{}:{}", e.rule, e.pointer, e.message_hash) });
            }
            let related: Vec<Value> = i
                .labels
                .iter()
                .map(|(p, t)| (p, t.as_str()))
                .chain(
                    i.via
                        .iter()
                        .take(super::json::MAX_VIA)
                        .map(|p| (p, "referenced from here")),
                )
                .enumerate()
                .map(|(n, (p, t))| {
                    json!({ "id": n, "physicalLocation": physical(p), "message": { "text": t } })
                })
                .collect();
            if !related.is_empty() {
                r["relatedLocations"] = Value::Array(related);
            }
            r
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pactum",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://pactum.dev",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// Renders the report.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    writeln!(out)
}
