// End-to-end tests of the designer: the release build in dist/, served by a tiny static server
// started here on a free 127.0.0.1 port, driven in Chromium through playwright-core.
//
//   make test-web            (builds dist/ first)
//   node --test tests/e2e/designer.test.mjs   (with dist/ built and .tools/node installed)
//
// Every wait is bounded; every request the browser makes is recorded and must stay on the
// server's origin. The templates the page offers are compared byte for byte with what the
// core's `generate` example prints for the same config. Timings are printed at the end.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startServer } from "./static-server.mjs";

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = process.env.ROOT ?? path.resolve(HERE, "../..");
const DIST = process.env.DIST ?? path.join(ROOT, "dist");
const NODE_MODULES = (process.env.NODE_PATH ?? path.join(ROOT, ".tools/node/node_modules")).split(":")[0];
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "tests/artifacts");
const PRESETS = [
  "seed",
  "minimal",
  "production",
  "microservices",
  "with-database",
  "private-api",
  "existing-vpc",
  "worker-and-jobs",
];
const WAIT = 15_000;

const { chromium } = createRequire(path.join(NODE_MODULES, "noop.js"))("playwright-core");

let server;
let origin;
let context;
let scratch;
let generateBin;
const requests = [];
const pageErrors = [];
const figures = {};

// ---------------------------------------------------------------- fixtures


before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "index.html")), `no ${DIST}/index.html: run make dist`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "designer-e2e-"));
  // The reference generator: the core's example, built once.
  execFileSync("cargo", ["build", "-q", "-p", "fargate-stack", "--example", "generate"], {
    cwd: ROOT,
    stdio: "inherit",
    timeout: 900_000,
    env: { ...process.env, CARGO_TARGET_DIR: TARGET },
  });
  generateBin = path.join(TARGET, "debug/examples/generate");
  server = await startServer(DIST);
  origin = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(path.join(scratch, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  context.setDefaultTimeout(WAIT);
  context.on("request", (r) => requests.push(r.url()));
  context.on("page", (p) => p.on("pageerror", (e) => pageErrors.push(String(e))));
  for (const p of context.pages()) p.on("pageerror", (e) => pageErrors.push(String(e)));
});

after(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  if (Object.keys(figures).length) {
    console.log(
      `designer figures: navigation-to-usable ${figures.usableMs?.toFixed(0)} ms; ` +
        `keystroke-to-updated-JSON-and-diagram median ${figures.median?.toFixed(1)} ms, p95 ${figures.p95?.toFixed(1)} ms ` +
        `(${figures.edits} edits; the first ten: median ${figures.firstTen?.toFixed(1)} ms; idle warm-up ended at ${figures.warmed} ms); wasm ${figures.wasmRaw} bytes raw, ${figures.wasmGzip} gzip`,
    );
  }
});

