// Builds a minimal Manifest V3 extension whose module service worker imports one entry of the
// installed package (statically: MV3 service workers forbid dynamic import() and top-level await),
// loads it unpacked into headless Chromium with Playwright, and runs calls against the emulator
// from the worker.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { ENTRIES } from "./entries.mjs";

const project = process.env.ASTRO_PROJECT_DIR;
const installed = path.join(project ?? ".", "node_modules", "astro-platform-client");

// The worker imports the package entry copied into the extension, and support/exercise.mjs, with
// static imports only.
const SW = `import * as pkg from "./astro.js";
import { AstroClient, AstroApiError, AstroValidationError } from "./astro.js";
import { exercise } from "./exercise.js";
self.astroExercise = (opts) => exercise(pkg, opts);
self.astroCall = async (baseUrl, token) => {
  const c = new AstroClient({ token, baseUrl });
  const orgs = (await c.listOrganizations()).organizations.map((o) => o.id);
  const ws = await c.createWorkspace({ organizationId: orgs[0], name: "from the extension" });
  const got = await c.getWorkspace({ organizationId: orgs[0], workspaceId: ws.id });
  const missing = await c.getWorkspace({ organizationId: orgs[0], workspaceId: "missing" }).catch((e) => e);
  const invalid = await c.createWorkspace({ organizationId: orgs[0] }).catch((e) => e);
  return {
    orgs,
    name: got.name,
    missing: missing instanceof AstroApiError ? missing.status : String(missing),
    invalid: invalid instanceof AstroValidationError,
  };
};
self.astroLoaded = true;
`;

/**
 * Loads an unpacked extension with `manifest` (its service worker is written as
 * manifest.background.service_worker) and returns { worker, close }. `entry` ("v1beta1", the
 * default, or "v1") is the package entry the worker imports (copied in as astro.js).
 */
export async function loadExtension(name, manifest, { entry = "v1beta1" } = {}) {
  const extDir = path.join(project, name);
  mkdirSync(extDir, { recursive: true });
  writeFileSync(path.join(extDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(extDir, manifest.background.service_worker), SW);
  copyFileSync(path.join(installed, "dist", ENTRIES[entry].dist), path.join(extDir, "astro.js"));
  copyFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "exercise.mjs"), path.join(extDir, "exercise.js"));
  const userDataDir = mkdtempSync(path.join(tmpdir(), "astro-mv3-profile-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: false, // the --headless flag below selects the headless mode that runs extensions
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent("serviceworker", { timeout: 20000 });
  const id = new URL(worker.url()).host;
  /** Why the package does not load in this extension, if it does not (seen from an extension page). */
  async function loadError() {
    writeFileSync(path.join(extDir, "probe.html"), '<!doctype html><script type="module" src="probe.js"></script>');
    writeFileSync(path.join(extDir, "probe.js"), 'import "./astro.js"; window.probeOk = true;');
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`chrome-extension://${id}/probe.html`);
    await page.waitForFunction(() => window.probeOk === true, null, { timeout: 3000 }).catch(() => {});
    await page.close();
    return errors.join(" | ");
  }
  return {
    worker,
    loadError,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
