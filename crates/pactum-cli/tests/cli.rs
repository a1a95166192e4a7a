//! End-to-end tests of the `pactum` binary: exit codes, output shapes, configuration errors.
//! Tests that lint real specs need the loader (`pactum_spec::load`).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const CLEAN: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: q
          in: query
          schema:
            type: string
            maxLength: 50
      responses:
        '200':
          description: The pets
"#;

/// One warning (`operation-id-missing`), no error.
const WARNS: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      responses:
        '200':
          description: The pets
"#;

/// One error (`operation-id-unique`) at line 11.
const ERRS: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: pets
      responses: {'200': {description: ok}}
    post:
      operationId: pets
      responses: {'200': {description: ok}}
"#;

fn pactum(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// The rules these tests are about; the catalogue itself is tested in `pactum-lint`.
const SELECT: &str =
    "select = [\"operation-id-missing\", \"operation-id-unique\", \"string-without-max-length\"]\n";

/// A temporary folder with `files`, plus a `pactum.toml` selecting [`SELECT`] unless the test
/// brings its own.
fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    if !files.iter().any(|(name, _)| *name == "pactum.toml") {
        std::fs::write(dir.path().join("pactum.toml"), format!("[lint]\n{SELECT}")).unwrap();
    }
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(output)))
}

