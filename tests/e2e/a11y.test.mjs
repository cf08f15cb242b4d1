// Accessibility of the designer (issue 17, "Accessible"): axe-core finds no violation of any
// impact in four states, focus is visible (3:1 against what is behind it) and touch targets on a
// phone are at least 24x24 px.
//
//   make test-web            (builds dist/ first; runs designer.test.mjs and this file)
//
// Its own server and browser, so it can run alone; every context bypasses the page's CSP, which
// otherwise (rightly) refuses the injected axe-core script.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "./static-server.mjs";

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = process.env.ROOT ?? path.resolve(HERE, "../..");
const DIST = process.env.DIST ?? path.join(ROOT, "dist");
const NODE_MODULES = (process.env.NODE_PATH ?? path.join(ROOT, ".tools/node/node_modules")).split(":")[0];
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const WAIT = 15_000;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const load = createRequire(path.join(NODE_MODULES, "noop.js"));
const { chromium } = load("playwright-core");
const AXE = fs.readFileSync(load.resolve("axe-core/axe.min.js"), "utf8");

let server;
let origin;
let browser;
const pageErrors = [];


before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "index.html")), `no ${DIST}/index.html: run make dist`);
  server = await startServer(DIST);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** A fresh context (empty storage) on the designer, with the seed preset loaded. */
async function openPage({ viewport = DESKTOP, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true, reducedMotion: "reduce" });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForSelector('[data-path="name"]', { timeout: WAIT });
  if ((await page.inputValue("#preset")) !== "seed") {
    await page.selectOption("#preset", "seed");
    await page.waitForFunction(() => document.querySelector("#status")?.textContent === "Loaded seed.", null, {
      timeout: WAIT,
    });
  }
  // Let the diagram and the panels settle.
  await page.waitForFunction(
    () => {
      const main = Number(document.querySelector("main.layout")?.dataset.revision);
      return Number(document.querySelector("#json")?.dataset.revision) === main;
    },
    null,
    { timeout: WAIT },
  );
  return page;
}

/** axe-core's violations on the page as it is: [{ id, impact, nodes: [{ target, summary }] }]. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  });
}

function report(state, violations) {
  return (
    `${state}: ${violations.reduce((n, v) => n + v.nodes.length, 0)} violations\n` +
    violations
      .map(
        (v) =>
          `  ${v.id} (${v.impact}), ${v.nodes.length}:\n` +
          v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, "\n      ")}`).join("\n"),
      )
      .join("\n")
  );
}

async function assertNoViolations(page, state) {
  const violations = await axe(page);
  if (process.env.A11Y_VERBOSE || violations.length) console.log(report(state, violations));
  assert.equal(violations.length, 0, report(state, violations));
}

// ---------------------------------------------------------------- tests

test("axe-core: no violations on the seed at 1440 px", async () => {
  const page = await openPage();
  await assertNoViolations(page, "seed at 1440x900");
  await page.context().close();
});

test("axe-core: no violations with problems showing", async () => {
  const page = await openPage();
  await page.fill('[data-path="name"]', "Bad Name");
  await page.fill('[data-path="network.azCount"]', "9");
  await page.fill('[data-path="loadBalancer.ingressCidrs[0]"]', "10.0.0.0/99");
  await page.locator('[data-error-for="network.azCount"]').waitFor({ timeout: WAIT });
  await page.waitForFunction(() => document.querySelector("#problems")?.dataset.count === "3", null, {
    timeout: WAIT,
  });
  // Every field with a problem names its message: a list row as much as a text field.
  const undescribed = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-invalid="true"]')]
      .filter((el) => {
        const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/);
        return !ids.some((id) => document.getElementById(id)?.matches("ul.errors"));
      })
      .map((el) => el.dataset.path ?? el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(undescribed, []);
  await assertNoViolations(page, "problems showing");
  await page.context().close();
});

test("axe-core: no violations on a phone (390x844)", async () => {
  const page = await openPage({ viewport: PHONE });
  await assertNoViolations(page, "phone 390x844");
  await page.context().close();
});

test("axe-core: no violations in dark mode", async () => {
  const page = await openPage({ colorScheme: "dark" });
  await assertNoViolations(page, "dark mode");
  await page.context().close();
});

/** Focus ring of the focused element: its colour, the colour behind it and their contrast (in the page). */
function focusRing(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const parse = (c) => {
      const m = c && c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    // The colour painted behind `node`: its own and its ancestors' backgrounds, blended.
    const backdrop = (node) => {
      const layers = [];
      for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c && c.a === 1) break;
      }
      let colour = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (!colour || colour.a < 1) colour = matchMedia("(prefers-color-scheme: dark)").matches ? { r: 0, g: 0, b: 0, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
      for (const l of layers.reverse()) colour = over(l, colour);
      return colour;
    };
    const luminance = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const contrast = (a, b) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    // A visually hidden input shows its focus on its label.
    const shown = el.matches("input.visually-hidden") && el.labels?.[0] ? el.labels[0] : el;
    const style = getComputedStyle(shown);
    let ring = null;
    let behind = null;
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) {
      ring = parse(style.outlineColor);
      // An outline drawn outside the box sits on the parent's background; inside, on its own.
      behind = parseFloat(style.outlineOffset) >= 0 ? backdrop(shown.parentElement) : backdrop(shown);
    } else if (style.boxShadow && style.boxShadow !== "none") {
      ring = parse(style.boxShadow);
      behind = backdrop(shown.parentElement);
    }
    if (!ring || ring.a === 0) return { element: shown.outerHTML.slice(0, 120), ratio: 0 };
    const solid = over(ring, behind);
    return {
      element: shown.outerHTML.slice(0, 120),
      ring: style.outlineStyle !== "none" ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : style.boxShadow,
      ratio: contrast(solid, behind),
      // And against the control's own face, which the ring borders.
      face: contrast(solid, backdrop(shown)),
    };
  });
}

