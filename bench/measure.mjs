// One measuring run of the benchmark (bench/run.mjs starts several and reports them):
//   node --expose-gc measure.mjs --json FILE [--quick]
// Against one fixed-body server process (server.mjs), on loopback:
//   plain fetch + res.json()  |  openapi-fetch (openapi-typescript types)  |  astro-platform-client
// for each API version (v1beta1: the package's root entry; v1: `astro-platform-client/v1`):
// per call (interleaved rounds: each round times one batch of each client, order rotating),
// throughput (50 concurrent getDeployment calls from one client), cold starts in fresh processes /
// fresh browser contexts, the same per-call and throughput cases in headless Chromium, and
// (v1beta1) paging through 10,000 (every client warmed up the same way first). Writes the raw
// samples of this run to FILE; no report. Exits non-zero only on real errors (a client returning a wrong
// answer, the server or the browser not starting; a failing package is reported in the JSON and
// makes the exit code 1).
import { spawn, execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { plainFetch, openapiFetch, astroPackage, sanityCheck, VERSIONS, basePath } from "./impls.mjs";
import { createDedicatedBody, TOTAL } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const execFileP = promisify(execFile);
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const opt = (n, d) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : d);
const QUICK = flag("--quick") || process.env.BENCH_QUICK === "1";
const JSON_OUT = opt("--json", null) && path.resolve(opt("--json"));
if (!JSON_OUT) {
  console.error("usage: node --expose-gc measure.mjs --json FILE [--quick]  (bench/run.mjs runs it)");
  process.exit(2);
}
const PKG_DIR = path.join(here, "node_modules", "astro-platform-client");
const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--js-flags=--expose-gc"];

if (typeof globalThis.gc !== "function") {
  console.error("measure.mjs needs `node --expose-gc` (heap figures after forced GC)");
  process.exit(2);
}
const gc = globalThis.gc;
const log = (...a) => console.error("[bench]", ...a);

