// Waiters against a recording server that scripts the statuses (deterministic; covers the
// failure statuses the emulator cannot produce, e.g. CREATE_FAILED).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroWaitError, AstroApiError } from "astro-platform-client";
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
const fast = { intervalMs: 20, timeoutMs: 10000 };

test("waitForDeployment: progress reports each status change once, in order", async () => {
  for (const s of ["CREATING", "CREATING", "DEPLOYING", "DEPLOYING", "HEALTHY"]) rec.reply({ json: F.deployment({ status: s }) });
  const progress = [];
  const d = await client().waitForDeployment({ deploymentId: "dep-1" }, { ...fast, onProgress: (p) => progress.push(p) });
  assert.equal(d.status, "HEALTHY");
  assert.deepStrictEqual(d, F.deployment({ status: "HEALTHY" }));
  assert.equal(rec.requests.length, 5);
  for (const r of rec.requests) {
    assert.equal(r.method, "GET");
    assert.equal(r.path, `/platform/v1beta1/organizations/${ORG}/deployments/dep-1`);
  }
  const chain = [progress[0].previous, ...progress.map((p) => p.current)].filter((s) => s != null);
  assert.deepEqual(chain, ["CREATING", "DEPLOYING", "HEALTHY"]);
  const transitions = progress.filter((p) => p.previous != null).map((p) => `${p.previous}->${p.current}`);
  assert.deepEqual(transitions, ["CREATING->DEPLOYING", "DEPLOYING->HEALTHY"]);
});

test("waitForDeployment: HIBERNATING counts as settled for HEALTHY", async () => {
  rec.reply({ json: F.deployment({ status: "CREATING" }) }, { json: F.deployment({ status: "HIBERNATING" }) });
  const d = await client().waitForDeployment({ deploymentId: "dep-1" }, fast);
  assert.equal(d.status, "HIBERNATING");
  assert.equal(rec.requests.length, 2);
});

test("waitForDeployment: transient errors during a wait are retried, not fatal", async () => {
  rec.reply(
    { json: F.deployment({ status: "DEPLOYING" }) },
    { status: 503, json: F.apiError(503, "unavailable") },
    { destroy: true },
    { json: F.deployment({ status: "HEALTHY" }) },
  );
  const d = await client({ maxRetries: 0 }).waitForDeployment({ deploymentId: "dep-1" }, fast);
  assert.equal(d.status, "HEALTHY");
  assert.equal(rec.requests.length, 4);
});

test("waitForDeployment: a 404 (or 403) is fatal", async () => {
  rec.reply({ status: 404, json: F.apiError(404, "Deployment not found") });
  rec.setFallback({ json: F.deployment({ status: "HEALTHY" }) });
  const err = await client().waitForDeployment({ deploymentId: "gone" }, fast).catch((e) => e);
  assert.ok(err instanceof AstroApiError || err instanceof AstroWaitError, `got ${err}`);
  assert.equal(rec.requests.length, 1);
});

test("waitForDeployment: timeout -> AstroWaitError with lastSeen", async () => {
  rec.setFallback({ json: F.deployment({ status: "DEPLOYING" }) });
  const err = await client().waitForDeployment({ deploymentId: "dep-1" }, { intervalMs: 20, timeoutMs: 300 }).catch((e) => e);
  assert.ok(err instanceof AstroWaitError, `got ${err}`);
  assert.equal(err.reason, "timeout");
  assert.deepStrictEqual(err.lastSeen, F.deployment({ status: "DEPLOYING" }));
  assert.ok(!F.everythingIn(err).includes(TOKEN));
});

test("waitForDeployment: polls back off from intervalMs", async () => {
  rec.setFallback({ json: F.deployment({ status: "CREATING" }) });
  await client().waitForDeployment({ deploymentId: "dep-1" }, { intervalMs: 100, timeoutMs: 1600 }).catch(() => {});
  const n = rec.requests.length;
  // with a fixed 100 ms interval there would be ~16 polls in 1.6 s; backing off gives far fewer
  assert.ok(n >= 2 && n <= 8, `${n} polls in 1.6 s`);
  const gaps = rec.requests.slice(1).map((r, i) => r.at - rec.requests[i].at);
  // The sleeps are 100, 150, 225, 337 ms, ... (x1.5, src/waiters.rs). A loaded machine can only
  // make a gap longer, never shorter, so each gap is checked against its lower bound (a few ms
  // of slack for timer rounding); the last gap may be cut short by the deadline.
  gaps.slice(0, -1).forEach((gap, k) => {
    const sleep = Math.floor(100 * 1.5 ** k);
    assert.ok(gap >= sleep - 5, `gap ${k} is ${gap} ms, expected at least ${sleep} ms (gaps: ${gaps})`);
  });
  assert.ok(gaps.length >= 2, `gaps: ${gaps}`);
});

test("waitForCluster: an empty status is still pending, then CREATED", async () => {
  for (const s of ["", "CREATING", "", "CREATED"]) rec.reply({ json: F.cluster({ status: s }) });
  const progress = [];
  const c = await client().waitForCluster({ clusterId: "c-1" }, { ...fast, onProgress: (p) => progress.push(p) });
  assert.equal(c.status, "CREATED");
  assert.equal(rec.requests.length, 4);
  assert.equal(rec.requests[0].path, `/platform/v1beta1/organizations/${ORG}/clusters/c-1`);
  assert.equal(progress.at(-1).current, "CREATED");
});

for (const failed of ["CREATE_FAILED", "UPDATE_FAILED", "ACCESS_DENIED", "FAILOVER_FAILED"]) {
  test(`waitForCluster fails at once on ${failed} with AstroWaitError carrying the cluster`, async () => {
    rec.reply({ json: F.cluster({ status: "CREATING" }) }, { json: F.cluster({ status: failed }) });
    rec.setFallback({ json: F.cluster({ status: "CREATED" }) });
    const err = await client().waitForCluster({ clusterId: "c-1" }, fast).catch((e) => e);
    assert.ok(err instanceof AstroWaitError, `got ${err}`);
    assert.equal(err.name, "AstroWaitError");
    assert.notEqual(err.reason, "timeout");
    assert.equal(err.lastSeen.status, failed);
    assert.deepStrictEqual(err.lastSeen, F.cluster({ status: failed }));
    assert.match(err.message, new RegExp(failed));
    assert.equal(rec.requests.length, 2, "no poll after the failure status");
  });
}

test("waitForCluster with until: UPDATING-> CREATED after an update", async () => {
  for (const s of ["UPDATING", "UPDATING", "CREATED"]) rec.reply({ json: F.cluster({ status: s }) });
  const c = await client().waitForCluster({ clusterId: "c-1", until: "CREATED" }, fast);
  assert.equal(c.status, "CREATED");
});

test("waitForClusterDeleted resolves when getCluster returns 404", async () => {
  rec.reply({ json: F.cluster({ status: "DELETING" }) }, { json: F.cluster({ status: "DELETING" }) }, { status: 404, json: F.apiError(404, "Cluster not found") });
  await client().waitForClusterDeleted({ clusterId: "c-1" }, fast);
  assert.equal(rec.requests.length, 3);
});

test("waiters validate their input before polling", async () => {
  const err = await client().waitForDeployment({}, fast).catch((e) => e);
  assert.equal(err.name, "AstroValidationError");
  assert.equal(rec.requests.length, 0);
});
