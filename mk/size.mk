# `make test-size`: the designer's transfer and the npm package's wasm within their budgets.

.PHONY: test-size
test-size: dist npm
	node tests/size.mjs $(DIST) $(NPM_PKG)/node/fargate_stack_bg.wasm tests/size-budgets.json

EXTRA_TESTS += test-size
