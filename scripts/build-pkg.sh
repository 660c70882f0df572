#!/usr/bin/env bash
# Builds the npm package into pkg/dist/ (called by `make pkg`):
#   cargo (wasm32, release, opt-level s) -> wasm-bindgen --target web -> wasm-opt -Os (npm binaryen)
#   -> scripts/bundle.mjs (esbuild: ESM + CJS entries with the wasm embedded, Node entries that
#   read dist/astro.wasm, public d.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1m[pkg]\033[0m %s\n' "$*"; }

WASM_BINDGEN_VERSION=0.2.130
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  echo "wasm-bindgen $WASM_BINDGEN_VERSION is required (run scripts/setup.sh)" >&2
  exit 1
fi
if [[ ! -x node_modules/.bin/esbuild || ! -x node_modules/.bin/wasm-opt ]]; then
  log "npm ci (esbuild, binaryen)"
  npm ci --no-audit --no-fund --loglevel=error
fi

log "cargo build --release --target wasm32-unknown-unknown"
# Keep the target_features section for wasm-bindgen (wasm-opt strips the rest below).
# opt-level "s": since the response check left the wasm (js/check.js), "s" costs at most a few
# percent of client CPU per call against 3 (within the noise of bench/compare.mjs here), for 12%
# less code (wasm 336 -> 294 KB) and ~2 ms less CPU to the first request of a fresh Node process
# (bench/cold-compare.mjs); "z" is smaller still (264 KB) but was 8-9% slower on list 100 and
# slower on create in both comparisons (bench/PROFILE.md, 1a).
CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_STRIP=false \
  cargo build --release --target wasm32-unknown-unknown -p astro-platform-client --quiet

log "wasm-bindgen"
rm -rf build/wasm-bindgen
wasm-bindgen --target web --out-dir build/wasm-bindgen --out-name astro \
  target/wasm32-unknown-unknown/release/astro_platform_client.wasm

log "wasm-opt -Os"
# The features rustc enables by default for wasm32-unknown-unknown.
node_modules/.bin/wasm-opt -Os --strip-debug --strip-producers \
  --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
  build/wasm-bindgen/astro_bg.wasm -o build/astro.opt.wasm

log "bundle"
node scripts/bundle.mjs
log "done: $(ls -1 pkg/dist | tr '\n' ' ')"
