// Loopback HTTP servers for the hostile suites: a recording server that answers every operation
// with a valid fixture, and a scripted server whose next responses a test chooses.
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./pkg.mjs";

const FIXTURES = path.join(ROOT, "tests/fixtures/responses");

/** [method, path regex, operation] for the 20 operations under /platform/v1beta1. */
const ROUTES = [
  ["GET", /^\/organizations$/, "listOrganizations"],
  ["GET", /^\/organizations\/[^/]+$/, "getOrganization"],
  ["POST", /^\/organizations\/[^/]+$/, "updateOrganization"],
  ["GET", /^\/organizations\/[^/]+\/clusters$/, "listClusters"],
  ["POST", /^\/organizations\/[^/]+\/clusters$/, "createCluster"],
  ["GET", /^\/organizations\/[^/]+\/clusters\/[^/]+$/, "getCluster"],
  ["POST", /^\/organizations\/[^/]+\/clusters\/[^/]+$/, "updateCluster"],
  ["DELETE", /^\/organizations\/[^/]+\/clusters\/[^/]+$/, "deleteCluster"],
  ["GET", /^\/organizations\/[^/]+\/cluster-options$/, "getClusterOptions"],
  ["GET", /^\/organizations\/[^/]+\/deployment-options$/, "getDeploymentOptions"],
  ["GET", /^\/organizations\/[^/]+\/workspaces$/, "listWorkspaces"],
  ["POST", /^\/organizations\/[^/]+\/workspaces$/, "createWorkspace"],
  ["GET", /^\/organizations\/[^/]+\/workspaces\/[^/]+$/, "getWorkspace"],
  ["POST", /^\/organizations\/[^/]+\/workspaces\/[^/]+$/, "updateWorkspace"],
  ["DELETE", /^\/organizations\/[^/]+\/workspaces\/[^/]+$/, "deleteWorkspace"],
  ["GET", /^\/organizations\/[^/]+\/deployments$/, "listDeployments"],
  ["POST", /^\/organizations\/[^/]+\/deployments$/, "createDeployment"],
  ["GET", /^\/organizations\/[^/]+\/deployments\/[^/]+$/, "getDeployment"],
  ["POST", /^\/organizations\/[^/]+\/deployments\/[^/]+$/, "updateDeployment"],
  ["DELETE", /^\/organizations\/[^/]+\/deployments\/[^/]+$/, "deleteDeployment"],
];

export function fixture(op) {
  return readFileSync(path.join(FIXTURES, `${op}.json`), "utf8");
}

/** Which operation a request is, or undefined. */
export function routeOf(method, url) {
  const p = new URL(url, "http://x").pathname.replace(/^\/platform\/v1beta1/, "");
  const hit = ROUTES.find(([m, re]) => m === method && re.test(p));
  return hit && hit[2];
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    resolve(`http://127.0.0.1:${port}/platform/v1beta1`);
  }));
}

function close(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Answers every known operation with its fixture (204 for deletes) and records each request
 * (method, url, operation, headers, body).
 */
export async function startRecordingServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const op = routeOf(req.method, req.url);
      requests.push({ method: req.method, url: req.url, op, headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8") });
      if (!op) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "no such route", requestId: "rec-404", statusCode: 404 }));
      } else if (req.method === "DELETE") {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { "content-type": "application/json", "x-request-id": "rec-1" });
        res.end(fixture(op));
      }
    });
  });
  const baseUrl = await listen(server);
  return { baseUrl, requests, close: () => close(server) };
}

/**
 * A server whose behaviour per request is `handler(req, res, socket)`; tests swap the handler.
 * Records the requests it saw. The default handler answers listOrganizations normally.
 */
export async function startScriptedServer() {
  const state = { requests: [], handler: null };
  const normal = (req, res) => {
    const op = routeOf(req.method, req.url);
    if (req.method === "DELETE") { res.writeHead(204); res.end(); return; }
    res.writeHead(op ? 200 : 404, { "content-type": "application/json" });
    res.end(op ? fixture(op) : JSON.stringify({ message: "no route", requestId: "s-404", statusCode: 404 }));
  };
  const server = http.createServer((req, res) => {
    state.requests.push({ method: req.method, url: req.url });
    req.resume();
    const h = state.handler || normal;
    state.handler = null; // one-shot: the next request is answered normally
    h(req, res, req.socket);
  });
  const baseUrl = await listen(server);
  return {
    baseUrl, server, state,
    /** Serve the next request with `h`; later ones normally. */
    next(h) { state.handler = h; },
    close: () => close(server),
  };
}