/** The core's template for a preset name or a config file, without the trailing newline. */
function core(args) {
  const out = execFileSync(generateBin, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  return out.endsWith("\n") ? out.slice(0, -1) : out;
}

function coreFor(config) {
  const file = path.join(scratch, `config-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  return (extra = []) => core([...extra, file]);
}

/** A new page on the designer; `clearStorage` forgets the work kept by earlier tests. */
async function openPage(hash = "", { clearStorage = true } = {}) {
  const page = await context.newPage();
  if (clearStorage) {
    await page.goto(`${origin}/static/icon.svg`);
    await page.evaluate(() => localStorage.clear());
  }
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('[data-path="name"]', { timeout: WAIT });
  return page;
}

const field = (page, p) => page.locator(`[data-path="${p}"]`);
const revision = async (page) => Number(await page.getAttribute("main.layout", "data-revision"));
const jsonText = (page) => page.locator("#json").textContent();

/** Waits until the views show a revision after `rev`. */
async function changed(page, rev) {
  await page.waitForFunction(
    (r) => {
      const main = Number(document.querySelector("main.layout")?.dataset.revision);
      return main > r && Number(document.querySelector("#json")?.dataset.revision) === main;
    },
    rev,
    { timeout: WAIT },
  );
}

/** Opens a service's collapsed group ("Health check", "Environment and secrets", ...). */
async function openGroup(page, service, title) {
  const group = page.locator(`[data-path="services[${service}]"] details`, { hasText: title });
  if ((await group.getAttribute("open")) === null) await group.locator("summary").click();
}

/** Chooses a preset, which loads it (unless the page already is that preset, unedited). */
async function loadPreset(page, name) {
  if ((await page.inputValue("#preset")) === name) return;
  await page.selectOption("#preset", name);
  await page.waitForFunction((n) => document.querySelector("#status")?.textContent === `Loaded ${n}.`, name, {
    timeout: WAIT,
  });
}

/** Waits until the fragment and storage hold the page's latest revision (written once typing pauses). */
async function waitSaved(page) {
  await page.waitForFunction(
    () => {
      const main = document.querySelector("main.layout");
      return main && main.dataset.savedRevision === main.dataset.revision;
    },
    null,
    { timeout: WAIT },
  );
}

/** The config the page keeps in storage, once the page has written its latest revision. */
async function currentConfig(page) {
  await waitSaved(page);
  return JSON.parse(await page.evaluate(() => localStorage.getItem("fargate-stack.config")));
}

async function capture(page, selector) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: WAIT }), page.click(selector)]);
  const file = path.join(scratch, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

// ---------------------------------------------------------------- tests

test("every preset loads, shows the core's exact template and a diagram", { timeout: 120_000 }, async () => {
  const page = await openPage();
  for (const name of PRESETS) {
    await loadPreset(page, name);
    assert.equal(await jsonText(page), core(["--preset", name]), `${name}: JSON view differs from the core`);
    assert.equal(await page.getAttribute("#problems", "data-count"), "0", name);
    assert.ok(await page.locator('#diagram [data-id="LoadBalancer"]').count(), `${name}: no LoadBalancer node`);
    assert.equal(await page.isEnabled("#download"), true, name);
  }
  await page.selectOption("#preset", "defaults");
  await page.waitForFunction(() => document.querySelector('[data-path="name"]')?.value === "my-app");
  await page.close();
});

test("the idle warm-up after the first paint ends, and changes nothing on the page", async () => {
  const page = await openPage();
  const svg = await page.locator("#diagram").innerHTML();
  await page.waitForFunction(() => Number(document.querySelector("main.layout")?.dataset.warmed) > 0, null, { timeout: WAIT });
  // The rehearsals renamed a copy of the state: the page still shows the first revision of the
  // seed, its exact template and the same diagram.
  assert.equal(await revision(page), 1, "the warm-up changed the config");
  assert.equal(await page.inputValue('[data-path="name"]'), "flask-api");
  assert.equal(await jsonText(page), core(["--preset", "seed"]));
  assert.equal(await page.locator("#diagram").innerHTML(), svg);
  assert.equal(await page.isDisabled("#undo"), true, "the warm-up left an undo step");
  await page.close();
});

test("changing a field changes the JSON and the diagram", async () => {
  const page = await openPage();
  const json = await jsonText(page);
  const svg = await page.locator("#diagram").innerHTML();
  // The architecture view draws subnets as bands (groups naming their resource).
  assert.equal(await page.locator('#diagram [data-resource="PublicSubnet3"]').count(), 0);
  const rev = await revision(page);
  await field(page, "network.azCount").fill("3");
  await changed(page, rev);
  const json2 = await jsonText(page);
  assert.notEqual(json2, json);
  assert.match(json2, /"PublicSubnet3"/);
  assert.notEqual(await page.locator("#diagram").innerHTML(), svg);
  await page.locator('#diagram [data-resource="PublicSubnet3"]').first().waitFor({ timeout: WAIT });
  await page.close();
});

test("an invalid value is shown at its field and blocks the download", async () => {
  const page = await openPage();
  await field(page, "name").fill("Bad Name");
  await field(page, "network.azCount").fill("9");
  await openGroup(page, 0, "Health check");
  await field(page, "services[0].healthCheck.timeoutSeconds").fill("");
  await page.locator(`[data-path="services[0]"] details summary`, { hasText: "Health check" }).click();
  const nameError = page.locator('[data-error-for="name"]');
  await nameError.waitFor({ timeout: WAIT });
  assert.match(await nameError.textContent(), /is not allowed; use lowercase letters/);
  assert.match(await page.locator('[data-error-for="network.azCount"]').textContent(), /9 is out of range; use 2 to 6/);
  assert.match(
    await page.locator('[data-error-for="services[0].healthCheck.timeoutSeconds"]').textContent(),
    /is empty; enter a whole number from 2 to 120/,
  );
  // The closed health check group shows it needs attention; the summary opens it.
  assert.equal(await field(page, "services[0].healthCheck.timeoutSeconds").isVisible(), false);
  await page.locator('#problems button[data-path-of="services[0].healthCheck.timeoutSeconds"]').click();
  assert.equal(await field(page, "services[0].healthCheck.timeoutSeconds").isVisible(), true);
  assert.equal(await field(page, "name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.isDisabled("#download"), true);
  assert.equal(await page.locator("#download-blocked").textContent(), "3 problems to fix");
  assert.equal(await page.getAttribute("#problems", "data-count"), "3");
  // A problem in the summary takes the user to its field.
  await page.locator('#problems button[data-path-of="network.azCount"]').click();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.path), "network.azCount");
  // Memory only offers sizes valid for the chosen CPU, and follows a CPU change.
  await field(page, "services[0].cpu").selectOption("4096");
  const memory = await field(page, "services[0].memory").locator("option").allTextContents();
  assert.equal(memory[0], "8192 MiB (8 GB)");
  assert.equal(await field(page, "services[0].memory").inputValue(), "8192");
  await field(page, "name").fill("good-name");
  await field(page, "network.azCount").fill("2");
  await field(page, "services[0].healthCheck.timeoutSeconds").fill("5");
  await page.waitForFunction(() => !document.querySelector("#download")?.disabled, null, { timeout: WAIT });
  assert.equal(await page.getAttribute("#problems", "data-count"), "0");
  await page.close();
});

test("a second service gets its own listener rule; services reorder and go", async () => {
  const page = await openPage();
  const rev = await revision(page);
  await page.click("#add-service");
  await changed(page, rev);
  await field(page, "services[1].name").waitFor();
  const json = await jsonText(page);
  assert.match(json, /AWS::ElasticLoadBalancingV2::ListenerRule/);
  assert.match(json, /"\/service-2\/\*"/);
  await page.getByRole("button", { name: "Move service-2 up" }).click();
  await page.waitForFunction(() => document.querySelector('[data-path="services[0].name"]')?.value === "service-2");
  await page.getByRole("button", { name: "Remove service-2" }).click();
  await page.waitForFunction(() => !document.querySelector('[data-path="services[1].name"]'));
  assert.doesNotMatch(await jsonText(page), /ListenerRule/);
  await page.close();
});

test("the downloaded template is byte-identical to the core's, and loads back", async () => {
  const page = await openPage();
  await field(page, "name").fill("e2e-shop");
  await openGroup(page, 0, "Environment");
  await page.locator('[data-path="services[0].environment"] button', { hasText: "Add variable" }).click();
  const key = field(page, "services[0].environment.NAME");
  await key.fill("LOG_LEVEL");
  await key.press("Tab");
  await page.locator('[data-value-for="services[0].environment.LOG_LEVEL"]').fill("debug 'quoted' é");
  await page.waitForFunction(() => document.querySelector("#json")?.textContent.includes("debug 'quoted'"));
  const template = await capture(page, "#download");
  assert.equal(template.name, "e2e-shop.template.json");
  const saved = await capture(page, "#save-config");
  assert.equal(saved.name, "e2e-shop.config.json");
  const expected = core([saved.file]);
  assert.ok(template.bytes.equals(Buffer.from(expected, "utf8")), "download differs from the core's bytes");
  const config = JSON.parse(saved.bytes.toString("utf8"));
  assert.equal(config.services[0].environment.LOG_LEVEL, "debug 'quoted' é");
  // Load something else, then the template: the config comes back from its metadata.
  await loadPreset(page, "minimal");
  await page.setInputFiles("#open-file", template.file);
  await page.waitForFunction(() => document.querySelector('[data-path="name"]')?.value === "e2e-shop");
  assert.match(await page.locator("#status").textContent(), /from template e2e-shop\.template\.json/);
  assert.deepEqual(await currentConfig(page), config);
  // And the saved config file loads too.
  await loadPreset(page, "minimal");
  await page.setInputFiles("#open-file", saved.file);
  await page.waitForFunction(() => document.querySelector('[data-path="name"]')?.value === "e2e-shop");
  assert.deepEqual(await currentConfig(page), config);
  await page.close();
});

test("the work survives a reload and travels in a share link", async () => {
  const page = await openPage();
  await loadPreset(page, "with-database");
  await field(page, "name").fill("kept-work");
  await field(page, "database.allocatedStorageGib").fill("50");
  await waitSaved(page);
  assert.ok((await page.evaluate(() => location.hash)).startsWith("#config="));
  const config = await currentConfig(page);
  assert.equal(config.name, "kept-work");
  await page.reload();
  await page.waitForSelector('[data-path="name"]');
  assert.equal(await field(page, "name").inputValue(), "kept-work");
  // Without the fragment, local storage alone brings the work back.
  await page.goto(`${origin}/`);
  await page.waitForSelector('[data-path="name"]');
  assert.equal(await field(page, "database.allocatedStorageGib").inputValue(), "50");
  // The copied share link opens the same config in a page whose storage is empty.
  await page.click("#share");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Copied the share link.");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(`${origin}/#config=`), link);
  const other = await context.newPage();
  await other.addInitScript(() => localStorage.clear());
  await other.goto(link);
  await other.waitForSelector('[data-path="name"]');
  assert.equal(await field(other, "name").inputValue(), "kept-work");
  assert.match(await other.locator("#status").textContent(), /from the link/);
  assert.deepEqual(await currentConfig(other), config);
  await other.close();
  // A reload right after typing, before the delayed save: the edit is written as the page goes,
  // and the page tells its own (older) fragment from a share link.
  await page.goto(link);
  await page.waitForSelector('[data-path="name"]');
  await waitSaved(page);
  await field(page, "name").fill("kept-work-2");
  await page.reload();
  await page.waitForSelector('[data-path="name"]');
  assert.equal(await field(page, "name").inputValue(), "kept-work-2");
  assert.match(await page.locator("#status").textContent(), /Restored the config you were editing/);
  await page.close();
});

/** Which of a service's fields are on the page, by the last part of their path. */
async function shownFields(page, service) {
  return page.evaluate((base) => {
    const shown = new Set();
    for (const el of document.querySelectorAll(`[data-path^="${base}."]`)) {
      shown.add(el.dataset.path.slice(base.length + 1));
    }
    return shown.size ? [...shown] : [];
  }, `services[${service}]`);
}

/** Sets a select, waits for the views to catch up, and checks that no problem appeared. */
async function selectKind(page, service, kind) {
  const rev = await revision(page);
  await field(page, `services[${service}].kind`).selectOption(kind);
  await changed(page, rev);
  await page.waitForFunction(
    ({ service, kind }) => document.querySelector(`[data-path="services[${service}]"]`)?.dataset.kind === kind,
    { service, kind },
  );
  assert.equal(await page.getAttribute("#problems", "data-count"), "0", `problems after switching to ${kind}`);
}

test("a service switches kinds: only the kind's fields show, nothing breaks, the template follows", async () => {
  const page = await openPage();
  const has = (fields, f) => fields.includes(f);
  let fields = await shownFields(page, 0);
  assert.ok(has(fields, "pathPatterns") && has(fields, "containerPort") && has(fields, "healthCheck.path"), String(fields));
  assert.ok(!has(fields, "schedule") && !has(fields, "queue.retentionDays"));
  assert.doesNotMatch(await jsonText(page), /"FlaskQueue"|AWS::Scheduler::Schedule/);

  // Worker: a queue and its settings, no port, no path, no load balancer check; the seed's
  // matcher (200-499) went back to the default with the load balancer's check.
  await selectKind(page, 0, "worker");
  fields = await shownFields(page, 0);
  for (const f of ["queue.visibilityTimeoutSeconds", "queue.maxReceiveCount", "queue.retentionDays", "desiredCount", "autoScaling"]) {
    assert.ok(has(fields, f), `worker: no ${f} in ${fields}`);
  }
  for (const f of ["containerPort", "pathPatterns", "healthCheck.path", "schedule", "autoScaling.cpuTarget"]) {
    assert.ok(!has(fields, f), `worker shows ${f}`);
  }
  let json = await jsonText(page);
  assert.match(json, /"FlaskQueue"/);
  assert.match(json, /"FlaskDeadLetterQueue"/);
  assert.doesNotMatch(json, /AWS::ElasticLoadBalancingV2::LoadBalancer/);
  assert.equal(await page.locator("#no-load-balancer").count(), 1);
  // Its autoscaling is on the backlog: min, max and messages per task.
  await openGroup(page, 0, "Scaling and deployment");
  let rev = await revision(page);
  await field(page, "services[0].autoScaling").check();
  await changed(page, rev);
  fields = await shownFields(page, 0);
  assert.ok(has(fields, "autoScaling.messagesPerTask") && has(fields, "autoScaling.minCount"), String(fields));
  assert.ok(!has(fields, "autoScaling.cpuTarget") && !has(fields, "autoScaling.requestsPerTarget"), String(fields));
  assert.equal(await page.getAttribute("#problems", "data-count"), "0");
  rev = await revision(page);
  await field(page, "services[0].queue.retentionDays").fill("9");
  await changed(page, rev);
  assert.equal((await currentConfig(page)).services[0].queue.retentionDays, 9);

  // Job: a schedule and its time zone; no task count, scaling, Spot or deployment.
  await selectKind(page, 0, "job");
  fields = await shownFields(page, 0);
  for (const f of ["schedule", "scheduleTimezone"]) assert.ok(has(fields, f), `job: no ${f}`);
  for (const f of ["desiredCount", "autoScaling", "spot", "deployment.maxPercent", "queue.retentionDays", "containerPort", "pathPatterns"]) {
    assert.ok(!has(fields, f), `job shows ${f}`);
  }
  json = await jsonText(page);
  assert.match(json, /AWS::Scheduler::Schedule/);
  assert.match(json, /"cron\(0 3 \* \* \? \*\)"/);
  assert.doesNotMatch(json, /"FlaskQueue"/);
  assert.equal(await page.locator('[id="f-services[0].schedule-note"]').textContent(), "every day at 03:00 UTC");
  const config = await currentConfig(page);
  assert.equal(config.services[0].kind, "job");
  assert.equal(config.services[0].autoScaling, null);
  assert.equal(config.services[0].queue, undefined);

  // And back: the web fields, the load balancer, no schedule.
  await selectKind(page, 0, "web");
  fields = await shownFields(page, 0);
  assert.ok(has(fields, "pathPatterns") && has(fields, "containerPort") && !has(fields, "schedule"), String(fields));
  json = await jsonText(page);
  assert.match(json, /AWS::ElasticLoadBalancingV2::LoadBalancer/);
  assert.doesNotMatch(json, /AWS::Scheduler::Schedule|"FlaskQueue"/);
  assert.equal(await page.locator("#no-load-balancer").count(), 0);
  await page.close();
});

test("a job's schedule: the error as you type a bad one, the reading for a good one", async () => {
  const page = await openPage();
  await selectKind(page, 0, "job");
  const schedule = field(page, "services[0].schedule");
  const note = page.locator('[id="f-services[0].schedule-note"]');
  const error = page.locator('[data-error-for="services[0].schedule"]');
  await schedule.fill("cron(0 3 * * *)");
  await error.waitFor();
  assert.match(await error.textContent(), /has 5 fields; a cron takes 6/);
  assert.equal(await note.count(), 0, "a reading shown for a bad schedule");
  assert.equal(await schedule.getAttribute("aria-invalid"), "true");
  assert.equal(await page.getAttribute("#problems", "data-count"), "1");
  await schedule.fill("cron(30 7 ? * MON *)");
  await note.waitFor();
  assert.equal(await note.textContent(), "every Monday at 07:30 UTC");
  assert.equal(await error.count(), 0);
  // The reading follows the time zone and each keystroke.
  await field(page, "services[0].scheduleTimezone").fill("Europe/Paris");
  await page.waitForFunction(
    () => document.getElementById("f-services[0].schedule-note")?.textContent === "every Monday at 07:30 Europe/Paris",
  );
  await schedule.fill("");
  await schedule.pressSequentially("rate(15 minutes)");
  await page.waitForFunction(() => document.getElementById("f-services[0].schedule-note")?.textContent === "every 15 minutes");
  assert.match(await jsonText(page), /"rate\(15 minutes\)"/);
  assert.equal(await page.getAttribute("#problems", "data-count"), "0");
  await page.close();
});

test("calls: tick a service, see its variable and Service Connect in the template", async () => {
  const page = await openPage();
  let rev = await revision(page);
  await page.click("#add-service");
  await changed(page, rev);
  const box = page.locator('[data-path="services[0].calls"] input[data-call="service-2"]');
  assert.equal(await box.isChecked(), false);
  // Neither itself nor (once it is one) a job is offered.
  assert.equal(await page.locator('[data-path="services[0].calls"] input[data-call="flask"]').count(), 0);
  assert.doesNotMatch(await jsonText(page), /ServiceConnectConfiguration/);
  rev = await revision(page);
  await box.check();
  await changed(page, rev);
  assert.equal(await page.locator('[data-var-for="service-2"]').textContent(), "SERVICE_2_URL = http://service-2:80");
  const json = await jsonText(page);
  assert.match(json, /ServiceConnectConfiguration/);
  assert.match(json, /"SERVICE_2_URL"/);
  assert.deepEqual((await currentConfig(page)).services[0].calls, ["service-2"]);
  assert.equal(await page.getAttribute("#problems", "data-count"), "0");
  // A worker is called through its queue.
  await selectKind(page, 1, "worker");
  assert.equal(await page.locator('[data-var-for="service-2"]').textContent(), "SERVICE_2_QUEUE_URL = its queue's URL");
  assert.match(await jsonText(page), /"SERVICE_2_QUEUE_URL"/);
  // A job is called by no one: the call goes with the switch.
  await selectKind(page, 1, "job");
  assert.equal(await page.locator('[data-path="services[0].calls"] input[data-call="service-2"]').count(), 0);
  assert.deepEqual((await currentConfig(page)).services[0].calls, undefined);
  await page.close();
});

test("domain, firewall and alarms: tick them, fill the domain, see the certificate, web ACL, alarms and the DNS wait", async () => {
  const page = await openPage();
  let rev = await revision(page);
  await field(page, "domain").check();
  await changed(page, rev);
  // Empty name and zone: the problems say so at their fields, in the core's words.
  assert.match(await page.locator("#problems").textContent(), /is empty; give a name like example.com/);
  rev = await revision(page);
  await field(page, "domain.name").fill("shop.example.com");
  await field(page, "domain.hostedZoneId").fill("Z0123456789ABCDEFGHIJ");
  await changed(page, rev);
  rev = await revision(page);
  await field(page, "loadBalancer.waf").check();
  await changed(page, rev);
  rev = await revision(page);
  await field(page, "alarms").check();
  await changed(page, rev);
  assert.equal(await page.getAttribute("#problems", "data-count"), "0");
  const json = await jsonText(page);
  assert.match(json, /"AWS::CertificateManager::Certificate"/);
  assert.match(json, /"AWS::WAFv2::WebACL"/);
  assert.match(json, /"AWS::CloudWatch::Alarm"/);
  assert.match(json, /"https:\/\/shop.example.com"/);
  const config = await currentConfig(page);
  assert.deepEqual(config.domain, { name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" });
  assert.deepEqual(config.loadBalancer.waf, {});
  // The deploy panel lists the zone parameter and says the certificate waits for DNS.
  const deploy = await page.locator(".deploy-note").allTextContents();
  assert.ok(deploy.some((n) => /validated by DNS/.test(n)), deploy.join("\n"));
  assert.match(await page.locator("#deploy-command").textContent(), /HostedZoneId=Z0123456789ABCDEFGHIJ/);
  // A host outside the domain is refused at the service's hosts.
  rev = await revision(page);
  await page.getByRole("button", { name: "+ Add host" }).click();
  await changed(page, rev);
  rev = await revision(page);
  await field(page, "services[0].hosts[0]").fill("api.example.org");
  await changed(page, rev);
  assert.notEqual(await page.getAttribute("#problems", "data-count"), "0");
  assert.match(await page.locator("#problems").textContent(), /not `shop.example.com` or a name under it/);
  await page.close();
});

test("a sidecar that takes more CPU than the task shows the error at its field", async () => {
  const page = await openPage();
  await openGroup(page, 0, "Advanced");
  let rev = await revision(page);
  await page.locator('[data-path="services[0].sidecars"] button', { hasText: "Add sidecar" }).click();
  await changed(page, rev);
  assert.equal(await field(page, "services[0].sidecars[0].name").inputValue(), "sidecar");
  await page.locator('[data-error-for="services[0].sidecars[0].image"]').waitFor();
  await field(page, "services[0].sidecars[0].image").fill("public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1");
  await field(page, "services[0].sidecars[0].cpu").fill("2048");
  const error = page.locator('[data-error-for="services[0].sidecars[0].cpu"]');
  await error.waitFor();
  assert.match(await error.textContent(), /the sidecars take 2048 of the task's 1024 CPU units/);
  assert.equal(await field(page, "services[0].sidecars[0].cpu").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getAttribute("#problems", "data-count"), "1");
  assert.equal(await page.isDisabled("#download"), true);
  // The summary takes the user to it.
  await page.locator('#problems button[data-path-of="services[0].sidecars[0].cpu"]').click();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.path), "services[0].sidecars[0].cpu");
  await field(page, "services[0].sidecars[0].cpu").fill("256");
  await page.waitForFunction(() => !document.querySelector("#download")?.disabled);
  assert.match(await jsonText(page), /aws-otel-collector:v0\.43\.1/);
  // Egress and task-role statements sit beside it, their errors at their fields too.
  rev = await revision(page);
  await page.locator('[data-path="services[0].egress"] button', { hasText: "Add rule" }).click();
  await changed(page, rev);
  await field(page, "services[0].egress[0].cidr").fill("10.20.0.0/16");
  await field(page, "services[0].egress[0].port").fill("8000-80");
  await page.locator('[data-error-for="services[0].egress[0].port"]', { hasText: "80 is below fromPort (8000)" }).waitFor();
  await field(page, "services[0].egress[0].port").fill("5432");
  rev = await revision(page);
  await page.locator('[data-path="services[0].taskPolicyStatements"] button', { hasText: "Add statement" }).click();
  await changed(page, rev);
  await field(page, "services[0].taskPolicyStatements[0].actions").fill("dynamodb:GetItem, iam:PassRole");
  await field(page, "services[0].taskPolicyStatements[0].resources").fill("arn:aws:dynamodb:eu-west-1:123456789012:table/orders");
  await page.locator('[data-error-for="services[0].taskPolicyStatements[0].actions"]', { hasText: "iam:PassRole" }).waitFor();
  await field(page, "services[0].taskPolicyStatements[0].actions").fill("dynamodb:GetItem,\ndynamodb:PutItem");
  await page.waitForFunction(() => document.querySelector("#problems")?.dataset.count === "0");
  const config = await currentConfig(page);
  assert.deepEqual(config.services[0].egress, [{ cidr: "10.20.0.0/16", port: 5432, protocol: "tcp" }]);
  assert.deepEqual(config.services[0].taskPolicyStatements, [
    { actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"] },
  ]);
  assert.equal(await jsonText(page), coreFor(config)());
  await page.close();
});

/** Markup that rendering as HTML would turn into elements: what `injected` looks for. */
async function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("#json *, #diagram *, #problems *, .form *")) {
      if (["IMG", "SCRIPT", "IFRAME", "B"].includes(el.tagName.toUpperCase())) found.push(el.outerHTML.slice(0, 80));
    }
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.getAttributeNames()) {
        if (attr.toLowerCase().startsWith("on")) found.push(`${el.tagName} ${attr}=${el.getAttribute(attr)}`);
      }
    }
    return found;
  });
}

