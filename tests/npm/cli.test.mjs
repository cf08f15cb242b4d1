// The `fargate-stack` command line: output, files, help, and exit codes (0 done, 2 bad usage
// or bad config with one `path: message` per line on stderr).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { cli, core, PRESETS } from "./helpers.mjs";

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
      assert.equal(r.stdout, `${core.topology(core.preset("microservices"))[format]}\n`);
    });
  }

  test("topology defaults to svg and reads config files", () => {
    const r = cli(["topology", good]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /<svg/);
    assert.equal(cli(["topology", bad]).status, 2);
  });
});

describe("help, version and usage errors", () => {
  test("--help and help: usage, commands, options, examples; exit 0", () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = cli(args);
      assert.equal(r.status, 0);
      for (const word of ["Usage:", "Commands:", "Options:", "Examples:", "generate", "validate", "deploy-command",
        "topology", "schema", "presets", "--preset", "--output", "--format", "--version"]) {
        assert.ok(r.stdout.includes(word), `${args}: ${word}`);
      }
    }
  });

  test("<command> --help describes that command", () => {
    const r = cli(["topology", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: fargate-stack topology \[--format svg\|dot\|mermaid\]/);
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
