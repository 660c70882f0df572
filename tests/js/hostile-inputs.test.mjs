// Issue 7, JS side: hostile inputs (wrong top-level types, non-plain objects, NaN/Infinity/BigInt,
// 10 MB strings, deep and circular values) are rejected with AstroValidationError naming the
// field and nothing is sent; a JSON body with a wrong content type is an AstroDecodeError.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroValidationError, AstroDecodeError, AstroNetworkError, AstroError } from "astro-platform-client";
import { rejectsValidation } from "./support/validation.mjs";
import { snapshotPrototypes } from "./support/prototypes.mjs";
import { startRecorder } from "./support/recorder.mjs";
import * as F from "./support/fixtures.mjs";

const { TOKEN, ORG } = F;
let rec;
let astro;
let assertPrototypesClean;

before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, maxRetries: 0 });
  assertPrototypesClean = snapshotPrototypes();
});
after(async () => rec?.close());
beforeEach(() => rec.clear());

/** Runs the checks of `cases` and fails once, listing every case that did not hold. */
async function allOf(cases) {
  const failures = [];
  for (const c of cases) {
    try {
      await c();
    } catch (e) {
      const m = String(e?.message ?? e);
      failures.push(m.length > 400 ? `${m.slice(0, 400)}... (${m.length} chars)` : m);
    }
  }
  if (failures.length) assert.fail(`${failures.length} of ${cases.length} cases failed:\n${failures.join("\n")}`);
}


const ALL_OPS = [
  "listOrganizations", "getOrganization", "updateOrganization", "listClusters", "createCluster",
  "getCluster", "updateCluster", "deleteCluster", "getClusterOptions", "getDeploymentOptions",
  "listWorkspaces", "createWorkspace", "getWorkspace", "updateWorkspace", "deleteWorkspace",
  "listDeployments", "createDeployment", "getDeployment", "updateDeployment", "deleteDeployment",
];

class Custom {
  constructor() {
    this.name = "x";
  }
}

test("every method rejects wrong top-level input types with AstroValidationError and sends nothing", async () => {
  const bad = [42, "string", true, [], [{ name: "x" }], () => {}, Symbol("s"), 10n, new Date(), new Map([["name", "x"]]), new Custom(), Promise.resolve({})];
  const cases = [];
  for (const op of ALL_OPS) {
    for (const input of bad) {
      cases.push(() => rejectsValidation(() => astro[op](input), undefined, `${op}(${typeof input === "symbol" ? "Symbol" : String(input?.constructor?.name ?? input)})`));
    }
  }
  rec.setFallback({ status: 500, json: F.apiError(500, "should not have been sent") });
  await allOf(cases);
  assert.equal(rec.requests.length, 0);
  assertPrototypesClean();
});

