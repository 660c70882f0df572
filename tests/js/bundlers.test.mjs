// A bundler (esbuild, pinned) bundles the installed package from a user's entry that imports it
// by name, with no plugin and no init step: a Node bundle (CommonJS) and a browser bundle (IIFE)
// that runs in headless Chromium; both complete a call against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { startEmulator } from "./support/emulator.mjs";

const TOKEN = "bundler-token-5v1q";
const project = process.env.ASTRO_PROJECT_DIR;
const dir = path.join(project, "bundlers");
let emu;
let expected;

const ENTRY = `import { AstroClient, AstroApiError, AstroValidationError } from "astro-platform-client";
export async function run(baseUrl, token) {
  const c = new AstroClient({ token, baseUrl });
  const orgs = (await c.listOrganizations()).organizations.map((o) => o.id);
  const notFound = await c.getWorkspace({ organizationId: orgs[0], workspaceId: "missing" }).catch((e) => e);
  const invalid = await c.createWorkspace({ organizationId: orgs[0] }).catch((e) => e);
  return { orgs, notFound: notFound instanceof AstroApiError && notFound.status, invalid: invalid instanceof AstroValidationError };
}
`;

before(async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "entry.mjs"), ENTRY);
  emu = await startEmulator(["--token", TOKEN]);
  expected = { notFound: 404, invalid: true };
});
after(async () => emu?.stop());

async function bundle(options) {
  const result = await esbuild.build({
    entryPoints: [path.join(dir, "entry.mjs")],
    bundle: true,
    write: false,
    logLevel: "silent",
    absWorkingDir: project,
    ...options,
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings.map((w) => w.text), [], "no bundler warnings");
  return result.outputFiles[0].text;
}

test("esbuild, platform node, CommonJS output: the bundle runs and calls the emulator", async () => {
  const code = await bundle({ platform: "node", format: "cjs", target: "node18" });
  const out = path.join(dir, "node-bundle.cjs");
  writeFileSync(out, code);
  const { run } = createRequire(import.meta.url)(out);
  const res = await run(emu.baseUrl, TOKEN);
  assert.ok(res.orgs.length >= 2);
  assert.equal(res.notFound, expected.notFound);
  assert.equal(res.invalid, expected.invalid);
});

test("esbuild, platform node, ESM output", async () => {
  const code = await bundle({ platform: "node", format: "esm", target: "node18" });
  const out = path.join(dir, "node-bundle.mjs");
  writeFileSync(out, code);
  const { run } = await import(out);
  const res = await run(emu.baseUrl, TOKEN);
  assert.ok(res.orgs.length >= 2);
  assert.equal(res.notFound, 404);
});

test("esbuild, platform browser, IIFE output: runs in headless Chromium", async () => {
  const code = await bundle({ platform: "browser", format: "iife", globalName: "AstroBundle", target: "es2020" });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.setContent("<!doctype html><title>bundle</title>");
    await page.addScriptTag({ content: code });
    const res = await page.evaluate(({ baseUrl, token }) => window.AstroBundle.run(baseUrl, token), { baseUrl: emu.baseUrl, token: TOKEN });
    assert.ok(res.orgs.length >= 2, JSON.stringify(res));
    assert.equal(res.notFound, 404);
    assert.equal(res.invalid, true);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
