// Retry details against the recording server: each attempt rebuilds the request (fresh token),
// the final error lists why each attempt failed, Retry-After as an HTTP date, and no abort
// listener or timer is left behind.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { AstroClient, AstroApiError, AstroNetworkError } from "astro-platform-client";
import { startRecorder } from "./support/recorder.mjs";
import * as F from "./support/fixtures.mjs";

const { TOKEN, ORG } = F;
let rec;
before(async () => {
  rec = await startRecorder();
});
after(async () => rec?.close());
beforeEach(() => rec.clear());

const client = (extra = {}) => new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, ...extra });

test("every attempt rebuilds the request: the tokenProvider is asked again for each retry", async () => {
  let n = 0;
  const c = new AstroClient({ tokenProvider: async () => `attempt-token-${++n}`, baseUrl: rec.baseUrl, organizationId: ORG });
  rec.reply({ status: 503, json: F.apiError(503, "busy") }, { status: 502, body: "bad gateway" }, { json: F.workspace() });
  assert.deepStrictEqual(await c.getWorkspace({ workspaceId: "w" }), F.workspace());
  assert.equal(n, 3);
  assert.deepEqual(rec.requests.map((r) => r.headers.authorization), ["Bearer attempt-token-1", "Bearer attempt-token-2", "Bearer attempt-token-3"]);
  assert.deepEqual(new Set(rec.requests.map((r) => r.path + "?" + r.rawQuery)).size, 1, "same request each time");
});

test("the final error says how many attempts were made and why each failed", async () => {
  rec.reply({ status: 503, json: F.apiError(503, "busy") }, { destroy: true }, { status: 500, json: F.apiError(500, "boom", "req-last") });
  const err = await client().getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assert.ok(err instanceof AstroApiError, `got ${err?.name}: ${err?.message}`);
  assert.equal(err.status, 500);
  assert.equal(err.attempts, 3);
  assert.ok(Array.isArray(err.failures), "failures lists every attempt");
  assert.deepEqual(err.failures.map((f) => [f.attempt, f.kind, f.status]), [[1, "api", 503], [2, "network", undefined], [3, "api", 500]]);
  for (const f of err.failures) assert.ok(typeof f.message === "string" && f.message.length > 0);
  assert.ok(!F.everythingIn(err).includes(TOKEN));
});

test("a network error that persists: AstroNetworkError with attempts and failures", async () => {
  rec.reply({ destroy: true }, { destroy: true });
  const err = await client({ maxRetries: 1 }).listWorkspaces({}).catch((e) => e);
  assert.ok(err instanceof AstroNetworkError, `got ${err?.name}`);
  assert.equal(err.attempts, 2);
  assert.equal(err.failures.length, 2);
  assert.equal(rec.requests.length, 2);
});

test("4xx other than 408/429 are not retried", async () => {
  for (const status of [400, 401, 403, 404, 409, 412, 422]) {
    rec.clear();
    rec.reply({ status, json: F.apiError(status, "no") });
    rec.setFallback({ json: F.workspace() });
    const err = await client().getWorkspace({ workspaceId: "w" }).catch((e) => e);
    assert.ok(err instanceof AstroApiError, `${status}: ${err?.name}`);
    assert.equal(err.status, status);
    assert.equal(rec.requests.length, 1, `${status} is not retried`);
  }
});

test("408, 429, 500, 502, 503, 504 are retried on GET", async () => {
  for (const status of [408, 429, 500, 502, 503, 504]) {
    rec.clear();
    rec.reply({ status, json: F.apiError(status, "retry me"), headers: status === 429 ? { "retry-after": "0" } : {} }, { json: F.workspace() });
    assert.deepStrictEqual(await client().getWorkspace({ workspaceId: "w" }), F.workspace(), `${status}`);
    assert.equal(rec.requests.length, 2, `${status} retried once`);
  }
});

test("Retry-After as an HTTP date is honoured", async () => {
  const when = new Date(Date.now() + 2000).toUTCString(); // whole seconds: between ~1 and 2 s from now
  rec.reply({ status: 429, json: F.apiError(429, "slow down"), headers: { "retry-after": when } }, { json: F.workspace() });
  const t0 = Date.now();
  await client().getWorkspace({ workspaceId: "w" });
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 800, `waited ${elapsed} ms`);
  assert.ok(elapsed < 6000, `waited ${elapsed} ms`);
  assert.equal(rec.requests.length, 2);
});

test("no abort listener is left on the caller's signal after calls, pages and waits", async () => {
  const ac = new AbortController();
  const c = client();
  for (let i = 0; i < 5; i++) rec.reply({ json: F.workspace() });
  for (let i = 0; i < 5; i++) await c.getWorkspace({ workspaceId: "w" }, { signal: ac.signal });
  assert.equal(getEventListeners(ac.signal, "abort").length, 0, "after successful calls");

  rec.reply({ status: 503, json: F.apiError(503, "x") }, { json: F.workspace() });
  await c.getWorkspace({ workspaceId: "w" }, { signal: ac.signal });
  assert.equal(getEventListeners(ac.signal, "abort").length, 0, "after a retried call");

  rec.reply({ status: 404, json: F.apiError(404, "x") });
  await c.getWorkspace({ workspaceId: "w" }, { signal: ac.signal }).catch(() => {});
  assert.equal(getEventListeners(ac.signal, "abort").length, 0, "after a failed call");

  rec.reply(
    { json: { limit: 2, offset: 0, totalCount: 3, workspaces: [F.workspace({ id: "a" }), F.workspace({ id: "b" })] } },
    { json: { limit: 2, offset: 2, totalCount: 3, workspaces: [F.workspace({ id: "c" })] } },
  );
  const ids = [];
  for await (const w of c.paginate("listWorkspaces", { limit: 2 }, { signal: ac.signal })) ids.push(w.id);
  assert.deepEqual(ids, ["a", "b", "c"]);
  assert.equal(getEventListeners(ac.signal, "abort").length, 0, "after pagination");

  rec.reply({ json: F.deployment({ status: "DEPLOYING" }) }, { json: F.deployment({ status: "HEALTHY" }) });
  await c.waitForDeployment({ deploymentId: "d" }, { intervalMs: 10, signal: ac.signal });
  assert.equal(getEventListeners(ac.signal, "abort").length, 0, "after a wait");
});

test("no timer is left behind after an abort during a long backoff", async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const baseline = timers();
  rec.reply({ status: 429, json: F.apiError(429, "later"), headers: { "retry-after": "30" } });
  const ac = new AbortController();
  const p = client({ maxRetryDelayMs: 60000 }).getWorkspace({ workspaceId: "w" }, { signal: ac.signal });
  await rec.waitForRequests(1);
  await new Promise((r) => setTimeout(r, 100));
  ac.abort();
  await p.catch(() => {});
  await new Promise((r) => setImmediate(r));
  assert.ok(timers() <= baseline, `timers: ${timers()} now vs ${baseline} before`);
});
