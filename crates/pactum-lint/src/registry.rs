//! The one list of rules. A test (`tests/registry.rs`) fails when a rule file under
//! `src/rules/` is missing here, when ids are not unique or not sorted (by group, then id), or
//! when a rule lacks docs, a fixture or a snapshot.

use crate::rule::{Group, Rule};
use crate::rules::{cors, errors, rate_limit, structure, validation, webhooks};

/// Every rule, sorted by group (in [`Group::ALL`] order), then by id.
pub static RULES: &[&dyn Rule] = &[
    // structure
    &structure::ArrayItemsMissing,
    &structure::CallbackHasCallbacks,
    &structure::ContactPropertiesMissing,
    &structure::DefaultInvalid,
    &structure::EnumDuplicateValue,
    &structure::EnumValueTypeMismatch,
    &structure::ExampleInvalid,
    &structure::ExamplesValueAndExternalValue,
    &structure::InfoContactMissing,
    &structure::InfoDescriptionMissing,
    &structure::InfoLicenseMissing,
    &structure::LicenseUrlMissing,
    &structure::LinkOperationUndefined,
    &structure::MarkdownEval,
    &structure::MarkdownScriptTag,
    &structure::MediaExampleAndExamples,
    &structure::OperationDescriptionMissing,
    &structure::OperationIdMissing,
    &structure::OperationIdNotUrlSafe,
    &structure::OperationIdUnique,
    &structure::OperationSuccessResponseMissing,
    &structure::OperationTagUndefined,
    &structure::OperationTagsMissing,
    &structure::ParameterDescriptionMissing,
    &structure::ParameterDuplicate,
    &structure::PathHasQueryOrFragment,
    &structure::PathParameterNotDeclared,
    &structure::PathParameterNotInTemplate,
    &structure::PathParameterNotRequired,
    &structure::PathTemplateDuplicate,
    &structure::PathTemplateInvalid,
    &structure::PathTrailingSlash,
    &structure::PatternInvalid,
    &structure::RefSiblings,
    &structure::RequestBodyIgnored,
    &structure::RuntimeExpressionInvalid,
    &structure::ServerUrlInvalid,
    &structure::ServerUrlTrailingSlash,
    &structure::ServerVariableDefaultNotInEnum,
    &structure::ServerVariableUndefined,
    &structure::ServerVariableUnused,
    &structure::ServersMissing,
    &structure::TagDescriptionMissing,
    &structure::TagDuplicate,
    &structure::UnusedComponent,
    &structure::WebhookHasCallbacks,
    &structure::WebhookHasServers,
    // validation
    &validation::ArrayWithoutMaxItems,
    &validation::BinaryUploadUnbounded,
    &validation::IntegerWithoutFormat,
    &validation::MapWithoutMaxProperties,
    &validation::NumberWithoutBounds,
    &validation::NumericIdInPath,
    &validation::PaginationLimitUnbounded,
    &validation::PatternNotAnchored,
    &validation::PatternTooLoose,
    &validation::RequestBodyWithoutSchema,
    &validation::RequestObjectOpen,
    &validation::StringWithoutMaxLength,
    &validation::StringWithoutPatternOrFormat,
    // cors
    &cors::CorsAmazonGatewayMethodsNotCovered,
    &cors::CorsAmazonGatewayWildcardWithCredentials,
    &cors::CorsPreflightRequiresAuth,
    &cors::CorsReflectedOriginWithoutVary,
    &cors::CorsWildcardHeadersWithCredentials,
    &cors::CorsWildcardOriginOnSecuredOperation,
    &cors::CorsWildcardOriginWithCredentials,
    // rate-limit
    &rate_limit::OperationWithout429,
    &rate_limit::RateLimit429WithoutRetryAfter,
    &rate_limit::RateLimitHeaderFamiliesMixed,
    &rate_limit::RateLimitHeadersMissing,
    &rate_limit::RateLimitResponseWithoutBody,
    // errors
    &errors::ErrorResponseNotProblemJson,
    &errors::OperationWithout400,
    &errors::SecuredOperationWithout401,
    // webhooks
    &webhooks::CallbackUrlNotHttps,
    &webhooks::PostWithoutIdempotencyKey,
    &webhooks::WebhookWithoutEventId,
    &webhooks::WebhookWithoutSignatureHeader,
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
