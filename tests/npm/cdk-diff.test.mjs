// Cross-check of changes() with the AWS CDK's template diff, @aws-cdk/cloudformation-diff
// (pinned in tests/package.json, installed by make under $(TOOLS)/node; it reads AWS's resource
// specification from @aws-cdk/aws-service-spec, bundled, so it runs offline).
//
// For every preset and a list of single-field edits, `fullDiff(before, after)` and our
// `changes(beforeJson, config)` must agree on what is replaced:
// - every resource the CDK marks WILL_REPLACE we mark `replace`;
// - every replacement of ours the CDK does not make has a cause the CDK cannot see: a
//   propagated one (reason "refers to ...": a reference to a replaced resource in a create-only
//   property; the CDK propagates too, but only where its specification says the property
//   replaces), or a create-only property the CDK's specification does not mark as replacing;
// - both add and remove the same logical ids (WILL_CREATE, WILL_DESTROY / WILL_ORPHAN).
// Every other difference (a CDK MAY_REPLACE, an update one side misses) is listed. Then every
// top-level property our templates set is changed alone, to compare the two specifications
// property by property. A summary per edit and the tables of differences go to stdout.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, describe, test } from "node:test";

import { core, NODE_TOOLS, PRESETS } from "./helpers.mjs";

const MODULES = join(NODE_TOOLS, "node_modules");
const CDK_DIR = join(MODULES, "@aws-cdk/cloudformation-diff");
const SPEC_DIR = join(MODULES, "@aws-cdk/aws-service-spec");
const missing = !existsSync(CDK_DIR) && `no @aws-cdk/cloudformation-diff in ${MODULES} (make node-tools)`;

const require = createRequire(import.meta.url);
const cdk = missing ? null : require(CDK_DIR);
const version = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

// The specification fullDiff reads (its own copy, loaded once for the checks below).
let specDb;
function cdkSpec(type) {
  specDb ??= require(SPEC_DIR).loadAwsServiceSpecSync();
  return specDb.lookup("resource", "cloudFormationType", "equals", type)[0];
}

/** Whether the CDK's specification says changing this top-level property replaces the resource. */
function cdkReplaces(type, property) {
  return cdkSpec(type)?.properties?.[property]?.causesReplacement === "yes";
}

const first = (c) => c.services[0];
const last = (c) => c.services.at(-1);
// [label, edit]: an edit returns false when it does not apply to the preset.
const EDITS = [
  ["network.vpcCidr", (c) => {
    if (c.network.mode === "existing") return false;
    c.network.vpcCidr = c.network.vpcCidr === "10.20.0.0/16" ? "10.0.0.0/16" : "10.20.0.0/16";
  }],
  ["network.azCount 2->3", (c) => {
    if (c.network.azCount !== 2 || c.network.mode === "existing") return false;
    c.network.azCount = 3;
  }],
  ["network.natGateways perAz->single", (c) => {
    if (c.network.natGateways !== "perAz" || c.network.mode === "existing") return false;
    c.network.natGateways = "single";
  }],
  ["loadBalancer.httpPort", (c) => { c.loadBalancer.httpPort = 8080; }],
  ["services[0].containerPort", (c) => { first(c).containerPort = (first(c).containerPort ?? 80) + 1; }],
  ["services[0].cpu/memory", (c) => {
    const s = first(c);
    [s.cpu, s.memory] = s.cpu === 512 ? [1024, 2048] : [512, 1024];
  }],
  ["database.engineVersion", (c) => {
    if (c.database == null) return false;
    c.database.engineVersion = c.database.engineVersion === "18.4" ? "17.9" : "18.4";
  }],
  ["database.databaseName", (c) => {
    if (c.database == null) return false;
    c.database.databaseName = `${c.database.databaseName}2`;
  }],
  ["services[0].name", (c) => { first(c).name = `${first(c).name}2`; }],
  // The last service is the one others call (microservices, worker-and-jobs): its callers change.
  ["services[-1].name", (c) => {
    if (c.services.length < 2) return false;
    const old = last(c).name;
    last(c).name = `${old}2`;
    for (const s of c.services) s.calls &&= s.calls.map((n) => (n === old ? `${old}2` : n));
  }],
  // Beyond the list: where the two specifications are known to part (see KNOWN).
  ["services[0].spot on", (c) => {
    if (first(c).spot != null || first(c).kind === "job") return false;
    first(c).spot = { onDemandBase: 1, onDemandWeight: 0, spotWeight: 1 };
  }],
  ["database.multiAz", (c) => {
    if (c.database == null) return false;
    c.database.multiAz = !c.database.multiAz;
  }],
];

