//! The one list of rules. A test (`tests/registry.rs`) fails when a rule file under
//! `src/rules/` is missing here, when ids are not unique or not sorted (by group, then id), or
//! when a rule lacks docs, a fixture or a snapshot.

use crate::rule::{Group, Rule};
use crate::rules::{security, structure, validation, versioning};

/// Every rule, sorted by group (in [`Group::ALL`] order), then by id.
pub static RULES: &[&dyn Rule] = &[
    // structure
    &structure::OperationIdMissing,
    &structure::OperationIdUnique,
    // validation
    &validation::StringWithoutMaxLength,
    // security
    &security::ApiKeyInQueryOrPath,
    &security::CredentialsInParameterName,
    &security::HttpBasicAuth,
    &security::MutatingOperationWithoutSecurity,
    &security::Oauth2ImplicitFlow,
    &security::Oauth2PasswordFlow,
    &security::Oauth2ScopeUndeclared,
    &security::ReadOperationWithoutSecurity,
    &security::SecurityExplicitlyDisabledOnMutation,
    &security::SecuritySchemeUndefined,
    &security::ServerUrlNotHttps,
    &security::SsrfUrlParameter,
    &security::WeakAuthOverHttp,
    // versioning
    &versioning::ApiVersionSchemeMissing,
    &versioning::DeprecatedOperationWithoutSunset,
    &versioning::InfoVersionNotSemver,
    &versioning::ServerVersionMismatch,
    &versioning::SunsetDatePassed,
    &versioning::VersionSchemeMixed,
];

/// The rule with id `id`.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}

/// The closest rule id or group name to a misspelt `name`, if any is close enough.
pub fn suggest(name: &str) -> Option<&'static str> {
    let candidates = RULES
        .iter()
        .map(|r| r.meta().id)
        .chain(Group::ALL.iter().map(|g| g.name()));
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// True when `name` is a rule id, a group name or `all`.
pub fn is_selector(name: &str) -> bool {
    name == "all" || find(name).is_some() || Group::from_name(name).is_some()
}

/// True when selector `name` (rule id, group name or `all`) covers rule `rule`.
pub fn selects(name: &str, rule: &dyn Rule) -> bool {
    let meta = rule.meta();
    name == "all" || name == meta.id || name == meta.group.name()
}
