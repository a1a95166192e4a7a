//! `specs/petstore` is exemplary: a few of the catalogue's checks, written as visitors the way
//! rules will be, run over both versions.

use std::path::{Path, PathBuf};

use openapiv3::{
    AdditionalProperties, IntegerFormat, Operation, Parameter, ReferenceOr, Response, Schema,
    SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use super::*;

fn petstore(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs/petstore")
        .join(file)
}

/// Collects every way a spec falls short of the defensive-API practices.
struct Exemplary<'s> {
    spec: &'s Spec,
    problems: Vec<String>,
    operations: usize,
}

impl<'s> Exemplary<'s> {
    fn run(spec: &'s Spec) -> Exemplary<'s> {
        let mut check = Exemplary {
            spec,
            problems: Vec::new(),
            operations: 0,
        };
        walk(spec, &mut check);
        for c in RefIndex::build(spec).unreachable() {
            check
                .problems
                .push(format!("{}: unused component", c.pointer));
        }
        check
    }

    fn problem(&mut self, ctx: &Ctx<'_>, what: &str) {
        self.problems.push(format!("{}: {what}", ctx.pointer));
    }

    fn response(&self, op: &'s Operation, code: u16) -> Option<&'s Response> {
        let r = op.responses.responses.get(&StatusCode::Code(code))?;
        resolve_or(self.spec, r)
    }

    fn parameters(&self, op: &'s Operation) -> impl Iterator<Item = &'s Parameter> + '_ {
        op.parameters
            .iter()
            .filter_map(|p| resolve_or(self.spec, p))
    }
}

fn anchored(pattern: &str) -> bool {
    pattern.starts_with('^') && pattern.ends_with('$') && !pattern.contains(".*")
}

impl<'s> Visitor<'s> for Exemplary<'s> {
    fn visit_operation(&mut self, ctx: &Ctx<'_>, method: &'s str, op: &'s Operation) {
        self.operations += 1;
        if op.operation_id.is_none() {
            self.problem(ctx, "no operationId");
        }
        if op.tags.is_empty() {
            self.problem(ctx, "no tags");
        }
        if ctx.in_webhook {
            return;
        }
        match self.response(op, 429) {
            None => self.problem(ctx, "no 429"),
            Some(r) if !r.headers.contains_key("Retry-After") => {
                self.problem(ctx, "429 without Retry-After")
            }
            Some(_) => {}
        }
        if self.response(op, 401).is_none() {
            self.problem(ctx, "no 401");
        }
        if self.response(op, 400).is_none() && self.response(op, 422).is_none() {
            self.problem(ctx, "no 400/422");
        }
        if method == "post"
            && !self
                .parameters(op)
                .any(|p| p.parameter_data_ref().name == "Idempotency-Key")
        {
            self.problem(ctx, "POST without Idempotency-Key");
        }
        if op.deprecated {
            if !op.extensions.contains_key("x-sunset") {
                self.problem(ctx, "deprecated without x-sunset");
            }
            let ok = self.response(op, 200).is_some_and(|r| {
                r.headers.contains_key("Deprecation") && r.headers.contains_key("Sunset")
            });
            if !ok {
                self.problem(ctx, "deprecated without Deprecation/Sunset headers");
            }
        }
    }

    fn visit_response(&mut self, ctx: &Ctx<'_>, key: ResponseKey<'s>, r: &'s Response) {
        let ResponseKey::Status(StatusCode::Code(code)) = key else {
            return;
        };
        if ctx.in_webhook {
            return;
        }
        if (200..300).contains(code) {
            for h in ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"] {
                if !r.headers.contains_key(h) {
                    self.problem(ctx, &format!("2xx without {h}"));
                }
            }
        } else if *code >= 400 && r.content.keys().ne(["application/problem+json"]) {
            self.problem(ctx, "error not application/problem+json");
        }
    }