test("script in an environment value, an image and a tag renders inert, as text", async () => {
  const page = await openPage();
  // Each payload passes validation, so it reaches the JSON view and (the image) the diagram:
  // - an environment value may hold anything: it is shown in the task definition's JSON;
  // - an image reference may hold anything but whitespace: it is the image parameter's default,
  //   shown in the JSON and in the diagram's parameter node, and its registry host (up to the
  //   first `/`, here with quotes, markup and `&amp` in it) in the diagram's registry node;
  // - a tag value may hold only letters, digits, spaces and _ . : / = + - @ (no markup can pass),
  //   and is shown in every resource's Tags.
  const env = `</span></pre><img src="/x-pwned-env" onerror="window.__pwned='env'"><script>window.__pwned='env2'</script>&amp;&lt;b&gt;`;
  const host = `evil.io"'<b>&amp<svg>:5000`;
  const image = `${host}/app"onmouseover="window.__pwned='image'"<img/src=/x-pwned-image/onerror=window.__pwned=4><script>window.__pwned=5</script>:1`;
  const tag = "javascript:window.__pwned=6 //@x+y=z";
  // The image parameter is a node of its own in the all-resources view.
  await page.click("#view-all");
  await page.waitForFunction(() => document.querySelector("#diagram")?.dataset.view === "all");
  await openGroup(page, 0, "Environment");
  await page.locator('[data-path="services[0].environment"] button', { hasText: "Add variable" }).click();
  await page.locator('[data-value-for="services[0].environment.NAME"]').fill(env);
  await field(page, "services[0].image").fill(image);
  await page.locator('[data-path="tags"] button', { hasText: "Add tag" }).click();
  await page.locator('[data-value-for="tags.key"]').fill(tag);

  // Rendered: the JSON shows each payload JSON-escaped, the diagram shows the image as text.
  const inJson = [env, image, tag].map((v) => JSON.stringify(v).slice(1, -1));
  await page.waitForFunction(
    ({ inJson, image, host }) => {
      const json = document.querySelector("#json")?.textContent ?? "";
      const svg = document.querySelector("#diagram")?.textContent ?? "";
      return inJson.every((v) => json.includes(v)) && svg.includes(image) && svg.includes(host);
    },
    { inJson, image, host },
    { timeout: WAIT },
  );
  assert.equal(await page.getAttribute("#problems", "data-count"), "0", "a payload did not pass validation");
  const titles = await page.locator("#diagram g[data-id] > title").allTextContents();
  assert.ok(titles.some((t) => t.endsWith(`String = ${image}`)), "the image parameter's title is not the image, as text");
  assert.ok(titles.some((t) => t.endsWith(`\n${host}`)), "the registry's title is not the host, as text");

  // And inert: nothing ran, no element or handler came from the payloads, nothing was fetched.
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await injected(page), []);
  assert.ok(!requests.some((u) => u.includes("x-pwned")), "an injected image was fetched");

  // A key that fails validation is echoed in its error message: as text too.
  const key = `<img src=/x-pwned-key onerror=window.__pwned=7>`;
  const envKey = page.locator('[data-path="services[0].environment.NAME"]');
  await envKey.fill(key);
  await envKey.press("Tab");
  await page.waitForFunction(
    (key) => document.querySelector("#problems")?.textContent.includes(`\`${key}\` is not a variable name`),
    key,
    { timeout: WAIT },
  );
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await injected(page), []);
  assert.ok(!requests.some((u) => u.includes("x-pwned")), "an injected image was fetched");
  await page.close();
});

