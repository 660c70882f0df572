#!/usr/bin/env bash
# JS tests of the npm package: packs pkg/, installs the tarball into a fresh temporary project,
# and runs the Node (ESM + CommonJS), TypeScript consumer and headless-Chromium suites against a
# recording loopback server and the real emulator.
#
#   bash scripts/test-js.sh              everything
#   bash scripts/test-js.sh errors       only the test files whose name contains "errors"
#
# Builds what is missing: the package (scripts/build-pkg.sh) and the emulator (release build).
# Set ASTRO_REBUILD=1 to rebuild both even when present.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

echo "== test-js: tests/js dependencies (npm ci)"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)

if [[ "${ASTRO_REBUILD:-}" == 1 || ! -f pkg/dist/index.js || ! -f pkg/dist/index.cjs || ! -f pkg/dist/index.d.ts ]]; then
  echo "== test-js: building the package (scripts/build-pkg.sh)"
  bash scripts/build-pkg.sh
fi

emulator_bin="${ASTRO_EMULATOR_BIN:-$root/target/release/astro-emulator}"
if [[ "${ASTRO_REBUILD:-}" == 1 || ! -x "$emulator_bin" ]]; then
  echo "== test-js: building the emulator (cargo build --release -p astro-emulator)"
  cargo build --release -p astro-emulator
fi
export ASTRO_EMULATOR_BIN="$emulator_bin"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "test-js: /usr/bin/chromium is missing (scripts/setup.sh installs it)" >&2
  exit 2
fi

echo "== test-js: running the suites from a fresh consumer project"
exec node tests/js/pack.mjs "$@"
