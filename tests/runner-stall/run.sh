#!/usr/bin/env bash
# Reproduces the stall of wasm-bindgen-test-runner 0.2.130 without astro-platform-client
# (README.md in this folder). Not part of `make test`.
#   bash tests/runner-stall/run.sh [RUNS]      (default 20)
# 1. the runner's HTTP server alone (rouille 3.6.2 on tiny_http 0.12.0, no browser, no wasm):
#    6 keep-alive connections opened at once, then the controls (4 at once; 6 one every 100 ms);
# 2. a trivial crate (five one-line JS snippets, two trivial tests) run RUNS times by the runner
#    in a service worker in headless Chromium; a run that prints no "test result" stalled.
# Needs the wasm32 target, wasm-bindgen-cli 0.2.130 and chromedriver (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/../../build/runner-stall}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

echo "== 1. the runner's server alone (tiny-http/)"
(cd tiny-http && cargo build --release --quiet)
server_repro="$CARGO_TARGET_DIR/release/runner-stall-tiny-http"
echo "-- 6 connections at once:"; "$server_repro" "$runs" 6 | tail -n 1
echo "-- control, 4 connections at once:"; "$server_repro" "$runs" 4 | tail -n 1
echo "-- control, 6 connections, one every 100 ms:"; "$server_repro" "$runs" 6 100 | tail -n 1

echo "== 2. a trivial service-worker test under wasm-bindgen-test-runner (sw-crate/)"
wasm=$(cd sw-crate && cargo test --target wasm32-unknown-unknown --no-run --message-format=json --quiet \
  | sed -n 's/.*"executable":"\([^"]*\/sw-[^"]*\.wasm\)".*/\1/p' | tail -n 1)
[[ -n "$wasm" ]] || { echo "no test wasm built" >&2; exit 1; }
stalled=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for i in $(seq 1 "$runs"); do
  WASM_BINDGEN_TEST_TIMEOUT=20 wasm-bindgen-test-runner "$wasm" >"$log" 2>&1 || true
  if grep -q '^test result: ok' "$log"; then
    echo "run $i: $(grep -m1 '^test result' "$log")"
  else
    stalled=$((stalled + 1))
    echo "run $i: no test ran; the page said: $(grep -m1 -E '^Loading' "$log" || echo '?')"
  fi
done
echo "summary: $stalled of $runs runs of a trivial service-worker test stalled"
