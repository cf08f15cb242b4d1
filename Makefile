# The one entry point: build, serve, test, bench. Every target installs what it needs.
#
#   make test    installs its tools, then runs every test layer (CI runs this)
#   make serve   builds the designer and serves it on http://127.0.0.1:8080
#   make bench   prints the performance figures

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
# CI points these at a cache outside the clone so a fresh clone does not rebuild everything.
export CARGO_TARGET_DIR ?= $(ROOT)/target
TOOLS ?= $(ROOT)/.tools
VENV := $(TOOLS)/venv
PY := $(VENV)/bin/python
NODE_TOOLS := $(TOOLS)/node
WASM_OPT := $(NODE_TOOLS)/node_modules/binaryen/bin/wasm-opt
# -Oz, then functions ordered by name: the many copies of one generic function end up side by
# side, where gzip finds their repeats (about 5 KB less gzip for the designer); then names and
# the producers/target-features sections go. The explicit feature list keeps binaryen from
# rejecting what rustc emits for wasm32 by default.
# --low-memory-unused: rustc links the stack first (addresses 0 to 1 MiB, growing down from the
# top), so nothing lives in the lowest 1 KiB and binaryen may fold constant offsets into loads
# and stores; --zero-filled-memory: the module makes its own memory, so zeros in the data need
# not be shipped; -Oz a second time takes what the first pass opened up. Together 11 KB raw,
# 4.3 KB gzip off the designer's wasm.
WASM_OPT_FLAGS := -Oz --low-memory-unused --zero-filled-memory -Oz --reorder-functions-by-name \
	--strip-debug --strip-producers \
	--strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
	--enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue
WASM_BINDGEN_VERSION := 0.2.130
LINT_DIR := $(CARGO_TARGET_DIR)/tmp/cfn-templates
PRESETS := seed minimal production microservices with-database private-api existing-vpc worker-and-jobs

.PHONY: help
help:
	@echo "make test     install tools and run every test layer"
	@echo "make serve    build the designer and serve it on http://127.0.0.1:8080"
	@echo "make dist     build the designer's static site into dist/"
	@echo "make npm      build the npm package into crate-core/npm/"
	@echo "make bench    print the performance figures"
	@echo "make schema   regenerate crate-core/schema/config.schema.json"
	@echo "make fuzz     a few minutes of cargo fuzz over parse, validate and generate"
	@echo "make compare  time the seed against troposphere and the AWS CDK (optional tools)"

# ---------------------------------------------------------------- tools (idempotent, cached)

.PHONY: toolchain
toolchain:
	@rustup toolchain install >/dev/null 2>&1 || rustup toolchain install

$(VENV)/.installed-$(shell cat tests/requirements.txt 2>/dev/null | md5sum | cut -c1-8): tests/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r tests/requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

.PHONY: venv
venv: $(VENV)/.installed-$(shell cat tests/requirements.txt 2>/dev/null | md5sum | cut -c1-8)

.PHONY: wasm-tools
wasm-tools: toolchain
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 9 minutes, once)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

$(NODE_TOOLS)/.installed-$(shell cat tests/package.json 2>/dev/null | md5sum | cut -c1-8): tests/package.json
	mkdir -p $(NODE_TOOLS)
	cp tests/package.json $(NODE_TOOLS)/package.json
	cd $(NODE_TOOLS) && npm install --no-audit --no-fund --loglevel=error
	rm -f $(NODE_TOOLS)/.installed-*
	touch $@

.PHONY: node-tools
node-tools: $(NODE_TOOLS)/.installed-$(shell cat tests/package.json 2>/dev/null | md5sum | cut -c1-8)

.PHONY: system-tools
system-tools:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	if [ -n "$$missing" ]; then \
		echo "apt-get install$$missing"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
	fi

.PHONY: tools
tools: toolchain venv wasm-tools node-tools system-tools

# ---------------------------------------------------------------- core

.PHONY: fmt-check
fmt-check: toolchain
	cargo fmt --all -- --check

.PHONY: clippy
clippy: toolchain
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --all-targets --target wasm32-unknown-unknown --features fargate-stack/wasm -- -D warnings

.PHONY: test-rust
test-rust: toolchain
	rm -rf $(LINT_DIR)
	cargo test --workspace

# Every template a test wrote goes through cfn-lint: zero errors, zero warnings.
.PHONY: test-cfn-lint
test-cfn-lint: venv
	@n=$$(ls $(LINT_DIR)/*.json | wc -l); echo "cfn-lint: $$n templates"; test $$n -ge 57
	$(VENV)/bin/cfn-lint --format parseable -- $(LINT_DIR)/*.json

.PHONY: schema
schema: toolchain
	UPDATE_SCHEMA=1 cargo test -q -p fargate-stack --test schema

-include mk/*.mk

.PHONY: test
test: tools fmt-check clippy test-rust test-cfn-lint $(EXTRA_TESTS)
	@echo "make test: all layers passed"
