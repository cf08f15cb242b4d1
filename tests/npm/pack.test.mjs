// The package as a user gets it: `npm pack`, install the tarball into a scratch project, then
// require it, import it, run its `fargate-stack` bin, and type-check typed use with
// `tsc --strict` against the installed declarations.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { core, NPM_DIR, PRESETS, ROOT, TSC } from "./helpers.mjs";

const scratch = mkdtempSync(join(tmpdir(), "fargate-stack-pack-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let files;

before(() => {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: NPM_DIR, encoding: "utf8" }),
  )[0];
  files = packed.files.map((f) => f.path).sort();
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", join(scratch, packed.filename)],
    { cwd: scratch, encoding: "utf8" },
  );
});

function run(file, source) {
  writeFileSync(join(scratch, file), source);
  return execFileSync(process.execPath, [file], { cwd: scratch, encoding: "utf8" });
}

describe("npm pack + install", () => {
  test("the tarball holds the builds, the bin and the README, nothing else", () => {
    assert.deepEqual(files, [
      "README.md",
      "bin/fargate-stack.js",
      "package.json",
      "pkg/node/fargate_stack.d.ts",
      "pkg/node/fargate_stack.js",
      "pkg/node/fargate_stack_bg.wasm",
      "pkg/node/fargate_stack_bg.wasm.d.ts",
      "pkg/node/package.json",
      "pkg/web/fargate_stack.d.ts",
      "pkg/web/fargate_stack.js",
      "pkg/web/fargate_stack_bg.wasm",
      "pkg/web/fargate_stack_bg.wasm.d.ts",
      "pkg/web/package.json",
    ]);
  });

  test("require('fargate-stack') generates a template", () => {
    const out = run("use.cjs", `
      const fs = require("fargate-stack");
      const g = fs.generate(fs.preset("seed"));
      process.stdout.write(g.json);
    `);
    assert.equal(out, core.generate(core.preset("seed")).json);
  });

  test("import from ESM works with named exports", () => {
    const out = run("use.mjs", `
      import { generate, presets, version } from "fargate-stack";
      console.log(version(), presets().length, generate({ name: "from-esm" }).resourceCount);
    `);
    const [v, n, count] = out.trim().split(" ");
    assert.equal(v, core.version());
    assert.equal(Number(n), PRESETS.length);
    assert.equal(Number(count), core.generate({ name: "from-esm" }).resourceCount);
  });

  test("the installed bin runs", () => {
    const bin = join(scratch, "node_modules/.bin/fargate-stack");
    assert.ok(existsSync(bin));
    const r = spawnSync(bin, ["generate", "--preset", "minimal"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${core.generate(core.preset("minimal")).json}\n`);
    assert.equal(spawnSync(bin, ["validate", "--preset", "nope"], { encoding: "utf8" }).status, 2);
  });

  describe("tsc --strict against the installed types", { skip: !existsSync(TSC) && `no tsc at ${TSC} (make node-tools)` }, () => {
    // Strict, with Node's own resolution of `exports` (the way a TypeScript user resolves it).
    const tsc = (file) => {
      const project = join(scratch, `tsconfig.${file}.json`);
      writeFileSync(project, JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, module: "node16", moduleResolution: "node16", target: "es2022",
          lib: ["es2022", "dom"], types: [], skipLibCheck: false,
        },
        files: [file],
      }));
      return spawnSync(process.execPath, [TSC, "-p", project], { cwd: scratch, encoding: "utf8" });
    };

    for (const file of ["example.ts", "estimate-changes.ts", "web.mts"]) {
      test(`${file} compiles, and every @ts-expect-error is an error`, () => {
        copyFileSync(join(ROOT, "tests/npm/types", file), join(scratch, file));
        const r = tsc(file);
        assert.equal(r.status, 0, r.stdout + r.stderr);
      });
    }

    test("a config with a wrong field is rejected", () => {
      copyFileSync(join(ROOT, "tests/npm/types/wrong.ts"), join(scratch, "wrong.ts"));
      const r = tsc("wrong.ts");
      assert.notEqual(r.status, 0);
      assert.match(r.stdout, /wrong\.ts\(5,\d+\): error TS(2353|2561): Object literal may only specify known properties, but 'cpuu' does not exist in type 'Service'/);
    });
  });
});
