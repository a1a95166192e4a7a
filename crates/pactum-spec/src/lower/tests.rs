//! Document-level tests: versions, errors and their places, `$ref` keep/bundle/inline.

use openapiv3::{
    APIKeyLocation, Parameter, QueryStyle, ReferenceOr, SchemaKind, SecurityScheme, StatusCode,
    Type,
};

use super::testutil::{doc30, doc31, errs, ok, summary, Docs};
use super::SpecVersion;
use crate::error::LoadErrorKind as K;

fn kinds(errors: &[crate::LoadError]) -> Vec<K> {
    errors.iter().map(|e| e.kind).collect()
}

#[test]
fn minimal_30_document_loads_with_everything_in_place() {
    let l = ok(r#"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.2.0", "description": "d",
           "contact": {"name": "n", "email": "e@x"}, "license": {"name": "MIT"},
           "x-logo": {"url": "u"}},
  "servers": [{"url": "https://{env}.example.com", "variables": {"env": {"default": "api", "enum": ["api", "dev"]}}}],
  "tags": [{"name": "pets", "description": "Pets", "externalDocs": {"url": "https://d"}}],
  "security": [{"key": []}],
  "paths": {
    "/pets": {
      "get": {"operationId": "list", "tags": ["pets"],
              "responses": {"200": {"description": "OK"}}},
      "x-path-ext": 1
    },
    "x-paths-ext": true
  },
  "components": {"securitySchemes": {"key": {"type": "apiKey", "name": "X-Key", "in": "header"}}},
  "x-top": "t"
}"#);
    assert_eq!(l.version, SpecVersion::V30);
    let o = &l.openapi;
    assert_eq!(o.openapi, "3.0.3");
    assert_eq!(o.info.title, "Pets");
    assert_eq!(o.info.version, "1.2.0");
    assert_eq!(o.info.extensions["x-logo"]["url"], "u");
    assert_eq!(
        o.info.license.as_ref().map(|l| l.name.as_str()),
        Some("MIT")
    );
    let vars = o.servers[0].variables.as_ref().expect("variables");
    assert_eq!(vars["env"].enumeration, vec!["api", "dev"]);
    assert_eq!(
        o.tags[0].external_docs.as_ref().map(|d| d.url.as_str()),
        Some("https://d")
    );
    assert_eq!(o.security.as_ref().map(Vec::len), Some(1));
    assert_eq!(o.extensions["x-top"], "t");
    assert_eq!(o.paths.extensions["x-paths-ext"], true);
    let item = o.paths.paths["/pets"].as_item().expect("item");
    assert_eq!(item.extensions["x-path-ext"], 1);
    let get = item.get.as_ref().expect("get");
    assert_eq!(get.operation_id.as_deref(), Some("list"));
    assert!(get.responses.responses.contains_key(&StatusCode::Code(200)));
    let schemes = &o.components.as_ref().expect("components").security_schemes;
    assert!(matches!(
        schemes["key"],
        ReferenceOr::Item(SecurityScheme::APIKey {
            location: APIKeyLocation::Header,
            ..
        })
    ));
}

#[test]
fn swagger_2_is_one_unsupported_version_error_at_the_version_token() {
    let e = errs("{\"swagger\": \"2.0\",\n \"info\": 5, \"paths\": []}");
    assert_eq!(e.len(), 1, "{:?}", summary(&e));
    let s = summary(&e);
    assert_eq!(s[0].0, K::UnsupportedVersion);
    assert_eq!(s[0].1, "1:13");
    assert_eq!(s[0].2, "\"2.0\"");
    assert!(s[0].3.contains("Swagger 2.0 is not supported"));
    assert!(e[0].help.as_deref().unwrap_or_default().contains("convert"));
}

#[test]
fn other_versions_are_refused_at_their_token() {
    for (v, shown) in [
        ("\"4.0.0\"", "4.0.0"),
        ("\"2.0\"", "2.0"),
        ("\"banana\"", "banana"),
        ("3.2", "3.2"),
    ] {
        let e = errs(&format!("{{\"openapi\": {v}, \"info\": {{}}}}"));
        let s = summary(&e);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, K::UnsupportedVersion);
        assert_eq!(s[0].2, v);
        assert!(s[0].3.contains(shown), "{}", s[0].3);
    }
    for v in ["3.0.0", "3.0.4", "3.1.1", "3.1.0-rc1"] {
        ok(&format!(
            "{{\"openapi\": \"{v}\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}}}"
        ));
    }
}

