#!/usr/bin/env bash
# Compile coverage of generated servers on the real-world corpus: for every spec in
# MANIFEST.md, generate server code (pactum-codegen's `gen` example) into a scratch crate that
# depends on `pactum` alone and `cargo check` it. Prints a markdown table:
#   spec | generated | compiles | gen s | check s | note
#   bench/codegen_corpus.sh [CORPUS_DIR] [TIMEOUT_SECONDS]
# With MODE=webhooks: the webhook receiver and sender instead (pactum features server and
# client), for the specs that declare webhooks or callbacks (the others are listed as such).
set -uo pipefail
mode=${MODE:-server}
if [ ! -d "${1:-$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus}" ]; then
  echo "SKIPPED: no corpus at ${1:-../shared/corpus}"
  exit 0
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$repo/../shared/corpus}
limit=${2:-600}
work=${CODEGEN_CORPUS_WORK:-$repo/target/codegen-corpus}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
features='"server"'
[ "$mode" = webhooks ] && features='"server", "client"'
mkdir -p "$work/crate/src"
cat >"$work/crate/Cargo.toml" <<TOML
[package]
name = "corpus-check"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
pactum = { path = "$repo/crates/pactum", features = [$features] }
[workspace]
TOML
cargo build -q --manifest-path "$repo/Cargo.toml" -p pactum-codegen --example gen || exit 2
gen="$CARGO_TARGET_DIR/debug/examples/gen"
echo 'pub fn placeholder() {}' >"$work/crate/src/lib.rs"
cargo check -q --manifest-path "$work/crate/Cargo.toml" 2>/dev/null
roots=$(python3 - "$corpus/MANIFEST.md" <<'PY'
import sys
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.split('|')]
    if len(cells) > 3 and cells[1].isdigit():
        print(cells[2] + ' ' + cells[3].strip('`'))
PY
)
echo "| spec | generated | compiles | gen s | check s | note |"
echo "|---|---|---|---:|---:|---|"
ok=0; total=0
while read -r name root; do
  [ -z "$name" ] && continue
  total=$((total+1))
  t0=$(date +%s.%N)
  if timeout "$limit" "$gen" "$corpus/$root" "$work/crate/src/lib.rs" "$mode" 2>"$work/gen.err"; then
    t1=$(date +%s.%N)
    gen_s=$(python3 -c "print(f'{$t1-$t0:.1f}')")
    { echo '#![allow(warnings, clippy::all)]'; cat "$work/crate/src/lib.rs"; } >"$work/lib.rs" && mv "$work/lib.rs" "$work/crate/src/lib.rs"
    t2=$(date +%s.%N)
    if timeout "$limit" cargo check -q --manifest-path "$work/crate/Cargo.toml" 2>"$work/check.err"; then
      t3=$(date +%s.%N); ok=$((ok+1))
      echo "| $name | yes | yes | $gen_s | $(python3 -c "print(f'{$t3-$t2:.1f}')") | |"
    else
      t3=$(date +%s.%N)
      note=$(grep -m1 -E '^error' "$work/check.err" | cut -c1-120 | tr '|' '/')
      echo "| $name | yes | no | $gen_s | $(python3 -c "print(f'{$t3-$t2:.1f}')") | $note |"
      cp "$work/check.err" "$work/$name.check.err"
    fi
  elif [ "$mode" = webhooks ] && grep -q "declares no webhooks" "$work/gen.err"; then
    total=$((total-1))
  else
    t1=$(date +%s.%N)
    note=$(head -n1 "$work/gen.err" | cut -c1-160 | tr '|' '/')
    echo "| $name | no | - | $(python3 -c "print(f'{$t1-$t0:.1f}')") | - | $note |"
    cp "$work/gen.err" "$work/$name.gen.err"
  fi
done <<<"$roots"
echo
echo "$ok of $total compile"
[ "$ok" -eq "$total" ]
