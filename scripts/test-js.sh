#!/usr/bin/env bash
# JS tests of the npm package: packs pkg/, installs the tarball into a fresh temporary project,
# and runs the Node (ESM + CommonJS), TypeScript consumer and headless-Chromium suites against a
# recording loopback server and the real emulator.
#
#   bash scripts/test-js.sh              everything
#   bash scripts/test-js.sh errors       only the test files whose name contains "errors"
#
# Builds what is missing or stale: the package (scripts/build-pkg.sh) and the emulator (release
# build). ASTRO_REBUILD=1 rebuilds the package even when it looks fresh; ASTRO_EMULATOR_BIN=path
# uses that emulator binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

echo "== test-js: tests/js dependencies (npm ci)"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

# The package: built when missing, or when a source of it is newer than the built entry.
pkg_stale() {
  [[ ! -f pkg/dist/index.js || ! -f pkg/dist/index.cjs || ! -f pkg/dist/index.d.ts ]] && return 0
  [[ -n "$(find src js pkg/package.json pkg/README.md scripts/build-pkg.sh scripts/bundle.mjs Cargo.toml Cargo.lock \
            -newer pkg/dist/index.js -type f -print -quit 2>/dev/null)" ]]
}
if [[ "${ASTRO_REBUILD:-}" == 1 ]] || pkg_stale; then
  echo "== test-js: building the package (scripts/build-pkg.sh)"
  bash scripts/build-pkg.sh
fi

# The emulator: cargo only rebuilds what changed (a no-op when it is up to date).
if [[ -z "${ASTRO_EMULATOR_BIN:-}" ]]; then
  echo "== test-js: emulator (cargo build --release -p astro-emulator)"
  cargo build --release -p astro-emulator --quiet
  export ASTRO_EMULATOR_BIN="$root/target/release/astro-emulator"
fi

if [[ ! -x /usr/bin/chromium ]]; then
  echo "test-js: /usr/bin/chromium is missing (scripts/setup.sh installs it)" >&2
  exit 2
fi

echo "== test-js: running the suites from a fresh consumer project"
exec node tests/js/pack.mjs "$@"