#[test]
fn a_document_without_a_version_fails_at_its_first_line() {
    let e = errs("{\"info\": {\"title\": \"t\"},\n \"paths\": {}}");
    let s = summary(&e);
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].0, s[0].1.as_str()), (K::UnsupportedVersion, "1:1"));
    assert!(s[0].3.contains("no `openapi` field"));
}

#[test]
fn wrong_type_points_at_the_node() {
    let e = errs("{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": [1, 2]}");
    let s = summary(&e);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, K::WrongType);
    assert_eq!(s[0].1, "2:12");
    assert_eq!(s[0].2, "[1, 2]");
    assert_eq!(s[0].3, "`paths` must be an object, found an array");
    assert_eq!(e[0].label, "expected an object");
}

#[test]
fn missing_field_points_at_the_parent_key() {
    let e = errs("{\"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"t\"}, \"paths\": {}}");
    let s = summary(&e);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, K::MissingField);
    assert_eq!(s[0].1, "2:3");
    assert_eq!(s[0].2, "\"info\"");
    assert_eq!(s[0].3, "`info` is missing the required field `version`");
    assert_eq!(e[0].help.as_deref(), Some("add `version: 1.0.0`"));
}

#[test]
fn missing_field_of_an_array_item_points_at_its_first_line() {
    let e = errs(&doc30(
        r#"{"/a": {"get": {"responses": {"200": {"description": "OK"}},
  "parameters": [{"in": "query",
                  "schema": {}}]}}}"#,
        "{}",
    ));
    let s = summary(&e);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, K::MissingField);
    assert_eq!(s[0].2, "{\"in\": \"query\",");
    assert_eq!(
        s[0].3,
        "`parameters[0]` is missing the required field `name`"
    );
}

#[test]
fn every_error_is_reported_sorted_by_position() {
    let e = errs(
        r#"{"openapi": "3.0.0", "info": {"version": "1"},
"paths": {"/a": {"get": {"parameters": [{"name": "b", "in": "body", "schema": {}},
                                         {"name": "p", "in": "path", "style": "form", "schema": {}}],
                         "responses": {"2XY": {"description": "x"}, "200": {}}}}},
"components": {"securitySchemes": {"s": {"type": "magic"}}}}"#,
    );
    let s = summary(&e);
    assert_eq!(
        kinds(&e),
        vec![
            K::MissingField,
            K::InvalidValue,
            K::InvalidValue,
            K::InvalidValue,
            K::MissingField,
            K::InvalidValue
        ],
        "{s:?}"
    );
    assert_eq!(s[0].3, "`info` is missing the required field `title`");
    assert_eq!((s[1].1.as_str(), s[1].2.as_str()), ("2:61", "\"body\""));
    assert!(e[1]
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("requestBody"));
    assert_eq!(s[2].2, "\"form\"");
    assert_eq!(s[2].3, "style `form` is not allowed for a path parameter");
    assert_eq!(
        e[2].help.as_deref(),
        Some("use one of `matrix`, `label`, `simple`")
    );
    assert_eq!(s[3].2, "\"2XY\"");
    assert_eq!(s[3].3, "`2XY` is not a valid response status code");
    assert_eq!(
        s[4].3,
        "response `200` is missing the required field `description`"
    );
    assert_eq!(s[5].2, "\"magic\"");
    assert!(e[5]
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("`oauth2`"));
}

#[test]
fn responses_are_required_in_30_and_optional_in_31() {
    let body = r#"{"/a": {"get": {"operationId": "x"}}}"#;
    let e = errs(&doc30(body, "{}"));
    assert_eq!(
        summary(&e)[0].3,
        "`get` is missing the required field `responses`"
    );
    let l = ok(&doc31(body, "{}"));
    let op = l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op");
    assert!(op.responses.responses.is_empty());
}

#[test]
fn response_description_is_required_in_31_too() {
    let e = errs(&doc31(
        r#"{"/a": {"get": {"responses": {"204": {}}}}}"#,
        "{}",
    ));
    assert_eq!(kinds(&e), vec![K::MissingField]);
}

