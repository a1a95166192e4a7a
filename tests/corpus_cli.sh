#!/usr/bin/env bash
# End-to-end check of the release binary on the real-world corpus: every spec listed in
# MANIFEST.md must load (exit 0 or 1, never 2 or a panic), print valid JSON, and give the
# same output twice (deterministic).
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
  echo "ok   $r (exit $code, $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/a.json") findings)"
done
echo "corpus: $((n-fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
