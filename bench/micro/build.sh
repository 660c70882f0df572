#!/usr/bin/env bash
# Builds the micro-benchmark wasm (bench/micro/out-<opt>/) for one or more opt-levels: z s 3
set -euo pipefail
cd "$(dirname "$0")"
for opt in "${@:-z}"; do
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt cargo build --release --target wasm32-unknown-unknown --target-dir target -q
  wasm-bindgen --target nodejs --out-dir "out-$opt" target/wasm32-unknown-unknown/release/astro_bench_micro.wasm
  echo "{\"type\": \"commonjs\"}" > "out-$opt/package.json"; ls -l "out-$opt"/*.wasm
done
