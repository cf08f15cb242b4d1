# `make bench`: the performance figures, in one run: criterion for the native core (parse,
# validate, generate, serialize, topology, the serde_json printing floor, a scaling series), the
# npm package under Node next to the native release build, the designer's keystroke timings in
# Chromium, and the sizes against their budgets.

.PHONY: bench
bench: toolchain
	cargo bench -p fargate-stack --bench core -- --noplot 2>&1 | grep -E "^[a-z0-9-]+/|time:|resources," || true
	@$(MAKE) --no-print-directory bench-npm
	@$(MAKE) --no-print-directory dist system-tools >/dev/null
	@cd tests/e2e && NODE_PATH=$(NODE_TOOLS)/node_modules DIST=$(DIST) ROOT=$(ROOT) \
		CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) node --test --test-name-pattern="screenshots and timings" \
		designer.test.mjs 2>&1 | grep -E "designer figures" || true
	@$(MAKE) --no-print-directory test-size 2>&1 | grep -E "^(ok|OVER) "
