// Times `generate` for a preset through the npm package in Node (warm, many iterations): the
// figure `make bench-npm` prints beside the native one. Not a test.
//
//   node tests/npm/bench.mjs [PRESET] [ITERATIONS]
import { core } from "./helpers.mjs";

const name = process.argv[2] ?? "seed";
const iterations = Number(process.argv[3] ?? 2000);
const config = core.preset(name);
if (config === undefined) {
  console.error(`unknown preset \`${name}\``);
  process.exit(2);
}

function time(label, call) {
  // Warm up: JIT tiers and the wasm allocator.
  for (let i = 0; i < iterations / 10; i++) call();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) call();
  const perCall = Number(process.hrtime.bigint() - start) / iterations / 1000;
  console.log(`node ${label}(${name}): ${perCall.toFixed(1)} µs per call (${iterations} iterations)`);
}

time("generate", () => core.generate(config));
time("validate", () => core.validate(config));
