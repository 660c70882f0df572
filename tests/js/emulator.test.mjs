// Real flows against the real emulator over loopback HTTP.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroApiError, AstroError } from "astro-platform-client";
import { startEmulator } from "./support/emulator.mjs";

const TOKEN = "emu-full-token-9d2c";
const SCOPED = "emu-scoped-token-41aa";
let emu; // full token only (to discover the seed)
let emu2; // full token + a token scoped to the first organization
let astro;
let orgs;

before(async () => {
  emu = await startEmulator(["--token", TOKEN]);
  astro = new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl });
  orgs = (await astro.listOrganizations()).organizations;
  astro = new AstroClient({ token: TOKEN, baseUrl: emu.baseUrl, organizationId: orgs[0].id });
});
after(async () => {
  await emu?.stop();
  await emu2?.stop();
});

test("the emulator printed its token lines", () => {
  assert.ok(emu.tokens.includes(TOKEN), `token lines: ${JSON.stringify(emu.tokens)}`);
});

test("listOrganizations: the seeded organizations, paged", async () => {
  const page = await astro.listOrganizations();
  assert.ok(page.organizations.length >= 2, "a demo org and a second org");
  assert.equal(page.totalCount, page.organizations.length);
  for (const o of page.organizations) {
    assert.equal(typeof o.id, "string");
    assert.equal(typeof o.name, "string");
  }
  const one = await astro.listOrganizations({ limit: 1, offset: 1 });
  assert.equal(one.organizations.length, 1);
  assert.equal(one.organizations[0].id, page.organizations[1].id);
  assert.equal(one.totalCount, page.totalCount);
  const got = await astro.getOrganization({ organizationId: orgs[1].id });
  assert.deepStrictEqual(got, page.organizations[1]);
});

test("workspace lifecycle: create, get, list, update, delete, then 404", async () => {
  const ws = await astro.createWorkspace({ name: "JS flow", description: "created by the JS suite", cicdEnforcedDefault: true });
  assert.equal(ws.name, "JS flow");
  assert.equal(ws.description, "created by the JS suite");
  assert.equal(ws.cicdEnforcedDefault, true);
  assert.equal(ws.organizationId, orgs[0].id);
  assert.deepStrictEqual(await astro.getWorkspace({ workspaceId: ws.id }), ws);

  const listed = await astro.listWorkspaces({ workspaceIds: [ws.id] });
  assert.deepEqual(listed.workspaces.map((w) => w.id), [ws.id]);
  assert.equal(listed.totalCount, 1);

  const upd = await astro.updateWorkspace({ workspaceId: ws.id, name: "JS flow renamed", description: "changed", cicdEnforcedDefault: false });
  assert.equal(upd.id, ws.id);
  assert.equal(upd.name, "JS flow renamed");
  assert.equal(upd.cicdEnforcedDefault, false);
  assert.equal((await astro.getWorkspace({ workspaceId: ws.id })).name, "JS flow renamed");

  assert.equal(await astro.deleteWorkspace({ workspaceId: ws.id }), undefined);
  const err = await astro.getWorkspace({ workspaceId: ws.id }).catch((e) => e);
  assert.ok(err instanceof AstroApiError, `got ${err}`);
  assert.equal(err.status, 404);
  assert.equal(err.operation, "getWorkspace");
  assert.equal(typeof err.requestId, "string");
  assert.ok(err.requestId.length > 0);
});

/** Build a valid createDeployment input from getDeploymentOptions choices. */
async function deploymentInput(workspaceId, name) {
  const clusters = (await astro.listClusters({})).clusters;
  const dedicated = clusters.find((c) => c.type === "DEDICATED" && c.status === "CREATED");
  const type = dedicated ? "DEDICATED" : "STANDARD";
  const cloudProvider = dedicated?.cloudProvider ?? "AWS";
  const opts = await astro.getDeploymentOptions({ deploymentType: type, cloudProvider });
  assert.ok(opts.runtimeReleases.length > 0, "runtime releases offered");
  assert.ok(opts.executors.length > 0, "executors offered");
  assert.ok(opts.workerMachines.length > 0, "worker machines offered");
  const machine = opts.workerMachines[0];
  const schedulerSizes = opts.schedulerMachines.map((m) => m.name).filter((n) => ["SMALL", "MEDIUM", "LARGE"].includes(n));
  const input = {
    type,
    name,
    workspaceId,
    astroRuntimeVersion: opts.runtimeReleases[0].version,
    executor: opts.executors.includes("CELERY") ? "CELERY" : opts.executors[0],
    schedulerSize: schedulerSizes[0] ?? "SMALL",
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
  };
  if (dedicated) input.clusterId = dedicated.id;
  else {
    input.cloudProvider = cloudProvider;
  }
  return input;
}

