# The two commands of the README:
#   make demo   build the package and the emulator, serve the demo console on one local port
#   make test   install what is needed, then run every test suite
# Everything else is a step of those two.
SHELL := /bin/bash
.ONESHELL:
.PHONY: demo test setup setup-demo pkg emulator test-rust lint

demo: setup-demo
	bash scripts/demo.sh

test: setup
	$(MAKE) --no-print-directory test-rust lint

setup:
	bash scripts/setup.sh

setup-demo:
	bash scripts/setup.sh --demo

pkg:
	bash scripts/build-pkg.sh

emulator:
	cargo build --release -p astro-emulator

test-rust:
	cargo test --workspace

lint:
	cargo clippy --workspace --all-targets -- -D warnings
