//! Times one way of loading a spec, in-process, and prints `median_ms<TAB>peak_rss_mib`.
//!
//! ```text
//! cargo run --release -p pactum-spec --example load_bench -- MODE RUNS FILE
//! MODE: serde-value (serde_json::Value or serde_yaml::Value, the floor)
//!       openapiv3-serde (serde straight into openapiv3::OpenAPI; JSON only)
//!       pactum-parse (our span tree only)
//!       pactum-load (the whole loader: tree, $ref, 3.1 normalisation, typed model)
//! ```
//! Peak memory is the process's VmHWM, so run one mode per process (`bench/load.sh` does).

use std::path::Path;
use std::time::Instant;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn run(mode: &str, path: &Path) -> Result<(), String> {
    match mode {
        "serde-value" => {
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            if path.extension().is_some_and(|e| e == "json") {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| e.to_string())?;
                std::hint::black_box(v);
            } else {
                let v: serde_yaml::Value =
                    serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
                std::hint::black_box(v);
            }
        }
        "openapiv3-serde" => {
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            let v: openapiv3::OpenAPI = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            std::hint::black_box(v);
        }
        "pactum-parse" => {
            let limits = pactum_spec::Limits::default();
            let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
            let source = pactum_spec::parse::decode(path, bytes, &limits).map_err(|e| e.message)?;
            let tree = pactum_spec::parse::parse(&source, &limits)
                .map_err(|e| e.first().map(|e| e.message.clone()).unwrap_or_default())?;
            std::hint::black_box(tree);
        }
        "pactum-load" => {
            let spec = pactum_spec::load(path, &pactum_spec::loader::Options::default())
                .map_err(|e| format!("{} load errors, first: {}", e.len(), e[0].message))?;
            std::hint::black_box(spec);
        }
        other => return Err(format!("unknown mode {other}")),
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, runs, file] = args.as_slice() else {
        eprintln!("usage: load_bench MODE RUNS FILE");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().unwrap_or(5).max(1);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        if let Err(e) = run(mode, Path::new(file)) {
            println!("error\t{:.0}\t{e}", peak_rss_mib());
            return;
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{:.1}\t{:.0}", times[times.len() / 2], peak_rss_mib());
}
