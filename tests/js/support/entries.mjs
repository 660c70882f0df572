// The package's two entries, as the environment tests use them, and the check of what
// support/exercise.mjs returned in an environment: against the emulator's own answers (fetched
// directly, not through the package) and its journal (every request the run sent went to that
// version's path, with that version's X-API-Version). Node-only; no dependency beyond node: (the
// CSP suite in tests/csp uses it too).
import assert from "node:assert/strict";

/** The entries: the specifier a user imports, the file under dist/, the emulator path prefix. */
export const ENTRIES = {
  v1beta1: { specifier: "astro-platform-client", dist: "index.js", prefix: "/platform/v1beta1", apiVersion: undefined },
  v1: { specifier: "astro-platform-client/v1", dist: "v1/index.js", prefix: "/v1", apiVersion: "1.0" },
};

/** The emulator's base URL of `entry`'s API version. */
export function baseUrlFor(origin, entry) {
  return `${origin}${ENTRIES[entry].prefix}`;
}

/** A fresh x-test-id tag. */
export function newTag(where) {
  return `${where}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

async function direct(origin, token, entry, pathAndQuery) {
  const r = await fetch(`${baseUrlFor(origin, entry)}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, `direct GET ${pathAndQuery}: ${r.status}`);
  return r.json();
}

function header(entry, name) {
  const h = entry.headers ?? {};
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * Checks `out` (what exercise() returned for `entry` with `tag`) against the emulator at
 * `origin`. Call it right after the run: the lists are compared with the emulator's current state.
 */
export async function checkExercise(out, { entry, origin, token, tag }) {
  const { prefix, apiVersion } = ENTRIES[entry];
  assert.equal(typeof out, "object", `the run returned ${JSON.stringify(out)}`);
  assert.equal(out.entry, entry);
  const org = out.organizationId;

  // The answers are the emulator's.
  const orgs = await direct(origin, token, entry, "/organizations");
  assert.ok(orgs.organizations.length >= 1);
  assert.deepEqual(out.orgs, orgs.organizations.map((o) => o.id), "listOrganizations");
  assert.equal(out.workspace.name, `ws ${tag}`);
  assert.equal(out.workspace.gotName, `ws ${tag}`);
  const ws = await direct(origin, token, entry, `/organizations/${org}/workspaces/${out.workspace.id}`);
  assert.equal(ws.name, `ws ${tag}`, "the emulator stored the Workspace");
  const wsPage = await direct(origin, token, entry, `/organizations/${org}/workspaces?limit=100`);
  assert.deepEqual(out.workspaces, { totalCount: wsPage.totalCount, ids: wsPage.workspaces.map((w) => w.id) }, "listWorkspaces");
  assert.ok(out.workspaces.ids.includes(out.workspace.id) || out.workspaces.totalCount > 100);
  const depPage = await direct(origin, token, entry, `/organizations/${org}/deployments?limit=1000`);
  assert.ok(depPage.totalCount >= 1, "the seeded organization has Deployments");
  assert.deepEqual(out.deployments, { totalCount: depPage.totalCount, ids: depPage.deployments.slice(0, 2).map((d) => d.id) }, "listDeployments");
  assert.deepEqual(out.paged, depPage.deployments.map((d) => d.id), "paginate listDeployments");

  // Errors are the entry's own classes.
  assert.deepEqual(
    [out.notFound?.name, out.notFound?.status, out.notFound?.isApiError, out.notFound?.isAstroError, out.notFound?.isError],
    ["AstroApiError", 404, true, true, true],
    JSON.stringify(out.notFound),
  );
  assert.equal(out.invalid?.isValidationError, true, JSON.stringify(out.invalid));
  assert.ok(out.invalid.issues.includes("name"), JSON.stringify(out.invalid));

  // What prepare() would send: this version's URL and version header.
  assert.equal(out.prepared.method, "GET");
  assert.equal(out.prepared.url, `${origin}${prefix}/organizations/${org}/workspaces/${out.workspace.id}`);
  assert.equal(out.prepared.headers["x-api-version"], apiVersion, "prepare: x-api-version");

  if (entry === "v1") {
    assert.equal(out.hasSelfUser, true, "the v1 client has getSelfUser");
    const me = await direct(origin, token, entry, "/users/self");
    assert.deepEqual(out.v1.self, { id: me.id, username: me.username });
    const d = out.v1.deployment;
    assert.deepEqual([d.name, d.type, d.workspaceId, d.gotId, d.gotName], [`dep ${tag}`, "STANDARD", out.workspace.id, d.id, `dep ${tag}`],
      "v1 created a Deployment from a name and a Workspace (type inferred)");
    assert.ok(out.paged.includes(d.id), "the new Deployment is listed");
    assert.equal(out.v1.rejected?.isApiError, true, JSON.stringify(out.v1.rejected));
    assert.ok(out.v1.rejected.status >= 400 && out.v1.rejected.status < 500, JSON.stringify(out.v1.rejected));
    assert.ok(out.v1.rejected.fieldErrors?.includes("workspaceId"), `v1 names the field at fault: ${JSON.stringify(out.v1.rejected)}`);
  } else {
    assert.equal(out.hasSelfUser, false, "the v1beta1 client has no getSelfUser");
    assert.equal(out.typeless?.isValidationError, true, `v1beta1 requires a Deployment type: ${JSON.stringify(out.typeless)}`);
    assert.ok(out.typeless.issues.includes("type"), JSON.stringify(out.typeless));
  }

  // The emulator saw the run's requests on this version's path, with its version header.
  const r = await fetch(`${origin}/__emulator/requests`);
  assert.equal(r.status, 200);
  const mine = (await r.json()).filter((e) => header(e, "x-test-id") === tag);
  const minimum = entry === "v1" ? 11 : 7;
  assert.ok(mine.length >= minimum, `the emulator saw ${mine.length} requests tagged ${tag}, expected at least ${minimum}`);
  for (const e of mine) {
    assert.ok(e.path.startsWith(`${prefix}/`), `${e.method} ${e.path} is not under ${prefix}`);
    assert.equal(header(e, "x-api-version"), apiVersion, `${e.method} ${e.path}: x-api-version`);
  }
  const created = mine.filter((e) => e.method === "POST" && e.path === `${prefix}/organizations/${org}/workspaces`);
  assert.equal(created.length, 1, "one createWorkspace request");
  assert.equal(JSON.parse(created[0].body).name, `ws ${tag}`);
  if (entry === "v1") {
    const dep = mine.filter((e) => e.method === "POST" && e.path === `${prefix}/organizations/${org}/deployments`);
    assert.equal(dep.length, 2, "two createDeployment requests (one refused)");
    assert.deepEqual(dep.map((e) => e.status), [200, out.v1.rejected.status]);
    assert.equal(JSON.parse(dep[0].body).type, undefined, "the client sent no type");
  }
}
