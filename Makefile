# Undersigned — `make run` and `make test` are the two entry points (see README.md).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# rustup installs cargo in ~/.cargo/bin, which a non-login shell (CI) may not have on PATH.
ifeq ($(shell command -v cargo 2>/dev/null),)
export PATH := $(HOME)/.cargo/bin:$(PATH)
endif

# Debian packages needed to build (cc for rusqlite's bundled SQLite, pkg-config for -sys crates),
# and Chromium for the publication pages' browser test (make test-browser).
DEB_PACKAGES := build-essential pkg-config chromium

# And for the desktop app (src-tauri, ui/) and its end-to-end tests in a real window.
DEB_APP_PACKAGES := libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
DEB_E2E_PACKAGES := xvfb xauth webkit2gtk-driver imagemagick dbus dbus-x11 fonts-noto-core fonts-dejavu-core
# And for the install test of the packages (make test-dist): the desktop's MIME database and
# tools (xdg-mime reads the database only with libfile-mimeinfo-perl), rpm, xwininfo.
DEB_DIST_PACKAGES := xdg-utils libfile-mimeinfo-perl shared-mime-info desktop-file-utils rpm x11-utils

# Cargo's target directory: honour CARGO_TARGET_DIR (expanded by the recipe's shell).
BIN := $${CARGO_TARGET_DIR:-target}/debug/undersigned
APP_BIN := $${CARGO_TARGET_DIR:-target}/debug/undersigned-app
# Tauri's command line (from ui/node_modules): builds the app with its UI and the packages. It
# is told where the app and the UI are (it would otherwise guess the UI's folder from the first
# package.json it finds); the UI's build (beforeBuildCommand) runs in ui/.
TAURI := TAURI_APP_PATH="$(CURDIR)/src-tauri" TAURI_FRONTEND_PATH="$(CURDIR)/ui" ui/node_modules/.bin/tauri
TAURI_DRIVER_VERSION := 2.1.0

# `make run`: a synthetic coalition in DEMO_DIR, with its own store (never the user's real one).
DEMO_DIR ?= $(CURDIR)/demo
DEMO_DB := $(DEMO_DIR)/undersigned.db
# Release 1 as the demo names it (crates/store/src/demo.rs, BUNDLE).
DEMO_BUNDLE := $(DEMO_DIR)/signatories-release-1.undersigned-bundle
DEMO_SIGNATORIES ?= 650

.PHONY: app-release country-names dist test-dist packages-debug icons lint bench bench-smoke fuzz fuzz-smoke test-browser ui-test-js deps deps-app build test run run-cli vectors clean ui-deps ui-types ui-test app e2e tauri-driver

# Installs the Debian packages named in $(1) that are missing (as root), or prints the command.
define install_debs
missing=(); \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$$p"); \
done; \
if (( $${#missing[@]} )); then \
  if [[ $$(id -u) == 0 ]]; then \
    echo "make: installing $${missing[*]}"; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$${missing[@]}"; \
  else \
    echo "make: missing Debian packages; run as root:" >&2; \
    echo "  apt-get update && apt-get install -y --no-install-recommends $${missing[*]}" >&2; \
    exit 1; \
  fi; \
fi
endef

deps:
	@command -v cargo >/dev/null || { echo "make deps: cargo not found; install the Rust toolchain (rustup, Rust >= 1.88)" >&2; exit 1; }
	@cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1 || { \
	  command -v rustup >/dev/null || { echo "make deps: cargo fmt and cargo clippy are needed (rustup component add rustfmt clippy)" >&2; exit 1; }; \
	  rustup component add rustfmt clippy; }
	@$(call install_debs,$(DEB_PACKAGES))

# The desktop app: WebKitGTK to build it; Xvfb, WebKitWebDriver and ImageMagick for its tests.
deps-app: deps
	@$(call install_debs,$(DEB_APP_PACKAGES) $(DEB_E2E_PACKAGES) $(DEB_DIST_PACKAGES))
	@command -v npm >/dev/null || { echo "make: npm not found; install Node.js 20 or later (with npm)" >&2; exit 1; }

# The CLI (target/debug/undersigned), with the features the whole workspace resolves to: the
# same build `cargo test --workspace` makes for its CLI tests, so that after it nothing is
# compiled again (`cargo build -p undersigned` alone would compile ~40 crates again, other features).
build: deps
	cargo build --locked --workspace --bin undersigned

# Every test: the workspace's (the app's IPC tests and the stale-types check included; with
# them the read-only and full disk test, which a plain `cargo test` ignores, as it mounts file
# systems in a mount namespace: here it must run, and in the same build, since a second
# `cargo test` of one package alone would compile ~110 crates again with other features), the
# UI's (Vitest, svelte-check), and the end-to-end run of the real app under Xvfb.
test: deps deps-app
	@bash tests/stages.sh \
	  "rust lint" '$(MAKE) --no-print-directory lint' \
	  "cargo test" 'cargo test --workspace --locked -- --include-ignored' \
	  "ui tests and lint" '$(MAKE) --no-print-directory ui-test-js' \
	  "e2e (real app)" '$(MAKE) --no-print-directory e2e' \
	  "packages installed (deb, rpm)" '$(MAKE) --no-print-directory test-dist' \
	  "browser tests" '$(MAKE) --no-print-directory test-browser' \
	  "fuzz smoke" '$(MAKE) --no-print-directory fuzz-smoke' \
	  "bench smoke" '$(MAKE) --no-print-directory bench-smoke'

