// Issue 7: a minimal Manifest V3 extension (module service worker, extension CSP allowing
// WebAssembly) imports the installed package and calls the emulator, loaded unpacked into headless
// Chromium by Playwright.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "./support/emulator.mjs";
import { loadExtension } from "./support/extension.mjs";

const TOKEN = "extension-token-M3v3";
let emu;
let ext;

const MANIFEST = {
  manifest_version: 3,
  name: "astro-platform-client MV3 test",
  version: "1.0.0",
  background: { service_worker: "background.js", type: "module" },
  host_permissions: ["http://127.0.0.1/*"],
  content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
};

before(async () => {
  emu = await startEmulator(["--token", TOKEN]);
  ext = await loadExtension("mv3-extension", MANIFEST);
});
after(async () => {
  await ext?.close();
  await emu?.stop();
});

test("the MV3 service worker imports the package and completes calls against the emulator", async () => {
  const { worker } = ext;
  assert.match(worker.url(), /^chrome-extension:\/\/[a-p]{32}\/background\.js$/);
  const loaded = await worker.evaluate(() => self.astroLoaded === true);
  assert.equal(loaded, true, `the worker module (and the package it imports) evaluated: ${loaded ? "" : await ext.loadError()}`);
  const res = await worker.evaluate(([baseUrl, token]) => self.astroCall(baseUrl, token), [emu.baseUrl, TOKEN]);
  assert.ok(res.orgs.length >= 2, JSON.stringify(res));
  assert.equal(res.name, "from the extension");
  assert.equal(res.missing, 404);
  assert.equal(res.invalid, true);
  const journal = await emu.journal();
  const fromExt = journal.filter((e) => e.method === "POST" && e.body && JSON.parse(e.body).name === "from the extension");
  assert.equal(fromExt.length, 1, "the emulator saw the extension's request");
});
