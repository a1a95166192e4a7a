//! `pactum-diff`: breaking-change detection between two versions of a contract.
//!
//! ```text
//! (base Spec, revision Spec) ─engine (matcher + schema walk)─▶ Change{check, base ptr, rev ptr}
//!   ─policy (profile, [diff] config, versioning)─▶ severities
//!   ─resolve (both SourceMaps, suppressions)─▶ pactum_lint::Report (shared renderers)
//! ```
//!
//! The finding model, configuration, suppressions and renderers are `pactum-lint`'s; this
//! crate adds the matcher, the check table ([`checks`]) and the version policy ([`version`]).

pub mod changelog;
pub mod checks;
pub mod engine;
pub mod examples;
pub mod facets;
pub mod lifecycle;
pub mod version;

use pactum_lint::config::DiffConfig;
use pactum_lint::suppress::ignored_along;
use pactum_lint::{Place, Report, Resolved, Severity};
use pactum_spec::Spec;

pub use checks::{checks, find, Check, Profile};
pub use engine::{parse_date, Change, Date};

/// Everything a diff run needs besides the two specs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The policy profile.
    pub profile: Profile,
    /// Today, for sunset dates.
    pub today: Date,
    /// The `[diff]` section of `pactum.toml`.
    pub config: DiffConfig,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: Profile::Wire,
            today: today(),
            config: DiffConfig::default(),
        }
    }
}

impl Settings {
    /// Settings from the `[diff]` section. Unknown check ids or tags are an error message.
    pub fn from_config(config: &DiffConfig) -> Result<Settings, String> {
        for name in config
            .ignore
            .iter()
            .chain(config.severity.keys())
            .chain(config.per_path_ignores.iter().flat_map(|i| i.rules.iter()))
        {
            if !checks().iter().any(|c| c.answers_to(name)) {
                return Err(format!("unknown diff check or tag `{name}` in [diff]"));
            }
        }
        Ok(Settings {
            profile: config
                .profile
                .as_deref()
                .and_then(Profile::from_name)
                .unwrap_or_default(),
            today: today(),
            config: config.clone(),
        })
    }
}

/// Today's civil date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil((secs / 86_400) as i64)
}

/// The civil date (UTC) of a Unix time in seconds.
pub fn date_of_unix(secs: i64) -> Date {
    civil(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// A classified change with its final severity.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The change.
    pub change: Change,
    /// Its severity after profile, configuration and version policy.
    pub severity: Severity,
}

/// Compares `base` with `revision` and classifies every change. Pure: no I/O.
/// Checks turned off in the configuration are dropped; the version policy is applied.
pub fn diff(base: &Spec, revision: &Spec, settings: &Settings) -> Vec<Finding> {
    let mut out = classify(base, revision, settings);
    version::apply(base, revision, settings, &mut out);
    out
}

/// The findings before the version policy.
fn classify(base: &Spec, revision: &Spec, settings: &Settings) -> Vec<Finding> {
    let mut d = engine::Differ::new(base, revision, settings);
    d.run();
    let cfg = &settings.config;
    let mut out: Vec<Finding> = Vec::new();
    for change in d.changes {
        let c = change.check;
        if cfg.ignore.iter().any(|n| c.answers_to(n)) {
            continue;
        }
        let severity = match cfg.severity.get(c.id.as_str()) {
            Some(None) => continue,
            Some(Some(s)) => *s,
            None if change.relaxed => Severity::Info,
            None => c.severity_in(settings.profile),
        };
        out.push(Finding { change, severity });
    }
    out
}

/// Runs [`diff`] and resolves the findings to places in both versions' files, applying inline
/// `x-pactum-ignore` (on either side) and `[[diff.per-path-ignores]]`.
pub fn report(base: &Spec, revision: &Spec, settings: &Settings) -> (Report, Vec<Option<String>>) {
    let findings = classify(base, revision, settings);
    // Suppressed findings do not count for the version policy.
    let (mut kept, dropped): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| !suppressed(base, revision, settings, &f.change));
    version::apply(base, revision, settings, &mut kept);
    let (mut report, groups) = resolve(base, revision, kept, false);
    let (quiet, _) = resolve(base, revision, dropped, true);
    report.suppressed = quiet.suppressed;
    (report, groups)
}

