#!/usr/bin/env bash
# Hostile-environment tests of the npm package and the emulator (issue 7), from the repo root:
#   1. tests/hostile/callers.test.mjs  hostile callers (wrong types, prototype keys, 10 MB strings,
#                                      10k-deep nesting, non-plain objects, 1,000 bad calls)
#   2. tests/hostile/servers.test.mjs  hostile servers/proxies (huge, deep, invalid UTF-8, HTML,
#                                      wrong shape, cut-off bodies)
#   3. tests/csp/csp.test.mjs          the package in headless Chromium under a strict CSP
#   4. tests/extension/extension.test.mjs  a Manifest V3 extension whose service worker imports
#                                      the package, loaded unpacked into headless Chromium
#   5. tests/schemathesis/run.sh       the emulator against spec/platform-v1beta1.yaml
# The package is installed the way users get it: `npm pack pkg` + `npm install <tgz>` into
# build/hostile-consumer, then imported by name.
# Exits non-zero when any part fails (all parts run). HOSTILE_NO_BUILD=1 skips `make pkg` and the
# emulator build (they must exist). HOSTILE_ONLY="callers servers csp extension schemathesis"
# selects parts. Cases that fail on known package gaps run as node:test `todo` tests (printed as
# "✖ ... # known package gap: ...", counted under "todo", not failing the run);
# HOSTILE_STRICT=1 turns them into ordinary tests.
set -uo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1m[hostile]\033[0m %s\n' "$*"; }
start=$(date +%s)

if [[ "${HOSTILE_NO_BUILD:-}" != 1 ]]; then
  log "building the npm package (make pkg)"
  make --no-print-directory pkg || { log "make pkg failed"; exit 1; }
  log "building the emulator"
  cargo build --release -p astro-emulator --quiet || { log "emulator build failed"; exit 1; }
fi
# ASTRO_PKG_DIR / ASTRO_EMULATOR point the suites at another package folder / emulator binary.
export ASTRO_PKG_DIR=${ASTRO_PKG_DIR:-$PWD/pkg}
export ASTRO_EMULATOR=${ASTRO_EMULATOR:-$PWD/target/release/astro-emulator}
for f in "$ASTRO_PKG_DIR/dist/index.js" "$ASTRO_PKG_DIR/package.json" "$ASTRO_EMULATOR"; do
  [[ -e "$f" ]] || { log "missing $f"; exit 1; }
done
[[ -x /usr/bin/chromium ]] || { log "missing /usr/bin/chromium (run scripts/setup.sh)"; exit 1; }

if [[ ! -d tests/hostile/node_modules/playwright-core ]]; then
  log "npm ci in tests/hostile (playwright-core, pinned; no browser download)"
  (cd tests/hostile && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
    || { log "npm ci failed"; exit 1; }
fi

log "packing $ASTRO_PKG_DIR and installing the tarball into build/hostile-consumer"
rm -rf build/hostile-consumer
mkdir -p build/hostile-consumer
HOSTILE_PROJECT=$(node -e '
  import("./tests/hostile/lib/pkg.mjs").then((m) => {
    process.stdout.write(m.installPackedPackage(undefined, process.argv[1]));
  }).catch((e) => { console.error(e.message); process.exit(1); });' "$PWD/build/hostile-consumer") \
  || { log "npm pack / npm install of the package failed"; exit 1; }
export HOSTILE_PROJECT
log "installed: $(node -p "require('$HOSTILE_PROJECT/node_modules/astro-platform-client/package.json').version")"

ONLY=" ${HOSTILE_ONLY:-callers servers csp extension schemathesis} "
failed=()
passed=()
run() { # name, command...
  local name=$1; shift
  [[ "$ONLY" == *" $name "* ]] || return 0
  log "── $name: $*"
  local t0=$(date +%s)
  if "$@"; then passed+=("$name ($(( $(date +%s) - t0 ))s)"); else failed+=("$name"); fi
}
NODE_TEST=(node --test --test-concurrency=1 --test-reporter=spec)
run callers "${NODE_TEST[@]}" tests/hostile/callers.test.mjs
run servers "${NODE_TEST[@]}" tests/hostile/servers.test.mjs
run csp "${NODE_TEST[@]}" tests/csp/csp.test.mjs
run extension "${NODE_TEST[@]}" tests/extension/extension.test.mjs
run schemathesis bash tests/schemathesis/run.sh

log "passed: ${passed[*]:-none}"
log "failed: ${failed[*]:-none}"
log "total $(( $(date +%s) - start ))s"
[[ ${#failed[@]} -eq 0 ]]
