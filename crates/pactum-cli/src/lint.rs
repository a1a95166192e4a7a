//! `pactum lint`.

use std::path::{Path, PathBuf};

use pactum_lint::{
    apply_baseline, render, Baseline, Config, Format, Linter, RenderOptions, Report, Resolved,
};
use pactum_spec::Options;
use rayon::prelude::*;

use crate::discover::discover;
use crate::{eprint_diagnostic, use_color, write_stdout, LintArgs};

/// The directory linted when no path is given.
const DEFAULT_PATH: &str = "specs/";

/// Runs `pactum lint`; returns the exit code.
pub fn run(args: LintArgs) -> u8 {
    let config = match load_config(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let baseline = match &args.baseline {
        None => None,
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| Baseline::parse(&t).map_err(|e| e.to_string()))
        {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("error: cannot read baseline {}: {e}", path.display());
                return 2;
            }
        },
    };
    let fail_on = args
        .fail_on
        .map(Into::into)
        .or(config.fail_on)
        .unwrap_or_default();
    let now = match now() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let linter = Linter::new(&config).with_now(now);
    let options = Options {
        allow_external_refs: args.allow_external_refs,
        ..Options::default()
    };

    let paths = if args.paths.is_empty() {
        vec![DEFAULT_PATH.to_string()]
    } else {
        args.paths.clone()
    };
    let (files, missing) = discover(&paths);
    let mut report = lint_files(&linter, &files, &options);
    report
        .items
        .extend(missing.iter().map(Resolved::from_load_error));
    report.files.extend(missing.iter().map(|e| e.file_name()));
    report.sort();
    if let Some(b) = baseline {
        apply_baseline(&mut report, b);
    }

    let mut code = report.exit_code(fail_on) as u8;
    if let Some(path) = &args.write_baseline {
        let text = Baseline::write(report.items.iter().chain(&report.baselined));
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write baseline {}: {e}", path.display());
            return 2;
        }
        if code == 1 {
            code = 0;
        }
    }

    let format: Format = args.format.into();
    let render_options = RenderOptions {
        color: format == Format::Human && use_color(),
        fail_on,
        width: None,
    };
    let mut out = Vec::new();
    if let Err(e) = render(format, &report, &render_options, &mut out) {
        eprintln!("error: cannot render output: {e}");
        return 2;
    }
    match write_stdout(&out) {
        Ok(()) => code,
        Err(c) => c,
    }
}

/// Loads and lints every file in parallel; each file is parsed once.
fn lint_files(linter: &Linter, files: &[PathBuf], options: &Options) -> Report {
    files
        .par_iter()
        .map(|path| match pactum_spec::load(path, options) {
            Ok(spec) => linter.lint(&spec),
            Err(errors) => Report {
                items: errors.iter().map(Resolved::from_load_error).collect(),
                files: vec![path.display().to_string()],
                ..Report::default()
            },
        })
        .reduce(Report::default, |mut a, b| {
            a.merge(b);
            a
        })
}

/// The configuration: `--config`, else the nearest pactum.toml, else defaults; then the
/// command-line `--select`/`--ignore`. Errors are printed; the `Err` is the exit code.
fn load_config(args: &LintArgs) -> Result<Config, u8> {
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d))
            .map(|p| relative_to_cwd(&p)),
    };
    let mut config = match &path {
        Some(p) => Config::load(p).map_err(|e| {
            eprint_diagnostic(&e);
            2u8
        })?,
        None => Config::default(),
    };
    let cli = if args.select.is_empty() {
        Ok(())
    } else {
        config.override_select(&args.select)
    };
    cli.and_then(|()| config.extend_ignore(&args.ignore))
        .map_err(|e| {
            eprint_diagnostic(&e);
            2u8
        })?;
    Ok(config)
}

fn relative_to_cwd(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

/// "Now" for the date rules: `PACTUM_NOW` (an RFC 3339 date or date-time, or Unix seconds)
/// when set, so runs can be reproduced; the system clock otherwise.
pub(crate) fn now() -> Result<i64, String> {
    match std::env::var("PACTUM_NOW") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .or_else(|| pactum_lint::date::parse_rfc3339(&text))
            .ok_or_else(|| {
                format!(
                    "PACTUM_NOW={text:?} is not an RFC 3339 date (2026-01-31), date-time or Unix seconds"
                )
            }),
        Err(_) => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))),
    }
}