fn suppressed(base: &Spec, revision: &Spec, settings: &Settings, ch: &Change) -> bool {
    let bfile = base.source_map.root_file().name();
    let rfile = revision.source_map.root_file().name();
    let bplace = ch
        .base
        .as_deref()
        .map(|p| Place::locate(&base.source_map, p, true));
    let rplace = ch
        .revision
        .as_deref()
        .map(|p| Place::locate(&revision.source_map, p, true));
    is_suppressed(
        base,
        revision,
        settings,
        ch,
        &bplace,
        &rplace,
        [&bfile, &rfile],
    )
}

/// The changelog group of each reported item (the first affected operation).
fn resolve(
    base: &Spec,
    revision: &Spec,
    findings: Vec<Finding>,
    all_suppressed: bool,
) -> (Report, Vec<Option<String>>) {
    let bfile = base.source_map.root_file().name();
    let rfile = revision.source_map.root_file().name();
    let mut report = Report {
        files: vec![bfile.clone(), rfile.clone()],
        ..Report::default()
    };
    let mut items: Vec<(Resolved, Option<String>, bool)> = Vec::new();
    for f in findings {
        let ch = &f.change;
        let bplace = ch
            .base
            .as_deref()
            .map(|p| Place::locate(&base.source_map, p, true));
        let rplace = ch
            .revision
            .as_deref()
            .map(|p| Place::locate(&revision.source_map, p, true));
        let Some(place) = rplace.clone().or_else(|| bplace.clone()) else {
            continue;
        };
        let mut message = ch.message.clone();
        let shared = [&ch.base, &ch.revision]
            .into_iter()
            .flatten()
            .any(|p| p.starts_with("/components/"));
        if shared && !ch.operations.is_empty() {
            let n = ch.operations.len();
            let shown: Vec<&str> = ch.operations.iter().take(5).map(String::as_str).collect();
            let more = if n > 5 {
                format!(" and {} more", n - 5)
            } else {
                String::new()
            };
            message.push_str(&format!(" (affects {}{more})", shown.join(", ")));
        }
        let mut labels = Vec::new();
        if let (Some(b), Some(_)) = (&bplace, &rplace) {
            labels.push((b.clone(), "before".to_string()));
        }
        let suppressed = all_suppressed;
        let resolved = Resolved {
            rule: ch.check.id.clone(),
            severity: f.severity,
            message,
            label: Some(if rplace.is_some() { "now" } else { "removed" }.to_string()),
            help: None,
            place,
            labels,
            via: Vec::new(),
            load_error: false,
            base: bplace,
            revision: rplace,
        };
        items.push((resolved, ch.operations.first().cloned(), suppressed));
    }
    items.sort_by(|a, b| {
        let ka = (
            &a.0.place.file_name,
            a.0.place.start,
            &a.0.rule,
            &a.0.message,
        );
        let kb = (
            &b.0.place.file_name,
            b.0.place.start,
            &b.0.rule,
            &b.0.message,
        );
        ka.cmp(&kb)
    });
    let mut groups = Vec::new();
    for (r, g, s) in items {
        if s {
            report.suppressed.push(r);
        } else {
            report.items.push(r);
            groups.push(g);
        }
    }
    report.files.sort();
    report.files.dedup();
    (report, groups)
}

#[allow(clippy::too_many_arguments)]
fn is_suppressed(
    base: &Spec,
    revision: &Spec,
    settings: &Settings,
    ch: &Change,
    bplace: &Option<Place>,
    rplace: &Option<Place>,
    roots: [&str; 2],
) -> bool {
    let c = ch.check;
    let inline = |spec: &Spec, p: &Option<String>| {
        p.as_deref()
            .is_some_and(|p| ignored_along(spec, p).iter().any(|n| c.answers_to(n)))
    };
    if inline(base, &ch.base) || inline(revision, &ch.revision) {
        return true;
    }
    let mut names: Vec<&str> = vec![c.id.as_str(), "diff"];
    names.extend(c.tags());
    let files: Vec<&str> = [bplace, rplace]
        .into_iter()
        .flatten()
        .map(|p| p.file_name.as_str())
        .chain(roots)
        .collect();
    let pointers: Vec<&str> = [&ch.base, &ch.revision]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    settings
        .config
        .per_path_ignores
        .iter()
        .any(|ig| ig.matches(&names, &files, &pointers))
}

#[cfg(test)]
mod tests;