#[test]
fn status_codes_ranges_and_default() {
    let l = ok(&doc30(
        r#"{"/a": {"get": {"responses": {"200": {"description": "a"}, "2XX": {"description": "b"},
            "4xx": {"description": "c"}, "default": {"description": "d"}, "x-r": 1}}}}"#,
        "{}",
    ));
    let r = &l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op")
        .responses;
    let keys: Vec<_> = r.responses.keys().cloned().collect();
    assert_eq!(
        keys,
        vec![
            StatusCode::Code(200),
            StatusCode::Range(2),
            StatusCode::Range(4)
        ]
    );
    assert!(r.default.is_some());
    assert_eq!(r.extensions["x-r"], 1);
}

#[test]
fn paths_are_optional_in_31_and_a_webhooks_only_document_loads() {
    let l = ok(
        r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1", "summary": "s"},
 "webhooks": {"newPet": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                                  "responses": {"200": {"description": "ok"}}}}}}"#,
    );
    assert_eq!(l.version, SpecVersion::V31);
    assert!(l.openapi.paths.paths.is_empty());
    let hook = l.webhooks["newPet"].as_item().expect("item");
    assert!(hook.post.is_some());
    assert_eq!(l.openapi.info.extensions["x-pactum-summary"], "s");
    let e = errs(r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}"#);
    assert_eq!(kinds(&e), vec![K::MissingField]);
}

#[test]
fn path_item_components_go_to_path_items() {
    let l = ok(&doc31(
        r##"{"/a": {"$ref": "#/components/pathItems/A"}}"##,
        r#"{"pathItems": {"A": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
    ));
    assert!(l.path_items["A"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .is_some());
    // Paths are always inlined so that `operations()` sees them.
    assert!(l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .is_some());
    assert_eq!(l.inlined[0].at, "/paths/~1a");
    assert_eq!(l.inlined[0].pointer, "/components/pathItems/A");
}

#[test]
fn numeric_info_version_is_taken_by_its_text() {
    let l = ok(r#"{"openapi": "3.0.0", "info": {"title": "t", "version": 1.10}, "paths": {}}"#);
    assert_eq!(l.openapi.info.version, "1.10");
}

#[test]
fn parameters_and_styles() {
    let l = ok(&doc30(
        r#"{"/a/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
           "get": {"parameters": [
              {"name": "f", "in": "query", "style": "deepObject", "explode": true, "schema": {"type": "object"}},
              {"name": "h", "in": "header", "content": {"application/json": {}}},
              {"name": "c", "in": "cookie", "schema": {}, "x-p": 1}],
              "responses": {"200": {"description": "ok"}}}}}"#,
        "{}",
    ));
    let item = l.openapi.paths.paths["/a/{id}"].as_item().expect("item");
    assert!(matches!(
        item.parameters[0],
        ReferenceOr::Item(Parameter::Path { .. })
    ));
    let get = item.get.as_ref().expect("get");
    match &get.parameters[0] {
        ReferenceOr::Item(Parameter::Query {
            style,
            parameter_data,
            ..
        }) => {
            assert_eq!(*style, QueryStyle::DeepObject);
            assert_eq!(parameter_data.explode, Some(true));
        }
        other => panic!("{other:?}"),
    }
    match &get.parameters[1] {
        ReferenceOr::Item(Parameter::Header { parameter_data, .. }) => assert!(matches!(
            parameter_data.format,
            openapiv3::ParameterSchemaOrContent::Content(_)
        )),
        other => panic!("{other:?}"),
    }
    match &get.parameters[2] {
        ReferenceOr::Item(p) => assert_eq!(p.parameter_data_ref().extensions["x-p"], 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn security_schemes_of_every_type() {
    let l = ok(&doc31(
        "{}",
        r#"{"securitySchemes": {
  "basic": {"type": "http", "scheme": "basic"},
  "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://o"},
  "mtls": {"type": "mutualTLS"},
  "oauth": {"type": "oauth2", "flows": {
      "clientCredentials": {"tokenUrl": "https://t", "scopes": {"read": "r"}},
      "authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}}}}"#,
    ));
    let s = &l
        .openapi
        .components
        .as_ref()
        .expect("components")
        .security_schemes;
    assert!(
        matches!(&s["basic"], ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme == "basic")
    );
    assert!(matches!(
        &s["oidc"],
        ReferenceOr::Item(SecurityScheme::OpenIDConnect { .. })
    ));
    match &s["mtls"] {
        ReferenceOr::Item(SecurityScheme::HTTP {
            scheme, extensions, ..
        }) => {
            assert_eq!(scheme, "mutualTLS");
            assert_eq!(extensions["x-pactum-type"], "mutualTLS");
        }
        other => panic!("{other:?}"),
    }
    match &s["oauth"] {
        ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) => {
            assert_eq!(
                flows.client_credentials.as_ref().map(|f| f.scopes.len()),
                Some(1)
            );
            assert!(flows.authorization_code.is_some());
        }
        other => panic!("{other:?}"),
    }
    let e = errs(&doc30(
        "{}",
        r#"{"securitySchemes": {"o": {"type": "oauth2", "flows": {"password": {"scopes": {}}}},
                               "k": {"type": "apiKey", "name": "k", "in": "body"}}}"#,
    ));
    let s = summary(&e);
    assert_eq!(kinds(&e), vec![K::MissingField, K::InvalidValue], "{s:?}");
    assert_eq!(
        s[0].3,
        "`password` is missing the required field `tokenUrl`"
    );
}

#[test]
fn root_component_references_are_kept() {
    let l = ok(&doc30(
        r##"{"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}],
             "responses": {"200": {"$ref": "#/components/responses/R"}}}}}"##,
        r##"{"parameters": {"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/S"}}},
            "responses": {"R": {"description": "r"}},
            "schemas": {"S": {"type": "string"}}}"##,
    ));
    let op = l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op");
    assert_eq!(
        op.parameters[0],
        ReferenceOr::ref_("#/components/parameters/P")
    );
    assert_eq!(
        op.responses.responses[&StatusCode::Code(200)],
        ReferenceOr::ref_("#/components/responses/R")
    );
    assert!(l.bundled.is_empty());
    assert!(l.inlined.is_empty());
}

