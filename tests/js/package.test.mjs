// The packed tarball: only what users need, a package.json that resolves everywhere, no deps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";

const tarball = process.env.ASTRO_TARBALL;
const project = process.env.ASTRO_PROJECT_DIR;
const installed = path.join(project ?? ".", "node_modules", "astro-platform-client");

test("the tarball holds only package.json, README.md, a license and dist/* (no src, tests or maps), one folder per extra API version", (t) => {
  assert.ok(tarball, "ASTRO_TARBALL is set by the runner");
  const entries = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .filter((e) => !e.endsWith("/"));
  t.diagnostic(`tarball: ${entries.join(", ")}`);
  for (const e of entries) assert.ok(e.startsWith("package/"), `${e} is under package/`);
  const files = entries.map((e) => e.slice("package/".length));
  const allowed = (f) => f === "package.json" || f === "README.md" || /^LICENSE[-.\w]*$/i.test(f) || /^dist\/(v1\/)?[^/]+$/.test(f);
  const extra = files.filter((f) => !allowed(f));
  assert.deepEqual(extra, [], "files users do not need");
  for (const must of ["package.json", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(files.includes(must), `${must} is in the tarball`);
  }
  for (const dir of ["dist", "dist/v1"]) {
    for (const f of ["index.js", "index.cjs", "index.d.ts", "index.d.cts", "node.js", "node.cjs", "astro.wasm"]) {
      assert.ok(files.includes(`${dir}/${f}`), `${dir}/${f} is in the tarball`);
    }
  }
  const maps = files.filter((f) => f.endsWith(".map"));
  assert.deepEqual(maps, [], "no source maps");
  for (const f of files) assert.ok(!/\.(rs|ts)$/.test(f) || f.endsWith(".d.ts") || f.endsWith(".d.cts") || f.endsWith(".d.mts"), `${f}: no sources`);
});

test("package.json: name, exports (types first; import/require; browser; worker; default), sideEffects, engines, no dependencies", () => {
  const pj = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
  assert.equal(pj.name, "astro-platform-client");
  assert.match(pj.version, /^\d+\.\d+\.\d+/);
  assert.equal(pj.sideEffects, false);
  assert.match(pj.engines?.node ?? "", />=\s*18/);
  assert.equal(Object.keys(pj.dependencies ?? {}).length, 0, "no runtime dependencies");
  assert.equal(Object.keys(pj.peerDependencies ?? {}).length, 0, "no peer dependencies");
  assert.ok(Array.isArray(pj.files), "files is set");
  const root = pj.exports?.["."] ?? pj.exports;
  assert.equal(typeof root, "object", "exports has conditions");
  assert.equal(Object.keys(root)[0], "types", "types is the first condition");
  const conditions = new Set();
  const walk = (o) => {
    if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) conditions.add(k), walk(v);
  };
  walk(root);
  for (const c of ["types", "import", "require", "browser", "worker", "default"]) assert.ok(conditions.has(c), `condition ${c}`);
  assert.ok(pj.types || pj.typings || conditions.has("types"));
});

test("the installed package resolves by name: Node to the entries that read dist/astro.wasm, bundlers and browsers to the one that embeds it", async () => {
  const require = createRequire(path.join(project, "index.cjs"));
  assert.equal(require.resolve("astro-platform-client"), path.join(installed, "dist", "node.cjs"));
  const esmUrl = import.meta.resolve("astro-platform-client");
  assert.ok(esmUrl.endsWith("/node_modules/astro-platform-client/dist/node.js"), esmUrl);
  const pj = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
  const root = pj.exports["."];
  // bundlers that target Node set the "module" condition: they must get the self-contained entry
  assert.equal(Object.keys(root.node)[0], "module", "module comes first under node");
  assert.equal(root.node.module, "./dist/index.js");
  for (const c of ["browser", "worker", "default"]) assert.equal(root[c], "./dist/index.js", c);
  assert.equal(pj.main, "./dist/index.cjs");
  assert.equal(pj.module, "./dist/index.js");
  // the embedded entries hold the module; the Node ones read the file beside them
  const wasm = readFileSync(path.join(installed, "dist", "astro.wasm"));
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], "dist/astro.wasm is a wasm module");
  for (const f of ["index.js", "index.cjs"]) {
    const code = readFileSync(path.join(installed, "dist", f), "utf8");
    assert.ok(code.length > wasm.length, `${f} embeds the module`);
    assert.ok(!code.includes("astro.wasm"), `${f} does not read a file`);
  }
  for (const f of ["node.js", "node.cjs"]) {
    const code = readFileSync(path.join(installed, "dist", f), "utf8");
    assert.ok(code.length < wasm.length / 4, `${f} does not embed the module`);
    assert.ok(code.includes("astro.wasm"), `${f} reads dist/astro.wasm`);
  }
});

