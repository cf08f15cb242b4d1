// Shared by the tests/npm suites: where the built package is, and how to run the CLI and the
// native Rust examples the package must agree with (byte for byte for templates, figure for
// figure for estimates).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const NPM_DIR = join(ROOT, "crate-core/npm");
export const CLI = join(NPM_DIR, "bin/fargate-stack.js");
export const NODE_TOOLS = process.env.NODE_TOOLS ?? join(ROOT, ".tools/node");
export const TSC = join(NODE_TOOLS, "node_modules/typescript/bin/tsc");

if (!existsSync(join(NPM_DIR, "pkg/node/fargate_stack.js"))) {
  throw new Error("the npm package is not built: run `make npm` (or `make test-npm`)");
}

// The Node build, loaded the way a CommonJS user loads it.
export const core = createRequire(import.meta.url)(join(NPM_DIR, "pkg/node/fargate_stack.js"));

export const PRESETS = ["seed", "minimal", "production", "microservices", "with-database", "private-api", "existing-vpc", "worker-and-jobs"];

/** Runs the CLI; returns { status, stdout, stderr }. */
export function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runNative(args, example = "generate") {
  const r = spawnSync("cargo", ["run", "-q", "-p", "fargate-stack", "--example", example, "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.error) throw r.error;
  return r;
}

/** Runs `cargo run -q -p fargate-stack --example generate -- ARGS`; returns its stdout. */
export function native(args) {
  const r = runNative(args);
  if (r.status !== 0) throw new Error(`native generate ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The native estimate of `--preset NAME [--region R] [--requests N]`, parsed (one JSON line). */
export function nativeEstimate(args) {
  const r = runNative(args, "estimate");
  if (r.status !== 0) throw new Error(`native estimate ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every preset the Rust crate ships, read from the native example's answer to an unknown one. */
export function nativePresets() {
  const r = runNative(["--preset", "?"]);
  const match = /one of: (.*)$/.exec(r.stderr.trim());
  if (r.status === 0 || !match) throw new Error(`cannot read the preset list from: ${r.stderr}`);
  return match[1].split(",").map((n) => n.trim());
}
