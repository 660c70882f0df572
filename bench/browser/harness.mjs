// Browser side of the benchmark: the same three clients (impls.mjs) driven in batches by the
// Node runner through page.evaluate, for each API version (v1beta1: the package's root entry;
// v1: its `/v1` entry); timing happens here, in the page.
import { plainFetch, openapiFetch, astroPackage, sanityCheck, VERSIONS, basePath } from "/bench/impls.mjs";
import { createDedicatedBody } from "/bench/fixtures.mjs";

// impls[version][name]
const impls = {};
const body = createDedicatedBody();
const CONCURRENCY = 50;

// astroEntries: {v1beta1: url, v1: url} of the package's browser entries, or null
window.benchInit = async (astroEntries) => {
  const of = await import("/vendor/openapi-fetch/index.mjs");
  let packageError = null;
  for (const v of VERSIONS) {
    const base = `${location.origin}${basePath(v)}`;
    impls[v] = { fetch: plainFetch(base, v), "openapi-fetch": openapiFetch(of.default, base, v) };
    if (astroEntries && !packageError) {
      try {
        const m = await import(astroEntries[v]);
        impls[v].package = astroPackage(m.AstroClient, base);
      } catch (e) {
        packageError = String(e?.stack ?? e);
      }
    }
  }
  for (const v of VERSIONS) {
    if (packageError) delete impls[v].package;
    for (const [name, impl] of Object.entries(impls[v])) {
      try {
        await sanityCheck(name, impl, body, v);
      } catch (e) {
        if (name !== "package") throw e;
        for (const w of VERSIONS) delete impls[w].package;
        packageError = `a call (${v}) gave a wrong answer or failed: ${e?.message ?? e}`;
      }
    }
  }
  return { impls: Object.keys(impls.v1beta1), packageError };
};

const cases = {
  get: (impl) => impl.get(),
  list100: (impl) => impl.list(100, 0),
  list1000: (impl) => impl.list(1000, 0),
  create: (impl) => impl.create(body),
};

// A "tput" batch is k waves of CONCURRENCY concurrent getDeployment calls.
window.benchBatch = async (version, name, kase, k) => {
  const impl = impls[version][name];
  let sink = 0;
  let want = k;
  const t0 = performance.now();
  if (kase === "tput") {
    want = k * CONCURRENCY;
    for (let w = 0; w < k; w++) {
      const all = [];
      for (let i = 0; i < CONCURRENCY; i++) all.push(impl.get());
      for (const r of await Promise.all(all)) sink += r ? 1 : 0;
    }
  } else {
    const run = cases[kase];
    for (let i = 0; i < k; i++) {
      const r = await run(impl);
      sink += r ? 1 : 0;
    }
  }
  const ms = performance.now() - t0;
  if (sink !== want) throw new Error(`${version}/${name}/${kase}: empty result`);
  return ms;
};
window.benchReady = true;