#[test]
fn non_component_pointers_are_bundled_once_with_unique_names() {
    let l = ok(&doc30(
        r##"{"/pets": {"get": {"responses": {"200": {"description": "ok",
              "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}}}},
            "/b": {"get": {"responses": {"200": {"description": "ok",
              "content": {"application/json": {"schema": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema"}},
                          "text/plain": {"schema": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema"}},
                          "text/csv": {"schema": {"$ref": "#/components/schemas/Box/properties/schema"}}}}}}}}"##,
        r#"{"schemas": {"schema": {"type": "string"}, "Box": {"type": "object", "properties": {"schema": {"type": "boolean"}}}}}"#,
    ));
    assert_eq!(l.bundled.len(), 2, "{:?}", l.bundled);
    assert_eq!(l.bundled[0].name, "schema_2");
    assert_eq!(
        l.bundled[0].pointer,
        "/paths/~1pets/get/responses/200/content/application~1json/schema"
    );
    assert_eq!(l.bundled[1].name, "schema_3");
    let schemas = &l.openapi.components.as_ref().expect("components").schemas;
    assert!(
        matches!(&schemas["schema_2"], ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Type(Type::Object(_))))
    );
    assert!(
        matches!(&schemas["schema_3"], ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Type(Type::Boolean(_))))
    );
    let content = &l.openapi.paths.paths["/b"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op")
        .responses
        .responses[&StatusCode::Code(200)];
    let content = &content.as_item().expect("response").content;
    assert_eq!(
        content["application/json"].schema,
        Some(ReferenceOr::ref_("#/components/schemas/schema_2"))
    );
    assert_eq!(
        content["text/plain"].schema,
        Some(ReferenceOr::ref_("#/components/schemas/schema_2"))
    );
}

#[test]
fn a_reference_of_another_kind_is_bundled_under_the_position_kind() {
    let l = ok(&doc30(
        r##"{"/a": {"get": {"parameters": [{"$ref": "#/components/schemas/P"}], "responses": {}}}}"##,
        r#"{"schemas": {"P": {"name": "p", "in": "query", "schema": {}}}}"#,
    ));
    assert_eq!(l.bundled[0].kind, "parameters");
    assert_eq!(l.bundled[0].name, "P");
    assert!(l
        .openapi
        .components
        .as_ref()
        .expect("c")
        .parameters
        .contains_key("P"));
}

