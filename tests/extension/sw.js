// MV3 service worker: a static import of the package (no top-level await, no dynamic import()),
// which lists organizations from the API given in config.js and stores the result.
// vendor/ (the package's dist/) and config.js are written by the test (gitignored).
import * as astroPackage from "./vendor/index.js";
import { config } from "./config.js";

const { AstroClient, AstroError } = astroPackage;

function summarize(error) {
  return { name: error?.name, message: String(error?.message ?? error), isAstroError: error instanceof AstroError };
}

async function listOrganizations() {
  const astro = new AstroClient({ baseUrl: config.baseUrl, token: config.token });
  try {
    const page = await astro.listOrganizations({ limit: 10 });
    const result = { ok: true, page, at: Date.now() };
    await chrome.storage.local.set({ lastResult: result });
    return result;
  } catch (error) {
    const result = { ok: false, error: summarize(error), at: Date.now() };
    await chrome.storage.local.set({ lastResult: result });
    return result;
  }
}

// For the test (and any extension page): a message asks for a fresh call.
chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (message?.type !== "listOrganizations") return false;
  listOrganizations().then(sendResponse);
  return true; // answer asynchronously
});

// Call once when installed, so the stored result exists without any message.
chrome.runtime.onInstalled.addListener(() => {
  listOrganizations().then((r) => chrome.storage.local.set({ installResult: r }));
});

// Reachable from the Playwright test through serviceWorker.evaluate().
globalThis.listOrganizations = listOrganizations;
globalThis.astroPackage = astroPackage;
