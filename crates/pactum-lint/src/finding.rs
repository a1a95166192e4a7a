//! What a rule reports: a [`Finding`] at a JSON pointer of the typed model.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice a good API may reasonably decline.
    Info,
    /// Likely a problem; review it.
    Warning,
    /// A defect or an unsafe setting.
    Error,
}

impl Severity {
    /// All severities, most serious first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The lowercase name (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            _ => Err(()),
        }
    }
}

/// The exit-code threshold: findings at or above it fail the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Fail on errors only (the default).
    #[default]
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings (load errors still exit 2).
    Never,
}

impl FailOn {
    /// The lowest severity that fails, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// True when a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        self.threshold().is_some_and(|t| severity >= t)
    }
}

impl FromStr for FailOn {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "info" => Ok(FailOn::Info),
            "never" => Ok(FailOn::Never),
            _ => Err(()),
        }
    }
}

/// An extra place a finding points at, with a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// JSON pointer of the typed model.
    pub pointer: String,
    /// What the label says.
    pub text: String,
    /// Point at the member's key rather than its value (see [`Finding::at_key`]).
    pub at_key: bool,
}

/// One problem found by a rule. Rules fill it in; the engine resolves pointers to places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id.
    pub rule: &'static str,
    /// How serious.
    pub severity: Severity,
    /// One sentence, starting with a capital letter, no final period.
    pub message: String,
    /// JSON pointer of the offending node in the typed model.
    pub pointer: String,
    /// Text under the primary span (optional).
    pub label: Option<String>,
    /// Further labelled places.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Pointers of the `$ref`s through which the node was reached (usages).
    pub via: Vec<String>,
    /// Point at the member's key (`get:`) rather than its whole value.
    pub at_key: bool,
}

impl Finding {
    /// A finding of `rule` at `pointer`.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            pointer: pointer.into(),
            label: None,
            labels: Vec::new(),
            help: None,
            via: Vec::new(),
            at_key: false,
        }
    }

    /// Points at the object member's key (e.g. `post:`) instead of its value; use it for
    /// findings about a whole operation, response or schema property.
    pub fn at_key(&mut self) -> &mut Self {
        self.at_key = true;
        self
    }

    /// Sets the severity.
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    /// Sets the help line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the text under the primary span.
    pub fn label(&mut self, text: impl Into<String>) -> &mut Self {
        self.label = Some(text.into());
        self
    }

    /// Adds a labelled place.
    pub fn with_label(&mut self, pointer: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            pointer: pointer.into(),
            text: text.into(),
            at_key: false,
        });
        self
    }

    /// Adds a labelled place at an object member's key (e.g. another path key).
    pub fn with_key_label(
        &mut self,
        pointer: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut Self {
        self.labels.push(Label {
            pointer: pointer.into(),
            text: text.into(),
            at_key: true,
        });
        self
    }

    /// Adds the pointers of the `$ref`s the node was reached through.
    pub fn via<I, S>(&mut self, via: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.via.extend(via.into_iter().map(Into::into));
        self
    }
}
