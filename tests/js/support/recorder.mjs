// A recording loopback HTTP server: it records every request (method, path, raw query, headers,
// body) and answers with scripted responses, in order. Unscripted requests get a 599 JSON error
// so that a test never passes by accident on an unexpected request.
import http from "node:http";

/**
 * A scripted response is an object:
 *   { status = 200, headers = {}, json?: any, body?: string, delayMs?: number,
 *     hang?: boolean (never answer), destroy?: boolean (close the socket, no response),
 *     handler?: (res, req) => void (write the response by hand) }
 * or a function (recordedRequest) => such an object.
 */
export async function startRecorder({ host = "127.0.0.1" } = {}) {
  const requests = [];
  const script = [];
  const waiters = [];
  const sockets = new Set();
  let fallback = null;

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const target = req.url ?? "/";
      const q = target.indexOf("?");
      const record = {
        method: req.method,
        path: q === -1 ? target : target.slice(0, q),
        rawQuery: q === -1 ? "" : target.slice(q + 1),
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      record.query = new URLSearchParams(record.rawQuery);
      requests.push(record);
      for (const w of waiters.splice(0)) w();

      let step = script.length > 0 ? script.shift() : fallback;
      if (typeof step === "function") step = step(record);
      if (!step) {
        step = {
          status: 599,
          json: { message: `recorder: no scripted response for ${req.method} ${target}`, requestId: "rec-none", statusCode: 599 },
        };
      }
      if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
      if (step.hang) return; // never answer; the socket is destroyed on close()
      if (step.handler) {
        step.handler(res, req);
        return;
      }
      if (step.destroy) {
        req.socket.destroy();
        return;
      }
      const headers = { ...(step.headers ?? {}) };
      let payload = "";
      if (step.json !== undefined) {
        payload = JSON.stringify(step.json);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
          headers["content-type"] = "application/json";
        }
      } else if (step.body !== undefined) {
        payload = step.body;
      }
      res.writeHead(step.status ?? 200, headers);
      res.end(payload);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address();
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const origin = `http://${hostPart}:${port}`;

  return {
    origin,
    port,
    baseUrl: `${origin}/platform/v1beta1`,
    requests,
    /** Queue scripted responses (answered in order). */
    reply(...steps) {
      script.push(...steps);
    },
    /** Response used when the queue is empty. */
    setFallback(step) {
      fallback = step;
    },
    pending() {
      return script.length;
    },
    /** Resolves when at least n requests have been received. */
    async waitForRequests(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`recorder: waited for ${n} requests, saw ${requests.length}`);
        await new Promise((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    clear() {
      requests.length = 0;
      script.length = 0;
      fallback = null;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
}

/** A port on loopback where nothing listens (connection refused). */
export async function closedPort() {
  const server = http.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
