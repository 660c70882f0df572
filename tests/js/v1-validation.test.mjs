// v1 input validation with field paths, through the packed v1 entry: each of the four union
// bodies with its selector (the variant's own rules), a wrong selector, a field of another
// variant, and without the selector where the contract lets it out (createDeployment: the fields
// the variants share are checked, fields of no variant refused; updateCluster: the one variant
// that does not need `clusterType`). Nothing is sent on a validation error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroValidationError } from "astro-platform-client/v1";
import { startRecorder } from "./support/recorder.mjs";

let rec;
let astro;
before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: "tok-v1-validation", baseUrl: `${rec.origin}/v1`, organizationId: "org1" });
});
after(async () => rec?.close());

/** The issues of a refused call, as [path, rule] pairs; asserts nothing was sent. */
async function issues(op, input) {
  rec.clear();
  const e = await astro[op](input).catch((x) => x);
  assert.ok(e instanceof AstroValidationError, `${op}: expected AstroValidationError, got ${e?.name}: ${e?.message}`);
  assert.equal(e.operation, op);
  assert.equal(rec.requests.length, 0, "nothing was sent");
  for (const i of e.issues) assert.ok(i.message.length > 0);
  return e.issues.map((i) => [i.path, i.rule]);
}

/** The body a valid call sends. */
async function sent(op, input) {
  rec.clear();
  rec.reply({ status: 200, json: {} });
  await astro[op](input).catch(() => {});
  assert.equal(rec.requests.length, 1, `${op}: one request`);
  return JSON.parse(rec.requests[0].body);
}

test("createDeployment without type: the minimal body goes out; the shared fields are checked; a field of no variant is refused", async () => {
  assert.deepEqual(await sent("createDeployment", { name: "d", workspaceId: "w" }), { name: "d", workspaceId: "w" });
  assert.deepEqual(await issues("createDeployment", { name: "d" }), [["workspaceId", "required"]]);
  assert.deepEqual(await issues("createDeployment", { name: "d", workspaceId: "w", bogus: 1 }), [["bogus", "unknownField"]]);
  assert.deepEqual(await issues("createDeployment", { name: "d".repeat(501), workspaceId: "w" }), [["name", "maxLength"]]);
  // A field only HYBRID has is allowed without the selector, and checked with HYBRID's rules.
  assert.deepEqual(await issues("createDeployment", { name: "d", workspaceId: "w", scheduler: { au: 30, replicas: 1 } }), [["scheduler.au", "maximum"]]);
  assert.deepEqual(await sent("createDeployment", { name: "d", workspaceId: "w", scheduler: { au: 5 } }), { name: "d", scheduler: { au: 5 }, workspaceId: "w" });
});

test("createDeployment with type: that variant's rules, its selector first on the wire", async () => {
  const body = await sent("createDeployment", { workspaceId: "w", type: "HYBRID", name: "h", scheduler: { au: 5, replicas: 1 } });
  assert.deepEqual(Object.keys(body), ["type", "name", "scheduler", "workspaceId"]);
  const hybridWithSize = await issues("createDeployment", { type: "HYBRID", name: "h", workspaceId: "w", schedulerSize: "SMALL" });
  assert.deepEqual(hybridWithSize, [["schedulerSize", "unknownField"]]);
  assert.deepEqual(await issues("createDeployment", { type: "SERVERLESS", name: "h", workspaceId: "w" }), [["type", "enum"]]);
  assert.deepEqual(await issues("createDeployment", { type: "STANDARD", name: "s", workspaceId: "w", executor: "DASK" }), [["executor", "enum"]]);
  assert.deepEqual(
    await issues("createDeployment", { type: "DEDICATED", name: "d", workspaceId: "w", workerQueues: [{ name: "q", isDefault: true, astroMachine: "A5", minWorkerCount: 5, maxWorkerCount: 2, workerConcurrency: 1 }] }),
    [["workerQueues[0].maxWorkerCount", "minimum"]],
  );
});