fn code(cmd: &mut Command) -> (i32, Vec<u8>, String) {
    let out = cmd.output().expect("runs");
    (
        out.status
            .code()
            .expect("exited (no signal, no panic abort)"),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ── commands that need no loader ─────────────────────────────────────────────────────────────

#[test]
fn rules_lists_every_rule_and_json_parses() {
    let dir = dir_with(&[]);
    let (c, out, _) = code(pactum(dir.path()).arg("rules"));
    assert_eq!(c, 0);
    let text = String::from_utf8(out).unwrap();
    for r in pactum_lint::RULES {
        assert!(text.contains(r.meta().id));
    }
    let (c, out, _) = code(pactum(dir.path()).args(["rules", "--format", "json"]));
    assert_eq!(c, 0);
    let v = json_of(&out);
    assert_eq!(
        v.as_array().unwrap().len(),
        pactum_lint::RULES.len() + pactum_diff::checks().len()
    );
    for key in ["id", "group", "severity", "summary"] {
        assert!(v[0][key].is_string(), "{key}");
    }
}

#[test]
fn explain_prints_docs_and_suggests_on_typos() {
    let dir = dir_with(&[]);
    let (c, out, _) = code(pactum(dir.path()).args(["explain", "operation-id-missing"]));
    assert_eq!(c, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("## What it does") && text.contains("Use instead:"));
    let (c, _, err) = code(pactum(dir.path()).args(["explain", "operation-id-mising"]));
    assert_eq!(c, 2);
    assert!(err.contains("did you mean `operation-id-missing`"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = dir_with(&[]);
    assert_eq!(code(pactum(dir.path()).args(["lint", "--bogus"])).0, 2);
    assert_eq!(
        code(pactum(dir.path()).args(["lint", "--format", "xml"])).0,
        2
    );
    assert_eq!(code(pactum(dir.path()).arg("frobnicate")).0, 2);
    assert_eq!(code(&mut pactum(dir.path())).0, 2);
    assert_eq!(code(pactum(dir.path()).arg("--help")).0, 0);
    assert_eq!(code(pactum(dir.path()).arg("--version")).0, 0);
}

#[test]
fn unknown_rule_in_config_exits_2_with_a_suggestion_and_location() {
    let dir = dir_with(&[
        (
            "pactum.toml",
            "[lint]\nignore = [\"string-without-max-lenght\"]\n",
        ),
        ("specs/notes.txt", "not a spec"),
    ]);
    let (c, out, err) = code(pactum(dir.path()).arg("lint"));
    assert_eq!(c, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("unknown rule or group `string-without-max-lenght`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `string-without-max-length`"),
        "{err}"
    );
    assert!(err.contains("pactum.toml:2:"), "{err}");
}

#[test]
fn config_is_found_upward_and_bad_values_exit_2() {
    let dir = dir_with(&[
        (
            "pactum.toml",
            "[lint.severity]\noperation-id-missing = \"loud\"\n",
        ),
        ("sub/specs/x.txt", ""),
    ]);
    let (c, _, err) = code(pactum(&dir.path().join("sub")).arg("lint"));
    assert_eq!(c, 2);
    assert!(err.contains("unknown severity `loud`"), "{err}");
    let bad = dir_with(&[("pactum.toml", "[lint]\nselct = []\n"), ("specs/x.txt", "")]);
    let (c, _, err) = code(pactum(bad.path()).arg("lint"));
    assert_eq!(c, 2);
    assert!(err.contains("selct"), "{err}");
}

#[test]
fn unknown_rule_on_the_command_line_exits_2() {
    let dir = dir_with(&[("specs/x.txt", "")]);
    let (c, _, err) =
        code(pactum(dir.path()).args(["lint", "--select", "structure,operation-id-mising"]));
    assert_eq!(c, 2);
    assert!(err.contains("did you mean `operation-id-missing`"), "{err}");
}

#[test]
fn a_missing_path_exits_2_with_its_name_in_json() {
    let dir = dir_with(&[]);
    let (c, out, _) = code(pactum(dir.path()).args(["lint", "nope.yaml", "--format", "json"]));
    assert_eq!(c, 2);
    let v = json_of(&out);
    assert_eq!(v["findings"][0]["rule"], "load-io");
    assert_eq!(v["findings"][0]["location"]["file"], "nope.yaml");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn a_folder_without_specs_is_clean() {
    let dir = dir_with(&[("specs/readme.yaml", "name: not a contract\n")]);
    let (c, out, _) = code(pactum(dir.path()).args(["lint", "--format", "json"]));
    assert_eq!(c, 0);
    let v = json_of(&out);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["suppressed"], 0);
}

// ── needs the loader ─────────────────────────────────────────────────────────────────────────

#[test]
fn exit_codes_follow_the_fail_level() {
    let dir = dir_with(&[
        ("clean.yaml", CLEAN),
        ("warns.yaml", WARNS),
        ("errs.yaml", ERRS),
    ]);
    let run = |args: &[&str]| code(pactum(dir.path()).arg("lint").args(args)).0;
    assert_eq!(run(&["clean.yaml"]), 0);
    assert_eq!(run(&["warns.yaml"]), 0);
    assert_eq!(run(&["warns.yaml", "--fail-on", "warning"]), 1);
    assert_eq!(run(&["errs.yaml"]), 1);
    assert_eq!(run(&["errs.yaml", "--fail-on", "never"]), 0);
    assert_eq!(run(&["clean.yaml", "--fail-on", "info"]), 0);
}

#[test]
fn json_has_every_field_and_sorted_files() {
    let dir = dir_with(&[
        ("specs/b.yaml", ERRS),
        ("specs/a.yaml", WARNS),
        ("specs/c.yaml", CLEAN),
    ]);
    let (c, out, _) = code(pactum(dir.path()).args(["lint", "--format", "json"]));
    assert_eq!(c, 1);
    let v = json_of(&out);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{v:#}");
    for f in findings {
        for key in ["rule", "severity", "message"] {
            assert!(f[key].is_string(), "{key}: {f}");
        }
        assert!(f["location"]["file"].is_string());
        assert!(f["location"]["pointer"].is_string());
        assert!(f["location"]["line"].as_u64().unwrap() >= 1);
        assert!(f["location"]["column"].as_u64().unwrap() >= 1);
    }
    assert_eq!(findings[0]["location"]["file"], "specs/a.yaml");
    assert_eq!(findings[1]["rule"], "operation-id-unique");
    assert_eq!(findings[1]["location"]["line"], 11);
    assert_eq!(
        v["summary"],
        serde_json::json!({"errors": 1, "warnings": 1, "infos": 0, "suppressed": 0})
    );
}

#[test]
fn broken_yaml_exits_2_with_file_line_and_column() {
    let broken = "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1.0.0\npaths: {}\n";
    let dir = dir_with(&[("broken.yaml", broken), ("errs.yaml", ERRS)]);
    let (c, out, _) =
        code(pactum(dir.path()).args(["lint", "broken.yaml", "errs.yaml", "--format", "json"]));
    assert_eq!(c, 2, "a load error wins over findings");
    let v = json_of(&out);
    let load = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"].as_str().unwrap().starts_with("load-"))
        .expect("a load error");
    assert_eq!(load["location"]["file"], "broken.yaml");
    assert!(load["location"]["line"].as_u64().unwrap() >= 3);
    assert!(load["location"]["column"].as_u64().unwrap() >= 1);
}

#[test]
fn sarif_github_junit_markdown_and_human_smoke() {
    let dir = dir_with(&[("errs.yaml", ERRS)]);
    let run = |format: &str| {
        let (c, out, _) = code(pactum(dir.path()).args(["lint", "errs.yaml", "--format", format]));
        assert_eq!(c, 1, "{format}");
        String::from_utf8(out).unwrap()
    };
    let sarif = json_of(run("sarif").as_bytes());
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "operation-id-unique");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "errs.yaml"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        11
    );
    let gh = run("github");
    assert!(
        gh.starts_with("::error file=errs.yaml,line=11,col="),
        "{gh}"
    );
    let junit = run("junit");
    assert!(
        junit.contains("<testsuite name=\"errs.yaml\"") && junit.contains("<failure"),
        "{junit}"
    );
    let md = run("markdown");
    assert!(md.contains("| errors | 1 |"), "{md}");
    let human = run("human");
    assert!(
        human.contains("operation-id-unique") && human.contains("errs.yaml:11:"),
        "{human}"
    );
    assert!(!human.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn baseline_round_trip_fails_only_on_new_findings() {
    let dir = dir_with(&[("errs.yaml", ERRS)]);
    let (c, _, err) =
        code(pactum(dir.path()).args(["lint", "errs.yaml", "--write-baseline", "base.json"]));
    assert_eq!(c, 0, "{err}");
    let (c, out, _) = code(pactum(dir.path()).args([
        "lint",
        "errs.yaml",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]));
    assert_eq!(c, 0);
    assert_eq!(json_of(&out)["summary"]["suppressed"], 1);
    // A new duplicate is a new finding.
    let more = ERRS.to_string() + "  /more:\n    get:\n      operationId: pets\n      responses: {'200': {description: ok}}\n";
    std::fs::write(dir.path().join("errs.yaml"), more).unwrap();
    let (c, _, _) = code(pactum(dir.path()).args(["lint", "errs.yaml", "--baseline", "base.json"]));
    assert_eq!(c, 1);
}

#[test]
fn config_selects_overrides_and_fail_level() {
    let dir = dir_with(&[
        (
            "pactum.toml",
            &format!("[lint]\n{SELECT}fail-on = \"warning\"\n[lint.severity]\noperation-id-unique = \"info\"\n"),
        ),
        ("specs/errs.yaml", ERRS),
        ("specs/warns.yaml", WARNS),
    ]);
    let (c, out, _) =
        code(pactum(dir.path()).args(["lint", "specs/errs.yaml", "--format", "json"]));
    assert_eq!(c, 0, "{}", String::from_utf8_lossy(&out));
    assert_eq!(json_of(&out)["findings"][0]["severity"], "info");
    assert_eq!(
        code(pactum(dir.path()).args(["lint", "specs/warns.yaml"])).0,
        1
    );
    assert_eq!(
        code(pactum(dir.path()).args(["lint", "specs/warns.yaml", "--ignore", "structure"])).0,
        0
    );
}

#[test]
fn inline_suppression_is_counted() {
    let yaml = WARNS.replace(
        "    get:\n",
        "    get:\n      x-pactum-ignore: [operation-id-missing]\n",
    );
    let dir = dir_with(&[("w.yaml", &yaml)]);
    let (c, out, _) =
        code(pactum(dir.path()).args(["lint", "w.yaml", "--format", "json", "--fail-on", "info"]));
    assert_eq!(c, 0);
    assert_eq!(json_of(&out)["summary"]["suppressed"], 1);
}

#[test]
fn globs_and_directories_skip_non_contracts() {
    let dir = dir_with(&[
        ("api/a.yaml", WARNS),
        ("api/nested/b.yml", WARNS),
        ("api/config.yaml", "name: not a contract\n"),
        ("api/.hidden/c.yaml", WARNS),
    ]);
    let (_, out, _) = code(pactum(dir.path()).args(["lint", "api", "--format", "json"]));
    let files: Vec<String> = json_of(&out)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["api/a.yaml", "api/nested/b.yml"]);
    let (_, out, _) = code(pactum(dir.path()).args(["lint", "api/**/*.yml", "--format", "json"]));
    assert_eq!(
        json_of(&out)["findings"][0]["location"]["file"],
        "api/nested/b.yml"
    );
}
