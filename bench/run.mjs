// The benchmark runner: `node --expose-gc run.mjs [--quick] [--out FILE] [--json FILE]`
// (scripts/bench.sh prepares everything and calls this). Measures, in one run on loopback and
// against one fixed-body server process (server.mjs):
//   plain fetch + res.json()  |  openapi-fetch (openapi-typescript types)  |  astro-platform-client
// as medians over interleaved rounds with min/max, and writes a markdown report.
// It never fails on a number; it exits non-zero only on real errors (a client returning a wrong
// answer, the server or the browser not starting). When the package is not installed or does not
// load, its column says "n/a" and the reason is written in the report.
import { spawn, execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { plainFetch, openapiFetch, astroPackage, sanityCheck, IMPL_NAMES, IMPL_LABELS } from "./impls.mjs";
import { createDedicatedBody, TOTAL } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const require = createRequire(import.meta.url);
const execFileP = promisify(execFile);
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const opt = (n, d) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : d);
const QUICK = flag("--quick") || process.env.BENCH_QUICK === "1";
const OUT = path.resolve(opt("--out", path.join(here, "RESULTS.md")));
const JSON_OUT = path.resolve(opt("--json", path.join(here, "results.json")));
const PKG_DIR = path.join(here, "node_modules", "astro-platform-client");
const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--js-flags=--expose-gc"];

if (typeof globalThis.gc !== "function") {
  console.error("run.mjs needs `node --expose-gc` (heap figures after forced GC)");
  process.exit(2);
}
const gc = globalThis.gc;
const log = (...a) => console.error("[bench]", ...a);

// Batch sizes (calls per timed batch) and rounds. A round runs one batch of each client, in an
// order that rotates every round; per-call time = batch time / calls.
const PLAN = QUICK
  ? { node: { get: [20, 7], list100: [5, 7], list1000: [1, 5], create: [20, 7] }, browser: { get: [20, 5], list100: [5, 5] }, pagingRounds: 1, coldNode: 3, coldBrowser: 2, warmup: 1 }
  : { node: { get: [30, 41], list100: [6, 41], list1000: [2, 21], create: [30, 31] }, browser: { get: [20, 25], list100: [5, 25] }, pagingRounds: 3, coldNode: 15, coldBrowser: 8, warmup: 2 };

// ------------------------------------------------------------------ helpers
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, samples: xs } : null);
const rotate = (xs, r) => xs.map((_, i) => xs[(i + r) % xs.length]);

// batch(name, k) resolves to the batch's wall time in ms, or to {ms, cpuMs} (Node: the runner
// process's CPU time, user + system, which the load of other processes does not inflate)
async function interleaved(names, batch, [k, rounds], warmup, beforeBatch = () => {}) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -warmup; r < rounds; r++) {
    for (const n of rotate(names, (r + warmup) % names.length)) {
      await beforeBatch();
      const x = await batch(n, k);
      if (r < 0) continue;
      samples[n].push((typeof x === "number" ? x : x.ms) / k);
      if (typeof x === "object") cpu[n].push(x.cpuMs / k);
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ...stats(samples[n]), cpu: stats(cpu[n]) }]));
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, "server.mjs"), "--port", "0", "--pkg-dir", PKG_DIR], { stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    const timer = setTimeout(() => reject(new Error("bench server did not start within 30 s")), 30_000);
    child.on("exit", (code) => reject(new Error(`bench server exited (${code})`)));
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: m[1] });
      }
    });
  });
}