#[test]
fn other_files_are_bundled_and_inlined() {
    let docs = Docs::new(&[
        (
            "root.json",
            r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
  "tags": [{"name": "a", "description": {"$ref": "text.json#/intro"}}],
  "paths": {"/pets": {"get": {"$ref": "ops.json#/list"}},
            "/other": {"$ref": "ops.json#/item"}},
  "components": {"schemas": {"Pet": {"type": "object"}}}}"##,
        ),
        ("text.json", r#"{"intro": "Hello from another file"}"#),
        (
            "ops.json",
            r##"{"list": {"responses": {"200": {"description": "ok",
     "content": {"application/json": {"schema": {"$ref": "Pet.json"}}}},
     "404": {"$ref": "#/errors/NotFound"}}},
   "item": {"get": {"$ref": "#/list"}},
   "errors": {"NotFound": {"description": "nf", "content": {"application/json": {"schema": {"$ref": "root.json#/components/schemas/Pet"}}}}}}"##,
        ),
        (
            "Pet.json",
            r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#,
        ),
    ]);
    let l = match docs.lower() {
        Ok(l) => l,
        Err(e) => panic!("{:?}", summary(&e)),
    };
    assert_eq!(
        l.openapi.tags[0].description.as_deref(),
        Some("Hello from another file")
    );
    let get = l.openapi.paths.paths["/pets"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op");
    let ok200 = get.responses.responses[&StatusCode::Code(200)]
        .as_item()
        .expect("inline response");
    // Another file's schema is bundled under the file stem; `Pet` is taken by the root.
    assert_eq!(
        ok200.content["application/json"].schema,
        Some(ReferenceOr::ref_("#/components/schemas/Pet_2"))
    );
    assert_eq!(
        get.responses.responses[&StatusCode::Code(404)],
        ReferenceOr::ref_("#/components/responses/NotFound")
    );
    let c = l.openapi.components.as_ref().expect("components");
    // Inside the bundled response, a reference back to a root component stays as it is.
    let nf = c.responses["NotFound"].as_item().expect("response");
    assert_eq!(
        nf.content["application/json"].schema,
        Some(ReferenceOr::ref_("#/components/schemas/Pet"))
    );
    assert!(c.schemas.contains_key("Pet_2"));
    let bundled: Vec<_> = l
        .bundled
        .iter()
        .map(|b| {
            (
                b.kind.as_str(),
                b.name.as_str(),
                b.file.0,
                b.pointer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bundled,
        vec![
            ("schemas", "Pet_2", 3, ""),
            ("responses", "NotFound", 2, "/errors/NotFound")
        ]
    );
    let inlined: Vec<_> = l
        .inlined
        .iter()
        .map(|i| (i.at.as_str(), i.file.0, i.pointer.as_str()))
        .collect();
    assert_eq!(
        inlined,
        vec![
            ("/tags/0/description", 1, "/intro"),
            ("/paths/~1pets/get", 2, "/list"),
            ("/paths/~1other", 2, "/item"),
            ("/paths/~1other/get", 2, "/list"),
        ]
    );
}

#[test]
fn inlining_cycles_are_errors_at_the_reference() {
    let e = errs(&doc30(
        r##"{"/a": {"get": {"responses": {}, "callbacks": {"cb": {"$ref": "#/components/callbacks/C"}}}}}"##,
        r##"{"callbacks": {"C": {"{$url}": {"post": {"responses": {},
              "callbacks": {"again": {"$ref": "#/components/callbacks/C"}}}}}}}"##,
    ));
    let s = summary(&e);
    assert_eq!(kinds(&e), vec![K::RefCycle], "{s:?}");
    assert!(s[0].3.contains("includes itself"), "{}", s[0].3);
    assert_eq!(s[0].2, "\"#/components/callbacks/C\"");
}

#[test]
fn unresolvable_references_are_reported_and_lowering_continues() {
    let e = errs(&doc30(
        r##"{"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Nope"},
                                           "201": {"$ref": "missing.json"}, "299": {}}}}}"##,
        "{}",
    ));
    assert_eq!(
        kinds(&e),
        vec![K::RefMissingTarget, K::RefFileNotFound, K::MissingField]
    );
}

