// Issue 5 against the emulator's fault injection: pagination, retries, timeouts, cancellation,
// waiters and hooks. The emulator's journal says what the server really saw.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroApiError, AstroTimeoutError, AstroWaitError, AstroValidationError } from "astro-platform-client";
import { startEmulator, queryOf, headerOf, sleep } from "./support/emulator.mjs";

const TOKEN = "resilience-token-Q7w2";
let emu;
let org;
let seq = 0;

before(async () => {
  emu = await startEmulator(["--token", TOKEN, "--lifecycle-seconds", "2"]);
  const c = new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl });
  org = (await c.listOrganizations()).organizations[0].id;
});
after(async () => emu?.stop());

/** A client whose every request carries a unique x-test-id (to pick its entries out of the journal). */
function tagged(extra = {}) {
  const id = `t${++seq}-${Date.now()}`;
  const client = new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl, organizationId: org, headers: { "x-test-id": id }, ...extra });
  return { client, id, seen: () => emu.journalFor(id) };
}

function fault(spec) {
  const key = `k${++seq}`;
  return { key, headers: { "x-emulator-fault": `${spec}; key=${key}` } };
}

const offsetOf = (e) => Number(queryOf(e).get("offset") ?? "0");

// ---------------------------------------------------------------- pagination over 1,000+ items

let total;
let createdIds;