test("the diagram: hover titles, a click or Enter shows the resource and what its box holds, SVG download", async () => {
  const page = await openPage();
  const node = page.locator('#diagram g.fs-node[data-id="LoadBalancer"]');
  assert.ok((await node.locator("title").first().textContent()).length > 0);
  await node.click();
  await page.waitForFunction(() => document.getElementById("r-LoadBalancer")?.classList.contains("flash"));
  const inView = await page.evaluate(() => {
    const a = document.getElementById("r-LoadBalancer").getBoundingClientRect();
    const b = document.getElementById("json").getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  });
  assert.ok(inView, "the resource was not scrolled into view");
  // The details list what the box holds (folded into it in the architecture view).
  assert.match(await page.locator("#diagram-details-title").textContent(), /^Load Balancer/);
  const members = await page.locator("#diagram-members li").allTextContents();
  for (const id of ["HttpListener", "LoadBalancerSecurityGroup"]) {
    assert.ok(members.includes(id), `${id} not listed in the load balancer's box: ${members}`);
  }
  // The cluster by keyboard: Enter on the active box does what a click does.
  await page.focus("#diagram");
  for (let i = 0; i < 20 && (await page.getAttribute("#diagram", "aria-activedescendant")) !== "dn-Cluster"; i++) {
    await page.keyboard.press(["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowDown"][i % 4]);
  }
  assert.equal(await page.getAttribute("#diagram", "aria-activedescendant"), "dn-Cluster");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("r-Cluster")?.classList.contains("flash"));
  assert.match(await page.locator("#diagram-details code").first().textContent(), /^Cluster$/);
  const svg = await capture(page, "#download-svg");
  assert.equal(svg.name, "flask-api.topology.svg");
  const text = svg.bytes.toString("utf8");
  assert.ok(text.startsWith("<svg") && text.includes('data-id="LoadBalancer"') && text.includes("<style>"));
  assert.ok(text.includes("fs-architecture"), "the download is not the architecture view shown");
  await page.close();
});

test("the diagram: architecture by default, a switch to every resource; downloads and legend follow the view", async () => {
  const page = await openPage();
  const view = () => page.getAttribute("#diagram", "data-view");
  assert.equal(await view(), "architecture");
  assert.equal(await page.getAttribute("#view-architecture", "aria-pressed"), "true");
  assert.equal(await page.getAttribute("#view-all", "aria-pressed"), "false");
  const boxes = await page.locator("#diagram g.fs-node").count();
  assert.ok(boxes >= 5 && boxes <= 20, `${boxes} boxes in the architecture view of seed`);
  assert.equal(await page.locator("#diagram svg .fs-legend").count(), 1, "no legend in the architecture view");
  assert.equal(await page.locator("#diagram-key").count(), 0);
  const svgA = await capture(page, "#download-svg");
  const dotA = await capture(page, "#download-dot");
  const mmdA = await capture(page, "#download-mermaid");
  assert.deepEqual([svgA.name, dotA.name, mmdA.name], ["flask-api.topology.svg", "flask-api.topology.dot", "flask-api.topology.mmd"]);
  assert.ok(svgA.bytes.toString("utf8").includes("fs-architecture"));
  assert.ok(dotA.bytes.toString("utf8").startsWith("digraph topology {"));
  assert.ok(mmdA.bytes.toString("utf8").startsWith("flowchart TB"));

  await page.click("#view-all");
  await page.waitForFunction(() => document.querySelector("#diagram")?.dataset.view === "all");
  assert.equal(await page.getAttribute("#view-all", "aria-pressed"), "true");
  assert.equal(await page.getAttribute("#view-architecture", "aria-pressed"), "false");
  const all = await page.locator("#diagram g.fs-node").count();
  assert.ok(all > boxes * 3, `${all} nodes with every resource, ${boxes} boxes`);
  assert.equal(await page.locator('#diagram g.fs-node[data-id="PublicRouteTable"]').count(), 1);
  // The all-resources drawing has no legend of its own: the page adds one.
  assert.match(await page.locator("#diagram-key").textContent(), /Request traffic.*Outbound.*Reference/);
  const svgB = await capture(page, "#download-svg");
  const dotB = await capture(page, "#download-dot");
  const mmdB = await capture(page, "#download-mermaid");
  assert.deepEqual([svgB.name, dotB.name, mmdB.name], ["flask-api.topology-all.svg", "flask-api.topology-all.dot", "flask-api.topology-all.mmd"]);
  assert.ok(!svgB.bytes.toString("utf8").includes("fs-architecture"));
  assert.ok(svgB.bytes.toString("utf8").includes('data-id="PublicRouteTable"'));
  assert.ok(dotB.bytes.length > dotA.bytes.length && mmdB.bytes.length > mmdA.bytes.length);
  // An edit redraws the view shown.
  const rev = await revision(page);
  await field(page, "network.azCount").fill("3");
  await changed(page, rev);
  await page.locator('#diagram g.fs-node[data-id="PublicSubnet3"]').waitFor();
  await page.click("#view-architecture");
  await page.waitForFunction(() => document.querySelector("#diagram")?.dataset.view === "architecture");
  assert.equal(await page.locator('#diagram g.fs-node[data-id="PublicSubnet3"]').count(), 0);
  assert.equal(await page.locator('#diagram [data-resource="PublicSubnet3"]').count(), 1);
  await page.close();
});

