//! `pactum diff`: compare two versions of a contract (files or `REV:path` git revisions), or
//! every consecutive pair of versions in a folder (`--series`).

use std::path::{Path, PathBuf};
use std::process::Command;

use pactum_diff::{changelog, version, Settings};
use pactum_lint::{render, Config, Format, Place, RenderOptions, Report, Resolved};
use pactum_spec::{LoadError, LoadErrorKind, Options, Spec};

use crate::discover::is_openapi;
use crate::{eprint_diagnostic, use_color, write_stdout, DiffArgs};

/// Runs `pactum diff`; returns the exit code.
pub fn run(args: DiffArgs) -> u8 {
    let config = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut settings = match Settings::from_config(&config.diff) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // Sunset dates are compared with today: `PACTUM_NOW` pins it, as for `pactum lint`.
    match crate::lint::now() {
        Ok(secs) => settings.today = pactum_diff::date_of_unix(secs),
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    }
    if let Some(p) = &args.profile {
        match pactum_diff::Profile::from_name(p) {
            Some(p) => settings.profile = p,
            None => {
                eprintln!("error: unknown profile `{p}` (use `wire` or `sdk`)");
                return 2;
            }
        }
    }
    let fail_on = args
        .fail_on
        .map(Into::into)
        .or(config.diff.fail_on)
        .unwrap_or_default();
    let options = Options {
        allow_external_refs: args.allow_external_refs,
        ..Options::default()
    };

    let (report, groups) = match (&args.series, args.sides.as_slice()) {
        (Some(dir), []) => series(dir, &settings, &options),
        (None, [base, revision]) => pair(base, revision, &settings, &options),
        _ => {
            eprintln!("error: give BASE and REVISION, or --series DIR");
            return 2;
        }
    };

    let code = report.exit_code(fail_on) as u8;
    let format: Format = args.format.into();
    let mut out = Vec::new();
    let rendered = if format == Format::Markdown {
        changelog::render(&report, &groups, &mut out)
    } else {
        let render_options = RenderOptions {
            color: format == Format::Human && use_color(),
            fail_on,
            width: None,
        };
        render(format, &report, &render_options, &mut out)
    };
    if let Err(e) = rendered {
        eprintln!("error: cannot render output: {e}");
        return 2;
    }
    match write_stdout(&out) {
        Ok(()) => code,
        Err(c) => c,
    }
}

fn load_config(path: Option<&Path>) -> Result<Config, u8> {
    let path = match path {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    match &path {
        Some(p) => Config::load(p).map_err(|e| {
            eprint_diagnostic(&e);
            2u8
        }),
        None => Ok(Config::default()),
    }
}

fn failed(errors: Vec<LoadError>, name: &str) -> Report {
    Report {
        items: errors.iter().map(Resolved::from_load_error).collect(),
        files: vec![name.to_string()],
        ..Report::default()
    }
}

/// One side: a file, or `REV:path` read from git.
fn load_side(arg: &str, options: &Options) -> Result<(Spec, Option<GitTree>), Vec<LoadError>> {
    if !Path::new(arg).exists() {
        if let Some((rev, path)) = arg.split_once(':') {
            if !rev.is_empty() && !path.is_empty() && rev.len() > 1 {
                let tree = GitTree::checkout(rev, path)
                    .map_err(|e| vec![LoadError::without_source(LoadErrorKind::Io, arg, e)])?;
                let spec = pactum_spec::load(&tree.file, options)?;
                return Ok((spec, Some(tree)));
            }
        }
    }
    pactum_spec::load(Path::new(arg), options).map(|s| (s, None))
}

fn pair(
    base: &str,
    revision: &str,
    settings: &Settings,
    options: &Options,
) -> (Report, Vec<Option<String>>) {
    let (b, r) = rayon::join(|| load_side(base, options), || load_side(revision, options));
    match (b, r) {
        (Ok((b, bt)), Ok((r, rt))) => {
            let (mut report, groups) = pactum_diff::report(&b, &r, settings);
            for t in [bt, rt].into_iter().flatten() {
                t.rename(&mut report);
            }
            (report, groups)
        }
        (b, r) => {
            let mut report = Report::default();
            if let Err(e) = b {
                report.merge(failed(e, base));
            }
            if let Err(e) = r {
                report.merge(failed(e, revision));
            }
            report.sort();
            (report, Vec::new())
        }
    }
}

/// Every consecutive pair of the versions in `dir`, ordered by `info.version` (semver), then
/// file name.
fn series(dir: &Path, settings: &Settings, options: &Options) -> (Report, Vec<Option<String>>) {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml" | "yml" | "json")
                    )
                    && is_openapi(p)
            })
            .collect(),
        Err(e) => {
            let err = LoadError::without_source(
                LoadErrorKind::Io,
                dir,
                format!("cannot read folder `{}`: {e}", dir.display()),
            );
            return (failed(vec![err], &dir.display().to_string()), Vec::new());
        }
    };
    files.sort();
    let mut specs = Vec::new();
    let mut report = Report::default();
    for f in files {
        match pactum_spec::load(&f, options) {
            Ok(s) => specs.push((f, s)),
            Err(e) => report.merge(failed(e, &f.display().to_string())),
        }
    }
    specs.sort_by(|(fa, a), (fb, b)| {
        let va = version::semver(&a.openapi.info.version);
        let vb = version::semver(&b.openapi.info.version);
        va.cmp(&vb).then_with(|| fa.cmp(fb))
    });
    let mut groups = Vec::new();
    for w in specs.windows(2) {
        let (bf, b) = &w[0];
        let (rf, r) = &w[1];
        let (rep, g) = pactum_diff::report(b, r, settings);
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let pair = format!("{} → {}", name(bf), name(rf));
        groups.extend(g.into_iter().map(|g| {
            Some(match g {
                Some(op) => format!("{pair}: {op}"),
                None => pair.clone(),
            })
        }));
        report.items.extend(rep.items);
        report.suppressed.extend(rep.suppressed);
        report.files.extend(rep.files);
    }
    report.files.sort();
    report.files.dedup();
    if report.files.is_empty() {
        report.files.push(dir.display().to_string());
    }
    (report, groups)
}

