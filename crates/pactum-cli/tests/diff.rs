//! End-to-end tests of `pactum diff`: the petstore v1 → v2 pair, git revisions in a temporary
//! repository, `--series`, exit codes, configuration and output formats.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pactum(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

fn rules(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const API: &str = r#"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: limit
          in: query
          schema:
            $ref: 'schemas.yaml#/Limit'
      responses:
        '200':
          description: The pets
"#;

const SCHEMAS: &str = "Limit:\n  type: integer\n  maximum: 100\n";

#[test]
fn petstore_v1_to_v2() {
    // Pinned "today": v1's deleted operation announces its sunset for 2027-06-30.
    let (code, out, err) = run(pactum(&repo_root()).env("PACTUM_NOW", "2026-11-28").args([
        "diff",
        "specs/petstore/v1.yaml",
        "specs/petstore/v2.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let found = rules(&v);
    // A major bump: breaking changes are reported, as warnings.
    for (rule, sev) in [
        ("operation-removed-before-sunset", "warning"),
        ("request-required-property-added", "warning"),
        ("response-property-removed", "warning"),
        ("request-parameter-added", "info"),
        ("webhook-added", "info"),
    ] {
        assert!(
            found.contains(&(rule.to_string(), sev.to_string())),
            "{rule} ({sev}) missing: {found:?}"
        );
    }
    assert!(!found
        .iter()
        .any(|(r, _)| r == "breaking-change-without-major-bump"));
    // The removed operation points at the base, the renamed property at both files.
    let removed = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "operation-removed-before-sunset")
        .unwrap();
    assert_eq!(removed["base"]["file"], "specs/petstore/v1.yaml");
    assert_eq!(removed["base"]["line"], 90);
    assert!(removed.get("revision").is_none());
    let renamed = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "response-property-removed")
        .unwrap();
    assert_eq!(renamed["base"]["file"], "specs/petstore/v1.yaml");
    assert_eq!(renamed["revision"]["file"], "specs/petstore/v2.yaml");
    assert!(renamed["message"].as_str().unwrap().contains("category"));

    // The changelog groups by operation.
    let (code, md, _) = run(pactum(&repo_root()).args([
        "diff",
        "specs/petstore/v1.yaml",
        "specs/petstore/v2.yaml",
        "--format",
        "markdown",
    ]));
    assert_eq!(code, 0);
    assert!(md.contains("### GET /pets/findByStatus"), "{md}");
    assert!(md.contains("### POST /pets"), "{md}");
}

#[test]
fn sunset_dates_follow_pactum_now() {
    let diff_at = |now: &str| {
        let (code, out, err) = run(pactum(&repo_root()).env("PACTUM_NOW", now).args([
            "diff",
            "specs/petstore/v1.yaml",
            "specs/petstore/v2.yaml",
            "--format",
            "json",
        ]));
        assert_eq!(code, 0, "{err}");
        rules(&json(&out))
    };
    assert!(diff_at("2026-11-28")
        .iter()
        .any(|(r, _)| r == "operation-removed-before-sunset"));
    // After the sunset date the removal is expected: info.
    let after = diff_at("2027-07-01T00:00:00Z");
    assert!(
        after.contains(&(
            "operation-removed-after-sunset".to_string(),
            "info".to_string()
        )),
        "{after:?}"
    );
    // A clock that cannot be read is a usage error.
    let (code, _, err) = run(pactum(&repo_root()).env("PACTUM_NOW", "soon").args([
        "diff",
        "specs/petstore/v1.yaml",
        "specs/petstore/v2.yaml",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("PACTUM_NOW"), "{err}");
}

#[test]
fn without_major_bump_breaking_changes_fail() {
    let (code, out, _) = run(pactum(&repo_root()).args([
        "diff",
        "fixtures/diff/request-max-length-decreased/base.yaml",
        "fixtures/diff/request-max-length-decreased/revision.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 1);
    let found = rules(&json(&out));
    assert!(found.contains(&("breaking-change-without-major-bump".into(), "error".into())));
    assert!(found.contains(&("request-max-length-decreased".into(), "error".into())));
    // Swapped, it is safe.
    let (code, out, _) = run(pactum(&repo_root()).args([
        "diff",
        "fixtures/diff/request-max-length-decreased/revision.yaml",
        "fixtures/diff/request-max-length-decreased/base.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        rules(&json(&out)),
        vec![(
            "request-max-length-increased".to_string(),
            "info".to_string()
        )]
    );
}

#[test]
fn missing_file_exits_2() {
    let (code, out, _) = run(pactum(&repo_root()).args([
        "diff",
        "specs/petstore/v1.yaml",
        "nope.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 2);
    assert!(out.contains("nope.yaml"));
}

#[test]
fn config_ignores_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pactum.toml"),
        r#"[diff]
ignore = ["breaking-change-without-major-bump"]

[diff.severity]
request-max-length-decreased = "warning"

[[diff.per-path-ignores]]
rules = ["request-required-property-added"]
pointers = "/components/schemas/Thing/**"
reason = "the field is filled in by the gateway"
"#,
    )
    .unwrap();
    let base = repo_root().join("fixtures/diff/request-max-length-decreased/base.yaml");
    let rev = repo_root().join("fixtures/diff/request-max-length-decreased/revision.yaml");
    let (code, out, err) = run(pactum(dir.path())
        .arg("diff")
        .arg(&base)
        .arg(&rev)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        rules(&json(&out)),
        vec![(
            "request-max-length-decreased".to_string(),
            "warning".to_string()
        )]
    );
    // An unknown check id is a usage error.
    std::fs::write(
        dir.path().join("pactum.toml"),
        "[diff]\nignore = [\"no-such-check\"]\n",
    )
    .unwrap();
    let (code, _, err) = run(pactum(dir.path()).arg("diff").arg(&base).arg(&rev));
    assert_eq!(code, 2);
    assert!(err.contains("no-such-check"), "{err}");
}

#[test]
fn inline_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let base = repo_root().join("fixtures/diff/request-max-length-decreased/base.yaml");
    let text = std::fs::read_to_string(
        repo_root().join("fixtures/diff/request-max-length-decreased/revision.yaml"),
    )
    .unwrap()
    .replace(
        "Thing: {type: string, maxLength: 10}",
        "Thing: {type: string, maxLength: 10, x-pactum-ignore: [request-max-length-decreased]}",
    );
    std::fs::write(dir.path().join("rev.yaml"), text).unwrap();
    let (code, out, _) = run(pactum(dir.path())
        .arg("diff")
        .arg(&base)
        .arg("rev.yaml")
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{out}");
    let v = json(&out);
    assert_eq!(v["summary"]["suppressed"], 1);
    assert!(rules(&v).is_empty(), "{out}");
}

fn git(dir: &Path, args: &[&str]) {
    let st = StdCommand::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .expect("git runs");
    assert!(st.success(), "git {args:?}");
}

#[test]
fn git_revision_with_multi_file_refs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("api")).unwrap();
    std::fs::write(d.join("api/api.yaml"), API).unwrap();
    std::fs::write(d.join("api/schemas.yaml"), SCHEMAS).unwrap();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "v1"]);
    // Lower the maximum in the referenced file only.
    std::fs::write(d.join("api/schemas.yaml"), SCHEMAS.replace("100", "50")).unwrap();
    let (code, out, err) = run(pactum(d).args([
        "diff",
        "HEAD:api/api.yaml",
        "api/api.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 1, "{out}{err}");
    let v = json(&out);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "request-maximum-decreased")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(f["base"]["file"], "HEAD:api/schemas.yaml");
    assert_eq!(f["base"]["line"], 3);
    assert_eq!(f["revision"]["file"], "api/schemas.yaml");
    // Nothing changed between HEAD and HEAD.
    let (code, out, _) = run(pactum(d).args([
        "diff",
        "HEAD:api/api.yaml",
        "HEAD:api/api.yaml",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0);
    assert!(rules(&json(&out)).is_empty());
    // A bad revision exits 2.
    let (code, _, _) = run(pactum(d).args(["diff", "nope:api/api.yaml", "api/api.yaml"]));
    assert_eq!(code, 2);
}

#[test]
fn series_walks_versions_in_semver_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let v = |version: &str, max: &str| {
        API.replace("version: 1.0.0", &format!("version: {version}"))
            .replace(
                "$ref: 'schemas.yaml#/Limit'",
                &format!("{{type: integer, maximum: {max}}}"),
            )
    };
    // File names out of order on purpose: the order comes from info.version.
    std::fs::write(d.join("a.yaml"), v("2.0.0", "10")).unwrap();
    std::fs::write(d.join("b.yaml"), v("1.0.0", "100")).unwrap();
    std::fs::write(d.join("c.yaml"), v("1.1.0", "200")).unwrap();
    let (code, out, err) = run(pactum(d).args(["diff", "--series", ".", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let found = rules(&json(&out));
    assert!(
        found.contains(&("request-maximum-increased".into(), "info".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("request-maximum-decreased".into(), "warning".into())),
        "{found:?}"
    );
}

#[test]
fn explain_and_rules_know_diff_checks() {
    let (code, out, _) = run(pactum(&repo_root()).args(["explain", "response-enum-value-added"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("x-extensible-enum") && out.contains("## Example"),
        "{out}"
    );
    let (code, out, _) = run(pactum(&repo_root()).args(["rules"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("diff:request/schema/constraint/decreased"),
        "{out}"
    );
}
