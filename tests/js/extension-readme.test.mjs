// The package README's MV3 quick start works as written: its manifest (host permission pointed at
// the local emulator) loads the package in the extension service worker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startEmulator } from "./support/emulator.mjs";
import { loadExtension } from "./support/extension.mjs";

const TOKEN = "extension-readme-token";
let emu;
let ext;
let manifest;

before(async () => {
  const readme = readFileSync(path.join(process.env.ASTRO_PROJECT_DIR, "node_modules", "astro-platform-client", "README.md"), "utf8");
  const m = /```json\s*(\{[\s\S]*?"manifest_version"[\s\S]*?\})\s*```/.exec(readme);
  assert.ok(m, "the README has a JSON manifest for an MV3 extension");
  manifest = JSON.parse(m[1]);
  manifest.host_permissions = ["http://127.0.0.1/*"];
  emu = await startEmulator(["--token", TOKEN]);
  ext = await loadExtension("mv3-readme-extension", manifest);
});
after(async () => {
  await ext?.close();
  await emu?.stop();
});

test("the README's MV3 manifest lets the service worker load the package and call the API", async () => {
  assert.equal(manifest.manifest_version, 3);
  const loaded = await ext.worker.evaluate(() => self.astroLoaded === true);
  assert.equal(loaded, true, `the package did not load with the README's manifest: ${loaded ? "" : await ext.loadError()}`);
  const res = await ext.worker.evaluate(([baseUrl, token]) => self.astroCall(baseUrl, token), [emu.baseUrl, TOKEN]);
  assert.ok(res.orgs.length >= 2, JSON.stringify(res));
});