/** The SVG's view box and scale (screen pixels per drawing unit). */
const viewBox = (page) =>
  page.evaluate(() => {
    const svg = document.querySelector("#diagram svg");
    const [x, y, w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
    return { x, y, w, h, scale: svg.getBoundingClientRect().width / w, natural: [Number(svg.getAttribute("width")), Number(svg.getAttribute("height"))] };
  });

test("the diagram: zoom, Ctrl+wheel, drag, pinch and fit move only the view box; the large view and Escape", async () => {
  const page = await openPage();
  // Zooming and panning must not redraw the SVG: the element keeps a mark put on it here.
  await page.evaluate(() => {
    document.querySelector("#diagram svg").__kept = true;
  });
  const v0 = await viewBox(page);
  await page.click("#zoom-in");
  const v1 = await viewBox(page);
  assert.ok(Math.abs(v1.scale / v0.scale - 1.25) < 0.01, `zoom in: ${v0.scale} -> ${v1.scale}`);
  await page.click("#zoom-out");
  const v2 = await viewBox(page);
  assert.ok(Math.abs(v2.scale - v0.scale) < 0.01, `zoom out: ${v1.scale} -> ${v2.scale}`);
  // Ctrl+wheel zooms about the pointer: the drawing point under it stays put.
  const r = await page.locator("#diagram").boundingBox();
  const [px, py] = [200, 150];
  await page.mouse.move(r.x + px, r.y + py);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -300);
  await page.keyboard.up("Control");
  await page.waitForFunction((s) => {
    const svg = document.querySelector("#diagram svg");
    return svg.getBoundingClientRect().width / Number(svg.getAttribute("viewBox").split(" ")[2]) > s * 1.1;
  }, v2.scale);
  const v3 = await viewBox(page);
  assert.ok(Math.abs(v2.x + px / v2.scale - (v3.x + px / v3.scale)) < 1, "the point under the pointer moved");
  assert.ok(Math.abs(v2.y + py / v2.scale - (v3.y + py / v3.scale)) < 1, "the point under the pointer moved");
  // A drag pans: the drawing follows the pointer, and is no click.
  await page.mouse.move(r.x + 300, r.y + 300);
  await page.mouse.down();
  await page.mouse.move(r.x + 360, r.y + 330, { steps: 6 });
  await page.mouse.up();
  const v4 = await viewBox(page);
  assert.ok(Math.abs((v3.x - v4.x) * v4.scale - 60) < 2 && Math.abs((v3.y - v4.y) * v4.scale - 30) < 2, `drag: ${JSON.stringify([v3, v4])}`);
  assert.equal(await page.locator("#diagram-details").count(), 0, "a drag selected a box");
  // Pinch: two touch pointers moving apart zoom in.
  await page.evaluate(() => {
    const el = document.querySelector("#diagram");
    const b = el.getBoundingClientRect();
    const [cx, cy] = [b.left + b.width / 2, b.top + b.height / 2];
    const send = (type, id, x) =>
      el.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: "touch", isPrimary: id === 11, clientX: x, clientY: cy, bubbles: true }));
    send("pointerdown", 11, cx - 50);
    send("pointerdown", 12, cx + 50);
    for (let i = 1; i <= 5; i++) {
      send("pointermove", 11, cx - 50 - 10 * i);
      send("pointermove", 12, cx + 50 + 10 * i);
    }
    send("pointerup", 11, cx - 100);
    send("pointerup", 12, cx + 100);
  });
  const v5 = await viewBox(page);
  assert.ok(v5.scale > v4.scale * 1.8, `pinch: ${v4.scale} -> ${v5.scale}`);
  // Fit shows the whole drawing.
  await page.click("#zoom-fit");
  const v6 = await viewBox(page);
  assert.ok(v6.x <= 0 && v6.y <= 0 && v6.x + v6.w >= v6.natural[0] - 0.5 && v6.y + v6.h >= v6.natural[1] - 0.5, `fit: ${JSON.stringify(v6)}`);
  assert.ok(Math.abs(v6.w - v6.natural[0]) < 1 || Math.abs(v6.h - v6.natural[1]) < 1, "fit leaves room on both sides");
  // Keys zoom too.
  await page.focus("#diagram");
  await page.keyboard.press("+");
  assert.ok(Math.abs((await viewBox(page)).scale / v6.scale - 1.25) < 0.01);
  assert.equal(await page.evaluate(() => document.querySelector("#diagram svg").__kept), true, "zoom or pan redrew the SVG");

  // The large view: a full-window modal dialog with the same controls.
  await page.click("#diagram-large");
  await page.locator("dialog.diagram-dialog #diagram svg").waitFor();
  assert.equal(await page.evaluate(() => document.querySelector("dialog.diagram-dialog").matches(":modal")), true);
  const d = await page.locator("dialog.diagram-dialog").boundingBox();
  assert.ok(d.width >= 1430 && d.height >= 890, `dialog ${d.width}x${d.height}`);
  assert.ok((await page.locator("dialog #diagram").boundingBox()).height > 700);
  const l0 = await viewBox(page);
  await page.click("dialog #zoom-in");
  assert.ok(Math.abs((await viewBox(page)).scale / l0.scale - 1.25) < 0.01, "zoom in the large view");
  await page.click("dialog #zoom-fit");
  await page.locator('dialog #diagram g.fs-node[data-id="LoadBalancer"]').click();
  await page.waitForFunction(() => document.getElementById("r-LoadBalancer")?.classList.contains("flash"));
  await page.locator("dialog #diagram-details").waitFor();
  // Escape closes it and gives the keyboard back to the button that opened it.
  await page.focus("dialog #diagram");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog.diagram-dialog"));
  await page.waitForFunction(() => document.activeElement?.id === "diagram-large");
  assert.equal(await page.locator("#diagram svg").count(), 1);
  assert.equal(await page.locator("#diagram-large").textContent(), "Large view");
  await page.close();
});

test("the diagram's text is at least 11 px on screen at 1440 px, in the architecture view", async () => {
  const page = await openPage();
  assert.equal(page.viewportSize().width, 1440);
  let smallest = Infinity;
  for (const name of ["seed", "production", "microservices"]) {
    await loadPreset(page, name);
    await page.waitForFunction(() => document.querySelector("#diagram svg")?.getAttribute("viewBox"));
    const sizes = await page.evaluate(() => {
      const svg = document.querySelector("#diagram svg");
      const k = svg.getBoundingClientRect().width / Number(svg.getAttribute("viewBox").split(" ")[2]);
      return [...svg.querySelectorAll("g.fs-node text")].map((t) => ({
        text: t.textContent,
        px: parseFloat(getComputedStyle(t).fontSize) * k,
        glyphs: t.getBoundingClientRect().height,
      }));
    });
    assert.ok(sizes.length > 5, `${name}: ${sizes.length} texts`);
    const least = sizes.reduce((a, b) => (a.px < b.px ? a : b));
    assert.ok(least.px >= 11, `${name}: "${least.text}" drawn at ${least.px.toFixed(2)} px`);
    // Measured on the screen as well: the glyph box of each label is at least 11 px tall.
    const lowest = Math.min(...sizes.map((s) => s.glyphs));
    assert.ok(lowest >= 11, `${name}: a text box ${lowest.toFixed(2)} px tall`);
    smallest = Math.min(smallest, least.px);
  }
  figures.diagramTextPx = smallest;
  console.log(`diagram: smallest node text at 1440 px, architecture view: ${smallest.toFixed(2)} px`);
  await page.close();
});

test("the diagram in dark mode takes the page's colours, in both views", async () => {
  const page = await openPage();
  const colours = () =>
    page.evaluate(() => {
      const h = document.querySelector("#diagram");
      const style = (el, p) => (el ? getComputedStyle(el)[p] : null);
      return {
        holder: style(h, "backgroundColor"),
        panel: style(h.closest(".panel"), "backgroundColor"),
        label: style(h.querySelector(".fs-node .fs-label"), "fill"),
        background: style(h.querySelector(".fs-bg"), "fill"),
        edgeLabel: style(h.querySelector(".fs-edge-label rect"), "fill"),
      };
    });
  await page.emulateMedia({ colorScheme: "dark" });
  for (const view of ["architecture", "all"]) {
    await page.click(`#view-${view}`);
    await page.waitForFunction((v) => document.querySelector("#diagram")?.dataset.view === v, view);
    const c = await colours();
    // The dark theme's panel and text colours (static/style.css), no white card.
    assert.equal(c.holder, "rgb(23, 28, 35)", `${view}: ${JSON.stringify(c)}`);
    assert.equal(c.holder, c.panel);
    assert.equal(c.label, "rgb(228, 232, 238)", `${view}: ${JSON.stringify(c)}`);
    assert.equal(c.background, "none", view);
    if (c.edgeLabel) assert.equal(c.edgeLabel, "rgb(23, 28, 35)", `${view}: edge labels on white`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  const light = await colours();
  assert.equal(light.label, "rgb(28, 36, 48)");
  assert.equal(light.holder, "rgb(255, 255, 255)");
  await page.close();
});

test("the diagram: Edit in the form takes the keyboard to the section that controls the box", async () => {
  const page = await openPage();
  const edit = async (id, scope = "") => {
    await page.locator(`${scope} #diagram g.fs-node[data-id="${id}"]`.trim()).click();
    await page.click(`${scope} #edit-in-form`.trim());
  };
  const at = () => page.evaluate(() => ({ id: document.activeElement?.id, path: document.activeElement?.closest("[data-path]")?.dataset.path ?? null }));
  await edit("LoadBalancer");
  await page.waitForFunction(() => document.activeElement?.id === "h-lb");
  await edit("FlaskService");
  await page.waitForFunction(() => document.activeElement?.closest("[data-path]")?.dataset.path === "services[0]");
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H3");
  await edit("Vpc");
  await page.waitForFunction(() => document.activeElement?.id === "h-network");
  // The section is scrolled into view.
  assert.ok(await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }));
  await loadPreset(page, "with-database");
  await page.click("#zoom-fit");
  await edit("Database");
  await page.waitForFunction(() => document.activeElement?.id === "h-extras", null, { timeout: WAIT }).catch(async () => {
    assert.fail(`Database -> ${JSON.stringify(await at())}`);
  });
  // The web ACL: the section of the domain, firewall and alarms.
  const rev = await revision(page);
  await field(page, "loadBalancer.waf").check();
  await changed(page, rev);
  await page.click("#zoom-fit");
  const acl = await page.locator("#diagram g.fs-node.fs-kind-webAcl").getAttribute("data-id");
  await edit(acl);
  await page.waitForFunction(() => document.activeElement?.id === "h-guards");
  // From the large view: the dialog closes first, then the form has the keyboard.
  await page.click("#diagram-large");
  await page.locator("dialog #diagram svg").waitFor();
  await page.click("dialog #zoom-fit");
  await edit("LoadBalancer", "dialog");
  await page.waitForFunction(() => !document.querySelector("dialog.diagram-dialog") && document.activeElement?.id === "h-lb");
  await page.close();
});

test("the deploy command is the core's, with the S3 warning over 51,200 bytes", async () => {
  const page = await openPage();
  await page.click("#copy-deploy");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Copied the deploy command.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The core's command, sent to the region chosen beside it.
  const withRegion = (c) => c.replace("aws cloudformation deploy ", "aws cloudformation deploy --region us-east-1 ");
  assert.equal(copied, withRegion(core(["--deploy-command", "--preset", "seed"])));
  assert.equal(await page.locator("#s3-warning").count(), 0);
  await loadPreset(page, "microservices");
  for (let i = 0; i < 6 && Number(await page.getAttribute("#byte-count", "data-bytes")) <= 51_200; i++) {
    const rev = await revision(page);
    await page.click("#add-service");
    await changed(page, rev);
  }
  assert.ok(Number(await page.getAttribute("#byte-count", "data-bytes")) > 51_200);
  await page.locator("#s3-warning").waitFor();
  const command = await page.locator("#deploy-command").textContent();
  assert.match(command, /--s3-bucket YOUR_ARTIFACT_BUCKET/);
  assert.equal(command, withRegion(coreFor(await currentConfig(page))(["--deploy-command"])));
  await page.close();
});

