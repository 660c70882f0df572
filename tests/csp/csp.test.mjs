// The package in headless Chromium under `Content-Security-Policy: script-src 'self'
// 'wasm-unsafe-eval'` (no unsafe-eval, no inline script): the page imports the installed package
// and lists organizations from the real emulator; no CSP violation may be reported. The same for
// the v1 entry (v1.html): the shared calls of tests/js/support/exercise.mjs through dist/v1/,
// checked against the emulator's answers and journal by tests/js/support/entries.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installedDist, playwright, CHROMIUM, CHROMIUM_ARGS } from "../hostile/lib/pkg.mjs";
import { startEmulator } from "../hostile/lib/emulator.mjs";
import { startCspServer, CSP } from "./server.mjs";
import { baseUrlFor, checkExercise, newTag } from "../js/support/entries.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUPPORT = path.join(HERE, "..", "js", "support");
const { chromium } = playwright();

let emu;
let web;
let browser;
before(async () => {
  emu = await startEmulator();
  web = await startCspServer({ pageDir: HERE, distDir: installedDist(), supportDir: SUPPORT });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await web?.close();
  await emu?.stop();
});

/** Opens `url` in a fresh page, collecting console errors, page errors and CSP reports. */
async function open(url) {
  const page = await browser.newPage();
  const seen = { consoleErrors: [], pageErrors: [], violations: [] };
  page.on("console", (m) => { if (m.type() === "error") seen.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => seen.pageErrors.push(String(e)));
  // Registered by the browser itself before any page script runs (not subject to the page CSP).
  await page.exposeFunction("__reportViolation", (v) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__reportViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  const response = await page.goto(url);
  return { page, seen, response };
}

test("the served page really carries the strict policy", async () => {
  const { page, response } = await open(`${web.origin}/`);
  assert.equal(response.headers()["content-security-policy"], CSP);
  assert.doesNotMatch(CSP, /'unsafe-eval'|'unsafe-inline'/);
  await page.close();
});

test("control: the same policy blocks and reports an inline script and eval (the listeners work)", async () => {
  const { page, seen } = await open(`${web.origin}/control.html`);
  await page.waitForFunction(() => window.evalError !== undefined || window.evalResult !== undefined);
  await page.waitForTimeout(200); // let the violation events be delivered
  assert.equal(await page.evaluate(() => window.inlineRan), undefined, "the inline script ran");
  assert.ok(await page.evaluate(() => window.evalError), "eval was allowed");
  const directives = seen.violations.map((v) => v.directive);
  assert.ok(directives.some((d) => d.startsWith("script-src")), `no script-src violation reported: ${JSON.stringify(seen.violations)}`);
  assert.ok(seen.violations.some((v) => v.blocked === "inline"), "no inline violation reported");
  assert.ok(seen.violations.some((v) => v.blocked === "eval"), "no eval violation reported");
  await page.close();
});

test("the package loads and lists organizations from the emulator under the strict CSP, with no violation", async () => {
  const url = `${web.origin}/?api=${encodeURIComponent(emu.baseUrl)}&token=${encodeURIComponent(emu.token)}`;
  const { page, seen } = await open(url);
  await page.waitForFunction(() => document.body.dataset.state !== "loading", null, { timeout: 30_000 });
  await page.waitForTimeout(200);
  const state = await page.evaluate(() => document.body.dataset.state);
  const result = JSON.parse(await page.textContent("#result"));
  const inPage = await page.evaluate(() => window.cspViolations);
  assert.equal(state, "done", `the call failed in the page: ${JSON.stringify(result)}`);
  assert.equal(result.ok, true);
  assert.ok(Array.isArray(result.page.organizations) && result.page.organizations.length >= 1, "no organizations listed");
  for (const o of result.page.organizations) assert.equal(typeof o.id, "string");
  // Cross-check with the emulator itself.
  const direct = await (await fetch(`${emu.baseUrl}/organizations?limit=10`, { headers: { authorization: `Bearer ${emu.token}` } })).json();
  assert.deepEqual(result.page.organizations.map((o) => o.id), direct.organizations.map((o) => o.id));
  assert.deepEqual(seen.violations, [], "CSP violations were reported");
  assert.deepEqual(inPage, [], "the page saw CSP violations");
  assert.deepEqual(seen.pageErrors, [], "uncaught page errors");
  assert.deepEqual(seen.consoleErrors, [], "console errors");
  await page.close();
});

test("the v1 entry loads under the strict CSP and makes real v1 calls, with no violation", async () => {
  const tag = newTag("csp-v1");
  const url = `${web.origin}/v1.html?api=${encodeURIComponent(baseUrlFor(emu.origin, "v1"))}&token=${encodeURIComponent(emu.token)}&tag=${tag}`;
  const { page, seen } = await open(url);
  await page.waitForFunction(() => document.body.dataset.state !== "loading", null, { timeout: 30_000 });
  await page.waitForTimeout(200);
  const state = await page.evaluate(() => document.body.dataset.state);
  const shown = JSON.parse(await page.textContent("#result"));
  const inPage = await page.evaluate(() => window.cspViolations);
  assert.equal(state, "done", `the calls failed in the page: ${JSON.stringify(shown)}`);
  await checkExercise(shown.result, { entry: "v1", origin: emu.origin, token: emu.token, tag });
  assert.deepEqual(seen.violations, [], "CSP violations were reported");
  assert.deepEqual(inPage, [], "the page saw CSP violations");
  assert.deepEqual(seen.pageErrors, [], "uncaught page errors");
  // Chromium logs a failed fetch: only the two errors the calls ask for (a 404 getWorkspace, a
  // createDeployment refused with 400) may be in the console.
  const failedLoad = (status) => `Failed to load resource: the server responded with a status of ${status}`;
  assert.deepEqual(seen.consoleErrors.map((m) => m.replace(/ \(.*\)$/, "")).sort(), [failedLoad(400), failedLoad(404)], "console errors");
  await page.close();
});

for (const [entry, file] of [["default", ""], ["v1", "v1.html"]]) {
  test(`control (${entry} entry): without 'wasm-unsafe-eval' the same page fails and reports a violation (the package really compiles wasm in the page)`, async () => {
    const strict = await startCspServer({ pageDir: HERE, distDir: installedDist(), supportDir: SUPPORT, csp: "script-src 'self'" });
    try {
      const api = entry === "v1" ? baseUrlFor(emu.origin, "v1") : emu.baseUrl;
      const url = `${strict.origin}/${file}?api=${encodeURIComponent(api)}&token=${encodeURIComponent(emu.token)}&tag=${newTag("csp-control")}`;
      const { page, seen } = await open(url);
      await page.waitForFunction(() => document.body.dataset.state !== "loading" || window.cspViolations.length > 0, null, { timeout: 30_000 });
      await page.waitForTimeout(300);
      assert.notEqual(await page.evaluate(() => document.body.dataset.state), "done", "the call succeeded without wasm-unsafe-eval");
      assert.ok(seen.violations.some((v) => v.blocked === "wasm-eval" || /wasm/.test(v.sample ?? "")),
        `no wasm violation reported: ${JSON.stringify(seen.violations)}`);
      await page.close();
    } finally {
      await strict.close();
    }
  });
}
