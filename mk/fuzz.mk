# `make fuzz`: a few minutes of libFuzzer over config parsing, validation and generation,
# seeded with the presets and the bad-input corpus. Not part of `make test`.

FUZZ_SECONDS ?= 180

.PHONY: fuzz
fuzz: toolchain
	@command -v cargo-fuzz >/dev/null || cargo +nightly install cargo-fuzz
	cargo build -q -p fargate-stack --example generate
	rm -rf fuzz/seeds && python3 fuzz/seed-corpus.py fuzz/seeds $(CARGO_TARGET_DIR)/debug/examples/generate
	mkdir -p fuzz/corpus/generate
	cd fuzz && cargo +nightly fuzz run generate corpus/generate seeds -- \
		-max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 -print_final_stats=1
