// pkg/README: `paginate` fetches one page at a time and "Memory stays bounded by one page".
// A loopback server holds 20,000 Deployments; a child process (node --expose-gc,
// support/paging-heap.mjs) pages through all of them with the package and reports the heap kept
// alive after a forced GC at the end of every page, next to the heap kept alive by one parsed
// page. Retained bytes only, never time. The same measurement of a consumer that keeps every
// item must see the growth (so the bound is not met by a measurement that sees nothing).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import * as F from "./support/fixtures.mjs";

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const TOTAL = 20_000;
const LIMIT = 1_000;
const MiB = 1024 * 1024;

// Distinct Deployments (distinct strings: a parsed page is not shrunk by shared values).
const item = (i) =>
  F.deployment({
    id: `cl${String(i).padStart(8, "0")}paging${(i * 7919).toString(36)}`,
    name: `deployment ${i}`,
    description: `paging test deployment number ${i} of ${TOTAL}`,
    namespace: `ns-${(i * 104729).toString(36)}`,
  });
let server;
let baseUrl;
before(async () => {
  const pages = new Map();
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (req.headers.authorization !== `Bearer ${F.TOKEN}` || url.pathname !== `/platform/v1beta1/organizations/${F.ORG}/deployments`) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify(F.apiError(404, `no route ${req.method} ${url.pathname}`)));
      return;
    }
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const key = `${offset}:${limit}`;
    if (!pages.has(key)) {
      const deployments = [];
      for (let i = offset; i < Math.min(offset + limit, TOTAL); i++) deployments.push(item(i));
      pages.set(key, Buffer.from(JSON.stringify({ deployments, limit, offset, totalCount: TOTAL })));
    }
    const body = pages.get(key);
    res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}/platform/v1beta1`;
});
after(() => new Promise((resolve) => server?.close(resolve)));

async function measure(keepItems) {
  const args = ["--expose-gc", path.join(here, "support", "paging-heap.mjs"), baseUrl, F.ORG, F.TOKEN, String(LIMIT), String(TOTAL)];
  if (keepItems) args.push("keep");
  const { stdout } = await execFileP(process.execPath, args, { maxBuffer: 16 * MiB });
  return JSON.parse(stdout.trim().split("\n").pop());
}
const mb = (b) => `${(b / MiB).toFixed(2)} MB`;

test("paginate over 20,000 Deployments (pages of 1,000) keeps at most about one page alive", async (t) => {
  const r = await measure(false);
  const shown = `one page ${mb(r.onePageBytes)}; retained after each page: ${r.retainedBytes.map(mb).join(", ")}; after the loop ${mb(r.afterBytes)}`;
  t.diagnostic(shown);
  assert.equal(r.items, TOTAL, "every item was yielded");
  assert.equal(r.pages, TOTAL / LIMIT);
  // The yardstick must be real: a parsed page of 1,000 Deployments is megabytes.
  assert.ok(r.onePageBytes > 1 * MiB, `one parsed page measured ${mb(r.onePageBytes)}: the heap measurement does not work`);
  // Generous bound: the current page plus one more (a leak of every page would be 20 pages).
  const most = Math.max(...r.retainedBytes);
  assert.ok(most <= 2 * r.onePageBytes, `retained up to ${mb(most)}, more than two pages: ${shown}`);
  // No growth from the first page to the last.
  const growth = r.retainedBytes[r.retainedBytes.length - 1] - r.retainedBytes[0];
  assert.ok(growth < r.onePageBytes, `retained grew by ${mb(growth)} from the first page to the last: ${shown}`);
  assert.ok(r.afterBytes < r.onePageBytes, `after the loop ${mb(r.afterBytes)} are still retained: ${shown}`);
});

test("control: the same measurement sees the growth when the consumer keeps every item", async (t) => {
  const r = await measure(true);
  assert.equal(r.items, TOTAL);
  const growth = r.retainedBytes[r.retainedBytes.length - 1] - r.retainedBytes[0];
  t.diagnostic(`one page ${mb(r.onePageBytes)}; retained after each page: ${r.retainedBytes.map(mb).join(", ")}`);
  assert.ok(growth > 10 * r.onePageBytes, `keeping 20 pages grew the heap by only ${mb(growth)} (one page ${mb(r.onePageBytes)})`);
});
