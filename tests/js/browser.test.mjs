// Headless Chromium (Playwright): a plain page imports the installed package with no bundler and
// calls the emulator (cross-origin, as a real page calling the real API would); the core issue-5
// checks run in the page too. Also a dedicated worker, and a page under a strict CSP. The v1 entry
// (dist/v1/index.js) in a plain page and in a module worker: the shared calls
// (support/exercise.mjs, served to the page as is), checked against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AstroClient } from "astro-platform-client";
import { startEmulator, queryOf, sleep } from "./support/emulator.mjs";
import { ENTRIES, baseUrlFor, checkExercise, newTag } from "./support/entries.mjs";

const TOKEN = "browser-token-Zx81";
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src *; worker-src 'self'";
const installed = path.join(process.env.ASTRO_PROJECT_DIR, "node_modules", "astro-platform-client");
const exerciseFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "support", "exercise.mjs");
let emu;
let site;
let browser;
let page;
let org;
const pageErrors = [];

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".cjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json", ".ts": "text/plain" };

const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>plain</title>
<script type="module">
  import * as pkg from "/pkg/dist/index.js";
  window.astroPkg = pkg;
  window.astroReady = true;
</script>`;

const CSP_PAGE = `<!doctype html><meta charset="utf-8"><title>csp</title>
<script type="module" src="/csp-page.js"></script>`;
const CSP_SCRIPT = `import { AstroClient } from "/pkg/dist/index.js";
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
const cfg = JSON.parse(new URLSearchParams(location.search).get("cfg"));
const c = new AstroClient({ token: cfg.token, baseUrl: cfg.baseUrl });
c.listOrganizations().then((r) => { window.cspResult = r.organizations.map((o) => o.id); }, (e) => { window.cspResult = "error: " + e.name + ": " + e.message; });`;

const WORKER = `import { AstroClient } from "/pkg/dist/index.js";
self.onmessage = async (ev) => {
  try {
    const c = new AstroClient({ token: ev.data.token, baseUrl: ev.data.baseUrl });
    const r = await c.listOrganizations();
    self.postMessage({ ok: r.organizations.map((o) => o.id) });
  } catch (e) {
    self.postMessage({ error: String(e && e.name) + ": " + String(e && e.message) });
  }
};`;

// One entry of the package (static imports, no bundler) and the shared calls, in a page and in a worker.
const ENTRY_PAGE = (entry) => `<!doctype html><meta charset="utf-8"><title>${entry}</title>
<script type="module">
  import * as pkg from "/pkg/dist/${ENTRIES[entry].dist}";
  import { exercise } from "/support/exercise.mjs";
  window.astroRun = (options) => exercise(pkg, options);
  window.astroEntryReady = true;
