#!/usr/bin/env bash
# README command 1 (`make demo`): build the npm package and the emulator, then serve the API,
# the demo console (www/) and the package on one local port, and print the URL and the token.
#   scripts/demo.sh [extra astro-emulator flags, e.g. --data demo-state.json]
# PORT=NNNN picks the first port to try (default 8788; the next free one is used).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }

log "building the npm package (make pkg)"
make --no-print-directory pkg
log "building the emulator (cargo build --release -p astro-emulator)"
cargo build --release -p astro-emulator

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${PORT:-8788}"
last=$((port + 50))
while port_in_use "$port"; do
  port=$((port + 1))
  if ((port > last)); then log "no free port between ${PORT:-8788} and $last"; exit 1; fi
done

log "starting the emulator on port $port (Ctrl-C stops it)"
shown=0
target/release/astro-emulator --port "$port" --www www --pkg pkg "$@" | while IFS= read -r line; do
  printf '%s\n' "$line"
  if ((shown == 0)) && [[ "$line" == token:* ]]; then
    shown=1
    token="${line#token: }"
    printf '\n  \033[1mOpen http://127.0.0.1:%s/ in your browser\033[0m\n' "$port"
    printf '  and connect with the token \033[1m%s\033[0m (prefilled when it is the default).\n\n' "$token"
  fi
done
