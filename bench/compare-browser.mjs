// Builds of the package side by side with plain fetch in headless Chromium (for PROFILE.md):
//   node bench/compare-browser.mjs a=/dir/with/dist b=/other/dir [--rounds N]
// (each dir holds dist/index.js). Same server, same page, interleaved rounds, wall time per call.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const rounds = Number(argv.includes("--rounds") ? argv[argv.indexOf("--rounds") + 1] : 15);
const builds = argv.filter((a) => a.includes("=") && !a.startsWith("--")).map((a) => a.split("="));
const srv = spawn(process.execPath, [path.join(here, "server.mjs"), ...builds.flatMap(([n, d]) => ["--variant", `${n}=${d}`])], { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((resolve) => srv.stdout.on("data", (d) => { const m = String(d).match(/listening on (http:\S+)/); if (m) resolve(m[1]); }));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--js-flags=--expose-gc"] });
const page = await (await browser.newContext()).newPage();
await page.goto(`${origin}/bench/browser/index.html`);
await page.waitForFunction(() => window.benchReady === true);
await page.evaluate(async (builds) => {
  const { plainFetch, astroPackage, sanityCheck } = await import("/bench/impls.mjs");
  const { createDedicatedBody } = await import("/bench/fixtures.mjs");
  const base = `${location.origin}/platform/v1beta1`;
  window.cmp = { fetch: plainFetch(base) };
  for (const [n] of builds) window.cmp[n] = astroPackage((await import(`/variants/${n}/dist/index.js`)).AstroClient, base);
  for (const [n, i] of Object.entries(window.cmp)) await sanityCheck(n, i, createDedicatedBody());
  window.cmpBatch = async (n, kase, k) => {
    const i = window.cmp[n];
    const t0 = performance.now();
    for (let j = 0; j < k; j++) await (kase === "get" ? i.get() : kase === "list100" ? i.list(100, 0) : i.list(1000, 0));
    return performance.now() - t0;
  };
}, builds);
const names = ["fetch", ...builds.map(([n]) => n)];
const calls = { get: 20, list100: 5, list1000: 2 };
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const kase of ["get", "list100", "list1000"]) {
  const s = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -2; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + r + 2) % names.length];
      await page.evaluate(() => window.gc?.());
      const ms = await page.evaluate(([n, k, c]) => window.cmpBatch(n, k, c), [n, kase, calls[kase]]);
      if (r >= 0) s[n].push(ms / calls[kase]);
    }
  }
  console.log(`-- Chromium ${kase}: median of ${rounds} interleaved rounds, wall per call`);
  for (const n of names) {
    const paired = s[n].map((x, i) => x / s.fetch[i]);
    console.log(`  ${n.padEnd(14)} ${med(s[n]).toFixed(3).padStart(8)} ms  ${(med(s[n]) / med(s.fetch)).toFixed(2)}× (paired ${med(paired).toFixed(2)}×)`);
  }
}
await browser.close();
srv.kill();
