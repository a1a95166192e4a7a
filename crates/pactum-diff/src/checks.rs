//! The check table: every breaking-change check, with its tags, default severity and docs.
//!
//! Schema checks are generated from [`SCHEMA_KEYWORDS`] (direction × keyword × action); the
//! others are listed in [`OTHER`]. Each entry is one stable, documented check id; nothing else
//! in the crate invents ids (the engine looks them up here, and a test fails on an unknown id).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use pactum_lint::Severity;

/// Which side of the exchange a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// What the server accepts (request parameters and bodies).
    Request,
    /// What clients receive (responses, response headers).
    Response,
    /// Both, or neither (operations, servers, versions).
    Both,
}

/// The part of the contract a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// Path templates.
    Path,
    /// Operations.
    Operation,
    /// Request parameters.
    Parameter,
    /// Request bodies.
    RequestBody,
    /// Responses (status codes, media types).
    Response,
    /// Response headers.
    Header,
    /// Schemas.
    Schema,
    /// Security requirements and schemes.
    Security,
    /// Servers.
    Server,
    /// Webhooks and callbacks.
    Webhook,
    /// The version policy.
    Version,
}

/// What kind of property of the element changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A validation bound or flag.
    Constraint,
    /// The instance type or format.
    Type,
    /// Enumerated values.
    Enum,
    /// Required-ness.
    Required,
    /// The element exists or not.
    Presence,
    /// Composition (`oneOf`, `anyOf`, `allOf`, `not`, discriminator).
    Composition,
    /// Deprecation and sunset.
    Deprecation,
    /// Names and identifiers.
    Identity,
    /// Serialisation (`style`, `explode`, `allowEmptyValue`, media types).
    Encoding,
    /// Default values.
    Default,
    /// `readOnly`/`writeOnly`.
    Access,
    /// Versions.
    Version,
}

/// What happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// It appeared.
    Added,
    /// It disappeared.
    Removed,
    /// A number went up (or a date later).
    Increased,
    /// A number went down (or a date earlier).
    Decreased,
    /// It accepts more values than before.
    Widened,
    /// It accepts fewer values than before.
    Narrowed,
    /// It is different, neither wider nor narrower.
    Changed,
}