// Batch sizes (calls per timed batch) and rounds. A round runs one batch of each client, in an
// order that rotates every round; per-call time = batch time / calls. A throughput batch ("tput")
// is k waves of CONCURRENCY concurrent getDeployment calls (k × CONCURRENCY calls).
// createDeployment is measured on v1beta1 only.
const CONCURRENCY = 50;
const PLAN = QUICK
  ? { node: { get: [20, 7], list100: [5, 7], list1000: [1, 5], create: [20, 7], tput: [2, 5] }, browser: { get: [20, 5], list100: [5, 5], list1000: [1, 3], tput: [1, 3] }, pagingRounds: 1, coldNode: 3, coldBrowser: 2, warmup: 1, concurrency: CONCURRENCY }
  : { node: { get: [30, 41], list100: [6, 41], list1000: [2, 21], create: [30, 31], tput: [4, 15] }, browser: { get: [20, 25], list100: [5, 25], list1000: [2, 13], tput: [2, 9] }, pagingRounds: 3, coldNode: 15, coldBrowser: 8, warmup: 2, concurrency: CONCURRENCY };

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
// (callsPerUnit: calls per unit of k, so that every figure is per call: CONCURRENCY for throughput)
async function interleaved(names, batch, [k, rounds], warmup, beforeBatch = () => {}, callsPerUnit = 1) {
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -warmup; r < rounds; r++) {
    for (const n of rotate(names, (r + warmup) % names.length)) {
      await beforeBatch();
      const x = await batch(n, k);
      if (r < 0) continue;
      samples[n].push((typeof x === "number" ? x : x.ms) / (k * callsPerUnit));
      if (typeof x === "object") cpu[n].push(x.cpuMs / (k * callsPerUnit));
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

// The browser entry of a package export ("." or "./v1").
function esmEntry(pj, key = ".") {
  const pick = (e) => (typeof e === "string" ? e : e && (pick(e.browser) ?? pick(e.import) ?? pick(e.default)));
  const e = pj.exports && (typeof pj.exports === "string" ? (key === "." ? pj.exports : null) : pick(pj.exports[key] ?? (key === "." ? pj.exports : null)));
  return (e ?? (key === "." ? pj.module ?? pj.main : null) ?? (key === "." ? "dist/index.js" : "dist/v1/index.js")).replace(/^\.\//, "");
}
const SPECIFIER = { v1beta1: "astro-platform-client", v1: "astro-platform-client/v1" };
const EXPORT_KEY = { v1beta1: ".", v1: "./v1" };

// ------------------------------------------------------------------ main
const results = { date: new Date().toISOString(), quick: QUICK, plan: PLAN, machine: {}, versions: {}, node: {}, browser: {}, throughput: { node: {}, browser: {} }, paging: {}, cold: { node: {}, browser: {} }, notes: [] };
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

// the package, if installed from the tarball: one module per API version (entry)
let pkg = { available: false, reason: "not installed (bench/node_modules/astro-platform-client is missing: `make pkg` has not produced pkg/dist)", modules: {}, entries: {} };
if (fs.existsSync(path.join(PKG_DIR, "package.json"))) {
  const pj = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"));
  results.versions.package = pj.version;
  try {
    results.versions.packageBuilt = fs.statSync(path.join(repo, "pkg", "dist", "index.js")).mtime.toISOString();
  } catch {
    results.versions.packageBuilt = null;
  }
  const entries = Object.fromEntries(VERSIONS.map((v) => [v, esmEntry(pj, EXPORT_KEY[v])]));
  try {
    const modules = {};
    for (const v of VERSIONS) {
      const m = await import(SPECIFIER[v]);
      if (typeof m.AstroClient !== "function") throw new Error(`${SPECIFIER[v]} does not export AstroClient`);
      modules[v] = m;
    }
    pkg = { available: true, modules, entries, version: pj.version };
  } catch (e) {
    pkg = { available: false, reason: `installed but does not load in Node: ${String(e?.message ?? e).split("\n")[0]}`, modules: {}, entries, version: pj.version };
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
const baseOf = (v) => `${origin}${basePath(v)}`;
log(`server ${origin}`);
let browser;
const cleanup = () => {
  try {
    server.kill("SIGTERM");
  } catch {}
};
process.on("exit", cleanup);

// k waves of CONCURRENCY concurrent getDeployment calls
async function waves(impl, k) {
  for (let w = 0; w < k; w++) {
    const all = [];
    for (let i = 0; i < CONCURRENCY; i++) all.push(impl.get());
    const got = await Promise.all(all);
    if (got.length !== CONCURRENCY || !got[CONCURRENCY - 1]?.id) throw new Error("a concurrent call returned nothing");
  }
}

try {
  const body = createDedicatedBody();
  const { default: createClient } = await import("openapi-fetch");
  // impls[version][name]
  const impls = {};
  for (const v of VERSIONS) {
    impls[v] = { fetch: plainFetch(baseOf(v), v), "openapi-fetch": openapiFetch(createClient, baseOf(v), v) };
    if (pkg.available) impls[v].package = astroPackage(pkg.modules[v].AstroClient, baseOf(v));
    for (const [n, impl] of Object.entries(impls[v])) {
      try {
        await sanityCheck(n, impl, body, v);
      } catch (e) {
        if (n !== "package") throw e;
        // a package that answers wrongly is a real error: reported, the run goes on for the
        // others, and the exit code is 1
        for (const w of VERSIONS) delete impls[w]?.package;
        pkg = { ...pkg, available: false, reason: `loaded, but a call (${v}) gave a wrong answer or failed: ${String(e?.message ?? e).split("\n")[0]}` };
        results.package = { available: false, reason: pkg.reason, version: pkg.version ?? null };
        process.exitCode = 1;
        log(`package: ${pkg.reason}`);
      }
    }
  }
  if (!pkg.available) for (const v of VERSIONS) delete impls[v].package;
  const names = Object.keys(impls.v1beta1);
  log(`sanity checks passed: ${names.join(", ")} (${VERSIONS.join(", ")})`);

  // ---------------------------------------------------------------- Node: per call and throughput
  const cases = { get: (i) => i.get(), list100: (i) => i.list(100, 0), list1000: (i) => i.list(1000, 0), create: (i) => i.create(body) };
  for (const v of VERSIONS) {
    results.node[v] = {};
    for (const [kase, plan] of Object.entries(PLAN.node)) {
      if (kase === "create" && v !== "v1beta1") continue;
      const t = performance.now();
      const block = await interleaved(
        names,
        async (n, k) => {
          const impl = impls[v][n];
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          if (kase === "tput") await waves(impl, k);
          else for (let i = 0; i < k; i++) await cases[kase](impl);
          const ms = performance.now() - t0;
          const c = process.cpuUsage(c0);
          return { ms, cpuMs: (c.user + c.system) / 1000 };
        },
        // per-call figures: a throughput batch is k × CONCURRENCY calls
        kase === "tput" ? [plan[0], plan[1]] : plan,
        PLAN.warmup,
        gc,
        kase === "tput" ? CONCURRENCY : 1,
      );
      if (kase === "tput") results.throughput.node[v] = block;
      else results.node[v][kase] = block;
      log(`node ${v} ${kase}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }

  // ---------------------------------------------------------------- Node: paging 10,000 (v1beta1)
  for (const limit of [100, 1000]) {
    const t = performance.now();
    const pimpls = impls.v1beta1;
    // one parsed page kept alive on the heap, for scale (median of 5 measurements)
    // (each measurement in its own call frame: a suspended async frame keeps the previous
    //  iteration's value alive, which would cancel out)
    const measurePage = async () => {
      gc();
      gc();
      const h0 = process.memoryUsage().heapUsed;
      const keep = await pimpls.fetch.list(limit, 0);
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
      const seen = await pimpls[n].paginate(limit, () => {
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
    // Warm-up: one untimed pass of every client, the same for all (code compiled, connection
    // open). A package that fails here is reported and left out of this part.
    const pnames = [...names];
    for (const n of names) {
      try {
        await run(n, false);
      } catch (e) {
        if (n !== "package") throw e;
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
  for (const v of VERSIONS) {
    const t = performance.now();
    const cnames = [...names];
    const samples = Object.fromEntries(cnames.map((n) => [n, []]));
    for (let i = 0; i < PLAN.coldNode; i++) {
      for (const n of rotate(cnames, i)) {
        if (!cnames.includes(n)) continue;
        try {
          const { stdout } = await execFileP(process.execPath, [path.join(here, "cold-node.mjs"), n, baseOf(v), v], { cwd: here });
          samples[n].push(JSON.parse(stdout.trim().split("\n").pop()));
        } catch (e) {
          if (n !== "package") throw e;
          packageFailed(`the Node cold start (${v})`, { message: String(e.stderr || e.message).trim().split("\n").slice(-3).join(" ") });
          cnames.splice(cnames.indexOf("package"), 1);
        }
      }
    }
    results.cold.node[v] = {};
    for (const n of cnames) {
      results.cold.node[v][n] = Object.fromEntries(["importMs", "firstRequestMs", "firstResponseMs", "importCpuMs", "firstRequestCpuMs"].map((f) => [f, stats(samples[n].map((s) => s[f]).filter((x) => x !== null && x !== undefined))]));
    }
    log(`node cold start ${v}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
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
    const entryUrls = pkg.available ? Object.fromEntries(VERSIONS.map((v) => [v, `/vendor/astro/${pkg.entries[v]}`])) : null;
    const info = await page.evaluate((e) => window.benchInit(e), entryUrls);
    if (info.packageError) packageFailed("Chromium", { message: info.packageError.split("\n")[0] });
    const bnames = info.impls;
    for (const v of VERSIONS) {
      results.browser[v] = {};
      for (const [kase, plan] of Object.entries(PLAN.browser)) {
        const block = await interleaved(bnames, (n, k) => page.evaluate(([v, n, c, k]) => window.benchBatch(v, n, c, k), [v, n, kase, k]), plan, PLAN.warmup, () => page.evaluate(() => window.gc?.()), kase === "tput" ? CONCURRENCY : 1);
        if (kase === "tput") results.throughput.browser[v] = block;
        else results.browser[v][kase] = block;
      }
    }
    await ctx.close();
    log(`chromium per call and throughput: ${((performance.now() - t) / 1000).toFixed(1)} s`);

    for (const v of VERSIONS) {
      const t2 = performance.now();
      const cnames = [...bnames];
      const samples = Object.fromEntries(cnames.map((n) => [n, []]));
      for (let i = 0; i < PLAN.coldBrowser; i++) {
        for (const n of rotate(cnames, i)) {
          if (!cnames.includes(n)) continue;
          const c = await browser.newContext();
          const p = await c.newPage();
          const q = new URLSearchParams({ impl: n, version: v, base: basePath(v), ...(entryUrls ? { entry: entryUrls[v] } : {}) });
          await p.goto(`${origin}/bench/browser/cold.html?${q}`);
          await p.waitForFunction(() => window.__cold !== undefined, null, { timeout: 30_000 });
          const r = await p.evaluate(() => window.__cold);
          await c.close();
          if (r.error && n === "package") {
            packageFailed(`the Chromium cold start (${v})`, { message: r.error });
            cnames.splice(cnames.indexOf("package"), 1);
            continue;
          }
          if (r.error) throw new Error(`cold start in Chromium (${n}, ${v}): ${r.error}`);
          samples[n].push(r);
        }
      }
      results.cold.browser[v] = {};
      for (const n of cnames) {
        results.cold.browser[v][n] = Object.fromEntries(["importMs", "firstRequestMs", "firstResponseMs", "afterImportToRequestMs"].map((f) => [f, stats(samples[n].map((s) => s[f]).filter((x) => x !== null && x !== undefined))]));
      }
      log(`chromium cold start ${v}: ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    }
    if (pageErrors.length) results.notes.push(`Page errors in Chromium: ${pageErrors.join("; ").slice(0, 500)}`);
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  cleanup();
}
results.machine.loadavgEnd = os.loadavg().map((x) => +x.toFixed(2));
results.durationS = +process.uptime().toFixed(1);
fs.writeFileSync(JSON_OUT, JSON.stringify(results) + "\n");
log(`run written to ${JSON_OUT} in ${results.durationS} s`);
