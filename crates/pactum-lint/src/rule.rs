//! How a rule is declared: [`RuleMeta`], the [`Rule`] trait, the [`declare_rule!`] macro, and
//! the [`Context`]/[`Sink`] a rule's check works with.

use std::fmt;
use std::sync::OnceLock;

use pactum_spec::Spec;

use crate::finding::{Finding, Severity};
use crate::model::{Composition, Index};

/// The category a rule belongs to. `pactum.toml` may select or ignore a whole group by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Structural correctness of the document.
    Structure,
    /// Defensive input validation (request-side schemas).
    Validation,
    /// CORS headers.
    Cors,
    /// Rate limiting.
    RateLimit,
    /// Authentication and transport security.
    Security,
    /// Versioning hygiene.
    Versioning,
    /// Error responses.
    Errors,
    /// Webhooks and callbacks.
    Webhooks,
}

impl Group {
    /// Every group, in registry order.
    pub const ALL: [Group; 8] = [
        Group::Structure,
        Group::Validation,
        Group::Cors,
        Group::RateLimit,
        Group::Security,
        Group::Versioning,
        Group::Errors,
        Group::Webhooks,
    ];

    /// The kebab-case name used in config and output.
    pub fn name(self) -> &'static str {
        match self {
            Group::Structure => "structure",
            Group::Validation => "validation",
            Group::Cors => "cors",
            Group::RateLimit => "rate-limit",
            Group::Security => "security",
            Group::Versioning => "versioning",
            Group::Errors => "errors",
            Group::Webhooks => "webhooks",
        }
    }

    /// The group called `name`.
    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.name() == name)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A rule's static description. Built by [`declare_rule!`] from the rule's doc comment.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    /// Severity when the configuration does not override it.
    pub default_severity: Severity,
    /// One line, shown by `pactum rules`.
    pub summary: &'static str,
    /// The rule's doc comment as written (each line keeps the space after `///`).
    pub raw_docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown (the doc comment with the `///` margin removed).
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// The documentation page URL.
    pub fn url(&self) -> String {
        rule_url(self.id)
    }
}

/// The documentation URL of a rule id.
pub fn rule_url(id: &str) -> String {
    format!("https://pactum.dev/rules/{id}")
}

/// A lint rule. Rules are pure: they read the [`Context`] and push findings; no I/O.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Checks the spec, reporting into `out`.
    fn check(&self, cx: &Context<'_>, out: &mut Sink);
}

/// What a rule sees: the spec and shared, lazily computed indexes over it.
pub struct Context<'a> {
    /// The loaded contract.
    pub spec: &'a Spec,
    index: OnceLock<Index<'a>>,
    composition: OnceLock<Composition<'a>>,
}

impl<'a> Context<'a> {
    /// A context over `spec`.
    pub fn new(spec: &'a Spec) -> Self {
        Context {
            spec,
            index: OnceLock::new(),
            composition: OnceLock::new(),
        }
    }

    /// Operations and schemas with their pointers, computed once and shared by every rule.
    pub fn index(&self) -> &Index<'a> {
        self.index.get_or_init(|| Index::build(self.spec))
    }

    /// The constraints schemas inherit through `allOf`/`anyOf`/`oneOf`, computed once from
    /// [`index`](Self::index) and shared.
    pub fn composition(&self) -> &Composition<'a> {
        self.composition
            .get_or_init(|| Composition::build(self.spec, self.index()))
    }
}

/// Collects one rule's findings, stamping each with the rule id and its configured severity.
#[derive(Debug)]
pub struct Sink {
    rule: &'static str,
    severity: Severity,
    findings: Vec<Finding>,
}

impl Sink {
    /// A sink for `rule` at the configured `severity`.
    pub fn new(rule: &'static str, severity: Severity) -> Self {
        Sink {
            rule,
            severity,
            findings: Vec::new(),
        }
    }

    /// The severity the rule is configured at (its default unless overridden).
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Reports a finding at the configured severity; refine it through the returned reference.
    pub fn report(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.findings
            .push(Finding::new(self.rule, self.severity, pointer, message));
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// The findings reported so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Declares a rule: a unit struct carrying the doc comment, and its [`RuleMeta`] whose docs
/// are that same doc comment (no duplication). Implement `check` in an
/// `impl RuleCheck for YourRule` block next to it.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub OperationIdMissing {
///         id: "operation-id-missing",
///         group: Structure,
///         severity: Warning,
///         summary: "Operation without an operationId",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis $name:ident {
            id: $id:literal,
            group: $group:ident,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                id: $id,
                group: $crate::Group::$group,
                default_severity: $crate::Severity::$severity,
                summary: $summary,
                raw_docs: concat!($($doc, "\n"),+),
            };
        }

        impl $crate::Rule for $name {
            fn meta(&self) -> &'static $crate::RuleMeta {
                static META: $crate::RuleMeta = $name::META;
                &META
            }
            fn check(&self, cx: &$crate::Context<'_>, out: &mut $crate::Sink) {
                <$name as $crate::rule::RuleCheck>::run(self, cx, out)
            }
        }
    };
}

/// The check half of a rule declared with [`declare_rule!`].
pub trait RuleCheck {
    /// Checks the spec, reporting into `out`.
    fn run(&self, cx: &Context<'_>, out: &mut Sink);
}
