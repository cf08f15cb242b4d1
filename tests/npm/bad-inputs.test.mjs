// The shared bad-input corpus (tests/bad-inputs.json) through the npm package: every case is
// refused with exactly the errors the Rust crate gives, by `validate` (errors as data), by
// `generate` (a thrown Error carrying them) and by the CLI (exit 2, `path: message` lines).
// Nothing panics: a wasm panic would surface as a RuntimeError instead.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { cli, core, ROOT } from "./helpers.mjs";

const corpus = JSON.parse(readFileSync(join(ROOT, "tests/bad-inputs.json"), "utf8"));
const line = (e) => `${e.path === "" ? "(config)" : e.path}: ${e.message}`;
const scratch = mkdtempSync(join(tmpdir(), "fargate-stack-bad-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("bad-input corpus", () => {
  test("has at least 50 cases", () => assert.ok(corpus.length >= 50, `${corpus.length}`));

  for (const [i, c] of corpus.entries()) {
    // Text that is not JSON (or nests deeper than serde_json's limit) is refused by the JS
    // parser before the core sees it, in the JS parser's words.
    const syntax = c.errors.some((e) => / at line \d+ column \d+$/.test(e));
    let value;
    let isJson = true;
    try {
      value = JSON.parse(c.input);
    } catch {
      isJson = false;
    }
    if (isJson && !syntax) {
      test(`${c.name}: validate() and generate() give the crate's errors`, () => {
        assert.deepEqual(core.validate(value).map(line), c.errors);
        assert.throws(
          () => core.generate(value),
          (err) => err instanceof Error && Array.isArray(err.errors) && assert.deepEqual(err.errors.map(line), c.errors) === undefined,
        );
      });
    }
    test(`${c.name}: the CLI exits 2 with one line per problem`, () => {
      const file = join(scratch, `case-${i}.json`);
      writeFileSync(file, c.input);
      const r = cli(["validate", file]);
      assert.equal(r.status, 2, r.stderr);
      if (syntax) {
        assert.match(r.stderr, /^\(config\): .* is not JSON|^\(config\): expected an object/);
      } else {
        assert.deepEqual(r.stderr.trimEnd().split("\n"), c.errors);
      }
    });
  }
});
