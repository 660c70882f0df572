// Hostile servers and proxies: a scripted loopback server answers with huge, deep, broken,
// mislabelled or cut-off responses. Each must become AstroDecodeError or AstroNetworkError with
// a message that says what came back, oversized bodies must be refused without reading them
// all, and the next call on the same client must work.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadEsm } from "./lib/pkg.mjs";
import { startScriptedServer, fixture } from "./lib/servers.mjs";

const { AstroClient, AstroError, AstroDecodeError, AstroNetworkError, AstroApiError } = await loadEsm();

const MiB = 1024 * 1024;
// Known gaps of the package (reported to the wasm layer's owner): those cases run as `todo`
// tests - reported (✖ ... # TODO) without failing the run. HOSTILE_STRICT=1 makes them ordinary.
const STRICT = process.env.HOSTILE_STRICT === "1";
const TOKEN = "hostile-server-token-7a7a";
let srv;
before(async () => { srv = await startScriptedServer(); });
after(async () => { await srv?.close(); });

function client(extra = {}) {
  return new AstroClient({ token: TOKEN, baseUrl: srv.baseUrl, maxRetries: 0, timeoutMs: 20_000, ...extra });
}

async function settle(p) {
  try { return { value: await p }; } catch (error) { return { error }; }
}

function preview(v) {
  try { return String(JSON.stringify(v)).slice(0, 200); } catch (e) { return `(unprintable: ${e.message})`; }
}

function describeError(e) {
  return e ? `${e.name}: ${String(e.message).slice(0, 300)}` : "no error";
}

/** The call after a hostile response must work on the same client. */
async function assertNextCallWorks(c, label) {
  const page = await settle(c.listOrganizations());
  assert.ok(!page.error, `${label}: the next call failed: ${describeError(page.error)}`);
  assert.deepEqual(page.value.organizations.map((o) => o.id), JSON.parse(fixture("listOrganizations")).organizations.map((o) => o.id),
    `${label}: the next call returned something else`);
}

function assertUsefulError(r, { classes, message, status }, label) {
  const e = r.error;
  assert.ok(e, `${label}: resolved with ${preview(r.value)} instead of rejecting`);
  assert.ok(e instanceof AstroError, `${label}: rejected with a non-Astro error: ${describeError(e)}`);
  assert.ok(classes.some((C) => e instanceof C), `${label}: ${describeError(e)} is not ${classes.map((C) => C.name).join(" or ")}`);
  assert.equal(e.operation, "listOrganizations", `${label}: operation = ${e.operation}`);
  if (status !== undefined && e instanceof AstroDecodeError) assert.equal(e.status, status, `${label}: status`);
  assert.match(String(e.message), message, `${label}: the message does not say what came back: ${describeError(e)}`);
  assert.ok(String(e.message).length < 4000, `${label}: the message is ${e.message.length} characters long (dumps the body?)`);
  assert.ok(!String(e.message).includes(TOKEN), `${label}: the message contains the token`);
}

// ------------------------------------------------------------------ malformed / mislabelled

