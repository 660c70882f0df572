// All 20 operations against a recording loopback server: method, path, query, headers and the
// exact JSON body on the wire; the result equals what the server sent.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AstroClient } from "astro-platform-client";
import { startRecorder } from "./support/recorder.mjs";
import * as F from "./support/fixtures.mjs";

const { TOKEN, ORG } = F;
let rec;
let astro;

before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, headers: { "x-team": "data" } });
});
after(async () => rec?.close());
beforeEach(() => rec.clear());

const P = "/platform/v1beta1";

/** Query parameters as [key, value] pairs, in the order sent, decoded. */
function pairs(rawQuery) {
  return [...new URLSearchParams(rawQuery)];
}

function sortPairs(p) {
  return [...p].sort((a, b) => (a[0] === b[0] ? 0 : a[0] < b[0] ? -1 : 1));
}

/**
 * Call `op(input)`, answer with `response`, and assert the request on the wire.
 * `query` is the list of [key, value] pairs expected (order among different keys is free,
 * order of a repeated key is kept).
 */
async function roundTrip({ op, input, options, method, path, query = [], body, response, status = 200 }) {
  rec.clear();
  if (response === undefined) rec.reply({ status, body: "" });
  else rec.reply({ status, json: response });
  const result = await astro[op](input, options);
  assert.equal(rec.requests.length, 1, `${op}: exactly one request`);
  const r = rec.requests[0];
  assert.equal(r.method, method, `${op}: method`);
  assert.equal(r.path, P + path, `${op}: path`);
  assert.deepEqual(sortPairs(pairs(r.rawQuery)), sortPairs(query), `${op}: query`);
  // a repeated key keeps its order
  for (const key of new Set(query.map(([k]) => k))) {
    assert.deepEqual(r.query.getAll(key), query.filter(([k]) => k === key).map(([, v]) => v), `${op}: order of ${key}`);
  }
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`, `${op}: authorization`);
  assert.equal(r.headers["x-team"], "data", `${op}: client headers`);
  assert.match(r.headers.accept ?? "", /application\/json/, `${op}: accept`);
  if (body === undefined) {
    assert.equal(r.body, "", `${op}: no body`);
    assert.equal(r.headers["content-type"], undefined, `${op}: no content-type without a body`);
  } else {
    assert.match(r.headers["content-type"] ?? "", /^application\/json\b/, `${op}: content-type`);
    assert.deepEqual(JSON.parse(r.body), body, `${op}: body`);
  }
  if (response === undefined) assert.equal(result, undefined, `${op}: resolves to undefined`);
  else assert.deepStrictEqual(result, response, `${op}: result equals what the server sent`);
  return r;
}

const sortsQuery = (...s) => s.map((v) => ["sorts", v]);

test("listOrganizations: every query parameter, repeated sorts, no organizationId", async () => {
  await roundTrip({
    op: "listOrganizations",
    input: { supportPlan: "BUSINESS_CRITICAL", product: "HOSTED", offset: 10, limit: 10, sorts: ["name:asc", "createdAt:desc"] },
    method: "GET",
    path: "/organizations",
    query: [["supportPlan", "BUSINESS_CRITICAL"], ["product", "HOSTED"], ["offset", "10"], ["limit", "10"], ...sortsQuery("name:asc", "createdAt:desc")],
    response: { limit: 10, offset: 10, organizations: [F.organization(), F.organization({ id: "org2", name: "Second", supportPlan: "SOMETHING_NEW" })], totalCount: 12 },
  });
});

test("listOrganizations with no input sends no query", async () => {
  rec.reply({ json: { limit: 20, offset: 0, organizations: [], totalCount: 0 } });
  const res = await astro.listOrganizations();
  assert.equal(rec.requests[0].path, `${P}/organizations`);
  assert.equal(rec.requests[0].rawQuery, "");
  assert.deepStrictEqual(res, { limit: 20, offset: 0, organizations: [], totalCount: 0 });
});

test("getOrganization: explicit organizationId wins over the default, boolean query", async () => {
  await roundTrip({
    op: "getOrganization",
    input: { organizationId: "org-explicit", isLookUpOnly: true },
    method: "GET",
    path: "/organizations/org-explicit",
    query: [["isLookUpOnly", "true"]],
    response: F.organization({ id: "org-explicit" }),
  });
});

test("updateOrganization: POST with exactly the body fields (path param not in body)", async () => {
  await roundTrip({
    op: "updateOrganization",
    input: { billingEmail: "billing@company.com", isScimEnabled: true, name: "My Organization" },
    method: "POST",
    path: `/organizations/${ORG}`,
    body: { billingEmail: "billing@company.com", isScimEnabled: true, name: "My Organization" },
    response: F.organization({ isScimEnabled: true, name: "My Organization" }),
  });
});

test("listClusters: provider, paging and sorts", async () => {
  await roundTrip({
    op: "listClusters",
    input: { provider: "AWS", offset: 20, limit: 10, sorts: ["updatedAt:desc", "name:asc"] },
    method: "GET",
    path: `/organizations/${ORG}/clusters`,
    query: [["provider", "AWS"], ["offset", "20"], ["limit", "10"], ...sortsQuery("updatedAt:desc", "name:asc")],
    response: { clusters: [F.cluster(), F.cluster({ id: "c2", status: "UPGRADE_PENDING", cloudProvider: "GCP" })], limit: 10, offset: 20, totalCount: 22 },
  });
});

for (const [variant, input] of [
  ["AWS", F.createAwsCluster],
  ["AZURE", F.createAzureCluster],
  ["GCP", F.createGcpCluster],
]) {
  test(`createCluster: ${variant} variant body`, async () => {
    await roundTrip({
      op: "createCluster",
      input: { ...input },
      method: "POST",
      path: `/organizations/${ORG}/clusters`,
      body: input,
      response: F.cluster({ cloudProvider: variant, name: input.name, status: "CREATING" }),
    });
  });
}

test("getCluster: path parameter; an empty status and unknown fields pass through", async () => {
  await roundTrip({
    op: "getCluster",
    input: { clusterId: "clm7k8tgw000008jz97i37y81" },
    method: "GET",
    path: `/organizations/${ORG}/clusters/clm7k8tgw000008jz97i37y81`,
    response: F.cluster({ status: "", someNewField: { nested: [1, 2] } }),
  });
});

test("updateCluster: body without the path parameters", async () => {
  await roundTrip({
    op: "updateCluster",
    input: { organizationId: "org-b", clusterId: "c-1", ...F.updateCluster },
    method: "POST",
    path: `/organizations/org-b/clusters/c-1`,
    body: F.updateCluster,
    response: F.cluster({ id: "c-1", status: "UPDATING" }),
  });
});

test("deleteCluster: DELETE, 204 resolves to undefined", async () => {
  await roundTrip({
    op: "deleteCluster",
    input: { clusterId: "c-1" },
    method: "DELETE",
    path: `/organizations/${ORG}/clusters/c-1`,
    status: 204,
  });
});

test("getClusterOptions: required type, provider; resolves to an array", async () => {
  await roundTrip({
    op: "getClusterOptions",
    input: { type: "DEDICATED", provider: "AZURE" },
    method: "GET",
    path: `/organizations/${ORG}/cluster-options`,
    query: [["type", "DEDICATED"], ["provider", "AZURE"]],
    response: F.clusterOptions(),
  });
});

test("getDeploymentOptions: deploymentType and cloudProvider", async () => {
  await roundTrip({
    op: "getDeploymentOptions",
    input: { deploymentType: "STANDARD", cloudProvider: "GCP" },
    method: "GET",
    path: `/organizations/${ORG}/deployment-options`,
    query: [["deploymentType", "STANDARD"], ["cloudProvider", "GCP"]],
    response: F.deploymentOptions(),
  });
});

test("getDeploymentOptions: deploymentId", async () => {
  await roundTrip({
    op: "getDeploymentOptions",
    input: { deploymentId: "dep-1" },
    method: "GET",
    path: `/organizations/${ORG}/deployment-options`,
    query: [["deploymentId", "dep-1"]],
    response: F.deploymentOptions(),
  });
});

test("listWorkspaces: repeated workspaceIds and sorts", async () => {
  await roundTrip({
    op: "listWorkspaces",
    input: { workspaceIds: ["ws-a", "ws-b", "ws-c"], offset: 0, limit: 50, sorts: ["name:asc", "createdAt:desc"] },
    method: "GET",
    path: `/organizations/${ORG}/workspaces`,
    query: [["workspaceIds", "ws-a"], ["workspaceIds", "ws-b"], ["workspaceIds", "ws-c"], ["offset", "0"], ["limit", "50"], ...sortsQuery("name:asc", "createdAt:desc")],
    response: { limit: 50, offset: 0, totalCount: 1, workspaces: [F.workspace()] },
  });
});

test("createWorkspace: all fields", async () => {
  await roundTrip({
    op: "createWorkspace",
    input: { name: "Data", description: "Data team", cicdEnforcedDefault: true },
    method: "POST",
    path: `/organizations/${ORG}/workspaces`,
    body: { name: "Data", description: "Data team", cicdEnforcedDefault: true },
    response: F.workspace({ name: "Data", description: "Data team" }),
  });
});

test("createWorkspace: optional fields omitted, never null", async () => {
  await roundTrip({
    op: "createWorkspace",
    input: { name: "Only a name" },
    method: "POST",
    path: `/organizations/${ORG}/workspaces`,
    body: { name: "Only a name" },
    response: F.workspace({ name: "Only a name" }),
  });
});

test("getWorkspace: a path parameter with reserved characters is percent-encoded as one segment", async () => {
  await roundTrip({
    op: "getWorkspace",
    input: { workspaceId: "a/b c?d#e" },
    method: "GET",
    path: `/organizations/${ORG}/workspaces/${encodeURIComponent("a/b c?d#e")}`,
    response: F.workspace({ id: "a/b c?d#e" }),
  });
});

test("updateWorkspace", async () => {
  const body = { cicdEnforcedDefault: false, description: "Updated", name: "Renamed" };
  await roundTrip({
    op: "updateWorkspace",
    input: { workspaceId: "ws-1", ...body },
    method: "POST",
    path: `/organizations/${ORG}/workspaces/ws-1`,
    body,
    response: F.workspace({ id: "ws-1", ...body }),
  });
});

test("deleteWorkspace: 204 resolves to undefined", async () => {
  await roundTrip({ op: "deleteWorkspace", input: { workspaceId: "ws-1" }, method: "DELETE", path: `/organizations/${ORG}/workspaces/ws-1`, status: 204 });
});

test("listDeployments: deploymentIds, workspaceIds, limit above 1000 (no maximum)", async () => {
  await roundTrip({
    op: "listDeployments",
    input: { deploymentIds: ["d1", "d2"], workspaceIds: ["w1"], offset: 5, limit: 5000, sorts: ["createdAt:asc"] },
    method: "GET",
    path: `/organizations/${ORG}/deployments`,
    query: [["deploymentIds", "d1"], ["deploymentIds", "d2"], ["workspaceIds", "w1"], ["offset", "5"], ["limit", "5000"], ["sorts", "createdAt:asc"]],
    response: {
      deployments: [F.deployment(), F.deployment({ id: "d2", status: "HIBERNATING", executor: "ASTRO", schedulerSize: "EXTRA_LARGE", isDevelopmentMode: true })],
      limit: 5000,
      offset: 5,
      totalCount: 7,
    },
  });
});

for (const [variant, input] of [
  ["DEDICATED", F.createDedicatedDeployment],
  ["HYBRID", F.createHybridDeployment],
  ["STANDARD", F.createStandardDeployment],
]) {
  test(`createDeployment: ${variant} variant body`, async () => {
    await roundTrip({
      op: "createDeployment",
      input: structuredClone(input),
      method: "POST",
      path: `/organizations/${ORG}/deployments`,
      body: input,
      response: F.deployment({ type: variant, name: input.name, status: "CREATING" }),
    });
  });
}

test("getDeployment", async () => {
  await roundTrip({
    op: "getDeployment",
    input: { deploymentId: "clmh57jtm000008lb58fe2wmv" },
    method: "GET",
    path: `/organizations/${ORG}/deployments/clmh57jtm000008lb58fe2wmv`,
    response: F.deployment({ status: "DEPLOYING", scalingSpec: { hibernationSpec: { override: { isHibernating: false } } } }),
  });
});

for (const [variant, input] of [
  ["DEDICATED", F.updateDedicatedDeployment],
  ["HYBRID", F.updateHybridDeployment],
  ["STANDARD", F.updateStandardDeployment],
]) {
  test(`updateDeployment: ${variant} variant body`, async () => {
    await roundTrip({
      op: "updateDeployment",
      input: { deploymentId: "dep-9", ...structuredClone(input) },
      method: "POST",
      path: `/organizations/${ORG}/deployments/dep-9`,
      body: input,
      response: F.deployment({ id: "dep-9", type: variant }),
    });
  });
}

test("deleteDeployment: 204 resolves to undefined", async () => {
  await roundTrip({ op: "deleteDeployment", input: { deploymentId: "dep-9" }, method: "DELETE", path: `/organizations/${ORG}/deployments/dep-9`, status: 204 });
});

test("the input object is not mutated by a call", async () => {
  const input = structuredClone(F.createDedicatedDeployment);
  const copy = structuredClone(input);
  rec.reply({ json: F.deployment() });
  await astro.createDeployment(input);
  assert.deepStrictEqual(input, copy);
});

test("token given with the Bearer prefix is sent once-prefixed", async () => {
  const c = new AstroClient({ token: `Bearer ${TOKEN}`, baseUrl: rec.baseUrl, organizationId: ORG });
  rec.reply({ json: F.workspace() });
  await c.getWorkspace({ workspaceId: "ws-1" });
  assert.equal(rec.requests[0].headers.authorization, `Bearer ${TOKEN}`);
});

test("per-call headers are added to the client headers; call options work on every method", async () => {
  rec.reply({ json: F.workspace() });
  await astro.getWorkspace({ workspaceId: "ws-1" }, { headers: { "x-call": "one", "x-trace-id": "abc" }, timeoutMs: 5000 });
  const h = rec.requests[0].headers;
  assert.equal(h["x-call"], "one");
  assert.equal(h["x-trace-id"], "abc");
  assert.equal(h["x-team"], "data");
  assert.equal(h.authorization, `Bearer ${TOKEN}`);
  rec.clear();
  rec.reply({ json: F.workspace() });
  await astro.getWorkspace({ workspaceId: "ws-1" });
  assert.equal(rec.requests[0].headers["x-call"], undefined, "per-call headers do not stick to the client");
});

test("tokenProvider (async) is called once per request and its token is used", async () => {
  let n = 0;
  const c = new AstroClient({
    tokenProvider: async () => {
      n += 1;
      await new Promise((r) => setTimeout(r, 5));
      return `rotating-${n}`;
    },
    baseUrl: rec.baseUrl,
    organizationId: ORG,
  });
  for (let i = 0; i < 3; i++) rec.reply({ json: F.workspace() });
  await c.getWorkspace({ workspaceId: "a" });
  await c.getWorkspace({ workspaceId: "b" });
  await c.getWorkspace({ workspaceId: "c" });
  assert.equal(n, 3);
  assert.deepEqual(rec.requests.map((r) => r.headers.authorization), ["Bearer rotating-1", "Bearer rotating-2", "Bearer rotating-3"]);
});

test("tokenProvider (sync) returning a Bearer-prefixed token", async () => {
  const c = new AstroClient({ tokenProvider: () => "Bearer sync-token", baseUrl: rec.baseUrl, organizationId: ORG });
  rec.reply({ json: F.workspace() });
  await c.getWorkspace({ workspaceId: "a" });
  assert.equal(rec.requests[0].headers.authorization, "Bearer sync-token");
});

test("prepare returns exactly what the call sends, and sends nothing", async () => {
  const cases = [
    ["createWorkspace", { name: "Data", description: "d" }],
    ["listDeployments", { workspaceIds: ["w1", "w2"], sorts: ["name:asc", "createdAt:desc"], limit: 50 }],
    ["updateDeployment", { deploymentId: "dep-1", ...F.updateHybridDeployment }],
    ["deleteCluster", { clusterId: "c/1" }],
    ["getOrganization", { isLookUpOnly: false }],
  ];
  for (const [op, input] of cases) {
    rec.clear();
    const prepared = await astro.prepare(op, structuredClone(input));
    assert.equal(rec.requests.length, 0, `${op}: prepare sent nothing`);
    assert.equal(typeof prepared.method, "string");
    assert.equal(typeof prepared.url, "string");
    assert.equal(typeof prepared.headers, "object");
    rec.reply({ status: op.startsWith("delete") ? 204 : 200, json: op.startsWith("delete") ? undefined : {} });
    rec.setFallback(null);
    await astro[op](structuredClone(input)).catch(() => {}); // the scripted body may not decode; only the request matters
    assert.equal(rec.requests.length, 1, `${op}: the call sent one request`);
    const sent = rec.requests[0];
    assert.equal(prepared.method, sent.method, `${op}: method`);
    assert.equal(prepared.url, rec.origin + sent.path + (sent.rawQuery ? `?${sent.rawQuery}` : ""), `${op}: url`);
    if (sent.body === "") assert.equal(prepared.body, undefined, `${op}: no body`);
    else assert.equal(prepared.body, sent.body, `${op}: body text`);
    const prepHeaders = Object.fromEntries(Object.entries(prepared.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [k, v] of Object.entries(prepHeaders)) {
      if (k !== "authorization") assert.equal(sent.headers[k], v, `${op}: prepared header ${k} is what was sent`);
    }
    assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`, `${op}: the call sends the token`);
    assert.equal(prepHeaders.authorization, "Bearer [redacted]", `${op}: prepare shows that a token is sent, never the token`);
    assert.ok(!JSON.stringify(prepared).includes(TOKEN), `${op}: the token is nowhere in what prepare returns`);
    for (const k of ["accept", "content-type", "x-team"]) {
      if (sent.headers[k] !== undefined) assert.equal(prepHeaders[k], sent.headers[k], `${op}: sent header ${k} is in prepare`);
    }
  }
});

test("prepare of an invalid input rejects with AstroValidationError and sends nothing", async () => {
  const { AstroValidationError } = await import("astro-platform-client");
  await assert.rejects(astro.prepare("createWorkspace", {}), AstroValidationError);
  await assert.rejects(astro.prepare("noSuchOperation", {}), AstroValidationError);
  assert.equal(rec.requests.length, 0);
});

test("organization-scoped call without any organizationId rejects before sending", async () => {
  const { AstroValidationError } = await import("astro-platform-client");
  const c = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl });
  await assert.rejects(c.listWorkspaces({}), (e) => {
    assert.ok(e instanceof AstroValidationError);
    assert.ok(e.issues.some((i) => i.path === "organizationId" && i.rule === "required"), JSON.stringify(e.issues));
    return true;
  });
  assert.equal(rec.requests.length, 0);
});
