//! `cargo run -p pactum-codegen --example gen -- SPEC [OUT] [server|webhooks]`: loads a
//! contract and writes the generated server code (or, with `webhooks`, the webhook receiver
//! and sender), formatted, to OUT (`-`: stdout). Exit 2 with every error on failure.
//! Used by `bench/codegen_corpus.sh`; `pactum gen` is the user-facing command.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(spec_path) = args.first() else {
        eprintln!("usage: gen SPEC [OUT]");
        return ExitCode::from(2);
    };
    let spec = match pactum_spec::load(Path::new(spec_path), &pactum_spec::Options::default()) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                let lc = e.line_col();
                eprintln!("{}:{}:{}: {}", e.file_name(), lc.line, lc.column, e.message);
            }
            return ExitCode::from(2);
        }
    };
    let webhooks = args.get(2).is_some_and(|m| m == "webhooks");
    let options = pactum_codegen::Options {
        server: !webhooks,
        receiver: webhooks,
        sender: webhooks,
        ..Default::default()
    };
    match pactum_codegen::generate(&spec, &options) {
        Ok(code) => match args.get(1).filter(|o| *o != "-") {
            Some(out) => match std::fs::write(out, code) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cannot write {out}: {e}");
                    ExitCode::from(2)
                }
            },
            None => {
                print!("{code}");
                ExitCode::SUCCESS
            }
        },
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            ExitCode::from(2)
        }
    }
}
