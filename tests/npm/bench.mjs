// `make bench-npm`: the npm package's exports timed in Node (warm, many iterations) beside the
// same operations in the native release build, with the ratio. Not a test.
//
//   NATIVE_TIMER=path/to/time_generate node tests/npm/bench.mjs [PRESET] [ITERATIONS]
import { execFileSync } from "node:child_process";
import { core } from "./helpers.mjs";

const name = process.argv[2] ?? "seed";
const iterations = Number(process.argv[3] ?? 2000);
const config = core.preset(name);
if (config === undefined) {
  console.error(`unknown preset \`${name}\``);
  process.exit(2);
}

/** Mean microseconds per call, after a warm-up (JIT tiers, the wasm allocator). */
function time(call) {
  for (let i = 0; i < iterations / 10; i++) call();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) call();
  return Number(process.hrtime.bigint() - start) / iterations / 1000;
}

const node = {
  validate: time(() => core.validate(config)),
  generate: time(() => core.generate(config)),
  topology: time(() => core.topology(config)),
};

const native = {};
if (process.env.NATIVE_TIMER) {
  const out = execFileSync(process.env.NATIVE_TIMER, [name, String(iterations)], { encoding: "utf8" });
  for (const m of out.matchAll(/^native (\w+)\([^)]*\): ([\d.]+) µs per call$/gm)) native[m[1]] = Number(m[2]);
}

console.log(`${name}, ${iterations} calls each     native      node (wasm)   ratio`);
for (const [op, micros] of Object.entries(node)) {
  const n = native[op];
  const cells = [
    `${op}`.padEnd(28),
    (n === undefined ? "-" : `${n.toFixed(1)} µs`).padStart(10),
    `${micros.toFixed(1)} µs`.padStart(14),
    (n === undefined ? "-" : `${(micros / n).toFixed(1)}×`).padStart(8),
  ];
  console.log(cells.join(""));
}
