//! `pactum rules` and `pactum explain`.

use pactum_lint::rule::rule_url;
use pactum_lint::{registry, RULES};
use serde_json::json;

use crate::{write_stdout, ListFormat};

/// Lists every rule.
pub fn list(format: ListFormat) -> u8 {
    let text = match format {
        ListFormat::Json => {
            let mut rules: Vec<_> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    json!({
                        "id": m.id,
                        "group": m.group.name(),
                        "severity": m.default_severity.as_str(),
                        "summary": m.summary,
                        "url": m.url(),
                    })
                })
                .collect();
            rules.extend(pactum_diff::checks().iter().map(|c| {
                json!({
                    "id": c.id,
                    "group": "diff",
                    "tags": c.tags(),
                    "severity": c.severity.as_str(),
                    "summary": c.summary,
                    "url": rule_url(&c.id),
                })
            }));
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        ListFormat::Table => {
            let mut rows: Vec<[String; 4]> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    [
                        m.id.to_string(),
                        m.group.name().to_string(),
                        m.default_severity.as_str().to_string(),
                        m.summary.to_string(),
                    ]
                })
                .collect();
            rows.extend(pactum_diff::checks().iter().map(|c| {
                [
                    c.id.clone(),
                    format!("diff:{}", c.tags().join("/")),
                    c.severity.as_str().to_string(),
                    c.summary.clone(),
                ]
            }));
            let header = ["RULE", "GROUP", "SEVERITY", "SUMMARY"].map(String::from);
            let mut widths = [0usize; 3];
            for row in std::iter::once(&header).chain(&rows) {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            let mut out = String::new();
            for row in std::iter::once(&header).chain(&rows) {
                out.push_str(&format!(
                    "{:w0$}  {:w1$}  {:w2$}  {}\n",
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    w0 = widths[0],
                    w1 = widths[1],
                    w2 = widths[2]
                ));
            }
            out
        }
    };
    match write_stdout(text.as_bytes()) {
        Ok(()) => 0,
        Err(code) => code,
    }
}

/// Prints one rule's documentation; an unknown id exits 2 with a suggestion.
pub fn explain(id: &str) -> u8 {
    if registry::find(id).is_none() {
        if let Some(c) = pactum_diff::find(id) {
            let text = format!(
                "# {} (diff: {}, default severity: {})\n\n{}\n{}\n",
                c.id,
                c.tags().join(", "),
                c.severity,
                c.docs().trim_end(),
                rule_url(&c.id)
            );
            return match write_stdout(text.as_bytes()) {
                Ok(()) => 0,
                Err(code) => code,
            };
        }
    }
    let Some(rule) = registry::find(id) else {
        eprintln!("error: unknown rule `{id}`");
        match registry::suggest(id) {
            Some(s) => eprintln!("help: did you mean `{s}`? (`pactum rules` lists every rule)"),
            None => eprintln!("help: `pactum rules` lists every rule"),
        }
        return 2;
    };
    let m = rule.meta();
    let text = format!(
        "# {} ({}, default severity: {})\n\n{}\n\n{}\n",
        m.id,
        m.group,
        m.default_severity,
        m.docs().trim_end(),
        m.url()
    );
    match write_stdout(text.as_bytes()) {
        Ok(()) => 0,
        Err(code) => code,
    }
}
