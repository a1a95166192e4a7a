//! The engine: runs the selected rules over a spec, resolves pointers to places, merges
//! findings on the same place, and applies suppressions.

use std::collections::{HashMap, HashSet};

use pactum_spec::Spec;
use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::config::{Config, PathIgnore};
use crate::finding::{Finding, Severity};
use crate::registry::{self, RULES};
use crate::report::{Place, Report, Resolved};
use crate::rule::{Context, Rule, Sink};
use crate::suppress::ignored_along;

/// Runs rules according to a [`Config`].
#[derive(Debug, Clone)]
pub struct Linter {
    rules: Vec<(&'static dyn Rule, Severity)>,
    per_path_ignores: Vec<PathIgnore>,
}

impl std::fmt::Debug for dyn Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta().id)
    }
}

impl Linter {
    /// A linter running the rules `config` selects, at their configured severities.
    pub fn new(config: &Config) -> Linter {
        let rules = RULES
            .iter()
            .filter_map(|r| config.severity_of(*r).map(|s| (*r, s)))
            .collect();
        Linter {
            rules,
            per_path_ignores: config.per_path_ignores.clone(),
        }
    }

    /// The rules that will run, with their severities.
    pub fn rules(&self) -> &[(&'static dyn Rule, Severity)] {
        &self.rules
    }

    /// Runs every selected rule (in parallel) and returns the raw findings in registry order.
    /// Pure: no I/O.
    pub fn check(&self, spec: &Spec) -> Vec<Finding> {
        let cx = Context::new(spec);
        let per_rule: Vec<Vec<Finding>> = self
            .rules
            .par_iter()
            .map(|(rule, severity)| {
                let mut sink = Sink::new(rule.meta().id, *severity);
                rule.check(&cx, &mut sink);
                sink.into_findings()
            })
            .collect();
        per_rule.into_iter().flatten().collect()
    }

    /// Lints one loaded spec: checks, resolves, merges and applies inline suppressions and
    /// per-path ignores. (The baseline is applied over the whole run: [`apply_baseline`].)
    pub fn lint(&self, spec: &Spec) -> Report {
        let findings = self.check(spec);
        let root = spec.source_map.root_file().name();
        let mut merged: Vec<Merged> = Vec::new();
        let mut by_place: HashMap<(&'static str, String, u32, u32), usize> = HashMap::new();
        for f in findings {
            let place = Place::locate(&spec.source_map, &f.pointer, f.at_key);
            let key = (
                f.rule,
                place.file_name.clone(),
                place.span.start,
                place.span.end,
            );
            match by_place.get(&key) {
                Some(&i) => merged[i].absorb(f),
                None => {
                    by_place.insert(key, merged.len());
                    merged.push(Merged {
                        pointers: vec![f.pointer.clone()],
                        seen_via: f.via.iter().cloned().collect(),
                        finding: f,
                        place,
                    });
                }
            }
        }
        let mut report = Report {
            files: vec![root.clone()],
            ..Report::default()
        };
        // The same `$ref` usages are listed by many findings (every finding inside a shared
        // component): locate each usage once.
        let mut located: HashMap<String, Place> = HashMap::new();
        for m in merged {
            let suppressed = self.suppressed(spec, &root, &m);
            let resolved = m.resolve(spec, &mut located);
            if suppressed {
                report.suppressed.push(resolved);
            } else {
                report.items.push(resolved);
            }
        }
        report.sort();
        report
    }

    fn suppressed(&self, spec: &Spec, root: &str, m: &Merged) -> bool {
        let rule = match registry::find(m.finding.rule) {
            Some(r) => r,
            None => return false,
        };
        let inline = |pointer: &str| {
            ignored_along(spec, pointer)
                .iter()
                .any(|name| registry::selects(name, rule))
        };
        // Silenced at the node itself, or at every place that uses it.
        let at_node = m.pointers.iter().any(|p| inline(p));
        let at_all_uses = !m.finding.via.is_empty() && m.finding.via.iter().all(|p| inline(p));
        if at_node || at_all_uses {
            return true;
        }
        let files = [root, m.place.file_name.as_str()];
        let mut pointers: Vec<&str> = m.pointers.iter().map(String::as_str).collect();
        pointers.push(&m.place.pointer);
        self.per_path_ignores.iter().any(|ig| {
            ig.matches(rule, &files, &pointers)
                || (!m.finding.via.is_empty()
                    && m.finding
                        .via
                        .iter()
                        .all(|v| ig.matches(rule, &files, &[v.as_str()])))
        })
    }
}

/// Moves findings that are in `baseline` from `report.items` to `report.baselined`.
pub fn apply_baseline(report: &mut Report, mut baseline: Baseline) {
    let items = std::mem::take(&mut report.items);
    for item in items {
        if !item.load_error && baseline.take(&item) {
            report.baselined.push(item);
        } else {
            report.items.push(item);
        }
    }
    report.sort();
}

/// Findings of one rule at one place, merged.
struct Merged {
    finding: Finding,
    place: Place,
    pointers: Vec<String>,
    /// The pointers already in `finding.via` (for O(1) de-duplication).
    seen_via: HashSet<String>,
}

impl Merged {
    fn absorb(&mut self, f: Finding) {
        if f.severity > self.finding.severity {
            self.finding.severity = f.severity;
            self.finding.message = f.message;
            self.finding.label = f.label;
            self.finding.help = f.help;
        }
        if !self.pointers.contains(&f.pointer) {
            self.pointers.push(f.pointer);
        }
        for v in f.via {
            if self.seen_via.insert(v.clone()) {
                self.finding.via.push(v);
            }
        }
        for l in f.labels {
            if !self.finding.labels.contains(&l) {
                self.finding.labels.push(l);
            }
        }
    }

    fn resolve(self, spec: &Spec, located: &mut HashMap<String, Place>) -> Resolved {
        let map = &spec.source_map;
        let mut via: Vec<Place> = Vec::with_capacity(self.finding.via.len());
        let mut places: HashSet<(String, u32, u32)> = HashSet::new();
        for v in &self.finding.via {
            let p = located
                .entry(v.clone())
                .or_insert_with(|| Place::locate(map, v, false));
            if places.insert((p.file_name.clone(), p.span.start, p.span.end)) {
                via.push(p.clone());
            }
        }
        via.sort_by(|a, b| (&a.file_name, a.start).cmp(&(&b.file_name, b.start)));
        Resolved {
            rule: self.finding.rule.to_string(),
            severity: self.finding.severity,
            message: self.finding.message,
            label: self.finding.label,
            help: self.finding.help,
            place: self.place,
            labels: self
                .finding
                .labels
                .into_iter()
                .map(|l| (Place::locate(map, &l.pointer, l.at_key), l.text))
                .collect(),
            via,
            load_error: false,
            base: None,
            revision: None,
        }
    }
}
