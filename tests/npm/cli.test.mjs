// The `fargate-stack` command line: output, files, help, and exit codes (0 done, 2 bad usage
// or bad config with one `path: message` per line on stderr, 3 `diff --fail-on` found it).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { cli, core, PRESETS, ROOT } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "fargate-stack-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name, value) {
  const path = join(dir, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
}

const good = file("good.json", { name: "flask-api", services: [{ name: "flask", cpu: 1024, memory: 2048, containerPort: 8000 }] });
const bad = file("bad.json", { name: "Bad Name", services: [{ cpu: 2048, memory: 1024 }] });

describe("generate", () => {
  test("--preset prints the template and a newline", () => {
    const r = cli(["generate", "--preset", "seed"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${core.generate(core.preset("seed")).json}\n`);
    assert.equal(r.stderr, "");
  });

  test("a config file, -o writes the file", () => {
    const out = join(dir, "template.json");
    const r = cli(["generate", good, "-o", out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    const expected = core.generate(JSON.parse(readFileSync(good, "utf8"))).json;
    assert.equal(readFileSync(out, "utf8"), `${expected}\n`);
  });

  test("- reads the config from standard input; options may come first", () => {
    const r = cli(["--output", "-", "generate", "-"], { input: readFileSync(good) });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Description.startsWith("flask-api"), true);
  });

  test("a bad config: exit 2, every problem on stderr, nothing on stdout", () => {
    const r = cli(["generate", bad]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    const expected = core.validate(JSON.parse(readFileSync(bad, "utf8")));
    assert.equal(r.stderr, expected.map((e) => `${e.path}: ${e.message}\n`).join(""));
  });
});

describe("validate", () => {
  test("a valid config prints valid, exit 0", () => {
    for (const args of [[good], ["--preset", "production"]]) {
      const r = cli(["validate", ...args]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "valid\n");
      assert.equal(r.stderr, "");
    }
  });

  test("a bad config: exit 2 and one path: message line per problem", () => {
    const r = cli(["validate", bad]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^name: /);
    assert.match(lines[1], /^services\[0\]\.memory: 1024 is not valid with cpu 2048/);
  });

  test("a wrong type and an unknown key name their fields", () => {
    const r = cli(["validate", file("types.json", { services: [{ cpu: "lots" }] })]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^services\[0\]\.cpu: invalid type: string "lots"/);
    const t = cli(["validate", file("typo.json", { nmae: "x" })]);
    assert.equal(t.status, 2);
    assert.match(t.stderr, /^nmae: unknown field `nmae`/);
  });

  test("a file that is not JSON: exit 2, one (config) line", () => {
    const r = cli(["validate", file("broken.json", "{ \"name\": ")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^\(config\): .*broken\.json is not JSON: /);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1);
  });

  test("a missing file: exit 2", () => {
    const r = cli(["validate", join(dir, "nope.json")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nope\.json: no such file/);
  });
});

describe("service kinds", () => {
  // a web API that calls a job (a job takes no calls) and a job whose cron has 5 fields, not 6
  const config = {
    name: "shop",
    services: [
      { name: "api", image: "public.ecr.aws/nginx/nginx:1.27", calls: ["nightly"] },
      { name: "nightly", kind: "job", image: "public.ecr.aws/docker/library/python:3.13-slim", schedule: "cron(0 3 * * *)" },
    ],
  };

  test("validate: a call to a job and a bad cron, one path: message line each, exit 2", () => {
    const r = cli(["validate", file("kinds.json", config)]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.deepEqual(lines, [
      "services[0].calls[0]: `nightly` is a job: it runs on its schedule and takes no calls; call a web, backend or worker service",
      "services[1].schedule: `cron(0 3 * * *)`: has 5 fields; a cron takes 6: minutes hours day-of-month month day-of-week year; e.g. cron(0 3 * * ? *) runs every day at 03:00",
    ]);
    assert.deepEqual(lines, core.validate(config).map((e) => `${e.path}: ${e.message}`));
    assert.equal(cli(["generate", file("kinds.json", config)]).status, 2);
  });

  test("fixed (the api sends to a worker, a 6-field cron): valid, and the template schedules the job", () => {
    const fixed = structuredClone(config);
    fixed.services[0].calls = ["mailer"];
    fixed.services[1].schedule = "cron(0 3 * * ? *)";
    fixed.services.push({ name: "mailer", kind: "worker", image: "public.ecr.aws/docker/library/python:3.13-slim" });
    const path = file("kinds-fixed.json", fixed);
    const v = cli(["validate", path]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, "valid\n");
    const g = cli(["generate", path]);
    assert.equal(g.status, 0, g.stderr);
    const t = JSON.parse(g.stdout);
    assert.equal(t.Resources.NightlySchedule.Properties.ScheduleExpression, "cron(0 3 * * ? *)");
    assert.deepEqual(t.Resources.ApiTaskDefinition.Properties.ContainerDefinitions[0].Environment,
      [{ Name: "MAILER_QUEUE_URL", Value: { Ref: "MailerQueue" } }]);
  });

  test("validate --preset worker-and-jobs is valid; its deploy command uploads through S3", () => {
    const v = cli(["validate", "--preset", "worker-and-jobs"]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, "valid\n");
    const d = cli(["deploy-command", "--preset", "worker-and-jobs"]);
    assert.equal(d.status, 0, d.stderr);
    assert.match(d.stdout, /^aws cloudformation deploy --template-file shop\.template\.json .* --s3-bucket YOUR_ARTIFACT_BUCKET /);
  });
});

describe("other commands", () => {
  test("schema prints the JSON Schema", () => {
    const r = cli(["schema"]);
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), core.schema());
  });

  test("presets lists every preset with its description", () => {
    const r = cli(["presets"]);
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => l.split(/\s+/)[0]), PRESETS);
    for (const p of core.presets()) assert.ok(r.stdout.includes(p.description), p.name);
  });

  test("deploy-command prints the deploy command", () => {
    const r = cli(["deploy-command", "--preset", "seed"]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${core.generate(core.preset("seed")).deployCommand}\n`);
    // The seed's service has a new ECR repository: how to deploy it the first time, on stderr.
    assert.match(r.stderr, /^note: Service flask pulls from a new, empty ECR repository: deploy once with --parameter-overrides FlaskDesiredCount=0/);
    assert.equal(cli(["deploy-command", "--preset", "minimal"]).stderr, "");
    assert.equal(cli(["deploy-command", bad]).status, 2);
  });

  for (const format of ["svg", "dot", "mermaid"]) {
    test(`topology --format ${format}`, () => {
      const r = cli(["topology", "--format", format, "--preset", "microservices"]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${core.architecture(core.preset("microservices"))[format]}\n`);
      const all = cli(["topology", "--format", format, "--view", "all", "--preset", "microservices"]);
      assert.equal(all.status, 0, all.stderr);
      assert.equal(all.stdout, `${core.topology(core.preset("microservices"))[format]}\n`);
    });
  }

  test("topology defaults to the architecture view in svg and reads config files", () => {
    const r = cli(["topology", good]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /<svg[^>]*class="fs-topology fs-architecture"/);
    assert.equal(cli(["topology", "--view", "architecture", good]).stdout, r.stdout);
    assert.equal(cli(["topology", bad]).status, 2);
  });
});

describe("cost", () => {
  const money = (x) => `$${x.toFixed(2)}`;

  test("--preset seed: an aligned table, the total $175.73 a month in us-east-1, exit 0", () => {
    const r = cli(["cost", "--preset", "seed"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    const e = core.estimate(core.preset("seed"), { region: "us-east-1" });
    const lines = r.stdout.split("\n");
    assert.equal(lines[0], `Monthly estimate, us-east-1, USD, prices of ${e.priceDate} (730 h a month)`);
    assert.equal(lines[1], "");
    // The table: one row per line of the estimate, a blank line, fixed, usage and total.
    const rows = lines.slice(2, 2 + e.lines.length);
    const totals = lines.slice(3 + e.lines.length, 6 + e.lines.length);
    assert.equal(lines[2 + e.lines.length], "");
    assert.match(totals[0], /^ +fixed  +\$168\.81$/);
    assert.match(totals[1], /^ +usage  +\$6\.92$/);
    assert.match(totals[2], /^ +total a month  \$175\.73$/);
    // Aligned: every row is as wide as the others and ends with its amount (the totals line
    // up with them: the next test).
    const width = rows[0].length;
    for (const row of rows) assert.equal(row.length, width, JSON.stringify(row));
    // Columns: service, `logicalId: item`, charge, amount, each starting at the same place.
    const cols = (row) => [0, ...[...row.matchAll(/ {2,}(?=\S)/g)].map((m) => m.index + m[0].length)];
    for (const [i, row] of rows.entries()) {
      const l = [...e.lines].sort((a, b) => services(e).indexOf(a.service) - services(e).indexOf(b.service))[i];
      assert.ok(row.startsWith(l.service), row);
      assert.ok(row.includes(`  ${l.logicalId}: ${l.item}  `), row);
      assert.ok(row.endsWith(money(l.monthly)), row);
      assert.ok(row.includes(` ${l.charge} `), row);
    }
    const starts = rows.map((row) => cols(row).slice(0, 3).join(","));
    assert.equal(new Set(starts).size, 1, starts.join(" | "));
    // Grouped by AWS service: once a service's rows end, it does not come back.
    const seen = rows.map((row) => e.lines.find((l) => row.startsWith(l.service)).service);
    assert.deepEqual([...new Set(seen)], services(e));
    assert.deepEqual(seen, [...seen].sort((a, b) => services(e).indexOf(a) - services(e).indexOf(b)));
    // Then what has no price, the assumptions and the savings with their config patch.
    assert.match(r.stdout, /\nNot priced \(no figure in the table\):\n  Cluster: Container Insights/);
    assert.match(r.stdout, /\nAssumptions:\n  requestsPerMonth: 5000000 requests a month \(default\)\n/);
    assert.match(r.stdout, /\nSavings:\n  -\$36\.50  One NAT gateway instead of 2 \(network\.natGateways = "single"; /);
    assert.ok(r.stdout.endsWith("\n"));
  });

  test("the totals end where the rows' amounts end", () => {
    for (const name of PRESETS) {
      const lines = cli(["cost", "--preset", name]).stdout.split("\n");
      const n = core.estimate(core.preset(name), {}).lines.length;
      const rows = lines.slice(2, 2 + n);
      const totals = lines.slice(3 + n, 6 + n);
      for (const row of totals) assert.equal(row.length, rows[0].length, `${name}: ${JSON.stringify(row)}`);
    }
  });

  test("the README's Cost section is what `cost --preset seed` prints", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /\n## Cost\n[\s\S]*?\n```text\n([\s\S]*?)```\n/.exec(readme);
    assert.ok(block, "a text block in the Cost section");
    assert.equal(block[1], cli(["cost", "--preset", "seed"]).stdout);
  });

  test("--json prints the estimate as JSON: the API's figures", () => {
    const r = cli(["cost", "--json", "--preset", "worker-and-jobs"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), core.estimate(core.preset("worker-and-jobs"), {}));
  });

  test("--region and --requests change the figures; a config file works like a preset", () => {
    const r = cli(["cost", "--region", "eu-west-1", "--requests", "20000000", "--json", good]);
    assert.equal(r.status, 0, r.stderr);
    const config = JSON.parse(readFileSync(good, "utf8"));
    const e = JSON.parse(r.stdout);
    assert.deepEqual(e, core.estimate(config, { region: "eu-west-1", usage: { requestsPerMonth: 20000000 } }));
    assert.equal(e.region, "eu-west-1");
    assert.notEqual(e.totalMonthly, core.estimate(config, {}).totalMonthly);
    assert.match(cli(["cost", "--region", "eu-west-1", good]).stdout, /^Monthly estimate, eu-west-1, USD, /);
  });

  test("--region mars-1: exit 2, `region: ...` on stderr, nothing on stdout", () => {
    const r = cli(["cost", "--region", "mars-1", "--preset", "seed"]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^region: `mars-1` has no prices here; use one of us-east-1, .*\n$/);
  });

  test("negative requests: exit 2, `usage.requestsPerMonth: ...`; a word is a usage error", () => {
    const r = cli(["cost", "--requests=-5", "--preset", "seed"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^usage\.requestsPerMonth: -5 is out of range; use 0 to /);
    const w = cli(["cost", "--requests", "lots", "--preset", "seed"]);
    assert.equal(w.status, 2);
    assert.match(w.stderr, /--requests takes a number, got `lots`/);
  });

  test("a bad config: exit 2 with its problems", () => {
    const r = cli(["cost", bad]);
    assert.equal(r.status, 2);
    const expected = core.validate(JSON.parse(readFileSync(bad, "utf8")));
    assert.equal(r.stderr, expected.map((e) => `${e.path}: ${e.message}\n`).join(""));
  });
});

/** The AWS services of an estimate in the order each first appears. */
function services(e) {
  return [...new Set(e.lines.map((l) => l.service))];
}

describe("diff", () => {
  const withDb = core.preset("with-database");
  const before = join(dir, "with-database.template.json");
  const edited = (name, change) => {
    const c = structuredClone(withDb);
    change(c);
    return file(name, c);
  };
  const cidr = edited("cidr.json", (c) => { c.network.vpcCidr = "10.20.0.0/16"; });
  const dbName = edited("db-name.json", (c) => { c.database.databaseName = "shop"; });

  test("generate -o writes the BEFORE template", () => {
    const r = cli(["generate", "--preset", "with-database", "-o", before]);
    assert.equal(r.status, 0, r.stderr);
  });

  test("network.vpcCidr changed: Vpc listed under replace with its cause; exit 0 without --fail-on", () => {
    const r = cli(["diff", before, cidr]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    const c = core.changes(readFileSync(before, "utf8"), JSON.parse(readFileSync(cidr, "utf8")));
    const s = c.summary;
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], `${s.add} to add, ${s.update} to update, ${s.replace} to replace, ${s.remove} to remove; WILL FAIL`);
    assert.ok(s.willFail && !s.dataLoss);
    assert.ok(s.replace > 20, `${s.replace}`);
    // Sections in the order replace, update; each resource once, under its action.
    const replaceAt = lines.indexOf("replace:");
    const updateAt = lines.indexOf("update:");
    assert.ok(replaceAt > 0 && updateAt > replaceAt, r.stdout);
    assert.equal(lines[replaceAt + 1], "  Vpc (AWS::EC2::VPC)");
    assert.equal(lines[replaceAt + 2], "    Properties.CidrBlock: changed (forces replacement)");
    assert.ok(lines.slice(replaceAt, updateAt).includes("    Properties.VpcId: refers to Vpc (replaced) (forces replacement)"));
    assert.ok(lines.slice(updateAt).includes("  Database (AWS::RDS::DBInstance)"));
    for (const res of c.resources) {
      const heading = `  ${res.logicalId} (${res.resourceType})`;
      assert.equal(lines.filter((l) => l === heading).length, 1, heading);
    }
    assert.doesNotMatch(r.stdout, /DATA LOSS/);
    // RDS keeps a subnet group in its VPC: the update to the new VPC's subnets fails.
    const group = lines.indexOf("  DatabaseSubnetGroup (AWS::RDS::DBSubnetGroup)");
    assert.match(lines[group + 1], /^    will fail: the VPC is replaced and RDS refuses/);
  });

  test("the README's Change preview example is this diff, trimmed (its lines in order)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /\n## Change preview\n[\s\S]*?\n```text\n([\s\S]*?)```\n/.exec(readme);
    assert.ok(block, "a text block in the Change preview section");
    const shown = block[1].trimEnd().split("\n").filter((l) => l.trim() !== "...");
    const printed = cli(["diff", before, cidr]).stdout.trimEnd().split("\n");
    let at = 0;
    for (const line of shown) {
      const found = printed.indexOf(line, at);
      assert.ok(found >= at, `not printed (in this order): ${JSON.stringify(line)}`);
      at = found + 1;
    }
    assert.equal(JSON.parse(readFileSync(cidr, "utf8")).network.vpcCidr, "10.20.0.0/16", "the README's edit");
  });

  test("--fail-on replace: the same output, exit 3; --fail-on data-loss: exit 0 (no data lost)", () => {
    const plain = cli(["diff", before, cidr]).stdout;
    const r = cli(["diff", before, cidr, "--fail-on", "replace"]);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stdout, plain);
    assert.equal(cli(["diff", before, cidr, "--fail-on", "data-loss"]).status, 0);
  });

  test("database.databaseName changed: DATA LOSS; --fail-on data-loss exits 3", () => {
    const r = cli(["diff", before, dbName, "--fail-on", "data-loss"]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /^\d+ to add, \d+ to update, \d+ to replace, \d+ to remove; DATA LOSS\n/);
    assert.match(r.stdout, /\n  Database \(AWS::RDS::DBInstance\)\n    data loss: the database is replaced by a new, empty instance/);
    assert.match(r.stdout, /\n    Properties\.DBName: changed \(forces replacement\)\n/);
    assert.equal(cli(["diff", before, dbName]).status, 0);
  });

  test("the same config: nothing to do, exit 0 even with --fail-on", () => {
    for (const failOn of ["replace", "data-loss"]) {
      const r = cli(["diff", before, "--preset", "with-database", "--fail-on", failOn]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "0 to add, 0 to update, 0 to replace, 0 to remove\n");
    }
  });

  test("--json prints the API's preview", () => {
    const r = cli(["diff", before, dbName, "--json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), core.changes(readFileSync(before, "utf8"), JSON.parse(readFileSync(dbName, "utf8"))));
  });

  test("a removed resource counts for --fail-on replace", () => {
    const r = cli(["diff", before, "--preset", "minimal", "--fail-on", "replace"]);
    assert.equal(r.status, 3);
    assert.match(r.stdout, /\nremove:\n/);
  });

  test("a malformed BEFORE: exit 2, `before: ... (line N, column M)` on stderr", () => {
    const broken = file("broken.template.json", '{\n  "Resources": {\n    "Vpc": {,\n');
    const r = cli(["diff", broken, "--preset", "with-database"]);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^before: .*\(line 3, column 13\)\n$/);
    const notTemplate = cli(["diff", file("array.json", "[1, 2]"), "--preset", "with-database"]);
    assert.equal(notTemplate.status, 2);
    assert.match(notTemplate.stderr, /^before: not a template: the document is not an object/);
  });

  test("usage errors: no BEFORE, a missing BEFORE, a bad --fail-on, --fail-on elsewhere", () => {
    const cases = [
      [["diff", "--preset", "seed"], /give the deployed template first/],
      [["diff", join(dir, "nope.template.json"), "--preset", "seed"], /nope\.template\.json: no such file/],
      [["diff", before, cidr, "--fail-on", "everything"], /--fail-on takes replace or data-loss, got `everything`/],
      [["generate", "--preset", "seed", "--fail-on", "replace"], /--fail-on applies to `diff` only/],
      [["validate", "--preset", "seed", "--region", "eu-west-1"], /--region applies to `cost` only/],
      [["diff", before, cidr, cidr], /one config at a time/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      assert.equal(r.status, 2, args.join(" "));
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message, args.join(" "));
    }
  });

  test("a bad config: exit 2 with its problems", () => {
    const r = cli(["diff", before, bad]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^name: /);
  });
});

describe("help, version and usage errors", () => {
  test("--help and help: usage, commands, options, examples; exit 0", () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = cli(args);
      assert.equal(r.status, 0);
      for (const word of ["Usage:", "Commands:", "Options:", "Examples:", "generate", "validate", "deploy-command",
        "topology", "cost", "diff", "schema", "presets", "--preset", "--output", "--format", "--region", "--requests",
        "--json", "--fail-on", "--version", "--view"]) {
        assert.ok(r.stdout.includes(word), `${args}: ${word}`);
      }
    }
  });

  test("<command> --help describes that command", () => {
    const r = cli(["topology", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: fargate-stack topology \[--format svg\|dot\|mermaid\] \[--view architecture\|all\]/);
  });

  test("--version prints the version", () => {
    for (const flag of ["--version", "-V"]) {
      const r = cli([flag]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `fargate-stack ${core.version()}\n`);
    }
  });

  const usageErrors = [
    [[], /Usage:/],
    [["frobnicate"], /unknown command `frobnicate`/],
    [["generate", "--preset", "seed", "--bogus"], /Unknown option '--bogus'/],
    [["generate", "-x"], /Unknown option '-x'/],
    [["generate"], /give a config file/],
    [["generate", "--preset", "nope"], /unknown preset `nope`; one of: seed, minimal/],
    [["generate", "--preset"], /argument missing/],
    [["generate", good, good], /one config at a time/],
    [["generate", good, "--preset", "seed"], /not both/],
    [["topology", "--format", "png", "--preset", "seed"], /unknown format `png`; one of: svg, dot, mermaid/],
    [["generate", "--format", "dot", "--preset", "seed"], /--format applies to `topology` only/],
    [["topology", "--view", "boxes", "--preset", "seed"], /unknown view `boxes`; one of: architecture, all/],
    [["generate", "--view", "all", "--preset", "seed"], /--view applies to `topology` only/],
    [["schema", "--preset", "seed"], /takes no config/],
    [["generate", "--preset", "seed", "-o", join(dir, "no/such/dir/t.json")], /no\/such\/dir/],
  ];
  for (const [args, message] of usageErrors) {
    test(`usage error: ${args.join(" ") || "(no arguments)"}`, () => {
      const r = cli(args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message);
    });
  }
});
