//! `pactum.toml`: rule selection, severity overrides, per-path ignores and the fail level.
//!
//! ```toml
//! [lint]
//! select = ["structure", "validation"]   # rule ids, group names or "all" (default: all)
//! ignore = ["operation-id-missing"]
//! fail-on = "warning"                    # error | warning | info | never
//!
//! [lint.severity]
//! string-without-max-length = "error"    # error | warning | info | off
//!
//! [[lint.per-path-ignores]]
//! files = "specs/legacy/**"              # glob on the file path (optional)
//! pointers = "/paths/~1admin*/**"        # glob on the JSON pointer (optional)
//! rules = ["validation"]                 # ids or groups (default: every rule)
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use miette::{LabeledSpan, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::finding::{FailOn, Severity};
use crate::registry;
use crate::rule::Rule;

/// The config file name looked for upward from the working directory.
pub const FILE_NAME: &str = "pactum.toml";

/// A problem with the configuration (file or command line). Exit code 2.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// How to fix it (e.g. "did you mean …").
    pub help: Option<String>,
    /// The config text, when the problem is in a file.
    pub source: Option<Arc<NamedSource<String>>>,
    /// Where in that text.
    pub span: Option<SourceSpan>,
    /// The text under the span.
    pub label: String,
}

impl ConfigError {
    fn plain(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
            help: None,
            source: None,
            span: None,
            label: String::new(),
        }
    }

    fn at(
        src: &Option<Arc<NamedSource<String>>>,
        span: std::ops::Range<usize>,
        message: String,
        label: &str,
    ) -> Self {
        ConfigError {
            message,
            help: None,
            source: src.clone(),
            span: src.as_ref().map(|_| span.into()),
            label: label.to_string(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_deref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(label, span),
        )))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    diff: RawDiff,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDiff {
    profile: Option<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_path_ignores: Vec<RawDiffIgnore>,
    fail_on: Option<Spanned<String>>,
    breaking_with_major_bump: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiffIgnore {
    files: Option<Spanned<String>>,
    pointers: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<String>,
    reason: String,
}

/// One `[[diff.per-path-ignores]]` entry (a `reason` is required).
#[derive(Debug, Clone)]
pub struct DiffIgnore {
    /// Glob on the file path (either side's file).
    pub files: Option<GlobMatcher>,
    /// Glob on the JSON pointer (either side's); matching the node or any ancestor counts.
    pub pointers: Option<GlobMatcher>,
    /// Check ids or tags; empty means every check.
    pub rules: Vec<String>,
    /// Why the change is accepted.
    pub reason: String,
}

impl DiffIgnore {
    /// True when this entry silences a finding whose check answers to one of `names` (its id
    /// and its tags), in one of `files`, at one of `pointers`.
    pub fn matches(&self, names: &[&str], files: &[&str], pointers: &[&str]) -> bool {
        let rule_ok =
            self.rules.is_empty() || self.rules.iter().any(|r| names.contains(&r.as_str()));
        let file_ok = self.files.as_ref().is_none_or(|g| {
            files
                .iter()
                .any(|f| g.is_match(f.strip_prefix("./").unwrap_or(f)))
        });
        let ptr_ok = self
            .pointers
            .as_ref()
            .is_none_or(|g| pointers.iter().any(|p| pointer_matches(g, p)));
        rule_ok && file_ok && ptr_ok
    }
}

/// The `[diff]` section: breaking-change checks. Check ids are validated by `pactum-diff`,
/// which owns them.
///
/// ```toml
/// [diff]
/// profile = "wire"                       # wire | sdk
/// fail-on = "error"
/// ignore = ["server-url-changed"]        # check ids or tags
/// breaking-with-major-bump = "warning"   # severity of breaking findings after a major bump
///
/// [diff.severity]
/// response-enum-value-added = "error"
///
/// [[diff.per-path-ignores]]
/// pointers = "/paths/~1legacy*/**"
/// rules = ["operation-removed"]
/// reason = "legacy endpoints retired with notice on 2026-01-01"
/// ```
#[derive(Debug, Clone, Default)]
pub struct DiffConfig {
    /// The policy profile (`wire` or `sdk`), if set.
    pub profile: Option<String>,
    /// Ignored check ids or tags.
    pub ignore: Vec<String>,
    /// Severity overrides by check id; `None` turns the check off.
    pub severity: BTreeMap<String, Option<Severity>>,
    /// Per-path ignores, each with a reason.
    pub per_path_ignores: Vec<DiffIgnore>,
    /// The fail level for `pactum diff`, if set.
    pub fail_on: Option<FailOn>,
    /// Severity of breaking findings when the major version was bumped (default warning).
    pub breaking_with_major_bump: Option<Severity>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_path_ignores: Vec<RawPathIgnore>,
    fail_on: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathIgnore {
    files: Option<Spanned<String>>,
    pointers: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
}

/// One `[[lint.per-path-ignores]]` entry.
#[derive(Debug, Clone)]
pub struct PathIgnore {
    /// Glob on the file path (the linted file or the file the finding is in).
    pub files: Option<GlobMatcher>,
    /// Glob on the JSON pointer; matching the node or any ancestor counts.
    pub pointers: Option<GlobMatcher>,
    /// Rule ids or group names; empty means every rule.
    pub rules: Vec<String>,
}

impl PathIgnore {
    /// True when this entry silences `rule` for a finding in `files` at one of `pointers`.
    pub fn matches(&self, rule: &dyn Rule, files: &[&str], pointers: &[&str]) -> bool {
        let rule_ok =
            self.rules.is_empty() || self.rules.iter().any(|s| registry::selects(s, rule));
        let file_ok = self.files.as_ref().is_none_or(|g| {
            files
                .iter()
                .any(|f| g.is_match(f.strip_prefix("./").unwrap_or(f)))
        });
        let ptr_ok = self
            .pointers
            .as_ref()
            .is_none_or(|g| pointers.iter().any(|p| pointer_matches(g, p)));
        rule_ok && file_ok && ptr_ok
    }
}

fn pointer_matches(glob: &GlobMatcher, pointer: &str) -> bool {
    if glob.is_match(pointer) {
        return true;
    }
    let mut p = pointer;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if glob.is_match(p) {
            return true;
        }
    }
    false
}

/// The resolved configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Selected rule ids or groups; `None` means every rule.
    pub select: Option<Vec<String>>,
    /// Ignored rule ids or groups.
    pub ignore: Vec<String>,
    /// Severity overrides; `None` turns the rule off.
    pub severity: BTreeMap<String, Option<Severity>>,
    /// Per-path ignores.
    pub per_path_ignores: Vec<PathIgnore>,
    /// The fail level from the file, if set.
    pub fail_on: Option<FailOn>,
    /// The `[diff]` section.
    pub diff: DiffConfig,
}

