// Child process of paging-memory.test.mjs, run with `node --expose-gc` so that the heap can be
// measured after forced collections, in a process of its own (the test runner's heap is not in
// the figures):
//   node --expose-gc paging-heap.mjs <baseUrl> <organizationId> <token> <limit> <total> [keep]
// ("keep": the consumer keeps every item, the control of the test: the growth must show)
// Pages through every Deployment with the package's `paginate` and prints one JSON line:
//   onePageBytes   heap kept alive by one parsed page (plain fetch + res.json(), median of 3)
//   retainedBytes  heap growth after a forced GC at the end of each page, one entry per page
//   afterBytes     heap growth after the loop ended and a GC ran
//   items, pages   what the iteration yielded
// Only retained memory is measured (bytes after GC), never time.
import { AstroClient } from "astro-platform-client";

const [baseUrl, org, token, limitArg, totalArg, mode] = process.argv.slice(2);
const kept = [];
const limit = Number(limitArg);
const total = Number(totalArg);
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const heapAfterGc = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

// One parsed page kept alive, for scale. Each measurement in its own call frame (a suspended
// frame of the caller would keep the previous page alive).
async function measureOnePage() {
  const h0 = heapAfterGc();
  const res = await fetch(`${baseUrl}/organizations/${org}/deployments?limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  const page = await res.json();
  const grown = heapAfterGc() - h0;
  if (page.deployments.length !== limit) throw new Error(`one page: ${page.deployments.length} items, expected ${limit}`);
  return grown;
}
const samples = [];
for (let i = 0; i < 3; i++) samples.push(await measureOnePage());
samples.sort((a, b) => a - b);
const onePageBytes = samples[1];

const client = new AstroClient({ token, baseUrl, organizationId: org });
// Warm-up (code compiled, wasm memory grown, connection open): the first two pages, then stop.
{
  let n = 0;
  for await (const d of client.paginate("listDeployments", { limit })) {
    if (!d.id) throw new Error("an item without id");
    if (++n === 2 * limit) break;
  }
}

async function pageThrough() {
  const retainedBytes = [];
  let items = 0;
  const h0 = heapAfterGc();
  for await (const d of client.paginate("listDeployments", { limit })) {
    if (!d.id) throw new Error("an item without id");
    items++;
    if (mode === "keep") kept.push(d);
    if (items % limit === 0) retainedBytes.push(heapAfterGc() - h0);
  }
  return { h0, retainedBytes, items };
}
const { h0, retainedBytes, items } = await pageThrough();
const afterBytes = heapAfterGc() - h0;
process.stdout.write(JSON.stringify({ limit, total, kept: kept.length, onePageBytes, onePageSamples: samples, retainedBytes, afterBytes, items, pages: retainedBytes.length }) + "\n");
