// The package loaded with require() by name: same public classes as the ESM entry, and it works.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const cjs = require("astro-platform-client");

const NAMES = [
  "AstroClient",
  "AstroError",
  "AstroApiError",
  "AstroValidationError",
  "AstroNetworkError",
  "AstroTimeoutError",
  "AstroDecodeError",
  "AstroWaitError",
];

let rec;
let F;
before(async () => {
  const { startRecorder } = await import(path.join(__dirname, "support", "recorder.mjs"));
  F = await import(path.join(__dirname, "support", "fixtures.mjs"));
  rec = await startRecorder();
});
after(async () => rec && rec.close());

test("require() resolves the CommonJS entry by name", () => {
  const resolved = require.resolve("astro-platform-client");
  // Node's CommonJS entry (reads dist/astro.wasm; bundlers get dist/index.js, see package.test.mjs)
  assert.match(resolved, /node_modules[\\/]astro-platform-client[\\/]dist[\\/]node\.cjs$/);
});

test("require() and import expose the same public classes", async () => {
  const esm = await import("astro-platform-client");
  for (const name of NAMES) {
    assert.equal(typeof cjs[name], "function", `require: ${name}`);
    assert.equal(typeof esm[name], "function", `import: ${name}`);
    assert.equal(cjs[name].name, esm[name].name, `${name}: same class name`);
  }
  const esmMethods = Object.getOwnPropertyNames(esm.AstroClient.prototype).sort();
  const cjsMethods = Object.getOwnPropertyNames(cjs.AstroClient.prototype).sort();
  assert.deepEqual(cjsMethods, esmMethods, "same client methods");
  for (const op of ["listOrganizations", "createDeployment", "deleteDeployment", "prepare", "paginate", "listAll", "waitForDeployment", "waitForCluster", "waitForClusterDeleted"]) {
    assert.ok(cjsMethods.includes(op), `AstroClient has ${op}`);
  }
});

test("a call through the CommonJS entry works, and its errors are instances of its classes", async () => {
  const c = new cjs.AstroClient({ token: F.TOKEN, baseUrl: rec.baseUrl, organizationId: F.ORG, maxRetries: 0 });
  rec.reply({ json: { limit: 20, offset: 0, organizations: [F.organization()], totalCount: 1 } });
  const orgs = await c.listOrganizations();
  assert.deepStrictEqual(orgs, { limit: 20, offset: 0, organizations: [F.organization()], totalCount: 1 });
  assert.equal(rec.requests[0].headers.authorization, `Bearer ${F.TOKEN}`);

  rec.reply({ status: 404, json: F.apiError(404, "Workspace not found") });
  const err = await c.getWorkspace({ workspaceId: "nope" }).catch((e) => e);
  assert.ok(err instanceof cjs.AstroApiError);
  assert.ok(err instanceof cjs.AstroError);
  assert.equal(err.status, 404);

  const verr = await c.createWorkspace({}).catch((e) => e);
  assert.ok(verr instanceof cjs.AstroValidationError);
  assert.equal(rec.requests.length, 2);
});
