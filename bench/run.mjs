// The benchmark runner: `node run.mjs [--quick] [--runs N] [--out FILE] [--json FILE]`
// (`node run.mjs --from results.json --out FILE` writes the report of earlier runs again)
// (scripts/bench.sh prepares everything and calls this). A single run on a shared machine is not
// a result, so this starts N >= 3 measuring runs (bench/measure.mjs, each a fresh process that
// measures every comparison once, with its own interleaved rounds), one after the other, and
// reports every figure as the median over the runs with the spread (min–max) across them. It
// never picks a run. Package sizes are measured once (they do not vary between runs).
// It never fails on a number; it exits non-zero only on real errors (a client returning a wrong
// answer, the server or the browser not starting, a failing package).
import { spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { IMPL_NAMES, IMPL_LABELS } from "./impls.mjs";
import { TOTAL } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const flag = (n) => argv.includes(n);
const opt = (n, d) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : d);
const QUICK = flag("--quick") || process.env.BENCH_QUICK === "1";
const RUNS = Number(opt("--runs", "3"));
const OUT = path.resolve(opt("--out", path.join(here, "RESULTS.md")));
const JSON_OUT = path.resolve(opt("--json", path.join(here, "results.json")));
const PKG_DIR = path.join(here, "node_modules", "astro-platform-client");
const log = (...a) => console.error("[bench]", ...a);
if (!Number.isInteger(RUNS) || RUNS < 3) {
  console.error("run.mjs: --runs must be an integer >= 3 (one run on a shared machine is not a result)");
  process.exit(2);
}

// ------------------------------------------------------------------ helpers
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// one figure across the runs: median [min–max], runs without the figure left out (n says how many)
const across = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x));
  return v.length ? { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length, values: v } : null;
};
const perRun = (runs, f) =>
  across(
    runs.map((r) => {
      try {
        return f(r);
      } catch {
        return null;
      }
    }),
  );

function sizes(file) {
  const raw = fs.readFileSync(file);
  return {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
  };
}

// --from FILE: the report of runs already made (the raw results.json of an earlier command)
if (opt("--from", null)) {
  const R = JSON.parse(fs.readFileSync(path.resolve(opt("--from")), "utf8"));
  fs.writeFileSync(OUT, report(R));
  log(`wrote ${path.relative(process.cwd(), OUT)} from ${opt("--from")}`);
  process.exit(0);
}

