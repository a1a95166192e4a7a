#!/usr/bin/env bash
# An outside check nobody here wrote: schemathesis (PyPI) fuzzes the example service
# (`pactum-petstore`, generated from specs/petstore/v2.yaml) with the contract and fails on
# server errors and on responses that violate the contract. Bounded: 50 examples per
# operation, fixed seed, 10 minutes at most.
#
# Excluded checks, on purpose: `ignored_auth` (the example accepts any bearer token, by design)
# and `positive_data_acceptance` (the store answers schema-valid requests for unknown pets with
# 404/422 business errors, which that check counts as rejections).
#   tests/schemathesis.sh [PETSTORE_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/pactum-petstore}
venv=target/ci-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$bin" --listen "127.0.0.1:$port" > target/petstore-schemathesis.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
python3 - "$port" <<'PY'
import socket, sys, time
for _ in range(300):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit("pactum-petstore did not start")
PY
timeout 600 "$venv/bin/schemathesis" run specs/petstore/v2.yaml \
  --url "http://127.0.0.1:$port" -H "Authorization: Bearer schemathesis" \
  --max-examples 50 --seed 1 --exclude-checks ignored_auth,positive_data_acceptance \
  --report-dir target/schemathesis-report 2>&1 | tail -40