macro_rules! names {
    ($t:ty { $($v:ident => $n:literal),+ $(,)? }) => {
        impl $t {
            /// The kebab-case tag.
            pub fn name(self) -> &'static str {
                match self { $(Self::$v => $n),+ }
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

names!(Side { Request => "request", Response => "response", Both => "both" });
names!(Area {
    Path => "path", Operation => "operation", Parameter => "parameter",
    RequestBody => "request-body", Response => "response", Header => "header",
    Schema => "schema", Security => "security", Server => "server", Webhook => "webhook",
    Version => "version",
});
names!(Kind {
    Constraint => "constraint", Type => "type", Enum => "enum", Required => "required",
    Presence => "presence", Composition => "composition", Deprecation => "deprecation",
    Identity => "identity", Encoding => "encoding", Default => "default", Access => "access",
    Version => "version",
});
names!(Action {
    Added => "added", Removed => "removed", Increased => "increased", Decreased => "decreased",
    Widened => "widened", Narrowed => "narrowed", Changed => "changed",
});

/// The direction counterpart of a request-side check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mirror {
    /// The check with the same meaning on the other side.
    Check(String),
    /// Why there is none.
    NoMirror(&'static str),
}

/// One breaking-change check.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable kebab-case id.
    pub id: String,
    /// Direction tag.
    pub side: Side,
    /// Area tag.
    pub area: Area,
    /// Kind tag.
    pub kind: Kind,
    /// Action tag.
    pub action: Action,
    /// Severity in the default (`wire`) profile.
    pub severity: Severity,
    /// Severity in the `sdk` profile when it differs.
    pub sdk_severity: Option<Severity>,
    /// One line, shown by `pactum rules`.
    pub summary: String,
    /// Why the change has this severity.
    pub why: String,
    /// An example: the base and the revision (YAML).
    pub example: Option<(String, String)>,
    /// The other side's check, for request-side checks.
    pub mirror: Option<Mirror>,
    /// The check that fires when base and revision are swapped, if it is a single one.
    pub inverse: Option<String>,
}

impl Check {
    /// The tags, as shown by `pactum rules`: direction, area, kind, action.
    pub fn tags(&self) -> [&'static str; 4] {
        [
            self.side.name(),
            self.area.name(),
            self.kind.name(),
            self.action.name(),
        ]
    }

    /// True when `name` (an id, a tag or `diff`) selects this check in config.
    pub fn answers_to(&self, name: &str) -> bool {
        name == self.id || name == "diff" || self.tags().contains(&name)
    }

    /// The severity in `profile`.
    pub fn severity_in(&self, profile: Profile) -> Severity {
        match profile {
            Profile::Sdk => self.sdk_severity.unwrap_or(self.severity),
            Profile::Wire => self.severity,
        }
    }

    /// The documentation as Markdown (`pactum explain`).
    pub fn docs(&self) -> String {
        let mut out = format!(
            "## What it does\n\n{}.\n\nTags: {}.\n\n## Why\n\n{}\n",
            self.summary,
            self.tags().join(", "),
            self.why
        );
        if let Some(sdk) = self.sdk_severity {
            out.push_str(&format!(
                "\nIn the `sdk` profile (generated clients) the severity is `{sdk}`.\n"
            ));
        }
        if let Some((base, rev)) = &self.example {
            out.push_str(&format!(
                "\n## Example\n\nBase:\n\n```yaml\n{base}\n```\n\nRevision:\n\n```yaml\n{rev}\n```\n"
            ));
        }
        if let Some(Mirror::Check(m)) = &self.mirror {
            out.push_str(&format!("\nOther side: `{m}`.\n"));
        }
        out
    }
}

/// A policy profile (after `buf breaking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// JSON on the wire: names that do not reach the wire may change.
    #[default]
    Wire,
    /// Generated client source compatibility: operationIds and schema names are API too, and
    /// new enum values in responses break exhaustive matches.
    Sdk,
}

impl Profile {
    /// The profile called `name` (`wire`, `sdk`).
    pub fn from_name(name: &str) -> Option<Profile> {
        match name {
            "wire" => Some(Profile::Wire),
            "sdk" => Some(Profile::Sdk),
            _ => None,
        }
    }
}

/// Severity pairs: (request side, response side).
type Pair = (Severity, Severity);
const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const I: Severity = Severity::Info;
/// Tightening: breaks requests, safe for responses.
const T: Pair = (E, I);
/// Loosening: safe for requests, breaks responses.
const L: Pair = (I, E);
/// Incompatible either way.
const C: Pair = (E, E);
/// Safe either way.
const S: Pair = (I, I);

/// One schema keyword/action: generates `request-<key>-<action>` and `response-<key>-<action>`.
#[derive(Debug, Clone, Copy)]
pub struct KeywordAction {
    /// The kebab-case keyword (`max-length`).
    pub key: &'static str,
    /// The keyword as written in a spec (`maxLength`), for messages and docs.
    pub keyword: &'static str,
    /// Kind tag.
    pub kind: Kind,
    /// Action tag.
    pub action: Action,
    /// Severities (request, response).
    pub severity: Pair,
    /// Example schema in the base (YAML flow style); the generated tests use it.
    pub base: &'static str,
    /// Example schema in the revision.
    pub revision: &'static str,
}

const fn kw(
    key: &'static str,
    keyword: &'static str,
    kind: Kind,
    action: Action,
    severity: Pair,
    base: &'static str,
    revision: &'static str,
) -> KeywordAction {
    KeywordAction {
        key,
        keyword,
        kind,
        action,
        severity,
        base,
        revision,
    }
}

use Action::*;
use Kind::*;

/// Every schema keyword × action. Each becomes two checks (request and response side); the
/// `base`/`revision` schemas are the documented example and the generated test input.
pub const SCHEMA_KEYWORDS: &[KeywordAction] = &[
    kw("max-length", "maxLength", Constraint, Increased, L, "{type: string, maxLength: 10}", "{type: string, maxLength: 20}"),
    kw("max-length", "maxLength", Constraint, Decreased, T, "{type: string, maxLength: 20}", "{type: string, maxLength: 10}"),
    kw("max-length", "maxLength", Constraint, Added, T, "{type: string}", "{type: string, maxLength: 10}"),
    kw("max-length", "maxLength", Constraint, Removed, L, "{type: string, maxLength: 10}", "{type: string}"),
    kw("min-length", "minLength", Constraint, Increased, T, "{type: string, minLength: 1}", "{type: string, minLength: 3}"),
    kw("min-length", "minLength", Constraint, Decreased, L, "{type: string, minLength: 3}", "{type: string, minLength: 1}"),
    kw("min-length", "minLength", Constraint, Added, T, "{type: string}", "{type: string, minLength: 1}"),
    kw("min-length", "minLength", Constraint, Removed, L, "{type: string, minLength: 1}", "{type: string}"),
    kw("maximum", "maximum", Constraint, Increased, L, "{type: integer, maximum: 10}", "{type: integer, maximum: 20}"),
    kw("maximum", "maximum", Constraint, Decreased, T, "{type: integer, maximum: 20}", "{type: integer, maximum: 10}"),
    kw("maximum", "maximum", Constraint, Added, T, "{type: integer}", "{type: integer, maximum: 10}"),
    kw("maximum", "maximum", Constraint, Removed, L, "{type: integer, maximum: 10}", "{type: integer}"),
    kw("minimum", "minimum", Constraint, Increased, T, "{type: integer, minimum: 1}", "{type: integer, minimum: 5}"),
    kw("minimum", "minimum", Constraint, Decreased, L, "{type: integer, minimum: 5}", "{type: integer, minimum: 1}"),
    kw("minimum", "minimum", Constraint, Added, T, "{type: integer}", "{type: integer, minimum: 1}"),
    kw("minimum", "minimum", Constraint, Removed, L, "{type: integer, minimum: 1}", "{type: integer}"),
    kw("max-items", "maxItems", Constraint, Increased, L, "{type: array, items: {type: string}, maxItems: 10}", "{type: array, items: {type: string}, maxItems: 20}"),
    kw("max-items", "maxItems", Constraint, Decreased, T, "{type: array, items: {type: string}, maxItems: 20}", "{type: array, items: {type: string}, maxItems: 10}"),
    kw("max-items", "maxItems", Constraint, Added, T, "{type: array, items: {type: string}}", "{type: array, items: {type: string}, maxItems: 10}"),
    kw("max-items", "maxItems", Constraint, Removed, L, "{type: array, items: {type: string}, maxItems: 10}", "{type: array, items: {type: string}}"),
    kw("min-items", "minItems", Constraint, Increased, T, "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}"),
    kw("min-items", "minItems", Constraint, Decreased, L, "{type: array, items: {type: string}, minItems: 2}", "{type: array, items: {type: string}, minItems: 1}"),
    kw("min-items", "minItems", Constraint, Added, T, "{type: array, items: {type: string}}", "{type: array, items: {type: string}, minItems: 1}"),
    kw("min-items", "minItems", Constraint, Removed, L, "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}}"),
    kw("max-properties", "maxProperties", Constraint, Increased, L, "{type: object, maxProperties: 5}", "{type: object, maxProperties: 9}"),
    kw("max-properties", "maxProperties", Constraint, Decreased, T, "{type: object, maxProperties: 9}", "{type: object, maxProperties: 5}"),
    kw("max-properties", "maxProperties", Constraint, Added, T, "{type: object}", "{type: object, maxProperties: 5}"),
    kw("max-properties", "maxProperties", Constraint, Removed, L, "{type: object, maxProperties: 5}", "{type: object}"),
    kw("min-properties", "minProperties", Constraint, Increased, T, "{type: object, minProperties: 1}", "{type: object, minProperties: 2}"),
    kw("min-properties", "minProperties", Constraint, Decreased, L, "{type: object, minProperties: 2}", "{type: object, minProperties: 1}"),
    kw("min-properties", "minProperties", Constraint, Added, T, "{type: object}", "{type: object, minProperties: 1}"),
    kw("min-properties", "minProperties", Constraint, Removed, L, "{type: object, minProperties: 1}", "{type: object}"),
    kw("exclusive-minimum", "exclusiveMinimum", Constraint, Added, T, "{type: number, minimum: 0}", "{type: number, minimum: 0, exclusiveMinimum: true}"),
    kw("exclusive-minimum", "exclusiveMinimum", Constraint, Removed, L, "{type: number, minimum: 0, exclusiveMinimum: true}", "{type: number, minimum: 0}"),
    kw("exclusive-maximum", "exclusiveMaximum", Constraint, Added, T, "{type: number, maximum: 9}", "{type: number, maximum: 9, exclusiveMaximum: true}"),
    kw("exclusive-maximum", "exclusiveMaximum", Constraint, Removed, L, "{type: number, maximum: 9, exclusiveMaximum: true}", "{type: number, maximum: 9}"),
    kw("multiple-of", "multipleOf", Constraint, Added, T, "{type: integer}", "{type: integer, multipleOf: 5}"),
    kw("multiple-of", "multipleOf", Constraint, Removed, L, "{type: integer, multipleOf: 5}", "{type: integer}"),
    kw("multiple-of", "multipleOf", Constraint, Changed, C, "{type: integer, multipleOf: 2}", "{type: integer, multipleOf: 3}"),
    kw("unique-items", "uniqueItems", Constraint, Added, T, "{type: array, items: {type: string}}", "{type: array, items: {type: string}, uniqueItems: true}"),
    kw("unique-items", "uniqueItems", Constraint, Removed, L, "{type: array, items: {type: string}, uniqueItems: true}", "{type: array, items: {type: string}}"),
    kw("pattern", "pattern", Constraint, Added, T, "{type: string}", "{type: string, pattern: '^[a-z]+$'}"),
    kw("pattern", "pattern", Constraint, Removed, L, "{type: string, pattern: '^[a-z]+$'}", "{type: string}"),
    kw("pattern", "pattern", Constraint, Changed, C, "{type: string, pattern: '^[a-z]+$'}", "{type: string, pattern: '^[0-9]+$'}"),
    kw("format", "format", Type, Added, T, "{type: string}", "{type: string, format: uuid}"),
    kw("format", "format", Type, Removed, L, "{type: string, format: uuid}", "{type: string}"),
    kw("format", "format", Type, Widened, L, "{type: string, format: date}", "{type: string, format: date-time}"),
    kw("format", "format", Type, Narrowed, T, "{type: integer, format: int64}", "{type: integer, format: int32}"),
    kw("format", "format", Type, Changed, C, "{type: string, format: uuid}", "{type: string, format: email}"),
    kw("type", "type", Type, Widened, L, "{type: integer}", "{type: number}"),
    kw("type", "type", Type, Narrowed, T, "{type: number}", "{type: integer}"),
    kw("type", "type", Type, Changed, C, "{type: string}", "{type: integer}"),
    kw("nullable", "nullable", Type, Added, L, "{type: string}", "{type: string, nullable: true}"),
    kw("nullable", "nullable", Type, Removed, T, "{type: string, nullable: true}", "{type: string}"),
    kw("enum-value", "enum", Enum, Added, (I, W), "{type: string, enum: [a, b]}", "{type: string, enum: [a, b, c]}"),
    kw("enum-value", "enum", Enum, Removed, T, "{type: string, enum: [a, b, c]}", "{type: string, enum: [a, b]}"),
    kw("enum", "enum", Enum, Added, T, "{type: string}", "{type: string, enum: [a, b]}"),
    kw("enum", "enum", Enum, Removed, L, "{type: string, enum: [a, b]}", "{type: string}"),
    kw("additional-properties", "additionalProperties", Constraint, Narrowed, T, "{type: object, properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string}}, additionalProperties: false}"),
    kw("additional-properties", "additionalProperties", Constraint, Widened, L, "{type: object, properties: {a: {type: string}}, additionalProperties: false}", "{type: object, properties: {a: {type: string}}}"),
    kw("property", "properties", Presence, Added, S, "{type: object, properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string}, b: {type: string}}}"),
    kw("property", "properties", Presence, Removed, (E, E), "{type: object, properties: {a: {type: string}, b: {type: string}}}", "{type: object, properties: {a: {type: string}}}"),
    kw("required-property", "required", Presence, Added, T, "{type: object, properties: {a: {type: string}}}", "{type: object, required: [b], properties: {a: {type: string}, b: {type: string}}}"),
    kw("required", "required", Required, Added, T, "{type: object, properties: {a: {type: string}}}", "{type: object, required: [a], properties: {a: {type: string}}}"),
    kw("required", "required", Required, Removed, L, "{type: object, required: [a], properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string}}}"),
    kw("read-only", "readOnly", Access, Added, (W, I), "{type: object, properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string, readOnly: true}}}"),
    kw("read-only", "readOnly", Access, Removed, S, "{type: object, properties: {a: {type: string, readOnly: true}}}", "{type: object, properties: {a: {type: string}}}"),
    kw("write-only", "writeOnly", Access, Added, (I, E), "{type: object, properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string, writeOnly: true}}}"),
    kw("write-only", "writeOnly", Access, Removed, S, "{type: object, properties: {a: {type: string, writeOnly: true}}}", "{type: object, properties: {a: {type: string}}}"),
    kw("deprecated", "deprecated", Deprecation, Added, S, "{type: string}", "{type: string, deprecated: true}"),
    kw("deprecated", "deprecated", Deprecation, Removed, S, "{type: string, deprecated: true}", "{type: string}"),
    kw("default", "default", Default, Added, S, "{type: integer}", "{type: integer, default: 10}"),
    kw("default", "default", Default, Removed, (W, I), "{type: integer, default: 10}", "{type: integer}"),
    kw("default", "default", Default, Changed, (W, I), "{type: integer, default: 10}", "{type: integer, default: 20}"),
    kw("one-of", "oneOf", Composition, Added, (I, W), "{oneOf: [{type: string}, {type: integer}]}", "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}"),
    kw("one-of", "oneOf", Composition, Removed, T, "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}", "{oneOf: [{type: string}, {type: integer}]}"),
    kw("any-of", "anyOf", Composition, Added, (I, W), "{anyOf: [{type: string}, {type: integer}]}", "{anyOf: [{type: string}, {type: integer}, {type: boolean}]}"),
    kw("any-of", "anyOf", Composition, Removed, T, "{anyOf: [{type: string}, {type: integer}, {type: boolean}]}", "{anyOf: [{type: string}, {type: integer}]}"),
    kw("all-of", "allOf", Composition, Added, T, "{allOf: [{type: object, properties: {a: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, required: [b], properties: {b: {type: string}}}]}"),
    kw("all-of", "allOf", Composition, Removed, L, "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, required: [b], properties: {b: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}]}"),
    kw("not", "not", Composition, Added, T, "{type: string}", "{type: string, not: {enum: [x]}}"),
    kw("not", "not", Composition, Removed, L, "{type: string, not: {enum: [x]}}", "{type: string}"),
    kw("discriminator", "discriminator", Composition, Changed, C, "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind}}", "{type: object, properties: {kind: {type: string}, type: {type: string}}, discriminator: {propertyName: type}}"),
    kw("discriminator-mapping", "discriminator.mapping", Composition, Added, (I, W), "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}}", "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A', b: '#/components/schemas/B'}}}"),
    kw("discriminator-mapping", "discriminator.mapping", Composition, Removed, T, "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A', b: '#/components/schemas/B'}}}", "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}}"),
    kw("discriminator-mapping", "discriminator.mapping", Composition, Changed, C, "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}}", "{type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/B'}}}"),
];

/// A non-schema check: (id, side, area, kind, action, severity, summary, mirror or reason).
type Other = (
    &'static str,
    Side,
    Area,
    Kind,
    Action,
    Severity,
    &'static str,
    Option<&'static str>,
);

const NO_HEADER_STYLE: &str =
    "response headers are always `style: simple` without `explode`; only parameters have a choice";
const NO_EMPTY_HEADER: &str = "`allowEmptyValue` exists for query parameters only";
const BODY_PER_STATUS: &str =
    "a response body belongs to a status code: response-status-* and response-media-type-* cover it";
const SECURITY_REQUEST: &str = "credentials are sent by the client; responses carry none";
const PATH_ONLY: &str = "path templates exist on the request side only";

use Side::{Both, Request, Response};

/// The non-schema checks.
pub const OTHER: &[Other] = &[
    (
        "operation-added",
        Both,
        Area::Operation,
        Presence,
        Added,
        I,
        "An operation was added",
        None,
    ),
    (
        "operation-removed",
        Both,
        Area::Operation,
        Presence,
        Removed,
        E,
        "An operation was removed without being deprecated first",
        None,
    ),
    (
        "deprecated-operation-removed",
        Both,
        Area::Operation,
        Deprecation,
        Removed,
        W,
        "A deprecated operation without a sunset date was removed",
        None,
    ),
    (
        "operation-removed-before-sunset",
        Both,
        Area::Operation,
        Deprecation,
        Removed,
        E,
        "A deprecated operation was removed before its sunset date",
        None,
    ),
    (
        "operation-removed-after-sunset",
        Both,
        Area::Operation,
        Deprecation,
        Removed,
        I,
        "A deprecated operation was removed after its sunset date",
        None,
    ),
    (
        "operation-deprecated-added",
        Both,
        Area::Operation,
        Deprecation,
        Added,
        I,
        "An operation was deprecated",
        None,
    ),
    (
        "operation-deprecated-removed",
        Both,
        Area::Operation,
        Deprecation,
        Removed,
        I,
        "An operation is no longer deprecated",
        None,
    ),
    (
        "operation-sunset-decreased",
        Both,
        Area::Operation,
        Deprecation,
        Decreased,
        E,
        "An operation's sunset date moved earlier",
        None,
    ),
    (
        "operation-sunset-increased",
        Both,
        Area::Operation,
        Deprecation,
        Increased,
        I,
        "An operation's sunset date moved later",
        None,
    ),
    (
        "operation-id-changed",
        Both,
        Area::Operation,
        Identity,
        Changed,
        I,
        "An operation's operationId changed",
        None,
    ),
    (
        "path-parameter-renamed",
        Request,
        Area::Path,
        Identity,
        Changed,
        I,
        "A path parameter was renamed (the template shape is the same)",
        Some(PATH_ONLY),
    ),
    (
        "request-parameter-added",
        Request,
        Area::Parameter,
        Presence,
        Added,
        I,
        "An optional request parameter was added",
        Some("response-header-added"),
    ),
    (
        "request-required-parameter-added",
        Request,
        Area::Parameter,
        Presence,
        Added,
        E,
        "A required request parameter was added",
        Some("response-required-header-added"),
    ),
    (
        "request-parameter-removed",
        Request,
        Area::Parameter,
        Presence,
        Removed,
        E,
        "A request parameter was removed without being deprecated first",
        Some("response-header-removed"),
    ),
    (
        "request-deprecated-parameter-removed",
        Request,
        Area::Parameter,
        Deprecation,
        Removed,
        W,
        "A deprecated request parameter without a sunset date was removed",
        Some("response-deprecated-header-removed"),
    ),
    (
        "request-parameter-removed-before-sunset",
        Request,
        Area::Parameter,
        Deprecation,
        Removed,
        E,
        "A deprecated request parameter was removed before its sunset date",
        Some("response-header-removed-before-sunset"),
    ),
    (
        "request-parameter-removed-after-sunset",
        Request,
        Area::Parameter,
        Deprecation,
        Removed,
        I,
        "A deprecated request parameter was removed after its sunset date",
        Some("response-header-removed-after-sunset"),
    ),
    (
        "request-parameter-sunset-decreased",
        Request,
        Area::Parameter,
        Deprecation,
        Decreased,
        E,
        "A request parameter's sunset date moved earlier",
        Some("response-header-sunset-decreased"),
    ),
    (
        "request-parameter-sunset-increased",
        Request,
        Area::Parameter,
        Deprecation,
        Increased,
        I,
        "A request parameter's sunset date moved later",
        Some("response-header-sunset-increased"),
    ),
    (
        "response-deprecated-header-removed",
        Response,
        Area::Header,
        Deprecation,
        Removed,
        W,
        "A deprecated response header without a sunset date was removed",
        None,
    ),
    (
        "response-header-removed-before-sunset",
        Response,
        Area::Header,
        Deprecation,
        Removed,
        E,
        "A deprecated response header was removed before its sunset date",
        None,
    ),
    (
        "response-header-removed-after-sunset",
        Response,
        Area::Header,
        Deprecation,
        Removed,
        I,
        "A deprecated response header was removed after its sunset date",
        None,
    ),
    (
        "response-header-sunset-decreased",
        Response,
        Area::Header,
        Deprecation,
        Decreased,
        E,
        "A response header's sunset date moved earlier",
        None,
    ),
    (
        "response-header-sunset-increased",
        Response,
        Area::Header,
        Deprecation,
        Increased,
        I,
        "A response header's sunset date moved later",
        None,
    ),
    (
        "request-deprecated-property-removed",
        Request,
        Area::Schema,
        Deprecation,
        Removed,
        W,
        "A deprecated property without a sunset date was removed from a request schema",
        Some("response-deprecated-property-removed"),
    ),
    (
        "request-property-removed-before-sunset",
        Request,
        Area::Schema,
        Deprecation,
        Removed,
        E,
        "A deprecated property was removed from a request schema before its sunset date",
        Some("response-property-removed-before-sunset"),
    ),
    (
        "request-property-removed-after-sunset",
        Request,
        Area::Schema,
        Deprecation,
        Removed,
        I,
        "A deprecated property was removed from a request schema after its sunset date",
        Some("response-property-removed-after-sunset"),
    ),
    (
        "request-property-sunset-decreased",
        Request,
        Area::Schema,
        Deprecation,
        Decreased,
        E,
        "A request property's sunset date moved earlier",
        Some("response-property-sunset-decreased"),
    ),
    (
        "request-property-sunset-increased",
        Request,
        Area::Schema,
        Deprecation,
        Increased,
        I,
        "A request property's sunset date moved later",
        Some("response-property-sunset-increased"),
    ),
    (
        "response-deprecated-property-removed",
        Response,
        Area::Schema,
        Deprecation,
        Removed,
        W,
        "A deprecated property without a sunset date was removed from a response schema",
        None,
    ),
    (
        "response-property-removed-before-sunset",
        Response,
        Area::Schema,
        Deprecation,
        Removed,
        E,
        "A deprecated property was removed from a response schema before its sunset date",
        None,
    ),
    (
        "response-property-removed-after-sunset",
        Response,
        Area::Schema,
        Deprecation,
        Removed,
        I,
        "A deprecated property was removed from a response schema after its sunset date",
        None,
    ),
    (
        "response-property-sunset-decreased",
        Response,
        Area::Schema,
        Deprecation,
        Decreased,
        E,
        "A response property's sunset date moved earlier",
        None,
    ),
    (
        "response-property-sunset-increased",
        Response,
        Area::Schema,
        Deprecation,
        Increased,
        I,
        "A response property's sunset date moved later",
        None,
    ),
    (
        "request-parameter-required-added",
        Request,
        Area::Parameter,
        Required,
        Added,
        E,
        "A request parameter became required",
        Some("response-header-required-added"),
    ),
    (
        "request-parameter-required-removed",
        Request,
        Area::Parameter,
        Required,
        Removed,
        I,
        "A request parameter became optional",
        Some("response-header-required-removed"),
    ),
    (
        "request-parameter-style-changed",
        Request,
        Area::Parameter,
        Encoding,
        Changed,
        E,
        "A request parameter's style changed",
        Some(NO_HEADER_STYLE),
    ),
    (
        "request-parameter-explode-changed",
        Request,
        Area::Parameter,
        Encoding,
        Changed,
        E,
        "A request parameter's explode changed",
        Some(NO_HEADER_STYLE),
    ),
    (
        "request-parameter-allow-empty-value-added",
        Request,
        Area::Parameter,
        Encoding,
        Added,
        I,
        "A query parameter now allows an empty value",
        Some(NO_EMPTY_HEADER),
    ),
    (
        "request-parameter-allow-empty-value-removed",
        Request,
        Area::Parameter,
        Encoding,
        Removed,
        E,
        "A query parameter no longer allows an empty value",
        Some(NO_EMPTY_HEADER),
    ),
    (
        "request-parameter-deprecated-added",
        Request,
        Area::Parameter,
        Deprecation,
        Added,
        I,
        "A request parameter was deprecated",
        Some("response-header-deprecated-added"),
    ),
    (
        "request-parameter-deprecated-removed",
        Request,
        Area::Parameter,
        Deprecation,
        Removed,
        I,
        "A request parameter is no longer deprecated",
        Some("response-header-deprecated-removed"),
    ),
    (
        "response-header-added",
        Response,
        Area::Header,
        Presence,
        Added,
        I,
        "An optional response header was added",
        None,
    ),
    (
        "response-required-header-added",
        Response,
        Area::Header,
        Presence,
        Added,
        I,
        "A required response header was added",
        None,
    ),
    (
        "response-header-removed",
        Response,
        Area::Header,
        Presence,
        Removed,
        W,
        "An optional response header was removed",
        None,
    ),
    (
        "response-required-header-removed",
        Response,
        Area::Header,
        Presence,
        Removed,
        E,
        "A required response header was removed",
        None,
    ),
    (
        "response-header-required-added",
        Response,
        Area::Header,
        Required,
        Added,
        I,
        "A response header became required",
        None,
    ),
    (
        "response-header-required-removed",
        Response,
        Area::Header,
        Required,
        Removed,
        E,
        "A response header became optional",
        None,
    ),
    (
        "response-header-deprecated-added",
        Response,
        Area::Header,
        Deprecation,
        Added,
        I,
        "A response header was deprecated",
        None,
    ),
    (
        "response-header-deprecated-removed",
        Response,
        Area::Header,
        Deprecation,
        Removed,
        I,
        "A response header is no longer deprecated",
        None,
    ),
    (
        "request-body-added",
        Request,
        Area::RequestBody,
        Presence,
        Added,
        I,
        "An optional request body was added",
        Some(BODY_PER_STATUS),
    ),
    (
        "request-required-body-added",
        Request,
        Area::RequestBody,
        Presence,
        Added,
        E,
        "A required request body was added",
        Some(BODY_PER_STATUS),
    ),
    (
        "request-body-removed",
        Request,
        Area::RequestBody,
        Presence,
        Removed,
        W,
        "The request body was removed",
        Some(BODY_PER_STATUS),
    ),
    (
        "request-body-required-added",
        Request,
        Area::RequestBody,
        Required,
        Added,
        E,
        "The request body became required",
        Some(BODY_PER_STATUS),
    ),
    (
        "request-body-required-removed",
        Request,
        Area::RequestBody,
        Required,
        Removed,
        I,
        "The request body became optional",
        Some(BODY_PER_STATUS),
    ),
    (
        "request-media-type-added",
        Request,
        Area::RequestBody,
        Encoding,
        Added,
        I,
        "A request media type was added",
        Some("response-media-type-added"),
    ),
    (
        "request-media-type-removed",
        Request,
        Area::RequestBody,
        Encoding,
        Removed,
        E,
        "A request media type was removed",
        Some("response-media-type-removed"),
    ),
    (
        "request-media-type-changed",
        Request,
        Area::RequestBody,
        Encoding,
        Changed,
        W,
        "A request media type changed within its structured-syntax family (`+json`)",
        Some("response-media-type-changed"),
    ),
    (
        "response-media-type-added",
        Response,
        Area::Response,
        Encoding,
        Added,
        I,
        "A response media type was added (clients choose with `Accept`)",
        None,
    ),
    (
        "response-media-type-removed",
        Response,
        Area::Response,
        Encoding,
        Removed,
        E,
        "A response media type was removed",
        None,
    ),
    (
        "response-media-type-changed",
        Response,
        Area::Response,
        Encoding,
        Changed,
        W,
        "A response media type changed within its structured-syntax family (`+json`)",
        None,
    ),
    (
        "response-success-status-added",
        Response,
        Area::Response,
        Presence,
        Added,
        W,
        "A success (2xx) status code was added",
        None,
    ),
    (
        "response-success-status-removed",
        Response,
        Area::Response,
        Presence,
        Removed,
        E,
        "A success (2xx) status code was removed",
        None,
    ),
    (
        "response-status-added",
        Response,
        Area::Response,
        Presence,
        Added,
        I,
        "A non-success status code was added",
        None,
    ),
    (
        "response-status-removed",
        Response,
        Area::Response,
        Presence,
        Removed,
        I,
        "A non-success status code was removed",
        None,
    ),
    (
        "request-security-added",
        Request,
        Area::Security,
        Presence,
        Added,
        E,
        "An operation that needed no credentials now requires them",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-removed",
        Request,
        Area::Security,
        Presence,
        Removed,
        I,
        "An operation no longer requires credentials",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-scope-added",
        Request,
        Area::Security,
        Constraint,
        Added,
        E,
        "An OAuth scope was added to a security requirement",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-scope-removed",
        Request,
        Area::Security,
        Constraint,
        Removed,
        I,
        "An OAuth scope was removed from a security requirement",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-alternative-added",
        Request,
        Area::Security,
        Presence,
        Added,
        I,
        "A security alternative was added (callers may use either)",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-alternative-removed",
        Request,
        Area::Security,
        Presence,
        Removed,
        E,
        "A security alternative was removed",
        Some(SECURITY_REQUEST),
    ),
    (
        "request-security-scheme-changed",
        Request,
        Area::Security,
        Identity,
        Changed,
        E,
        "A security scheme's type, location or name changed",
        Some(SECURITY_REQUEST),
    ),
    (
        "server-url-changed",
        Both,
        Area::Server,
        Identity,
        Changed,
        W,
        "A server URL changed",
        None,
    ),
    (
        "server-added",
        Both,
        Area::Server,
        Presence,
        Added,
        I,
        "A server was added",
        None,
    ),
    (
        "server-removed",
        Both,
        Area::Server,
        Presence,
        Removed,
        W,
        "A server was removed",
        None,
    ),
    (
        "webhook-added",
        Both,
        Area::Webhook,
        Presence,
        Added,
        I,
        "A webhook (or callback) was added",
        None,
    ),
    (
        "webhook-removed",
        Both,
        Area::Webhook,
        Presence,
        Removed,
        W,
        "A webhook (or callback) was removed",
        None,
    ),
    (
        "schema-renamed",
        Both,
        Area::Schema,
        Identity,
        Changed,
        I,
        "A referenced component schema was renamed (same place, other name)",
        None,
    ),
    (
        "breaking-change-without-major-bump",
        Both,
        Area::Version,
        Version,
        Changed,
        E,
        "Breaking changes without a major version bump",
        None,
    ),
    (
        "version-decreased",
        Both,
        Area::Version,
        Version,
        Decreased,
        W,
        "info.version went down",
        None,
    ),
];

fn why(side: Side, severity: Severity) -> &'static str {
    match (side, severity) {
        (Side::Request, Severity::Error) => {
            "Requests that were valid under the base contract may now be rejected: clients built against it break."
        }
        (Side::Response, Severity::Error) => {
            "Clients built against the base contract may now receive responses they do not expect and fail to validate, parse or store them."
        }
        (_, Severity::Warning) => {
            "Whether clients break depends on what they send or how they handle what they receive; review the change."
        }
        (_, Severity::Error) => "Clients built against the base contract break.",
        (_, Severity::Info) => {
            "Safe: everything valid under the base contract stays valid in the direction that matters. Listed for changelogs."
        }
    }
}

