//! Times `parse::parse` against `serde_json::from_str::<serde_json::Value>` (JSON files) or the
//! bare `saphyr-parser` event stream (YAML files) on real files, median of 5 runs.
//!
//! `cargo run --release -p pactum-spec --example parse_bench -- FILE...`

use std::time::{Duration, Instant};

use pactum_spec::parse::{decode, parse};
use pactum_spec::Limits;

const RUNS: usize = 5;

/// Median wall time of `RUNS` runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let limits = Limits::default();
    println!(
        "{:<40} {:>10} {:>22} {:>10}",
        "file", "bytes", "baseline ms", "pactum ms"
    );
    for file in std::env::args().skip(1) {
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let len = bytes.len();
        let source = match decode(file.as_ref(), bytes, &limits) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{file}: {e}");
                continue;
            }
        };
        let baseline = if file.ends_with(".json") {
            let t = median(|| {
                let v = serde_json::from_str::<serde_json::Value>(&source.text);
                std::hint::black_box(v.is_ok());
            });
            format!("{} (serde_json)", ms(t))
        } else {
            // The YAML events alone: what the tree builder adds is the difference.
            let t = median(|| {
                let events = saphyr_parser::Parser::new_from_str(&source.text)
                    .take_while(Result::is_ok)
                    .count();
                std::hint::black_box(events);
            });
            format!("{} (events)", ms(t))
        };
        let mut ok = true;
        let ours = median(|| {
            let tree = parse(&source, &limits);
            ok &= tree.is_ok();
            std::hint::black_box(tree.is_ok());
        });
        let name = file.rsplit('/').take(2).collect::<Vec<_>>();
        let name = format!("{}/{}", name.get(1).unwrap_or(&""), name[0]);
        println!(
            "{:<40} {:>10} {:>22} {:>10}{}",
            name,
            len,
            baseline,
            ms(ours),
            if ok { "" } else { "  (parse error)" }
        );
    }
}