test("the Node entries and the embedded entries load the same client (ESM and CommonJS)", async () => {
  const require = createRequire(path.join(project, "index.cjs"));
  const entries = {
    "node.js": await import(pathToFileURL(path.join(installed, "dist", "node.js")).href),
    "index.js": await import(pathToFileURL(path.join(installed, "dist", "index.js")).href),
    "node.cjs": require(path.join(installed, "dist", "node.cjs")),
    "index.cjs": require(path.join(installed, "dist", "index.cjs")),
  };
  const names = Object.keys(entries["index.js"]).sort();
  for (const [f, m] of Object.entries(entries)) {
    assert.deepEqual(Object.keys(m).sort(), names, `${f} exports`);
    const c = new m.AstroClient({ token: "t", baseUrl: "https://api.example.test/platform/v1beta1", organizationId: "org1" });
    const prepared = await c.prepare("getDeployment", { deploymentId: "d1" });
    assert.equal(prepared.url, "https://api.example.test/platform/v1beta1/organizations/org1/deployments/d1", f);
    await assert.rejects(c.prepare("getDeployment", {}), (e) => e instanceof m.AstroValidationError, `${f}: validation error class`);
  }
});

test("a Node entry without dist/astro.wasm beside it fails on import with an actionable message", async (t) => {
  const dir = path.join(project, "moved-node-entry");
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(installed, "dist", "node.js"), path.join(dir, "node.mjs"));
  copyFileSync(path.join(installed, "dist", "node.cjs"), path.join(dir, "node.cjs"));
  await assert.rejects(import(pathToFileURL(path.join(dir, "node.mjs")).href), /dist\/astro\.wasm.*ENOENT.*"module" condition/s);
  const require = createRequire(path.join(dir, "x.cjs"));
  assert.throws(() => require(path.join(dir, "node.cjs")), /dist\/astro\.wasm.*ENOENT.*"module" condition/s);
  t.diagnostic("both Node entries name the missing file and the bundler condition");
});

test("the embedded entry read with the wrong charset fails with a message that says so (not a CompileError)", () => {
  // what a non-UTF-8 page does to a classic script served without a charset: one byte, one character
  const source = readFileSync(path.join(installed, "dist", "index.cjs")).toString("latin1");
  const mod = { exports: {} };
  const require = createRequire(path.join(installed, "dist", "index.cjs"));
  assert.throws(() => new Function("module", "exports", "require", source)(mod, mod.exports, require), /not read as UTF-8.*charset=utf-8/s);
  // and read as UTF-8, the same source loads
  const ok = { exports: {} };
  new Function("module", "exports", "require", readFileSync(path.join(installed, "dist", "index.cjs"), "utf8"))(ok, ok.exports, require);
  assert.equal(typeof ok.exports.AstroClient, "function");
});

test("sizes (reported)", (t) => {
  const size = statSync(tarball).size;
  const js = readFileSync(path.join(installed, "dist", "index.js"));
  t.diagnostic(`tarball ${size} B; dist/index.js ${js.length} B raw, ${gzipSync(js).length} B gzipped`);
  let wasm;
  try {
    wasm = readFileSync(path.join(installed, "dist", execFileSync("ls", [path.join(installed, "dist")], { encoding: "utf8" }).split("\n").find((f) => f.endsWith(".wasm")) ?? "none.wasm"));
  } catch {
    wasm = null;
  }
  if (wasm) t.diagnostic(`.wasm ${wasm.length} B raw, ${gzipSync(wasm).length} B gzipped`);
  assert.ok(size > 0);
});

test("the ./v1 entry resolves to dist/v1/ (Node: the files that read dist/v1/astro.wasm); ./v1beta1 is the root entry", async () => {
  const require = createRequire(path.join(project, "index.cjs"));
  assert.equal(require.resolve("astro-platform-client/v1"), path.join(installed, "dist", "v1", "node.cjs"));
  assert.ok(import.meta.resolve("astro-platform-client/v1").endsWith("/node_modules/astro-platform-client/dist/v1/node.js"));
  assert.equal(require.resolve("astro-platform-client/v1beta1"), require.resolve("astro-platform-client"));
  assert.equal(import.meta.resolve("astro-platform-client/v1beta1"), import.meta.resolve("astro-platform-client"));
  const pj = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
  const v1 = pj.exports["./v1"];
  assert.equal(Object.keys(v1)[0], "types", "types is the first condition");
  assert.equal(v1.node.module, "./dist/v1/index.js");
  for (const c of ["browser", "worker", "default"]) assert.equal(v1[c], "./dist/v1/index.js", c);
  assert.deepEqual(pj.exports["./v1beta1"], pj.exports["."]);
  assert.deepEqual(pj.typesVersions["*"].v1, ["./dist/v1/index.d.ts"], "types for moduleResolution node10 too");
  const { AstroClient } = await import("astro-platform-client/v1");
  const c = new AstroClient({ token: "t" });
  assert.equal(typeof c.getDeploymentLogs, "function");
  assert.equal((await c.prepare("getSelfUser", {})).url, "https://api.astronomer.io/v1/users/self");
  const cjs = require("astro-platform-client/v1");
  assert.equal(typeof new cjs.AstroClient({ token: "t" }).rotateApiToken, "function");
});

test("each entry carries only its own version's tables", () => {
  const has = (file, text) => readFileSync(path.join(installed, "dist", ...file.split("/"))).includes(text);
  for (const file of ["astro.wasm", "index.js", "index.cjs"]) {
    assert.ok(!has(file, "getDeploymentLogs"), `${file}: no v1-only operation`);
    assert.ok(has(file, "supportPlan"), `${file}: v1beta1's listOrganizations filter`);
  }
  for (const file of ["v1/astro.wasm", "v1/index.js", "v1/index.cjs"]) {
    assert.ok(has(file, "getDeploymentLogs"), `${file}: v1's operations`);
    assert.ok(!has(file, "supportPlan"), `${file}: no v1beta1-only parameter`);
  }
});
