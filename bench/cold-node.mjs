// Cold start in a fresh Node process:
//   `node cold-node.mjs <fetch|openapi-fetch|package> <baseUrl> [v1beta1|v1]`
// (the package: `astro-platform-client` for v1beta1, `astro-platform-client/v1` for v1;
// BENCH_PKG=/path/to/dist/index.js loads another build of the package than the installed one).
// Prints one JSON line: ms from the start of the library's import() to the first request calling
// fetch (firstRequestMs), to the end of the import (importMs) and to the first response
// (firstResponseMs). Node loads its fetch implementation (undici) lazily on first use of
// globalThis.fetch; that is touched before the clock starts, since every client pays it equally.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { plainFetch, openapiFetch, astroPackage } from "./impls.mjs";

const [which, base, version = "v1beta1"] = process.argv.slice(2);
const realFetch = globalThis.fetch;
// Node loads parts of undici lazily on first use (Request, Headers, AbortController): warm them
// before the clock, since a client that builds a Request before calling fetch would otherwise
// pay what plain fetch pays after its call.
new Request("http://127.0.0.1/", { headers: new Headers({ accept: "application/json" }), signal: new AbortController().signal });
let tReq;
let cReq;
globalThis.fetch = function (...a) {
  if (tReq === undefined) {
    tReq = performance.now();
    cReq = process.cpuUsage(c0);
  }
  return realFetch.apply(this, a);
};
const cpuMs = (c) => (c.user + c.system) / 1000;
const pkgSpec = process.env.BENCH_PKG ? pathToFileURL(path.resolve(process.env.BENCH_PKG)).href : version === "v1" ? "astro-platform-client/v1" : "astro-platform-client";
const c0 = process.cpuUsage();
const t0 = performance.now();
let impl;
if (which === "fetch") impl = plainFetch(base, version);
else if (which === "openapi-fetch") impl = openapiFetch((await import("openapi-fetch")).default, base, version);
else impl = astroPackage((await import(pkgSpec)).AstroClient, base);
const tImported = performance.now();
const cImported = process.cpuUsage(c0);
const d = await impl.get();
const tResp = performance.now();
if (!d?.id) throw new Error("no deployment");
process.stdout.write(
  JSON.stringify({
    importMs: tImported - t0,
    firstRequestMs: tReq === undefined ? null : tReq - t0,
    firstResponseMs: tResp - t0,
    // CPU time of the process (user + system, all threads) over the same spans: steadier than
    // wall time on a loaded machine
    importCpuMs: cpuMs(cImported),
    firstRequestCpuMs: cReq === undefined ? null : cpuMs(cReq),
  }) + "\n",
);
