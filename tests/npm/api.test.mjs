// Every export of the package's Node build: shapes, every preset, and errors as data.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { core, NPM_DIR, PRESETS } from "./helpers.mjs";

const bad = { name: "Bad Name", services: [{ cpu: 2048, memory: 1024 }] };

function describeValue(value) {
  try {
    return typeof value === "symbol" ? "a symbol" : `${typeof value} ${JSON.stringify(value) ?? String(value)}`.slice(0, 60);
  } catch {
    return typeof value;
  }
}

describe("exports", () => {
  test("the package exports exactly the documented functions", () => {
    assert.deepEqual(Object.keys(core).sort(), [
      "architecture", "changes", "defaults", "estimate", "generate", "preset", "presets", "schema", "topology", "validate", "version",
    ]);
  });

  test("version() is the package.json version", () => {
    const pkg = JSON.parse(readFileSync(join(NPM_DIR, "package.json"), "utf8"));
    assert.equal(core.version(), pkg.version);
    assert.match(core.version(), /^\d+\.\d+\.\d+/);
  });

  test("defaults() is a JSON-compatible config that generates", () => {
    const d = core.defaults();
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d, "survives JSON.stringify (no Map, no undefined)");
    assert.equal(d.schemaVersion, 1);
    assert.deepEqual(d.tags, {});
    assert.equal(d.loadBalancer.certificateArn, null);
    assert.equal(d.network.natGateways, "perAz");
    assert.equal(d.services.length, 1);
    assert.deepEqual(core.validate(d), []);
    assert.deepEqual(core.generate(d).json, core.generate({}).json, "a missing field takes its default");
  });

  test("presets() lists every preset with a description", () => {
    const list = core.presets();
    assert.deepEqual(list.map((p) => p.name), PRESETS);
    for (const p of list) {
      assert.deepEqual(Object.keys(p), ["name", "description"]);
      assert.ok(p.description.length > 10);
    }
  });

  test("preset() of an unknown name is undefined", () => {
    assert.equal(core.preset("nope"), undefined);
    assert.equal(core.preset(""), undefined);
  });

  test("schema() is the committed JSON Schema", () => {
    const committed = JSON.parse(readFileSync(join(NPM_DIR, "../schema/config.schema.json"), "utf8"));
    assert.deepEqual(core.schema(), committed);
  });
});

describe("every preset", () => {
  for (const name of PRESETS) {
    test(name, () => {
      const config = core.preset(name);
      assert.deepEqual(JSON.parse(JSON.stringify(config)), config);
      assert.equal(typeof config.name, "string");
      assert.deepEqual(core.validate(config), []);

      const g = core.generate(config);
      assert.deepEqual(Object.keys(g), [
        "template", "json", "resourceCount", "bytes", "parameters", "outputs", "deployCommand", "notes",
      ]);
      // A service without an image gets a new, empty repository: its first deploy is explained;
      // so are a certificate validated by DNS and an alarm email to confirm.
      const waits = (config.domain && !config.loadBalancer.certificateArn ? 1 : 0) + (config.alarms?.email ? 1 : 0);
      assert.equal(g.notes.length, waits + config.services.filter((s) => s.image == null).length);
      if (config.domain) assert.match(g.notes[0], /validated by DNS/);
      // The object is the JSON, parsed: same content and the same key order.
      assert.equal(JSON.stringify(g.template, null, 2), g.json);
      assert.equal(g.bytes, Buffer.byteLength(g.json, "utf8"));
      assert.equal(g.resourceCount, Object.keys(g.template.Resources).length);
      assert.deepEqual(g.outputs, Object.keys(g.template.Outputs ?? {}));
      assert.deepEqual(
        g.parameters,
        Object.entries(g.template.Parameters ?? {}).map(([n, p]) => ({ name: n, default: p.Default ?? null })),
      );
      assert.match(g.deployCommand, new RegExp(`^aws cloudformation deploy --template-file ${config.name}\\.template\\.json `));
      // The config that made it is recorded, so a template can be loaded back.
      assert.ok(g.json.includes(config.name));

      // Deterministic: the same config, the same bytes.
      assert.equal(core.generate(config).json, g.json);
      // A config that went through JSON gives the same template.
      assert.equal(core.generate(JSON.parse(JSON.stringify(config))).json, g.json);

      const t = core.topology(config);
      for (const key of ["title", "width", "height", "groups", "nodes", "edges", "svg", "dot", "mermaid"]) {
        assert.ok(key in t, key);
      }
      assert.ok(t.svg.startsWith("<svg") || t.svg.startsWith("<?xml"), "an SVG document");
      assert.match(t.dot, /digraph/);
      assert.match(t.mermaid, /^(flowchart|graph)/m);
      // The diagram is read from the template: every resource is a node.
      const ids = new Set(t.nodes.map((n) => n.id));
      for (const id of Object.keys(g.template.Resources)) assert.ok(ids.has(id), id);

      // The architecture view folds plumbing into boxes: every logical id is a box or in
      // exactly one box's members.
      const a = core.architecture(config);
      assert.equal(a.view, "architecture");
      assert.equal(t.view, "all");
      assert.ok(a.nodes.length < t.nodes.length, `${a.nodes.length} boxes`);
      assert.ok(a.svg.includes('class="fs-legend"'));
      const drawn = a.nodes.flatMap((n) => [n.id, ...n.members]);
      assert.equal(new Set(drawn).size, drawn.length, "a logical id in two boxes");
      for (const id of [...Object.keys(g.template.Resources), ...Object.keys(g.template.Parameters ?? {})]) {
        assert.ok(drawn.includes(id), id);
      }
    });
  }
});

