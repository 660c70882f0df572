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
