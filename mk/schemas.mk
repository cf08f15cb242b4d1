# The change preview's create-only table against AWS's provider schemas (shipped by cfn-lint).

CREATE_ONLY_BIN := $(CARGO_TARGET_DIR)/debug/examples/create_only

.PHONY: test-schemas
test-schemas: venv toolchain
	cargo build -q -p fargate-stack --example create_only
	PYTHONDONTWRITEBYTECODE=1 CREATE_ONLY_BIN=$(CREATE_ONLY_BIN) timeout 300 $(VENV)/bin/pytest -q -p no:cacheprovider tests/schemas

EXTRA_TESTS += test-schemas