// Reviewed disagreements of the two specifications, `Type.Property`: a CDK WILL_REPLACE that
// comes only from these properties is allowed (and still printed). The CDK's specification keeps
// the old CloudFormation resource specification's "LaunchType: Update requires: Replacement";
// AWS's provider schema for AWS::ECS::Service, which tests/schemas checks our create-only table
// against, no longer lists LaunchType as create-only, so CloudFormation calls UpdateService (from
// a launch type to a capacity provider strategy, with a new deployment) instead of replacing.
// Likewise EIP's Domain (our templates always set `vpc`; only a hand-edited `before` differs).
const KNOWN = new Map([
  ["AWS::ECS::Service.LaunchType", "create-only in the CDK's spec, not in AWS's provider schema"],
  ["AWS::EC2::EIP.Domain", "create-only in the CDK's spec, not in AWS's provider schema"],
]);

const IMPACT = {
  WILL_REPLACE: "replace", MAY_REPLACE: "may replace", WILL_UPDATE: "update", WILL_CREATE: "add",
  WILL_DESTROY: "remove", WILL_ORPHAN: "remove", NO_CHANGE: "-", WILL_IMPORT: "import",
};

const knownSeen = new Set();
const summary = []; // [preset, edit, cdk replaced, ours replaced, ours-only propagated updates, differences]
const differences = []; // [preset, edit, resource, cdk impact, ours, cause]
const skipped = [];

/** A cause in a line: the replacing ones first, else all. */
function causeText(r) {
  if (!r) return "";
  const forcing = r.causes.filter((k) => k.replacement);
  return (forcing.length > 0 ? forcing : r.causes).map((k) => `${k.path}: ${k.reason}`).join("; ");
}

function cdkProps(change) {
  return Object.entries(change.propertyUpdates)
    .filter(([, p]) => p.changeImpact && p.changeImpact !== "NO_CHANGE")
    .map(([name, p]) => `${name} ${p.changeImpact}`)
    .join(", ");
}

/**
 * The CDK's diff against our preview of the same change: the rows where they differ
 * ([resource, cdk impact, ours, cause]), the rule violations, and how many in-place updates
 * for a reference to a replaced resource we list that the CDK does not.
 */
function compare(theirs, ours) {
  const oursById = new Map(ours.resources.map((r) => [r.logicalId, r]));
  const cdkById = new Map();
  theirs.resources.forEachDifference((id, change) => cdkById.set(id, change));
  const rows = [];
  const failures = [];
  const known = new Set();
  let propagatedUpdates = 0;
  for (const id of new Set([...cdkById.keys(), ...oursById.keys()])) {
    const o = oursById.get(id);
    const k = cdkById.get(id);
    const impact = k?.changeImpact ?? "NO_CHANGE";
    const theirAction = IMPACT[impact] ?? impact;
    const ourAction = o?.action ?? "-";
    if (theirAction === ourAction) continue;
    // The CDK lists only resources whose text changed (and replacements it propagated); an
    // in-place update for a new value of a reference is ours alone, by design.
    if (ourAction === "update" && theirAction === "-" && o.causes.every((c) => c.reason.startsWith("refers to "))) {
      propagatedUpdates++;
      continue;
    }
    const type = o?.resourceType ?? k?.newResourceType ?? k?.oldResourceType;
    let cause = causeText(o);
    if (k && Object.keys(k.propertyUpdates).length > 0) cause += `${cause ? " | " : ""}cdk: ${cdkProps(k)}`;

    if (impact === "WILL_REPLACE" && ourAction !== "replace") {
      const why = Object.entries(k.propertyUpdates)
        .filter(([, p]) => p.changeImpact === "WILL_REPLACE")
        .map(([property]) => `${type}.${property}`);
      if (why.length > 0 && why.every((w) => KNOWN.has(w))) {
        cause += ` | known: ${[...new Set(why.map((w) => KNOWN.get(w)))].join("; ")}`;
        for (const w of why) known.add(w);
      } else {
        failures.push(`${id}: the CDK replaces it, we say ${ourAction}`);
      }
    }
    if (ourAction === "replace" && impact !== "WILL_REPLACE") {
      const explained = o.causes.some((c) => c.replacement && (c.reason.startsWith("refers to ")
        || (c.path.startsWith("Properties.") && !cdkReplaces(type, c.path.split(".")[1]))));
      if (!explained) failures.push(`${id}: we replace it (${causeText(o)}), the CDK says ${impact}, for no cause it cannot see`);
    }
    if (["add", "remove"].includes(ourAction) || ["add", "remove"].includes(theirAction)) {
      failures.push(`${id}: the CDK says ${impact}, we say ${ourAction}`);
    }
    rows.push([`${id} (${type})`, impact, ourAction, cause]);
  }
  const count = (m, test) => [...m.values()].filter(test).length;
  return {
    rows, failures, known, propagatedUpdates,
    cdkReplaced: count(cdkById, (c) => c.changeImpact === "WILL_REPLACE"),
    oursReplaced: count(oursById, (r) => r.action === "replace"),
  };
}