describe("service kinds", () => {
  const count = (template, type) => Object.values(template.Resources).filter((r) => r.Type === type).length;

  test("worker-and-jobs: a service per kind but the job, its queues, its schedule, one namespace", () => {
    const config = core.preset("worker-and-jobs");
    assert.deepEqual(config.services.map((s) => s.kind ?? "web"), ["web", "backend", "worker", "job"]);
    const g = core.generate(config);
    const t = g.template;
    assert.equal(count(t, "AWS::ECS::Service"), 3, "no ECS service for the job");
    assert.equal(count(t, "AWS::ECS::TaskDefinition"), 4);
    assert.equal(count(t, "AWS::ElasticLoadBalancingV2::TargetGroup"), 1, "only the web service is behind the load balancer");
    assert.equal(count(t, "AWS::SQS::Queue"), 3, "the worker's queue and dead-letter queue, the schedule's dead-letter queue");
    assert.equal(count(t, "AWS::Scheduler::Schedule"), 1);
    assert.equal(count(t, "AWS::ServiceDiscovery::HttpNamespace"), 1);
    assert.deepEqual(t.Resources.ApiTaskDefinition.Properties.ContainerDefinitions.map((c) => c.Name), ["api", "otel"]);
    for (const key of ["MailerQueueUrl", "MailerDeadLetterQueueUrl", "NightlyReportScheduleName"]) {
      assert.ok(g.outputs.includes(key), key);
    }
    assert.ok(!g.outputs.includes("NightlyReportServiceName"), "a job has no service name");
    // over CloudFormation's 51,200-byte TemplateBody limit: the command uploads it through S3
    assert.ok(g.bytes > 51200, `${g.bytes}`);
    assert.match(g.deployCommand, / --s3-bucket YOUR_ARTIFACT_BUCKET /);
  });

  test("the kinds' errors come back as data, each with its path", () => {
    const config = {
      name: "shop",
      services: [
        { name: "api", image: "nginx:1.27", calls: ["nightly"], queue: {} },
        { name: "nightly", kind: "job", schedule: "rate(1 hours)", scheduleTimezone: "Mars/Olympus" },
        { name: "mailer", kind: "worker", autoScaling: { minCount: 0, maxCount: 4, cpuTarget: 70 } },
      ],
    };
    const errors = core.validate(config);
    assert.deepEqual(errors.map((e) => e.path), [
      "services[0].queue", "services[0].calls[0]", "services[1].schedule", "services[1].scheduleTimezone",
      "services[2].autoScaling.cpuTarget",
    ]);
    assert.match(errors[1].message, /^`nightly` is a job/);
    assert.match(errors[2].message, /^`rate\(1 hours\)`: write 1 hour/);
    assert.deepEqual(core.validate({ services: [{ kind: "daemon" }] }).map((e) => e.path), ["services[0].kind"]);
  });
});

