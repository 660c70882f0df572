// @ts-check
// The three clients measured, behind one small interface, shared by the Node runner and the
// browser harness (the library modules are passed in, so the same code runs in both):
//   get()                      getDeployment, resolves to the Deployment
//   list(limit, offset)        listDeployments, resolves to the page object
//   create(body)               createDeployment, resolves to the created Deployment
//   paginate(limit, onPage)    every Deployment of the list; onPage(count) after each page's items
// Each one does what a user of that client would write; none skips work the others do.
// Two API versions: "v1beta1" (base /platform/v1beta1, the package's root entry) and "v1" (base
// /v1, the package's `astro-platform-client/v1` entry, which sends `X-API-Version: 1.0`: the
// other clients send it too, so all three send the same headers). createDeployment is measured
// on v1beta1 only.
import { ORG_ID, TOKEN, cuid } from "./fixtures.mjs";

export const DEPLOYMENT_ID = cuid("dp", 0);
export const VERSIONS = ["v1beta1", "v1"];
/** The API base of a version on the bench server. */
export const basePath = (version) => (version === "v1" ? "/v1" : "/platform/v1beta1");
const versionHeaders = (version) => (version === "v1" ? { "x-api-version": "1.0" } : {});

/** (1) plain fetch + res.json(): the floor, a client that does nothing. */
export function plainFetch(baseUrl, version = "v1beta1") {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: "application/json", ...versionHeaders(version) };
  const postHeaders = { ...headers, "content-type": "application/json" };
  const org = encodeURIComponent(ORG_ID);
  async function json(res) {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.json();
  }
  const list = (limit, offset) =>
    fetch(`${baseUrl}/organizations/${org}/deployments?offset=${offset}&limit=${limit}`, { headers }).then(json);
  return {
    get: () => fetch(`${baseUrl}/organizations/${org}/deployments/${encodeURIComponent(DEPLOYMENT_ID)}`, { headers }).then(json),
    list,
    create: (body) =>
      fetch(`${baseUrl}/organizations/${org}/deployments`, { method: "POST", headers: postHeaders, body: JSON.stringify(body) }).then(json),
    async paginate(limit, onPage) {
      let offset = 0;
      let seen = 0;
      for (;;) {
        const page = await list(limit, offset);
        for (const d of page.deployments) seen += d.id.length > 0 ? 1 : 0;
        offset += page.deployments.length;
        onPage(seen);
        if (page.deployments.length === 0 || offset >= page.totalCount) return seen;
      }
    },
  };
}

/**
 * (2) openapi-fetch, typed by openapi-typescript from the version's contract
 * (spec/platform-v1beta1.yaml, spec/astro-v1.yaml).
 * @param {typeof import("openapi-fetch").default} createClient
 * @param {string} baseUrl
 * @param {string} [version]
 */
export function openapiFetch(createClient, baseUrl, version = "v1beta1") {
  return version === "v1" ? openapiFetchV1(createClient, baseUrl) : openapiFetchV1beta1(createClient, baseUrl);
}

/**
 * @param {typeof import("openapi-fetch").default} createClient
 * @param {string} baseUrl
 */
function openapiFetchV1beta1(createClient, baseUrl) {
  /** @type {import("openapi-fetch").Client<import("./generated/platform").paths>} */
  const client = createClient({ baseUrl, headers: { authorization: `Bearer ${TOKEN}` } });
  /** @template T @param {{data?: T, error?: unknown, response: Response}} r @returns {T} */
  const unwrap = (r) => {
    if (r.error !== undefined || r.data === undefined) throw new Error(`HTTP ${r.response.status}`);
    return r.data;
  };
  /** @param {number} limit @param {number} offset */
  const list = (limit, offset) =>
    client
      .GET("/organizations/{organizationId}/deployments", {
        params: { path: { organizationId: ORG_ID }, query: { offset, limit } },
      })
      .then(unwrap);
  return {
    get: () =>
      client
        .GET("/organizations/{organizationId}/deployments/{deploymentId}", {
          params: { path: { organizationId: ORG_ID, deploymentId: DEPLOYMENT_ID } },
        })
        .then(unwrap),
    list,
    /** @param {import("./generated/platform").components["schemas"]["CreateDeploymentRequest"]} body */
    create: (body) =>
      client
        .POST("/organizations/{organizationId}/deployments", { params: { path: { organizationId: ORG_ID } }, body })
        .then(unwrap),
    /** @param {number} limit @param {(seen: number) => void} onPage */
    async paginate(limit, onPage) {
      let offset = 0;
      let seen = 0;
      for (;;) {
        const page = await list(limit, offset);
        for (const d of page.deployments ?? []) seen += d.id.length > 0 ? 1 : 0;
        offset += page.deployments?.length ?? 0;
        onPage(seen);
        if (!page.deployments?.length || offset >= page.totalCount) return seen;
      }
    },
  };
}

