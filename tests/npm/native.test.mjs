// The package and the Rust crate are one engine: a template made in Node is byte-identical to
// the one `cargo run --example generate` prints (which ends it with a newline), and so is the
// deploy command; an estimate made in Node has the figures (and the key order) of the one
// `cargo run --example estimate` prints.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { cli, core, native, nativeEstimate, nativePresets, PRESETS } from "./helpers.mjs";

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

/** The regions with prices, read from the core's answer to one it has no prices for. */
function regions() {
  try {
    core.estimate(core.preset("minimal"), { region: "?" });
  } catch (err) {
    const match = /use one of (.*)$/.exec(err.errors?.[0]?.message ?? "");
    if (match) return match[1].split(",").map((r) => r.trim());
  }
  throw new Error("cannot read the region list");
}

// JSON.stringify of both sides: the same keys in the same order and the same numbers (serde_json
// prints 730.0 where JS prints 730; parsed, they are the same double).
const same = (api, nativeValue, label) => assert.equal(JSON.stringify(api), JSON.stringify(nativeValue), label);

describe("estimate: the same figures as native Rust", () => {
  test("regions: six, us-east-1 first", () => {
    assert.equal(regions()[0], "us-east-1");
    assert.equal(regions().length, 6);
  });

  for (const name of PRESETS) {
    test(name, () => {
      const expected = nativeEstimate(["--preset", name]);
      assert.ok(expected.totalMonthly > 0, "a priced stack");
      same(core.estimate(core.preset(name), { region: "us-east-1" }), expected, "API, region given");
      same(core.estimate(core.preset(name), {}), expected, "API, default input");
      const r = cli(["cost", "--json", "--preset", name]);
      assert.equal(r.status, 0, r.stderr);
      same(JSON.parse(r.stdout), expected, "CLI cost --json");
    });
  }

  test("every region, and a usage other than the default (seed, worker-and-jobs)", () => {
    for (const name of ["seed", "worker-and-jobs"]) {
      for (const region of regions()) {
        same(
          core.estimate(core.preset(name), { region }),
          nativeEstimate(["--preset", name, "--region", region]),
          `${name} ${region}`,
        );
      }
      same(
        core.estimate(core.preset(name), { region: "eu-west-1", usage: { requestsPerMonth: 123456789 } }),
        nativeEstimate(["--preset", name, "--region", "eu-west-1", "--requests", "123456789"]),
        `${name} eu-west-1 with 123456789 requests`,
      );
    }
  });
});