const orgs = () => fixture("listOrganizations");
const invalidUtf8Body = () => {
  const text = orgs();
  const i = text.indexOf("My organization");
  return Buffer.concat([Buffer.from(text.slice(0, i)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(text.slice(i))]);
};
const DEEP = 100_000;

const CASES = [
  {
    label: "200 with an HTML login page",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!DOCTYPE html><html><head><title>Sign in - Corporate SSO</title></head><body>"
        + "<form method=post action=/login><input name=user><input type=password name=pw></form></body></html>");
    },
    expect: { classes: [AstroDecodeError], message: /html/i, status: 200 },
  },
  {
    label: "200 with XML (wrong content type)",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end('<?xml version="1.0"?><organizations><organization id="x"/></organizations>');
    },
    expect: { classes: [AstroDecodeError], message: /xml/i, status: 200 },
  },
  {
    label: "200 JSON of the wrong shape (organizations is a string)",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ organizations: "none", limit: 10, offset: 0, totalCount: 1 }));
    },
    expect: { classes: [AstroDecodeError], message: /organizations/, status: 200 },
  },
  {
    label: "200 JSON of the wrong shape (an array instead of a page)",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("[1,2,3]");
    },
    expect: { classes: [AstroDecodeError], message: /array|sequence|object|map|expected/i, status: 200 },
  },
  {
    label: "200 JSON missing required fields of an item",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ organizations: [{ name: "no id" }], limit: 10, offset: 0, totalCount: 1 }));
    },
    expect: { classes: [AstroDecodeError], message: /id|missing|required/i, status: 200 },
  },
  {
    label: `200 JSON nested ${DEEP} arrays deep`,
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"organizations":${"[".repeat(DEEP)}${"]".repeat(DEEP)},"limit":1,"offset":0,"totalCount":1}`);
    },
    expect: { classes: [AstroDecodeError], message: /depth|nest|recursion|deep|sequence|array/i, status: 200 },
  },
  {
    label: `200 JSON nested ${DEEP} objects deep in an unknown field`,
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const body = JSON.parse(orgs());
      const text = JSON.stringify(body).slice(0, -1) + `,"extra":${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}}`;
      res.end(text);
    },
    expect: { classes: [AstroDecodeError], message: /depth|nest|recursion|deep/i, status: 200 },
  },
  {
    label: "200 with invalid UTF-8 bytes inside a string",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(invalidUtf8Body());
    },
    expect: { classes: [AstroDecodeError], message: /utf-?8/i, status: 200 },
  },
  {
    label: "200 with an empty body",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end();
    },
    expect: { classes: [AstroDecodeError], message: /empty|EOF|end of|no body/i, status: 200 },
  },
  {
    label: "200 with the JSON text null",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("null");
    },
    expect: { classes: [AstroDecodeError], message: /null|expected|object|map/i, status: 200 },
  },
  {
    label: "200 with invalid JSON",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"organizations": [ {"id": "x", ');
    },
    expect: { classes: [AstroDecodeError], message: /EOF|end|invalid|json|parse|expected/i, status: 200 },
  },
  {
    label: "204 with no body for a list call",
    respond: (req, res) => { res.writeHead(204); res.end(); },
    expect: { classes: [AstroDecodeError], message: /204|empty|no content|no body/i, status: 204 },
  },
  {
    label: "body cut off mid-stream (Content-Length, socket destroyed)",
    respond: (req, res, socket) => {
      const body = Buffer.from(orgs());
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => socket.destroy(), 20));
    },
    expect: { classes: [AstroNetworkError, AstroDecodeError], message: /terminat|clos|reset|incomplete|truncat|ended|EOF|premature|abort|socket|body/i },
  },
  {
    label: "body cut off mid-stream (chunked, socket destroyed)",
    respond: (req, res, socket) => {
      const body = Buffer.from(orgs());
      res.writeHead(200, { "content-type": "application/json" });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => socket.destroy(), 20));
    },
    expect: { classes: [AstroNetworkError, AstroDecodeError], message: /terminat|clos|reset|incomplete|truncat|ended|EOF|premature|abort|socket|body/i },
  },
  {
    label: "connection closed with no response at all",
    respond: (req, res, socket) => { socket.destroy(); },
    expect: { classes: [AstroNetworkError], message: /terminat|clos|reset|socket|network|fetch|connect|hang/i },
  },
  {
    label: "a response that is not HTTP",
    respond: (req, res, socket) => { socket.end("SSH-2.0-OpenSSH_9.2\r\n\r\nnot http at all\r\n"); },
    // says that what came back is not an HTTP response (Node: "Response does not match the
    // HTTP/1.1 protocol (Expected HTTP/)")
    expect: { classes: [AstroNetworkError], message: /HTTP\/1\.1 protocol|Expected HTTP|not (an? )?HTTP|invalid (HTTP )?response|malformed|parse error/i },
  },
  {
    label: "Content-Encoding gzip with bytes that are not gzip",
    respond: (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(Buffer.from("this is not gzip data at all, just text pretending"));
    },
    expect: { classes: [AstroNetworkError, AstroDecodeError], message: /gzip|decompress|encod|header|terminat|invalid|incorrect|zlib|body/i },
  },
];

for (const c of CASES) {
  const opts = c.gap && !STRICT ? { todo: c.gap } : {};
  test(`hostile server: ${c.label} -> ${c.expect.classes.map((C) => C.name).join("/")}, then the next call works`, opts, async () => {
    const api = client();
    srv.next(c.respond);
    const r = await settle(api.listOrganizations());
    assertUsefulError(r, c.expect, c.label);
    await assertNextCallWorks(api, c.label);
  });
}

test("hostile server: a 500 whose body is nested 100,000 levels deep -> AstroApiError (no stack overflow), then the next call works", async () => {
  const api = client();
  srv.next((req, res) => {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(`{"message":${"[".repeat(DEEP)}${"]".repeat(DEEP)},"requestId":"r","statusCode":500}`);
  });
  const r = await settle(api.listOrganizations());
  assert.ok(r.error instanceof AstroApiError || r.error instanceof AstroDecodeError, `got ${describeError(r.error)}`);
  assert.equal(r.error.status, 500);
  await assertNextCallWorks(api, "deep 500");
});

// ------------------------------------------------------------------ oversized bodies

/**
 * A handler streaming about `total` bytes: `prefix`, then 64 KiB runs of spaces, then `suffix`
 * (by default a JSON array of spaces), with backpressure. `stats` tells how much was written and
 * whether the client closed the connection before everything was sent. `contentLength`: `true`
 * sends the exact length, a number sends that (lying) value.
 */
function hugeBody(total, { contentLength, prefix = "[", suffix = "]" } = {}) {
  const CHUNK = 64 * 1024;
  const chunks = Math.ceil((total - prefix.length - suffix.length) / CHUNK);
  const exact = Buffer.byteLength(prefix) + chunks * CHUNK + Buffer.byteLength(suffix);
  const stats = { total: exact, written: 0, closedEarly: false, finished: false };
  let resolveClosed;
  stats.closed = new Promise((r) => { resolveClosed = r; });
  const respond = (req, res, socket) => {
    const head = { "content-type": "application/json" };
    if (contentLength === true) head["content-length"] = String(exact);
    else if (contentLength !== undefined) head["content-length"] = String(contentLength);
    res.writeHead(200, head);
    socket.on("close", () => { if (!stats.finished) stats.closedEarly = true; resolveClosed(); });
    const chunk = Buffer.alloc(CHUNK, 0x20);
    res.write(prefix);
    stats.written = Buffer.byteLength(prefix);
    let sent = 0;
    const pump = () => {
      while (!res.destroyed && sent < chunks) {
        const ok = res.write(chunk);
        sent++;
        stats.written += CHUNK;
        if (!ok) { res.once("drain", pump); return; }
      }
      if (res.destroyed) return;
      stats.finished = true;
      stats.written += Buffer.byteLength(suffix);
      res.end(suffix);
    };
    pump();
  };
  return { respond, stats };
}

async function waitClosed(stats, ms = 10_000) {
  let timer;
  const t = new Promise((r) => { timer = setTimeout(() => r("timeout"), ms); });
  const v = await Promise.race([stats.closed.then(() => "closed"), t]);
  clearTimeout(timer);
  return v;
}

const TOO_BIG = /maxResponseBytes|too large|larger|exceed|limit/i;

test("oversized: a 40 MiB streamed body without Content-Length is refused at the default 32 MiB limit, the client closes before the server sent it all", async () => {
  const api = client();
  const { respond, stats } = hugeBody(40 * MiB);
  srv.next(respond);
  const r = await settle(api.listOrganizations());
  assertUsefulError(r, { classes: [AstroDecodeError, AstroNetworkError], message: TOO_BIG }, "40 MiB streamed");
  assert.equal(await waitClosed(stats), "closed", "the client never closed the connection (it kept it open or is still reading)");
  assert.ok(stats.closedEarly, `the server finished sending all ${stats.total} bytes: the body was read to the end`);
  assert.ok(stats.written < stats.total, `written ${stats.written} of ${stats.total}`);
  await assertNextCallWorks(api, "40 MiB streamed");
});

test("oversized: maxResponseBytes = 1 MiB refuses a 40 MiB stream after reading little of it", async () => {
  const api = client({ maxResponseBytes: MiB });
  const { respond, stats } = hugeBody(40 * MiB);
  srv.next(respond);
  const r = await settle(api.listOrganizations());
  assertUsefulError(r, { classes: [AstroDecodeError, AstroNetworkError], message: TOO_BIG }, "1 MiB limit");
  assert.equal(await waitClosed(stats), "closed", "the client never closed the connection");
  assert.ok(stats.written < 20 * MiB, `the server wrote ${(stats.written / MiB).toFixed(1)} MiB before the client closed`);
  await assertNextCallWorks(api, "1 MiB limit");
});

test("oversized: an honest Content-Length of 40 MiB is refused (without waiting for the body)", async () => {
  const api = client();
  const { respond, stats } = hugeBody(40 * MiB, { contentLength: true });
  srv.next(respond);
  const r = await settle(api.listOrganizations());
  assertUsefulError(r, { classes: [AstroDecodeError, AstroNetworkError], message: TOO_BIG }, "Content-Length 40 MiB");
  assert.equal(await waitClosed(stats), "closed", "the client never closed the connection");
  assert.ok(stats.closedEarly, "the whole body was sent");
  await assertNextCallWorks(api, "Content-Length 40 MiB");
});

test("oversized: a Content-Length claiming 40 MiB on a server that then stalls is refused at once (not a timeout)", async () => {
  const api = client({ timeoutMs: 15_000 });
  srv.next((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(40 * MiB) });
    res.write("[");
    // ... and never sends more.
  });
  const r = await settle(api.listOrganizations());
  assertUsefulError(r, { classes: [AstroDecodeError, AstroNetworkError], message: TOO_BIG }, "lying 40 MiB Content-Length");
  await assertNextCallWorks(api, "lying 40 MiB Content-Length");
});

test("oversized: a lying small Content-Length followed by a 40 MiB stream is rejected, the client does not read the flood", async () => {
  const api = client();
  const stats = { written: 0, closedEarly: false, finished: false };
  let resolveClosed;
  stats.closed = new Promise((r) => { resolveClosed = r; });
  const total = 40 * MiB;
  srv.next((req, res, socket) => {
    // Raw bytes: the header says 64 bytes, then the server floods the connection.
    socket.on("close", () => { if (!stats.finished) stats.closedEarly = true; resolveClosed(); });
    socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 64\r\n\r\n");
    const chunk = Buffer.alloc(64 * 1024, 0x5b); // "[[[[..."
    const pump = () => {
      while (!socket.destroyed && stats.written < total) {
        const ok = socket.write(chunk);
        stats.written += chunk.length;
        if (!ok) { socket.once("drain", pump); return; }
      }
      if (!socket.destroyed) { stats.finished = true; socket.end(); }
    };
    pump();
  });
  const r = await settle(api.listOrganizations());
  // says what came back: the 64 bytes the header announced are not JSON (and shows them), or the
  // connection broke off
  assertUsefulError(r, { classes: [AstroDecodeError, AstroNetworkError], message: /not valid JSON.*\[\[\[\[|terminat|other side closed|content-length/i }, "lying small Content-Length");
  assert.equal(await waitClosed(stats), "closed", "the client never closed the flooded connection");
  assert.ok(stats.closedEarly, "the client read the whole 40 MiB flood");
  await assertNextCallWorks(api, "lying small Content-Length");
});

test("control: the same 40 MiB of (whitespace-padded, valid) JSON is accepted with maxResponseBytes = 64 MiB", async () => {
  const api = client({ maxResponseBytes: 64 * MiB });
  const body = orgs().trimEnd();
  const { respond, stats } = hugeBody(40 * MiB, { prefix: body, suffix: "" });
  srv.next(respond);
  const r = await settle(api.listOrganizations());
  assert.ok(!r.error, `rejected: ${describeError(r.error)}`);
  assert.ok(stats.finished, "the server did not send everything");
  assert.equal(r.value.organizations.length, JSON.parse(body).organizations.length);
});
