#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, at pinned versions. Idempotent: each
# step checks first, so a second run costs seconds. Works on a fresh Debian 12 machine that
# reaches crates.io, npm, PyPI and Debian's archive (no other downloads).
#   scripts/setup.sh            everything (tests)
#   scripts/setup.sh --demo     only what the demo needs (no browser)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
want_browser=1
[[ "${1:-}" == "--demo" ]] && want_browser=0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
if (( want_browser )); then
  [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || need_apt+=(chromium-driver)
  # Python venvs for the spec check (below) and schemathesis (tests/schemathesis/run.sh).
  command -v python3 >/dev/null || need_apt+=(python3)
  python3 -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
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
# The spec check's Python packages (PyYAML, openapi-spec-validator), pinned in
# spec/requirements.txt, in their own venv (Debian's python3 refuses `pip install` outside one);
# `make test-spec` runs spec/check_spec.py with it. Re-created when the requirements change.
if (( want_browser )); then
  venv=build/spec-venv
  want=$(sha256sum spec/requirements.txt | cut -d' ' -f1)
  if [[ ! -x $venv/bin/python || "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    log "python3 -m venv $venv; pip install -r spec/requirements.txt"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r spec/requirements.txt
    echo "$want" > "$venv/.requirements.sha256"
  fi
fi
log "tools ready: $(rustc --version), $(wasm-bindgen --version), node $(node --version)"
