// Loads the MV3 extension in this folder unpacked into headless Chromium (playwright-core,
// /usr/bin/chromium) and checks that its module service worker - which statically imports the
// installed package - lists organizations from the real emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installedDist, playwright, CHROMIUM, CHROMIUM_ARGS } from "../hostile/lib/pkg.mjs";
import { startEmulator } from "../hostile/lib/emulator.mjs";

const EXT = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = playwright();

let emu;
let context;
let worker;
let userDataDir;

before(async () => {
  emu = await startEmulator();
  // Build the extension folder's generated parts: the package's dist/ and the config.
  rmSync(path.join(EXT, "vendor"), { recursive: true, force: true });
  cpSync(installedDist(), path.join(EXT, "vendor"), { recursive: true });
  writeFileSync(path.join(EXT, "config.js"),
    `// written by extension.test.mjs\nexport const config = ${JSON.stringify({ baseUrl: emu.baseUrl, token: emu.token })};\n`);
  userDataDir = mkdtempSync(path.join(tmpdir(), "astro-mv3-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
  });
  worker = context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"))
    ?? await context.waitForEvent("serviceworker", { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await emu?.stop();
});

async function emulatorOrgIds() {
  const r = await fetch(`${emu.baseUrl}/organizations?limit=10`, { headers: { authorization: `Bearer ${emu.token}` } });
  return (await r.json()).organizations.map((o) => o.id);
}

test("the vendored package has no dynamic import() (MV3 forbids it; a top-level await would stop the worker from starting, see next test)", () => {
  const files = readdirSync(path.join(EXT, "vendor")).filter((f) => /\.m?js$/.test(f));
  assert.ok(files.includes("index.js"));
  for (const f of files) {
    const text = readFileSync(path.join(EXT, "vendor", f), "utf8");
    assert.doesNotMatch(text, /\bimport\s*\(/, `${f} contains a dynamic import()`);
  }
});

test("the module service worker of the extension starts (static import of the package)", async () => {
  assert.match(worker.url(), /^chrome-extension:\/\/[a-p]{32}\/sw\.js$/);
  assert.equal(await worker.evaluate(() => typeof globalThis.listOrganizations), "function");
});

test("a call evaluated in the service worker lists the emulator's organizations", async () => {
  const result = await worker.evaluate(() => globalThis.listOrganizations());
  assert.equal(result.ok, true, `the call failed in the service worker: ${JSON.stringify(result.error)}`);
  assert.deepEqual(result.page.organizations.map((o) => o.id), await emulatorOrgIds());
  const stored = await worker.evaluate(() => chrome.storage.local.get("lastResult"));
  assert.deepEqual(stored.lastResult.page, result.page, "the result was not stored in chrome.storage.local");
});

test("the call made on install (onInstalled) stored its result", async () => {
  let stored;
  for (let i = 0; i < 100; i++) {
    stored = await worker.evaluate(() => chrome.storage.local.get("installResult"));
    if (stored.installResult) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(stored.installResult, "nothing stored by the onInstalled call within 10 s");
  assert.equal(stored.installResult.ok, true, JSON.stringify(stored.installResult.error));
  assert.deepEqual(stored.installResult.page.organizations.map((o) => o.id), await emulatorOrgIds());
});

test("an extension page asks the service worker by message and gets the result", async () => {
  const extId = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extId}/manifest.json`);
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: "listOrganizations" }));
  await page.close();
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  assert.deepEqual(reply.page.organizations.map((o) => o.id), await emulatorOrgIds());
});

test("errors inside the service worker are the package's classes (bad token -> AstroApiError 401)", async () => {
  const r = await worker.evaluate(async (baseUrl) => {
    const { AstroClient, AstroApiError, AstroError } = globalThis.astroPackage;
    try {
      await new AstroClient({ baseUrl, token: "not-a-valid-token" }).listOrganizations();
      return { resolved: true };
    } catch (e) {
      return { name: e.name, status: e.status, api: e instanceof AstroApiError, base: e instanceof AstroError };
    }
  }, emu.baseUrl);
  assert.deepEqual(r, { name: "AstroApiError", status: 401, api: true, base: true });
  // The client keeps working afterwards.
  const ok = await worker.evaluate(() => globalThis.listOrganizations());
  assert.equal(ok.ok, true);
});

test("control: without 'wasm-unsafe-eval' in the manifest's CSP, importing the package fails with a CSP CompileError", async () => {
  // The same extension minus the content_security_policy key (MV3's default is script-src 'self').
  const dir = mkdtempSync(path.join(tmpdir(), "astro-mv3-nocsp-"));
  const profile = mkdtempSync(path.join(tmpdir(), "astro-mv3-nocsp-profile-"));
  let ctx;
  try {
    for (const f of ["sw.js", "config.js", "vendor"]) cpSync(path.join(EXT, f), path.join(dir, f), { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(EXT, "manifest.json"), "utf8"));
    delete manifest.content_security_policy;
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    });
    const sw = ctx.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"))
      ?? await ctx.waitForEvent("serviceworker", { timeout: 30_000 });
    const page = await ctx.newPage();
    await page.goto(`chrome-extension://${new URL(sw.url()).host}/manifest.json`);
    const r = await page.evaluate(() => import("./vendor/index.js").then(() => "loaded", (e) => `${e.name}: ${e.message}`));
    assert.match(r, /CompileError.*Content Security Polic/i, `importing without wasm-unsafe-eval gave: ${r}`);
    assert.equal(await sw.evaluate(() => typeof globalThis.listOrganizations), "undefined", "the service worker module ran");
  } finally {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