/**
 * @param {typeof import("openapi-fetch").default} createClient
 * @param {string} baseUrl
 */
function openapiFetchV1(createClient, baseUrl) {
  /** @type {import("openapi-fetch").Client<import("./generated/v1").paths>} */
  const client = createClient({ baseUrl, headers: { authorization: `Bearer ${TOKEN}`, ...versionHeaders("v1") } });
  /** @template T @param {{data?: T, error?: unknown, response: Response}} r @returns {T} */
  const unwrap = (r) => {
    if (r.error !== undefined || r.data === undefined) throw new Error(`HTTP ${r.response.status}`);
    return r.data;
  };
  /** @param {number} limit @param {number} offset */
  const list = (limit, offset) =>
    client
      .GET("/organizations/{organizationId}/deployments", {
        params: { path: { organizationId: ORG_ID }, query: { offset, limit } },
      })
      .then(unwrap);
  return {
    get: () =>
      client
        .GET("/organizations/{organizationId}/deployments/{deploymentId}", {
          params: { path: { organizationId: ORG_ID, deploymentId: DEPLOYMENT_ID } },
        })
        .then(unwrap),
    list,
    create: null,
    paginate: null,
  };
}

/** (3) astro-platform-client (the packed npm package; the AstroClient of the version's entry). */
export function astroPackage(AstroClient, baseUrl, extraOptions = {}) {
  const astro = new AstroClient({ baseUrl, token: TOKEN, organizationId: ORG_ID, ...extraOptions });
  return {
    get: () => astro.getDeployment({ deploymentId: DEPLOYMENT_ID }),
    list: (limit, offset) => astro.listDeployments({ limit, offset }),
    create: (body) => astro.createDeployment(body),
    async paginate(limit, onPage) {
      let seen = 0;
      for await (const d of astro.paginate("listDeployments", { limit })) {
        seen += d.id.length > 0 ? 1 : 0;
        if (seen % limit === 0) onPage(seen);
      }
      return seen;
    },
  };
}

export const IMPL_NAMES = ["fetch", "openapi-fetch", "package"];
export const IMPL_LABELS = {
  fetch: "plain fetch + res.json()",
  "openapi-fetch": "openapi-fetch (openapi-typescript types)",
  package: "astro-platform-client",
};

/** Checks each client's answers once before timing (a wrong answer is a real error). */
export async function sanityCheck(name, impl, createBody, version = "v1beta1") {
  const fail = (what) => {
    throw new Error(`${name}: ${what}`);
  };
  const d = await impl.get();
  if (d?.id !== DEPLOYMENT_ID) fail(`getDeployment returned id ${d?.id}`);
  for (const n of [100, 1000]) {
    const p = await impl.list(n, 0);
    if (p?.deployments?.length !== n || p.totalCount !== 10000) fail(`listDeployments(limit ${n}) returned ${p?.deployments?.length} items`);
  }
  if (version === "v1") {
    if (typeof d.uiUrl !== "string" || typeof d.astroRuntimeVersion !== "string") fail("getDeployment did not return a v1 Deployment");
    return;
  }
  const c = await impl.create(createBody);
  if (c?.status !== "CREATING" || c?.name !== createBody.name) fail(`createDeployment returned ${JSON.stringify(c)?.slice(0, 200)}`);
}
