#!/usr/bin/env bash
# Runs the wasm-bindgen-test suites (tests/wasm_node.rs, tests/wasm_browser.rs,
# tests/wasm_worker.rs) against the real emulator on an ephemeral loopback port:
# Node, a page in headless Chromium, and a service worker in headless Chromium.
# Needs: the wasm32 target, wasm-bindgen-cli (wasm-bindgen-test-runner) at the pinned version,
# chromium + chromedriver (scripts/setup.sh installs them).
# ASTRO_WASM_SUITES="wasm_worker" runs only the suites named.
# A run is repeated only for one recognised stall of wasm-bindgen-test-runner's own HTTP server
# (below; tests/runner-stall/README.md); the summary counts the repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1m[test-wasm]\033[0m %s\n' "$*"; }

log "clippy (wasm32: the wasm layer and these suites)"
cargo clippy --target wasm32-unknown-unknown -p astro-platform-client --lib --tests --quiet -- -D warnings

log "building the emulator"
cargo build --release -p astro-emulator --quiet

tmp="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [[ -n "$emulator_pid" ]]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

token="astro-demo-token"
target/release/astro-emulator --port 0 --token "$token" --lifecycle-seconds 1 >"$tmp/emulator.out" 2>"$tmp/emulator.err" &
emulator_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^astro-emulator listening on \(http:\/\/[^ ]*\).*/\1/p' "$tmp/emulator.out" | head -n1)"
  [[ -n "$url" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$tmp/emulator.err" >&2; echo "emulator exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "emulator did not start" >&2; exit 1; }
log "emulator at $url"

export ASTRO_EMULATOR_API="$url/platform/v1beta1"
export ASTRO_EMULATOR_TOKEN="$token"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# ---- the one stall that is repeated
# wasm-bindgen-test-runner 0.2.130 serves the test page with rouille 3.6.2 on tiny_http 0.12.0.
# tiny_http's thread pool can lose a connection when several arrive at once (TaskPool::spawn
# queues the connection for a thread that was already woken for another one, and every thread
# then sits on a keep-alive connection the browser holds open): the browser's request on that
# connection is never read, and the page (mostly the service-worker suite's, at "Loading Wasm
# module...") waits until the runner's timeout. It happens without our package (tests/runner-stall/README.md has the reproduction and
# the evidence). That cause is recognised exactly: no test has started and, on two looks 3 s
# apart, a connection to the runner's own listening port still holds bytes the runner has not
# read (/proc/net/tcp: rx_queue > 0 on a socket of the runner's process). Only then is the run
# stopped and repeated, up to 8 runs, and the repeats are counted in the summary. Any other run
# in which no test ran fails the suite.
unread_on_runner_server() { # runner pid -> "inode:rx_queue" of each connection with unread bytes
  local pid=$1 inodes
  inodes=$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | sed 's/^socket:\[\([0-9]*\)\]$/\1/' | tr '\n' ' ')
  [[ -n "$inodes" ]] || return 0
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v inodes=" $inodes" '
    $4 ~ /^[0-9A-F][0-9A-F]$/ {
      split($2, local, ":"); split($5, q, ":"); mine = index(inodes, " " $10 " ") > 0
      if (mine && $4 == "0A") listening[local[2]] = 1
      if (mine && $4 == "01") { port[$10] = local[2]; rx[$10] = q[2] }
    }
    END { for (i in port) if ((port[i] in listening) && rx[i] !~ /^0+$/) print i ":0x" rx[i] }' | sort
}

# run_once WASM LOG -> sets `outcome`: "finished" (the runner exited; the log says what ran) or
# "runner-stall" (recognised as above; the runner, its chromedriver and Chromium were stopped)
run_once() {
  local wasm=$1 log=$2 pid start first second
  # The runner's own timeout bounds the tests (the suites need ~7-20 s); the watchdog below
  # bounds a hang outside its control (a chromedriver session once hung before the page loaded).
  # setsid: the runner leads its own process group, so a stop reaches chromedriver and Chromium.
  WASM_BINDGEN_TEST_TIMEOUT=120 setsid wasm-bindgen-test-runner "$wasm" >"$log" 2>&1 &
  pid=$!
  start=$SECONDS
  outcome=finished
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if ! grep -qE '^running [0-9]+ tests?$' "$log" && (( SECONDS - start >= 20 )); then
      first=$(unread_on_runner_server "$pid")
      if [[ -n "$first" ]]; then
        sleep 3
        second=$(unread_on_runner_server "$pid")
        # the same connection (socket inode) still unread, and still no test started
        if [[ -n "$second" ]] && [[ -n "$(comm -12 <(cut -d: -f1 <<<"$first") <(cut -d: -f1 <<<"$second"))" ]] \
          && ! grep -qE '^running [0-9]+ tests?$' "$log"; then
          outcome=runner-stall
          log "no test started after $(( SECONDS - start )) s; unread bytes on the runner's server (socket inode:bytes): $(tr '\n' ' ' <<<"$second")"
          kill -TERM -- "-$pid" 2>/dev/null || true
          break
        fi
      fi
    fi
    if (( SECONDS - start > 180 )); then
      log "the runner did not exit within 180 s: stopped"
      kill -TERM -- "-$pid" 2>/dev/null || true
      break
    fi
  done
  wait "$pid" 2>/dev/null || true
  sleep 1
  kill -KILL -- "-$pid" 2>/dev/null || true
}

status=0
summary=()
total_repeats=0
for suite in ${ASTRO_WASM_SUITES:-wasm_node wasm_browser wasm_worker}; do
  log "$suite: build"
  if ! wasm=$(cargo test --target wasm32-unknown-unknown --test "$suite" --no-run --message-format=json-render-diagnostics --quiet \
      | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n1) || [[ -z "$wasm" ]]; then
    status=1
    summary+=("$suite: FAILED to build")
    log "$suite FAILED to build"
    continue
  fi
  repeats=0
  for try in $(seq 1 8); do
    if [[ $try == 1 ]]; then log "$suite"; else log "$suite (run $try: the previous run hit the recognised runner stall)"; fi
    run_once "$wasm" "$tmp/$suite.log"
    grep -E '^(running|test |test result|failures|---- |error|panicked|thread)' "$tmp/$suite.log" || true
    [[ $outcome == runner-stall ]] || break
    repeats=$((repeats + 1))
    log "$suite: last lines of the stalled run:"
    tail -n 8 "$tmp/$suite.log"
  done
  total_repeats=$((total_repeats + repeats))
  passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$tmp/$suite.log" | tail -n1)
  # Every suite registers the shared checks (tests/wasm_common) plus its own: far fewer means
  # the registration broke, which must not pass as green.
  if [[ $outcome == runner-stall ]]; then
    status=1
    summary+=("$suite: FAILED (the recognised runner stall in all $try runs)")
  elif [[ -z "$passed" || "$passed" -lt 21 ]]; then
    status=1
    summary+=("$suite: FAILED")
    log "$suite FAILED; full output:"
    tail -n 60 "$tmp/$suite.log"
  else
    summary+=("$suite: $passed passed, 0 failed (repeats for the recognised runner stall: $repeats)")
  fi
done
log "summary:"
for line in "${summary[@]}"; do log "  $line"; done
log "runs repeated for the recognised runner stall (tiny_http, tests/runner-stall/README.md): $total_repeats"
exit $status
