# The designer: a static site in dist/ (index.html, static/, the wasm and its JS glue).
#
#   make dist       build it (release wasm, wasm-bindgen, wasm-opt -Oz)
#   make serve      build it and serve it on http://127.0.0.1:8080
#   make test-web   browser end-to-end tests (Chromium via playwright-core) against dist/, and
#                   the accessibility checks (axe-core, focus rings, touch targets)

DIST := $(ROOT)/dist
WEB_WASM := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/release/fargate-stack-web.wasm
TERSER := $(NODE_TOOLS)/node_modules/.bin/terser

.PHONY: dist
dist: wasm-tools node-tools
	cargo build -p fargate-stack-web --release --target wasm32-unknown-unknown
	rm -rf $(DIST).tmp && mkdir -p $(DIST).tmp
	wasm-bindgen --target web --no-typescript --out-dir $(DIST).tmp $(WEB_WASM)
	$(WASM_OPT) $(WASM_OPT_FLAGS) -o $(DIST).tmp/fargate-stack-web_bg.wasm $(DIST).tmp/fargate-stack-web_bg.wasm
	@# The JS glue as wasm-bindgen writes it is commented and indented for reading: minify it.
	$(TERSER) $(DIST).tmp/fargate-stack-web.js --module --compress --mangle \
		-o $(DIST).tmp/fargate-stack-web.js
	cp index.html $(DIST).tmp/
	cp -r static $(DIST).tmp/static
	rm -rf $(DIST) && mv $(DIST).tmp $(DIST)
	@printf 'dist: wasm %s bytes raw, %s gzip\n' \
		"$$(wc -c < $(DIST)/fargate-stack-web_bg.wasm)" "$$(gzip -9 -c $(DIST)/fargate-stack-web_bg.wasm | wc -c)"

# python's http.server serves .wasm as application/wasm.
.PHONY: serve
serve: dist
	@echo "serving the designer on http://127.0.0.1:8080 (Ctrl+C to stop)"
	python3 -m http.server 8080 --bind 127.0.0.1 --directory $(DIST)

# The tests start their own static server on a free port and drive /usr/bin/chromium.
.PHONY: test-web
test-web: dist system-tools
	cd tests/e2e && NODE_PATH=$(NODE_TOOLS)/node_modules DIST=$(DIST) ROOT=$(ROOT) \
		CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) node --test --test-concurrency=1 designer.test.mjs a11y.test.mjs

EXTRA_TESTS += test-web