#[test]
fn recursive_schemas_through_properties_load() {
    let l = ok(&doc30(
        "{}",
        r##"{"schemas": {"Node": {"type": "object", "properties": {
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"$ref": "#/components/schemas/Node"}}}}}"##,
    ));
    let node = l.openapi.components.as_ref().expect("c").schemas["Node"]
        .as_item()
        .expect("item");
    match &node.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            assert_eq!(
                o.properties["parent"],
                ReferenceOr::ref_("#/components/schemas/Node")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn callbacks_links_examples_and_encodings() {
    let l = ok(&doc30(
        r##"{"/a": {"post": {
    "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object"},
        "encoding": {"file": {"contentType": "image/png", "style": "form", "explode": true}},
        "examples": {"one": {"value": {"a": 1}}, "two": {"$ref": "#/components/examples/E"}}}}},
    "callbacks": {"done": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
    "responses": {"201": {"description": "created",
        "headers": {"Location": {"schema": {"type": "string"}}},
        "links": {"get": {"operationId": "getA", "parameters": {"id": "$response.body#/id"}}}}}}}}"##,
        r#"{"examples": {"E": {"summary": "e", "value": 2}}}"#,
    ));
    let post = l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.post.as_ref())
        .expect("op");
    let body = post
        .request_body
        .as_ref()
        .and_then(ReferenceOr::as_item)
        .expect("body");
    assert!(body.required);
    let mt = &body.content["multipart/form-data"];
    assert_eq!(mt.encoding["file"].style, Some(QueryStyle::Form));
    assert_eq!(
        mt.examples["two"],
        ReferenceOr::ref_("#/components/examples/E")
    );
    assert!(post.callbacks["done"]["{$request.body#/url}"]
        .post
        .is_some());
    let r = post.responses.responses[&StatusCode::Code(201)]
        .as_item()
        .expect("r");
    assert!(r.headers.contains_key("Location"));
    assert!(
        matches!(&r.links["get"], ReferenceOr::Item(l) if l.parameters["id"] == "$response.body#/id")
    );
}

/// Every spec of the shared corpus loads without errors (run with `--ignored`; needs
/// /work/shared/corpus).
#[test]
#[ignore]
fn corpus_disk_loads() {
    let base = std::path::Path::new("/work/shared/corpus");
    let manifest = std::fs::read_to_string(base.join("MANIFEST.md")).expect("manifest");
    let mut failed = Vec::new();
    for line in manifest.lines() {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        if cols.len() < 4 || cols[1].parse::<u32>().is_err() {
            continue;
        }
        let root = base.join(cols[3].trim_matches('`'));
        let start = std::time::Instant::now();
        let docs = match super::testutil::DiskDocs::open(&root) {
            Ok(d) => d,
            Err(e) => {
                failed.push(format!("{}: parse: {:?}", root.display(), summary(&e)));
                continue;
            }
        };
        let parsed = start.elapsed();
        match super::lower_with(&docs, crate::FileId::ROOT) {
            Ok(l) => eprintln!(
                "ok {:<40} parse+lower {:>8.1?} lower {:>8.1?} ops {} bundled {} inlined {}",
                cols[2],
                start.elapsed(),
                start.elapsed() - parsed,
                l.openapi.operations().count(),
                l.bundled.len(),
                l.inlined.len()
            ),
            Err(e) => {
                let s = summary(&e);
                eprintln!("FAIL {} ({} errors)", cols[2], s.len());
                for x in s.iter().take(8) {
                    eprintln!("    {x:?} in {}", e[0].file_name());
                }
                failed.push(cols[2].to_owned());
            }
        }
    }
    assert!(failed.is_empty(), "{failed:?}");
}

/// Times the lowering of the largest corpus spec (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn corpus_lower_timing() {
    let root = std::path::Path::new("/work/shared/corpus/github-api/api.github.com.json");
    let docs = super::testutil::DiskDocs::open(root).expect("parse");
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let l = super::lower_with(&docs, crate::FileId::ROOT).expect("lower");
        best = best.min(start.elapsed());
        drop(l);
    }
    eprintln!("github-api lower: best of 5 = {best:?}");
}