test("deployments: create from getDeploymentOptions choices, list with filters and sorts, get, delete", async () => {
  const ws = await astro.createWorkspace({ name: "JS deployments" });
  const created = [];
  for (const name of ["bravo", "alpha", "charlie"]) {
    const input = await deploymentInput(ws.id, name);
    const d = await astro.createDeployment(input);
    assert.equal(d.name, name);
    assert.equal(d.workspaceId, ws.id);
    assert.equal(d.type, input.type);
    assert.equal(d.executor, input.executor);
    assert.equal(typeof d.status, "string");
    created.push(d);
  }
  const asc = await astro.listDeployments({ workspaceIds: [ws.id], sorts: ["name:asc"] });
  assert.deepEqual(asc.deployments.map((d) => d.name), ["alpha", "bravo", "charlie"]);
  assert.equal(asc.totalCount, 3);
  const desc = await astro.listDeployments({ workspaceIds: [ws.id], sorts: ["name:desc"] });
  assert.deepEqual(desc.deployments.map((d) => d.name), ["charlie", "bravo", "alpha"]);
  const paged = await astro.listDeployments({ workspaceIds: [ws.id], sorts: ["name:asc"], limit: 1, offset: 1 });
  assert.deepEqual(paged.deployments.map((d) => d.name), ["bravo"]);
  assert.equal(paged.totalCount, 3);
  const byId = await astro.listDeployments({ deploymentIds: [created[0].id, created[2].id], sorts: ["name:asc"] });
  assert.deepEqual(byId.deployments.map((d) => d.name), ["bravo", "charlie"]);

  const got = await astro.getDeployment({ deploymentId: created[1].id });
  assert.equal(got.id, created[1].id);
  assert.equal(got.name, "alpha");

  for (const d of created) assert.equal(await astro.deleteDeployment({ deploymentId: d.id }), undefined);
  const after = await astro.listDeployments({ workspaceIds: [ws.id] });
  assert.equal(after.totalCount, 0);
});

test("404 on an unknown deployment id", async () => {
  const err = await astro.getDeployment({ deploymentId: "clxxxxxxxxxxxxxxxxxxxxxxx" }).catch((e) => e);
  assert.ok(err instanceof AstroApiError);
  assert.ok(err instanceof AstroError);
  assert.equal(err.status, 404);
  assert.equal(err.operation, "getDeployment");
  assert.ok(err.message.length > 0);
});

test("401 with an unknown token", async () => {
  const c = new AstroClient({ token: "not-a-known-token", baseUrl: emu.baseUrl, organizationId: orgs[0].id });
  const err = await c.listWorkspaces({}).catch((e) => e);
  assert.ok(err instanceof AstroApiError);
  assert.equal(err.status, 401);
});

test("403 with a token scoped to another organization", async () => {
  emu2 = await startEmulator(["--token", TOKEN, "--token", `${SCOPED}@${orgs[0].id}`]);
  const full = new AstroClient({ token: TOKEN, baseUrl: emu2.baseUrl });
  const seeded = (await full.listOrganizations()).organizations.map((o) => o.id);
  assert.deepEqual(seeded, orgs.map((o) => o.id), "the seed is deterministic");

  const scoped = new AstroClient({ token: SCOPED, baseUrl: emu2.baseUrl });
  const own = await scoped.getOrganization({ organizationId: orgs[0].id });
  assert.equal(own.id, orgs[0].id);
  for (const call of [
    () => scoped.getOrganization({ organizationId: orgs[1].id }),
    () => scoped.listWorkspaces({ organizationId: orgs[1].id }),
    () => scoped.createWorkspace({ organizationId: orgs[1].id, name: "nope" }),
  ]) {
    const err = await call().catch((e) => e);
    assert.ok(err instanceof AstroApiError, `got ${err}`);
    assert.equal(err.status, 403);
    assert.equal(typeof err.requestId, "string");
  }
});
