#!/usr/bin/env bash
# Supply-chain check: licenses, bans and sources of every dependency, against deny.toml.
#
# Installs cargo-deny at a pinned version if it is missing (a from-source build of about
# 5 minutes on 2 cores, once per machine), then runs it. The "advisories" check is not run:
# it needs to fetch the RustSec advisory database from a git host, which this project's
# machines (crates.io, npm, PyPI and Debian only) cannot reach. The three checks run here
# need nothing but Cargo.lock and the local registry cache.
#
# Usage: scripts/cargo-deny.sh            # install if needed, then check
#        scripts/cargo-deny.sh --install  # only install
set -euo pipefail

CARGO_DENY_VERSION="0.20.2"
cd "$(dirname "$0")/.."

installed_version() {
    cargo deny --version 2>/dev/null | awk '{print $2}'
}

if [ "$(installed_version)" != "$CARGO_DENY_VERSION" ]; then
    echo "cargo-deny: installing $CARGO_DENY_VERSION (from source, takes a few minutes)" >&2
    start=$(date +%s)
    if ! cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked; then
        echo "cargo-deny: --locked install failed, retrying without --locked" >&2
        cargo install cargo-deny --version "$CARGO_DENY_VERSION"
    fi
    echo "cargo-deny: installed in $(( $(date +%s) - start )) s" >&2
fi

if [ "${1:-}" = "--install" ]; then
    exit 0
fi

cargo fetch --quiet
# --offline: no index update; everything needed is in Cargo.lock and the local cache.
# (The `cargo fetch` above fills the cache on a fresh machine, from crates.io.)
# --workspace: the root manifest is also a package; without it only the client crate and its
# dependencies would be checked, not the emulator's.
if ! cargo deny --offline --workspace check --hide-inclusion-graph licenses bans sources; then
    echo "cargo-deny: failed (see above). Fix the dependency or, for a new permissive" >&2
    echo "license, add it to [licenses] allow in deny.toml." >&2
    exit 1
fi
echo "cargo-deny: licenses, bans and sources ok (advisories skipped: no access to the advisory database)"