fn swap_action(id: &str) -> Option<String> {
    let pairs = [
        ("-added", "-removed"),
        ("-increased", "-decreased"),
        ("-widened", "-narrowed"),
    ];
    for (a, b) in pairs {
        if let Some(stem) = id.strip_suffix(a) {
            return Some(format!("{stem}{b}"));
        }
        if let Some(stem) = id.strip_suffix(b) {
            return Some(format!("{stem}{a}"));
        }
    }
    id.ends_with("-changed").then(|| id.to_string())
}

fn build() -> Vec<Check> {
    let mut out = Vec::new();
    for k in SCHEMA_KEYWORDS {
        for (side, severity) in [
            (Side::Request, k.severity.0),
            (Side::Response, k.severity.1),
        ] {
            let id = format!("{}-{}-{}", side.name(), k.key, k.action.name());
            let other = match side {
                Side::Request => "response",
                _ => "request",
            };
            let what = match k.action {
                Added => "added to",
                Removed => "removed from",
                Increased => "increased on",
                Decreased => "decreased on",
                Widened => "widened on",
                Narrowed => "narrowed on",
                Changed => "changed on",
            };
            let subject = match k.key {
                "enum-value" => "An enum value".to_string(),
                "property" => "A property".to_string(),
                "required-property" => "A required property".to_string(),
                "required" => "A property's `required` status".to_string(),
                "one-of" | "any-of" | "all-of" => format!("A `{}` branch", k.keyword),
                _ => format!("`{}`", k.keyword),
            };
            let mut why_text = why(side, severity).to_string();
            if k.key == "enum-value" && side == Side::Response {
                why_text.push_str(" Clients that switch over the values may not handle the new one; an enum marked `x-extensible-enum: true` declares new values expected (info). In the `sdk` profile it is an error.");
            }
            if k.key == "property" && side == Side::Request && k.action == Removed {
                why_text.push_str(" The server may now ignore the property (the client's data is silently dropped) or, with `additionalProperties: false`, reject it.");
            }
            if k.key == "property" && k.action == Removed {
                why_text.push_str(" This is the removal of a property that was not deprecated first; deprecate it with an `x-sunset` date and remove it after that date (`*-property-removed-after-sunset`, info).");
            }
            out.push(Check {
                mirror: (side == Side::Request)
                    .then(|| Mirror::Check(format!("{other}-{}-{}", k.key, k.action.name()))),
                inverse: None,
                id,
                side,
                area: Area::Schema,
                kind: k.kind,
                action: k.action,
                severity,
                sdk_severity: (k.key == "enum-value"
                    && side == Side::Response
                    && k.action == Added)
                    .then_some(Severity::Error),
                summary: format!("{subject} {what} a {} schema", side.name()),
                why: why_text,
                example: Some((
                    format!("schema: {}", k.base),
                    format!("schema: {}", k.revision),
                )),
            });
        }
    }
    for &(id, side, area, kind, action, severity, summary, mirror) in OTHER {
        let mirror = (side == Side::Request).then(|| match mirror {
            Some(m) if !m.contains(' ') => Mirror::Check(m.to_string()),
            Some(reason) => Mirror::NoMirror(reason),
            None => Mirror::NoMirror("no counterpart recorded"),
        });
        let mut why_text = why(side, severity).to_string();
        match id {
            "operation-id-changed" => why_text.push_str(" The operationId is not on the wire, but generated clients name their methods after it: an error in the `sdk` profile."),
            "schema-renamed" => why_text.push_str(" Schema names are not on the wire, but generated clients name their types after them: an error in the `sdk` profile."),
            "request-security-added" | "request-security-scope-added" => why_text.push_str(" Existing callers without the credential or scope now get 401 or 403."),
            "breaking-change-without-major-bump" => why_text = "Semantic versioning: a change that breaks clients needs a new major version (`info.version` or the `/vN` of servers and paths). With a major bump, breaking findings are reported at the severity `breaking-with-major-bump` sets in `[diff]` (default warning).".into(),
            "operation-removed" | "operation-removed-before-sunset" | "operation-removed-after-sunset" | "deprecated-operation-removed" | "operation-sunset-decreased" => why_text.push_str(" The deprecation lifecycle: deprecate (`deprecated: true`, or a `Deprecation` response header, RFC 9745), announce a sunset date (`x-sunset`, or the `Sunset` response header, RFC 8594), remove after it."),
            id if id.contains("sunset") || id.contains("-deprecated-parameter-") || id.contains("-deprecated-header-") || id.contains("-deprecated-property-") || id == "request-parameter-removed" => why_text.push_str(" The deprecation lifecycle: mark the element `deprecated: true`, announce a sunset date with `x-sunset` (YYYY-MM-DD) on the parameter, header or property schema, remove it after that date. Removing it without deprecating it first is an error; after its sunset, info."),
            _ => {}
        }
        out.push(Check {
            id: id.to_string(),
            side,
            area,
            kind,
            action,
            severity,
            sdk_severity: matches!(id, "operation-id-changed" | "schema-renamed")
                .then_some(Severity::Error),
            summary: summary.to_string(),
            why: why_text,
            example: crate::examples::example(id),
            mirror,
            inverse: None,
        });
    }
    let ids: std::collections::HashSet<String> = out.iter().map(|c| c.id.clone()).collect();
    for c in &mut out {
        c.inverse = match c.id.as_str() {
            "operation-removed"
            | "deprecated-operation-removed"
            | "operation-removed-before-sunset"
            | "operation-removed-after-sunset" => Some("operation-added".into()),
            "request-required-parameter-added" => Some("request-parameter-removed".into()),
            id if id.contains("-removed-before-sunset")
                || id.contains("-removed-after-sunset")
                || id.contains("-deprecated-parameter-removed")
                || id.contains("-deprecated-header-removed")
                || id.contains("-deprecated-property-removed") =>
            {
                None
            }
            "request-required-body-added" => Some("request-body-removed".into()),
            "request-required-property-added" | "response-required-property-added" => {
                Some(c.id.replace("required-property-added", "property-removed"))
            }
            "operation-added"
            | "request-parameter-removed"
            | "request-body-removed"
            | "response-header-removed"
            | "request-property-removed"
            | "response-property-removed"
            | "breaking-change-without-major-bump"
            | "version-decreased"
            | "request-parameter-added"
            | "request-body-added" => None,
            other => swap_action(other).filter(|s| ids.contains(s)),
        };
    }
    out
}

