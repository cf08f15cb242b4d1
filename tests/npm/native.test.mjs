// The package and the Rust crate are one engine: a template made in Node is byte-identical to
// the one `cargo run --example generate` prints (which ends it with a newline), and so is the
// deploy command.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { cli, core, native, nativePresets, PRESETS } from "./helpers.mjs";

describe("byte-identical to native Rust", () => {
  test("PRESETS is every preset the crate ships, so none goes unchecked", () => {
    assert.deepEqual(PRESETS, nativePresets());
  });

  for (const name of PRESETS) {
    test(name, () => {
      const expected = native(["--preset", name]);
      assert.equal(`${core.generate(core.preset(name)).json}\n`, expected, "API json");
      assert.equal(cli(["generate", "--preset", name]).stdout, expected, "CLI generate");
      assert.equal(
        cli(["deploy-command", "--preset", name]).stdout,
        native(["--deploy-command", "--preset", name]),
        "deploy command",
      );
    });
  }
});