test("keyboard only: choose a preset, fix a field, Tab once to the diagram, walk its boxes with the arrow keys and jump from them", async () => {
  const page = await openPage();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip");
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== "preset"; i++) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), "preset");
  await page.keyboard.press("ArrowDown"); // seed -> minimal, loaded on choice
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Loaded minimal.");
  for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.dataset?.path)) !== "name"; i++) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.path), "name");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("typed-by-keys");
  await page.waitForFunction(() => document.querySelector("#json")?.textContent.includes("typed-by-keys"));

  // On into the diagram: one Tab stop (no node is in the Tab order). The arrow keys move an
  // active box, announced through aria-activedescendant and a live region; Enter shows it in
  // the template and lists what it holds; one more Tab leaves the diagram.
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        id: el?.id ?? null,
        inDiagram: Boolean(el?.closest("#diagram")),
        active: el?.getAttribute("aria-activedescendant") ?? null,
      };
    });
  assert.equal(await page.locator("#diagram [tabindex]").count(), 0, "a node is in the Tab order");
  let presses = 0;
  while ((await focused()).id !== "diagram" && presses++ < 300) await page.keyboard.press("Tab");
  assert.equal((await focused()).id, "diagram", `Tab did not reach the diagram (${presses} presses)`);
  assert.equal((await focused()).active, null, "a box is active before any arrow key");
  const seen = [];
  for (const key of ["ArrowRight", "ArrowDown", "ArrowDown", "ArrowLeft", "ArrowUp", "ArrowRight", "ArrowDown"]) {
    await page.keyboard.press(key);
    const at = await focused();
    assert.equal(at.id, "diagram", `${key} took the keyboard out of the diagram`);
    assert.match(at.active ?? "", /^dn-/, `${key}: no active box`);
    const node = page.locator(`[id="${at.active}"]`);
    assert.equal(await node.count(), 1, `${at.active} is not on the page`);
    assert.equal(await node.evaluate((el) => el.classList.contains("fs-active") && el.getAttribute("role")), "button");
    seen.push(at.active);
  }
  assert.ok(new Set(seen).size >= 3, `the arrow keys visited only ${seen}`);
  assert.match(await page.locator("#diagram-active").textContent(), /, \d+ of \d+\. Enter selects it\.$/);
  // Walk to a box that is a resource of the template (the internet and the registry are not).
  const hasAnchor = (id) => page.evaluate((id) => Boolean(document.getElementById(`r-${id}`)), id);
  let id = (await focused()).active.slice(3);
  for (let i = 0; i < 12 && !(await hasAnchor(id)); i++) {
    await page.keyboard.press(i % 2 ? "ArrowRight" : "ArrowDown");
    id = (await focused()).active.slice(3);
  }
  assert.ok(await hasAnchor(id), `no resource box reached (${id})`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((id) => document.getElementById(`r-${id}`)?.classList.contains("flash"), id);
  assert.equal((await focused()).id, "diagram", "Enter moved the keyboard");
  await page.locator("#diagram-details").waitFor();
  assert.match(await page.locator("#diagram-details code").first().textContent(), new RegExp(`^${id}$`));
  // One Tab leaves the diagram, to the details' button; Enter there goes to the form.
  await page.keyboard.press("Tab");
  assert.deepEqual([(await focused()).inDiagram, (await focused()).id], [false, "edit-in-form"]);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /^H[23]$/.test(document.activeElement?.tagName ?? "") && document.activeElement.closest("#form"));
  // Shift+Tab from the button comes back to the diagram in one press.
  await page.locator("#edit-in-form").focus();
  await page.keyboard.press("Shift+Tab");
  assert.equal((await focused()).id, "diagram");
  await page.close();
});

test("the cost panel: the core's total, regions, unpriced items and a saving applied", async () => {
  const page = await openPage();
  const total = () => page.locator("#cost-total").textContent();
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent === "$175.73");
  assert.equal(await page.locator("#cost-region").inputValue(), "us-east-1");
  assert.ok((await page.locator("#cost-lines tbody").count()) > 2, "lines grouped by service");
  // Another region: another total, and what has no price there is listed.
  await page.selectOption("#cost-region", "eu-west-1");
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent !== "$175.73");
  assert.match(await page.locator("#cost-unpriced").textContent(), /CloudWatch Logs/);
  await page.selectOption("#cost-region", "us-east-1");
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent === "$175.73");
  // A usage assumption moves the total.
  await openCostAssumptions(page);
  await page.locator("#usage-requestsPerMonth").fill("50000000");
  await page.locator("#usage-requestsPerMonth").press("Tab");
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent !== "$175.73");
  await page.locator("#usage-requestsPerMonth").fill("5000000");
  await page.locator("#usage-requestsPerMonth").press("Tab");
  await page.waitForFunction(() => document.querySelector("#cost-total")?.textContent === "$175.73");
  // A saving applied goes through the config: the form follows, the total drops by its amount.
  const before = Number(await page.getAttribute("#cost-total", "data-total"));
  const saving = page.locator("#cost-savings li", { hasText: "One NAT gateway instead of 2" });
  assert.match(await saving.textContent(), /saves \$36\.50 a month/);
  const rev = await revision(page);
  await page.locator("#cost-savings li", { hasText: "One NAT gateway instead of 2" }).getByRole("button", { name: /^Apply/ }).click();
  await changed(page, rev);
  assert.equal(await field(page, "network.natGateways").inputValue(), "single");
  const after = Number(await page.getAttribute("#cost-total", "data-total"));
  // The saving says $36.50; the core rounds each total to the cent, so the drop is within one.
  assert.ok(Math.abs(before - after - 36.5) < 0.0101, `${before} -> ${after} (${await total()})`);
  assert.equal(after, 139.22);
  assert.equal((await currentConfig(page)).network.natGateways, "single");
  // While the config has problems the last estimate stays, dimmed.
  await field(page, "name").fill("Bad Name");
  await page.waitForFunction(() => document.querySelector("#cost")?.dataset.current === "false");
  assert.equal(Number(await page.getAttribute("#cost-total", "data-total")), after);
  await waitSaved(page);
  await page.close();
});

async function openCostAssumptions(page) {
  const group = page.locator(".cost details.assumptions");
  if ((await group.getAttribute("open")) === null) await group.locator("summary").click();
}

test("compare with a deployed template: none for its own, a replaced VPC after a CIDR edit", async () => {
  const page = await openPage();
  await loadPreset(page, "seed");
  const file = path.join(scratch, "seed.template.json");
  fs.writeFileSync(file, core(["--preset", "seed"]));
  await page.setInputFiles("#baseline-file", file);
  await page.locator("#baseline-name").waitFor();
  await page.locator("#changes-none").waitFor();
  assert.equal(await page.locator("#baseline-name").textContent(), "seed.template.json");
  await field(page, "network.vpcCidr").fill("10.1.0.0/16");
  await page.locator('#changes [data-action="replace"] li[data-id="Vpc"]').waitFor();
  assert.equal(await page.locator("#changes-none").count(), 0);
  assert.match(await page.locator('#changes [data-action="replace"] li[data-id="Vpc"]').textContent(), /CidrBlock/);
  await page.click("#baseline-remove");
  await page.waitForFunction(() => !document.querySelector("#changes"));
  await page.close();
});

/** Loads `preset` and the core's template of it as the deployed baseline; nothing differs yet. */
async function compareWithPreset(page, preset) {
  await loadPreset(page, preset);
  const file = path.join(scratch, `${preset}.template.json`);
  fs.writeFileSync(file, core(["--preset", preset]));
  await page.setInputFiles("#baseline-file", file);
  await page.locator("#changes-none").waitFor();
  await page.locator("#diagram-legend").waitFor();
  assert.equal(await page.locator("#diagram [data-change]").count(), 0, "marks without a change");
  assert.equal(await page.locator("#deploy-data-loss, #deploy-will-fail").count(), 0);
}

/** The logical ids of the diagram's nodes marked with `action`. */
const markedNodes = (page, action) =>
  page.$$eval(`#diagram g.fs-node[data-change="${action}"]`, (els) => els.map((e) => e.dataset.id));

test("change marks: a CIDR edit marks replaced and updated nodes, a database rename loses data, both said at the deploy command", async () => {
  const page = await openPage();
  await compareWithPreset(page, "with-database");
  await field(page, "network.vpcCidr").fill("10.20.0.0/16");
  // The architecture view (the default): a box shows the strongest change of what it holds.
  // The database's security group and the service's target group are replaced with the VPC,
  // so their boxes are marked replaced; the image registry's repositories do not change.
  await page.locator('#diagram g.fs-node[data-id="Vpc"][data-change="replace"]').waitFor();
  const boxes = await markedNodes(page, "replace");
  for (const id of ["Vpc", "NatGateway1", "Database", "ApiService"]) {
    assert.ok(boxes.includes(id), `${id} box not marked replaced: ${boxes}`);
  }
  assert.equal(await page.locator('#diagram g.fs-node[data-id="@registry"]').getAttribute("data-change"), null);
  // Every resource: each marked as itself.
  await page.click("#view-all");
  await page.locator('#diagram[data-view="all"] g.fs-node[data-id="Vpc"][data-change="replace"]').waitFor();
  const vpc = page.locator('#diagram g.fs-node[data-id="Vpc"]');
  assert.equal(await vpc.getAttribute("aria-label"), "Vpc 10.20.0.0/16 (Vpc): replaced; show in the template");
  assert.match(await vpc.locator("title").textContent(), /^Replaced: Vpc \(AWS::EC2::VPC\)/);
  // The badge's glyph: the mark does not rest on the outline's colour.
  assert.equal(await vpc.locator(".fs-badge text").textContent(), "\u21bb");
  const replaced = await markedNodes(page, "replace");
  for (const id of ["Vpc", "PublicSubnet1", "PrivateSubnet2", "NatGateway1", "DatabaseSecurityGroup", "ApiTargetGroup"]) {
    assert.ok(replaced.includes(id), `${id} not marked replaced: ${replaced}`);
  }
  // The database itself is updated in place by a CIDR edit (new security group), not replaced.
  const db = page.locator('#diagram g.fs-node[data-id="Database"]');
  assert.equal(await db.getAttribute("data-change"), "update");
  assert.match(await db.getAttribute("aria-label"), / \(Database\): updated; show in the template$/);
  assert.equal(await db.locator(".fs-badge text").textContent(), "~");
  assert.ok((await markedNodes(page, "update")).includes("LoadBalancer"));
  // What does not change is not marked.
  assert.equal(await page.locator('#diagram g.fs-node[data-id="Cluster"]').getAttribute("data-change"), null);
  assert.equal(await page.locator('#diagram g.fs-node[data-id="Bucket"]').getAttribute("data-change"), null);
  // The core's will-fail reasons, in red beside the command.
  const fail = await page.locator("#deploy-will-fail").textContent();
  assert.match(fail, /^This deploy will fail: /);
  assert.match(fail, /LoadBalancer \(updated\): the VPC is replaced and a load balancer cannot move to subnets of another VPC/);
  assert.match(fail, /DatabaseSubnetGroup \(updated\): the VPC is replaced and RDS refuses/);
  assert.equal(await page.locator("#deploy-data-loss").count(), 0);
  // A new database name (create-only) replaces the database: data loss.
  await field(page, "database.databaseName").fill("notes2");
  await page.locator('#diagram g.fs-node[data-id="Database"][data-change="replace"]').waitFor();
  assert.match(await db.getAttribute("aria-label"), / \(Database\): replaced; show in the template$/);
  const loss = page.locator("#deploy-data-loss");
  await loss.waitFor();
  assert.match(
    await loss.textContent(),
    /^This deploy will lose data: Database \(replaced\): the database is replaced by a new, empty instance/,
  );
  assert.match(await page.locator("#changes .alarm.data-loss").first().textContent(), /^Data loss: Database: /);
  // Without a baseline: no marks, no legend, no risk lines.
  await page.click("#baseline-remove");
  await page.waitForFunction(() => !document.querySelector("#diagram [data-change]") && !document.querySelector("#deploy-data-loss"));
  assert.equal(await page.locator("#diagram-legend, #deploy-will-fail").count(), 0);
  await page.close();
});

