# Formant Desk — the commands the README names.
#   make demo      build and start the app on the built-in demo sandbox (installs what it needs)
#   make test      every check and test: fmt, clippy, Rust tests, UI tests, real keychain,
#                  real audio, the real app driven in its webview, and the installed .deb
#   make build     build the app (debug, with its UI) into target/debug/ without running it
#   make bench     performance: waveform peaks vs `cat`, call analysis speed, library sync, UI
#                  rendering, the real app's launch and memory, the library at a million calls
#   make package   installable .deb and .rpm (tauri build)
#   make fuzz      fuzz the WAV, conversation and export parsers, FUZZ_SECONDS (600) per target
SHELL := /bin/bash
.DEFAULT_GOAL := help
TOOLS := $(CURDIR)/target/tools
export CARGO_TERM_COLOR ?= never

.PHONY: help deps deps-run ui build demo run test test-rust test-ui test-keychain test-audio \
        test-e2e test-package lint bench package bindings fuzz

help:
	@sed -n '2,9p' Makefile | sed 's/^# //'

deps:
	scripts/install-deps.sh

deps-run:
	scripts/install-deps.sh --run

ui:
	npm --prefix ui run build

build: deps-run ui
	@scripts/repair-dev-null.sh
	cargo build -p formant-desk -p formant-cli

demo: build
	target/debug/formant-desk --demo

# The app with whatever accounts are configured (the demo is offered when there are none).
run: build
	target/debug/formant-desk

lint: ui
	@scripts/repair-dev-null.sh
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	npm --prefix ui run lint
	npm --prefix ui run typecheck

test: deps
	$(MAKE) lint
	$(MAKE) test-rust
	$(MAKE) test-ui
	$(MAKE) test-keychain
	$(MAKE) test-audio
	$(MAKE) test-e2e
	$(MAKE) test-package

test-rust: ui
	@scripts/repair-dev-null.sh
	cargo test --workspace --locked

test-ui: ui
	npm --prefix ui test
	npm --prefix ui run test:browser

# The OS keychain for real: a private dbus session with an unlocked gnome-keyring.
test-keychain:
	@scripts/repair-dev-null.sh
	src-tauri/crates/formant-vault/tests/with-keyring.sh cargo test -p formant-vault --locked --test os_keychain -- --ignored

# Audio output for real: a private PulseAudio daemon with a null sink, captured with parec.
test-audio:
	@scripts/repair-dev-null.sh
	src-tauri/crates/formant-audio/tests/with-pulse.sh cargo test -p formant-audio --locked --test playback -- --ignored --test-threads=1

# The app as it ships: `tauri build` compiles with this feature (assets from the bundle, not a
# dev server). The e2e tests and the package test build it the same way, so they share one build.
SHIPPED := --features tauri/custom-protocol

# The real app in its real webview (WebKitWebDriver under Xvfb) against the sandbox.
test-e2e: ui $(TOOLS)/bin/tauri-driver
	@scripts/repair-dev-null.sh
	cargo build -p formant-desk --locked $(SHIPPED)
	TAURI_DRIVER=$(TOOLS)/bin/tauri-driver scripts/e2e.sh cargo test -p formant-tests --locked --test e2e --test e2e_library -- --ignored --test-threads=1 --nocapture

$(TOOLS)/bin/tauri-driver:
	cargo install --locked --root $(TOOLS) tauri-driver@2.0.6

# Coverage-guided fuzzing (cargo-fuzz on nightly; not part of `make test`, whose fuzz_replay
# tests replay the committed inputs on stable). fuzz/run.sh installs nightly if it is missing.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
fuzz: $(CARGO_FUZZ)
	@scripts/repair-dev-null.sh
	PATH="$(TOOLS)/bin:$$PATH" FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)

$(CARGO_FUZZ):
	cargo install --locked --root $(TOOLS) cargo-fuzz@0.13.2

bench: deps ui
	cargo build --release -p formant-cli
	bench/peaks.sh
	bench/analyze.sh
	bench/sync.sh
	cargo bench -p formant-audio --bench peaks -- --warm-up-time 1 --measurement-time 3
	npm --prefix ui run bench:ui
	bench/app.sh
	bench/library.sh

# The UI is built first (the bundle embeds ui/dist); the bundles land in
# target/release/bundle/{deb,rpm}/. The Tauri CLI is a packaging tool only, installed (pinned)
# on first use: its npm package ships per-platform binaries a lock file made on one OS cannot
# all list, which would break `npm ci` for the UI elsewhere.
TAURI_CLI := $(TOOLS)/tauri-cli/node_modules/.bin/tauri
package: deps-run ui $(TAURI_CLI)
	cd src-tauri && $(TAURI_CLI) build --bundles deb,rpm
	scripts/name-bundles.sh target/release/bundle

# The .deb as a user meets it: named as Debian names packages, declaring what its binary links,
# installed with apt-get, started (the demo, under Xvfb) and removed. Bundled from the debug build
# that the other tests share, so it adds no release build to `make test`.
test-package: deps ui $(TAURI_CLI)
	@scripts/repair-dev-null.sh
	rm -rf target/debug/bundle/deb
	cd src-tauri && $(TAURI_CLI) build --debug --bundles deb
	scripts/test-package.sh "$$(scripts/name-bundles.sh target/debug/bundle | grep '\.deb$$')"

$(TAURI_CLI):
	npm install --prefix $(TOOLS)/tauri-cli --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5

# The IPC contract in ui/src/bindings/ (types, commands.ts, errorKinds.ts), regenerated from Rust;
# `cargo test` fails while the committed files differ from what Rust generates.
bindings:
	UPDATE_BINDINGS=1 cargo test -p formant-desk --lib contract::
