# Deploy every preset on a local CloudFormation (moto, 127.0.0.1, stopped at the end) with the
# printed `aws cloudformation deploy` command, read it back and update it; check every output;
# deploy one template as two stacks in one region and delete both; deploy six named AZs; and gate
# every preset's template with checkov against the reviewed allowlists in tests/checkov/.

GENERATE_BIN := $(CARGO_TARGET_DIR)/debug/examples/generate

.PHONY: generate-example
generate-example: toolchain
	cargo build -q -p fargate-stack --example generate

.PHONY: test-deploy
test-deploy: venv generate-example
	PYTHONDONTWRITEBYTECODE=1 GENERATE_BIN=$(GENERATE_BIN) timeout 900 $(VENV)/bin/pytest -q -p no:cacheprovider tests/deploy

.PHONY: test-checkov
test-checkov: venv generate-example
	PYTHONDONTWRITEBYTECODE=1 GENERATE_BIN=$(GENERATE_BIN) timeout 600 $(VENV)/bin/pytest -q -p no:cacheprovider tests/checkov

EXTRA_TESTS += test-deploy test-checkov