test("change marks: removing a service lists its resources as removed under the diagram", async () => {
  const page = await openPage();
  await compareWithPreset(page, "microservices");
  assert.equal(await page.locator("#diagram-removed").count(), 0);
  await page.getByRole("button", { name: "Remove admin" }).click();
  await page.locator("#diagram-removed").waitFor();
  const text = await page.locator("#diagram-removed").textContent();
  assert.match(text, /^Removed: .*\.$/);
  const removed = text.replace(/^Removed: /, "").replace(/\.$/, "").split(", ");
  for (const id of ["AdminService", "AdminTaskDefinition", "AdminTargetGroup", "AdminListenerRule", "AdminLogGroup", "AdminRepository"]) {
    assert.ok(removed.includes(id), `${id} not listed: ${text}`);
  }
  assert.ok(!removed.some((id) => id.startsWith("Api") || id.startsWith("Web")), text);
  assert.equal(await page.locator('#diagram [data-id="AdminService"]').count(), 0);
  assert.match(await page.locator("#deploy-data-loss").textContent(), /AdminLogGroup \(removed\): the log history is lost/);
  await page.close();
});

test("opening a template this tool made loads its config and offers it as the deployed baseline", async () => {
  const page = await openPage();
  await loadPreset(page, "minimal");
  const file = path.join(scratch, "notes.template.json");
  fs.writeFileSync(file, core(["--preset", "with-database"]));
  await page.setInputFiles("#open-file", file);
  await page.waitForFunction(() => document.querySelector('[data-path="name"]')?.value === "notes");
  assert.match(await page.locator("#status").textContent(), /from template notes\.template\.json/);
  const offer = page.getByRole("button", { name: "Use it as the deployed baseline" });
  await offer.waitFor();
  assert.equal(await page.locator("#baseline-name").count(), 0);
  await offer.click();
  await page.locator("#baseline-name").waitFor();
  assert.equal(await page.locator("#baseline-name").textContent(), "notes.template.json");
  await page.locator("#changes-none").waitFor();
  assert.equal(await page.locator("#use-baseline").count(), 0);
  assert.equal(await page.locator("#status").textContent(), "Comparing with notes.template.json.");
  // The button went away: the keyboard is on the Changes panel, not lost on the page.
  await page.waitForFunction(() => document.activeElement?.id === "h-changes", null, { timeout: WAIT });
  // The baseline is the opened file: an edit is compared with it.
  await field(page, "network.vpcCidr").fill("10.20.0.0/16");
  await page.locator('#diagram g.fs-node[data-id="Vpc"][data-change="replace"]').waitFor();
  // A saved config is no template: nothing is offered.
  const saved = await capture(page, "#save-config");
  await page.setInputFiles("#open-file", saved.file);
  await page.waitForFunction(() => /from config /.test(document.querySelector("#status")?.textContent ?? ""));
  assert.equal(await page.locator("#use-baseline").count(), 0);
  await page.close();
});

// ---------------------------------------------------------------- issue 17: no lost work, honest output, plain words, the way to production

const statusText = (page) => page.locator("#status").textContent();
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

test("undo and redo: a removal with its toast and safe focus, a preset load, the keys outside text boxes", async () => {
  const page = await openPage();
  assert.equal(await page.isDisabled("#undo"), true, "nothing to undo on a fresh page");
  assert.equal(await page.isDisabled("#redo"), true);
  assert.equal(await page.inputValue("#preset"), "seed");
  await page.click("#add-service");
  await field(page, "services[1].name").fill("api");
  // The generated path follows the rename.
  await page.waitForFunction(() => document.querySelector("#json")?.textContent.includes('"/api/*"'));
  assert.equal(await page.inputValue("#preset"), "custom");
  // Remove: no dialog, an undo toast, focus on the Services heading (not the next Remove button).
  await page.getByRole("button", { name: "Remove api" }).click();
  await page.waitForFunction(() => !document.querySelector('[data-path="services[1].name"]'));
  assert.equal(await statusText(page), "Removed service api. Undo");
  await page.waitForFunction(() => document.activeElement?.id === "h-services");
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), "BUTTON");
  await page.click("#undo-toast");
  await page.waitForFunction(() => document.querySelector('[data-path="services[1].name"]')?.value === "api");
  assert.match(await jsonText(page), /"\/api\/\*"/);
  // The toolbar's Undo takes back the rename (one step), then the added service.
  await page.click("#undo");
  await page.waitForFunction(() => document.querySelector('[data-path="services[1].name"]')?.value === "service-2");
  assert.match(await jsonText(page), /"\/service-2\/\*"/);
  assert.equal(await page.isDisabled("#redo"), false);
  // Ctrl+Shift+Z redoes when focus is not in a text box (here on the heading).
  await page.focus("#h-services");
  await page.keyboard.press("Control+Shift+Z");
  await page.waitForFunction(() => document.querySelector('[data-path="services[1].name"]')?.value === "api");
  assert.match(await statusText(page), /^Redone: /);
  // Loading a preset over the edits is undoable too.
  await page.selectOption("#preset", "minimal");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Loaded minimal.");
  assert.equal(await page.locator('[data-path="services[1].name"]').count(), 0);
  assert.equal(await page.inputValue("#preset"), "minimal");
  await page.focus("#h-services");
  await page.keyboard.press("Control+Z");
  await page.waitForFunction(() => document.querySelector('[data-path="services[1].name"]')?.value === "api");
  assert.equal(await statusText(page), "Undone: loaded minimal.");
  assert.equal(await page.inputValue("#preset"), "custom");
  // Inside a text box Ctrl+Z is the browser's own: the config's history is not touched.
  const before = await page.locator("#undo").getAttribute("title");
  await field(page, "name").focus();
  await page.keyboard.press("Control+Z");
  assert.equal(await field(page, "services[1].name").inputValue(), "api");
  assert.equal(await page.locator("#undo").getAttribute("title"), before);
  await page.close();
});

test("honest output: while problems exist the command, JSON and diagram show as stale and copies say so", async () => {
  const page = await openPage();
  assert.equal(await page.locator("#deploy-stale, #json-stale").count(), 0);
  assert.equal(await page.locator("#copy-json").textContent(), "Copy JSON");
  await field(page, "name").fill("Bad Name");
  await page.locator("#deploy-stale").waitFor();
  assert.equal(
    await page.locator("#deploy-stale").textContent(),
    "Showing the last valid template — 1 problem now. Fix them on the left for the form's command.",
  );
  assert.equal(await page.locator("#json-stale").textContent(), "Showing the last valid template — 1 problem now.");
  assert.equal(await page.locator("#copy-deploy").textContent(), "Copy command (last valid template, 1 problem now)");
  assert.equal(await page.locator("#copy-json").textContent(), "Copy JSON (last valid template, 1 problem now)");
  assert.match(await page.getAttribute("#deploy-command", "class"), /\bstale\b/);
  assert.match(await page.getAttribute("#json", "class"), /\bstale\b/);
  assert.match(await page.getAttribute("#diagram", "class"), /\bstale\b/);
  assert.equal(await page.locator("#diagram-stale").textContent(), "Diagram below: the last valid template — 1 problem now.");
  await page.click("#copy-json");
  await page.waitForFunction(() =>
    document.querySelector("#status")?.textContent === "Copied the template JSON of the last valid template (1 problem now).",
  );
  await field(page, "name").fill("good-name");
  await page.waitForFunction(() => !document.querySelector("#deploy-stale"));
  assert.equal(await page.locator("#diagram-stale, #json-stale").count(), 0);
  assert.equal(await page.locator("#copy-deploy").textContent(), "Copy command");
  assert.doesNotMatch(await page.getAttribute("#deploy-command", "class"), /\bstale\b/);
  await page.close();
});