describe("errors", () => {
  test("validate() returns every problem as { path, message }", () => {
    const errors = core.validate(bad);
    assert.ok(Array.isArray(errors));
    assert.deepEqual(errors.map((e) => e.path), ["name", "services[0].memory"]);
    for (const e of errors) {
      assert.deepEqual(Object.keys(e), ["path", "message"]);
      assert.ok(e.message.length > 0);
    }
    assert.match(errors[1].message, /1024 is not valid with cpu 2048/);
  });

  test("a wrong type or an unknown key is reported the same way, with its path", () => {
    const cases = [
      [{ services: [{ cpu: "lots" }] }, "services[0].cpu"],
      [{ services: [{}, { memory: 1.5 }] }, "services[1].memory"],
      [{ nmae: "typo" }, "nmae"],
      [{ network: { natGateways: "per-az" } }, "network.natGateways"],
      [{ tags: { team: 7 } }, "tags.team"],
    ];
    for (const [config, path] of cases) {
      const errors = core.validate(config);
      assert.equal(errors.length, 1, JSON.stringify(config));
      assert.equal(errors[0].path, path, JSON.stringify(config));
      assert.doesNotMatch(errors[0].message, /^Error: /);
    }
  });

  test("generate() throws an Error whose errors property is validate()'s array", () => {
    for (const config of [bad, { services: [{ cpu: "lots" }] }]) {
      const expected = core.validate(config);
      assert.throws(
        () => core.generate(config),
        (err) => {
          assert.ok(err instanceof Error);
          assert.deepEqual(err.errors, expected);
          assert.equal(err.message, expected.map((e) => `${e.path || "(config)"}: ${e.message}`).join("\n"));
          return true;
        },
      );
      assert.throws(() => core.topology(config), (err) => err instanceof Error && Array.isArray(err.errors));
    }
  });

  test("values that are not configs are errors, never crashes", () => {
    const values = [undefined, null, 42, "seed", true, [], [1, 2], () => 1, Symbol("x"), 10n, NaN,
      { services: "web" }, { services: [null] }, { services: [{ cpu: Infinity }] }, { services: [{ cpu: -256 }] },
      { network: { azCount: 2 ** 40 } }, { name: "x".repeat(100000) }, Object.create(null)];
    for (const value of values) {
      const label = describeValue(value);
      const errors = core.validate(value);
      assert.ok(Array.isArray(errors), label);
      if (errors.length === 0) {
        // Only what reads as an empty config (all defaults) gets here.
        assert.equal(core.generate(value).json, core.generate({}).json, label);
        continue;
      }
      for (const e of errors) assert.equal(typeof e.path, "string", label);
      assert.throws(() => core.generate(value), (err) => err instanceof Error && Array.isArray(err.errors), label);
      assert.throws(() => core.topology(value), (err) => err instanceof Error && Array.isArray(err.errors), label);
    }
    // The module still works afterwards (no poisoned state after errors).
    assert.equal(core.generate(core.preset("seed")).resourceCount > 0, true);
  });

  test("a JS Map is accepted where the config has a map", () => {
    const config = { ...core.preset("minimal"), tags: new Map([["team", "data"]]) };
    assert.match(core.generate(config).json, /"team"/);
  });
});

describe("web build", () => {
  test("the browser/bundler build works once initialised with the wasm bytes", async () => {
    const web = await import(join(NPM_DIR, "pkg/web/fargate_stack.js"));
    web.initSync({ module: readFileSync(join(NPM_DIR, "pkg/web/fargate_stack_bg.wasm")) });
    for (const name of PRESETS) {
      assert.equal(web.generate(web.preset(name)).json, core.generate(core.preset(name)).json, name);
    }
    assert.deepEqual(web.validate(bad), core.validate(bad));
  });
});

