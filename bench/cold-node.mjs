// Cold start in a fresh Node process: `node cold-node.mjs <fetch|openapi-fetch|package> <baseUrl>`.
// Prints one JSON line: ms from the start of the library's import() to the first request calling
// fetch (firstRequestMs), to the end of the import (importMs) and to the first response
// (firstResponseMs). Node loads its fetch implementation (undici) lazily on first use of
// globalThis.fetch; that is touched before the clock starts, since every client pays it equally.
import { plainFetch, openapiFetch, astroPackage } from "./impls.mjs";

const [which, base] = process.argv.slice(2);
const realFetch = globalThis.fetch;
let tReq;
globalThis.fetch = function (...a) {
  tReq ??= performance.now();
  return realFetch.apply(this, a);
};
const t0 = performance.now();
let impl;
if (which === "fetch") impl = plainFetch(base);
else if (which === "openapi-fetch") impl = openapiFetch((await import("openapi-fetch")).default, base);
else impl = astroPackage((await import("astro-platform-client")).AstroClient, base);
const tImported = performance.now();
const d = await impl.get();
const tResp = performance.now();
if (!d?.id) throw new Error("no deployment");
process.stdout.write(
  JSON.stringify({ importMs: tImported - t0, firstRequestMs: tReq === undefined ? null : tReq - t0, firstResponseMs: tResp - t0 }) + "\n",
);
