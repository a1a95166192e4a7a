#!/usr/bin/env bash
# End-to-end check of the release binary on the real-world corpus: every spec listed in
# MANIFEST.md must load (exit 0 or 1, never 2 or a panic), print valid JSON, give the same
# output twice (deterministic), and print SARIF that validates against the SARIF 2.1.0 schema
# (the copy vendored in crates/pactum-lint/tests/data/, checked with Python's jsonschema).
#   tests/corpus_cli.sh PACTUM_BIN CORPUS_DIR
set -euo pipefail
bin=$1; corpus=$2
fail=0; n=0
roots=$(python3 - "$corpus/MANIFEST.md" <<'PY'
import sys
for line in open(sys.argv[1]):
    cells = [c.strip() for c in line.split('|')]
    if len(cells) > 3 and cells[1].isdigit():
        print(cells[3].strip('`'))
PY
)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
venv=$here/target/ci-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jsonschema' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q "jsonschema>=4.17"
fi
schema=$here/crates/pactum-lint/tests/data/sarif-schema-2.1.0.json
for r in $roots; do
  n=$((n+1))
  set +e
  "$bin" lint "$corpus/$r" --format json >"$tmp/a.json" 2>"$tmp/err"; code=$?
  "$bin" lint "$corpus/$r" --format json >"$tmp/b.json" 2>/dev/null
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "FAIL $r: exit $code"; head -c 2000 "$tmp/a.json"; head -c 2000 "$tmp/err"; fail=$((fail+1)); continue
  fi
  if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "findings" in d and "summary" in d' "$tmp/a.json"; then
    echo "FAIL $r: output is not the JSON contract"; fail=$((fail+1)); continue
  fi
  if ! cmp -s "$tmp/a.json" "$tmp/b.json"; then
    echo "FAIL $r: output differs between two runs"; fail=$((fail+1)); continue
  fi
  "$bin" lint "$corpus/$r" --format sarif >"$tmp/s.sarif" 2>/dev/null || true
  if ! "$venv/bin/python" - "$schema" "$tmp/s.sarif" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
for e in errors[:5]:
    print("  SARIF:", e.message[:200], "at", "/".join(map(str, e.absolute_path)))
sys.exit(1 if errors else 0)
PY
  then
    echo "FAIL $r: SARIF does not validate"; fail=$((fail+1)); continue
  fi
  echo "ok   $r (exit $code, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/a.json") findings)"
done
# `pactum diff` on every version pair: finishes (exit 0 or 1), prints the JSON contract with
# `base`/`revision` places, deterministically.
for d in "$corpus"/pairs/*/; do
  p=$(basename "$d"); n=$((n+1))
  set +e
  "$bin" diff "$d/old.json" "$d/new.json" --format json >"$tmp/a.json" 2>"$tmp/err"; code=$?
  "$bin" diff "$d/old.json" "$d/new.json" --format json >"$tmp/b.json" 2>/dev/null
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "FAIL diff $p: exit $code"; head -c 2000 "$tmp/err"; fail=$((fail+1)); continue
  fi
  if ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "findings" in d and "summary" in d; assert all("location" in f for f in d["findings"])' "$tmp/a.json"; then
    echo "FAIL diff $p: output is not the JSON contract"; fail=$((fail+1)); continue
  fi
  if ! cmp -s "$tmp/a.json" "$tmp/b.json"; then
    echo "FAIL diff $p: output differs between two runs"; fail=$((fail+1)); continue
  fi
  echo "ok   diff $p (exit $code, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/a.json") findings)"
done
echo "corpus: $((n-fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
