#!/usr/bin/env bash
# Loader benchmark: median wall time (in-process, RUNS runs) and peak RSS (one process per
# mode) of each way of loading the largest corpus specs. Numbers go to BENCHMARKS.md.
#
#   bench/load.sh [RUNS] [SPEC...]     SPEC relative to the corpus (default: the largest ones)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${PACTUM_CORPUS:-$here/../shared/corpus}
runs=${1:-5}; shift || true
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(github-api/api.github.com.json github-webhooks/api.github.com.webhooks.json stripe/spec3.json openai/openapi.yaml asana/asana_oas.yaml kubernetes-core-v1/v1.json digitalocean/specification/DigitalOcean-public.v2.yaml)
[ -d "$CORPUS" ] || { echo "corpus not found at $CORPUS (set PACTUM_CORPUS)"; exit 2; }
cargo build --release -q -p pactum-spec --example load_bench
bin=$here/target/release/examples/load_bench
printf '| spec | bytes | serde Value (floor) ms / MiB | serde → openapiv3 ms / MiB | pactum tree ms / MiB | pactum load ms / MiB | load ÷ floor |\n|---|---:|---:|---:|---:|---:|---:|\n'
for s in "${specs[@]}"; do
  f=$CORPUS/$s
  row="| ${s%%/*} | $(stat -c %s "$f")"
  floor=""; load=""
  for mode in serde-value openapiv3-serde pactum-parse pactum-load; do
    if [ "$mode" = openapiv3-serde ] && [[ "$f" != *.json ]]; then row="$row | n/a"; continue; fi
    out=$("$bin" "$mode" "$runs" "$f")
    ms=$(cut -f1 <<<"$out"); mib=$(cut -f2 <<<"$out")
    if [ "$ms" = error ]; then row="$row | fails"; continue; fi
    row="$row | $ms / $mib"
    [ "$mode" = serde-value ] && floor=$ms
    [ "$mode" = pactum-load ] && load=$ms
  done
  ratio=$(python3 -c "print(f'{$load/$floor:.2f}×')" 2>/dev/null || echo "?")
  echo "$row | $ratio |"
done
