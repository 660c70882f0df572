# The two commands of the README:
#   make demo   build the package and the emulator, serve the demo console on one local port
#   make test   install what is needed, then run every test suite
# Everything else is a step of those two.
SHELL := /bin/bash
.ONESHELL:
.PHONY: demo test setup setup-demo pkg emulator generated fmt test-rust lint test-spec test-wasm test-js test-e2e test-hostile deny fuzz-short

demo: setup-demo
	bash scripts/demo.sh

# Each suite prints its own runner's summary; the first failing suite stops the run.
test: setup
	$(MAKE) --no-print-directory test-spec generated fmt test-rust lint deny pkg emulator test-wasm test-js test-e2e test-hostile fuzz-short

setup:
	bash scripts/setup.sh

setup-demo:
	bash scripts/setup.sh --demo

pkg:
	bash scripts/build-pkg.sh

emulator:
	cargo build --release -p astro-emulator

# The generated code (src/<version>/, tests/generated/) is what the contracts give: regenerate
# with `cargo run -p codegen` after editing a contract.
generated:
	cargo run -q -p codegen -- --check

fmt:
	cargo fmt --all --check && echo "fmt: ok"

# The workspace (core, emulator, codegen), then the native client (feature `client`): its tests
# and the doctests (the README included).
test-rust:
	cargo test --workspace \
	  && cargo test --features client --lib --test 'client_*' \
	  && cargo test --features client --doc

lint:
	cargo clippy --workspace --all-targets -- -D warnings \
	  && cargo clippy --all-targets --features client -- -D warnings

# PyYAML and openapi-spec-validator, pinned in spec/requirements.txt, live in build/spec-venv
# (made by scripts/setup.sh); without them the check fails, it never skips.
test-spec:
	@[[ -x build/spec-venv/bin/python ]] || { echo "test-spec: build/spec-venv is missing (scripts/setup.sh makes it)" >&2; exit 1; }
	build/spec-venv/bin/python spec/check_spec.py

test-wasm:
	bash scripts/test-wasm.sh

test-js:
	bash scripts/test-js.sh

test-e2e:
	bash scripts/test-e2e.sh

test-hostile:
	bash scripts/test-hostile.sh

# Supply chain: licenses, bans and sources of every crate (cargo-deny pinned in the script).
deny:
	bash scripts/cargo-deny.sh

# A short bounded run of every fuzz target; long runs: bash scripts/fuzz.sh 600
fuzz-short:
	bash scripts/fuzz.sh 20