test("wrong field types name the field", async () => {
  const cases = [
    ["getWorkspace", { workspaceId: 42 }, "workspaceId"],
    ["getWorkspace", { workspaceId: null }, "workspaceId"],
    ["getWorkspace", { workspaceId: ["a"] }, "workspaceId"],
    ["getWorkspace", { workspaceId: { toString: () => "x" } }, "workspaceId"],
    ["getWorkspace", { workspaceId: "w", organizationId: 7 }, "organizationId"],
    ["createWorkspace", { name: ["x"] }, "name"],
    ["createWorkspace", { name: "x", cicdEnforcedDefault: "yes" }, "cicdEnforcedDefault"],
    ["listWorkspaces", { limit: "10" }, "limit"],
    ["listWorkspaces", { limit: 1.5 }, "limit"],
    ["listWorkspaces", { limit: Number.NaN }, "limit"],
    ["listWorkspaces", { limit: Number.POSITIVE_INFINITY }, "limit"],
    ["listWorkspaces", { limit: 10n }, "limit"],
    ["listWorkspaces", { offset: 2 ** 64 }, "offset"],
    ["listWorkspaces", { workspaceIds: "ws-1" }, "workspaceIds"],
    ["listWorkspaces", { workspaceIds: [1, 2] }, "workspaceIds[0]"],
    ["listWorkspaces", { sorts: [null] }, "sorts[0]"],
    ["createDeployment", { ...F.createDedicatedDeployment, workerQueues: { 0: F.workerQueue } }, "workerQueues"],
    ["createDeployment", { ...F.createDedicatedDeployment, workerQueues: [{ ...F.workerQueue, maxWorkerCount: "1" }] }, "workerQueues[0].maxWorkerCount"],
    ["createDeployment", { ...F.createHybridDeployment, scheduler: [5, 1] }, "scheduler"],
    ["createDeployment", { ...F.createDedicatedDeployment, type: 1 }, "type"],
    ["createCluster", { ...F.createAwsCluster, cloudProvider: { AWS: true } }, "cloudProvider"],
    ["updateCluster", { clusterId: "c", ...F.updateCluster, k8sTags: [{ key: 1 }] }, "k8sTags[0].key"],
    ["updateOrganization", { billingEmail: "b@c.com", isScimEnabled: 0, name: "n" }, "isScimEnabled"],
  ];
  const show = (v) => (typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v));
  rec.setFallback({ status: 500, json: F.apiError(500, "should not have been sent") });
  await allOf(
    cases.map(([op, input, path]) => () => {
      const value = path.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => (o == null ? o : o[k]), input);
      return rejectsValidation(() => astro[op](input), path, `${op} ${path}=${show(value)?.slice(0, 60)}`);
    }),
  );
  assert.equal(rec.requests.length, 0);
});

test("a 10 MB string, a deeply nested object and a circular object are rejected without a crash", async () => {
  const huge = "x".repeat(10 * 1024 * 1024);
  let deep = { leaf: true };
  for (let i = 0; i < 100000; i++) deep = { a: deep };
  let deepArr = [];
  for (let i = 0; i < 100000; i++) deepArr = [deepArr];
  const circular = { name: "x" };
  circular.self = circular;
  rec.setFallback({ status: 500, json: F.apiError(500, "should not have been sent") });
  await allOf([
    () => rejectsValidation(() => astro.createWorkspace({ name: huge }), "name", "10 MB name"),
    () => rejectsValidation(() => astro.createWorkspace({ name: "ok", description: huge }), "description", "10 MB description"),
    () => rejectsValidation(() => astro.getWorkspace({ workspaceId: huge }), "workspaceId", "10 MB path parameter"),
    () => rejectsValidation(() => astro.listWorkspaces({ workspaceIds: [huge] }), "workspaceIds[0]", "10 MB query value"),
    () => rejectsValidation(() => astro.createWorkspace({ name: "x", description: deep }), "description", "deeply nested object"),
    () => rejectsValidation(() => astro.listWorkspaces({ workspaceIds: deepArr }), undefined, "deeply nested array"),
    () => rejectsValidation(() => astro.createWorkspace(circular), undefined, "circular object"),
  ]);
  assert.equal(rec.requests.length, 0);
});

async function expectFailure(call, label) {
  const err = await call().catch((e) => e);
  assert.ok(err instanceof AstroDecodeError || err instanceof AstroNetworkError, `${label}: expected AstroDecodeError/AstroNetworkError, got ${err?.name}: ${err?.message}`);
  assert.ok(err.message.length > 10, `${label}: a useful message (${err.message})`);
  assert.ok(!F.everythingIn(err).includes(TOKEN), `${label}: no token`);
  // the next call works
  rec.reply({ json: F.workspace() });
  assert.deepStrictEqual(await astro.getWorkspace({ workspaceId: "next" }), F.workspace(), `${label}: next call works`);
  return err;
}

test("a JSON body with the wrong content type", async () => {
  rec.reply({ body: JSON.stringify(F.workspace()), headers: { "content-type": "text/plain" } });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "text/plain");
});

