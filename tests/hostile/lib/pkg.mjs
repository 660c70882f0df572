// Installs the package the way users get it: `npm pack pkg` -> `npm install <tgz>` into a
// throw-away project, then imports it BY NAME from inside that project (ESM and CommonJS).
//
// scripts/test-hostile.sh does the install once and passes the project folder in
// HOSTILE_PROJECT; run alone, a suite installs it itself into a temp folder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Packs `pkgDir` and installs the tarball into a new project folder; returns that folder. */
export function installPackedPackage(pkgDir = process.env.ASTRO_PKG_DIR || path.join(ROOT, "pkg"),
  into = mkdtempSync(path.join(tmpdir(), "astro-hostile-"))) {
  if (!existsSync(path.join(pkgDir, "dist", "index.js"))) {
    throw new Error(`${pkgDir}/dist/index.js is missing: build the package first (make pkg)`);
  }
  const npmOpts = { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" };
  execFileSync("npm", ["pack", pkgDir, "--pack-destination", into, "--silent"], npmOpts);
  const tgz = readdirSync(into).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack produced no tarball in ${into}`);
  writeFileSync(path.join(into, "package.json"),
    JSON.stringify({ name: "hostile-consumer", private: true, version: "0.0.0", type: "module" }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error",
    path.join(into, tgz)], { ...npmOpts, cwd: into });
  // Shims resolve the package by name from inside the consumer project (its "exports" map).
  writeFileSync(path.join(into, "esm.mjs"), 'export * from "astro-platform-client";\n');
  writeFileSync(path.join(into, "cjs.cjs"), 'module.exports = require("astro-platform-client");\n');
  return into;
}

let project;
function projectDir() {
  if (!project) project = process.env.HOSTILE_PROJECT || installPackedPackage();
  return project;
}

/** The package's ESM entry, imported by name from the consumer project. */
export async function loadEsm() {
  return import(pathToFileURL(path.join(projectDir(), "esm.mjs")).href);
}

/** The package's CommonJS entry, required by name from the consumer project. */
export function loadCjs() {
  return createRequire(path.join(projectDir(), "package.json"))("./cjs.cjs");
}

/** The dist/ folder of the package as installed from the tarball (what users get). */
export function installedDist() {
  return path.join(projectDir(), "node_modules", "astro-platform-client", "dist");
}

/** playwright-core from tests/hostile/node_modules (pinned in tests/hostile/package.json). */
export function playwright() {
  return createRequire(path.join(ROOT, "tests/hostile/package.json"))("playwright-core");
}

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
