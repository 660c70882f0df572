// End-to-end test of the demo console (www/) in real headless Chromium, against the real emulator
// serving www/ and the built package, with the page under the emulator's strict CSP
// (script-src 'self' 'wasm-unsafe-eval': no inline script, no eval).
//
// Run from the repo root with scripts/test-e2e.sh (builds what is missing first); see README.md here.
// Screenshots land in build/e2e-artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  TOKEN, apiClient, assertClean, connect, journalLength, launchBrowser, openConsole, openTab, startEmulator,
} from "./harness.mjs";

let emulator; // { child, url, stop }
let origin; // the emulator's origin: it serves the API (v1 and v1beta1), www/ and the package
let api; // direct v1 calls; api(method, path, body, { version: "v1beta1" }) for the old API
let browser;

before(async () => {
  emulator = await startEmulator();
  origin = emulator.url;
  api = apiClient(origin);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

test("the console manages workspaces and deployments end to end", { timeout: 240_000 }, async () => {
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  const banner = page.locator("#banner");

  // ---- open the console under the CSP ----
  const response = await page.goto(`${origin}/`);
  assert.equal(response.status(), 200);
  // The emulator serves pages under a strict CSP: scripts only from the origin, wasm compilation
  // allowed, no inline script and no eval.
  const csp = response.headers()["content-security-policy"] || "";
  const scriptSrc = (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) || "").split(/\s+/).slice(1);
  assert.deepEqual(scriptSrc.sort(), ["'self'", "'wasm-unsafe-eval'"], `script-src of the page: ${csp}`);
  await assert.doesNotReject(page.locator("#connect-form").waitFor());
  // v1 by default, through the package's v1 entry
  assert.equal(await page.locator("#connect-version").inputValue(), "v1");
  assert.equal(await page.locator("#connect-baseUrl").inputValue(), `${origin}/v1`);
  assert.equal(await page.locator("#connect-token").inputValue(), TOKEN);
  await shot("01-connect");

  // ---- API error: a wrong token is rejected with 401, shown with status and requestId ----
  await page.fill("#connect-token", "wrong-token");
  await page.press("#connect-token", "Enter"); // Enter submits the form
  await banner.waitFor({ state: "visible" });
  const bannerText = await banner.innerText();
  assert.match(bannerText, /HTTP 401/);
  const requestId = (await page.locator("#banner-meta dt:text-is('Request ID') + dd").innerText()).trim();
  assert.ok(requestId.length >= 6 && requestId !== "(none)", `requestId shown: ${requestId}`);
  await shot("02-api-error-401");
  let expectedApiErrors = 1;

  // ---- connect with the demo token and choose the organization ----
  await page.fill("#connect-token", TOKEN);
  await page.click("#connect-form button[type=submit]");
  await page.locator("#app-view").waitFor({ state: "visible" });
  assert.equal(await banner.isVisible(), false, `no error after a successful connect: ${await banner.innerText().catch(() => "")}`);
  const orgs = await api("GET", "/organizations");
  const orgId = await page.locator("#org-select").inputValue();
  assert.ok(orgs.body.organizations.some((o) => o.id === orgId), "an organization of the token is selected");
  await page.locator("#ws-rows tr[data-id]").first().waitFor();
  let wsTotal = (await api("GET", `/organizations/${orgId}/workspaces?limit=1`)).body.totalCount;
  assert.match(await page.locator("#ws-pager .pager-info").innerText(), new RegExp(`of ${wsTotal} workspaces`));
  await shot("03-workspaces");

  // paging: make sure there are at least 7 workspaces, then a page size of 5, next and previous
  for (let i = wsTotal; i < 7; i += 1) {
    assert.equal((await api("POST", `/organizations/${orgId}/workspaces`, { name: `Paging ${i}`, cicdEnforcedDefault: false })).status, 200);
  }
  wsTotal = Math.max(wsTotal, 7);
  await page.selectOption("#ws-pager-size", "5");
  await page.locator("#ws-pager .pager-info", { hasText: `1–5 of ${wsTotal} workspaces` }).waitFor();
  assert.equal(await page.locator("#ws-rows tr[data-id]").count(), 5);
  assert.equal(await page.locator("#ws-pager button:has-text('Previous')").isDisabled(), true);
  const firstPage = await page.locator("#ws-rows tr[data-id]").evaluateAll((els) => els.map((e) => e.dataset.id));
  await page.click("#ws-pager button:has-text('Next')");
  await page.locator("#ws-pager .pager-info", { hasText: `6–${Math.min(10, wsTotal)} of ${wsTotal}` }).waitFor();
  const secondPage = await page.locator("#ws-rows tr[data-id]").evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.equal(secondPage.length, Math.min(5, wsTotal - 5));
  assert.ok(secondPage.every((id) => !firstPage.includes(id)), "the second page shows other workspaces");
  await shot("03b-workspaces-page-2");
  await page.click("#ws-pager button:has-text('Previous')");
  await page.locator("#ws-pager .pager-info", { hasText: "1–5 of" }).waitFor();
  await page.selectOption("#ws-pager-size", "50");
  await page.locator("#ws-pager .pager-info", { hasText: `1–${wsTotal} of` }).waitFor();

  // ---- validation error: a 51-character workspace name is shown inline, nothing is sent ----
  const postsBefore = await journalLength(origin, "POST");
  await page.click("#ws-create");
  await page.locator("#ws-dialog").waitFor({ state: "visible" });
  await page.fill("#ws-name", "w".repeat(51));
  await page.click("#ws-submit");
  const nameError = page.locator("#ws-dialog .field:has(#ws-name) .field-error");
  await nameError.waitFor();
  assert.equal(await page.locator("#ws-name").getAttribute("aria-invalid"), "true");
  assert.match(await nameError.innerText(), /50|long|max/i);
  const describedBy = await page.locator("#ws-name").getAttribute("aria-describedby");
  assert.ok(describedBy.includes(await nameError.getAttribute("id")), "the error describes the field");
  assert.equal(await journalLength(origin, "POST"), postsBefore, "no request was sent for the invalid name");
  await shot("04-validation-error-inline");

  // ---- create a workspace ----
  const stamp = Date.now().toString(36);
  const wsName = `E2E workspace ${stamp}`;
  await page.fill("#ws-name", wsName);
  await page.fill("#ws-description", "Created by the end-to-end test");
  await page.click("#ws-submit");
  await page.locator("#ws-dialog").waitFor({ state: "hidden" });
  const wsRow = page.locator("#ws-rows tr", { hasText: wsName });
  await wsRow.waitFor();
  const wsId = await wsRow.getAttribute("data-id");
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces/${wsId}`)).body.name, wsName);

  // rename it
  const wsRenamed = `${wsName} renamed`;
  await page.click(`#ws-rows tr[data-id="${wsId}"] button:has-text('Rename')`);
  await page.fill("#ws-name", wsRenamed);
  await page.press("#ws-name", "Enter");
  await page.locator(`#ws-rows tr[data-id="${wsId}"]`, { hasText: wsRenamed }).waitFor();
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces/${wsId}`)).body.name, wsRenamed);
  await shot("05-workspace-created");

  // ---- deployments: filter by the new workspace, open the options-driven form ----
  await page.click(".tab[data-tab=deployments]");
  await page.locator("#panel-deployments").waitFor({ state: "visible" });
  await page.selectOption("#dep-filter", wsId);
  await page.locator("#dep-rows .empty-row").waitFor();
  await page.click("#dep-create");
  await page.locator("#dep-dialog").waitFor({ state: "visible" });
  assert.equal(await page.locator("#dep-form [name=workspaceId]").inputValue(), wsId);
  const options = (await api("GET", `/organizations/${orgId}/deployment-options?deploymentType=STANDARD&cloudProvider=AWS`)).body;
  const runtimeChoices = await page.locator("#dep-form [name=astroRuntimeVersion] option").evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(runtimeChoices, options.runtimeReleases.map((r) => r.version), "runtime versions come from getDeploymentOptions");
  const executorChoices = await page.locator("#dep-form [name=executor] option").evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(executorChoices, options.executors);
  const sizeChoices = await page.locator("#dep-form [name=schedulerSize] option").evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(sizeChoices, options.schedulerMachines.map((m) => m.name));
  assert.equal(await page.locator("#dep-form [name=resourceQuotaCpu]").inputValue(), options.resourceQuotas.resourceQuota.cpu.default);
  assert.equal(await page.locator("#dep-form [name=defaultTaskPodMemory]").inputValue(), options.resourceQuotas.defaultPodSize.memory.default);

  const depName = `e2e-deployment-${stamp}`;
  await page.fill("#dep-form [name=name]", depName);
  await page.fill("#dep-form [name=description]", "Deployment made by the e2e test");
  if (options.executors.includes("CELERY")) {
    await page.selectOption("#dep-form [name=executor]", "CELERY");
    const machineChoices = await page.locator("#dep-form [name='workerQueues[0].astroMachine'] option").evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(machineChoices, options.workerMachines.map((m) => m.name), "worker machines come from getDeploymentOptions");
    // a too-long queue name is reported at the queue's name field
    await page.fill("#dep-form [name='workerQueues[0].name']", "q".repeat(64));
    await page.click("#dep-submit");
    const queueError = page.locator("#dep-form .q-cell:has([name='workerQueues[0].name']) .field-error");
    await queueError.waitFor();
    assert.equal(await page.locator("#dep-form [name='workerQueues[0].name']").getAttribute("aria-invalid"), "true");
    await shot("06-deployment-form-queue-error");
    await page.fill("#dep-form [name='workerQueues[0].name']", "default");
  }
  assert.doesNotMatch(await page.locator("#dep-form").innerText(), /\b(null|undefined|NaN)\b/);
  await shot("07-deployment-form");

  // ---- create and watch it reach HEALTHY ----
  await page.click("#dep-submit");
  await page.locator("#dep-dialog").waitFor({ state: "hidden" });
  const progress = page.locator("#dep-progress");
  await progress.waitFor({ state: "visible" });
  assert.match(await page.locator("#dep-progress-title").innerText(), new RegExp(depName));
  await page.locator("#dep-progress-log li").first().waitFor();
  await shot("08-deployment-progress");
  await page.locator("#dep-progress-status", { hasText: "HEALTHY" }).waitFor({ timeout: 60_000 });
  const statuses = await page.locator("#dep-progress-log li .badge").allInnerTexts();
  assert.equal(statuses[0], "CREATING", `first status shown: ${statuses}`);
  assert.equal(statuses.at(-1), "HEALTHY", `last status shown: ${statuses}`);
  assert.ok(statuses.every((s) => ["CREATING", "DEPLOYING", "HEALTHY"].includes(s)), `statuses: ${statuses}`);
  assert.equal(await page.locator("#dep-progress-steps li.done").count(), 3);
  const depRow = page.locator("#dep-rows tr", { hasText: depName });
  await depRow.locator(".badge", { hasText: "HEALTHY" }).waitFor();
  const depId = await depRow.getAttribute("data-id");
  await shot("09-deployment-healthy");

  // ---- API error: the workspace cannot be deleted while it has a deployment ----
  await page.click(".tab[data-tab=workspaces]");
  await page.click(`#ws-rows tr[data-id="${wsId}"] button:has-text('Delete')`);
  await page.locator("#confirm-dialog").waitFor({ state: "visible" });
  await page.click("#confirm-ok");
  await banner.waitFor({ state: "visible" });
  assert.match(await banner.innerText(), /HTTP 400/);
  const requestId400 = (await page.locator("#banner-meta dt:text-is('Request ID') + dd").innerText()).trim();
  assert.ok(requestId400.length >= 6 && requestId400 !== requestId, `a fresh requestId is shown: ${requestId400}`);
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces/${wsId}`)).status, 200, "the workspace is still there");
  await shot("09b-api-error-400");
  expectedApiErrors += 1;
  await page.click("#banner-close");
  await page.click(".tab[data-tab=deployments]");

  // detail view, closed with Escape
  await depRow.locator("button:has-text('Details')").click();
  const detail = page.locator("#detail-dialog");
  await detail.waitFor({ state: "visible" });
  assert.match(await detail.innerText(), new RegExp(depId));
  assert.match(await detail.innerText(), /HEALTHY/);
  assert.doesNotMatch(await detail.innerText(), /\b(null|undefined|NaN)\b/);
  await shot("10-deployment-detail");
  await page.keyboard.press("Escape");
  await detail.waitFor({ state: "hidden" });

  // ---- edit it ----
  const depRenamed = `${depName}-edited`;
  await depRow.locator("button:has-text('Edit')").click();
  await page.locator("#dep-dialog").waitFor({ state: "visible" });
  assert.equal(await page.locator("#dep-form [name=name]").inputValue(), depName);
  await page.fill("#dep-form [name=name]", depRenamed);
  await page.fill("#dep-form [name=description]", "Edited by the e2e test");
  await shot("11-deployment-edit");
  await page.click("#dep-submit");
  await page.locator("#dep-dialog").waitFor({ state: "hidden" });
  await page.locator(`#dep-rows tr[data-id="${depId}"]`, { hasText: depRenamed }).waitFor();
  const updated = (await api("GET", `/organizations/${orgId}/deployments/${depId}`)).body;
  assert.equal(updated.name, depRenamed);
  assert.equal(updated.description, "Edited by the e2e test");
  await shot("12-deployment-edited");

  // ---- delete it (confirm dialog, confirmed with the keyboard) ----
  await page.click(`#dep-rows tr[data-id="${depId}"] button:has-text('Delete')`);
  await page.locator("#confirm-dialog").waitFor({ state: "visible" });
  await shot("13-deployment-delete-confirm");
  await page.keyboard.press("Enter");
  await page.locator(`#dep-rows tr[data-id="${depId}"]`).waitFor({ state: "detached" });
  assert.equal((await api("GET", `/organizations/${orgId}/deployments/${depId}`)).status, 404);

  // ---- delete the workspace ----
  await page.click(".tab[data-tab=workspaces]");
  await page.click(`#ws-rows tr[data-id="${wsId}"] button:has-text('Delete')`);
  await page.click("#confirm-ok");
  await page.locator(`#ws-rows tr[data-id="${wsId}"]`).waitFor({ state: "detached" });
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces/${wsId}`)).status, 404);

  // ---- clusters: list, detail, options ----
  await page.click(".tab[data-tab=clusters]");
  await page.locator("#cl-rows tr[data-id]").first().waitFor();
  const clTotal = (await api("GET", `/organizations/${orgId}/clusters?limit=1`)).body.totalCount;
  assert.match(await page.locator("#cl-pager .pager-info").innerText(), new RegExp(`of ${clTotal} clusters`));
  const clId = await page.locator("#cl-rows tr[data-id]").first().getAttribute("data-id");
  await page.locator("#cl-rows tr[data-id]").first().locator("button:has-text('Details')").click();
  await detail.waitFor({ state: "visible" });
  assert.match(await detail.innerText(), new RegExp(clId));
  await shot("14-cluster-detail");
  await page.keyboard.press("Escape");
  await detail.waitFor({ state: "hidden" });
  await page.selectOption("#clo-provider", "AWS");
  await page.click("#clo-form button[type=submit]");
  await page.locator("#clo-result .option-block").first().waitFor();
  const clOptions = (await api("GET", `/organizations/${orgId}/cluster-options?type=DEDICATED&provider=AWS`)).body;
  const firstRegion = clOptions[0].regions[0].name;
  assert.match(await page.locator("#clo-result").innerText(), new RegExp(firstRegion.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await page.locator("#clo-result").scrollIntoViewIfNeeded();
  await shot("15-cluster-options");

  // ---- no errors, no CSP violations (the only console errors: Chromium's notes on the deliberate API errors) ----
  await assertClean(session, { apiErrors: expectedApiErrors });
  // the page loaded the package's v1 entry, not the v1beta1 one
  const scripts = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(scripts.includes("/pkg/dist/v1/index.js"), `the v1 entry was loaded: ${scripts}`);
  assert.ok(!scripts.includes("/pkg/dist/index.js"), "the v1beta1 entry was not loaded");

  // The CSP is really in force on this page: an inline script added to the DOM does not run.
  const inlineRan = await page.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true;";
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return window.__inlineRan === true;
  });
  assert.equal(inlineRan, false, "inline scripts are blocked by the CSP");
  await context.close();
});

// The same form, through each entry of the package: v1beta1 requires every field of a kind, v1 infers.
for (const version of ["v1", "v1beta1"]) test(`the deployment form sends valid DEDICATED and HYBRID bodies (create and edit) on ${version}`, { timeout: 180_000 }, async () => {
  const session = await openConsole(browser, origin);
  const { context, page } = session;
  const orgId = await connect(session, origin, version);
  const clusters = (await api("GET", `/organizations/${orgId}/clusters?limit=100`)).body.clusters;
  await page.click(".tab[data-tab=deployments]");

  for (const type of ["DEDICATED", "HYBRID"]) {
    const ofType = clusters.filter((c) => c.type === type);
    assert.ok(ofType.length > 0, `the seed has a ${type} cluster`);
    await page.click("#dep-create");
    await page.locator("#dep-dialog").waitFor({ state: "visible" });
    await page.selectOption("#dep-form [name=type]", type);
    const clusterSelect = page.locator("#dep-form [name=clusterId]");
    await clusterSelect.waitFor();
    const clusterChoices = await clusterSelect.locator("option").evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual([...clusterChoices].sort(), ofType.map((c) => c.id).sort(), `${type} clusters come from listClusters`);
    const chosenCluster = await clusterSelect.inputValue();
    const cluster = ofType.find((c) => c.id === chosenCluster);
    const name = `e2e-${type.toLowerCase()}-${Date.now().toString(36)}`;
    await page.fill("#dep-form [name=name]", name);
    await page.selectOption("#dep-form [name=executor]", "CELERY");
    if (type === "HYBRID") {
      await page.locator("#dep-form [name='scheduler.au']").waitFor();
      const pools = await page.locator("#dep-form [name='workerQueues[0].nodePoolId'] option").evaluateAll((els) => els.map((e) => e.value));
      assert.deepEqual(pools, cluster.nodePools.map((p) => p.id), "node pools come from the chosen cluster");
      assert.equal(await page.locator("#dep-form [name=schedulerSize]").count(), 0);
    } else {
      assert.equal(await page.locator("#dep-form [name=schedulerSize] option").count() > 0, true);
    }
    await page.click("#dep-form button:has-text('Add worker queue')");
    await page.locator("#dep-form [name='workerQueues[1].name']").waitFor();
    await page.click("#dep-submit");
    await page.locator("#dep-dialog").waitFor({ state: "hidden" });
    await page.locator("#dep-progress-status", { hasText: "HEALTHY" }).waitFor({ timeout: 60_000 });
    const row = page.locator("#dep-rows tr", { hasText: name });
    const id = await row.getAttribute("data-id");
    const created = (await api("GET", `/organizations/${orgId}/deployments/${id}`)).body;
    assert.equal(created.type, type);
    assert.equal(created.clusterId, cluster.id);
    assert.equal(created.workerQueues.length, 2);
    if (type === "HYBRID") await session.shot(`16-hybrid-created-${version}`);

    // edit: change the second queue's max workers and the name
    await row.locator("button:has-text('Edit')").click();
    await page.locator("#dep-dialog").waitFor({ state: "visible" });
    await page.fill("#dep-form [name=name]", `${name}-edited`);
    await page.fill("#dep-form [name='workerQueues[1].maxWorkerCount']", "3");
    assert.doesNotMatch(await page.locator("#dep-form").innerText(), /\b(null|undefined|NaN)\b/);
    if (type === "HYBRID") await session.shot(`17-hybrid-edit-${version}`);
    await page.click("#dep-submit");
    await page.locator("#dep-dialog").waitFor({ state: "hidden" });
    const edited = (await api("GET", `/organizations/${orgId}/deployments/${id}`)).body;
    assert.equal(edited.name, `${name}-edited`);
    assert.equal(edited.workerQueues.find((q) => !q.isDefault).maxWorkerCount, 3);
    assert.deepEqual(edited.workerQueues.map((q) => q.id).sort(), created.workerQueues.map((q) => q.id).sort(), "queue ids are kept");
    assert.equal((await api("DELETE", `/organizations/${orgId}/deployments/${id}`)).status, 204);
  }
  await assertClean(session);
  await context.close();
});

test("v1beta1 stays reachable: the first pages work through the v1beta1 entry, the v1 pages say they need v1", { timeout: 120_000 }, async () => {
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  const orgId = await connect(session, origin, "v1beta1");
  assert.match(await page.locator("#session-url").innerText(), /v1beta1/);
  assert.match(await page.locator("#brand-sub").innerText(), /v1beta1/);
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes("/pkg/dist/index.js") && !loaded.includes("/pkg/dist/v1/index.js"), `the v1beta1 entry only: ${loaded}`);
  const old = (pathname) => api("GET", pathname, undefined, { version: "v1beta1" });

  // workspaces: listed and created through /platform/v1beta1
  const wsTotal = (await old(`/organizations/${orgId}/workspaces?limit=1`)).body.totalCount;
  await page.locator("#ws-pager .pager-info", { hasText: `of ${wsTotal} workspaces` }).waitFor();
  const wsName = `E2E v1beta1 ${Date.now().toString(36)}`;
  await page.click("#ws-create");
  await page.fill("#ws-name", wsName);
  await page.click("#ws-submit");
  const wsRow = page.locator("#ws-rows tr", { hasText: wsName });
  await wsRow.waitFor();
  const wsId = await wsRow.getAttribute("data-id");
  assert.equal((await old(`/organizations/${orgId}/workspaces/${wsId}`)).body.name, wsName);
  const journal = await (await fetch(`${origin}/__emulator/requests`)).json();
  const create = journal.filter((r) => r.method === "POST" && r.path.endsWith("/workspaces")).at(-1);
  assert.match(create.path, /^\/platform\/v1beta1\//, "the console called the v1beta1 API");
  await shot("18-v1beta1-workspaces");

  // deployments and clusters list through v1beta1
  await openTab(page, "deployments");
  const depTotal = (await old(`/organizations/${orgId}/deployments?limit=1`)).body.totalCount;
  await page.locator("#dep-pager .pager-info", { hasText: `of ${depTotal} deployments` }).waitFor();
  await openTab(page, "clusters");
  await page.locator("#cl-rows tr[data-id]").first().waitFor();

  // a v1 page: a note instead of its content, and no call to /v1
  const v1Calls = async () => (await (await fetch(`${origin}/__emulator/requests`)).json()).filter((r) => r.path.startsWith("/v1/")).length;
  const before = await v1Calls();
  for (const tab of ["tokens", "people", "logs", "hibernation", "environment"]) {
    await openTab(page, tab);
    await page.locator(`#panel-${tab} .needs-version`).waitFor({ state: "visible" });
    assert.match(await page.locator(`#panel-${tab} .needs-version`).innerText(), /API v1/);
    assert.equal(await page.locator(`#panel-${tab} .panel-body`).isVisible(), false);
  }
  await shot("19-v1beta1-needs-v1");
  assert.equal(await v1Calls(), before, "no v1 call was made");

  // back to the workspaces, delete the one made
  await openTab(page, "workspaces");
  await page.click(`#ws-rows tr[data-id="${wsId}"] button:has-text('Delete')`);
  await page.click("#confirm-ok");
  await page.locator(`#ws-rows tr[data-id="${wsId}"]`).waitFor({ state: "detached" });
  assert.equal((await old(`/organizations/${orgId}/workspaces/${wsId}`)).status, 404);

  // disconnect and connect on v1: the new pages work again
  await page.click("#disconnect");
  await page.selectOption("#connect-version", "v1");
  assert.equal(await page.locator("#connect-baseUrl").inputValue(), `${origin}/v1`, "the default base URL follows the version");
  await page.click("#connect-form button[type=submit]");
  await page.locator("#app-view").waitFor({ state: "visible" });
  await openTab(page, "tokens");
  assert.equal(await page.locator("#panel-tokens .needs-version").isVisible(), false);
  await page.locator("#tok-pager .pager-info", { hasText: "API tokens" }).waitFor();
  assert.ok(await v1Calls() > before, "the v1 pages call /v1 once connected on v1");
  await assertClean(session);
  await context.close();
});