describe("estimate", () => {
  const cents = (x) => Math.round(x * 100);

  test("every preset: lines in template order add up to the totals, to the cent", () => {
    for (const name of PRESETS) {
      const config = core.preset(name);
      const e = core.estimate(config, { region: "us-east-1" });
      assert.deepEqual(Object.keys(e), [
        "region", "priceDate", "currency", "hoursPerMonth", "lines", "fixedMonthly", "usageMonthly", "totalMonthly",
        "assumptions", "savings", "unpriced",
      ], name);
      assert.deepEqual(JSON.parse(JSON.stringify(e)), e, `${name}: JSON-compatible (savings' values are plain objects)`);
      assert.equal(e.region, "us-east-1");
      assert.equal(e.currency, "USD");
      assert.equal(e.hoursPerMonth, 730);
      assert.match(e.priceDate, /^\d{4}-\d{2}-\d{2}$/);
      const ids = Object.keys(core.generate(config).template.Resources);
      for (const l of e.lines) {
        assert.ok(ids.includes(l.logicalId), `${name}: ${l.logicalId} is a resource of the template`);
        assert.ok(["fixed", "usage"].includes(l.charge), `${name}: ${l.charge}`);
        assert.ok(l.monthly >= 0 && l.quantity >= 0 && l.unitPrice >= 0, `${name}: ${l.logicalId} ${l.item}`);
      }
      const sum = (charge) => e.lines.filter((l) => l.charge === charge).reduce((s, l) => s + cents(l.monthly), 0);
      assert.equal(cents(e.fixedMonthly), sum("fixed"), `${name}: fixed`);
      assert.equal(cents(e.usageMonthly), sum("usage"), `${name}: usage`);
      assert.equal(cents(e.totalMonthly), cents(e.fixedMonthly) + cents(e.usageMonthly), `${name}: total`);
      for (const s of e.savings) assert.ok(s.monthly > 0 && s.path.length > 0, `${name}: ${s.title}`);
    }
  });

  test("the seed costs $175.73 a month in us-east-1; its assumptions are the defaults", () => {
    const e = core.estimate(core.preset("seed"), { region: "us-east-1" });
    assert.equal(e.totalMonthly, 175.73);
    assert.ok(e.assumptions.some((a) => a.key === "requestsPerMonth" && a.default));
    const nat = e.savings.find((s) => s.path === "network.natGateways");
    assert.equal(nat.value, "single");
    // A saving's patch applies to the config and costs that much less (lines are rounded to the
    // cent one by one, so the totals may differ from the saving by a cent).
    const patched = { ...core.preset("seed"), network: { ...core.preset("seed").network, natGateways: "single" } };
    const saved = cents(e.totalMonthly) - cents(core.estimate(patched, {}).totalMonthly);
    assert.ok(Math.abs(saved - cents(nat.monthly)) <= 1, `saved ${saved} cents, announced ${cents(nat.monthly)}`);
  });

  test("usage is an input: more requests never cost less, and the caller's value is not a default", () => {
    const config = core.preset("seed");
    const low = core.estimate(config, { usage: { requestsPerMonth: 1000 } });
    const high = core.estimate(config, { usage: { requestsPerMonth: 500_000_000 } });
    assert.ok(high.totalMonthly > low.totalMonthly);
    assert.equal(high.fixedMonthly, low.fixedMonthly);
    const a = high.assumptions.find((x) => x.key === "requestsPerMonth");
    assert.equal(a.default, false);
  });

  const throwsWith = (call, paths) =>
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error);
      assert.deepEqual(err.errors.map((e) => e.path), paths);
      assert.equal(err.message, err.errors.map((e) => `${e.path || "(config)"}: ${e.message}`).join("\n"));
      return true;
    });

  test("an unknown region and negative requests throw a FargateStackError with their paths", () => {
    const config = core.preset("seed");
    throwsWith(() => core.estimate(config, { region: "mars-1" }), ["region"]);
    throwsWith(() => core.estimate(config, { usage: { requestsPerMonth: -1 } }), ["usage.requestsPerMonth"]);
    throwsWith(
      () => core.estimate(config, { region: "mars-1", usage: { requestsPerMonth: -1 } }),
      ["usage.requestsPerMonth", "region"],
    );
    assert.throws(() => core.estimate(config, { region: "mars-1" }), /^Error: region: `mars-1` has no prices here; use one of us-east-1, /);
    throwsWith(() => core.estimate(config, { usage: { requestsPerMonth: 1e13 } }), ["usage.requestsPerMonth"]);
    // Infinity and NaN have no JSON form: refused too (today without the field's path).
    for (const value of [Infinity, NaN]) {
      assert.throws(() => core.estimate(config, { usage: { requestsPerMonth: value } }),
        (err) => err instanceof Error && err.errors.length === 1, String(value));
    }
    throwsWith(() => core.estimate(config, { usage: { natGibPerMonth: -5 } }), ["usage.natGibPerMonth"]);
  });

  test("a bad config throws its validation errors, with the input's", () => {
    throwsWith(() => core.estimate(bad, {}), core.validate(bad).map((e) => e.path));
    throwsWith(() => core.estimate(bad, { region: "mars-1" }), ["region", ...core.validate(bad).map((e) => e.path)]);
  });

  test("input that is not a CostInput is an error, never a crash", () => {
    for (const input of [undefined, null, 42, "us-east-1", { usage: { requestsPerMonth: "many" } }, { regoin: "us-east-1" }]) {
      assert.throws(() => core.estimate(core.preset("seed"), input), (err) => err instanceof Error && Array.isArray(err.errors),
        describeValue(input));
    }
    assert.equal(core.estimate(core.preset("seed"), {}).totalMonthly, 175.73, "still works afterwards");
  });
});