describe("changes() against @aws-cdk/cloudformation-diff", { skip: missing }, () => {
  for (const name of PRESETS) {
    for (const [label, edit] of EDITS) {
      const config = structuredClone(core.preset(name));
      if (edit(config) === false) {
        skipped.push(`${name}: ${label}`);
        continue;
      }
      test(`${name}: ${label}`, () => {
        assert.deepEqual(core.validate(config), [], "the edited config is valid");
        const beforeJson = core.generate(core.preset(name)).json;
        const ours = core.changes(beforeJson, config);
        assert.ok(ours.resources.length > 0, "the edit changes the template");
        const c = compare(cdk.fullDiff(JSON.parse(beforeJson), core.generate(config).template), ours);
        for (const row of c.rows) differences.push([name, label, ...row]);
        for (const k of c.known) knownSeen.add(k);
        summary.push([name, label, ...[c.cdkReplaced, c.oursReplaced, c.propagatedUpdates, c.rows.length].map(String)]);
        assert.deepEqual(c.failures, []);
      });
    }
  }
});

describe("the comparison catches a wrong preview (positive controls)", { skip: missing }, () => {
  const config = structuredClone(core.preset("with-database"));
  config.network.vpcCidr = "10.20.0.0/16";
  const beforeJson = core.generate(core.preset("with-database")).json;
  const theirs = () => cdk.fullDiff(JSON.parse(beforeJson), core.generate(config).template);
  const ours = () => core.changes(beforeJson, config);

  test("a replacement we miss", () => {
    const wrong = ours();
    wrong.resources.find((r) => r.logicalId === "Vpc").action = "update";
    assert.deepEqual(compare(theirs(), wrong).failures, ["Vpc: the CDK replaces it, we say update"]);
  });

  test("a replacement of ours with no cause the CDK cannot see", () => {
    const wrong = ours();
    const listener = wrong.resources.find((r) => r.logicalId === "HttpListener");
    listener.action = "replace";
    listener.causes = [{ path: "Properties.LoadBalancerArn", replacement: true, reason: "changed" }];
    assert.match(compare(theirs(), wrong).failures.join(), /^HttpListener: we replace it/);
    // The same with a property the CDK's spec does not replace for: allowed, listed.
    listener.causes = [{ path: "Properties.Port", replacement: true, reason: "changed" }];
    const c = compare(theirs(), wrong);
    assert.deepEqual(c.failures, []);
    assert.deepEqual(c.rows.map((r) => r[0]), ["HttpListener (AWS::ElasticLoadBalancingV2::Listener)"]);
  });

  test("an add or remove we miss", () => {
    const wrong = ours();
    wrong.resources.push({ logicalId: "Extra", resourceType: "AWS::SQS::Queue", action: "add", causes: [] });
    assert.deepEqual(compare(theirs(), wrong).failures, ["Extra: the CDK says NO_CHANGE, we say add"]);
  });
});

