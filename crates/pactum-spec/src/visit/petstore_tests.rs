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

fn load(file: &str) -> Spec {
    crate::load(&petstore(file), &crate::Options::default()).unwrap_or_else(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.to_string()).collect();
        panic!("{file} does not load: {messages:#?}")
    })
}

#[test]
fn petstore_v1_is_exemplary() {
    let spec = load("v1.yaml");
    assert_eq!(spec.version, crate::SpecVersion::V30);
    let check = Exemplary::run(&spec);
    assert_eq!(check.problems, Vec::<String>::new());
    assert_eq!(check.operations, 8);
    check_versioning_and_security(&spec, "1");
}

#[test]
fn petstore_v2_is_exemplary() {
    let spec = load("v2.yaml");
    assert_eq!(spec.version, crate::SpecVersion::V31);
    let check = Exemplary::run(&spec);
    assert_eq!(check.problems, Vec::<String>::new());
    assert_eq!(check.operations, 9);
    check_versioning_and_security(&spec, "2");
}

/// The webhook is walked with flipped directions, its signature and event id are required.
#[test]
fn petstore_v2_webhook_is_signed() {
    struct Webhook(Vec<(String, Option<Direction>)>);
    impl<'s> Visitor<'s> for Webhook {
        fn visit_parameter(&mut self, ctx: &Ctx<'_>, p: &'s Parameter) {
            let data = p.parameter_data_ref();
            if ctx.in_webhook && data.required && matches!(p, Parameter::Header { .. }) {
                self.0.push((data.name.clone(), ctx.direction));
            }
        }
    }
    let mut seen = Webhook(Vec::new());
    walk(&load("v2.yaml"), &mut seen);
    let response = Some(Direction::Response);
    assert_eq!(
        seen.0,
        [
            ("Pactum-Signature".to_owned(), response),
            ("Pactum-Event-Id".to_owned(), response)
        ]
    );
}

/// What v1 → v2 breaks: the renamed field and the removed (deprecated) operation.
#[test]
fn petstore_v1_to_v2_breaks_what_it_says() {
    let (v1, v2) = (load("v1.yaml"), load("v2.yaml"));
    let ops = |s: &Spec| -> Vec<String> {
        s.openapi
            .operations()
            .map(|(_, _, op)| op.operation_id.clone().unwrap())
            .collect()
    };
    let (o1, o2) = (ops(&v1), ops(&v2));
    let removed: Vec<_> = o1.iter().filter(|o| !o2.contains(o)).collect();
    let added: Vec<_> = o2.iter().filter(|o| !o1.contains(o)).collect();
    assert_eq!(removed, ["findPetsByStatus"]);
    assert_eq!(added, ["uploadPetPhoto"]);
    let props = |s: &Spec, name: &str| -> Vec<String> {
        let schema = resolve::<Schema>(s, &format!("#/components/schemas/{name}"))
            .unwrap()
            .1;
        let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
            panic!("{name} is not an object")
        };
        o.properties.keys().cloned().collect()
    };
    assert!(props(&v1, "NewPet").contains(&"category".to_owned()));
    assert!(props(&v2, "NewPet").contains(&"species".to_owned()));
    assert!(!props(&v2, "Pet").contains(&"category".to_owned()));
}

/// Every pointer the walker reports exists in the source: the source map finds it exactly.
#[test]
fn walker_pointers_locate_exactly() {
    #[derive(Default)]
    struct Pointers(Vec<String>);
    impl Pointers {
        fn add(&mut self, ctx: &Ctx<'_>) {
            self.0.push(ctx.pointer.to_owned());
            self.0.extend(ctx.via().map(str::to_owned));
        }
    }
    impl<'s> Visitor<'s> for Pointers {
        fn visit_operation(&mut self, ctx: &Ctx<'_>, _: &'s str, _: &'s Operation) {
            self.add(ctx);
        }
        fn visit_parameter(&mut self, ctx: &Ctx<'_>, _: &'s Parameter) {
            self.add(ctx);
        }
        fn visit_response(&mut self, ctx: &Ctx<'_>, _: ResponseKey<'s>, _: &'s Response) {
            self.add(ctx);
        }
        fn visit_header(&mut self, ctx: &Ctx<'_>, _: &'s str, _: &'s openapiv3::Header) {
            self.add(ctx);
        }
        fn visit_schema(&mut self, ctx: &Ctx<'_>, _: &'s Schema, _: &SchemaSite<'s>) {
            self.add(ctx);
        }
        fn visit_ref(&mut self, ctx: &Ctx<'_>, _: &'s str, _: Option<(ComponentKind, &'s str)>) {
            self.add(ctx);
        }
        fn visit_security_requirement(
            &mut self,
            ctx: &Ctx<'_>,
            _: &'s openapiv3::SecurityRequirement,
        ) {
            self.add(ctx);
        }
    }
    for file in ["v1.yaml", "v2.yaml"] {
        let spec = load(file);
        let mut p = Pointers::default();
        walk(&spec, &mut p);
        assert!(p.0.len() > 200, "{file}: {}", p.0.len());
        for pointer in &p.0 {
            let at = spec.source_map.locate(pointer);
            assert!(
                at.exact,
                "{file}: {pointer} not found (nearest {})",
                at.pointer
            );
        }
    }
}
