// Type test of the published package, compiled with `tsc --strict` in a scratch project that
// installed the packed tarball. Typed use must compile; each `@ts-expect-error` line must be
// rejected (tsc fails if one of them is accepted).
import {
  architecture,
  defaults,
  generate,
  preset,
  presets,
  schema,
  topology,
  validate,
  version,
} from "fargate-stack";
import type {
  Config,
  FargateStackError,
  FieldError,
  GenerateResult,
  NatGateways,
  Queue,
  Service,
  ServiceKind,
  Sidecar,
  TopologyResult,
  View,
} from "fargate-stack";

const service: Service = {
  name: "flask",
  cpu: 1024,
  memory: 2048,
  containerPort: 8000,
  environment: { LOG_LEVEL: "info" },
  autoScaling: { minCount: 2, maxCount: 4, cpuTarget: 70, memoryTarget: null },
  cpuArchitecture: "arm64",
};
const nat: NatGateways = "single";
const config: Config = {
  name: "flask-api",
  tags: { team: "data" },
  network: { natGateways: nat, azCount: 2 },
  loadBalancer: { certificateArn: null },
  services: [service],
  database: null,
};

// Service kinds: a web API with a sidecar that calls a backend and a worker; a job on a schedule.
const otel: Sidecar = {
  name: "otel",
  image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1",
  essential: false,
  containerPort: 4317,
  cpu: 128,
  memory: 256,
  startBeforeMain: true,
};
const api: Service = { name: "api", kind: "web", calls: ["orders", "mailer"], sidecars: [otel] };
const orders: Service = { name: "orders", kind: "backend", containerPort: 8080 };
const queue: Queue = { visibilityTimeoutSeconds: 120, maxReceiveCount: 5, retentionDays: 4 };
const mailer: Service = {
  name: "mailer",
  kind: "worker",
  queue,
  autoScaling: { minCount: 0, maxCount: 5, messagesPerTask: 100 },
};
const nightly: Service = {
  name: "nightly-report",
  kind: "job",
  schedule: "cron(0 3 * * ? *)",
  scheduleTimezone: "Europe/Paris",
  calls: ["mailer"],
  egress: [{ cidr: "10.0.0.0/16", port: 5432, protocol: "tcp", description: "reporting database" }],
  taskPolicyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] }],
};
// Every optional field takes null for absent, as the reader does (and as the designer writes a
// cleared field).
const cleared: Config = {
  name: "cleared",
  network: { vpcId: null },
  loadBalancer: { waf: null, certificateArn: null },
  domain: null,
  alarms: null,
  services: [
    {
      name: "w",
      kind: "worker",
      image: null,
      queue: null,
      schedule: null,
      scheduleTimezone: null,
      sidecars: [{ name: "s", image: "x", containerPort: null, cpu: null, memory: null }],
      egress: [{ cidr: "10.0.0.0/16", port: null, fromPort: null, toPort: null }],
      autoScaling: { messagesPerTask: null },
    },
  ],
};
const clearedJson: string = generate({ ...cleared, services: [{ name: "web" }] }).json;
const kinds: ServiceKind[] = ["web", "backend", "worker", "job"];
const shop: Config = { name: "shop", services: [api, orders, mailer, nightly] };
const shopJson: string = generate(shop).json;
const firstKind: ServiceKind | undefined = preset("worker-and-jobs")?.services?.[0]?.kind;

const result: GenerateResult = generate(config);
const json: string = result.json;
const count: number = result.resourceCount + result.bytes;
const vpcType: string | undefined = result.template.Resources["Vpc"]?.Type;
const firstDefault: string | null = result.parameters[0]?.default ?? null;
const problems: FieldError[] = validate(config);
const paths: string[] = problems.map((e) => e.path);
const seed: Config | undefined = preset("seed");
const names: string[] = presets().map((p) => p.name);
const base: Config = defaults();
const drawing: TopologyResult = topology(seed ?? base);
const svg: string = drawing.svg;
const nodeIds: string[] = drawing.nodes.map((n) => n.id);
const boxes: TopologyResult = architecture(seed ?? base);
const folded: string[] = boxes.nodes.flatMap((n) => n.members);
const whichView: View = boxes.view;
const schemaObject: Record<string, unknown> = schema();
const v: string = version();

try {
  generate({ name: "Bad Name" });
} catch (e) {
  const err = e as FargateStackError;
  const messages: string[] = err.errors.map((x) => `${x.path}: ${x.message}`);
  console.log(err.message, messages);
}

// @ts-expect-error: unknown key (a typo)
const typo: Config = { nmae: "flask-api" };
// @ts-expect-error: an enum spelled wrong
const badNat: Config = { network: { natGateways: "per-az" } };
// @ts-expect-error: cpu is a number
const badCpu: Service = { cpu: "1024" };
// @ts-expect-error: services is a list
const badServices: Config = { services: service };
// @ts-expect-error: preset() may be undefined
const unchecked: Config = preset("seed");
// @ts-expect-error: the result has no such field
const nope = result.resources;
// @ts-expect-error: not a service kind
const daemon: Service = { name: "d", kind: "daemon" };
// @ts-expect-error: calls is a list of names
const oneCall: Service = { calls: "orders" };
// @ts-expect-error: a sidecar field spelled wrong
const badSidecar: Sidecar = { name: "otel", imagee: "x" };
// @ts-expect-error: the backlog target is a number
const badScaling: Service = { kind: "worker", autoScaling: { messagesPerTask: "100" } };

console.log(json, count, vpcType, firstDefault, paths, names, svg, nodeIds, schemaObject, v);
console.log(typo, badNat, badCpu, badServices, unchecked, nope);
console.log(kinds, shopJson, firstKind, daemon, oneCall, badSidecar, badScaling, cleared, clearedJson);
