#!/usr/bin/env bash
# Builds the npm package into pkg/dist/ (called by `make pkg`), once per API version:
#   cargo (wasm32, release, opt-level z, --features <version>) -> wasm-bindgen --target web ->
#   wasm-opt -Oz (npm binaryen) -> scripts/bundle.mjs (esbuild: ESM + CJS entries with the wasm
#   embedded, Node entries that read the .wasm file beside them, public d.ts), v1beta1 into
#   dist/ (the root entry) and v1 into dist/v1/.
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

# One wasm module per API version (cargo features v1beta1 / v1), so each entry of the package
# carries only its own version's tables: the root entry (and ./v1beta1) is v1beta1, ./v1 is v1.
# Keep the target_features section for wasm-bindgen (wasm-opt strips the rest below).
# opt-level "z" and wasm-opt -Oz: the response check runs in JS (js/check.js) and the wasm's
# share of a call is small, so the smallest code costs little time; bench/RESULTS.md measures it
# (bench/PROFILE.md has the size by crate).
rm -rf build/wasm-bindgen build/wasm-bindgen-v1beta1 build/wasm-bindgen-v1
for version in v1beta1 v1; do
  log "cargo build --release --target wasm32-unknown-unknown --features $version"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_STRIP=false \
    cargo build --release --target wasm32-unknown-unknown -p astro-platform-client --quiet \
      --no-default-features --features "$version"

  log "wasm-bindgen ($version)"
  wasm-bindgen --target web --out-dir "build/wasm-bindgen-$version" --out-name astro \
    target/wasm32-unknown-unknown/release/astro_platform_client.wasm

  log "wasm-opt -Oz ($version)"
  # The features rustc enables by default for wasm32-unknown-unknown.
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "build/wasm-bindgen-$version/astro_bg.wasm" -o "build/astro-$version.opt.wasm"
done

log "bundle"
node scripts/bundle.mjs
log "done: $(cd pkg/dist && find . -type f | sort | tr '\n' ' ')"
