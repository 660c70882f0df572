// Profiling helper (not part of the benchmark run): loops one case of one client against the
// fixed-body server, so `node --cpu-prof` sees mostly that case.
//   node --cpu-prof --cpu-prof-dir=bench/profiles bench/profile.mjs <package|fetch|openapi-fetch> <get|list100|list1000|create> [seconds]
//   node bench/profile-summary.mjs bench/profiles/<file>.cpuprofile
// Also prints the wall and CPU time per call of the loop, so a change to the package can be
// measured quickly (BENCH_PKG=/path/to/dist/index.js to load a package build from elsewhere).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { plainFetch, openapiFetch, astroPackage, sanityCheck } from "./impls.mjs";
import { createDedicatedBody } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [which = "package", kase = "list100", seconds = "8"] = process.argv.slice(2);
const srv = spawn(process.execPath, [path.join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((resolve, reject) => {
  srv.on("exit", (c) => reject(new Error(`server exited ${c}`)));
  srv.stdout.on("data", (d) => {
    const m = String(d).match(/listening on (http:\S+)/);
    if (m) resolve(m[1]);
  });
});
const base = `${origin}/platform/v1beta1`;
let impl;
if (which === "fetch") impl = plainFetch(base);
else if (which === "openapi-fetch") impl = openapiFetch((await import("openapi-fetch")).default, base);
else {
  const spec = process.env.BENCH_PKG ? pathToFileURL(path.resolve(process.env.BENCH_PKG)).href : "astro-platform-client";
  impl = astroPackage((await import(spec)).AstroClient, base);
}
const body = createDedicatedBody();
await sanityCheck(which, impl, body);
const run = { get: () => impl.get(), list100: () => impl.list(100, 0), list1000: () => impl.list(1000, 0), create: () => impl.create(body) }[kase];
const until = performance.now() + Number(seconds) * 1000;
for (let i = 0; i < 20; i++) await run();
let n = 0;
const c0 = process.cpuUsage();
const t0 = performance.now();
while (performance.now() < until) {
  await run();
  n++;
}
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ which, kase, calls: n, wallMsPerCall: +(ms / n).toFixed(4), cpuMsPerCall: +((c.user + c.system) / 1000 / n).toFixed(4) }));
srv.kill();
