//! Bench-only: `progenitor-gen SPEC OUT` runs progenitor's generator (default settings:
//! positional interface, merged tags) on one OpenAPI document and writes the formatted client
//! to OUT. progenitor takes a single in-memory `openapiv3::OpenAPI`, so the root file is parsed
//! as it is (JSON, or YAML through serde_yaml); `$ref`s to other files are left to progenitor.
//!
//! Exit codes: 0 generated; 2 the document could not be read or parsed into `openapiv3`;
//! 3 progenitor returned an error; 4 progenitor panicked (the panic message is printed). The
//! first line of stderr is the reason, used by `bench/compare_progenitor.sh`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(spec_path), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: progenitor-gen SPEC OUT");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(spec_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("read: {e}");
            return ExitCode::from(2);
        }
    };
    let parsed: Result<openapiv3::OpenAPI, String> = if spec_path.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| format!("parse (serde_json → openapiv3): {e}"))
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("parse (serde_yaml → openapiv3): {e}"))
    };
    let spec = match parsed {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", one_line(&e));
            return ExitCode::from(2);
        }
    };
    // Keep panics quiet: the message is reported once, below.
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::default();
        generator
            .generate_tokens(&spec)
            .map_err(|e| format!("progenitor error: {e}"))
            .and_then(|tokens| {
                syn::parse2::<syn::File>(tokens)
                    .map(|file| prettyplease::unparse(&file))
                    .map_err(|e| format!("generated tokens do not parse: {e}"))
            })
    }));
    match result {
        Ok(Ok(code)) => match std::fs::write(out, code) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("write {out}: {e}");
                ExitCode::from(2)
            }
        },
        Ok(Err(e)) => {
            eprintln!("{}", one_line(&e));
            ExitCode::from(3)
        }
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "non-string panic payload".to_owned());
            eprintln!("panic: {}", one_line(&msg));
            ExitCode::from(4)
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
