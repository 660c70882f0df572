#!/usr/bin/env bash
# End-to-end test of the demo console in headless Chromium (playwright-core, /usr/bin/chromium)
# against the real emulator and the built package. Run from anywhere; exits non-zero on failure.
# Screenshots: build/e2e-artifacts/*.png
#   E2E_NO_BUILD=1 skips rebuilding the package and the emulator (they must exist).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[e2e]\033[0m %s\n' "$*"; }

if [[ "${E2E_NO_BUILD:-}" != 1 ]]; then
  log "building the npm package (make pkg)"
  make --no-print-directory pkg
  log "building the emulator"
  cargo build --release -p astro-emulator
fi
for f in pkg/dist/index.js target/release/astro-emulator; do
  [[ -e "$f" ]] || { log "missing $f"; exit 1; }
done
[[ -x /usr/bin/chromium ]] || { log "missing /usr/bin/chromium (run scripts/setup.sh)"; exit 1; }

if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  log "npm ci in tests/e2e (playwright-core, pinned; no browser download)"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

mkdir -p build/e2e-artifacts
log "running tests/e2e/*.test.mjs"
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/console.test.mjs tests/e2e/v1-pages.test.mjs
log "screenshots in build/e2e-artifacts/"
