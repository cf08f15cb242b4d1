#!/usr/bin/env node
// The `fargate-stack` command line: argument parsing, files and exit codes around the wasm
// core, which does all the work (the same engine as the Rust crate and the designer).
//
// Exit codes: 0 done; 2 bad usage or a bad config (every problem on stderr, one `path: message`
// per line); 3 `diff --fail-on` found what it was told to fail on; 1 anything unexpected (a
// bug: please report it).
"use strict";

const fs = require("node:fs");
const { parseArgs } = require("node:util");
const core = require("../pkg/node/fargate_stack.js");

const FORMATS = ["svg", "dot", "mermaid"];
// The architecture view folds plumbing (routes, rules, roles...) into the box it serves;
// `all` draws every resource. The core computes both from the template.
const VIEWS = { architecture: core.architecture, all: core.topology };

const USAGE = `fargate-stack ${core.version()}
Turn a description of a containerised web service into an AWS CloudFormation template for
ECS Fargate behind an Application Load Balancer in its own VPC.

Usage:
  fargate-stack <command> [CONFIG.json | --preset NAME] [options]

Commands:
  generate         Print the CloudFormation template (JSON)
  validate         Check a config; print "valid", or every problem and exit 2
  deploy-command   Print the \`aws cloudformation deploy\` command for the template
  topology         Draw the stack (--format svg, dot or mermaid; --view architecture or all)
  cost             Estimate the monthly bill (--region, --requests, --json)
  diff             Preview what deploying the template does to a deployed stack
  schema           Print the JSON Schema of the config format
  presets          List the shipped presets

Input (generate, validate, deploy-command, topology):
  CONFIG.json          A config file; \`-\` reads standard input
  -p, --preset NAME    A shipped preset instead of a file (see \`fargate-stack presets\`)

Options:
  -o, --output FILE    Write to FILE instead of standard output
  -f, --format FORMAT  topology: svg (default), dot or mermaid
  --view VIEW          topology: architecture (default: one box per service, load balancer,
                       database...) or all (one box per resource)
  --region REGION      cost: the deploy region (default us-east-1)
  --requests N         cost: requests a month (default 5000000)
  --json               cost, diff: print JSON instead of a table
  --fail-on WHAT       diff: exit 3 when a change would replace (replace) or lose data
                       (data-loss)
  -h, --help           Show this help (\`fargate-stack <command> --help\` for one command)
  -V, --version        Show the version

Examples:
  fargate-stack generate --preset seed
  fargate-stack generate config.json -o flask-api.template.json
  fargate-stack validate config.json
  fargate-stack deploy-command config.json
  fargate-stack topology --format mermaid --preset microservices
  fargate-stack topology --view all --preset seed -o seed-all.svg
  fargate-stack cost --region eu-west-1 --preset production
  fargate-stack diff deployed.template.json config.json --fail-on data-loss
  fargate-stack presets

Exit status: 0 on success, 2 on bad usage or a bad config, 3 when \`diff --fail-on\` finds what
it was told to fail on, 1 on an unexpected error.
Every field of a config is optional; \`fargate-stack schema\` lists them all.`;

// One line of usage and one of purpose per command, for `<command> --help`.
const COMMANDS = {
  generate: [
    "generate (CONFIG.json | --preset NAME) [-o FILE]",
    "Print the CloudFormation template for a config, as the Rust crate prints it.",
  ],
  validate: [
    "validate (CONFIG.json | --preset NAME)",
    'Print "valid", or every problem (one `path: message` per line on stderr) and exit 2.',
  ],
  "deploy-command": [
    "deploy-command (CONFIG.json | --preset NAME) [-o FILE]",
    "Print the `aws cloudformation deploy` command for the template (file <name>.template.json).",
  ],
  topology: [
    "topology [--format svg|dot|mermaid] [--view architecture|all] (CONFIG.json | --preset NAME) [-o FILE]",
    "Draw the stack as an SVG document, Graphviz source or a Mermaid flowchart: the architecture (default; plumbing such as routes, rules and roles listed in the box it serves) or every resource (--view all).",
  ],
  cost: [
    "cost [--region REGION] [--requests N] [--json] (CONFIG.json | --preset NAME) [-o FILE]",
    "Estimate the monthly bill of the stack, line by line, with its assumptions and savings.",
  ],
  diff: [
    "diff BEFORE.template.json (CONFIG.json | --preset NAME) [--json] [--fail-on replace|data-loss]",
    "What deploying the config's template over a stack made from BEFORE does: added, removed, updated and replaced resources with causes, data loss, what will fail.",
  ],
  schema: ["schema [-o FILE]", "Print the JSON Schema of the config format."],
  presets: ["presets", "List the shipped presets with what each builds."],
};

/** A problem the user can fix: reported without a stack trace, exit code 2. */
class UsageError extends Error {}