// Every top-level property our templates set, once per type: a `before` that differs only there.
// Here the CDK's specification and our create-only table answer alone, without the edits'
// propagation: a CDK WILL_REPLACE must be a replacement of ours (or KNOWN); a replacement of
// ours the CDK does not make is a create-only property its specification does not know (listed).
const sweep = []; // [type.property, cdk impact, ours, note]
let swept = 0;
describe("every property our templates set, changed alone", { skip: missing }, () => {
  const done = new Set();
  for (const name of PRESETS) {
    test(name, () => {
      const config = core.preset(name);
      const template = core.generate(config).template;
      const failures = [];
      for (const [id, resource] of Object.entries(template.Resources)) {
        for (const property of Object.keys(resource.Properties ?? {})) {
          const key = `${resource.Type}.${property}`;
          if (done.has(key)) continue;
          done.add(key);
          swept++;
          const before = structuredClone(template);
          before.Resources[id].Properties[property] = { "Fn::Sub": "a value before" };
          const ours = core.changes(JSON.stringify(before), config).resources.find((r) => r.logicalId === id);
          const cause = ours?.causes.find((c) => c.path === `Properties.${property}`);
          assert.ok(cause, `${id}: we see the change of ${property}`);
          const theirs = cdk.fullDiff({ Resources: { [id]: before.Resources[id] } }, { Resources: { [id]: resource } });
          const impact = theirs.resources.get(id).propertyUpdates[property]?.changeImpact ?? "NO_CHANGE";
          const cdkReplace = impact === "WILL_REPLACE";
          if (cdkReplace === cause.replacement) continue;
          let note = cause.replacement ? "create-only the CDK's spec does not know" : "";
          if (cdkReplace) {
            if (KNOWN.has(key)) {
              note = `known: ${KNOWN.get(key)}`;
              knownSeen.add(key);
            } else {
              failures.push(`${key}: the CDK replaces, we update`);
            }
          }
          sweep.push([key, impact, cause.replacement ? "replace" : "update", note]);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe("the reviewed disagreements are current", { skip: missing }, () => {
  for (const [key] of KNOWN) {
    test(key, () => {
      const [type, property] = key.split(/\.(?=[^.]+$)/);
      assert.ok(cdkReplaces(type, property), `the CDK's specification no longer replaces for ${key}: drop it from KNOWN`);
      // Ours: a `before` that differs only in that property is an update.
      const name = PRESETS.find((p) => Object.values(core.generate(core.preset(p)).template.Resources)
        .some((r) => r.Type === type && r.Properties?.[property] !== undefined));
      const before = core.generate(core.preset(name)).template;
      const [id, resource] = Object.entries(before.Resources).find(([, r]) => r.Type === type && r.Properties?.[property] !== undefined);
      resource.Properties[property] = `${resource.Properties[property]}-before`;
      const c = core.changes(JSON.stringify(before), core.preset(name));
      assert.deepEqual(c.resources.map((r) => [r.logicalId, r.action, r.causes]), [
        [id, "update", [{ path: `Properties.${property}`, replacement: false, reason: "changed" }]],
      ]);
    });
  }
  test("each was met in the edits or the property sweep", () => {
    assert.deepEqual([...knownSeen].sort(), [...KNOWN.keys()].sort());
  });
});

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`.trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

after(() => {
  if (missing) return;
  const out = [
    "",
    `changes() against @aws-cdk/cloudformation-diff ${version(CDK_DIR)} (aws-service-spec ${version(SPEC_DIR)}): `
      + `${summary.length} preset edits`,
    "",
    table(["preset", "edit", "cdk replace", "ours replace", "ours-only updates (refers to)", "differences"], summary),
    "",
    differences.length === 0
      ? "Differences: none (the same resources replaced, added and removed, the same in-place updates of changed text)"
      : table(["preset", "edit", "resource", "cdk impact", "ours", "cause"], differences),
    "",
    `Not applicable: ${skipped.join("; ") || "none"}`,
    "",
    `Every property our templates set, changed alone: ${swept} (type, property) pairs, ${sweep.length} answered differently`,
    "",
    ...(sweep.length === 0 ? [] : [table(["type.property", "cdk impact", "ours", "note"], sweep), ""]),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
});
