#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, at pinned versions. Idempotent: each
# step checks first, so a second run costs seconds. Works on a fresh Debian 12 machine that
# reaches crates.io, npm, PyPI and Debian's archive (no other downloads).
#   scripts/setup.sh            everything (tests)
#   scripts/setup.sh --demo     only what the demo needs (no browser)
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
want_browser=1
[[ "${1:-}" == "--demo" ]] && want_browser=0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
if (( want_browser )); then
  [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || need_apt+=(chromium-driver)
fi
if ((${#need_apt[@]})); then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
log "tools ready: $(rustc --version), $(wasm-bindgen --version), node $(node --version)"