# The Rust gates: formatting, and clippy with warnings as errors on every crate and target (in
# core, crates/core/clippy.toml forbids reading the clock: the time is passed in).
lint: deps deps-app
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

# The publication pages (issue 4): verify.html's JavaScript verifier in Node (every vector,
# Wycheproof, JSONTestSuite), then verify.html and index.html in Debian's headless Chromium
# (driven by playwright-core), whose verdicts must equal the CLI's (tests/browser/).
test-browser: build tests/browser/node_modules/.installed
	cd tests/browser && node --test verifier.test.mjs pages.test.mjs interactive.test.mjs

tests/browser/node_modules/.installed: tests/browser/package-lock.json tests/browser/package.json
	@command -v npm >/dev/null || { echo "make: npm not found; install Node.js 20 or later (with npm)" >&2; exit 1; }
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

ui-deps: ui/node_modules/.installed
ui/node_modules/.installed: ui/package-lock.json ui/package.json
	@command -v npm >/dev/null || { echo "make: npm not found; install Node.js 20 or later (with npm)" >&2; exit 1; }
	cd ui && npm ci --no-audit --no-fund
	touch $@

# Regenerates ui/src/lib/backend/generated/ from the Rust types (ts-rs); commit the result.
ui-types: deps-app
	UPDATE_TS_TYPES=1 cargo test --locked -p undersigned-app --test types

# The UI's tests: Vitest with mockIPC, svelte-check, prettier and eslint, and the stale-types test.
ui-test: deps-app
	cargo test --locked -p undersigned-app --test types
	$(MAKE) --no-print-directory ui-test-js

ui-test-js: ui-deps
	cd ui && npx vitest run
	cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
	$(MAKE) --no-print-directory ui-lint

# The UI's formatting (prettier) and lint (eslint with the Svelte plugin); `npm run format` in ui/ fixes most.
.PHONY: ui-lint
ui-lint: ui-deps
	cd ui && npx prettier --check . && npx eslint .

# The UI's build (ui/dist, which the app embeds), remade only when a file it is made from
# changed: each new ui/dist makes cargo compile the app again (about a minute).
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/package.json \
  ui/package-lock.json ui/vite.config.ts ui/tsconfig.json
ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build
	touch $@

# The app with the UI embedded (a debug build by Tauri's command line, told not to build the UI
# again); prints the binary's path as its last line.
NO_UI_BUILD := --config '{"build":{"beforeBuildCommand":null}}'
app: deps-app ui/dist/index.html
	$(TAURI) build --ci --debug --no-bundle $(NO_UI_BUILD) -- --locked
	@echo "$$(cd "$${CARGO_TARGET_DIR:-target}" && pwd)/debug/undersigned-app"

# The app as users run it (release build), without packages: what `make bench` measures.
app-release: deps-app ui/dist/index.html
	$(TAURI) build --ci --no-bundle $(NO_UI_BUILD) -- --locked
	@echo "$$(cd "$${CARGO_TARGET_DIR:-target}" && pwd)/release/undersigned-app"