    fn visit_schema(&mut self, ctx: &Ctx<'_>, schema: &'s Schema, _site: &SchemaSite<'s>) {
        if ctx.direction != Some(Direction::Request) {
            return;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {
                if s.max_length.is_none() {
                    self.problem(ctx, "request string without maxLength");
                }
                match &s.pattern {
                    Some(p) if !anchored(p) => self.problem(ctx, "pattern not anchored"),
                    None if matches!(s.format, VariantOrUnknownOrEmpty::Empty) => {
                        self.problem(ctx, "request string without pattern or format")
                    }
                    _ => {}
                }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let sized = matches!(
                    i.format,
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32 | IntegerFormat::Int64)
                );
                if !sized || i.minimum.is_none() || i.maximum.is_none() {
                    self.problem(ctx, "request integer not bounded");
                }
            }
            SchemaKind::Type(Type::Number(_)) => self.problem(ctx, "request number"),
            SchemaKind::Type(Type::Array(a)) if a.max_items.is_none() => {
                self.problem(ctx, "request array without maxItems")
            }
            SchemaKind::Type(Type::Object(o)) => {
                if !matches!(
                    o.additional_properties,
                    Some(AdditionalProperties::Any(false))
                ) {
                    self.problem(ctx, "request object open");
                }
            }
            SchemaKind::Type(_) => {}
            _ => self.problem(ctx, "request schema without a type"),
        }
    }
}

/// `info.version`'s major matches the server's `/vN`, every operation is under bearer auth.
fn check_versioning_and_security(spec: &Spec, major: &str) {
    let api = &spec.openapi;
    assert!(api.info.version.starts_with(&format!("{major}.")));
    assert_eq!(api.info.version.split('.').count(), 3);
    assert_eq!(
        api.servers[0].url,
        format!("https://api.petstore.example.com/v{major}")
    );
    let schemes = &api.components.as_ref().unwrap().security_schemes;
    assert_eq!(schemes.len(), 1);
    let ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. }) = &schemes[0] else {
        panic!("not http");
    };
    assert_eq!(scheme, "bearer");
    assert_eq!(
        api.security.as_ref().unwrap()[0].keys().next().unwrap(),
        "bearerAuth"
    );
}

/// v1 through serde_yaml (3.0 needs no lowering), optionally edited.
fn v1_via_serde(edit: impl FnOnce(String) -> String) -> Spec {
    let text = edit(std::fs::read_to_string(petstore("v1.yaml")).unwrap());
    Spec {
        openapi: serde_yaml::from_str(&text).unwrap(),
        version: crate::lower::SpecVersion::V30,
        webhooks: Default::default(),
        path_items: Default::default(),
        source_map: crate::spec::SourceMap::new(Vec::new(), Vec::new(), Vec::new()),
    }
}

#[test]
fn the_check_has_teeth() {
    let spec = v1_via_serde(|t| {
        t.replacen("      additionalProperties: false\n", "", 1)
            .replacen("        maxLength: 128\n", "", 1)
            .replacen(
                "\n        '429': {$ref: '#/components/responses/TooManyRequests'}",
                "",
                1,
            )
            .replace(
                "            RateLimit-Reset: {$ref: '#/components/headers/RateLimit-Reset'}\n",
                "",
            )
    });
    let problems = Exemplary::run(&spec).problems;
    let has = |s: &str| problems.iter().any(|p| p == s);
    assert!(
        has("/components/schemas/NewPet: request object open"),
        "{problems:#?}"
    );
    assert!(has(
        "/components/parameters/Cursor/schema: request string without maxLength"
    ));
    assert!(has("/paths/~1pets/get: no 429"));
    assert!(has(
        "/paths/~1pets~1{petId}/delete/responses/204: 2xx without RateLimit-Reset"
    ));
}

#[test]
fn petstore_v1_is_exemplary() {
    let spec = v1_via_serde(|t| t);
    let check = Exemplary::run(&spec);
    assert_eq!(check.problems, Vec::<String>::new());
    assert_eq!(check.operations, 8);
    check_versioning_and_security(&spec, "1");
}
