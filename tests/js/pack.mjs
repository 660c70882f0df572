#!/usr/bin/env node
// Packs pkg/ with `npm pack`, installs the tarball into a fresh temporary project (offline: the
// package has no dependencies), copies the suites into that project so they import the package BY
// NAME, and runs them with node's test runner. Usage (from anywhere):
//   node tests/js/pack.mjs [name-filter ...]      e.g. `node tests/js/pack.mjs errors browser`
// Env: ASTRO_PKG_DIR=dir packs another package folder (default pkg/); KEEP_TMP=1 keeps the temporary project; ASTRO_EMULATOR_BIN overrides the emulator path.
// ASTRO_NODE_OLDEST=path/to/node runs the suites that exercise the package in Node (NODE_SUITES)
// a second time with that Node binary (scripts/test-js.sh passes Node 18.19.0, the oldest the
// package claims), from the same installed project.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const pkgDir = process.env.ASTRO_PKG_DIR ? path.resolve(process.env.ASTRO_PKG_DIR) : path.join(repo, "pkg");
const filters = process.argv.slice(2);

function fail(msg) {
  console.error(`test-js: ${msg}`);
  process.exit(2);
}

if (!existsSync(path.join(pkgDir, "package.json"))) fail("pkg/package.json is missing");
if (!existsSync(path.join(pkgDir, "dist", "index.js"))) fail("pkg/dist/index.js is missing: build the package first (make pkg)");
// Test-only tools, linked into the consumer project beside the package.
const TOOLS = ["typescript", "playwright-core", "esbuild", "webpack", "vite", "yaml", "@stoplight"];
for (const dep of TOOLS) {
  if (!existsSync(path.join(here, "node_modules", dep))) fail(`tests/js/node_modules/${dep} is missing: run \`npm ci\` in tests/js`);
}

const work = mkdtempSync(path.join(tmpdir(), "astro-js-tests-"));
const packDir = path.join(work, "pack");
const project = path.join(work, "consumer");
mkdirSync(packDir);
mkdirSync(project);

// 1. npm pack (no lifecycle scripts: pack exactly what is built)
const packed = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], { cwd: pkgDir, encoding: "utf8" }),
);
const tarball = path.join(packDir, packed[0].filename);
console.log(`# packed ${packed[0].name}@${packed[0].version}: ${tarball} (${statSync(tarball).size} bytes, ${packed[0].entryCount} files)`);

// 2. a fresh consumer project that installs the tarball offline
writeFileSync(
  path.join(project, "package.json"),
  JSON.stringify({ name: "astro-consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
);
execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: project, stdio: "inherit" });
const installed = path.join(project, "node_modules", "astro-platform-client");
if (!existsSync(path.join(installed, "package.json"))) fail("the tarball did not install");

// 3. the suites and the TypeScript consumer, copied in; test-only tools linked in beside the package
const testsDir = path.join(project, "tests");
cpSync(here, testsDir, {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.endsWith("package-lock.json") && !src.endsWith(`${path.sep}package.json`),
});
if (existsSync(path.join(repo, "tests", "types"))) cpSync(path.join(repo, "tests", "types"), path.join(project, "types"), { recursive: true });
// The contracts, for the table-driven suites (tests/js/support/contract.mjs reads them).
cpSync(path.join(repo, "spec"), path.join(project, "spec"), { recursive: true, filter: (src) => !src.endsWith(".py") });
for (const dep of TOOLS) symlinkSync(path.join(here, "node_modules", dep), path.join(project, "node_modules", dep), "dir");

// 4. run
let files = readdirSync(testsDir)
  .filter((f) => /\.test\.(mjs|cjs)$/.test(f))
  .sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) fail(`no test file matches ${filters.join(" ")}`);

const env = {
  ...process.env,
  ASTRO_REPO_ROOT: repo,
  ASTRO_TARBALL: tarball,
  ASTRO_PACK_JSON: JSON.stringify(packed[0]),
  ASTRO_PROJECT_DIR: project,
};
const res = spawnSync(
  process.execPath,
  ["--test", "--test-reporter=spec", "--test-concurrency=2", "--test-timeout=180000", ...files.map((f) => path.join("tests", f))],
  { cwd: project, env, stdio: "inherit" },
);
const results = [[`Node ${process.version}`, files.length, res.status]];

// The package in the oldest Node it claims. Only the suites that run the package in Node: the
// others drive Chromium or a compiler, where Node is only the harness. (v1-prism runs the package
// in Node too, but its mock server, Prism, does not start on Node 18: its CommonJS code requires
// the ES module @faker-js/faker, which Node 18 refuses with ERR_REQUIRE_ESM.)
const NODE_SUITES = [
  "cjs.test.cjs", "emulator.test.mjs", "errors.test.mjs", "hostile-inputs.test.mjs", "hostile.test.mjs",
  "operations.test.mjs", "package.test.mjs", "paging-memory.test.mjs", "resilience.test.mjs", "retries.test.mjs", "waiters.test.mjs",
  "v1-cjs.test.cjs", "v1-lists-waiters.test.mjs", "v1-operations.test.mjs", "v1-secrets.test.mjs", "v1-validation.test.mjs",
];
const oldest = process.env.ASTRO_NODE_OLDEST;
if (oldest) {
  const version = execFileSync(oldest, ["--version"], { encoding: "utf8" }).trim();
  const oldFiles = files.filter((f) => NODE_SUITES.includes(f));
  if (oldFiles.length) {
    console.log(`# the suites that run the package in Node, again on Node ${version} (${oldest}): ${oldFiles.join(" ")}`);
    // (Node 18 has no --test-timeout)
    const r = spawnSync(oldest, ["--test", "--test-reporter=spec", "--test-concurrency=2", ...oldFiles.map((f) => path.join("tests", f))], { cwd: project, env, stdio: "inherit" });
    results.push([`Node ${version}`, oldFiles.length, r.status]);
  }
}
if (process.env.KEEP_TMP) console.log(`# kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`# test-js summary: ${results.map(([n, k, st]) => `${n}: ${k} files ${st === 0 ? "passed" : "FAILED"}`).join("; ")}`);
process.exit(results.every(([, , st]) => st === 0) ? 0 : 1);
