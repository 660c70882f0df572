// End-to-end test of the demo console (www/) in real headless Chromium, against the real emulator
// serving www/ and the built package, with the page under the emulator's strict CSP
// (script-src 'self' 'wasm-unsafe-eval': no inline script, no eval).
//
// Run from the repo root with scripts/test-e2e.sh (builds what is missing first).
// Screenshots land in build/e2e-artifacts/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EMULATOR = process.env.ASTRO_EMULATOR || path.join(ROOT, "target/release/astro-emulator");
const PKG_DIR = process.env.ASTRO_PKG_DIR || path.join(ROOT, "pkg");
const ARTIFACTS = path.join(ROOT, "build/e2e-artifacts");
const TOKEN = "astro-demo-token";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let emulator; // child process
let apiOrigin; // http://127.0.0.1:<port> of the emulator
let origin; // origin the browser opens (the emulator serves www/ and the package)
let browser;

/** Start the emulator on an ephemeral port and wait for its "listening on" line. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(EMULATOR, ["--port", "0", "--lifecycle-seconds", "3",
      "--www", path.join(ROOT, "www"), "--pkg", PKG_DIR], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s\n${out}\n${err}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1].replace(/\/$/, "") }); }
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`emulator exited with ${code}\n${out}\n${err}`)); });
  });
}

/** Call the API directly (not through the console) to set up and to check what the console did. */
async function api(method, pathname, body) {
  const headers = { authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(`${apiOrigin}/platform/v1beta1${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const started = await startEmulator();
  emulator = started.child;
  apiOrigin = started.url;
  origin = apiOrigin;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (emulator && emulator.exitCode === null) {
    emulator.removeAllListeners("exit");
    emulator.kill("SIGTERM");
  }
});

test("the console manages workspaces and deployments end to end", { timeout: 240_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const consoleErrors = [];
  const pageErrors = [];
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push({ text: msg.text(), url: msg.location().url }); });
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
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
  assert.equal(await page.locator("#connect-baseUrl").inputValue(), `${origin}/platform/v1beta1`);
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
  const journalBefore = await (await fetch(`${apiOrigin}/__emulator/requests`)).json();
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
  const journalAfter = await (await fetch(`${apiOrigin}/__emulator/requests`)).json();
  assert.equal(journalAfter.filter((r) => r.method === "POST").length, journalBefore.filter((r) => r.method === "POST").length,
    "no request was sent for the invalid name");
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

  // ---- no errors, no CSP violations ----
  assert.deepEqual(pageErrors, [], "no uncaught page errors");
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], "no CSP violations");
  // The only console errors allowed are Chromium's notes about the deliberate API error responses.
  const unexpected = consoleErrors.filter((e) => !(/status of 4\d\d/.test(e.text) && e.url.includes("/platform/v1beta1/")));
  assert.deepEqual(unexpected, [], "no console errors");
  assert.ok(consoleErrors.length <= expectedApiErrors, `console errors: ${JSON.stringify(consoleErrors)}`);

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

test("the deployment form sends valid DEDICATED and HYBRID bodies (create and edit)", { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(msg.text()); });
  page.on("pageerror", (err) => problems.push(String(err)));
  await page.goto(`${origin}/`);
  await page.click("#connect-form button[type=submit]");
  await page.locator("#app-view").waitFor({ state: "visible" });
  const orgId = await page.locator("#org-select").inputValue();
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
    if (type === "HYBRID") await shot(page, "16-hybrid-created");

    // edit: change the second queue's max workers and the name
    await row.locator("button:has-text('Edit')").click();
    await page.locator("#dep-dialog").waitFor({ state: "visible" });
    await page.fill("#dep-form [name=name]", `${name}-edited`);
    await page.fill("#dep-form [name='workerQueues[1].maxWorkerCount']", "3");
    assert.doesNotMatch(await page.locator("#dep-form").innerText(), /\b(null|undefined|NaN)\b/);
    if (type === "HYBRID") await shot(page, "17-hybrid-edit");
    await page.click("#dep-submit");
    await page.locator("#dep-dialog").waitFor({ state: "hidden" });
    const edited = (await api("GET", `/organizations/${orgId}/deployments/${id}`)).body;
    assert.equal(edited.name, `${name}-edited`);
    assert.equal(edited.workerQueues.find((q) => !q.isDefault).maxWorkerCount, 3);
    assert.deepEqual(edited.workerQueues.map((q) => q.id).sort(), created.workerQueues.map((q) => q.id).sort(), "queue ids are kept");
    assert.equal((await api("DELETE", `/organizations/${orgId}/deployments/${id}`)).status, 204);
  }
  assert.deepEqual(problems, [], "no console errors");
  await context.close();
});

function shot(page, name) {
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
