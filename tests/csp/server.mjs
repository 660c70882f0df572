// A small static server for the CSP test: tests/csp/ at "/", the package's dist/ at "/pkg/dist/",
// tests/js/support/ (the shared calls, exercise.mjs) at "/support/", every response carrying the
// strict policy. The page calls the emulator cross-origin (CORS).
import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

export const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".cjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain" };

/**
 * Serves `pageDir` at /, `distDir` at /pkg/dist/ and `supportDir` (if given) at /support/ on
 * 127.0.0.1:<ephemeral>; resolves to {origin, close}.
 */
export function startCspServer({ pageDir, distDir, supportDir, csp = CSP }) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    let root = pageDir;
    let rel = pathname === "/" ? "index.html" : pathname.slice(1);
    if (pathname.startsWith("/pkg/dist/")) { root = distDir; rel = pathname.slice("/pkg/dist/".length); }
    else if (supportDir && pathname.startsWith("/support/")) { root = supportDir; rel = pathname.slice("/support/".length); }
    const file = path.resolve(root, decodeURIComponent(rel));
    const headers = { "content-security-policy": csp, "cache-control": "no-store" };
    if (!file.startsWith(path.resolve(root) + path.sep)) { res.writeHead(403, headers); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}