/// Every check, schema checks first (in table order), then the others.
pub fn checks() -> &'static [Check] {
    static CHECKS: OnceLock<Vec<Check>> = OnceLock::new();
    CHECKS.get_or_init(build)
}

/// The check with id `id`.
pub fn find(id: &str) -> Option<&'static Check> {
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        checks()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect()
    });
    index.get(id).map(|&i| &checks()[i])
}

/// The reference page of every check (`docs/diff/checks.md`), generated from the table.
pub fn reference_page() -> String {
    let mut out = String::from(
        "# Breaking-change checks (`pactum diff`)\n\n\
         Generated from `crates/pactum-diff/src/checks.rs` \
         (`PACTUM_UPDATE_DOCS=1 cargo test -p pactum-diff --test docs`). \
         Severities: `error` breaks clients that followed the old contract, `warning` may break \
         some, `info` is safe.\n\n\
         | id | direction | area | kind | action | severity |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for c in checks() {
        let sev = match c.sdk_severity {
            Some(s) => format!("{} (sdk: {s})", c.severity),
            None => c.severity.to_string(),
        };
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} | {sev} |\n",
            c.id, c.id, c.side, c.area, c.kind, c.action
        ));
    }
    for c in checks() {
        let docs = c.docs().replace("\n## ", "\n#### ");
        let docs = docs
            .strip_prefix("## ")
            .map(|d| format!("#### {d}"))
            .unwrap_or(docs);
        out.push_str(&format!("\n### {}\n\n{}", c.id, docs));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_many() {
        let mut seen = std::collections::HashSet::new();
        for c in checks() {
            assert!(seen.insert(c.id.as_str()), "duplicate id {}", c.id);
            assert!(
                c.id.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{} is not kebab-case",
                c.id
            );
            assert!(
                !c.summary.ends_with('.'),
                "{}: summary ends with a period",
                c.id
            );
        }
        assert!(checks().len() >= 150, "only {} checks", checks().len());
    }

    /// Every request-side check has a response-side mirror that exists, or a recorded reason.
    #[test]
    fn every_request_check_has_a_mirror() {
        for c in checks().iter().filter(|c| c.side == Side::Request) {
            match &c.mirror {
                Some(Mirror::Check(m)) => {
                    let other = find(m).unwrap_or_else(|| panic!("{}: mirror {m} missing", c.id));
                    assert_eq!(
                        other.side,
                        Side::Response,
                        "{}: mirror {m} is not response-side",
                        c.id
                    );
                    assert_eq!(
                        other.action, c.action,
                        "{}: mirror {m} has another action",
                        c.id
                    );
                }
                Some(Mirror::NoMirror(reason)) => {
                    assert!(
                        reason.len() > 20 && *reason != "no counterpart recorded",
                        "{}: no reason",
                        c.id
                    )
                }
                None => panic!("{}: request-side check without mirror", c.id),
            }
        }
    }

    #[test]
    fn inverses_exist() {
        for c in checks() {
            if let Some(inv) = &c.inverse {
                assert!(find(inv).is_some(), "{}: inverse {inv} missing", c.id);
            }
        }
    }
}