test("plain words: problems by section and label, fixed core messages, options in words, true defaults, said changes", async () => {
  const page = await openPage();
  await page.click("#add-service");
  await field(page, "services[1].name").waitFor();
  // Only the first service's name has a default; the second's is generated.
  const nameFrame = (i) => page.locator(".field", { has: page.locator(`[data-path="services[${i}].name"]`) });
  assert.equal(await nameFrame(0).locator(".default").count(), 1);
  assert.equal(await nameFrame(1).locator(".default").count(), 0);
  await field(page, "services[1].name").fill("flask");
  const problem = page.locator('#problems button[data-path-of="services[1].name"]');
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /^Service 2 \(flask\) › Name: /);
  assert.doesNotMatch(text, /services\[1\]/);
  await field(page, "services[1].name").fill("worker");
  await page.waitForFunction(() => document.querySelector("#json")?.textContent.includes('"/worker/*"'));
  // Out of range, not "not a whole number"; the VPC CIDR's messages agree with its help and
  // land on the field typed in.
  await field(page, "network.azCount").fill("-1");
  await page.locator('[data-error-for="network.azCount"]').waitFor();
  assert.match(await page.locator('[data-error-for="network.azCount"]').textContent(), /^-1 is out of range; enter a whole number from 2 to 6/);
  await field(page, "network.azCount").fill("2");
  await field(page, "network.vpcCidr").fill("10.0.0.0/33");
  await page.locator('[data-error-for="network.vpcCidr"]').waitFor();
  assert.match(await page.locator('[data-error-for="network.vpcCidr"]').textContent(), /\/33 is not allowed for a VPC; use \/16 to \/28/);
  await field(page, "network.vpcCidr").fill("10.0.0.0/24");
  await page.waitForFunction(() => /too small for 4 subnets/.test(document.querySelector('[data-error-for="network.vpcCidr"]')?.textContent ?? ""));
  assert.equal(await page.locator('[data-error-for="network.subnetPrefixLength"]').count(), 0);
  await field(page, "network.vpcCidr").fill("10.0.0.0/16");
  // Options read as words.
  const options = async (p) => field(page, p).locator("option").allTextContents();
  assert.ok((await options("loadBalancer.scheme")).includes("Internet-facing (public subnets)"));
  assert.ok((await options("network.natGateways")).some((o) => o.startsWith("One per AZ")));
  for (const o of [...(await options("loadBalancer.scheme")), ...(await options("network.natGateways"))]) {
    assert.doesNotMatch(o, /internetFacing|perAz/);
  }
  // A CPU that forces memory says so, and "default 512" goes where 512 is not offered.
  const memoryFrame = page.locator(".field", { has: page.locator('[data-path="services[0].memory"]') });
  await field(page, "services[0].cpu").selectOption("4096");
  await page.waitForFunction(() => /^Memory of flask changed from 2048 to 8192 MiB/.test(document.querySelector("#status")?.textContent ?? ""));
  assert.equal(await memoryFrame.locator(".default").count(), 0);
  // Status messages clear themselves.
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "", null, { timeout: 10_000 });
  await page.close();
});

test("the way to production: Connect variables, first-deploy commands with --region, a certificate from another region", async () => {
  const page = await openPage();
  await loadPreset(page, "with-database");
  await openGroup(page, 0, "Connect");
  const connect = page.locator("#connect-0");
  assert.match(await connect.textContent(), /DB_HOSTthe database's host name/);
  assert.match(await connect.textContent(), /DB_PASSWORDthe database's managed secret \(password\)/);
  assert.match(await connect.textContent(), /BUCKET_NAMEthe name of the stack's S3 bucket/);
  await page.locator("#runbook summary").click();
  const steps = await page.locator("#runbook li pre").allTextContents();
  assert.equal(steps.length, 5, steps.join("\n"));
  assert.match(steps[0], /^aws cloudformation deploy --region us-east-1 .*ApiDesiredCount=0/);
  assert.match(steps[1], /aws ecr get-login-password --region us-east-1 \| docker login/);
  assert.match(steps[2], /ApiRepositoryUri.*docker build --platform linux\/amd64.*docker push "\$REPO:latest"/);
  assert.match(steps[3], /ApiDesiredCount=2/);
  assert.match(steps[4], /OutputKey=='Url'/);
  await page.locator("#runbook li button").nth(1).click();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Copied the command.");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), steps[1]);
  // The region feeds the command, the runbook and the cost panel.
  await page.selectOption("#region", "eu-west-1");
  await page.waitForFunction(() => document.querySelector("#deploy-command")?.textContent.startsWith("aws cloudformation deploy --region eu-west-1 "));
  assert.match((await page.locator("#runbook li pre").allTextContents())[1], /--region eu-west-1/);
  assert.equal(await page.inputValue("#cost-region"), "eu-west-1");
  assert.equal(await page.locator("#region-warning").count(), 0);
  await field(page, "loadBalancer.certificateArn").fill("arn:aws:acm:us-east-1:123456789012:certificate/abc");
  await page.locator("#region-warning").waitFor();
  assert.match(await page.locator("#region-warning").textContent(), /names region us-east-1, but the stack deploys to eu-west-1/);
  await page.selectOption("#region", "us-east-1");
  await page.waitForFunction(() => !document.querySelector("#region-warning"));
  await page.close();
});

test("a template whose resources were edited by hand loads with a warning naming what differs, and undoes", async () => {
  const page = await openPage();
  await loadPreset(page, "minimal");
  const template = JSON.parse(core(["--preset", "seed"]));
  template.Resources.Extra = { Type: "AWS::SNS::Topic" };
  template.Resources.Cluster.Properties.ClusterName = "by-hand";
  delete template.Resources.FlaskLogGroup;
  const file = path.join(scratch, "edited.template.json");
  fs.writeFileSync(file, JSON.stringify(template, null, 2));
  await page.setInputFiles("#open-file", file);
  await page.waitForFunction(() => document.querySelector('[data-path="name"]')?.value === "flask-api");
  const status = await statusText(page);
  assert.match(status, /from template edited\.template\.json, but its resources differ from what that config generates/);
  assert.match(status, /added Extra; removed FlaskLogGroup; changed Cluster \(ClusterName\)/);
  assert.match(await page.getAttribute("#status", "class"), /\berror\b/);
  // An untouched template loads without the warning.
  const clean = path.join(scratch, "clean.template.json");
  fs.writeFileSync(clean, core(["--preset", "seed"]));
  await page.setInputFiles("#open-file", clean);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("Loaded the config from template clean.template.json."));
  // Opening a file is undoable: twice back is minimal again.
  await page.click("#undo");
  await page.click("#undo");
  await page.waitForFunction(() => document.querySelector("#preset")?.value === "minimal");
  await page.close();
});

test("screenshots and timings", { timeout: 120_000 }, async () => {
  // Navigation to a usable form, measured in the page.
  const page = await context.newPage();
  await page.goto(`${origin}/static/icon.svg`);
  await page.evaluate(() => localStorage.clear());
  await page.addInitScript(() => {
    const check = () => {
      if (document.querySelector('[data-path="name"]')) window.__usableAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__usableAt !== undefined, null, { timeout: WAIT });
  figures.usableMs = await page.evaluate(() => window.__usableAt);

  await page.screenshot({ path: path.join(ARTIFACTS, "designer-seed.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: path.join(ARTIFACTS, "designer-seed-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: path.join(ARTIFACTS, "designer-laptop.png") });
  await page.setViewportSize({ width: 1440, height: 900 });

  const warmedAt = await page.evaluate(() => document.querySelector("main.layout").dataset.warmed ?? "not yet");
  // Keystroke to updated JSON and diagram: type into the name, wait until both views show
  // the new revision (the SVG's title carries the name, so the diagram really redraws).
  const times = await page.evaluate(async (edits) => {
    const input = document.querySelector('[data-path="name"]');
    const main = document.querySelector("main.layout");
    const out = [];
    for (let i = 0; i < edits; i++) {
      const before = Number(main.dataset.revision);
      const name = `perf-${i}`;
      const done = new Promise((resolve) => {
        // Cheap checks while timing (revisions and the diagram's title); the JSON's text is
        // checked once the clock has stopped, so the measuring does not weigh on the figure.
        const ok = () =>
          Number(document.querySelector("#json").dataset.revision) > before &&
          Number(document.querySelector("#diagram").dataset.revision) > before &&
          document.querySelector("#diagram title")?.textContent.includes(name);
        const observer = new MutationObserver(() => {
          if (ok()) {
            const at = performance.now();
            observer.disconnect();
            resolve(document.querySelector("#json").textContent.includes(`"${name}`) ? at : NaN);
          }
        });
        observer.observe(main, { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => { observer.disconnect(); resolve(NaN); }, 5000);
      });
      const t0 = performance.now();
      input.value = name;
      input.dispatchEvent(new InputEvent("input", { bubbles: true, data: String(i % 10) }));
      out.push((await done) - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return out;
  }, 100);
  assert.ok(times.every((t) => Number.isFinite(t)), "some edits never showed up");
  const sorted = [...times].sort((a, b) => a - b);
  figures.edits = times.length;
  figures.median = sorted[Math.floor(sorted.length / 2)];
  figures.p95 = sorted[Math.ceil(sorted.length * 0.95) - 1];
  // The first ten on their own: whether they wait on V8's baseline code (see crate-web's warm.rs),
  // and when the idle warm-up had ended (ms since navigation, or not yet when typing began).
  figures.firstTen = [...times.slice(0, 10)].sort((a, b) => a - b)[5];
  figures.warmed = warmedAt;

  const wasm = fs.readFileSync(path.join(DIST, "fargate-stack-web_bg.wasm"));
  figures.wasmRaw = wasm.length;
  figures.wasmGzip = zlib.gzipSync(wasm, { level: 9 }).length;
  await page.close();
});

test("nothing left 127.0.0.1 and nothing crashed", () => {
  const foreign = requests.filter(
    (u) => !(u.startsWith(`${origin}/`) || u.startsWith("data:") || u.startsWith("blob:")),
  );
  assert.deepEqual(foreign, [], "requests beyond the page's origin");
  assert.ok(requests.length > 0);
  assert.deepEqual(pageErrors, []);
});
