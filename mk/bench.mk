# `make bench`: the performance figures (criterion for the native core; the npm package under
# Node against native when it is built; sizes).

.PHONY: bench
bench: toolchain
	cargo bench -p fargate-stack --bench core -- --noplot 2>&1 | grep -E "^[a-z0-9-]+/|time:|resources," || true
	@if [ -f tests/npm/bench.mjs ]; then $(MAKE) --no-print-directory npm >/dev/null && node tests/npm/bench.mjs; fi
