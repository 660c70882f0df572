// The packed tarball: only what users need, a package.json that resolves everywhere, no deps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";

const tarball = process.env.ASTRO_TARBALL;
const project = process.env.ASTRO_PROJECT_DIR;
const installed = path.join(project ?? ".", "node_modules", "astro-platform-client");

test("the tarball holds only package.json, README.md, a license and dist/* (no src, tests or maps)", (t) => {
  assert.ok(tarball, "ASTRO_TARBALL is set by the runner");
  const entries = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .filter((e) => !e.endsWith("/"));
  t.diagnostic(`tarball: ${entries.join(", ")}`);
  for (const e of entries) assert.ok(e.startsWith("package/"), `${e} is under package/`);
  const files = entries.map((e) => e.slice("package/".length));
  const allowed = (f) => f === "package.json" || f === "README.md" || /^LICENSE[-.\w]*$/i.test(f) || /^dist\/[^/]+$/.test(f);
  const extra = files.filter((f) => !allowed(f));
  assert.deepEqual(extra, [], "files users do not need");
  for (const must of ["package.json", "README.md", "dist/index.js", "dist/index.cjs", "dist/index.d.ts"]) {
    assert.ok(files.includes(must), `${must} is in the tarball`);
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

test("the installed package resolves by name to the ESM and CommonJS entries", async () => {
  const require = createRequire(path.join(project, "index.cjs"));
  assert.equal(require.resolve("astro-platform-client"), path.join(installed, "dist", "index.cjs"));
  const esmUrl = import.meta.resolve("astro-platform-client");
  assert.ok(esmUrl.endsWith("/node_modules/astro-platform-client/dist/index.js"), esmUrl);
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