</script>`;
const ENTRY_WORKER = (entry) => `import * as pkg from "/pkg/dist/${ENTRIES[entry].dist}";
import { exercise } from "/support/exercise.mjs";
self.onmessage = (ev) => exercise(pkg, ev.data).then((out) => self.postMessage({ out }), (e) => self.postMessage({ error: String(e && e.name) + ": " + String(e && e.message) }));`;

async function startSite() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(body);
    };
    if (url.pathname === "/") return send(200, "text/html", PLAIN_PAGE);
    if (url.pathname === "/csp.html") return send(200, "text/html", CSP_PAGE, { "content-security-policy": CSP });
    if (url.pathname === "/csp-page.js") return send(200, "text/javascript", CSP_SCRIPT);
    if (url.pathname === "/worker.js") return send(200, "text/javascript", WORKER);
    const entry = /^\/(page|worker)-(v1|v1beta1)\.(html|js)$/.exec(url.pathname);
    if (entry && entry[1] === "page") return send(200, "text/html", ENTRY_PAGE(entry[2]));
    if (entry) return send(200, "text/javascript", ENTRY_WORKER(entry[2]));
    if (url.pathname === "/support/exercise.mjs") return send(200, "text/javascript", await readFile(exerciseFile));
    if (url.pathname.startsWith("/pkg/")) {
      const rel = path.normalize(decodeURIComponent(url.pathname.slice("/pkg/".length)));
      if (rel.startsWith("..")) return send(403, "text/plain", "no");
      try {
        const data = await readFile(path.join(installed, rel));
        return send(200, TYPES[path.extname(rel)] ?? "application/octet-stream", data);
      } catch {
        return send(404, "text/plain", "not found");
      }
    }
    send(404, "text/plain", "not found");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

before(async () => {
  emu = await startEmulator(["--token", TOKEN, "--lifecycle-seconds", "2"]);
  org = (await new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl }).listOrganizations()).organizations[0].id;
  site = await startSite();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => window.astroReady === true, null, { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  site?.server.close();
  await emu?.stop();
});

const cfg = () => ({ token: TOKEN, baseUrl: emu.baseUrl, org });

test("a plain page imports the package with no bundler and lists organizations", async () => {
  const ids = await page.evaluate(async ({ token, baseUrl }) => {
    const c = new window.astroPkg.AstroClient({ token, baseUrl });
    const r = await c.listOrganizations();
    return r.organizations.map((o) => o.id);
  }, cfg());
  const expected = (await new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl }).listOrganizations()).organizations.map((o) => o.id);
  assert.deepEqual(ids, expected);
  assert.deepEqual(pageErrors, []);
});

test("in the page: errors are the exported classes, validation sends nothing", async () => {
  const out = await page.evaluate(async ({ token, baseUrl, org }) => {
    const P = window.astroPkg;
    const c = new P.AstroClient({ token, baseUrl, organizationId: org, maxRetries: 0 });
    const e404 = await c.getWorkspace({ workspaceId: "missing-id" }).catch((e) => e);
    const ev = await c.createWorkspace({}).catch((e) => e);
    return {
      api: [e404 instanceof P.AstroApiError, e404 instanceof P.AstroError, e404 instanceof Error, e404.name, e404.status],
      val: [ev instanceof P.AstroValidationError, ev.name, JSON.stringify(ev.issues)],
    };
  }, cfg());
  assert.deepEqual(out.api, [true, true, true, "AstroApiError", 404]);
  assert.equal(out.val[0], true, out.val.join(" "));
  assert.match(out.val[2], /"path":"name"/);
});

test("in the page: 429 with Retry-After: 1 is honoured", async () => {
  const key = `b429-${Date.now()}`;
  const elapsed = await page.evaluate(async ({ token, baseUrl, org, key }) => {
    const c = new window.astroPkg.AstroClient({ token, baseUrl, organizationId: org });
    const t0 = performance.now();
    await c.getOrganization({}, { headers: { "x-emulator-fault": `status=429; retry-after=1; times=1; key=${key}` } });
    return performance.now() - t0;
  }, { ...cfg(), key });
  assert.ok(elapsed >= 900 && elapsed < 6000, `waited ${elapsed} ms`);
  assert.deepEqual((await emu.journalFor(key)).map((e) => e.status), [429, 200]);
});

test("in the page: 503 then success on a GET", async () => {
  const key = `b503-${Date.now()}`;
  const id = await page.evaluate(async ({ token, baseUrl, org, key }) => {
    const c = new window.astroPkg.AstroClient({ token, baseUrl, organizationId: org });
    const o = await c.getOrganization({}, { headers: { "x-emulator-fault": `status=503; times=1; key=${key}` } });
    return o.id;
  }, { ...cfg(), key });
  assert.equal(id, org);
  assert.deepEqual((await emu.journalFor(key)).map((e) => e.status), [503, 200]);
});

test("in the page: abort during the backoff rejects fast with the reason; nothing sent after", async () => {
  const key = `babort-${Date.now()}`;
  const out = await page.evaluate(async ({ token, baseUrl, org, key }) => {
    const c = new window.astroPkg.AstroClient({ token, baseUrl, organizationId: org });
    const ac = new AbortController();
    const t0 = performance.now();
    const p = c.getOrganization({}, { signal: ac.signal, headers: { "x-emulator-fault": `status=429; retry-after=5; times=1; key=${key}` } });
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    const err = await p.then(() => null, (e) => e);
    return { same: err === ac.signal.reason, name: err && err.name, isDom: err instanceof DOMException, ms: performance.now() - t0 };
  }, { ...cfg(), key });
  assert.deepEqual([out.same, out.name, out.isDom], [true, "AbortError", true]);
  assert.ok(out.ms < 2000, `rejected after ${out.ms} ms`);
  await sleep(5500 - out.ms);
  assert.equal((await emu.journalFor(key)).length, 1, "no request after the abort");
});

test("in the page: pagination at exact offsets", async () => {
  const c = new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl, organizationId: org });
  for (let i = 0; i < 230; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => c.createWorkspace({ name: `browser-${i + j}` })));
  }
  const total = (await c.listWorkspaces({ limit: 1 })).totalCount;
  const tag = `bpage-${Date.now()}`;
  const n = await page.evaluate(async ({ token, baseUrl, org, tag }) => {
    const c = new window.astroPkg.AstroClient({ token, baseUrl, organizationId: org, headers: { "x-test-id": tag } });
    const ids = new Set();
    for await (const w of c.paginate("listWorkspaces", { limit: 100 })) ids.add(w.id);
    return ids.size;
  }, { ...cfg(), tag });
  assert.equal(n, total);
  const offsets = (await emu.journalFor(tag)).map((e) => Number(queryOf(e).get("offset") ?? "0"));
  assert.deepEqual(offsets, Array.from({ length: Math.ceil(total / 100) }, (_, i) => i * 100));
});

test("a dedicated module worker imports the package and completes a call", async () => {
  const out = await page.evaluate(
    ({ token, baseUrl }) =>
      new Promise((resolve) => {
        const w = new Worker("/worker.js", { type: "module" });
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve({ error: `worker error: ${e.message}` });
        w.postMessage({ token, baseUrl });
      }),
    cfg(),
  );
  assert.ok(out.ok, JSON.stringify(out));
  assert.ok(out.ok.includes(org));
});

test("a page under a strict CSP (script-src 'self' 'wasm-unsafe-eval') works with no violation", async () => {
  const p2 = await browser.newPage();
  const consoleErrors = [];
  p2.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  p2.on("pageerror", (e) => consoleErrors.push(String(e)));
  await p2.goto(`${site.origin}/csp.html?cfg=${encodeURIComponent(JSON.stringify({ token: TOKEN, baseUrl: emu.baseUrl }))}`);
  await p2.waitForFunction(() => window.cspResult !== undefined, null, { timeout: 20000 }).catch(() => {});
  const result = await p2.evaluate(() => window.cspResult);
  const violations = await p2.evaluate(() => window.cspViolations ?? []);
  await p2.close();
  assert.ok(Array.isArray(result), `call result: ${result}; console: ${consoleErrors.join(" | ")}`);
  assert.ok(result.includes(org));
  assert.deepEqual(violations, []);
});

test("the v1 entry in a plain page (no bundler): real v1 calls, checked against the emulator", async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  try {
    await p.goto(`${site.origin}/page-v1.html`);
    await p.waitForFunction(() => window.astroEntryReady === true, null, { timeout: 20000 });
    const tag = newTag("page-v1");
    const out = await p.evaluate((o) => window.astroRun(o), { entry: "v1", baseUrl: baseUrlFor(emu.origin, "v1"), token: TOKEN, tag });
    await checkExercise(out, { entry: "v1", origin: emu.origin, token: TOKEN, tag });
    assert.deepEqual(errors, []);
  } finally {
    await p.close();
  }
});

test("the v1 entry in a dedicated module worker: real v1 calls, checked against the emulator", async () => {
  const tag = newTag("worker-v1");
  const res = await page.evaluate(
    (options) =>
      new Promise((resolve) => {
        const w = new Worker("/worker-v1.js", { type: "module" });
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve({ error: `worker error: ${e.message}` });
        w.postMessage(options);
      }),
    { entry: "v1", baseUrl: baseUrlFor(emu.origin, "v1"), token: TOKEN, tag },
  );
  assert.ok(res.out, JSON.stringify(res));
  await checkExercise(res.out, { entry: "v1", origin: emu.origin, token: TOKEN, tag });
});