/** A config that failed validation: every problem, exit code 2. */
class ConfigError extends Error {
  constructor(errors) {
    super("invalid config");
    this.errors = errors;
  }
}

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: "string", short: "p" },
        output: { type: "string", short: "o" },
        format: { type: "string", short: "f" },
        view: { type: "string" },
        region: { type: "string" },
        requests: { type: "string" },
        json: { type: "boolean" },
        "fail-on": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
      },
    });
  } catch (err) {
    // parseArgs names the unknown or malformed option in its message.
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;

  if (values.version) {
    out(`fargate-stack ${core.version()}`);
    return 0;
  }
  if (command === "help") {
    out(rest[0] && COMMANDS[rest[0]] ? commandHelp(rest[0]) : USAGE);
    return 0;
  }
  if (command === undefined && !values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out(COMMANDS[command] ? commandHelp(command) : USAGE);
    return 0;
  }
  if (!COMMANDS[command]) {
    throw new UsageError(`unknown command \`${command}\`; one of: ${Object.keys(COMMANDS).join(", ")}`);
  }
  if (values.format !== undefined && command !== "topology") {
    throw new UsageError(`--format applies to \`topology\` only`);
  }
  for (const [option, commands] of [["view", ["topology"]], ["region", ["cost"]], ["requests", ["cost"]], ["json", ["cost", "diff"]], ["fail-on", ["diff"]]]) {
    if (values[option] !== undefined && !commands.includes(command)) {
      throw new UsageError(`--${option} applies to \`${commands.join("` and `")}\` only`);
    }
  }

  switch (command) {
    case "presets": {
      noInput(command, values, rest);
      const list = core.presets();
      const width = Math.max(...list.map((p) => p.name.length));
      write(values.output, list.map((p) => `${p.name.padEnd(width)}  ${p.description}`).join("\n"));
      return 0;
    }
    case "schema":
      noInput(command, values, rest);
      write(values.output, JSON.stringify(core.schema(), null, 2));
      return 0;
    case "validate": {
      const errors = core.validate(readConfig(values, rest));
      if (errors.length > 0) throw new ConfigError(errors);
      write(values.output, "valid");
      return 0;
    }
    case "generate":
      write(values.output, generate(readConfig(values, rest)).json);
      return 0;
    case "deploy-command": {
      const result = generate(readConfig(values, rest));
      write(values.output, result.deployCommand);
      // What the command alone does not say (a first deploy with a new ECR repository) goes
      // to stderr, so stdout stays the command and nothing else.
      for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
      return 0;
    }
    case "cost": {
      const input = { region: values.region ?? "us-east-1", usage: {} };
      if (values.requests !== undefined) {
        const n = Number(values.requests);
        if (!Number.isFinite(n) || values.requests.trim() === "") {
          throw new UsageError(`--requests takes a number, got \`${values.requests}\``);
        }
        input.usage.requestsPerMonth = n;
      }
      const config = readConfig(values, rest);
      const estimate = throwingConfigErrors(() => core.estimate(config, input));
      write(values.output, values.json ? JSON.stringify(estimate, null, 2) : costTable(estimate));
      return 0;
    }
    case "diff": {
      const failOn = values["fail-on"];
      if (failOn !== undefined && !["replace", "data-loss"].includes(failOn)) {
        throw new UsageError(`--fail-on takes replace or data-loss, got \`${failOn}\``);
      }
      if (rest.length === 0) throw new UsageError("give the deployed template first: diff BEFORE.template.json CONFIG.json");
      const [beforePath, ...configArgs] = rest;
      let before;
      try {
        before = fs.readFileSync(beforePath === "-" ? 0 : beforePath, "utf8");
      } catch (err) {
        throw new UsageError(`${beforePath}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
      }
      const config = readConfig(values, configArgs);
      const preview = throwingConfigErrors(() => core.changes(before, config));
      write(values.output, values.json ? JSON.stringify(preview, null, 2) : changesText(preview));
      const s = preview.summary;
      if ((failOn === "replace" && (s.replace > 0 || s.remove > 0)) || (failOn === "data-loss" && s.dataLoss)) {
        return 3;
      }
      return 0;
    }
    case "topology": {
      const format = values.format ?? "svg";
      if (!FORMATS.includes(format)) {
        throw new UsageError(`unknown format \`${format}\`; one of: ${FORMATS.join(", ")}`);
      }
      const view = values.view ?? "architecture";
      if (!Object.hasOwn(VIEWS, view)) {
        throw new UsageError(`unknown view \`${view}\`; one of: ${Object.keys(VIEWS).join(", ")}`);
      }
      const config = readConfig(values, rest);
      write(values.output, throwingConfigErrors(() => VIEWS[view](config))[format]);
      return 0;
    }
  }
  return 0;
}