#[test]
fn yaml_documents_through_the_real_parser() {
    let docs = Docs::parsed(&[(
        "spec.yaml",
        "openapi: 3.0.3
info:
  title: t
  version: 1.0
paths:
  /a:
    get:
      responses:
        200:
          description: ok
        4XX:
          $ref: '#/components/responses/E'
components:
  responses:
    E:
      description: error
      content:
        application/json:
          schema:
            type: object
            properties:
              status: {type: string, enum: [off, on]}
",
    )]);
    let l = match docs.lower() {
        Ok(l) => l,
        Err(e) => panic!("{:?}", summary(&e)),
    };
    assert_eq!(l.openapi.info.version, "1.0");
    let op = l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op");
    assert!(op.responses.responses.contains_key(&StatusCode::Code(200)));
    assert_eq!(
        op.responses.responses[&StatusCode::Range(4)],
        ReferenceOr::ref_("#/components/responses/E")
    );
}

#[test]
fn yaml_errors_point_at_lines_and_columns() {
    let docs = Docs::parsed(&[(
        "spec.yaml",
        "openapi: 3.0.3
info:
  title: t
paths:
  /a:
    get:
      parameters:
        - name: q
          in: body
      responses:
        '200': {}
",
    )]);
    let e = docs.lower().expect_err("errors");
    let s = summary(&e);
    assert_eq!(
        kinds(&e),
        vec![K::MissingField, K::InvalidValue, K::MissingField],
        "{s:?}"
    );
    assert_eq!((s[0].1.as_str(), s[0].2.as_str()), ("2:1", "info"));
    assert_eq!((s[1].1.as_str(), s[1].2.as_str()), ("9:15", "body"));
    assert_eq!(s[2].1, "11:9");
}

#[test]
fn errors_inside_inlined_content_point_into_the_other_file() {
    let docs = Docs::new(&[
        (
            "root.json",
            r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
  "tags": [{"$ref": "other.json#/t"}]}"#,
        ),
        ("other.json", "{\"t\":\n  {\"description\": \"no name\"}}"),
    ]);
    let e = docs.lower().expect_err("missing name");
    let s = summary(&e);
    assert_eq!(s.len(), 1);
    assert_eq!(e[0].file_name(), "other.json");
    assert_eq!(
        (s[0].1.as_str(), s[0].2.as_str()),
        ("2:3", "{\"description\": \"no name\"}")
    );
}

#[test]
fn first_line_spans_are_short_in_minified_json() {
    let long = format!(
        "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{\"/a\": {{\"get\": {{\"parameters\": [{{\"in\": \"query\", \"schema\": {{}}, \"description\": \"{}\"}}], \"responses\": {{}}}}}}}}}}",
        "x".repeat(500)
    );
    let e = errs(&long);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].span.len(), 80);
}

#[test]
fn root_components_that_only_reference_a_file_take_its_content() {
    let docs = Docs::new(&[
        (
            "root.json",
            r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"$ref": "Pet.json"}}}}}}}},
  "components": {"schemas": {"Pet": {"$ref": "Pet.json"}, "Alias": {"$ref": "Pet.json"},
                             "Local": {"$ref": "#/components/schemas/Pet"}}}}"##,
        ),
        (
            "Pet.json",
            r#"{"type": "object", "properties": {"self": {"$ref": "Pet.json"}}}"#,
        ),
    ]);
    let l = docs.lower().unwrap_or_else(|e| panic!("{:?}", summary(&e)));
    let schemas = &l.openapi.components.as_ref().expect("c").schemas;
    let pet = schemas["Pet"]
        .as_item()
        .expect("Pet holds the file's content");
    match &pet.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            assert_eq!(
                o.properties["self"],
                ReferenceOr::ref_("#/components/schemas/Pet")
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        schemas["Alias"],
        ReferenceOr::ref_("#/components/schemas/Pet")
    );
    assert_eq!(
        schemas["Local"],
        ReferenceOr::ref_("#/components/schemas/Pet")
    );
    let op = l.openapi.paths.paths["/a"]
        .as_item()
        .and_then(|p| p.get.as_ref())
        .expect("op");
    let r = op.responses.responses[&StatusCode::Code(200)]
        .as_item()
        .expect("r");
    assert_eq!(
        r.content["application/json"].schema,
        Some(ReferenceOr::ref_("#/components/schemas/Pet"))
    );
    assert!(l.bundled.is_empty(), "{:?}", l.bundled);
    assert_eq!(l.inlined.len(), 1);
    assert_eq!(
        (
            l.inlined[0].at.as_str(),
            l.inlined[0].file.0,
            l.inlined[0].pointer.as_str()
        ),
        ("/components/schemas/Pet", 1, "")
    );
}