test("setup: 1,050 workspaces created through the API", async () => {
  const { client } = tagged();
  createdIds = [];
  const N = 1050;
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const ws = await client.createWorkspace({ name: `page-ws-${String(i).padStart(4, "0")}` });
      createdIds.push(ws.id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  assert.equal(new Set(createdIds).size, N);
  total = (await client.listWorkspaces({ limit: 1 })).totalCount;
  assert.ok(total >= N, `totalCount ${total}`);
});

test("paginate: every item once, pages of 100 at exact offsets, stopping at totalCount", async () => {
  const { client, seen } = tagged();
  const ids = [];
  for await (const ws of client.paginate("listWorkspaces", { limit: 100 })) ids.push(ws.id);
  assert.equal(ids.length, total);
  assert.equal(new Set(ids).size, total, "no duplicates");
  const all = new Set(ids);
  for (const id of createdIds) assert.ok(all.has(id), `created workspace ${id} was listed`);
  const reqs = (await seen()).filter((e) => e.method === "GET");
  const pages = Math.ceil(total / 100);
  assert.deepEqual(reqs.map(offsetOf), Array.from({ length: pages }, (_, i) => i * 100), "offsets");
  for (const e of reqs) assert.equal(queryOf(e).get("limit"), "100");
});

test("paginate: the page size defaults to 100", async () => {
  const { client, seen } = tagged();
  let n = 0;
  for await (const _ of client.paginate("listWorkspaces", {})) if (++n === 150) break;
  const reqs = await seen();
  assert.deepEqual(reqs.map(offsetOf), [0, 100]);
  for (const e of reqs) assert.equal(queryOf(e).get("limit"), "100");
});

test("paginate(...).pages() iterates whole pages", async () => {
  const { client, seen } = tagged();
  const sizes = [];
  let count = 0;
  for await (const page of client.paginate("listWorkspaces", { limit: 250 }).pages()) {
    const items = Array.isArray(page) ? page : page.workspaces;
    assert.ok(Array.isArray(items), "a page holds the items");
    sizes.push(items.length);
    count += items.length;
  }
  assert.equal(count, total);
  const pages = Math.ceil(total / 250);
  assert.equal(sizes.length, pages);
  for (const s of sizes.slice(0, -1)) assert.equal(s, 250);
  assert.deepEqual((await seen()).map(offsetOf), Array.from({ length: pages }, (_, i) => i * 250));
});

test("listAll with maxItems collects at most maxItems, fetching only what it needs", async () => {
  const { client, seen } = tagged();
  const ref = [];
  for await (const ws of tagged().client.paginate("listWorkspaces", { limit: 100 })) {
    ref.push(ws.id);
    if (ref.length === 250) break;
  }
  const items = await client.listAll("listWorkspaces", { limit: 100 }, { maxItems: 250 });
  assert.ok(Array.isArray(items));
  assert.equal(items.length, 250);
  assert.deepEqual(items.map((w) => w.id), ref, "same items, same order as paginate");
  const offs = (await seen()).map(offsetOf);
  assert.deepEqual(offs, [0, 100, 200]);
});

test("listAll requires a cap", async () => {
  const { client, seen } = tagged();
  await assert.rejects(client.listAll("listWorkspaces", { limit: 100 }), AstroValidationError);
  await assert.rejects(client.listAll("listWorkspaces", { limit: 100 }, {}), AstroValidationError);
  assert.equal((await seen()).length, 0);
});

test("breaking out of the loop fetches no further page", async () => {
  const { client, seen } = tagged();
  let n = 0;
  for await (const _ of client.paginate("listWorkspaces", { limit: 100 })) {
    n += 1;
    if (n === 100) break; // exactly the end of page 1: page 2 must never be requested
  }
  await sleep(300);
  assert.deepEqual((await seen()).map(offsetOf), [0]);
});

test("paginate on a non-list operation is rejected", async () => {
  const { client } = tagged();
  await assert.rejects(
    (async () => {
      for await (const _ of client.paginate("getWorkspace", { workspaceId: "x" })) {
        /* nothing */
      }
    })(),
    AstroValidationError,
  );
});

// ---------------------------------------------------------------- retries

test("429 with Retry-After: 1 is honoured, then the GET succeeds", async () => {
  const { client } = tagged();
  const f = fault("status=429; retry-after=1; times=1");
  const t0 = Date.now();
  const got = await client.getOrganization({}, { headers: f.headers });
  const elapsed = Date.now() - t0;
  assert.equal(got.id, org);
  assert.ok(elapsed >= 900, `waited ${elapsed} ms (>= ~1 s)`);
  assert.ok(elapsed < 6000, `waited ${elapsed} ms (generous upper bound)`);
  const reqs = await emu.journalFor(f.key);
  assert.deepEqual(reqs.map((e) => e.status), [429, 200]);
});

test("503 then success on a GET (times=1)", async () => {
  const { client } = tagged();
  const f = fault("status=503; times=1");
  const got = await client.listWorkspaces({ limit: 5 }, { headers: f.headers });
  assert.equal(got.workspaces.length, 5);
  const reqs = await emu.journalFor(f.key);
  assert.deepEqual(reqs.map((e) => e.status), [503, 200]);
});

test("GET retries stop after maxRetries; the error says how many attempts", async () => {
  const { client } = tagged({ maxRetries: 1 });
  const f = fault("status=503; times=5");
  const err = await client.getOrganization({}, { headers: f.headers }).catch((e) => e);
  assert.ok(err instanceof AstroApiError);
  assert.equal(err.status, 503);
  assert.equal(err.attempts, 2);
  assert.equal((await emu.journalFor(f.key)).length, 2);
  const f2 = fault("status=503; times=5");
  const err2 = await client.getOrganization({}, { headers: f2.headers, maxRetries: 0 }).catch((e) => e);
  assert.equal(err2.attempts, 1);
  assert.equal((await emu.journalFor(f2.key)).length, 1);
});

test("a POST is not retried on 503 (the server saw exactly one request)", async () => {
  const { client } = tagged();
  const f = fault("status=503; times=1");
  const err = await client.createWorkspace({ name: "no-retry" }, { headers: f.headers }).catch((e) => e);
  assert.ok(err instanceof AstroApiError, `got ${err}`);
  assert.equal(err.status, 503);
  assert.equal(err.attempts, 1);
  await sleep(700);
  const reqs = await emu.journalFor(f.key);
  assert.equal(reqs.length, 1);
  assert.equal(reqs[0].method, "POST");
});

test("a POST is retried on 503 with { retry: true }", async () => {
  const { client } = tagged();
  const f = fault("status=503; times=1");
  const ws = await client.createWorkspace({ name: "retry-opt-in" }, { headers: f.headers, retry: true });
  assert.equal(ws.name, "retry-opt-in");
  const reqs = await emu.journalFor(f.key);
  assert.deepEqual(reqs.map((e) => [e.method, e.status]), [["POST", 503], ["POST", 200]]);
  assert.deepEqual(JSON.parse(reqs[1].body), { name: "retry-opt-in" }, "every attempt rebuilds the same request");
});

test("a DELETE is retried on 502", async () => {
  const { client } = tagged();
  const ws = await client.createWorkspace({ name: "to-delete" });
  const f = fault("status=502; times=1");
  assert.equal(await client.deleteWorkspace({ workspaceId: ws.id }, { headers: f.headers }), undefined);
  assert.deepEqual((await emu.journalFor(f.key)).map((e) => e.status), [502, 204]);
});

test("a dropped connection on a GET is retried", async () => {
  const { client } = tagged();
  const f = fault("drop; times=1");
  const got = await client.getOrganization({}, { headers: f.headers });
  assert.equal(got.id, org);
  assert.equal((await emu.journalFor(f.key)).length, 2);
});

// ---------------------------------------------------------------- timeouts and cancellation

test("timeout -> AstroTimeoutError", async () => {
  const { client } = tagged({ maxRetries: 0 });
  const f = fault("latency=3000");
  const t0 = Date.now();
  const err = await client.getOrganization({}, { headers: f.headers, timeoutMs: 300 }).catch((e) => e);
  const elapsed = Date.now() - t0;
  assert.ok(err instanceof AstroTimeoutError, `got ${err}`);
  assert.equal(err.timeoutMs, 300);
  assert.equal(err.operation, "getOrganization");
  assert.ok(elapsed < 2500, `gave up after ${elapsed} ms`);
});

test("abort during the fetch rejects fast with the signal's reason; nothing is sent after", async () => {
  const { client } = tagged();
  const f = fault("latency=5000");
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const t0 = Date.now();
  const err = await client.getOrganization({}, { headers: f.headers, signal: ac.signal }).catch((e) => e);
  const elapsed = Date.now() - t0;
  assert.equal(err, ac.signal.reason);
  assert.equal(err.name, "AbortError");
  assert.ok(elapsed < 2000, `rejected after ${elapsed} ms`);
  await sleep(1000);
  assert.ok((await emu.journalFor(f.key)).length <= 1, "no retry after the abort");
});

test("abort during the backoff (429, Retry-After: 5) rejects fast; no request after the abort", async () => {
  const { client } = tagged();
  const f = fault("status=429; retry-after=5; times=1");
  const ac = new AbortController();
  const reason = new Error("stop waiting");
  const t0 = Date.now();
  const p = client.getOrganization({}, { headers: f.headers, signal: ac.signal });
  await sleep(200);
  assert.equal((await emu.journalFor(f.key)).length, 1, "the first attempt got its 429");
  ac.abort(reason);
  const err = await p.catch((e) => e);
  const elapsed = Date.now() - t0;
  assert.equal(err, reason);
  assert.ok(elapsed < 2000, `rejected after ${elapsed} ms, not after the 5 s backoff`);
  await sleep(5500 - elapsed);
  assert.equal((await emu.journalFor(f.key)).length, 1, "no request after the abort");
});

test("abort during pagination rejects with the reason and fetches no further page", async () => {
  const { client, seen } = tagged();
  const ac = new AbortController();
  let n = 0;
  const err = await (async () => {
    for await (const _ of client.paginate("listWorkspaces", { limit: 100 }, { signal: ac.signal })) {
      n += 1;
      if (n === 100) ac.abort();
    }
  })().catch((e) => e);
  assert.equal(err, ac.signal.reason);
  assert.equal(n, 100);
  await sleep(300);
  assert.deepEqual((await seen()).map(offsetOf), [0]);
});

// ---------------------------------------------------------------- waiters

async function newDeployment(client, name) {
  const ws = await client.createWorkspace({ name: `wait-${name}` });
  const opts = await client.getDeploymentOptions({ deploymentType: "STANDARD", cloudProvider: "AWS" });
  const machine = opts.workerMachines[0];
  return client.createDeployment({
    type: "STANDARD",
    cloudProvider: "AWS",
    name,
    workspaceId: ws.id,
    astroRuntimeVersion: opts.runtimeReleases[0].version,
    executor: "CELERY",
    schedulerSize: "SMALL",
    defaultTaskPodCpu: opts.resourceQuotas.defaultPodSize.cpu.default,
    defaultTaskPodMemory: opts.resourceQuotas.defaultPodSize.memory.default,
    resourceQuotaCpu: opts.resourceQuotas.resourceQuota.cpu.default,
    resourceQuotaMemory: opts.resourceQuotas.resourceQuota.memory.default,
    isCicdEnforced: false,
    isDagDeployEnabled: true,
    isHighAvailability: false,
    workerQueues: [
      {
        name: "default",
        isDefault: true,
        astroMachine: machine.name,
        minWorkerCount: opts.workerQueues.minWorkers.default,
        maxWorkerCount: opts.workerQueues.maxWorkers.default,
        workerConcurrency: machine.concurrency?.default ?? opts.workerQueues.workerConcurrency.default,
      },
    ],
  });
}

test("waitForDeployment reaches HEALTHY with onProgress calls in order", async () => {
  const { client } = tagged();
  const dep = await newDeployment(client, "wait-healthy");
  assert.equal(dep.status, "CREATING");
  const progress = [];
  const done = await client.waitForDeployment(
    { deploymentId: dep.id },
    { intervalMs: 100, timeoutMs: 30000, onProgress: (p) => progress.push(p) },
  );
  assert.equal(done.id, dep.id);
  assert.equal(done.status, "HEALTHY");
  assert.ok(progress.length >= 2, JSON.stringify(progress));
  const chain = [progress[0].previous, ...progress.map((p) => p.current)].filter((s) => s != null);
  assert.deepEqual(chain, ["CREATING", "DEPLOYING", "HEALTHY"]);
  for (let i = 1; i < progress.length; i++) {
    assert.equal(progress[i].previous, progress[i - 1].current, "each change starts where the last ended");
    assert.ok(progress[i].elapsedMs >= progress[i - 1].elapsedMs);
  }
  for (const p of progress) assert.equal(typeof p.elapsedMs, "number");
});

test("waitForCluster reaches CREATED; waitForClusterDeleted resolves after delete", async () => {
  const { client } = tagged();
  const [opt] = await client.getClusterOptions({ type: "DEDICATED", provider: "AWS" });
  const c = await client.createCluster({
    cloudProvider: "AWS",
    type: "DEDICATED",
    name: "js-wait-cluster",
    region: opt.defaultRegion.name,
    vpcSubnetRange: opt.defaultVpcSubnetRange,
  });
  const progress = [];
  const done = await client.waitForCluster({ clusterId: c.id }, { intervalMs: 100, timeoutMs: 30000, onProgress: (p) => progress.push(p) });
  assert.equal(done.id, c.id);
  assert.equal(done.status, "CREATED");
  const chain = [progress[0]?.previous, ...progress.map((p) => p.current)].filter((s) => s != null && s !== "");
  assert.equal(chain.at(-1), "CREATED");
  assert.ok(chain.includes("CREATING"), JSON.stringify(progress));

  assert.equal(await client.deleteCluster({ clusterId: c.id }), undefined);
  await client.waitForClusterDeleted({ clusterId: c.id }, { intervalMs: 100, timeoutMs: 30000 });
  const err = await client.getCluster({ clusterId: c.id }).catch((e) => e);
  assert.equal(err.status, 404);
});

test("a wait timeout -> AstroWaitError carrying the last seen deployment", async () => {
  const { client } = tagged();
  const dep = await newDeployment(client, "wait-timeout");
  const t0 = Date.now();
  const err = await client.waitForDeployment({ deploymentId: dep.id }, { intervalMs: 100, timeoutMs: 400 }).catch((e) => e);
  const elapsed = Date.now() - t0;
  assert.ok(err instanceof AstroWaitError, `got ${err}`);
  assert.equal(err.name, "AstroWaitError");
  assert.equal(err.reason, "timeout");
  assert.equal(err.lastSeen?.id, dep.id);
  assert.ok(["CREATING", "DEPLOYING"].includes(err.lastSeen?.status), `last seen status ${err.lastSeen?.status} (not yet settled)`);
  assert.ok(elapsed < 3000, `gave up after ${elapsed} ms`);
});

test("abort during a wait rejects with the reason; no poll after the abort", async () => {
  const { client, seen } = tagged();
  const dep = await newDeployment(client, "wait-abort");
  const ac = new AbortController();
  const before = (await seen()).length;
  setTimeout(() => ac.abort(), 350);
  const t0 = Date.now();
  const err = await client.waitForDeployment({ deploymentId: dep.id }, { intervalMs: 100, timeoutMs: 30000, signal: ac.signal }).catch((e) => e);
  assert.equal(err, ac.signal.reason);
  assert.ok(Date.now() - t0 < 1500);
  const atAbort = (await seen()).length;
  assert.ok(atAbort > before, "it polled before the abort");
  await sleep(1200);
  assert.equal((await seen()).length, atAbort, "no poll after the abort");
});

// ---------------------------------------------------------------- hooks

test("hooks are called once per attempt, without the token", async () => {
  const requests = [];
  const responses = [];
  const { client } = tagged({
    onRequest: (i) => requests.push(structuredClone(i)),
    onResponse: (i) => responses.push(structuredClone({ ...i, error: i.error ? String(i.error?.name ?? i.error) : undefined })),
  });
  const f = fault("status=503; times=1");
  await client.getOrganization({}, { headers: f.headers });
  assert.equal(requests.length, 2, "onRequest once per attempt");
  assert.equal(responses.length, 2, "onResponse once per attempt");
  for (const i of requests) {
    assert.equal(i.operation, "getOrganization");
    assert.equal(i.method, "GET");
    assert.ok(i.url.endsWith(`/organizations/${org}`), i.url);
  }
  // the public types: "1 for the first try, 2 for the first retry, ..."
  assert.deepEqual(requests.map((r) => r.attempt), [1, 2]);
  assert.deepEqual(responses.map((r) => r.status), [503, 200]);
  assert.deepEqual(responses.map((r) => r.attempt), requests.map((r) => r.attempt));
  for (const r of responses) {
    assert.equal(typeof r.durationMs, "number");
    assert.ok(r.durationMs >= 0);
  }
  assert.equal(typeof responses[0].requestId, "string", "the error's requestId reaches the hook");
  const text = JSON.stringify([requests, responses]);
  assert.ok(!text.includes(TOKEN), "no token in hook info");
  assert.ok(!/authorization/i.test(text), "no Authorization header in hook info");
});

test("journal: the emulator redacts authorization and saw the tagged header", async () => {
  const { client, seen } = tagged();
  await client.getOrganization({});
  const [e] = await seen();
  assert.ok(e, "journal entry");
  assert.equal(e.method, "GET");
  assert.ok(!JSON.stringify(e).includes(TOKEN));
  assert.ok(headerOf(e, "x-test-id"));
});
