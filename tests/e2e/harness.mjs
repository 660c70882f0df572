// What the end-to-end tests of the demo console share: the real emulator (serving www/ and the
// built package, pages under its strict CSP), direct API calls to set up and check, a headless
// Chromium page that records console messages, page errors and CSP violations, screenshots.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EMULATOR = process.env.ASTRO_EMULATOR || path.join(ROOT, "target/release/astro-emulator");
const PKG_DIR = process.env.ASTRO_PKG_DIR || path.join(ROOT, "pkg");
/** Where the screenshots go (not committed): build/e2e-artifacts/<name>.png. */
export const ARTIFACTS = path.join(ROOT, "build/e2e-artifacts");
export const TOKEN = "astro-demo-token";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const BASE_PATH = { v1: "/v1", v1beta1: "/platform/v1beta1" };

/**
 * Start the emulator on an ephemeral port (extra flags appended) and wait for its "listening on"
 * line. Resolves to { child, url, stop() }.
 */
export function startEmulator(extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(EMULATOR, ["--port", "0", "--lifecycle-seconds", "3",
      "--www", path.join(ROOT, "www"), "--pkg", PKG_DIR, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s\n${out}\n${err}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        const stop = () => {
          if (child.exitCode !== null) return;
          child.removeAllListeners("exit");
          child.kill("SIGTERM");
        };
        resolve({ child, url: m[1].replace(/\/$/, ""), stop });
      }
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`emulator exited with ${code}\n${out}\n${err}`)); });
  });
}

/**
 * An API caller for the emulator at `origin`, not through the console: to set up and to check
 * what the console did. call(method, path, body?, {version, token}) -> {status, body}.
 */
export function apiClient(origin) {
  return async function call(method, pathname, body, { version = "v1", token = TOKEN } = {}) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const r = await fetch(`${origin}${BASE_PATH[version]}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    return { status: r.status, body: parsed };
  };
}

export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new page of the console at `origin`, recording what it prints. Returns { context, page,
 * messages (every console message: {type, text, url}), pageErrors, shot(name), cspViolations() }.
 */
export async function openConsole(browser, origin, { permissions = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (permissions.length) await context.grantPermissions(permissions, { origin });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const messages = [];
  const pageErrors = [];
  page.on("console", (msg) => messages.push({ type: msg.type(), text: msg.text(), url: msg.location().url }));
  page.on("pageerror", (err) => pageErrors.push(String(err)));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  const cspViolations = () => page.evaluate(() => window.__cspViolations);
  return { context, page, messages, pageErrors, shot, cspViolations };
}

/** Open the console, check the page's CSP header, and connect with `version` and the demo token. */
export async function connect(session, origin, version = "v1") {
  const { page } = session;
  const response = await page.goto(`${origin}/`);
  assert.equal(response.status(), 200);
  const csp = response.headers()["content-security-policy"] || "";
  const scriptSrc = (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) || "").split(/\s+/).slice(1);
  assert.deepEqual(scriptSrc.sort(), ["'self'", "'wasm-unsafe-eval'"], `script-src of the page: ${csp}`);
  assert.match(csp, /style-src 'self'(;|$)/, `style-src of the page: ${csp}`);
  await page.locator("#connect-form").waitFor();
  await page.selectOption("#connect-version", version);
  assert.equal(await page.locator("#connect-baseUrl").inputValue(), `${origin}${BASE_PATH[version]}`);
  await page.click("#connect-form button[type=submit]");
  await page.locator("#app-view").waitFor({ state: "visible" });
  assert.equal(await page.locator("#banner").isVisible(), false, "no error after connecting");
  return page.locator("#org-select").inputValue();
}

/** Show a tab of the console and wait for its panel. */
export async function openTab(page, name) {
  await page.click(`.tab[data-tab=${name}]`);
  await page.locator(`#panel-${name}`).waitFor({ state: "visible" });
}

/**
 * The page stayed clean: no uncaught error, no CSP violation, and no console error but Chromium's
 * notes about the API error answers the test caused on purpose (at most `apiErrors` of them).
 */
export async function assertClean(session, { apiErrors = 0 } = {}) {
  assert.deepEqual(session.pageErrors, [], "no uncaught page errors");
  assert.deepEqual(await session.cspViolations(), [], "no CSP violations");
  const errors = session.messages.filter((m) => m.type === "error");
  const expected = (m) => /status of 4\d\d/.test(m.text) && /\/(v1|platform\/v1beta1)\//.test(m.url);
  assert.deepEqual(errors.filter((m) => !expected(m)), [], "no console errors");
  assert.ok(errors.length <= apiErrors, `at most ${apiErrors} API error notes: ${JSON.stringify(errors)}`);
}

/** The API error banner: waits for it, checks status and requestId, returns {text, requestId}. */
export async function apiErrorBanner(page, status) {
  const banner = page.locator("#banner");
  await banner.waitFor({ state: "visible" });
  const text = await banner.innerText();
  assert.match(text, new RegExp(`HTTP ${status}`));
  const requestId = (await page.locator("#banner-meta dt:text-is('Request ID') + dd").innerText()).trim();
  assert.ok(requestId.length >= 6 && requestId !== "(none)", `requestId shown: ${requestId}`);
  return { text, requestId };
}

/** The number of API requests in the emulator's journal (to check that nothing was sent). */
export async function journalLength(origin, method) {
  const journal = await (await fetch(`${origin}/__emulator/requests`)).json();
  return journal.filter((r) => !method || r.method === method).length;
}