/// A git revision's copy of the spec's folder, in a temporary directory that mirrors the
/// repository tree (so relative `$ref`s resolve at that revision). Removed on drop.
struct GitTree {
    root: PathBuf,
    file: PathBuf,
    rev: String,
}

impl GitTree {
    fn git(args: &[&str]) -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(out.stdout)
    }

    fn checkout(rev: &str, path: &str) -> Result<GitTree, String> {
        // `REV:./x` is relative to the working directory, `REV:x` to the repository root.
        let path = match path.strip_prefix("./") {
            Some(rel) => {
                let prefix = Self::git(&["rev-parse", "--show-prefix"])?;
                format!("{}{rel}", String::from_utf8_lossy(&prefix).trim())
            }
            None => path.to_string(),
        };
        let dir = Path::new(&path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let root = std::env::temp_dir().join(format!("pactum-diff-{}-{nanos}", std::process::id()));
        let tree = GitTree {
            file: root.join(&path),
            root,
            rev: rev.to_string(),
        };
        let spec_text = Self::git(&["show", &format!("{rev}:{path}")])?;
        let mut listing = vec!["ls-tree", "-r", "--name-only", "--full-tree", rev];
        if !dir.is_empty() {
            listing.push("--");
            listing.push(&dir);
        }
        let names = Self::git(&listing)?;
        for name in String::from_utf8_lossy(&names).lines() {
            if !matches!(
                Path::new(name).extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) || name == path
            {
                continue;
            }
            let bytes = Self::git(&["show", &format!("{rev}:{name}")])?;
            tree.write(name, &bytes)?;
        }
        tree.write(&path, &spec_text)?;
        Ok(tree)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let target = self.root.join(name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, bytes).map_err(|e| e.to_string())
    }

    /// Shows files of this tree as `REV:path` in the report.
    fn rename(&self, report: &mut Report) {
        let prefix = format!("{}/", self.root.display());
        let fix = |p: &mut Place| {
            if let Some(rest) = p.file_name.strip_prefix(&prefix) {
                p.file_name = format!("{}:{rest}", self.rev);
            }
        };
        for item in report.items.iter_mut().chain(report.suppressed.iter_mut()) {
            fix(&mut item.place);
            if let Some(b) = item.base.as_mut() {
                fix(b);
            }
            if let Some(r) = item.revision.as_mut() {
                fix(r);
            }
            for (p, _) in item.labels.iter_mut() {
                fix(p);
            }
        }
        for f in report.files.iter_mut() {
            if let Some(rest) = f.strip_prefix(&prefix) {
                *f = format!("{}:{rest}", self.rev);
            }
        }
    }
}

impl Drop for GitTree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
