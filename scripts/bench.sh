#!/usr/bin/env bash
# The benchmark (README): astro-platform-client against plain fetch and openapi-fetch.
#   bash scripts/bench.sh            3 full runs (about 3 minutes each on an idle machine), writes
#                                    bench/RESULTS.md: every figure as the median over the runs
#                                    with the spread (min–max) across them
#   bash scripts/bench.sh --runs 5   more runs (at least 3: one run on a shared machine is not a result)
#   bash scripts/bench.sh --quick    3 runs of fewer rounds each (a few minutes), for a smoke run
#   bash scripts/bench.sh --rebuild  run `make pkg` first even if pkg/dist exists (it is built
#                                    only when missing otherwise; RESULTS.md gives its build time)
#   --out FILE / --json FILE         write the report / the raw samples elsewhere
# Steps: build the package if pkg/dist is missing (make pkg), pack pkg/ and install the tarball
# into bench/, install bench's pinned devDependencies (from bench/package-lock.json), generate the
# openapi-fetch types of each version (spec/platform-v1beta1.yaml, spec/astro-v1.yaml) with
# openapi-typescript and type-check the clients against them, then run bench/run.mjs, which runs
# bench/measure.mjs (one fresh process per run; each starts the fixed-body server itself) and
# writes the report.
# Never fails on a number; exits non-zero only on real errors. If the package cannot be built, the
# run goes on and its column says n/a.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

rebuild=0
args=()
for a in "$@"; do
  if [[ "$a" == "--rebuild" ]]; then rebuild=1; else args+=("$a"); fi
done

cd bench
if [[ ! -d node_modules/openapi-fetch || ! -d node_modules/playwright-core || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci (pinned devDependencies)"
  npm ci --no-audit --no-fund --loglevel=error
fi
cd "$root"

# ---- the package: build if missing, pack, install the tarball into bench/
rm -rf bench/node_modules/astro-platform-client
if [[ ! -f pkg/dist/index.js || $rebuild == 1 ]]; then
  log "make pkg"
  make pkg >&2 || log "make pkg failed: the package column will be n/a"
fi
if [[ -f pkg/package.json && -f pkg/dist/index.js ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tarball=$(cd pkg && npm pack --pack-destination "$tmp" --loglevel=error | tail -n 1)
  log "installing the packed tarball $tarball"
  (cd bench && npm install --no-save --no-audit --no-fund --loglevel=error "$tmp/$tarball")
else
  log "no pkg/dist/index.js: the package column will be n/a"
fi

# ---- openapi-fetch types from our spec, and a type check of the clients against them
log "openapi-typescript spec/platform-v1beta1.yaml -> bench/generated/platform.d.ts, spec/astro-v1.yaml -> bench/generated/v1.d.ts"
(cd bench && npx --no-install openapi-typescript ../spec/platform-v1beta1.yaml -o generated/platform.d.ts >/dev/null)
(cd bench && npx --no-install openapi-typescript ../spec/astro-v1.yaml -o generated/v1.d.ts >/dev/null)
(cd bench && npx --no-install tsc -p tsconfig.json)

# ---- run
log "running (runs of: server, Node, Chromium; then sizes and the report)"
(cd bench && node run.mjs ${args[@]+"${args[@]}"})
