// Fixed-body server for the benchmark: a separate node:http process serving pre-serialized
// response bodies (built once at start), so the server's cost per request is constant and the
// same for every client measured. Also serves the browser harness and the libraries' files on the
// same origin (no CORS, no preflight in the browser measurements).
//
//   node server.mjs [--port 0] [--pkg-dir DIR]
// Prints `bench-server listening on http://127.0.0.1:<port>` once ready.
//
// API, under /platform/v1beta1 (v1beta1 Deployments, fixtures.mjs `deployment`) and under /v1
// (v1 Deployments, `deploymentV1`, for the package's v1 entry):
//   GET  /organizations/{org}/deployments/{id}          -> one Deployment
//   GET  /organizations/{org}/deployments?offset&limit  -> a slice of a fixed list of 10,000
//        (pre-serialized for limit 100 and 1000 at every multiple offset; other slices are
//         serialized on demand from pre-serialized items)
//   POST /organizations/{org}/deployments               -> body read fully, fixed created Deployment
//                                                          (v1beta1 only)
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ORG_ID, TOTAL, deployment, deploymentV1, createdDeployment } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt("--port", "0"));
const pkgDir = opt("--pkg-dir", path.join(here, "node_modules", "astro-platform-client"));

// ---- pre-serialized bodies, per API version
function bodies(make) {
  const items = [];
  for (let i = 0; i < TOTAL; i++) items.push(JSON.stringify(make(i)));
  const pageText = (offset, limit) =>
    `{"deployments":[${items.slice(offset, offset + limit).join(",")}],"limit":${limit},"offset":${offset},"totalCount":${TOTAL}}`;
  const pages = new Map();
  for (const limit of [100, 1000]) {
    for (let offset = 0; offset < TOTAL; offset += limit) pages.set(`${offset}:${limit}`, Buffer.from(pageText(offset, limit)));
  }
  return { single: Buffer.from(items[0]), pages, pageText };
}
const APIS = [
  { prefix: "/platform/v1beta1/organizations/", ...bodies(deployment), created: Buffer.from(JSON.stringify(createdDeployment())) },
  { prefix: "/v1/organizations/", ...bodies(deploymentV1), created: null },
];
const notFound = Buffer.from(JSON.stringify({ message: "not found", statusCode: 404, requestId: "bench" }));

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".cjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json" };

// static roots (files read per request: they are only used outside the timed browser loops,
// except cold start, where reading from disk is part of what a browser pays anyway)
const staticRoots = {
  "/bench/": here,
  "/vendor/openapi-fetch/": path.join(here, "node_modules", "openapi-fetch", "dist"),
  "/vendor/astro/": pkgDir,
};
// extra package builds for bench/compare-browser.mjs: --variant name=/path/to/dir (repeatable),
// served at /variants/<name>/
for (let i = 0; i < args.length; i++) {
  if (args[i] !== "--variant") continue;
  const [name, dir] = args[i + 1].split("=");
  staticRoots[`/variants/${name}/`] = dir;
}

function sendJson(res, status, buf) {
  res.writeHead(status, { "content-type": "application/json", "content-length": buf.length, "x-request-id": "bench" });
  res.end(buf);
}

function serveStatic(req, res, pathname) {
  for (const [prefix, root] of Object.entries(staticRoots)) {
    if (!pathname.startsWith(prefix)) continue;
    const rel = decodeURIComponent(pathname.slice(prefix.length)) || "index.html";
    const file = path.resolve(root, rel);
    if (!file.startsWith(path.resolve(root) + path.sep)) break;
    fs.readFile(file, (err, data) => {
      if (err) return sendJson(res, 404, notFound);
      res.writeHead(200, { "content-type": MIME[path.extname(file)] ?? "application/octet-stream", "content-length": data.length, "cache-control": "no-store" });
      res.end(data);
    });
    return true;
  }
  return false;
}

const server = http.createServer((req, res) => {
  const url = req.url;
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  const api = APIS.find((a) => pathname.startsWith(a.prefix));
  if (api) {
    const rest = pathname.slice(api.prefix.length).split("/"); // [org, "deployments", id?]
    if (rest[0] !== ORG_ID || rest[1] !== "deployments") return sendJson(res, 404, notFound);
    if (req.method === "GET" && rest.length === 3) return sendJson(res, 200, api.single);
    if (req.method === "GET" && rest.length === 2) {
      const params = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
      const offset = Number(params.get("offset") ?? 0);
      const limit = Number(params.get("limit") ?? 20);
      const buf = api.pages.get(`${offset}:${limit}`) ?? Buffer.from(api.pageText(offset, limit));
      return sendJson(res, 200, buf);
    }
    if (req.method === "POST" && rest.length === 2 && api.created) {
      req.on("data", () => {});
      req.on("end", () => sendJson(res, 200, api.created));
      return;
    }
    return sendJson(res, 404, notFound);
  }
  if (req.method === "GET" && serveStatic(req, res, pathname)) return;
  sendJson(res, 404, notFound);
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`bench-server listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
