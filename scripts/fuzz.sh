#!/usr/bin/env bash
# Fuzz the core with cargo-fuzz (libFuzzer + AddressSanitizer): each target in fuzz/ runs for
# SECONDS (default 20). Exits non-zero on the first crash, leaving the input in
# fuzz/artifacts/<target>/ (turn it into a regression test under tests/).
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer, sancov). This project has only the
# stable toolchain and no other can be fetched, so the fuzz build runs the stable compiler with
# RUSTC_BOOTSTRAP=1, which unlocks those flags. The stable toolchain ships the sanitizer
# runtimes; if the AddressSanitizer build still fails, the script falls back to `-s none`
# (coverage-guided fuzzing without ASan; the Rust code has no unsafe, so ASan adds little).
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   scripts/fuzz.sh             every target, 20 s each (the bounded run of the test command)
#   scripts/fuzz.sh 600         every target, 10 minutes each
#   scripts/fuzz.sh 60 prepare  one target
set -euo pipefail

CARGO_FUZZ_VERSION="0.13.2"
SECONDS_PER_TARGET="${1:-20}"
shift || true
cd "$(dirname "$0")/.."
root="$PWD"

if ! [[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
    exit 2
fi

if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION (from source, about 2.5 minutes)" >&2
    start=$(date +%s)
    if ! cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked; then
        echo "fuzz: --locked install failed, retrying without --locked" >&2
        cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
    fi
    echo "fuzz: cargo-fuzz installed in $(( $(date +%s) - start )) s" >&2
fi

export RUSTC_BOOTSTRAP=1
sanitizer=(--sanitizer address)
build_start=$(date +%s)
if ! cargo fuzz build "${sanitizer[@]}"; then
    echo "fuzz: AddressSanitizer build failed; building without a sanitizer (-s none)" >&2
    sanitizer=(--sanitizer none)
    cargo fuzz build "${sanitizer[@]}"
fi
echo "fuzz: targets built in $(( $(date +%s) - build_start )) s" >&2

# The targets: every file in fuzz/fuzz_targets/ must be one `cargo fuzz list` names, and the
# reverse. A failing or empty list, or one that disagrees with the files, is a failure (a
# process substitution would hide the exit status and run nothing: "0 passed, 0 failed").
if ! listed=$(cargo fuzz list); then
    echo "fuzz: \`cargo fuzz list\` failed" >&2
    exit 1
fi
mapfile -t listed_targets < <(printf '%s\n' "$listed" | sed '/^$/d' | sort)
mapfile -t target_files < <(find fuzz/fuzz_targets -maxdepth 1 -name '*.rs' -printf '%f\n' | sed 's/\.rs$//' | sort)
if [ "${#listed_targets[@]}" -eq 0 ]; then
    echo "fuzz: \`cargo fuzz list\` names no target" >&2
    exit 1
fi
if [ "${listed_targets[*]}" != "${target_files[*]}" ]; then
    echo "fuzz: \`cargo fuzz list\` (${listed_targets[*]}) does not match fuzz/fuzz_targets/*.rs (${target_files[*]})" >&2
    exit 1
fi
if [ "$#" -gt 0 ]; then
    targets=("$@")
    for t in "${targets[@]}"; do
        if ! printf '%s\n' "${listed_targets[@]}" | grep -qx -- "$t"; then
            echo "fuzz: no fuzz target named $t (targets: ${listed_targets[*]})" >&2
            exit 2
        fi
    done
else
    targets=("${listed_targets[@]}")
fi

# Seed corpora from the reference fixtures (generated, not committed). The first bytes of an
# input select the operation and friends, as each target documents.
op_index() {
    local i=0
    for name in listOrganizations getOrganization updateOrganization listClusters createCluster \
        getCluster updateCluster deleteCluster getClusterOptions getDeploymentOptions \
        listWorkspaces createWorkspace getWorkspace updateWorkspace deleteWorkspace \
        listDeployments createDeployment getDeployment updateDeployment deleteDeployment; do
        if [ "$name" = "$1" ]; then echo "$i"; return; fi
        i=$((i + 1))
    done
    echo 0
}
seed() { # target prefix-bytes-printf-format file
    local dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    { printf "$2"; cat "$3"; } > "$dir/seed-$(basename "$3" .json)"
}
for file in tests/fixtures/responses/*.json; do
    [ -e "$file" ] || continue
    i=$(op_index "$(basename "$file" .json)")
    seed decode_response "\\x$(printf %02x "$i")\\x00\\x00\\x01" "$file"
done
for file in tests/fixtures/errors/*.json; do
    [ -e "$file" ] || continue
    i=$(op_index "$(basename "$file" .json)")
    seed error_body "\\x$(printf %02x "$i")\\x00\\x00\\x01" "$file"
    seed decode_response "\\x$(printf %02x "$i")\\x06\\x00\\x01" "$file"
done
for file in tests/fixtures/requests/*.json; do
    [ -e "$file" ] || continue
    i=$(op_index "$(basename "$file" .json)")
    seed prepare "\\x$(printf %02x "$i")\\x00" "$file"
done

summary=()
for target in "${targets[@]}"; do
    log="fuzz/target/fuzz-$target.log"
    mkdir -p fuzz/target "fuzz/corpus/$target"
    echo "fuzz: $target for $SECONDS_PER_TARGET s" >&2
    if ! cargo fuzz run "${sanitizer[@]}" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 > "$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "fuzz: $target FAILED; the crashing input is in fuzz/artifacts/$target/ (log: $log)" >&2
        exit 1
    fi
    # libFuzzer's final line ("Done N runs in S second(s)"): without it, or with no run, the
    # target did not fuzz at all.
    done_line=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1 || true)
    runs=$(awk '{print $2}' <<<"$done_line")
    secs=$(awk '{print $5}' <<<"$done_line")
    if [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
        tail -n 20 "$log" >&2
        echo "fuzz: $target did not report any run (no \"Done N runs\" line with N > 0; log: $log)" >&2
        exit 1
    fi
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    summary+=("$target: $runs runs in $secs s, corpus $corpus inputs")
done

echo "fuzz: all targets passed (sanitizer: ${sanitizer[1]}, $SECONDS_PER_TARGET s each)"
for line in "${summary[@]}"; do
    echo "  $line"
done
# The runner's summary line (a crash exits above, before this).
echo "fuzz: ${#targets[@]} passed, 0 failed"
cd "$root"
