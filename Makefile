# Undersigned — `make run` and `make test` are the two entry points (see README.md).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# rustup installs cargo in ~/.cargo/bin, which a non-login shell (CI) may not have on PATH.
ifeq ($(shell command -v cargo 2>/dev/null),)
export PATH := $(HOME)/.cargo/bin:$(PATH)
endif

# Debian packages needed to build (cc for rusqlite's bundled SQLite, pkg-config for -sys crates).
DEB_PACKAGES := build-essential pkg-config

# Cargo's target directory: honour CARGO_TARGET_DIR (expanded by the recipe's shell).
BIN := $${CARGO_TARGET_DIR:-target}/debug/undersigned

# `make run`: a synthetic coalition in DEMO_DIR, with its own store (never the user's real one).
DEMO_DIR ?= $(CURDIR)/demo
DEMO_DB := $(DEMO_DIR)/undersigned.db
DEMO_SIGNATORIES ?= 650

.PHONY: deps build test run vectors clean

deps:
	@command -v cargo >/dev/null || { echo "make deps: cargo not found; install the Rust toolchain (rustup, Rust >= 1.85)" >&2; exit 1; }
	@missing=(); \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$$p"); \
	done; \
	if (( $${#missing[@]} )); then \
	  if [[ $$(id -u) == 0 ]]; then \
	    echo "make deps: installing $${missing[*]}"; \
	    apt-get update; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$${missing[@]}"; \
	  else \
	    echo "make deps: missing Debian packages; run as root:" >&2; \
	    echo "  apt-get update && apt-get install -y --no-install-recommends $${missing[*]}" >&2; \
	    exit 1; \
	  fi; \
	fi

build: deps
	cargo build --locked

test: deps
	cargo test --workspace --locked
	@# Later: the desktop app's UI tests (issue 3) and its end-to-end tests in the real
	@# window, and the publication pages' tests (issue 4), are run here.

run: build
	@# Start afresh, but never wipe a folder that is not an earlier demo.
	@if [[ -d "$(DEMO_DIR)" && -n "$$(ls -A "$(DEMO_DIR)")" && ! -e "$(DEMO_DB)" ]]; then \
	  echo "make run: $(DEMO_DIR) is not empty and holds no earlier demo; set DEMO_DIR" >&2; exit 1; fi
	rm -rf "$(DEMO_DIR)"
	mkdir -p "$(DEMO_DIR)"
	"$(BIN)" --db "$(DEMO_DB)" demo --signatories $(DEMO_SIGNATORIES) --out "$(DEMO_DIR)"
	"$(BIN)" verify "$(DEMO_DIR)/bundle.json"
	@echo
	@echo "The desktop app is not built yet (issue 3): this was the command-line demo."
	@echo "  demo files:  $(DEMO_DIR) (lead.key, invitation.json, bundle.json; passphrase: \$$UNDERSIGNED_PASSPHRASE, or 'demo' if unset)"
	@echo "  its store:   $(DEMO_DB)"
	@echo "Try:"
	@echo "  $(BIN) --db '$(DEMO_DB)' statement list"
	@echo "  $(BIN) verify '$(DEMO_DIR)/bundle.json' --json"
	@echo "  $(BIN) --help"
	@echo "README.md has a walk-through of the whole flow."

vectors: deps
	cargo run --locked -p undersigned-core --example make-vectors -- docs/vectors

clean:
	cargo clean
	rm -rf "$(DEMO_DIR)"
