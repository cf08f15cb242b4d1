# `make compare`: how fast fargate-stack makes the seed stack next to what a user would otherwise
# run: troposphere (Python, in-process) and the AWS CDK (ApplicationLoadBalancedFargateService,
# in-process `app.synth()` and the `cdk synth` command). Not part of `make test`; it installs the
# other tools (pinned, in bench/compare/) under $(TOOLS), outside the clone's tracked files.
# Every step is bounded in time; an optional tool that cannot be installed or run prints a note.
#
#   make compare                       the table
#   COMPARE_RUNS=5 make compare        whole-command runs per tool (median; default 3)

COMPARE_DIR := bench/compare
COMPARE_VENV := $(TOOLS)/compare-venv
COMPARE_CDK := $(TOOLS)/compare-cdk
COMPARE_PY_STAMP := $(COMPARE_VENV)/.installed-$(shell cat $(COMPARE_DIR)/requirements.txt 2>/dev/null | md5sum | cut -c1-8)
COMPARE_CDK_STAMP := $(COMPARE_CDK)/.installed-$(shell cat $(COMPARE_DIR)/cdk/package.json 2>/dev/null | md5sum | cut -c1-8)
COMPARE_RUNS ?= 3

.PHONY: compare
compare: toolchain
	@echo "compare: building fargate-stack (release, native example and npm package)"
	@timeout 900 cargo build -q -p fargate-stack --release --example time_generate --example generate \
		|| { echo "compare: the native build failed or timed out"; exit 1; }
	@mkdir -p $(TOOLS)
	@timeout 1500 $(MAKE) --no-print-directory npm >$(TOOLS)/compare-npm.log 2>&1 \
		|| echo "compare: note: \`make npm\` failed or timed out (see $(TOOLS)/compare-npm.log); no Node figure"
	@$(MAKE) --no-print-directory compare-troposphere compare-cdk-tools
	@timeout 1800 python3 $(COMPARE_DIR)/compare.py --root $(ROOT) --venv $(COMPARE_VENV) \
		--cdk $(COMPARE_CDK) --target $(CARGO_TARGET_DIR) --runs $(COMPARE_RUNS)

# Optional tools: a failed or timed-out install leaves no stamp and prints a note; compare.py
# then reports the tool as skipped.
.PHONY: compare-troposphere
compare-troposphere: $(COMPARE_PY_STAMP)
$(COMPARE_PY_STAMP): $(COMPARE_DIR)/requirements.txt
	@mkdir -p $(TOOLS)
	@echo "compare: installing troposphere into $(COMPARE_VENV)"
	@rm -f $(COMPARE_VENV)/.installed-*
	@( timeout 60 python3 -m venv $(COMPARE_VENV) \
		&& timeout 300 $(COMPARE_VENV)/bin/pip install -q --disable-pip-version-check \
			-r $(COMPARE_DIR)/requirements.txt \
		&& touch $@ ) \
		|| echo "compare: note: could not install troposphere (no PyPI?); skipping it"

.PHONY: compare-cdk-tools
compare-cdk-tools: $(COMPARE_CDK_STAMP)
$(COMPARE_CDK_STAMP): $(COMPARE_DIR)/cdk/package.json
	@mkdir -p $(COMPARE_CDK)
	@echo "compare: installing aws-cdk-lib, constructs and the aws-cdk CLI into $(COMPARE_CDK) (~200 MB)"
	@rm -f $(COMPARE_CDK)/.installed-*
	@cp $(COMPARE_DIR)/cdk/package.json $(COMPARE_CDK)/package.json
	@( cd $(COMPARE_CDK) && timeout 600 npm install --no-audit --no-fund --loglevel=error >/dev/null \
		&& touch $(abspath $@) ) \
		|| echo "compare: note: could not install the AWS CDK from npm; skipping it"
