//! Snapshot of every renderer on one hand-built report.

mod common;

use pactum_lint::{render, FailOn, Format, RenderOptions};

fn rendered(format: Format) -> String {
    let options = RenderOptions {
        color: false,
        fail_on: FailOn::Warning,
        width: Some(100),
    };
    let mut out = Vec::new();
    render(format, &common::report(), &options, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn human() {
    insta::assert_snapshot!(rendered(Format::Human));
}

#[test]
fn json() {
    let text = rendered(Format::Json);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    for f in v["findings"].as_array().unwrap() {
        for key in ["rule", "severity", "message"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        for key in ["file", "pointer"] {
            assert!(f["location"][key].is_string(), "location.{key} in {f}");
        }
        for key in ["line", "column"] {
            assert!(f["location"][key].is_u64(), "location.{key} in {f}");
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn sarif() {
    insta::assert_snapshot!(rendered(Format::Sarif));
}

#[test]
fn github() {
    insta::assert_snapshot!(rendered(Format::Github));
}

#[test]
fn junit() {
    insta::assert_snapshot!(rendered(Format::Junit));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(rendered(Format::Markdown));
}

#[test]
fn output_is_deterministic() {
    for f in Format::ALL {
        assert_eq!(rendered(f), rendered(f), "{f}");
    }
}