# The packages for users (release build): the Debian package and the RPM, offline (the AppImage
# bundler downloads its tools while it runs, so it is left out). Prints their paths last.
dist: deps-app ui-deps
	$(TAURI) build --ci --bundles deb,rpm -- --locked
	@cd "$${CARGO_TARGET_DIR:-target}/release/bundle" && ls -1 "$$PWD"/deb/*.deb "$$PWD"/rpm/*.rpm

# The same packages from the debug build the e2e run uses (bundled, not compiled again), for the
# install test.
packages-debug: app
	$(TAURI) bundle --ci --debug --bundles deb,rpm

# The .deb installed, opened with files, handed a second file, double-clicked, removed; the
# RPM's file list (tests/dist/run.sh; as root, under Xvfb and a D-Bus session).
test-dist: packages-debug tauri-driver
	xvfb-run -a -s "-screen 0 1440x1000x24" dbus-run-session -- \
	  bash tests/dist/run.sh "$${CARGO_TARGET_DIR:-target}/debug/bundle" "$${CARGO_TARGET_DIR:-target}/dist-test"

# Every icon size the bundlers ask for, from src-tauri/icons/undersigned.svg (commit the result).
icons: ui-deps
	bash src-tauri/icons/make-icons.sh

tauri-driver: deps
	@if ! tauri-driver --help >/dev/null 2>&1; then cargo install --locked tauri-driver --version $(TAURI_DRIVER_VERSION); fi

# The whole story in the real window (Xvfb, tauri-driver, WebKitWebDriver), and the command line
# for the witnessed story it verifies (tests/witnessed-story.mjs); screenshots go to
# $${CARGO_TARGET_DIR:-target}/e2e/screenshots/.
e2e: app tauri-driver build
	bin="$$(cd "$${CARGO_TARGET_DIR:-target}" && pwd)/debug/undersigned-app"; \
	  out="$$(cd "$${CARGO_TARGET_DIR:-target}" && pwd)/e2e"; \
	  xvfb-run -a -s "-screen 0 1440x1000x24" dbus-run-session -- node tests/e2e/run.mjs "$$bin" "$$out"

# Opens the desktop app (UNDERSIGNED_DB chooses its store, as for the CLI). Without a display,
# runs the command-line demo instead.
run: deps
	@if [[ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]]; then \
	  echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop app cannot open; running the command-line demo instead."; \
	  $(MAKE) --no-print-directory run-cli; \
	else \
	  bin="$$($(MAKE) --no-print-directory app | tee /dev/stderr | tail -n1)"; \
	  echo "Opening $$bin"; \
	  "$$bin"; \
	fi

run-cli: build
	@# Start afresh, but never wipe a folder that is not an earlier demo.
	@if [[ -d "$(DEMO_DIR)" && -n "$$(ls -A "$(DEMO_DIR)")" && ! -e "$(DEMO_DB)" ]]; then \
	  echo "make run: $(DEMO_DIR) is not empty and holds no earlier demo; set DEMO_DIR" >&2; exit 1; fi
	rm -rf "$(DEMO_DIR)"
	mkdir -p "$(DEMO_DIR)"
	"$(BIN)" --db "$(DEMO_DB)" demo --signatories $(DEMO_SIGNATORIES) --out "$(DEMO_DIR)"
	"$(BIN)" verify "$(DEMO_BUNDLE)"
	@echo
	@echo "This was the command-line demo; on a machine with a display, make run opens the desktop app."
	@echo "  demo files:  $(DEMO_DIR) (lead.undersigned-key, invitation.undersigned-invitation, signatories-release-1.undersigned-bundle; passphrase: \$$UNDERSIGNED_PASSPHRASE, or 'demo' if unset)"
	@echo "  its store:   $(DEMO_DB)"
	@echo "Try:"
	@echo "  $(BIN) --db '$(DEMO_DB)' statement list"
	@echo "  $(BIN) verify '$(DEMO_BUNDLE)' --json"
	@echo "  $(BIN) --help"
	@echo "README.md has a walk-through of the whole flow."

# The publication pages' country names in French, Spanish and Arabic (CLDR, through Node's Intl);
# the file is committed, so the pages do not depend on the machine's ICU.
country-names:
	node crates/store/assets/pages/make-country-names.mjs

vectors: deps
	cargo run --locked -p undersigned-core --example make-vectors -- docs/vectors
	cargo run --locked -p undersigned-core --example make-unicode-tables -- crates/store/assets/verify/08-unicode-data.js

# Fuzzing (cargo-fuzz on stable, no sanitizer): `make fuzz` runs every target FUZZ_SECONDS
# (default 600) each; `make test` runs 10 s of each as a smoke.
fuzz: deps
	bash fuzz/run.sh $${FUZZ_SECONDS:-600}

fuzz-smoke: deps
	bash fuzz/run.sh 10

# Benchmarks of issue 5 (release builds): verify of N = 1,000 / 100,000 / 1,000,000 against the
# crypto limit, import rate, release/export/publish of 100,000, gpg and ssh-keygen per signature,
# the app's Signatories screen with 100,000; writes BENCHMARKS.md. Demo bundles and stores are
# cached in $CARGO_TARGET_DIR/bench (default target/bench).
BENCH_DEBS := time gnupg openssh-client
bench: deps app-release tauri-driver tests/browser/node_modules/.installed
	@$(call install_debs,$(BENCH_DEBS))
	bash bench/run.sh

# The same, small (N = 1,000) and on the debug builds the tests already made (its timings mean
# nothing: it keeps the script from rotting), written to $CARGO_TARGET_DIR/bench/BENCHMARKS-smoke.md.
bench-smoke: deps app tauri-driver tests/browser/node_modules/.installed
	@$(call install_debs,$(BENCH_DEBS))
	BENCH_PROFILE=debug BENCH_SIZES=1000 BENCH_RUNS=1 BENCH_VERIFY_RUNS=1 BENCH_IMPORT=1000 BENCH_RELEASE=1000 BENCH_PEERS=5 BENCH_APP=1000 \
	  BENCH_OUT="$${CARGO_TARGET_DIR:-target}/bench/BENCHMARKS-smoke.md" bash bench/run.sh

clean:
	cargo clean
	rm -rf ui/node_modules ui/dist
	rm -rf "$(DEMO_DIR)"