// ------------------------------------------------------------------ machine, versions
const started = Date.now();
const R = { date: new Date().toISOString(), quick: QUICK, machine: {}, versions: {}, sizes: [], runs: [], notes: [] };
const cpuModel = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
R.machine = { cpu: cpuModel, cores: os.cpus().length, memGiB: +(os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()}` };
const depVersion = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};
R.versions = { node: process.version, "openapi-fetch": depVersion("openapi-fetch"), "openapi-typescript": depVersion("openapi-typescript"), "playwright-core": depVersion("playwright-core") };
try {
  R.versions.repoCommit = execFileSync("git", ["-C", repo, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
} catch {
  R.versions.repoCommit = null;
}
let pkgJson = null;
if (fs.existsSync(path.join(PKG_DIR, "package.json"))) {
  pkgJson = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"));
  R.versions.package = pkgJson.version;
  try {
    R.versions.packageBuilt = fs.statSync(path.join(repo, "pkg", "dist", "index.js")).mtime.toISOString();
  } catch {
    R.versions.packageBuilt = null;
  }
}

// ------------------------------------------------------------------ the runs
for (let i = 1; i <= RUNS; i++) {
  log(`run ${i} of ${RUNS}${QUICK ? " (quick)" : ""}`);
  const file = path.join(os.tmpdir(), `astro-bench-run-${process.pid}-${i}.json`);
  fs.rmSync(file, { force: true });
  const res = spawnSync(process.execPath, ["--expose-gc", path.join(here, "measure.mjs"), "--json", file, ...(QUICK ? ["--quick"] : [])], { cwd: here, stdio: ["ignore", "inherit", "inherit"] });
  if (!fs.existsSync(file)) throw new Error(`run ${i}: measure.mjs exited (${res.status ?? res.signal}) without results`);
  const run = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.rmSync(file, { force: true });
  if (res.status !== 0) process.exitCode = 1; // a package failure, written into the run's notes
  R.runs.push(run);
}
const runs = R.runs;
R.versions.chromium = runs.find((r) => r.versions?.chromium)?.versions.chromium ?? null;

// ------------------------------------------------------------------ sizes (once: the same files in every run)
// Per file of the installed tarball, then per entry as it ships (wasm + JS glue together): the
// browser/bundler ESM entry (the wasm embedded in it, or beside it) and the Node entry (its glue
// + the .wasm file it reads).
{
  const rows = [];
  const entries = [];
  if (pkgJson) {
    const dist = path.join(PKG_DIR, "dist");
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const files = fs.existsSync(dist) ? walk(dist).filter((f) => !/\.(map|d\.ts|d\.mts|d\.cts)$/.test(f)).sort() : [];
    for (const f of files) rows.push({ lib: "astro-platform-client", file: `dist/${path.relative(dist, f)}`, ...sizes(f) });
    const sum = (set) => set.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));
    for (const [version, key] of [["v1beta1", "."], ["v1", "./v1"]]) {
      const pick = (e, cond) => (typeof e === "string" ? e : e && (cond.map((c) => pick(e[c], cond)).find((x) => x) ?? null));
      const exp = pkgJson.exports?.[key];
      if (!exp) continue;
      const esm = pick(exp, ["browser", "default"]);
      const nodeEntry = pick(exp.node ?? {}, ["import"]);
      for (const [kind, rel] of [["browser / bundler ESM", esm], ["Node ESM", nodeEntry]]) {
        if (!rel) continue;
        const file = path.join(PKG_DIR, rel);
        if (!fs.existsSync(file)) continue;
        const text = fs.readFileSync(file, "latin1");
        const embeds = text.includes("\\0asm") || text.includes("\0asm");
        const wasm = path.join(path.dirname(file), "astro.wasm");
        const set = [file, ...(embeds || !fs.existsSync(wasm) ? [] : [wasm])];
        entries.push({ version, kind, files: set.map((f) => path.relative(PKG_DIR, f)), embeds, ...sum(set) });
      }
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
  R.sizes = rows;
  R.entrySizes = entries;
}
R.durationS = +((Date.now() - started) / 1000).toFixed(1);
for (const r of runs) for (const n of r.notes ?? []) R.notes.push(n);

fs.writeFileSync(JSON_OUT, JSON.stringify(R) + "\n");
fs.writeFileSync(OUT, report(R));
log(`wrote ${path.relative(process.cwd(), OUT)} and ${path.relative(process.cwd(), JSON_OUT)} (${RUNS} runs) in ${R.durationS} s`);

// ------------------------------------------------------------------ report
function report(R) {
  const runs = R.runs;
  const PLAN = runs[0].plan;
  const VERS = ["v1beta1", "v1"];
  const ENTRY = { v1beta1: "`astro-platform-client` (v1beta1)", v1: "`astro-platform-client/v1` (v1)" };
  const pkgAvailable = runs.every((r) => r.package?.available);
  const pkgReason = runs.find((r) => !r.package?.available)?.package?.reason ?? null;
  const N = runs.length;
  const names = IMPL_NAMES;
  const ms = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));
  const cell = (a) => (a ? `${ms(a.median)} [${ms(a.min)}–${ms(a.max)}]` : "n/a");
  const rx = (a) => (a ? `${a.median.toFixed(2)}× [${a.min.toFixed(2)}–${a.max.toFixed(2)}]` : "n/a");
  const int = (a) => (a ? `${a.median.toFixed(0)} [${a.min.toFixed(0)}–${a.max.toFixed(0)}]` : "n/a");
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const mb = (b) => (Math.abs(b) < 2 ** 20 ? `${(b / 1024).toFixed(0)} KB` : `${(b / 2 ** 20).toFixed(1)} MB`);
  const mbCell = (a) => (a ? `${mb(a.median)} [${mb(a.min)}–${mb(a.max)}]` : "n/a");
  // in how many runs a target was met (value <= limit), said plainly
  const verdict = (a, limit) => {
    if (!a) return "n/a";
    const met = a.values.filter((v) => v <= limit).length;
    const tail = a.n !== N ? ` (${a.n} of ${N} runs measured)` : "";
    if (met === a.n) return `met in all ${a.n} runs${tail}`;
    if (met === 0) return `missed in all ${a.n} runs${tail}`;
    return `met in ${met} of ${a.n} runs${tail}`;
  };
  // blk(r): the block {name: stats} of one case in one run (null when absent)
  const get = (r, p) => p.reduce((o, k) => (o == null ? o : o[k]), r);
  const med = (p, n, sub) => perRun(runs, (r) => (sub ? get(r, [...p, n, sub]).median : get(r, [...p, n]).median));
  // each run's ratio of medians (n / ref)
  const ratio = (p, n, ref, sub) => perRun(runs, (r) => (sub ? get(r, [...p, n, sub]).median / get(r, [...p, ref, sub]).median : get(r, [...p, n]).median / get(r, [...p, ref]).median));
  // each run's median of the per-round ratios (every round runs the clients back to back)
  const paired = (p, n, ref, sub) =>
    perRun(runs, (r) => {
      const a = sub ? get(r, [...p, n, sub]).samples : get(r, [...p, n]).samples;
      const b = sub ? get(r, [...p, ref, sub]).samples : get(r, [...p, ref]).samples;
      if (a.length !== b.length) return null;
      return median(a.map((x, i) => x / b[i]));
    });
  const has = (p) => runs.some((r) => get(r, p));
  const targets = { get: 1.1, list100: 1.15, list1000: 1.15 };
  const caseLabel = { get: "getDeployment (1 object)", list100: "listDeployments, 100 items", list1000: "listDeployments, 1,000 items", create: "createDeployment (DEDICATED, 2 worker queues)" };
  const ENVS = [
    ["node", `Node ${R.versions.node}`],
    ["browser", `headless Chromium ${R.versions.chromium ?? ""}`.trim()],
  ];

  const L = [];
  L.push("# Benchmark results", "");
  L.push(`Generated by \`bash scripts/bench.sh\`${R.quick ? " (QUICK mode: fewer rounds per run, figures are rough)" : ""} on ${R.date.slice(0, 16).replace("T", " ")} UTC, in ${R.durationS} s: **${N} runs**, one after the other, each a fresh process that measured every comparison. No pass/fail.`, "");
  L.push(`**Every figure is the median over the ${N} runs, with the spread [min–max] across the runs.** Within a run, a per-call figure is the median over that run's interleaved rounds (a round times one batch of each client, order rotating), a cold-start figure the median of that run's fresh processes or browser contexts. No run is chosen or dropped.`, "");
  L.push("| | |", "|---|---|");
  L.push(`| machine | ${R.machine.cpu}, ${R.machine.cores} cores, ${R.machine.memGiB} GiB, ${R.machine.os} |`);
  L.push(`| load average (1/5/15 min), per run | ${runs.map((r, i) => `run ${i + 1}: ${r.machine.loadavgStart.join(" / ")} → ${r.machine.loadavgEnd.join(" / ")}`).join("; ")} (the machine is shared; the spread shows how much that moved the figures) |`);
  L.push(`| Node | ${R.versions.node} |`);
  L.push(`| Chromium | ${R.versions.chromium ?? "n/a"} (headless, playwright-core ${R.versions["playwright-core"]}) |`);
  L.push(`| astro-platform-client | ${pkgAvailable ? `${R.versions.package} (packed tarball of pkg/, both entries as they ship, response validation on; pkg/dist built ${R.versions.packageBuilt ? R.versions.packageBuilt.slice(0, 16).replace("T", " ") + " UTC" : "?"}; repo at ${R.versions.repoCommit})` : `n/a: ${pkgReason}`} |`);
  L.push(`| openapi-fetch | ${R.versions["openapi-fetch"]}, types from spec/platform-v1beta1.yaml and spec/astro-v1.yaml by openapi-typescript ${R.versions["openapi-typescript"]} |`);
  L.push("");

  // ---- summary against the issue's targets
  L.push("## Summary against the issue's targets", "");
  L.push(`Ratios of the package's per-call wall time: median over the ${N} runs [min–max across runs] of each run's ratio of medians; then in how many runs the target was met.`, "");
  L.push("| entry | case | env | package / plain fetch | target | package / openapi-fetch | target ≤ 1.00× |", "|---|---|---|---:|---|---:|---|");
  for (const v of VERS) {
    for (const [kase, t] of Object.entries(targets)) {
      for (const [env] of ENVS) {
        const p = [env, v, kase];
        if (!has(p)) continue;
        const f = ratio(p, "package", "fetch");
        const o = ratio(p, "package", "openapi-fetch");
        L.push(`| ${ENTRY[v]} | ${caseLabel[kase]} | ${env === "node" ? "Node" : "Chromium"} | ${rx(f)} | ≤ ${t.toFixed(2)}×: ${verdict(f, t)} | ${rx(o)} | ${verdict(o, 1)} |`);
      }
    }
  }
  for (const v of VERS) {
    for (const [env] of ENVS) {
      const p = ["throughput", env, v];
      if (!has(p)) continue;
      // per-call time ratio <= 1 is calls/s at or above the other client
      const f = ratio(p, "package", "fetch");
      const o = ratio(p, "package", "openapi-fetch");
      L.push(`| ${ENTRY[v]} | ${PLAN.concurrency} concurrent getDeployment (time per call) | ${env === "node" ? "Node" : "Chromium"} | ${rx(f)} | reported | ${rx(o)} | ${verdict(o, 1)} |`);
    }
  }
  L.push("");
  L.push("| entry | target | value | verdict |", "|---|---|---:|---|");
  for (const v of VERS) {
    const req = perRun(runs, (r) => r.cold.node[v].package.firstRequestMs.median);
    L.push(`| ${ENTRY[v]} | Node cold start ≤ 10 ms, start of \`import()\` to the first request (\`fetch\` called) | ${cell(req)} ms | ${verdict(req, 10)} |`);
    const first = perRun(runs, (r) => r.cold.browser[v].package.afterImportToRequestMs.median);
    L.push(`| ${ENTRY[v]} | Chromium, first call after import (end of import to \`fetch\` called) | ${cell(first)} ms | reported |`);
    for (const e of (R.entrySizes ?? []).filter((x) => x.version === v)) {
      L.push(`| ${ENTRY[v]} | ${e.kind} entry (wasm + JS glue: ${e.files.join(" + ")}) ≤ 100 KB gzipped | ${kb(e.gzip)} gzip, ${kb(e.brotli)} brotli | ${e.gzip <= 100 * 1024 ? "met" : `missed by ${kb(e.gzip - 100 * 1024)}`} |`);
    }
  }
  L.push("", "KB = 1,024 bytes. Where a target is missed, bench/PROFILE.md says where the time or the bytes go and what was tried.", "");
  L.push("Clients: (1) plain `fetch` + `res.json()` (the floor), (2) `openapi-fetch` with generated types, (3) this package with its defaults (response validation on, retries and timeout armed), each entry against its own API version. All three send the same headers (`Authorization`; `X-API-Version: 1.0` for v1) to the same server: a separate `node:http` process serving pre-serialized bodies (a ~2 KB Deployment built to match each spec; pages of a fixed list of 10,000 distinct Deployments with `totalCount`), on 127.0.0.1 with keep-alive.", "");

  // ---- per call
  const perCallTable = (env, v, sub) => {
    L.push(`| case | ${names.map((n) => IMPL_LABELS[n]).join(" | ")} | openapi-fetch / fetch | package / fetch | package / openapi-fetch |`);
    L.push(`|---|${names.map(() => "---:").join("|")}|---:|---:|---:|`);
    for (const kase of Object.keys(runs[0][env][v] ?? {})) {
      const plan = PLAN[env][kase];
      const p = [env, v, kase];
      const label = sub ? caseLabel[kase] : `${caseLabel[kase]} (${plan[1]} rounds × ${plan[0]} call${plan[0] === 1 ? "" : "s"} per run)`;
      const rs = [["openapi-fetch", "fetch"], ["package", "fetch"], ["package", "openapi-fetch"]].map(([n, ref]) => {
        const r = ratio(p, n, ref, sub);
        return r ? `${rx(r)} (paired ${rx(paired(p, n, ref, sub))})` : "n/a";
      });
      L.push(`| ${label} | ${names.map((n) => cell(med(p, n, sub))).join(" | ")} | ${rs.join(" | ")} |`);
    }
    L.push("");
  };
  for (const [env, label] of ENVS) {
    if (!runs.some((r) => Object.keys(r[env] ?? {}).length)) continue;
    for (const v of VERS) {
      L.push(`## ${label}, ${ENTRY[v]}: time per call, ms`, "");
      if (env === "node" && v === "v1beta1") L.push("Per-call wall time (batch time / calls). Ratio: each run's median / the other client's median in that run; *paired*: each run's median of the per-round ratios (every round runs the clients back to back, so it is less sensitive to load drifting within a run). All as median [min–max] across the runs.", "");
      perCallTable(env, v);
      if (env === "node") {
        L.push(`### Node, ${ENTRY[v]}: client CPU time per call, ms (user + system of the measuring process)`, "");
        L.push("Same batches, measured with `process.cpuUsage()`: the work done in the client's process (request building, fetch/undici, body reading, parsing, validation, GC), without the time spent waiting for the server or for a core on this shared machine.", "");
        perCallTable(env, v, "cpu");
      }
    }
  }

  // ---- throughput
  L.push(`## Throughput: ${PLAN.concurrency} concurrent getDeployment calls from one client`, "");
  L.push(`A batch is k waves of ${PLAN.concurrency} calls started together and awaited with \`Promise.all\` (Node: ${PLAN.node.tput[1]} rounds × ${PLAN.node.tput[0]} waves per run; Chromium: ${PLAN.browser.tput[1]} × ${PLAN.browser.tput[0]}), interleaved like the per-call cases. Calls/s = 1000 / (batch time / calls): each run's median, then median [min–max] across runs. Ratios are of calls/s (≥ 1.00× is at least as fast).`, "");
  L.push(`| env | entry | ${names.map((n) => `${IMPL_LABELS[n]}, calls/s`).join(" | ")} | package / fetch | package / openapi-fetch |`);
  L.push(`|---|---|${names.map(() => "---:").join("|")}|---:|---:|`);
  for (const [env] of ENVS) {
    for (const v of VERS) {
      const p = ["throughput", env, v];
      if (!has(p)) continue;
      const cps = (n) => perRun(runs, (r) => 1000 / get(r, [...p, n]).median);
      const inv = (ref) => perRun(runs, (r) => get(r, [...p, ref]).median / get(r, [...p, "package"]).median);
      L.push(`| ${env === "node" ? "Node" : "Chromium"} | ${ENTRY[v]} | ${names.map((n) => int(cps(n))).join(" | ")} | ${rx(inv("fetch"))} | ${rx(inv("openapi-fetch"))} |`);
    }
  }
  L.push("");

  // ---- paging
  if (runs[0].paging && Object.keys(runs[0].paging).length) {
    L.push(`## Paging through ${TOTAL.toLocaleString("en")} Deployments (Node, v1beta1)`, "");
    L.push(`\`paginate("listDeployments", {limit})\` for the package; an offset loop on \`totalCount\` for the others. Every client first makes one untimed pass (the same warm-up for all), then ${PLAN.pagingRounds} timed pass${PLAN.pagingRounds === 1 ? "" : "es"} per run, interleaved. Time: each run's median, then median [min–max] across runs. Heap figures are \`process.memoryUsage().heapUsed\` minus the value after a forced GC before the pass: *peak* sampled after each page (no forced GC: includes garbage not yet collected), *retained* with a forced GC after each page (what the iteration keeps alive), *after* once the loop is done and GC ran; *one page* is the heap kept alive by one parsed page.`, "");
    L.push(`| page size | client | total time, ms | / fetch | client CPU, ms | / fetch | peak heap growth | retained (GC each page), max | after the loop | one page on the heap |`);
    L.push("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const limit of Object.keys(runs[0].paging)) {
      for (const n of names) {
        const f = (g) => perRun(runs, (r) => g(r.paging[limit].impls[n], r.paging[limit]));
        const present = runs.some((r) => r.paging[limit]?.impls?.[n]);
        if (!present) {
          L.push(`| ${limit} | ${IMPL_LABELS[n]} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | ${mbCell(f((x, p) => p.onePageHeapBytes))} |`);
          continue;
        }
        L.push(
          `| ${limit} | ${IMPL_LABELS[n]} | ${cell(f((x) => x.ms.median))} | ${rx(f((x, p) => x.ms.median / p.impls.fetch.ms.median))} | ${cell(f((x) => x.cpuMs.median))} | ${rx(f((x, p) => x.cpuMs.median / p.impls.fetch.cpuMs.median))} | ${mbCell(f((x) => x.peakGrowthBytes))} | ${mbCell(f((x) => x.retainedMaxBytes))} | ${mbCell(f((x) => x.afterGcBytes))} | ${mbCell(f((x, p) => p.onePageHeapBytes))} |`,
        );
      }
    }
    L.push("", "Heap growth bounded by one page: compare *retained* with *one page on the heap*. The package's test suite checks the same claim without timing: tests/js/paging-memory.test.mjs.", "");
  }

  // ---- cold start
  L.push("## Cold start, ms", "");
  L.push(`From the start of the library's \`import()\` to the end of the import, to the moment its first request calls \`fetch\`, and to the first response (the first call resolved); *after import* is from the end of the import to that first \`fetch\` call (the first call's own setup). Each sample is a fresh process (Node) or a fresh browser context with an empty cache (Chromium); per run ${PLAN.coldNode} samples per client in Node and ${PLAN.coldBrowser} in Chromium, interleaved; each run's median, then median [min–max] across runs. For plain fetch there is nothing to import. Node's own fetch (undici, with its Request, Headers and AbortController) is loaded before the clock starts, since every client pays it.`, "");
  L.push(`| entry | client | Node: import | Node: first \`fetch\` call | Node: first response | Chromium: import | Chromium: first \`fetch\` call | Chromium: after import | Chromium: first response |`);
  L.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const v of VERS) {
    for (const n of names) {
      const c = (env, field) => perRun(runs, (r) => r.cold[env][v][n][field].median);
      L.push(`| ${ENTRY[v]} | ${IMPL_LABELS[n]} | ${cell(c("node", "importMs"))} | ${cell(c("node", "firstRequestMs"))} | ${cell(c("node", "firstResponseMs"))} | ${cell(c("browser", "importMs"))} | ${cell(c("browser", "firstRequestMs"))} | ${cell(c("browser", "afterImportToRequestMs"))} | ${cell(c("browser", "firstResponseMs"))} |`);
    }
  }
  L.push("");

  // ---- sizes
  L.push("## Package size", "");
  L.push("gzip level 9 and brotli quality 11 (node:zlib), of the installed tarball (the same files in every run, so measured once). Type declarations and source maps are not counted. KB = 1,024 bytes.", "");
  L.push("Per entry as it ships (wasm + JS glue together):", "");
  L.push("| entry | loaded by | files | raw | gzip | brotli |", "|---|---|---|---:|---:|---:|");
  for (const e of R.entrySizes ?? []) L.push(`| ${ENTRY[e.version]} | ${e.kind} | ${e.files.join(" + ")}${e.embeds ? " (wasm embedded)" : ""} | ${kb(e.raw)} | **${kb(e.gzip)}** | ${kb(e.brotli)} |`);
  L.push("", "Per file:", "");
  L.push("| library | file | raw | gzip | brotli |", "|---|---|---:|---:|---:|");
  for (const s of R.sizes) L.push(`| ${s.lib} | ${s.file} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
  L.push("");

  // ---- runs
  L.push("## The runs", "");
  L.push("| run | started (UTC) | duration | load average at start → end |", "|---:|---|---:|---|");
  runs.forEach((r, i) => L.push(`| ${i + 1} | ${r.date.slice(0, 19).replace("T", " ")} | ${r.durationS} s | ${r.machine.loadavgStart.join(" / ")} → ${r.machine.loadavgEnd.join(" / ")} |`));
  L.push("");
  if (!pkgAvailable) L.push(`**The package column is n/a in at least one run:** ${pkgReason}.`, "");
  for (const n of R.notes) L.push(`Note: ${n}`, "");
  L.push("Raw samples of every run: `bench/results.json` (written by the same command, not committed).", "");
  return L.join("\n");
}