test("updateDeployment needs its type; each variant's own rules apply", async () => {
  const base = { deploymentId: "d1", name: "n", isCicdEnforced: false, isDagDeployEnabled: true, workspaceId: "w", executor: "CELERY" };
  const missing = await issues("updateDeployment", base);
  assert.deepEqual(missing, [["type", "variant"]]);
  const hybrid = await issues("updateDeployment", { ...base, type: "HYBRID" });
  assert.ok(hybrid.some(([p, r]) => p === "scheduler" && r === "required"), JSON.stringify(hybrid));
});

test("createCluster is chosen by cloudProvider: GCP needs its ranges, AWS refuses GCP-only fields", async () => {
  const aws = { cloudProvider: "AWS", name: "c", region: "us-east-1", type: "DEDICATED", vpcSubnetRange: "10.0.0.0/16" };
  const body = await sent("createCluster", aws);
  assert.equal(Object.keys(body)[0], "cloudProvider");
  const gcp = await issues("createCluster", { ...aws, cloudProvider: "GCP" });
  assert.deepEqual(gcp.map(([p]) => p).sort(), ["podSubnetRange", "servicePeeringRange", "serviceSubnetRange"]);
  assert.deepEqual(await issues("createCluster", { ...aws, podSubnetRange: "10.1.0.0/16" }), [["podSubnetRange", "unknownField"]]);
  assert.deepEqual(await issues("createCluster", { ...aws, cloudProvider: undefined }), [["cloudProvider", "variant"]]);
});

test("updateCluster without clusterType is the dedicated variant; HYBRID needs only its workspaces", async () => {
  const body = await sent("updateCluster", { clusterId: "c1", name: "c", k8sTags: [] });
  assert.deepEqual(body, { k8sTags: [], name: "c" });
  assert.deepEqual(await issues("updateCluster", { clusterId: "c1", name: "c" }), [["k8sTags", "required"]]);
  assert.deepEqual(await sent("updateCluster", { clusterId: "c1", clusterType: "HYBRID", workspaceIds: ["w1"] }), { clusterType: "HYBRID", workspaceIds: ["w1"] });
  assert.deepEqual(await issues("updateCluster", { clusterId: "c1", clusterType: "HYBRID", name: "c" }), [["name", "unknownField"]]);
  assert.deepEqual(await issues("updateCluster", { clusterId: "c1", clusterType: "HYBRID", workspaceIds: ["w1", "w1"] }), [["workspaceIds[1]", "uniqueItems"]]);
});

test("query rules: required arrays, enums, date-times, integer bounds", async () => {
  assert.deepEqual(await issues("getDeploymentLogs", { deploymentId: "d1" }), [["sources", "required"]]);
  assert.deepEqual(await issues("getDeploymentLogs", { deploymentId: "d1", sources: ["scheduler", "kitchen"] }), [["sources[1]", "enum"]]);
  assert.deepEqual(await issues("getDeploymentLogs", { deploymentId: "d1", sources: ["worker"], startDate: "yesterday" }), [["startDate", "format"]]);
  assert.deepEqual(await issues("listApiTokens", { limit: 1001 }), [["limit", "maximum"]]);
  assert.deepEqual(await issues("createApiToken", { name: "t", role: "ORGANIZATION_MEMBER", scope: "ORGANIZATION", tokenExpiryPeriodInDays: 0 }), [["tokenExpiryPeriodInDays", "minimum"]]);
  assert.deepEqual(await issues("rotateApiToken", { tokenId: ".." }), [["tokenId", "pathSegment"]]);
  assert.deepEqual(await issues("getSelfUser", { organizationId: "o1" }), [["organizationId", "unknownField"]]);
});

test("a nullable field: isHibernating may be null, must be present", async () => {
  assert.deepEqual(await sent("updateDeploymentHibernationOverride", { deploymentId: "d1", isHibernating: null }), { isHibernating: null });
  assert.deepEqual(await issues("updateDeploymentHibernationOverride", { deploymentId: "d1" }), [["isHibernating", "required"]]);
  assert.deepEqual(await issues("updateDeploymentHibernationOverride", { deploymentId: "d1", isHibernating: "yes" }), [["isHibernating", "type"]]);
});