impl Config {
    /// The nearest `pactum.toml` in `start` or one of its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::plain(format!("cannot read config file {}: {e}", path.display()))
        })?;
        let mut config = Config::parse(&path.display().to_string(), &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses and validates config text (`name` is shown in diagnostics).
    pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        let src = Some(Arc::new(NamedSource::new(name, text.to_string())));
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ConfigError::at(
                &src,
                span,
                format!("invalid config: {}", e.message()),
                "here",
            )
        })?;
        let lint = raw.lint;
        let diff = parse_diff(&src, raw.diff)?;
        let selectors = |list: Vec<Spanned<String>>| -> Result<Vec<String>, ConfigError> {
            list.into_iter().map(|s| check_selector(&src, s)).collect()
        };
        let select = lint.select.map(selectors).transpose()?;
        let ignore = selectors(lint.ignore)?;
        let mut severity = BTreeMap::new();
        for (key, value) in lint.severity {
            if registry::find(key.get_ref()).is_none() {
                let span = key.span();
                let mut e = ConfigError::at(
                    &src,
                    span,
                    format!("unknown rule `{}`", key.get_ref()),
                    "not a rule id",
                );
                e.help = suggestion(key.get_ref());
                return Err(e);
            }
            let level = match value.get_ref().as_str() {
                "off" => None,
                other => Some(other.parse::<Severity>().map_err(|()| {
                    let mut e = ConfigError::at(
                        &src,
                        value.span(),
                        format!("unknown severity `{other}`"),
                        "here",
                    );
                    e.help = Some("use one of `error`, `warning`, `info`, `off`".into());
                    e
                })?),
            };
            severity.insert(key.into_inner(), level);
        }
        let mut per_path_ignores = Vec::new();
        for entry in lint.per_path_ignores {
            per_path_ignores.push(PathIgnore {
                files: entry.files.map(|g| glob(&src, g)).transpose()?,
                pointers: entry.pointers.map(|g| glob(&src, g)).transpose()?,
                rules: selectors(entry.rules)?,
            });
        }
        let fail_on = lint
            .fail_on
            .map(|f| {
                f.get_ref().parse::<FailOn>().map_err(|()| {
                    let mut e = ConfigError::at(
                        &src,
                        f.span(),
                        format!("unknown fail level `{}`", f.get_ref()),
                        "here",
                    );
                    e.help = Some("use one of `error`, `warning`, `info`, `never`".into());
                    e
                })
            })
            .transpose()?;
        Ok(Config {
            path: None,
            select,
            ignore,
            severity,
            per_path_ignores,
            fail_on,
            diff,
        })
    }

    /// Replaces the selection (command-line `--select`). Unknown names are an error.
    pub fn override_select(&mut self, names: &[String]) -> Result<(), ConfigError> {
        validate_cli(names, "--select")?;
        self.select = Some(names.to_vec());
        Ok(())
    }

    /// Adds ignored rules or groups (command-line `--ignore`). Unknown names are an error.
    pub fn extend_ignore(&mut self, names: &[String]) -> Result<(), ConfigError> {
        validate_cli(names, "--ignore")?;
        self.ignore.extend(names.iter().cloned());
        Ok(())
    }

    /// The severity `rule` runs at, or `None` when it is not selected or turned off.
    pub fn severity_of(&self, rule: &dyn Rule) -> Option<Severity> {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|n| registry::selects(n, rule)));
        let ignored = self.ignore.iter().any(|n| registry::selects(n, rule));
        if !selected || ignored {
            return None;
        }
        match self.severity.get(rule.meta().id) {
            Some(level) => *level,
            None => Some(rule.meta().default_severity),
        }
    }
}