/** The estimate as an aligned table: one row per line, then totals, assumptions, savings. */
function costTable(e) {
  const money = (x) => `$${x.toFixed(2)}`;
  // Grouped by AWS service (in the order each first appears), template order within.
  const order = [...new Set(e.lines.map((l) => l.service))];
  const sorted = [...e.lines].sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service));
  const rows = sorted.map((l) => [l.service, `${l.logicalId}: ${l.item}`, l.charge, money(l.monthly)]);
  const totals = [["fixed", e.fixedMonthly], ["usage", e.usageMonthly], ["total a month", e.totalMonthly]];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
  // The amount column is as wide as its widest figure, totals included.
  widths[3] = Math.max(widths[3], ...totals.map(([, x]) => money(x).length));
  const lines = [`Monthly estimate, ${e.region}, ${e.currency}, prices of ${e.priceDate} (${e.hoursPerMonth} h a month)`, ""];
  for (const r of rows) {
    lines.push(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3].padStart(widths[3])}`);
  }
  // A total's label ends where the charge column ends, so its amount lines up with the rows'.
  const label = widths[0] + widths[1] + widths[2] + 4;
  lines.push("");
  for (const [name, x] of totals) lines.push(`${name.padStart(label)}  ${money(x).padStart(widths[3])}`);
  if (e.unpriced.length > 0) {
    lines.push("", "Not priced (no figure in the table):");
    for (const u of e.unpriced) lines.push(`  ${u.logicalId}: ${u.item}`);
  }
  lines.push("", "Assumptions:");
  for (const a of e.assumptions) lines.push(`  ${a.key}: ${a.value}${a.default ? " (default)" : ""}`);
  if (e.savings.length > 0) {
    lines.push("", "Savings:");
    for (const s of e.savings) {
      lines.push(`  -${money(s.monthly)}  ${s.title} (${s.path} = ${JSON.stringify(s.value)}; ${s.tradeOff})`);
    }
  }
  return lines.join("\n");
}

/** The preview in words: the verdict, then the changes grouped by action. */
function changesText(c) {
  const s = c.summary;
  const lines = [
    `${s.add} to add, ${s.update} to update, ${s.replace} to replace, ${s.remove} to remove` +
      (s.dataLoss ? "; DATA LOSS" : "") +
      (s.willFail ? "; WILL FAIL" : ""),
  ];
  for (const action of ["replace", "remove", "update", "add"]) {
    const group = c.resources.filter((r) => r.action === action);
    if (group.length === 0) continue;
    lines.push("", `${action}:`);
    for (const r of group) {
      lines.push(`  ${r.logicalId} (${r.resourceType})`);
      if (r.dataLoss) lines.push(`    data loss: ${r.dataLoss}`);
      if (r.willFail) lines.push(`    will fail: ${r.willFail}`);
      for (const k of r.causes) lines.push(`    ${k.path}: ${k.reason}${k.replacement ? " (forces replacement)" : ""}`);
    }
  }
  for (const [title, entries] of [["parameters", c.parameters], ["outputs", c.outputs]]) {
    if (entries.length === 0) continue;
    lines.push("", `${title}:`);
    for (const e of entries) lines.push(`  ${e.action} ${e.name}${e.detail ? `: ${e.detail}` : ""}`);
  }
  return lines.join("\n");
}

function commandHelp(command) {
  const [usage, purpose] = COMMANDS[command];
  return `Usage: fargate-stack ${usage}\n\n${purpose}\n\nRun \`fargate-stack --help\` for every command and option.`;
}

function noInput(command, values, rest) {
  if (values.preset !== undefined || rest.length > 0) {
    throw new UsageError(`\`${command}\` takes no config`);
  }
}

/** The config named on the command line: a preset, a file, or `-` for standard input. */
function readConfig(values, rest) {
  if (rest.length > 1) throw new UsageError(`one config at a time, got ${rest.length}: ${rest.join(" ")}`);
  if (values.preset !== undefined) {
    if (rest.length > 0) throw new UsageError("give a config file or --preset, not both");
    const config = core.preset(values.preset);
    if (config === undefined) {
      const names = core.presets().map((p) => p.name);
      throw new UsageError(`unknown preset \`${values.preset}\`; one of: ${names.join(", ")}`);
    }
    return config;
  }
  if (rest.length === 0) throw new UsageError("give a config file (or - for standard input) or --preset NAME");
  const path = rest[0];
  let text;
  try {
    text = fs.readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    throw new UsageError(`${path}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    // The same shape as every other problem: the whole document is at fault.
    throw new ConfigError([{ path: "", message: `${path} is not JSON: ${err.message}` }]);
  }
}

function generate(config) {
  return throwingConfigErrors(() => core.generate(config));
}

/** Runs a core call, turning its `FargateStackError` into a ConfigError. */
function throwingConfigErrors(call) {
  try {
    return call();
  } catch (err) {
    if (Array.isArray(err?.errors)) throw new ConfigError(err.errors);
    throw err;
  }
}

function out(text) {
  process.stdout.write(`${text}\n`);
}

/** Writes to a file or standard output, ending with a newline like the Rust example does. */
function write(path, text) {
  if (path === undefined || path === "-") {
    out(text);
    return;
  }
  try {
    fs.writeFileSync(path, `${text}\n`);
  } catch (err) {
    throw new UsageError(`${path}: ${err.message}`);
  }
}

function run() {
  let code;
  try {
    code = main(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const e of err.errors) process.stderr.write(`${e.path || "(config)"}: ${e.message}\n`);
      code = 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`fargate-stack: ${err.message}\nRun \`fargate-stack --help\` for usage.\n`);
      code = 2;
    } else {
      process.stderr.write(`fargate-stack: unexpected error (please report it): ${err?.stack ?? err}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}

run();