/** Tabs forward until `selector` has the focus (at most 400 presses). */
async function tabTo(page, selector) {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

for (const colorScheme of ["light", "dark"]) {
  test(`focus is visible: at least 3:1 against its background, by keyboard (${colorScheme})`, async () => {
    const page = await openPage({ colorScheme });
    // In page order: the toolbar's open button, a button, a text field, a select, a checkbox,
    // a list row and its remove button.
    const stops = [
      "#open-file",
      "#save-config",
      '[data-path="name"]',
      '[data-path="network.natGateways"]',
      'input[type="checkbox"][data-path]',
      '.rows input[type="text"]',
      '.rows button',
    ];
    await page.focus("body");
    const seen = [];
    for (const selector of stops) {
      await tabTo(page, selector);
      const ring = await focusRing(page);
      seen.push(`${selector}: ${ring.ratio.toFixed(2)}:1 (${ring.ring})`);
      assert.ok(ring.ratio >= 3, `${colorScheme}: ${selector} focus ring ${ring.ring} is ${ring.ratio.toFixed(2)}:1 against its background (${ring.element})`);
    }
    if (process.env.A11Y_VERBOSE) console.log(seen.join("\n"));
    await page.context().close();
  });
}

test("focus is visible at every Tab stop, with problems showing (light and dark)", { timeout: 120_000 }, async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openPage({ colorScheme });
    await page.fill('[data-path="name"]', "Bad Name");
    await page.locator('[data-error-for="name"]').waitFor({ timeout: WAIT });
    await page.focus("body");
    const weak = [];
    const seen = new Set();
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press("Tab");
      const key = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        el.dataset.a11ySeen ??= String(Math.random());
        return el.dataset.a11ySeen;
      });
      if (key === null || seen.has(key)) break;
      seen.add(key);
      const ring = await focusRing(page);
      if (!(ring.ratio >= 3)) weak.push(`${ring.ratio.toFixed(2)}:1 ${ring.ring ?? "no ring"} ${ring.element}`);
    }
    assert.ok(seen.size > 30, `${colorScheme}: only ${seen.size} Tab stops`);
    assert.deepEqual(weak, [], `${colorScheme}: ${weak.length} of ${seen.size} Tab stops without a 3:1 focus ring:\n${weak.join("\n")}`);
    await page.context().close();
  }
});

test("touch targets: every visible button, checkbox, select and input is at least 24x24 px on a phone", async () => {
  const page = await openPage({ viewport: PHONE });
  // Open every collapsed group so its controls count too.
  for (const summary of await page.locator("details:not([open]) > summary").all()) {
    if (await summary.isVisible()) await summary.click();
  }
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("button, select, input, textarea, label.button, summary")]
      .filter((el) => {
        const style = getComputedStyle(el);
        if (el.matches(".visually-hidden") || style.visibility === "hidden" || style.display === "none") return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { el: el.outerHTML.slice(0, 100), w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10 };
      })
      .filter(({ w, h }) => w < 24 || h < 24),
  );
  assert.deepEqual(small, [], `${small.length} targets under 24x24 px:\n${small.map((s) => `  ${s.w}x${s.h} ${s.el}`).join("\n")}`);
  await page.context().close();
});

test("nothing crashed", () => {
  assert.deepEqual(pageErrors, []);
});
