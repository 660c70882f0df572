// The calls each environment test makes through one entry of the installed package, against the
// real emulator: bundles (Node and browser), a plain page, an MV3 extension service worker, a page
// under a strict CSP (tests/csp), and `require`. Plain browser JavaScript with no import and no
// top-level await, so a page or an extension loads this very file and bundlers bundle it beside the
// entry; the result is plain data (it crosses Playwright's evaluate). support/entries.mjs checks it
// against the emulator's own answers and its journal.

/** The error `e` as data: its class (by instanceof against the entry's own classes) and fields. */
function describe(pkg, e) {
  if (e == null) return null;
  return {
    name: e.name,
    message: String(e.message),
    status: e.status ?? null,
    isError: e instanceof Error,
    isAstroError: e instanceof pkg.AstroError,
    isApiError: e instanceof pkg.AstroApiError,
    isValidationError: e instanceof pkg.AstroValidationError,
    issues: Array.isArray(e.issues) ? e.issues.map((i) => i.path) : null,
    fieldErrors: Array.isArray(e.fieldErrors) ? e.fieldErrors.map((f) => f.field) : null,
  };
}

/**
 * Runs the calls with `pkg` (the entry's exports). `entry` is "v1beta1" or "v1"; `baseUrl` the
 * emulator's base URL of that version; `tag` marks every request (x-test-id) for the journal.
 * Through v1 it also creates a Deployment from only a name and a Workspace (v1 infers its type;
 * v1beta1 requires one, so the same call through the v1beta1 entry is refused).
 */
export async function exercise(pkg, { entry, baseUrl, token, tag }) {
  const c = new pkg.AstroClient({ token, baseUrl, maxRetries: 0, headers: { "x-test-id": tag } });
  const failure = (p) => p.then(() => null, (e) => describe(pkg, e));
  const ids = (items) => items.map((x) => x.id);
  const orgs = ids((await c.listOrganizations()).organizations);
  const organizationId = orgs[0];
  const ws = await c.createWorkspace({ organizationId, name: `ws ${tag}` });
  const got = await c.getWorkspace({ organizationId, workspaceId: ws.id });
  const out = {
    entry,
    hasSelfUser: typeof c.getSelfUser === "function",
    orgs,
    organizationId,
    workspace: { id: ws.id, name: ws.name, gotName: got.name },
  };
  const typeless = { organizationId, name: `dep ${tag}`, workspaceId: ws.id };
  if (entry === "v1") {
    const me = await c.getSelfUser();
    const d = await c.createDeployment(typeless);
    const gotD = await c.getDeployment({ organizationId, deploymentId: d.id });
    out.v1 = {
      self: { id: me.id, username: me.username },
      deployment: { id: d.id, name: d.name, type: d.type, workspaceId: d.workspaceId, gotId: gotD.id, gotName: gotD.name },
      rejected: await failure(c.createDeployment({ ...typeless, workspaceId: `missing-${tag}` })),
    };
  } else {
    out.typeless = await failure(c.createDeployment(typeless));
  }
  const wsPage = await c.listWorkspaces({ organizationId, limit: 100 });
  out.workspaces = { totalCount: wsPage.totalCount, ids: ids(wsPage.workspaces) };
  const depPage = await c.listDeployments({ organizationId, limit: 2 });
  out.deployments = { totalCount: depPage.totalCount, ids: ids(depPage.deployments) };
  out.paged = [];
  for await (const d of c.paginate("listDeployments", { organizationId, limit: 2 })) out.paged.push(d.id);
  out.notFound = await failure(c.getWorkspace({ organizationId, workspaceId: `missing-${tag}` }));
  out.invalid = await failure(c.createWorkspace({ organizationId }));
  const prepared = await c.prepare("getWorkspace", { organizationId, workspaceId: ws.id });
  out.prepared = { method: prepared.method, url: prepared.url, headers: prepared.headers };
  return out;
}
