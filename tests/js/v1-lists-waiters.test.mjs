// v1 pagination and waiters through the packed v1 entry, against a recording loopback server:
// paginate/listAll on lists whose items field is not the resource's plural (`tokens`, `roles`),
// exact offsets, and the deploy waiter (INITIALIZED -> DEPLOYED, FAILED fails at once, a typo in
// `until` is refused with the contract's statuses).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroValidationError, AstroWaitError } from "astro-platform-client/v1";
import { startRecorder } from "./support/recorder.mjs";

let rec;
let astro;
before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: "tok-v1-lists", baseUrl: `${rec.origin}/v1`, organizationId: "org1" });
});
after(async () => rec?.close());

const token = (i) => ({
  id: `t${i}`, name: `token ${i}`, description: "", kind: "STANDARD", scope: "ORGANIZATION", shortToken: `t${i}…`,
  createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z", startAt: "2026-12-01T10:00:00Z",
});

test("paginate listApiTokens: items come from `tokens`, offsets advance by what came back", async () => {
  rec.clear();
  const total = 7;
  rec.setFallback((r) => {
    const offset = Number(r.query.get("offset"));
    const limit = Number(r.query.get("limit"));
    const tokens = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) tokens.push(token(i));
    return { status: 200, json: { tokens, offset, limit, totalCount: total } };
  });
  const names = [];
  for await (const t of astro.paginate("listApiTokens", { limit: 3 })) names.push(t.name);
  assert.deepEqual(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `token ${i}`));
  assert.deepEqual(rec.requests.map((r) => [r.path, r.query.get("offset"), r.query.get("limit")]), [
    ["/v1/organizations/org1/tokens", "0", "3"],
    ["/v1/organizations/org1/tokens", "3", "3"],
    ["/v1/organizations/org1/tokens", "6", "3"],
  ]);
  rec.clear();
  rec.setFallback((r) => ({ status: 200, json: { tokens: [token(Number(r.query.get("offset")))], offset: Number(r.query.get("offset")), limit: 1, totalCount: 9 } }));
  const pages = [];
  for await (const page of astro.paginate("listApiTokens", { limit: 1 }).pages()) {
    pages.push(page.offset);
    if (pages.length === 2) break;
  }
  assert.deepEqual(pages, [0, 1]);
  assert.equal(rec.requests.length, 2, "no page the loop did not ask for");
});

test("listAll listRoles collects `roles` up to maxItems", async () => {
  rec.clear();
  const role = (i) => ({ id: `r${i}`, name: `role ${i}`, scopeType: "WORKSPACE", restrictedWorkspaceIds: [], createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z", createdBy: { id: "u1" }, updatedBy: { id: "u1" } });
  rec.setFallback((r) => {
    const offset = Number(r.query.get("offset"));
    return { status: 200, json: { roles: [role(offset), role(offset + 1)], defaultRoles: [], offset, limit: 2, totalCount: 10 } };
  });
  const roles = await astro.listAll("listRoles", { limit: 2 }, { maxItems: 5 });
  assert.deepEqual(roles.map((r) => r.id), ["r0", "r1", "r2", "r3", "r4"]);
  assert.equal(rec.requests.length, 3);
});

test("paginate on an operation that is not a list rejects on the first next(), naming the lists", async () => {
  const it = astro.paginate("getSelfUser", {});
  const e = await it.next().catch((x) => x);
  assert.ok(e instanceof AstroValidationError, String(e));
  assert.match(e.issues[0].message, /listApiTokens/);
});

const deploy = (status) => ({
  id: "dp1", deploymentId: "d1", type: "IMAGE_AND_DAG", status, isDagDeployEnabled: true,
  imageRepository: "images.astronomer.cloud/d1", imageTag: "deploy-1", createdAt: "2026-12-01T10:00:00Z",
});

test("waitForDeploy polls getDeploy until DEPLOYED, reporting each change", async () => {
  rec.clear();
  const statuses = ["INITIALIZED", "INITIALIZED", "DEPLOYED"];
  rec.setFallback(() => ({ status: 200, json: deploy(statuses.shift() ?? "DEPLOYED") }));
  const progress = [];
  const done = await astro.waitForDeploy({ deploymentId: "d1", deployId: "dp1" }, { intervalMs: 1, onProgress: (p) => progress.push([p.previous, p.current]) });
  assert.equal(done.status, "DEPLOYED");
  assert.deepEqual(progress, [[undefined, "INITIALIZED"], ["INITIALIZED", "DEPLOYED"]]);
  assert.equal(rec.requests[0].path, "/v1/organizations/org1/deployments/d1/deploys/dp1");
  assert.equal(rec.requests.length, 3);
});

test("a FAILED deploy fails the wait at once; a typo in until is refused before polling", async () => {
  rec.clear();
  rec.setFallback(() => ({ status: 200, json: deploy("FAILED") }));
  const e = await astro.waitForDeploy({ deploymentId: "d1", deployId: "dp1" }, { intervalMs: 1 }).catch((x) => x);
  assert.ok(e instanceof AstroWaitError, String(e));
  assert.equal(e.reason, "failed");
  assert.equal(e.lastSeen.status, "FAILED");
  assert.equal(rec.requests.length, 1);
  rec.clear();
  const typo = await astro.waitForDeploy({ deploymentId: "d1", deployId: "dp1", until: "DEPLOYD" }).catch((x) => x);
  assert.ok(typo instanceof AstroValidationError, String(typo));
  assert.match(typo.issues[0].message, /DEPLOYED, FAILED, INITIALIZED/);
  assert.equal(rec.requests.length, 0);
});
