// Issue 7: a minimal Manifest V3 extension (module service worker, extension CSP allowing
// WebAssembly) imports the installed package and calls the emulator, loaded unpacked into headless
// Chromium by Playwright; the same extension built on the v1 entry makes real v1 calls.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "./support/emulator.mjs";
import { loadExtension } from "./support/extension.mjs";
import { baseUrlFor, checkExercise, newTag } from "./support/entries.mjs";

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

for (const entry of ["v1", "v1beta1"]) {
  test(`the ${entry} entry in an MV3 service worker: the shared calls (support/exercise.mjs), checked against the emulator`, async () => {
    // v1 gets an extension of its own (its worker imports only dist/v1/index.js); v1beta1 reuses the one above.
    const x = entry === "v1" ? await loadExtension("mv3-extension-v1", MANIFEST, { entry }) : ext;
    try {
      const loaded = await x.worker.evaluate(() => self.astroLoaded === true);
      assert.equal(loaded, true, `the worker module evaluated: ${loaded ? "" : await x.loadError()}`);
      const tag = newTag(`mv3-${entry}`);
      const out = await x.worker.evaluate((opts) => self.astroExercise(opts), { entry, baseUrl: baseUrlFor(emu.origin, entry), token: TOKEN, tag });
      await checkExercise(out, { entry, origin: emu.origin, token: TOKEN, tag });
    } finally {
      if (x !== ext) await x.close();
    }
  });
}