function esmEntry(pj) {
  const pick = (e) => (typeof e === "string" ? e : e && (pick(e.browser) ?? pick(e.import) ?? pick(e.default)));
  const e = pj.exports && (typeof pj.exports === "string" ? pj.exports : pick(pj.exports["."] ?? pj.exports));
  return (e ?? pj.module ?? pj.main ?? "dist/index.js").replace(/^\.\//, "");
}

function sizes(file) {
  const raw = fs.readFileSync(file);
  return {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
  };
}

// ------------------------------------------------------------------ main
const results = { date: new Date().toISOString(), quick: QUICK, machine: {}, versions: {}, node: {}, browser: {}, paging: {}, cold: { node: {}, browser: {} }, sizes: {}, notes: [] };
const cpu = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
results.machine = { cpu, cores: os.cpus().length, memGiB: +(os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()}`, loadavgStart: os.loadavg().map((x) => +x.toFixed(2)) };
const depVersion = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};
results.versions = { node: process.version, "openapi-fetch": depVersion("openapi-fetch"), "openapi-typescript": depVersion("openapi-typescript"), "playwright-core": depVersion("playwright-core") };
try {
  results.versions.repoCommit = (await execFileP("git", ["-C", repo, "rev-parse", "--short", "HEAD"])).stdout.trim();
} catch {
  results.versions.repoCommit = null;
}

// the package, if installed from the tarball
let pkg = { available: false, reason: "not installed (bench/node_modules/astro-platform-client is missing: `make pkg` has not produced pkg/dist)" };
if (fs.existsSync(path.join(PKG_DIR, "package.json"))) {
  const pj = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"));
  results.versions.package = pj.version;
  try {
    results.versions.packageBuilt = fs.statSync(path.join(repo, "pkg", "dist", "index.js")).mtime.toISOString();
  } catch {
    results.versions.packageBuilt = null;
  }
  try {
    const m = await import("astro-platform-client");
    if (typeof m.AstroClient !== "function") throw new Error("the package does not export AstroClient");
    pkg = { available: true, module: m, entry: esmEntry(pj), version: pj.version };
  } catch (e) {
    pkg = { available: false, reason: `installed but does not load in Node: ${String(e?.message ?? e).split("\n")[0]}`, entry: esmEntry(pj), version: pj.version };
  }
}
results.package = { available: pkg.available, reason: pkg.available ? null : pkg.reason, version: pkg.version ?? null };
if (!pkg.available) log(`package column: n/a (${pkg.reason})`);

// A failure of the package in one part of the run: reported in RESULTS.md, that part shows
// n/a for the package, the rest goes on, and the exit code is 1 (a real error).
function packageFailed(what, e) {
  const msg = `${what}: ${String(e?.message ?? e).split("\n")[0]}`;
  results.notes.push(`The package failed in ${msg}`);
  log(`package failed in ${msg}`);
  process.exitCode = 1;
}

const { child: server, origin } = await startServer();
const base = `${origin}/platform/v1beta1`;
log(`server ${origin}`);
let browser;
const cleanup = () => {
  try {
    server.kill("SIGTERM");
  } catch {}
};
process.on("exit", cleanup);

try {
  const body = createDedicatedBody();
  const impls = { fetch: plainFetch(base), "openapi-fetch": openapiFetch((await import("openapi-fetch")).default, base) };
  if (pkg.available) impls.package = astroPackage(pkg.module.AstroClient, base);
  for (const [n, impl] of Object.entries(impls)) {
    try {
      await sanityCheck(n, impl, body);
    } catch (e) {
      if (n !== "package") throw e;
      // a package that answers wrongly is a real error: reported, the run goes on for the
      // others, and the exit code is 1
      delete impls.package;
      pkg = { ...pkg, available: false, reason: `loaded, but a call gave a wrong answer or failed: ${String(e?.message ?? e).split("\n")[0]}` };
      results.package = { available: false, reason: pkg.reason, version: pkg.version ?? null };
      process.exitCode = 1;
      log(`package: ${pkg.reason}`);
    }
  }
  const names = Object.keys(impls);
  log(`sanity checks passed: ${names.join(", ")}`);

  // ---------------------------------------------------------------- Node: per call
  const cases = { get: (i) => i.get(), list100: (i) => i.list(100, 0), list1000: (i) => i.list(1000, 0), create: (i) => i.create(body) };
  for (const [kase, plan] of Object.entries(PLAN.node)) {
    const t = performance.now();
    results.node[kase] = await interleaved(
      names,
      async (n, k) => {
        const impl = impls[n];
        const run = cases[kase];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < k; i++) await run(impl);
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        return { ms, cpuMs: (c.user + c.system) / 1000 };
      },
      plan,
      PLAN.warmup,
      gc,
    );
    log(`node ${kase}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // ---------------------------------------------------------------- Node: paging 10,000
  for (const limit of [100, 1000]) {
    const t = performance.now();
    // one parsed page kept alive on the heap, for scale (median of 5 measurements)
    // (each measurement in its own call frame: a suspended async frame keeps the previous
    //  iteration's value alive, which would cancel out)
    const measurePage = async () => {
      gc();
      gc();
      const h0 = process.memoryUsage().heapUsed;
      const keep = await impls.fetch.list(limit, 0);
      gc();
      gc();
      const grown = process.memoryUsage().heapUsed - h0;
      if (keep.deployments.length !== limit) throw new Error("short page");
      return grown;
    };
    const pageSamples = [];
    for (let i = 0; i < 5; i++) pageSamples.push(await measurePage());
    const onePage = median(pageSamples);
    const run = async (n, gcEachPage) => {
      gc();
      gc();
      const h = process.memoryUsage().heapUsed;
      let peak = h;
      let pages = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const seen = await impls[n].paginate(limit, () => {
        pages++;
        if (gcEachPage) gc();
        const u = process.memoryUsage().heapUsed;
        if (u > peak) peak = u;
      });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const cpuMs = (c.user + c.system) / 1000;
      if (seen !== TOTAL) throw new Error(`${n}: paginate(limit ${limit}) yielded ${seen} items, expected ${TOTAL}`);
      gc();
      gc();
      return { ms, cpuMs, peakGrowth: peak - h, afterGc: process.memoryUsage().heapUsed - h, pages };
    };
    const pnames = [...names];
    if (pnames.includes("package")) {
      try {
        await run("package", false);
      } catch (e) {
        packageFailed(`paginate (limit ${limit})`, e);
        pnames.splice(pnames.indexOf("package"), 1);
      }
    }
    const timed = Object.fromEntries(pnames.map((n) => [n, []]));
    for (let r = 0; r < PLAN.pagingRounds; r++) for (const n of rotate(pnames, r)) timed[n].push(await run(n, false));
    const retained = {};
    for (const n of pnames) retained[n] = await run(n, true);
    results.paging[limit] = {
      onePageHeapBytes: onePage,
      impls: Object.fromEntries(
        pnames.map((n) => [
          n,
          {
            ms: stats(timed[n].map((x) => x.ms)),
            cpuMs: stats(timed[n].map((x) => x.cpuMs)),
            peakGrowthBytes: Math.max(...timed[n].map((x) => x.peakGrowth)),
            retainedMaxBytes: retained[n].peakGrowth,
            afterGcBytes: retained[n].afterGc,
            pages: retained[n].pages,
          },
        ]),
      ),
    };
    log(`node paging limit ${limit}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // ---------------------------------------------------------------- Node: cold start
  {
    const t = performance.now();
    const cnames = [...names];
    const samples = Object.fromEntries(cnames.map((n) => [n, []]));
    for (let i = 0; i < PLAN.coldNode; i++) {
      for (const n of rotate(cnames, i)) {
        try {
          const { stdout } = await execFileP(process.execPath, [path.join(here, "cold-node.mjs"), n, base], { cwd: here });
          samples[n].push(JSON.parse(stdout.trim().split("\n").pop()));
        } catch (e) {
          if (n !== "package") throw e;
          packageFailed("the Node cold start", { message: String(e.stderr || e.message).trim().split("\n").slice(-3).join(" ") });
          cnames.splice(cnames.indexOf("package"), 1);
        }
      }
    }
    for (const n of cnames) {
      results.cold.node[n] = Object.fromEntries(["importMs", "firstRequestMs", "firstResponseMs"].map((f) => [f, stats(samples[n].map((s) => s[f]).filter((x) => x !== null))]));
    }
    log(`node cold start: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  // ---------------------------------------------------------------- Chromium
  {
    const t = performance.now();
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    results.versions.chromium = browser.version();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${origin}/bench/browser/index.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    const entryUrl = pkg.available ? `/vendor/astro/${pkg.entry}` : null;
    const info = await page.evaluate((e) => window.benchInit(e), entryUrl);
    if (info.packageError) packageFailed("Chromium", { message: info.packageError.split("\n")[0] });
    const bnames = info.impls;
    for (const [kase, plan] of Object.entries(PLAN.browser)) {
      results.browser[kase] = await interleaved(bnames, (n, k) => page.evaluate(([n, c, k]) => window.benchBatch(n, c, k), [n, kase, k]), plan, PLAN.warmup, () => page.evaluate(() => window.gc?.()));
    }
    await ctx.close();
    log(`chromium per call: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const t2 = performance.now();
    const samples = Object.fromEntries(bnames.map((n) => [n, []]));
    for (let i = 0; i < PLAN.coldBrowser; i++) {
      for (const n of rotate(bnames, i)) {
        const c = await browser.newContext();
        const p = await c.newPage();
        const q = new URLSearchParams({ impl: n, ...(entryUrl ? { entry: entryUrl } : {}) });
        await p.goto(`${origin}/bench/browser/cold.html?${q}`);
        await p.waitForFunction(() => window.__cold !== undefined, null, { timeout: 30_000 });
        const r = await p.evaluate(() => window.__cold);
        await c.close();
        if (r.error && n === "package") {
          packageFailed("the Chromium cold start", { message: r.error });
          bnames.splice(bnames.indexOf("package"), 1);
          continue;
        }
        if (r.error) throw new Error(`cold start in Chromium (${n}): ${r.error}`);
        samples[n].push(r);
      }
    }
    for (const n of bnames) {
      results.cold.browser[n] = Object.fromEntries(["importMs", "firstRequestMs", "firstResponseMs"].map((f) => [f, stats(samples[n].map((s) => s[f]).filter((x) => x !== null))]));
    }
    if (pageErrors.length) results.notes.push(`Page errors in Chromium: ${pageErrors.join("; ").slice(0, 500)}`);
    log(`chromium cold start: ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  }

  // ---------------------------------------------------------------- sizes
  {
    const rows = [];
    if (fs.existsSync(PKG_DIR)) {
      const dist = path.join(PKG_DIR, "dist");
      const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      const files = fs.existsSync(dist) ? walk(dist).filter((f) => !/\.(map|d\.ts|d\.mts|d\.cts)$/.test(f)).sort() : [];
      for (const f of files) rows.push({ lib: "astro-platform-client", file: `dist/${path.relative(dist, f)}`, ...sizes(f) });
      // the wasm embedded in the entry (a latin1 or base64 string literal), decoded, for reference
      let entryEmbedsWasm = false;
      {
        const entryFile = path.join(PKG_DIR, pkg.entry ?? "dist/index.js");
        const text = fs.existsSync(entryFile) ? fs.readFileSync(entryFile, "utf8") : "";
        const latin1 = text.match(/"\\0asm(?:[^"\\]|\\[^])*"/);
        const b64 = text.match(/["'`]([A-Za-z0-9+/]{4096,}={0,2})["'`]/);
        const bytes = latin1 ? Buffer.from((0, eval)(latin1[0]), "latin1") : b64 ? Buffer.from(b64[1], "base64") : null;
        entryEmbedsWasm = bytes !== null;
        if (bytes) {
          if (bytes.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]))) {
            const tmpw = path.join(os.tmpdir(), `astro-embedded-${process.pid}.wasm`);
            fs.writeFileSync(tmpw, bytes);
            rows.push({ lib: "astro-platform-client", file: "the wasm embedded in dist/index.js, decoded (for reference)", ...sizes(tmpw) });
            fs.rmSync(tmpw);
          }
        }
      }
      // what an ESM user (browser, bundler) loads: the ESM entry, plus the separate .wasm unless
      // the entry embeds it (the package's dist/astro.wasm is then only for its Node entries)
      const entry = path.join(PKG_DIR, pkg.entry ?? esmEntry(JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"))));
      const wasm = entryEmbedsWasm ? [] : files.filter((f) => f.endsWith(".wasm"));
      const set = [entry, ...wasm].filter((f) => fs.existsSync(f));
      if (set.length) {
        const sum = set.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
        rows.push({ lib: "astro-platform-client", file: `wasm + ESM glue (${set.map((f) => path.relative(PKG_DIR, f)).join(" + ")})`, total: true, ...sum });
      }
    }
    const ofDist = path.join(here, "node_modules", "openapi-fetch", "dist");
    rows.push({ lib: "openapi-fetch", file: "dist/index.mjs (as shipped)", ...sizes(path.join(ofDist, "index.mjs")) });
    const esbuild = require("esbuild");
    const min = await esbuild.build({ entryPoints: [path.join(ofDist, "index.mjs")], bundle: true, minify: true, format: "esm", write: false });
    const tmp = path.join(os.tmpdir(), `openapi-fetch-min-${process.pid}.mjs`);
    fs.writeFileSync(tmp, min.outputFiles[0].contents);
    rows.push({ lib: "openapi-fetch", file: "dist/index.mjs minified (esbuild)", ...sizes(tmp) });
    fs.rmSync(tmp);
    results.sizes = rows;
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  cleanup();
}
results.machine.loadavgEnd = os.loadavg().map((x) => +x.toFixed(2));
results.durationS = +(process.uptime()).toFixed(1);

// ------------------------------------------------------------------ report
fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 1) + "\n");
fs.writeFileSync(OUT, report(results));
log(`wrote ${path.relative(process.cwd(), OUT)} and ${path.relative(process.cwd(), JSON_OUT)} in ${results.durationS} s`);

function report(R) {
  const names = IMPL_NAMES;
  const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
  const cell = (s) => (s ? `${ms(s.median)} [${ms(s.min)}–${ms(s.max)}]` : "n/a");
  // ratio of the medians, then the median [min–max] of the per-round ratios (each round times
  // every client back to back, so the paired ratio is less sensitive to load drifting over the run)
  const ratio = (s, f) => {
    if (!s || !f) return "n/a";
    const out = `${(s.median / f.median).toFixed(2)}×`;
    if (s.samples.length !== f.samples.length || s.samples.length < 2) return out;
    const p = stats(s.samples.map((x, i) => x / f.samples[i]));
    return `${out} (paired ${p.median.toFixed(2)}× [${p.min.toFixed(2)}–${p.max.toFixed(2)}])`;
  };
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const mb = (b) => (Math.abs(b) < 2 ** 20 ? `${(b / 1024).toFixed(0)} KB` : `${(b / 2 ** 20).toFixed(1)} MB`);
  const vsTarget = (s, f, target) => {
    if (!s || !f) return "n/a";
    const r = s.median / f.median;
    return r <= target ? `met (${r.toFixed(2)}× ≤ ${target.toFixed(2)}×)` : `missed by ${((r / target - 1) * 100).toFixed(0)}% (${r.toFixed(2)}× > ${target.toFixed(2)}×)`;
  };
  const targets = { get: 1.1, list100: 1.25, list1000: 1.25 };
  const caseLabel = { get: "getDeployment (1 object)", list100: "listDeployments, 100 items", list1000: "listDeployments, 1,000 items", create: "createDeployment (DEDICATED, 2 worker queues)" };
  const L = [];
  L.push("# Benchmark results", "");
  L.push(`Generated by \`bash scripts/bench.sh\`${R.quick ? " (QUICK mode: fewer rounds, figures are rough)" : ""} on ${R.date.slice(0, 16).replace("T", " ")} UTC, in ${R.durationS} s. No pass/fail: the figures are what this run measured.`, "");
  L.push("| | |", "|---|---|");
  L.push(`| machine | ${R.machine.cpu}, ${R.machine.cores} cores, ${R.machine.memGiB} GiB, ${R.machine.os} |`);
  L.push(`| load average (1/5/15 min) | start ${R.machine.loadavgStart.join(" / ")}, end ${R.machine.loadavgEnd.join(" / ")} (the machine is shared; figures are noisy when it is high) |`);
  L.push(`| Node | ${R.versions.node} |`);
  L.push(`| Chromium | ${R.versions.chromium ?? "n/a"} (headless, playwright-core ${R.versions["playwright-core"]}) |`);
  L.push(`| astro-platform-client | ${R.package.available ? `${R.versions.package} (packed tarball of pkg/; pkg/dist built ${R.versions.packageBuilt ? R.versions.packageBuilt.slice(0, 16).replace("T", " ") + " UTC" : "?"}; repo at ${R.versions.repoCommit})` : `n/a: ${R.package.reason}`} |`);
  L.push(`| openapi-fetch | ${R.versions["openapi-fetch"]}, types from spec/platform-v1beta1.yaml by openapi-typescript ${R.versions["openapi-typescript"]} |`);
  L.push("");
  // summary against the issue's targets (information only: the run never fails on a number)
  {
    const r = (blk, kase, sub) => {
      const a = sub ? blk[kase]?.package?.[sub] : blk[kase]?.package;
      const b = sub ? blk[kase]?.fetch?.[sub] : blk[kase]?.fetch;
      return a && b ? a.median / b.median : null;
    };
    const fmt = (x, t) => (x === null ? "n/a" : `${x.toFixed(2)}× ${x <= t ? "(met)" : `(missed by ${((x / t - 1) * 100).toFixed(0)}%)`}`);
    L.push("## Summary against the issue's targets", "");
    L.push("| target | Node, wall time | Node, client CPU | Chromium, wall time |", "|---|---|---|---|");
    for (const [kase, t] of Object.entries(targets)) {
      L.push(`| ${caseLabel[kase]} ≤ ${t.toFixed(2)}× plain fetch | ${fmt(r(R.node, kase), t)} | ${fmt(r(R.node, kase, "cpu"), t)} | ${R.browser[kase] ? fmt(r(R.browser, kase), t) : "not measured"} |`);
    }
    const tot = R.sizes.find((x) => x.total);
    L.push(`| wasm + glue ≤ 100 KB gzipped | ${tot ? `${(tot.gzip / 1024).toFixed(1)} KB ${tot.gzip <= 102400 ? "(met)" : "(missed)"}` : "n/a"} | | |`);
    const pc = R.cold.node.package?.firstRequestMs;
    L.push(`| Node cold start ≤ 15 ms (import to first request) | ${pc ? `${pc.median.toFixed(1)} ms ${pc.median <= 15 ? "(met)" : "(missed)"}` : "n/a"} | | |`);
    const pg = (lim) => R.paging[lim]?.impls?.package;
    const pgs = [100, 1000].map((lim) => (pg(lim) ? `page ${lim}: retained ${mb(pg(lim).retainedMaxBytes)} vs one page ${mb(R.paging[lim].onePageHeapBytes)}` : `page ${lim}: n/a`));
    L.push(`| paging 10,000: heap growth bounded by one page | ${pgs.join("; ")} | | |`);
    L.push("");
  }
  L.push("Clients: (1) plain `fetch` + `res.json()` (the floor), (2) `openapi-fetch` with generated types, (3) this package with its defaults (response validation on, retries and timeout armed). All three send the same `Authorization` header to the same server: a separate `node:http` process serving pre-serialized bodies (a ~2 KB Deployment built to match the spec; pages of a fixed list of 10,000 distinct Deployments with `totalCount`), on 127.0.0.1 with keep-alive.", "");
  L.push("Time per call in ms: median of interleaved rounds [min–max] (a round times one batch of each client, order rotating; per-call = batch time / calls; forced GC before each batch). Ratios: median / median of plain fetch, then in parentheses the median [min–max] of the per-round ratios (paired: each round runs every client back to back).", "");

  const perCall = (title, block, plan) => {
    L.push(`## ${title}`, "");
    L.push(`| case | ${names.map((n) => IMPL_LABELS[n]).join(" | ")} | openapi-fetch / fetch | package / fetch | issue target (package) |`);
    L.push(`|---|${names.map(() => "---:").join("|")}|---:|---:|---|`);
    for (const [kase, r] of Object.entries(block)) {
      const [k, rounds] = plan[kase];
      L.push(`| ${caseLabel[kase]} (${rounds} rounds × ${k} calls) | ${names.map((n) => cell(r[n])).join(" | ")} | ${ratio(r["openapi-fetch"], r.fetch)} | ${ratio(r.package, r.fetch)} | ${targets[kase] ? vsTarget(r.package, r.fetch, targets[kase]) : "none (reported)"} |`);
    }
    L.push("");
  };
  perCall(`Node ${R.versions.node}: time per call`, R.node, PLAN.node);
  L.push(`### Node: client CPU time per call (user + system of the runner process)`, "");
  L.push("Same batches as above, measured with `process.cpuUsage()`: the work done in the client's process (request building, fetch/undici, body reading, parsing, validation, GC), without the time spent waiting for the server or for a core on this shared machine. On a loaded machine this is the steadier figure.", "");
  L.push(`| case | ${names.map((n) => IMPL_LABELS[n]).join(" | ")} | openapi-fetch / fetch | package / fetch | issue target (package) |`);
  L.push(`|---|${names.map(() => "---:").join("|")}|---:|---:|---|`);
  for (const [kase, r] of Object.entries(R.node)) {
    const c = (n) => r[n]?.cpu ?? null;
    L.push(`| ${caseLabel[kase]} | ${names.map((n) => cell(c(n))).join(" | ")} | ${ratio(c("openapi-fetch"), c("fetch"))} | ${ratio(c("package"), c("fetch"))} | ${targets[kase] ? vsTarget(c("package"), c("fetch"), targets[kase]) : "none (reported)"} |`);
  }
  L.push("");
  if (Object.keys(R.browser).length) perCall(`Headless Chromium ${R.versions.chromium ?? ""}: time per call`, R.browser, PLAN.browser);

  L.push(`## Paging through ${TOTAL.toLocaleString("en")} Deployments (Node)`, "");
  L.push("`paginate(\"listDeployments\", {limit})` for the package; an offset loop on `totalCount` for the others. Time: median of rounds [min–max]. Heap figures are `process.memoryUsage().heapUsed` minus the value after a forced GC before the run: *peak* sampled after each page (no forced GC: includes garbage not yet collected), *retained* with a forced GC after each page (what the iteration keeps alive), *after* once the loop is done and GC ran.", "");
  L.push(`| page size | client | total time, ms | / fetch | client CPU, ms | / fetch | peak heap growth | retained (GC each page), max | after the loop | one page on the heap |`);
  L.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [limit, p] of Object.entries(R.paging)) {
    for (const n of names) {
      const x = p.impls[n];
      L.push(`| ${limit} | ${IMPL_LABELS[n]} | ${x ? cell(x.ms) : "n/a"} | ${x ? ratio(x.ms, p.impls.fetch.ms) : "n/a"} | ${x ? cell(x.cpuMs) : "n/a"} | ${x ? ratio(x.cpuMs, p.impls.fetch.cpuMs) : "n/a"} | ${x ? mb(x.peakGrowthBytes) : "n/a"} | ${x ? mb(x.retainedMaxBytes) : "n/a"} | ${x ? mb(x.afterGcBytes) : "n/a"} | ${mb(p.onePageHeapBytes)} |`);
    }
  }
  L.push("", `Issue target: heap growth bounded by one page (compare *retained* with *one page on the heap*, the size of one parsed page kept alive).`, "");

  L.push("## Cold start", "");
  L.push("Time from the start of the library's `import()` to the first request calling `fetch`, median [min–max] in ms, each sample a fresh process (Node) or a fresh browser context with an empty cache (Chromium). *import* is the `import()` alone (the package instantiates its wasm there); *first response* is when the first call resolved. For plain fetch there is nothing to import. Node's own fetch (undici, with its Request, Headers and AbortController) is loaded before the clock starts, since every client pays it.", "");
  L.push(`| client | Node: import | Node: first request | Node: first response | Chromium: import | Chromium: first request | Chromium: first response |`);
  L.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const n of names) {
    const a = R.cold.node[n] ?? {};
    const b = R.cold.browser[n] ?? {};
    L.push(`| ${IMPL_LABELS[n]} | ${cell(a.importMs)} | ${cell(a.firstRequestMs)} | ${cell(a.firstResponseMs)} | ${cell(b.importMs)} | ${cell(b.firstRequestMs)} | ${cell(b.firstResponseMs)} |`);
  }
  const pc = R.cold.node.package?.firstRequestMs;
  L.push("", `Issue target: Node cold start ≤ 15 ms: ${pc ? (pc.median <= 15 ? `met (${ms(pc.median)} ms)` : `missed by ${ms(pc.median - 15)} ms (${ms(pc.median)} ms)`) : "n/a"}. Samples: ${PLAN.coldNode} per client in Node, ${PLAN.coldBrowser} in Chromium.`, "");

  L.push("## Package size", "");
  L.push("gzip level 9 and brotli quality 11 (node:zlib), per file. Type declarations and source maps are not counted.", "");
  L.push("| library | file | raw | gzip | brotli |", "|---|---|---:|---:|---:|");
  for (const s of R.sizes) L.push(`| ${s.lib} | ${s.total ? `**${s.file}**` : s.file} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
  const tot = R.sizes.find((s) => s.total);
  L.push("", `Issue target: wasm + glue ≤ 100 KB gzipped: ${tot ? (tot.gzip <= 100 * 1024 ? `met (${kb(tot.gzip)})` : `missed by ${kb(tot.gzip - 100 * 1024)} (${kb(tot.gzip)})`) : "n/a"}.`, "");
  if (!R.package.available) L.push(`**The package column is n/a in this run:** ${R.package.reason}.`, "");
  for (const n of R.notes) L.push(`Note: ${n}`, "");
  L.push("Raw samples: `bench/results.json` (written by the same run, not committed).", "");
  return L.join("\n");
}
