// End-to-end tests of the console's v1 pages (API tokens, teams and users, logs, hibernation,
// environment objects) in headless Chromium, against the real emulator under the page's strict
// CSP. Each test drives the page like a user, then checks with direct API calls that the
// emulator really holds what the page shows. Screenshots: build/e2e-artifacts/v1-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  apiClient, apiErrorBanner, assertClean, connect, journalLength, launchBrowser, openConsole, openTab, startEmulator,
} from "./harness.mjs";

// One API day lasts 96 s here, so one API hour lasts 4 s (hibernation "for 1 hour").
const DAY_SECONDS = 96;
const HOUR_MS = (DAY_SECONDS / 24) * 1000;
const ALL_SOURCES = ["scheduler", "worker", "webserver", "apiserver", "triggerer", "dag-processor"];

let emulator;
let origin;
let api;
let browser;
let orgId;

before(async () => {
  emulator = await startEmulator(["--day-seconds", String(DAY_SECONDS)]);
  origin = emulator.url;
  api = apiClient(origin);
  browser = await launchBrowser();
  orgId = (await api("GET", "/organizations?sorts=name:asc")).body.organizations[0].id;
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

const stamp = () => Date.now().toString(36);
const byName = async (kind, name) => (await api("GET", `/organizations/${orgId}/${kind}?limit=1000`)).body[kind].find((x) => x.name === name);
const logsQuery = (sources, extra = "") => `${sources.map((s) => `sources=${s}`).join("&")}${extra}`;

/** A fresh development deployment, made through the API (v1 infers a STANDARD one), once HEALTHY. */
async function devDeployment(prefix) {
  const ws = await byName("workspaces", "Sandbox");
  const made = await api("POST", `/organizations/${orgId}/deployments`, { name: `${prefix}-${stamp()}`, workspaceId: ws.id, isDevelopmentMode: true });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  for (let i = 0; i < 100; i += 1) {
    const d = (await api("GET", `/organizations/${orgId}/deployments/${made.body.id}`)).body;
    if (d.status === "HEALTHY") return d;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the new deployment did not become HEALTHY");
}

test("API tokens: the value is shown once and works, rotate refuses the old one, delete revokes, scopes and filters", { timeout: 120_000 }, async () => {
  const session = await openConsole(browser, origin, { permissions: ["clipboard-read", "clipboard-write"] });
  const { context, page, shot, messages } = session;
  await connect(session, origin);
  await openTab(page, "tokens");
  const before = (await api("GET", `/organizations/${orgId}/tokens?limit=1`)).body.totalCount;
  await page.locator("#tok-pager .pager-info", { hasText: `of ${before} API tokens` }).waitFor();
  let apiErrors = 0;
  const secretCard = page.locator("#tok-secret");

  // ---- validation: no name and an expiry of 0 days, shown at their fields; nothing is sent ----
  const posts = await journalLength(origin, "POST");
  await page.click("#tok-create");
  await page.locator("#tok-dialog").waitFor({ state: "visible" });
  await page.fill("#tok-expiry", "0");
  await page.click("#tok-submit");
  await page.locator("#tok-form .field:has(#tok-name) .field-error").waitFor();
  assert.match(await page.locator("#tok-form .field:has(#tok-expiry) .field-error").innerText(), /1|minimum|least/i);
  assert.equal(await page.locator("#tok-name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#tok-expiry").getAttribute("aria-invalid"), "true");
  assert.equal(await journalLength(origin, "POST"), posts, "nothing was sent");
  await shot("v1-tokens-01-validation");

  // ---- an API error at its field: a workspace token without its workspace ----
  await page.fill("#tok-name", "no workspace");
  await page.fill("#tok-expiry", "");
  await page.selectOption("#tok-scope", "WORKSPACE");
  await page.locator("#tok-entity-field").waitFor({ state: "visible" });
  await page.click("#tok-submit");
  await apiErrorBanner(page, 400);
  apiErrors += 1;
  await page.locator("#tok-form .field:has(#tok-entity) .field-error").waitFor();
  assert.equal((await api("GET", `/organizations/${orgId}/tokens?limit=1`)).body.totalCount, before, "no token was made");

  // ---- an organization token, reading role: shown once, copied, and it works ----
  const name = `e2e-org-token-${stamp()}`;
  await page.selectOption("#tok-scope", "ORGANIZATION");
  await page.fill("#tok-name", name);
  await page.fill("#tok-description", "made by the e2e test");
  await page.selectOption("#tok-role", "ORGANIZATION_MEMBER");
  await page.fill("#tok-expiry", "30");
  await page.click("#tok-submit");
  await page.locator("#tok-dialog").waitFor({ state: "hidden" });
  await secretCard.waitFor({ state: "visible" });
  const value = (await page.locator("#tok-secret-value").innerText()).trim();
  assert.ok(value.length >= 20, `a token value is shown: ${value.length} characters`);
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces`, undefined, { token: value })).status, 200, "the shown value authenticates");
  assert.equal((await api("POST", `/organizations/${orgId}/workspaces`, { name: "nope" }, { token: value })).status, 403,
    "the token has the chosen reading role");
  await page.click("#tok-secret-copy");
  await page.locator("#tok-secret-status", { hasText: "Copied" }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), value, "the copy button put the value on the clipboard");
  const made = (await api("GET", `/organizations/${orgId}/tokens?limit=1000`)).body.tokens.find((t) => t.name === name);
  assert.equal(made.scope, "ORGANIZATION");
  assert.equal(made.roles[0].role, "ORGANIZATION_MEMBER");
  assert.equal(made.expiryPeriodInDays, 30);
  const row = page.locator(`#tok-rows tr[data-id="${made.id}"]`);
  await row.locator("code", { hasText: made.shortToken }).waitFor();
  assert.ok(!(await row.innerText()).includes(value), "the list shows the short form only");
  await shot("v1-tokens-02-created-shown-once");

  // never stored; gone from the page once dismissed
  const storage = () => page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  assert.ok(!(await storage()).includes(value), "not in localStorage or sessionStorage");
  await page.click("#tok-secret-done");
  await secretCard.waitFor({ state: "hidden" });
  const leftovers = () => page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll("input, textarea")].map((e) => e.value).join("\n"));
  assert.ok(!(await leftovers()).includes(value), "the value is gone from the page after dismissing it");
  await shot("v1-tokens-03-dismissed");

  // ---- rotate: a new value, the old one refused ----
  await row.locator("button:has-text('Rotate')").click();
  await page.locator("#confirm-dialog").waitFor({ state: "visible" });
  await page.click("#confirm-ok");
  await secretCard.waitFor({ state: "visible" });
  const rotated = (await page.locator("#tok-secret-value").innerText()).trim();
  assert.notEqual(rotated, value);
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces`, undefined, { token: value })).status, 401, "the old value is refused");
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces`, undefined, { token: rotated })).status, 200, "the new value works");
  const afterRotate = (await api("GET", `/organizations/${orgId}/tokens/${made.id}`)).body;
  await row.locator("code", { hasText: afterRotate.shortToken }).waitFor();
  assert.notEqual(afterRotate.shortToken, made.shortToken);
  await shot("v1-tokens-04-rotated");
  // leaving the page takes the shown value with it
  await openTab(page, "workspaces");
  await openTab(page, "tokens");
  assert.equal(await secretCard.isVisible(), false);
  assert.ok(!(await leftovers()).includes(rotated), "the rotated value is gone after leaving the page");

  // ---- a workspace token: it reaches its workspace only; the filters ----
  const ws = await byName("workspaces", "Analytics");
  const wsName = `e2e-ws-token-${stamp()}`;
  await page.click("#tok-create");
  await page.fill("#tok-name", wsName);
  await page.selectOption("#tok-scope", "WORKSPACE");
  await page.selectOption("#tok-entity", ws.id);
  await page.selectOption("#tok-role", "WORKSPACE_OPERATOR");
  await page.click("#tok-submit");
  await secretCard.waitFor({ state: "visible" });
  const wsValue = (await page.locator("#tok-secret-value").innerText()).trim();
  const seen = (await api("GET", `/organizations/${orgId}/workspaces`, undefined, { token: wsValue })).body;
  assert.deepEqual(seen.workspaces.map((w) => w.id), [ws.id], "a workspace token sees its workspace only");
  assert.equal((await api("GET", `/organizations/${orgId}/users`, undefined, { token: wsValue })).status, 403);
  await page.click("#tok-secret-done");
  const wsToken = (await api("GET", `/organizations/${orgId}/tokens?workspaceId=${ws.id}`)).body.tokens;
  assert.deepEqual(wsToken.map((t) => t.name), [wsName]);
  await page.selectOption("#tok-filter", `ws:${ws.id}`);
  await page.locator("#tok-pager .pager-info", { hasText: "of 1 API tokens" }).waitFor();
  assert.match(await page.locator("#tok-rows").innerText(), new RegExp(`${wsName}[\\s\\S]*Analytics[\\s\\S]*WORKSPACE_OPERATOR`));
  await shot("v1-tokens-05-workspace-filter");
  await page.selectOption("#tok-filter", "org");
  await page.locator(`#tok-rows tr[data-id="${made.id}"]`).waitFor();
  assert.equal(await page.locator("#tok-rows tr", { hasText: wsName }).count(), 0, "organization tokens only");
  await page.selectOption("#tok-filter", "");

  // ---- delete: revoked ----
  await page.locator(`#tok-rows tr[data-id="${made.id}"] button:has-text('Delete')`).click();
  await page.click("#confirm-ok");
  await page.locator(`#tok-rows tr[data-id="${made.id}"]`).waitFor({ state: "detached" });
  assert.equal((await api("GET", `/organizations/${orgId}/tokens/${made.id}`)).status, 404);
  assert.equal((await api("GET", `/organizations/${orgId}/workspaces`, undefined, { token: rotated })).status, 401, "a deleted token is refused");

  // no value ever reached the console
  for (const secret of [value, rotated, wsValue]) {
    assert.ok(!messages.some((m) => m.text.includes(secret)), "no console message holds a token value");
  }
  assert.ok(!(await storage()).includes(wsValue));
  await assertClean(session, { apiErrors });
  await context.close();
});

