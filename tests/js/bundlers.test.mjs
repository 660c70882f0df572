// Bundlers (esbuild, webpack 5, Vite; pinned) bundle the installed package from a user's entry that
// imports it by name, with no plugin, no special configuration and no init step: Node bundles
// (esbuild CJS/ESM) and browser bundles that run in headless Chromium. Each bundler bundles each
// package entry, the default (v1beta1) and `astro-platform-client/v1`, and every bundle makes the
// shared calls (support/exercise.mjs) against the emulator, checked by support/entries.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { startEmulator } from "./support/emulator.mjs";
import { ENTRIES, baseUrlFor, checkExercise, newTag } from "./support/entries.mjs";

const TOKEN = "bundler-token-5v1q";
const project = process.env.ASTRO_PROJECT_DIR;
const dir = path.join(project, "bundlers");
let emu;
let browser;
const requireHere = createRequire(import.meta.url);

/** A user's entry file importing the package entry `entry` by name. */
const entryFile = (entry) => path.join(dir, `entry-${entry}.mjs`);
const ENTRY = (entry) => `import * as astro from "${ENTRIES[entry].specifier}";
import { exercise } from "../tests/support/exercise.mjs";
export const run = (options) => exercise(astro, options);
`;

before(async () => {
  mkdirSync(dir, { recursive: true });
  for (const entry of Object.keys(ENTRIES)) writeFileSync(entryFile(entry), ENTRY(entry));
  emu = await startEmulator(["--token", TOKEN]);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await emu?.stop();
});

/** Runs `run` (the bundle's export) for `entry` and checks what it returned against the emulator. */
async function runAndCheck(entry, where, run) {
  const tag = newTag(`${where}-${entry}`);
  const out = await run({ entry, baseUrl: baseUrlFor(emu.origin, entry), token: TOKEN, tag });
  await checkExercise(out, { entry, origin: emu.origin, token: TOKEN, tag });
}

/** Runs a browser bundle that defines window.AstroBundle in a fresh page: run() in the page. */
function inPage(code) {
  return async (options) => {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      await page.setContent("<!doctype html><title>bundle</title>");
      await page.addScriptTag({ content: code });
      const res = await page.evaluate((o) => window.AstroBundle.run(o), options);
      assert.deepEqual(errors, []);
      return res;
    } finally {
      await page.close();
    }
  };
}

async function bundle(entry, options) {
  const result = await esbuild.build({
    entryPoints: [entryFile(entry)],
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

for (const entry of Object.keys(ENTRIES)) {
  test(`${entry} entry: esbuild, platform node, CommonJS output: the bundle runs and calls the emulator`, async () => {
    const code = await bundle(entry, { platform: "node", format: "cjs", target: "node18" });
    const out = path.join(dir, `node-bundle-${entry}.cjs`);
    writeFileSync(out, code);
    await runAndCheck(entry, "esbuild-cjs", requireHere(out).run);
  });

  test(`${entry} entry: esbuild, platform node, ESM output`, async () => {
    const code = await bundle(entry, { platform: "node", format: "esm", target: "node18" });
    const out = path.join(dir, `node-bundle-${entry}.mjs`);
    writeFileSync(out, code);
    await runAndCheck(entry, "esbuild-esm", (await import(out)).run);
  });

  test(`${entry} entry: esbuild, platform browser, IIFE output: runs in headless Chromium`, async () => {
    const code = await bundle(entry, { platform: "browser", format: "iife", globalName: "AstroBundle", target: "es2020" });
    await runAndCheck(entry, "esbuild-iife", inPage(code));
  });

  test(`${entry} entry: webpack 5 (production, target web): the bundle runs in headless Chromium`, async () => {
    const webpack = requireHere("webpack");
    const outDir = path.join(dir, `webpack-out-${entry}`);
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          mode: "production",
          context: project,
          entry: entryFile(entry),
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
    await runAndCheck(entry, "webpack", inPage(readFileSync(path.join(outDir, "bundle.js"), "utf8")));
  });

  test(`${entry} entry: Vite (library build, IIFE): the bundle runs in headless Chromium`, async () => {
    const vite = await import("vite");
    const outDir = path.join(dir, `vite-out-${entry}`);
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
        lib: { entry: entryFile(entry), name: "AstroBundle", formats: ["iife"], fileName: () => "bundle.js" },
      },
    });
    assert.deepEqual(warnings, [], "Vite warnings");
    await runAndCheck(entry, "vite", inPage(readFileSync(path.join(outDir, "bundle.js"), "utf8")));
  });
}
