// The package entries the console can talk through (one per API version), loaded on demand,
// and the few fixed values of the API the pages offer as choices.

/** The API versions, each with its package entry (served by the emulator at /pkg/) and base path. */
export const VERSIONS = {
  v1: { label: "Astro API v1", entry: "/pkg/dist/v1/index.js", basePath: "/v1" },
  v1beta1: { label: "Platform API v1beta1", entry: "/pkg/dist/index.js", basePath: "/platform/v1beta1" },
};

const loaded = new Map(); // version -> module namespace of its entry

/** Import the package entry of `version` (once) and return it. */
export async function loadPackage(version) {
  const spec = VERSIONS[version];
  if (!spec) throw new Error(`Unknown API version “${version}”: choose ${Object.keys(VERSIONS).join(" or ")}.`);
  if (!loaded.has(version)) loaded.set(version, await import(spec.entry));
  return loaded.get(version);
}

/**
 * Whether `err` is an instance of the package's error class `name` (AstroApiError, ...). Each
 * entry has its own classes, so every entry loaded so far is asked.
 */
export function isAstroError(err, name = "AstroError") {
  for (const lib of loaded.values()) if (lib[name] && err instanceof lib[name]) return true;
  return false;
}

// Role names of the v1 contract (spec/astro-v1.yaml), offered in selects.
export const ORGANIZATION_ROLES = [
  "ORGANIZATION_OWNER", "ORGANIZATION_MEMBER", "ORGANIZATION_BILLING_ADMIN",
  "ORGANIZATION_OBSERVE_ADMIN", "ORGANIZATION_OBSERVE_MEMBER",
];
export const WORKSPACE_ROLES = [
  "WORKSPACE_OWNER", "WORKSPACE_OPERATOR", "WORKSPACE_AUTHOR", "WORKSPACE_MEMBER", "WORKSPACE_ACCESSOR",
];
export const DEPLOYMENT_ROLES = ["DEPLOYMENT_ADMIN"];
export const LOG_SOURCES = ["scheduler", "worker", "webserver", "apiserver", "triggerer", "dag-processor"];
