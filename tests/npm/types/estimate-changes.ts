// Type test of `estimate` and `changes` (compiled with `tsc --strict` against the installed
// package, like example.ts): typed use compiles; each `@ts-expect-error` line must be rejected.
import { changes, estimate, generate, preset } from "fargate-stack";
import type {
  Action,
  Cause,
  Changes,
  Charge,
  Config,
  CostInput,
  Estimate,
  FargateStackError,
  Line,
  ResourceChange,
  Saving,
  Summary,
  Usage,
} from "fargate-stack";

const config: Config = preset("seed") ?? { name: "flask-api" };

// estimate(config, { region, usage }): every input field is optional.
const usage: Usage = { requestsPerMonth: 20_000_000, natGibPerMonth: 100 };
const input: CostInput = { region: "eu-west-1", usage };
const e: Estimate = estimate(config, input);
const byDefault: Estimate = estimate(config, {});
const total: number = e.totalMonthly + e.fixedMonthly + e.usageMonthly + byDefault.hoursPerMonth;
const region: string = e.region;
const firstLine: Line | undefined = e.lines[0];
const charge: Charge | undefined = firstLine?.charge;
const perService: Record<string, number> = {};
for (const l of e.lines) perService[l.service] = (perService[l.service] ?? 0) + l.monthly;
const saving: Saving | undefined = e.savings[0];
const patchValue: unknown = saving?.value;
const savingPath: string | undefined = saving?.path;
const assumed: string[] = e.assumptions.filter((a) => a.default).map((a) => `${a.key}: ${a.value}`);
const unpriced: string[] = e.unpriced.map((u) => `${u.logicalId}: ${u.item}`);

// changes(beforeJson, config): the deployed template's JSON text and the new config.
const before: string = generate(config).json;
const c: Changes = changes(before, { ...config, network: { vpcCidr: "10.20.0.0/16" } });
const summary: Summary = c.summary;
const verdict: string = `${summary.add} ${summary.update} ${summary.replace} ${summary.remove} ${summary.dataLoss} ${summary.willFail}`;
const replaced: ResourceChange[] = c.resources.filter((r) => r.action === "replace");
const action: Action | undefined = c.resources[0]?.action;
const causes: Cause[] = replaced.flatMap((r) => r.causes);
const forced: string[] = causes.filter((k) => k.replacement).map((k) => `${k.path}: ${k.reason}`);
const lost: (string | undefined)[] = c.resources.map((r) => r.dataLoss);
const refusal: string | undefined = c.resources[0]?.willFail;
const params: string[] = c.parameters.map((p) => `${p.action} ${p.name} ${p.detail}`);
const outs: string[] = c.outputs.map((o) => o.name);

try {
  changes("{", config);
} catch (err) {
  const problems: string[] = (err as FargateStackError).errors.map((x) => `${x.path}: ${x.message}`);
  console.log(problems);
}

// @ts-expect-error: the input is required (`{}` takes every default)
const noInput = estimate(config);
// @ts-expect-error: a usage key spelled wrong
const typoUsage: CostInput = { usage: { requestPerMonth: 1 } };
// @ts-expect-error: requests are a number
const textRequests: Usage = { requestsPerMonth: "lots" };
// @ts-expect-error: the region is a string
const numericRegion: CostInput = { region: 1 };
// @ts-expect-error: not an action
const badAction: Action = "delete";
// @ts-expect-error: not a charge
const badCharge: Charge = "monthly";
// @ts-expect-error: `before` is the template's JSON text, not the object
const objectBefore = changes(generate(config).template, config);
// @ts-expect-error: the estimate has no such field
const nope = e.total;
// @ts-expect-error: dataLoss is a string or undefined, not a boolean
const lossFlag: boolean = c.resources[0].dataLoss;

console.log(total, region, charge, perService, patchValue, savingPath, assumed, unpriced);
console.log(verdict, action, forced, lost, refusal, params, outs);
console.log(noInput, typoUsage, textRequests, numericRegion, badAction, badCharge, objectBefore, nope, lossFlag);
