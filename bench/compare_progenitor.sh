#!/usr/bin/env bash
# Clients side by side with progenitor on the real-world corpus: for every spec in MANIFEST.md,
# generate a client with `pactum gen SPEC --client` and with progenitor (bench/progenitor-gen,
# a bench-only crate outside the workspace: progenitor is a dependency of nothing else), put
# each into its own scratch crate (dependencies prebuilt, one shared target dir) and time
# generation and `cargo check`. Prints a markdown table, then one note per failure.
#   bench/compare_progenitor.sh [CORPUS_DIR] [TIMEOUT_SECONDS]
# Environment: CARGO_TARGET_DIR (default: the repo's target/), COMPARE_ONLY="spec1 spec2" to
# run a subset.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$repo/../shared/corpus}
limit=${2:-600}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
work=${COMPARE_WORK:-$CARGO_TARGET_DIR/compare-progenitor}
mkdir -p "$work/pactum/src" "$work/progenitor/src" "$work/errors"

cat >"$work/pactum/Cargo.toml" <<TOML
[package]
name = "pactum-client-check"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
pactum = { path = "$repo/crates/pactum", features = ["client"] }
[workspace]
TOML
# What progenitor's README asks a crate holding a generated client to depend on (reqwest
# without default features, as pactum's), plus the crates generated types may name.
cat >"$work/progenitor/Cargo.toml" <<TOML
[package]
name = "progenitor-client-check"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
futures = "0.3"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"
bytes = "1"
base64 = "0.22"
rand = "0.8"
[workspace]
TOML

cargo build -q --release --manifest-path "$repo/Cargo.toml" -p pactum-cli || exit 2
cargo build -q --release --manifest-path "$repo/bench/progenitor-gen/Cargo.toml" || exit 2
pactum="$CARGO_TARGET_DIR/release/pactum"
progenitor="$CARGO_TARGET_DIR/release/progenitor-gen"
for tool in pactum progenitor; do
  echo 'pub fn placeholder() {}' >"$work/$tool/src/lib.rs"
  cargo check -q --manifest-path "$work/$tool/Cargo.toml" 2>/dev/null || exit 2
done

secs() { python3 -c "print(f'{$2-$1:.2f}')"; }
note_of() { grep -m1 -E "$2" "$1" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-160 | tr '|' '/'; }

# run_tool TOOL NAME SPEC: generates and checks; sets gen_ok check_ok gen_s check_s note.
run_tool() {
  local tool=$1 name=$2 spec=$3 lib="$work/$1/src/lib.rs" err="$work/errors/$2.$1"
  gen_ok=no; check_ok=-; gen_s=-; check_s=-; note=
  local t0 t1 rc
  t0=$(date +%s.%N)
  if [ "$tool" = pactum ]; then
    timeout "$limit" "$pactum" gen "$spec" --client --out "$lib.new" 2>"$err.gen"; rc=$?
  else
    timeout "$limit" "$progenitor" "$spec" "$lib.new" 2>"$err.gen"; rc=$?
  fi
  t1=$(date +%s.%N); gen_s=$(secs "$t0" "$t1")
  if [ $rc -ne 0 ]; then
    [ $rc -eq 124 ] && note="generation timed out after ${limit}s" || note=$(note_of "$err.gen" '.')
    rm -f "$lib.new"; return
  fi
  gen_ok=yes; rm -f "$err.gen"
  { echo '#![allow(warnings, clippy::all)]'; cat "$lib.new"; } >"$lib" && rm -f "$lib.new"
  t0=$(date +%s.%N)
  timeout "$limit" cargo check -q --manifest-path "$work/$tool/Cargo.toml" 2>"$err.check"; rc=$?
  t1=$(date +%s.%N); check_s=$(secs "$t0" "$t1")
  if [ $rc -eq 0 ]; then check_ok=yes; rm -f "$err.check"; else
    check_ok=no
    [ $rc -eq 124 ] && note="cargo check timed out after ${limit}s" || note=$(note_of "$err.check" '^error')
    cp "$lib" "$err.rs"
  fi
}

roots=$(python3 - "$corpus/MANIFEST.md" <<'PY'
import sys
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.split('|')]
    if len(cells) > 3 and cells[1].isdigit():
        print(cells[2] + ' ' + cells[3].strip('`'))
PY
)
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), pactum $(git -C "$repo" rev-parse --short HEAD), progenitor 0.15.1"
echo
echo "| spec | pactum client | pactum compiles | pactum gen s | pactum check s | progenitor client | progenitor compiles | progenitor gen s | progenitor check s | load |"
echo "|---|---|---|---:|---:|---|---|---:|---:|---:|"
notes=""; p_ok=0; g_ok=0; total=0
while read -r name root; do
  [ -z "$name" ] && continue
  if [ -n "${COMPARE_ONLY:-}" ] && [[ " $COMPARE_ONLY " != *" $name "* ]]; then continue; fi
  total=$((total+1))
  run_tool pactum "$name" "$corpus/$root"
  row="| $name | $gen_ok | $check_ok | $gen_s | $check_s"
  [ "$check_ok" = yes ] && p_ok=$((p_ok+1))
  [ -n "$note" ] && notes+="- $name, pactum: $note"$'\n'
  run_tool progenitor "$name" "$corpus/$root"
  echo "$row | $gen_ok | $check_ok | $gen_s | $check_s | $(cut -d' ' -f1 /proc/loadavg) |"
  [ "$check_ok" = yes ] && g_ok=$((g_ok+1))
  [ -n "$note" ] && notes+="- $name, progenitor: $note"$'\n'
done <<<"$roots"
echo
echo "pactum: $p_ok of $total compile; progenitor: $g_ok of $total compile (finished $(date -u '+%H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "Failures (first line of the error; full output in $work/errors/):"
echo
printf '%s' "$notes"
