// Bundlers (esbuild, webpack 5, Vite; pinned) bundle the installed package from a user's entry that
// imports it by name, with no plugin, no special configuration and no init step: Node bundles
// (esbuild CJS/ESM) and browser bundles that run in headless Chromium; every bundle completes calls
// against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
let browser;
const requireHere = createRequire(import.meta.url);

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
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

/** Runs a browser bundle that defines window.AstroBundle in a fresh page; returns run()'s result. */
async function runInPage(code) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.setContent("<!doctype html><title>bundle</title>");
    await page.addScriptTag({ content: code });
    const res = await page.evaluate(({ baseUrl, token }) => window.AstroBundle.run(baseUrl, token), { baseUrl: emu.baseUrl, token: TOKEN });
    assert.deepEqual(errors, []);
    return res;
  } finally {
    await page.close();
  }
}

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
  const res = await runInPage(code);
  assert.ok(res.orgs.length >= 2, JSON.stringify(res));
  assert.equal(res.notFound, 404);
  assert.equal(res.invalid, true);
});

test("webpack 5 (production, target web): the bundle runs in headless Chromium", async () => {
  const webpack = requireHere("webpack");
  const outDir = path.join(dir, "webpack-out");
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: project,
        entry: path.join(dir, "entry.mjs"),
        target: "web",
        output: { path: outDir, filename: "bundle.js", library: { name: "AstroBundle", type: "window" } },
        performance: { hints: false },
      },
      (err, st) => (err ? reject(err) : resolve(st)),
    ),
  );
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(info.errors.map((e) => e.message), [], "webpack errors");
  assert.deepEqual(info.warnings.map((w) => w.message), [], "webpack warnings");
  const res = await runInPage(readFileSync(path.join(outDir, "bundle.js"), "utf8"));
  assert.ok(res.orgs.length >= 2, JSON.stringify(res));
  assert.equal(res.notFound, 404);
  assert.equal(res.invalid, true);
});

test("Vite (library build, IIFE): the bundle runs in headless Chromium", async () => {
  const vite = await import("vite");
  const outDir = path.join(dir, "vite-out");
  const warnings = [];
  const logger = {
    info() {},
    warn: (m) => warnings.push(m),
    warnOnce: (m) => warnings.push(m),
    error: (m) => warnings.push(m),
    clearScreen() {},
    hasErrorLogged: () => false,
    hasWarned: false,
  };
  await vite.build({
    configFile: false,
    root: dir,
    customLogger: logger,
    build: {
      outDir,
      emptyOutDir: true,
      lib: { entry: path.join(dir, "entry.mjs"), name: "AstroBundle", formats: ["iife"], fileName: () => "bundle.js" },
    },
  });
  assert.deepEqual(warnings, [], "Vite warnings");
  const res = await runInPage(readFileSync(path.join(outDir, "bundle.js"), "utf8"));
  assert.ok(res.orgs.length >= 2, JSON.stringify(res));
  assert.equal(res.notFound, 404);
  assert.equal(res.invalid, true);
});