fn validate_cli(names: &[String], flag: &str) -> Result<(), ConfigError> {
    for n in names {
        if !registry::is_selector(n) {
            let mut e = ConfigError::plain(format!("unknown rule or group `{n}` in {flag}"));
            e.help = suggestion(n);
            return Err(e);
        }
    }
    Ok(())
}

fn suggestion(name: &str) -> Option<String> {
    Some(match registry::suggest(name) {
        Some(s) => format!("did you mean `{s}`? (`pactum rules` lists every rule)"),
        None => "`pactum rules` lists every rule id and group".to_string(),
    })
}

fn check_selector(
    src: &Option<Arc<NamedSource<String>>>,
    s: Spanned<String>,
) -> Result<String, ConfigError> {
    if registry::is_selector(s.get_ref()) {
        return Ok(s.into_inner());
    }
    let mut e = ConfigError::at(
        src,
        s.span(),
        format!("unknown rule or group `{}`", s.get_ref()),
        "not a rule id or group",
    );
    e.help = suggestion(s.get_ref());
    Err(e)
}

fn glob(
    src: &Option<Arc<NamedSource<String>>>,
    g: Spanned<String>,
) -> Result<GlobMatcher, ConfigError> {
    GlobBuilder::new(g.get_ref())
        .literal_separator(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| ConfigError::at(src, g.span(), format!("invalid glob: {e}"), "here"))
}

fn parse_severity_value(
    src: &Option<Arc<NamedSource<String>>>,
    value: &Spanned<String>,
) -> Result<Option<Severity>, ConfigError> {
    match value.get_ref().as_str() {
        "off" => Ok(None),
        other => other.parse::<Severity>().map(Some).map_err(|()| {
            let mut e = ConfigError::at(
                src,
                value.span(),
                format!("unknown severity `{other}`"),
                "here",
            );
            e.help = Some("use one of `error`, `warning`, `info`, `off`".into());
            e
        }),
    }
}

