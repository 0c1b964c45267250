# 우리동네 — the two commands of the README:
#   make run    install what is missing, build (release), migrate, load data, serve on :3000
#   make test   everything CI checks
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help bootstrap bootstrap-test build run test fmt fmt-check lint unit e2e api-fuzz bench clean

# ---- Toolchain --------------------------------------------------------------------------------
# Where rustup has the wasm32 target, the normal toolchain builds everything. Otherwise (this
# machine kind cannot reach rustup's servers) Debian's rustc-web 1.96 builds everything, with std
# for wasm32 compiled from Debian's sources: see docs/OPERATIONS.md, "Toolchain". One compiler
# for the whole workspace, so clippy, tests and the site share their compiled dependencies.
WASM_NATIVE := $(shell rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && echo yes)
ifneq ($(WASM_NATIVE),yes)
CLIPPY_DRIVER := /usr/bin/clippy-driver
export PATH := /usr/bin:$(HOME)/.cargo/bin:$(PATH)
export RUSTC := /usr/bin/rustc
export RUSTC_BOOTSTRAP := 1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER := wasm-ld-19
# std for wasm32 from source, for the front end's build only: cargo 1.96 applies a global
# build-std (CARGO_UNSTABLE_BUILD_STD) to host builds too, compiling std once more for the server
# and the tests for nothing.
FRONT_ARGS := --lib-cargo-args=-Zbuild-std=std,panic_abort
else
CLIPPY_DRIVER := $(HOME)/.cargo/bin/clippy-driver
export PATH := $(HOME)/.cargo/bin:$(PATH)
FRONT_ARGS :=
endif
# The values cargo-leptos compiles in; set for plain cargo too, so both share build artifacts.
export LEPTOS_OUTPUT_NAME := uri-dongne
export LEPTOS_SITE_ROOT := target/site
export LEPTOS_SITE_PKG_DIR := pkg
export LEPTOS_HASH_FILES := true

# CI builds once from a clean clone: incremental state would only take disk space.
ifdef CI
export CARGO_INCREMENTAL := 0
endif

ADDR ?= 127.0.0.1:3000

help:
	@echo "make run    build and serve on http://$(ADDR) (SQLite in ./data, or DATABASE_URL)"
	@echo "make test   fmt, clippy, unit + integration tests (SQLite, and PostgreSQL when one answers), e2e"
	@echo "make lint   clippy alone (make test lints while it builds)"

bootstrap:
	@scripts/bootstrap.sh

bootstrap-test:
	@scripts/bootstrap.sh --test

# ---- Run --------------------------------------------------------------------------------------
# --precompress writes brotli (best quality) and gzip siblings of the front end's files, which the
# server sends as they are (it never compresses them per request).
build: bootstrap
	cargo leptos build --release --precompress $(FRONT_ARGS)

# Demo data on: `make run` is for trying the site (the binary's own default is off).
run: build
	UD_ADDR=$(ADDR) UD_DEMO=$${UD_DEMO:-true} ./target/release/uri-dongne serve

# ---- Test -------------------------------------------------------------------------------------
# Clippy lints while the tests and the front end compile: clippy-driver wraps rustc for the
# workspace's own crates (what `cargo clippy` does, with code generation), so the dependencies
# are compiled once for lints, tests and the e2e site instead of once more in check mode — on
# this machine kind that check build was the longest step of `make test`. Warnings are errors.
# (`make lint` is the classic `cargo clippy`, for a quick look without building.)
LINTED := RUSTC_WORKSPACE_WRAPPER=$(CLIPPY_DRIVER) CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

test: bootstrap-test fmt-check unit e2e api-fuzz

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

# The server side (app with `ssr`) and the browser side (app with `hydrate`) are linted
# separately: built together, cargo would unify the two feature sets into one `app`.
lint:
	cargo clippy --all-targets -- -D warnings
	cargo clippy -p frontend --all-targets -- -D warnings

# PostgreSQL variants run when UD_TEST_POSTGRES_URL is set or the local server answers, and are
# reported as ignored otherwise (scripts/unit.sh).
unit:
	@$(LINTED) scripts/unit.sh

# The e2e server is the binary `cargo test` builds (same dependency build as the tests); the
# front end (wasm, js, css, hash.txt) is cargo-leptos' release build, the one `make run` serves,
# so the browsers test what is shipped and its size is checked against the budget
# (scripts/front-budget.sh). (Leptos' `erase_components` must be set on both sides or neither: a
# front end built with it alone fails to hydrate what the typed server rendered — see
# docs/TESTING.md, "Tried and dropped: `erase_components` for the e2e front end".)
e2e: bootstrap-test
	$(LINTED) cargo test --workspace --exclude frontend --no-run
	$(LINTED) cargo leptos build --frontend-only --release --precompress $(FRONT_ARGS)
	scripts/front-budget.sh
	cd end2end && npx playwright test

# Schemathesis against the OpenAPI document, anonymously and with a read-write token, on the
# binary the tests built (scripts/api-fuzz.sh): no server error, no answer the document does not
# describe.
api-fuzz:
	$(LINTED) cargo test --workspace --exclude frontend --no-run
	scripts/api-fuzz.sh

# The load benchmark on Seoul-sized data, SQLite and PostgreSQL (docs/PERFORMANCE.md): the
# release server, wrk, 50 connections; writes its table into docs/PERFORMANCE.md.
bench: build
	scripts/bench.sh both

clean:
	cargo clean
	rm -rf end2end/test-results end2end/playwright-report