describe("changes", () => {
  const withDb = core.preset("with-database");
  const before = core.generate(withDb).json;
  const edit = (change) => {
    const c = structuredClone(withDb);
    change(c);
    return c;
  };

  test("the same config: nothing changes", () => {
    const c = core.changes(before, withDb);
    assert.deepEqual(c, {
      resources: [], parameters: [], outputs: [],
      summary: { add: 0, remove: 0, update: 0, replace: 0, dataLoss: false, willFail: false },
    });
  });

  test("network.vpcCidr: Vpc replaced for its CidrBlock, its dependents replaced or updated with `refers to` causes", () => {
    const c = core.changes(before, edit((x) => { x.network.vpcCidr = "10.20.0.0/16"; }));
    assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
    const vpc = c.resources.find((r) => r.logicalId === "Vpc");
    assert.deepEqual(vpc, {
      logicalId: "Vpc", resourceType: "AWS::EC2::VPC", action: "replace",
      causes: [{ path: "Properties.CidrBlock", replacement: true, reason: "changed" }],
    });
    const byId = Object.fromEntries(c.resources.map((r) => [r.logicalId, r]));
    assert.equal(byId.InternetGatewayAttachment.action, "replace");
    assert.deepEqual(byId.InternetGatewayAttachment.causes,
      [{ path: "Properties.VpcId", replacement: true, reason: "refers to Vpc (replaced)" }]);
    assert.equal(byId.Database.action, "update", "the database keeps its data: only its security group changes");
    assert.equal(byId.Database.dataLoss, undefined);
    assert.equal(c.summary.replace, c.resources.filter((r) => r.action === "replace").length);
    assert.equal(c.summary.update, c.resources.filter((r) => r.action === "update").length);
    assert.equal(c.summary.dataLoss, false);
  });

  test("database.databaseName: the database is replaced and its data is lost", () => {
    const c = core.changes(before, edit((x) => { x.database.databaseName = "shop"; }));
    const db = c.resources.find((r) => r.logicalId === "Database");
    assert.equal(db.action, "replace");
    assert.ok(db.causes.some((k) => k.path === "Properties.DBName" && k.replacement));
    assert.match(db.dataLoss, /^the database is replaced by a new, empty instance/);
    assert.equal(c.summary.dataLoss, true);
  });

  test("a renamed service: its resources removed and added, never updated", () => {
    const c = core.changes(before, edit((x) => { x.services[0].name = "backend"; }));
    const removed = c.resources.filter((r) => r.action === "remove").map((r) => r.logicalId);
    const added = c.resources.filter((r) => r.action === "add").map((r) => r.logicalId);
    assert.ok(removed.includes("ApiService") && added.includes("BackendService"), `${removed} / ${added}`);
    assert.equal(removed.length, added.length);
    assert.ok(c.outputs.some((o) => o.action === "remove"));
  });

  test("a `before` that is not a template throws with the path `before`, line and column", () => {
    const cases = [
      ['{\n  "Resources": {\n    "Vpc": {,\n', /\(line 3, column 13\)$/],
      ["", /\(line 1, column 0\)$/],
      ["[]", /not a template: the document is not an object/],
      ['{ "Resources": [] }', /not a template: Resources is not an object/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => core.changes(text, withDb), (err) => {
        assert.ok(err instanceof Error, text);
        assert.equal(err.errors.length, 1, text);
        assert.equal(err.errors[0].path, "before", text);
        assert.match(err.errors[0].message, message, text);
        return true;
      });
    }
  });

  test("a bad config throws its validation errors", () => {
    assert.throws(() => core.changes(before, bad), (err) => assert.deepEqual(err.errors, core.validate(bad)) === undefined);
  });

  test("any template can be `before`: a template of another preset, or one with no Resources", () => {
    const other = core.changes(core.generate(core.preset("minimal")).json, withDb);
    assert.ok(other.summary.add > 0 && other.summary.remove > 0);
    const empty = core.changes("{}", withDb);
    assert.equal(empty.summary.add, Object.keys(core.generate(withDb).template.Resources).length);
  });
});

describe("TypeScript declarations of estimate and changes", () => {
  for (const build of ["node", "web"]) {
    test(`pkg/${build}/fargate_stack.d.ts`, () => {
      const dts = readFileSync(join(NPM_DIR, `pkg/${build}/fargate_stack.d.ts`), "utf8");
      for (const name of ["Estimate", "CostInput", "Usage", "Line", "Saving", "Assumption", "Unpriced", "Changes",
        "ResourceChange", "Cause", "EntryChange", "Summary"]) {
        assert.match(dts, new RegExp(`^export interface ${name} \\{`, "m"), name);
      }
      assert.match(dts, /^export type Action = "add" \| "remove" \| "update" \| "replace";$/m);
      assert.match(dts, /^export type Charge = "fixed" \| "usage";$/m);
      assert.match(dts, /^export function estimate\(config: Config, input: CostInput\): Estimate;$/m);
      assert.match(dts, /^export function changes\(before: string, config: Config\): Changes;$/m);
    });
  }
});