test("teams and users: team members added and removed, a user's roles changed, invites sent and withdrawn", { timeout: 120_000 }, async () => {
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  await connect(session, origin);
  await openTab(page, "people");
  let apiErrors = 0;
  const users = (await api("GET", `/organizations/${orgId}/users?limit=100`)).body.users;
  const linus = users.find((u) => u.fullName === "Linus Pauling");
  const grace = users.find((u) => u.fullName === "Grace Hopper");
  const teamsTotal = (await api("GET", `/organizations/${orgId}/teams?limit=1`)).body.totalCount;
  await page.locator("#team-pager .pager-info", { hasText: `of ${teamsTotal} teams` }).waitFor();
  await page.locator("#user-pager .pager-info", { hasText: `of ${users.length} users` }).waitFor();
  await shot("v1-people-01-lists");

  // ---- a team without a name is refused at its field; nothing is sent ----
  const posts = await journalLength(origin, "POST");
  await page.click("#team-create");
  await page.locator("#team-dialog").waitFor({ state: "visible" });
  await page.click("#team-submit");
  await page.locator("#team-form .field:has(#team-name) .field-error").waitFor();
  assert.equal(await journalLength(origin, "POST"), posts);

  // ---- create a team with Linus ----
  const teamName = `E2E team ${stamp()}`;
  await page.fill("#team-name", teamName);
  await page.fill("#team-description", "made by the e2e test");
  await page.selectOption("#team-role", "ORGANIZATION_MEMBER");
  await page.check(`#team-members input[value="${linus.id}"]`);
  await page.click("#team-submit");
  await page.locator("#team-dialog").waitFor({ state: "hidden" });
  const team = await byName("teams", teamName);
  assert.ok(team, "the team exists");
  const members = page.locator("#members");
  await members.waitFor({ state: "visible" });
  await page.locator(`#members-rows tr[data-id="${linus.id}"]`).waitFor();
  const apiMembers = async () => (await api("GET", `/organizations/${orgId}/teams/${team.id}/members`)).body.teamMembers.map((m) => m.userId).sort();
  assert.deepEqual(await apiMembers(), [linus.id]);

  // adding nobody is refused at the field; adding Grace works
  const posts2 = await journalLength(origin, "POST");
  await page.click("#members-add");
  await page.locator("#members-form .field:has(#members-user) .field-error").waitFor();
  assert.equal(await journalLength(origin, "POST"), posts2);
  const offered = await page.locator("#members-user option").evaluateAll((els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(offered.includes(grace.id) && !offered.includes(linus.id), "only users outside the team are offered");
  await page.selectOption("#members-user", grace.id);
  await page.click("#members-add");
  await page.locator(`#members-rows tr[data-id="${grace.id}"]`).waitFor();
  assert.deepEqual(await apiMembers(), [grace.id, linus.id].sort());
  await shot("v1-people-02-team-members");

  // after a reload the members are still there (they live in the emulator, not in the page)
  await page.reload();
  await connect(session, origin);
  await openTab(page, "people");
  await page.locator(`#team-rows tr[data-id="${team.id}"] button:has-text('Members')`).click();
  await page.locator(`#members-rows tr[data-id="${grace.id}"]`).waitFor();
  await page.locator(`#members-rows tr[data-id="${linus.id}"]`).waitFor();

  // remove Linus
  await page.locator(`#members-rows tr[data-id="${linus.id}"] button:has-text('Remove')`).click();
  await page.click("#confirm-ok");
  await page.locator(`#members-rows tr[data-id="${linus.id}"]`).waitFor({ state: "detached" });
  assert.deepEqual(await apiMembers(), [grace.id]);

  // ---- change Linus's roles: organization role and a workspace role ----
  const analytics = await byName("workspaces", "Analytics");
  await page.locator(`#user-rows tr[data-id="${linus.id}"] button:has-text('Edit roles')`).click();
  await page.locator("#roles-dialog").waitFor({ state: "visible" });
  await page.selectOption("#roles-org", "ORGANIZATION_BILLING_ADMIN");
  await page.selectOption(`#roles-workspaces select[data-workspace-id="${analytics.id}"]`, "WORKSPACE_AUTHOR");
  await shot("v1-people-03-edit-roles");
  await page.click("#roles-submit");
  await page.locator("#roles-dialog").waitFor({ state: "hidden" });
  const linusRow = page.locator(`#user-rows tr[data-id="${linus.id}"]`);
  await linusRow.locator(".cell-role", { hasText: "ORGANIZATION_BILLING_ADMIN" }).waitFor();
  await linusRow.locator(".chip", { hasText: "Analytics: WORKSPACE_AUTHOR" }).waitFor();
  const linusNow = (await api("GET", `/organizations/${orgId}/users/${linus.id}`)).body;
  assert.equal(linusNow.organizationRole, "ORGANIZATION_BILLING_ADMIN");
  assert.deepEqual(linusNow.workspaceRoles, [{ workspaceId: analytics.id, role: "WORKSPACE_AUTHOR" }]);
  const graceNow = (await api("GET", `/organizations/${orgId}/users/${grace.id}`)).body;
  assert.deepEqual(graceNow.workspaceRoles, grace.workspaceRoles, "the other users keep their roles");

  // ---- invites ----
  const invPosts = await journalLength(origin, "POST");
  await page.click("#inv-submit");
  await page.locator("#inv-form .field:has(#inv-email) .field-error").waitFor();
  assert.equal(await journalLength(origin, "POST"), invPosts, "an empty address is refused before sending");
  await page.fill("#inv-email", "not-an-address");
  await page.click("#inv-submit");
  await apiErrorBanner(page, 400);
  apiErrors += 1;
  assert.match(await page.locator("#inv-form .field:has(#inv-email) .field-error").innerText(), /not an email/i);
  const email = `e2e-${stamp()}@example.org`;
  await page.fill("#inv-email", email);
  await page.selectOption("#inv-role", "ORGANIZATION_MEMBER");
  await page.click("#inv-submit");
  const invRow = page.locator("#inv-rows tr", { hasText: email });
  await invRow.waitFor();
  await page.locator("#user-rows tr", { hasText: email }).locator(".badge", { hasText: "PENDING" }).waitFor();
  const pending = (await api("GET", `/organizations/${orgId}/users?limit=100`)).body.users.find((u) => u.username === email);
  assert.equal(pending?.status, "PENDING", "the invitee is a pending user");
  await shot("v1-people-04-invite-sent");
  await invRow.locator("button:has-text('Withdraw')").click();
  await page.click("#confirm-ok");
  await invRow.waitFor({ state: "detached" });
  await page.locator("#user-rows tr", { hasText: email }).waitFor({ state: "detached" });
  assert.ok(!(await api("GET", `/organizations/${orgId}/users?limit=100`)).body.users.some((u) => u.username === email), "withdrawn");

  // ---- delete the team ----
  await page.locator(`#team-rows tr[data-id="${team.id}"] button:has-text('Delete')`).click();
  await page.click("#confirm-ok");
  await page.locator(`#team-rows tr[data-id="${team.id}"]`).waitFor({ state: "detached" });
  assert.equal(await members.isVisible(), false, "the deleted team's members are no longer shown");
  assert.equal((await api("GET", `/organizations/${orgId}/teams/${team.id}`)).status, 404);
  await assertClean(session, { apiErrors });
  await context.close();
});

test("deployment logs: sources, time range, text search, paging, and follow shows new lines", { timeout: 120_000 }, async () => {
  const dep = await devDeployment("e2e-logs");
  const base = `/organizations/${orgId}/deployments/${dep.id}`;
  // more lines: five sleep-and-wake rounds write two lines each
  for (let i = 0; i < 5; i += 1) {
    assert.equal((await api("POST", `${base}/hibernation-override`, { isHibernating: true })).status, 200);
    assert.equal((await api("DELETE", `${base}/hibernation-override`)).status, 204);
  }
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  await connect(session, origin);
  await openTab(page, "logs");
  let apiErrors = 0;
  const shown = () => page.locator("#logs-lines .log-raw").allInnerTexts();
  const apiRaw = async (query) => (await api("GET", `${base}/logs?${query}`)).body.results.map((l) => l.raw);
  const searchAndWait = async () => {
    await page.click("#logs-submit");
    await page.locator("#logs-submit[aria-busy=false]").waitFor();
  };

  // ---- all sources, first page of 100 ----
  await page.selectOption("#logs-deployment", dep.id);
  await page.locator("#logs-lines li").first().waitFor();
  await page.locator("#logs-submit[aria-busy=false]").waitFor();
  const all = await apiRaw(logsQuery(ALL_SOURCES, "&limit=100"));
  assert.ok(all.length >= 12, `enough lines to page: ${all.length}`);
  assert.deepEqual(await shown(), all);
  await shot("v1-logs-01-all");

  // ---- paging, 10 a page, with the same search ----
  await page.selectOption("#logs-pager-size", "10");
  await page.locator("#logs-pager .pager-info", { hasText: "1–10 lines" }).waitFor();
  assert.deepEqual(await shown(), all.slice(0, 10));
  await page.click("#logs-pager button:has-text('Next')");
  await page.locator("#logs-pager .pager-info", { hasText: "11–" }).waitFor();
  assert.deepEqual(await shown(), await apiRaw(logsQuery(ALL_SOURCES, "&offset=10&limit=10")));
  await shot("v1-logs-02-page-2");
  await page.click("#logs-pager button:has-text('Previous')");
  await page.locator("#logs-pager .pager-info", { hasText: "1–10 lines" }).waitFor();
  await page.selectOption("#logs-pager-size", "100");

  // ---- source filter: the worker only ----
  for (const s of ALL_SOURCES.filter((x) => x !== "worker")) await page.uncheck(`#logs-source-list input[value="${s}"]`);
  await searchAndWait();
  const workerLines = await apiRaw(logsQuery(["worker"]));
  assert.ok(workerLines.length > 0 && workerLines.length < all.length);
  assert.deepEqual(await shown(), workerLines);
  assert.deepEqual([...new Set(await page.locator("#logs-lines .log-source").allInnerTexts())], ["worker"]);
  // no source at all is refused at the sources, before sending
  const gets = await journalLength(origin, "GET");
  await page.uncheck('#logs-source-list input[value="worker"]');
  await page.click("#logs-submit");
  await page.locator("#logs-sources .field-error").waitFor();
  assert.equal(await journalLength(origin, "GET"), gets, "nothing was sent");
  for (const s of ALL_SOURCES) await page.check(`#logs-source-list input[value="${s}"]`);

  // ---- text search ----
  await page.fill("#logs-search", "waking");
  await searchAndWait();
  const waking = await apiRaw(logsQuery(ALL_SOURCES, "&searchText=waking"));
  assert.equal(waking.length, 5, "five wake-ups");
  assert.deepEqual(await shown(), waking);
  await shot("v1-logs-03-search");
  await page.fill("#logs-search", "");

  // ---- time range: the seeded etl-prod lines are from 2023 ----
  const etl = await byName("deployments", "etl-prod");
  await page.selectOption("#logs-deployment", etl.id);
  await page.locator("#logs-lines li").first().waitFor();
  await page.selectOption("#logs-range", "3600");
  await searchAndWait();
  await page.locator("#logs-status", { hasText: "No log lines match" }).waitFor();
  assert.equal(await page.locator("#logs-lines li").count(), 0);
  await page.selectOption("#logs-range", "custom");
  // only From: the API answers 400 and names endDate, shown at the To field
  await page.fill("#logs-from", "2023-04-12T00:00:00");
  await searchAndWait();
  await apiErrorBanner(page, 400);
  apiErrors += 1;
  await page.locator("#logs-to-field .field-error").waitFor();
  await page.fill("#logs-to", "2023-04-12T23:59:59");
  await searchAndWait();
  const from = await page.evaluate(() => new Date("2023-04-12T00:00:00").toISOString());
  const to = await page.evaluate(() => new Date("2023-04-12T23:59:59").toISOString());
  const etlBase = `/organizations/${orgId}/deployments/${etl.id}/logs`;
  const windowed = (await api("GET", `${etlBase}?${logsQuery(ALL_SOURCES, `&startDate=${from}&endDate=${to}`)}`)).body.results.map((l) => l.raw);
  const etlAll = (await api("GET", `${etlBase}?${logsQuery(ALL_SOURCES)}`)).body.results.map((l) => l.raw);
  assert.ok(windowed.length > 0 && windowed.length < etlAll.length, "the window holds some of the lines");
  assert.deepEqual(await shown(), windowed);
  await shot("v1-logs-04-time-range");

  // ---- follow: a new event on the deployment appears while following ----
  await page.selectOption("#logs-range", "");
  await page.selectOption("#logs-deployment", dep.id);
  await page.locator("#logs-lines li").first().waitFor();
  await page.check("#logs-follow");
  await page.locator("#logs-status", { hasText: "Following" }).waitFor();
  const countBefore = await page.locator("#logs-lines li").count();
  const marker = "until the override is removed (hibernation override)";
  const beforeMarks = (await shown()).filter((t) => t.includes(marker)).length;
  assert.equal((await api("POST", `${base}/hibernation-override`, { isHibernating: true })).status, 200);
  const fresh = page.locator("#logs-lines li.is-new", { hasText: marker });
  await fresh.waitFor({ timeout: 15_000 });
  assert.equal(await fresh.count(), 1, "the new line appears once");
  assert.equal((await shown()).filter((t) => t.includes(marker)).length, beforeMarks + 1);
  assert.ok(await page.locator("#logs-lines li").count() > countBefore);
  await page.locator("#logs-status", { hasText: /\(1 so far\)|\([2-9] so far\)/ }).waitFor();
  assert.equal(await page.locator("#logs-pager button:has-text('Next')").isDisabled(), true, "paging waits while following");
  await shot("v1-logs-05-follow");
  // a second event, and the line stays single after several polls
  assert.equal((await api("DELETE", `${base}/hibernation-override`)).status, 204);
  const wake = page.locator("#logs-lines li.is-new", { hasText: "Waking up: the hibernation override was removed" });
  await wake.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(4500);
  assert.equal(await page.locator("#logs-lines li.is-new", { hasText: marker }).count(), 1, "no line is added twice");
  assert.equal(await wake.count(), 1);
  await page.uncheck("#logs-follow");
  await page.waitForFunction(() => document.querySelector("#logs-status").textContent === "", null, { timeout: 5000 });
  assert.equal(await page.locator("#logs-pager button:has-text('Previous')").isDisabled(), true);
  assert.equal(await page.locator("#logs-pager button:has-text('Next')").isDisabled(), true, "one page of lines: no next page");
  await assertClean(session, { apiErrors });
  await context.close();
});

test("hibernation: a development deployment sleeps and wakes, its status shown as it changes", { timeout: 120_000 }, async () => {
  const dep = await devDeployment("e2e-hibernate");
  const etl = await byName("deployments", "etl-prod");
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  await connect(session, origin);
  await openTab(page, "hibernation");
  const row = page.locator(`#hib-rows tr[data-id="${dep.id}"]`);
  await page.selectOption("#hib-pager-size", "50");
  await row.waitFor();
  assert.match(await row.innerText(), /Development[\s\S]*HEALTHY/);
  const prodRow = page.locator(`#hib-rows tr[data-id="${etl.id}"]`);
  assert.match(await prodRow.innerText(), /Production/);
  assert.equal(await prodRow.locator("button:has-text('Hibernate')").count(), 0, "production deployments cannot hibernate");
  const timeline = () => page.locator("#hib-watch-log .badge").allInnerTexts();
  const getDep = async () => (await api("GET", `/organizations/${orgId}/deployments/${dep.id}`)).body;

  // ---- a date left empty is refused at its field; nothing is sent ----
  const posts = await journalLength(origin, "POST");
  await row.locator("button:has-text('Hibernate')").click();
  await page.locator("#hib-dialog").waitFor({ state: "visible" });
  await page.selectOption("#hib-until", "custom");
  await page.click("#hib-submit");
  await page.locator("#hib-form .field:has(#hib-custom) .field-error").waitFor();
  assert.equal(await journalLength(origin, "POST"), posts);

  // ---- for one hour (4 s on the emulator's clock): HEALTHY -> HIBERNATING -> HEALTHY by itself ----
  await page.selectOption("#hib-until", "3600");
  const sent = Date.now();
  await page.click("#hib-submit");
  await page.locator("#hib-dialog").waitFor({ state: "hidden" });
  await page.locator("#hib-watch-log .badge", { hasText: "HIBERNATING" }).waitFor();
  const override = (await getDep()).scalingSpec.hibernationSpec.override;
  assert.equal(override.isHibernating, true);
  const until = Date.parse(override.overrideUntil);
  assert.ok(Math.abs(until - (sent + 3600_000)) < 120_000, `overrideUntil is an hour ahead: ${override.overrideUntil}`);
  await shot("v1-hibernation-01-asleep-for-an-hour");
  await page.locator("#hib-watch-log li:nth-child(3) .badge", { hasText: "HEALTHY" }).waitFor({ timeout: 4 * HOUR_MS + 10_000 });
  assert.deepEqual(await timeline(), ["HEALTHY", "HIBERNATING", "HEALTHY"]);
  assert.equal((await getDep()).status, "HEALTHY", "awake again once the hour has passed");
  await row.locator(".badge", { hasText: "HEALTHY" }).waitFor();
  await shot("v1-hibernation-02-woke-by-itself");

  // ---- until woken, then woken from the page ----
  await row.locator("button:has-text('Hibernate')").click();
  await page.selectOption("#hib-until", "");
  await page.click("#hib-submit");
  await page.locator("#hib-watch-log .badge", { hasText: "HIBERNATING" }).waitFor();
  await row.locator(".badge", { hasText: "HIBERNATING" }).waitFor();
  assert.match(await row.innerText(), /Asleep until woken/);
  const asleep = await getDep();
  assert.equal(asleep.status, "HIBERNATING");
  assert.equal(asleep.scalingStatus.hibernationStatus.isHibernating, true);
  await shot("v1-hibernation-03-asleep-until-woken");
  await row.locator("button:has-text('Wake')").click();
  await page.locator("#hib-watch-log li:nth-child(2) .badge", { hasText: "HEALTHY" }).waitFor();
  assert.deepEqual(await timeline(), ["HIBERNATING", "HEALTHY"]);
  await row.locator(".badge", { hasText: "HEALTHY" }).waitFor();
  const awake = await getDep();
  assert.equal(awake.status, "HEALTHY");
  assert.equal(awake.scalingSpec?.hibernationSpec?.override, undefined, "the override is gone");
  await shot("v1-hibernation-04-woken");
  await page.click("#hib-watch-close");
  await page.locator("#hib-watch").waitFor({ state: "hidden" });
  await assertClean(session);
  await context.close();
});

test("environment objects: created (validation, secrets), linked to deployments, deleted", { timeout: 120_000 }, async () => {
  const session = await openConsole(browser, origin);
  const { context, page, shot } = session;
  await connect(session, origin);
  await openTab(page, "environment");
  let apiErrors = 0;
  const total = (await api("GET", `/organizations/${orgId}/environment-objects?limit=1`)).body.totalCount;
  await page.locator("#env-pager .pager-info", { hasText: `of ${total} objects` }).waitFor();
  const dataEng = await byName("workspaces", "Data Engineering");
  const etl = await byName("deployments", "etl-prod");
  const staging = await byName("deployments", "etl-staging");
  const objects = async (query) => (await api("GET", `/organizations/${orgId}/environment-objects?limit=100${query}`)).body.environmentObjects;
  const form = (sel) => page.locator(`#env-form ${sel}`);

  // ---- a key left empty is refused at its field; nothing is sent ----
  const posts = await journalLength(origin, "POST");
  await page.click("#env-create");
  await page.locator("#env-dialog").waitFor({ state: "visible" });
  await page.click("#env-submit");
  await form(".field:has([name=objectKey]) .field-error").waitFor();
  assert.equal(await journalLength(origin, "POST"), posts);

  // ---- a workspace environment variable linked to etl-prod ----
  const key = `E2E_REGION_${stamp().toUpperCase()}`;
  await page.selectOption("#env-form [name=scope]", "WORKSPACE");
  await page.selectOption("#env-form [name=scopeEntityId]", dataEng.id);
  await page.selectOption("#env-form [name=objectType]", "ENVIRONMENT_VARIABLE");
  await page.fill("#env-form [name=objectKey]", key);
  await page.fill("#env-form [name='environmentVariable.value']", "eu-west-1");
  await page.check(`#env-form input[name=links][value="${etl.id}"]`);
  await shot("v1-env-01-create-form");
  await page.click("#env-submit");
  await page.locator("#env-dialog").waitFor({ state: "hidden" });
  const row = page.locator("#env-rows tr", { hasText: key });
  await row.waitFor();
  assert.match(await row.innerText(), /eu-west-1[\s\S]*etl-prod/);
  const seenByEtl = (await objects(`&deploymentId=${etl.id}&resolveLinked=true`)).find((o) => o.objectKey === key);
  assert.equal(seenByEtl?.environmentVariable.value, "eu-west-1", "etl-prod gets the variable");
  assert.equal(seenByEtl.sourceScopeEntityId, dataEng.id);
  assert.ok(!(await objects(`&deploymentId=${staging.id}`)).some((o) => o.objectKey === key), "etl-staging does not");

  // the same key again: the API's 409 names objectKey, shown at the field
  await page.click("#env-create");
  await page.selectOption("#env-form [name=scopeEntityId]", dataEng.id);
  await page.fill("#env-form [name=objectKey]", key);
  await page.click("#env-submit");
  await apiErrorBanner(page, 409);
  apiErrors += 1;
  await form(".field:has([name=objectKey]) .field-error").waitFor();
  await page.click("#env-dialog [data-close]");

  // ---- links: add etl-staging, then drop etl-prod ----
  const id = await row.getAttribute("data-id");
  await row.locator("button:has-text('Links')").click();
  await page.locator("#env-links-dialog").waitFor({ state: "visible" });
  assert.equal(await page.locator(`#env-links-form input[name=links][value="${etl.id}"]`).isChecked(), true);
  await page.check(`#env-links-form input[name=links][value="${staging.id}"]`);
  await page.click("#env-links-submit");
  await page.locator("#env-links-dialog").waitFor({ state: "hidden" });
  await row.locator(".chip", { hasText: "etl-staging" }).waitFor();
  const linked = async () => (await api("GET", `/organizations/${orgId}/environment-objects/${id}`)).body.links.map((l) => l.scopeEntityId).sort();
  assert.deepEqual(await linked(), [etl.id, staging.id].sort());
  await shot("v1-env-02-linked");
  await row.locator("button:has-text('Links')").click();
  await page.uncheck(`#env-links-form input[name=links][value="${etl.id}"]`);
  await page.click("#env-links-submit");
  await page.locator("#env-links-dialog").waitFor({ state: "hidden" });
  await row.locator(".chip", { hasText: "etl-prod" }).waitFor({ state: "detached" });
  assert.deepEqual(await linked(), [staging.id]);
  assert.ok(!(await objects(`&deploymentId=${etl.id}`)).some((o) => o.objectKey === key), "etl-prod no longer gets it");
  // after a reload the page shows the link the emulator holds
  await page.reload();
  await connect(session, origin);
  await openTab(page, "environment");
  await page.locator("#env-rows tr", { hasText: key }).locator(".chip", { hasText: "etl-staging" }).waitFor();

  // ---- secrets: a secret variable and a connection password are sent, never shown ----
  const secretValue = `s3cret-${stamp()}`;
  await page.click("#env-create");
  await page.selectOption("#env-form [name=scopeEntityId]", dataEng.id);
  await page.fill("#env-form [name=objectKey]", `E2E_SECRET_${stamp().toUpperCase()}`);
  await page.fill("#env-form [name='environmentVariable.value']", secretValue);
  await page.check("#env-form [name='environmentVariable.isSecret']");
  await page.click("#env-submit");
  await page.locator("#env-dialog").waitFor({ state: "hidden" });
  const password = `pw-${stamp()}`;
  await page.click("#env-create");
  await page.selectOption("#env-form [name=scope]", "DEPLOYMENT");
  await page.selectOption("#env-form [name=scopeEntityId]", etl.id);
  await page.selectOption("#env-form [name=objectType]", "CONNECTION");
  await page.fill("#env-form [name=objectKey]", "e2e_db");
  await page.fill("#env-form [name='connection.type']", "postgres");
  await page.fill("#env-form [name='connection.host']", "db.example");
  await page.fill("#env-form [name='connection.port']", "5432");
  await page.fill("#env-form [name='connection.password']", password);
  await page.click("#env-submit");
  await page.locator("#env-dialog").waitFor({ state: "hidden" });
  const conn = page.locator("#env-rows tr", { hasText: "e2e_db" });
  await conn.waitFor();
  assert.match(await conn.innerText(), /postgres:\/\/db\.example:5432[\s\S]*password set/);
  await page.locator("#env-rows tr", { hasText: "E2E_SECRET_" }).locator("text=secret (hidden)").waitFor();
  const html = await page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll("input, textarea")].map((e) => e.value).join("\n"));
  assert.ok(!html.includes(secretValue) && !html.includes(password), "secrets are not on the page");
  const revealed = await objects("&showSecrets=true");
  assert.ok(revealed.some((o) => o.environmentVariable?.value === secretValue), "the secret value reached the API");
  assert.ok(revealed.some((o) => o.connection?.password === password), "the password reached the API");
  await shot("v1-env-03-secrets-hidden");

  // ---- delete ----
  await page.locator("#env-rows tr", { hasText: key }).locator("button:has-text('Delete')").click();
  await page.click("#confirm-ok");
  await page.locator("#env-rows tr", { hasText: key }).waitFor({ state: "detached" });
  assert.equal((await api("GET", `/organizations/${orgId}/environment-objects/${id}`)).status, 404);
  await assertClean(session, { apiErrors });
  await context.close();
});
