// The size budgets (tests/size-budgets.json): the designer's whole transfer (every file of
// dist/, gzip -9 each) and the npm package's wasm. Fails when either grows past its budget.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [dist, wasm, budgetsFile] = process.argv.slice(2);
const budgets = JSON.parse(readFileSync(budgetsFile, "utf8"));
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

let total = 0;
for (const f of files(dist).sort()) {
  const buf = readFileSync(f);
  total += gz(buf);
  console.log(`  ${f.slice(dist.length + 1).padEnd(32)} ${String(buf.length).padStart(8)} raw ${String(gz(buf)).padStart(8)} gzip`);
}
const npm = readFileSync(wasm);
const figures = { designerTotalGzip: total, npmWasmRaw: npm.length, npmWasmGzip: gz(npm) };
let failed = 0;
for (const [key, value] of Object.entries(figures)) {
  const budget = budgets[key];
  const ok = value <= budget;
  if (!ok) failed++;
  console.log(`${ok ? "ok" : "OVER"} ${key}: ${value} bytes (budget ${budget}, ${((100 * value) / budget).toFixed(0)}%)`);
}
console.log(`${Object.keys(figures).length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
