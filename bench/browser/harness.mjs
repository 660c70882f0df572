// Browser side of the benchmark: the same three clients (impls.mjs) driven in batches by the
// Node runner through page.evaluate; timing happens here, in the page.
import { plainFetch, openapiFetch, astroPackage, sanityCheck } from "/bench/impls.mjs";
import { createDedicatedBody } from "/bench/fixtures.mjs";

const base = `${location.origin}/platform/v1beta1`;
const impls = {};
const body = createDedicatedBody();

window.benchInit = async (astroEntry) => {
  impls.fetch = plainFetch(base);
  const of = await import("/vendor/openapi-fetch/index.mjs");
  impls["openapi-fetch"] = openapiFetch(of.default, base);
  let packageError = null;
  if (astroEntry) {
    try {
      const m = await import(astroEntry);
      impls.package = astroPackage(m.AstroClient, base);
    } catch (e) {
      packageError = String(e?.stack ?? e);
    }
  }
  for (const [name, impl] of Object.entries(impls)) {
    try {
      await sanityCheck(name, impl, body);
    } catch (e) {
      if (name !== "package") throw e;
      delete impls.package;
      packageError = `a call gave a wrong answer or failed: ${e?.message ?? e}`;
    }
  }
  return { impls: Object.keys(impls), packageError };
};

const cases = {
  get: (impl) => impl.get(),
  list100: (impl) => impl.list(100, 0),
  list1000: (impl) => impl.list(1000, 0),
  create: (impl) => impl.create(body),
};

window.benchBatch = async (name, kase, k) => {
  const impl = impls[name];
  const run = cases[kase];
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < k; i++) {
    const r = await run(impl);
    sink += r ? 1 : 0;
  }
  const ms = performance.now() - t0;
  if (sink !== k) throw new Error(`${name}/${kase}: empty result`);
  return ms;
};
window.benchReady = true;