fn parse_diff(
    src: &Option<Arc<NamedSource<String>>>,
    raw: RawDiff,
) -> Result<DiffConfig, ConfigError> {
    let profile = match raw.profile {
        None => None,
        Some(p) if p.get_ref() == "wire" || p.get_ref() == "sdk" => Some(p.into_inner()),
        Some(p) => {
            let mut e = ConfigError::at(
                src,
                p.span(),
                format!("unknown profile `{}`", p.get_ref()),
                "here",
            );
            e.help = Some("use `wire` or `sdk`".into());
            return Err(e);
        }
    };
    let mut severity = BTreeMap::new();
    for (key, value) in raw.severity {
        let level = parse_severity_value(src, &value)?;
        severity.insert(key.into_inner(), level);
    }
    let mut per_path_ignores = Vec::new();
    for entry in raw.per_path_ignores {
        per_path_ignores.push(DiffIgnore {
            files: entry.files.map(|g| glob(src, g)).transpose()?,
            pointers: entry.pointers.map(|g| glob(src, g)).transpose()?,
            rules: entry.rules,
            reason: entry.reason,
        });
    }
    let fail_on = raw
        .fail_on
        .map(|f| {
            f.get_ref().parse::<FailOn>().map_err(|()| {
                let mut e = ConfigError::at(
                    src,
                    f.span(),
                    format!("unknown fail level `{}`", f.get_ref()),
                    "here",
                );
                e.help = Some("use one of `error`, `warning`, `info`, `never`".into());
                e
            })
        })
        .transpose()?;
    let breaking_with_major_bump = match raw.breaking_with_major_bump {
        None => None,
        Some(v) => Some(parse_severity_value(src, &v)?.unwrap_or(Severity::Info)),
    };
    Ok(DiffConfig {
        profile,
        ignore: raw.ignore.into_iter().map(Spanned::into_inner).collect(),
        severity,
        per_path_ignores,
        fail_on,
        breaking_with_major_bump,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    fn rule(id: &str) -> &'static dyn Rule {
        registry::find(id).expect("rule exists")
    }

    #[test]
    fn selection_overrides_and_fail_level() {
        let c = Config::parse(
            "pactum.toml",
            r#"
[lint]
select = ["structure", "string-without-max-length"]
ignore = ["operation-id-unique"]
fail-on = "warning"
[lint.severity]
string-without-max-length = "error"
operation-id-missing = "off"
"#,
        )
        .expect("valid");
        assert_eq!(c.severity_of(rule("operation-id-missing")), None);
        assert_eq!(c.severity_of(rule("operation-id-unique")), None);
        assert_eq!(
            c.severity_of(rule("string-without-max-length")),
            Some(Severity::Error)
        );
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert_eq!(
            Config::default().severity_of(rule("operation-id-unique")),
            Some(Severity::Error)
        );
    }

    #[test]
    fn unknown_ids_point_at_the_value_and_suggest() {
        let text = "[lint]\nignore = [\"operation-id-mising\"]\n";
        let e = Config::parse("pactum.toml", text).unwrap_err();
        assert_eq!(e.message, "unknown rule or group `operation-id-mising`");
        assert!(e
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `operation-id-missing`"));
        let span = e.span.expect("span");
        assert_eq!(
            &text[span.offset()..span.offset() + span.len()],
            "\"operation-id-mising\""
        );
        let e = Config::parse(
            "p",
            "[lint.severity]\nstring-without-max-lenght = \"off\"\n",
        )
        .unwrap_err();
        assert!(e.help.unwrap().contains("`string-without-max-length`"));
    }

    #[test]
    fn bad_values_and_keys_are_errors_with_spans() {
        for text in [
            "[lint]\nfail-on = \"sometimes\"\n",
            "[lint.severity]\noperation-id-missing = \"loud\"\n",
            "[lint]\nselct = []\n",
            "[[lint.per-path-ignores]]\nfiles = \"a/[b\"\n",
            "[lint\n",
        ] {
            let e = Config::parse("p", text).unwrap_err();
            assert!(e.span.is_some(), "{text}: {e}");
        }
    }

    #[test]
    fn command_line_selection_is_checked() {
        let mut c = Config::default();
        assert!(c.override_select(&["validation".into()]).is_ok());
        assert_eq!(c.severity_of(rule("operation-id-missing")), None);
        let e = c.extend_ignore(&["strcture".into()]).unwrap_err();
        assert!(e.help.unwrap().contains("`structure`"));
    }

    #[test]
    fn per_path_globs_match_files_and_pointer_ancestors() {
        let c = Config::parse(
            "p",
            "[[lint.per-path-ignores]]\nfiles = \"legacy/**\"\npointers = \"/paths/~1admin*\"\nrules = [\"validation\"]\n",
        )
        .unwrap();
        let ig = &c.per_path_ignores[0];
        let r = rule("string-without-max-length");
        let deep = "/paths/~1admin~1users/post/requestBody";
        assert!(ig.matches(r, &["./legacy/api.yaml"], &[deep]));
        assert!(!ig.matches(r, &["api.yaml"], &[deep]));
        assert!(!ig.matches(r, &["legacy/api.yaml"], &["/paths/~1pets/post"]));
        assert!(!ig.matches(rule("operation-id-missing"), &["legacy/api.yaml"], &[deep]));
    }
}
