// Every failure maps to its error class and fields; nothing leaks the token.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  AstroClient,
  AstroError,
  AstroApiError,
  AstroValidationError,
  AstroNetworkError,
  AstroTimeoutError,
  AstroDecodeError,
  AstroWaitError,
} from "astro-platform-client";
import { startRecorder, closedPort } from "./support/recorder.mjs";
import * as F from "./support/fixtures.mjs";

const { TOKEN, ORG } = F;
let rec;

before(async () => {
  rec = await startRecorder();
});
after(async () => rec?.close());
beforeEach(() => rec.clear());

function client(extra = {}) {
  return new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, maxRetries: 0, ...extra });
}

function assertNoToken(err, label) {
  const text = F.everythingIn(err);
  assert.ok(!text.includes(TOKEN), `${label}: the token appears in the error: ${text.slice(0, 500)}`);
  assert.ok(!text.includes(TOKEN.slice(6)), `${label}: part of the token appears in the error`);
}

function assertErrorShape(err, Cls, name) {
  assert.ok(err instanceof Cls, `expected ${name}, got ${err?.name}: ${err?.message}`);
  assert.ok(err instanceof AstroError, `${name} extends AstroError`);
  assert.ok(err instanceof Error, `${name} is an Error`);
  assert.equal(err.name, name);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0, `${name} has a message`);
  assert.equal(typeof err.stack, "string");
  assertNoToken(err, name);
}

test("error classes form a real hierarchy", () => {
  for (const C of [AstroApiError, AstroValidationError, AstroNetworkError, AstroTimeoutError, AstroDecodeError, AstroWaitError]) {
    assert.equal(typeof C, "function");
    assert.ok(C.prototype instanceof AstroError, `${C.name} extends AstroError`);
    assert.ok(C.prototype instanceof Error);
  }
  assert.ok(AstroError.prototype instanceof Error);
});

const jsonErrors = [
  [400, "getWorkspace", { workspaceId: "ws-1" }, "Invalid request: limit must be <= 1000"],
  [401, "getWorkspace", { workspaceId: "ws-1" }, "Unauthorized: the token is invalid or expired"],
  [403, "listDeployments", {}, "Forbidden: this token cannot access the organization"],
  [404, "getDeployment", { deploymentId: "missing" }, "Deployment missing not found"],
  [412, "createCluster", { ...F.createAwsCluster }, "Precondition failed: the organization has no cloud provider account"],
  [500, "updateWorkspace", { workspaceId: "ws-1", name: "n", description: "d", cicdEnforcedDefault: true }, "Internal server error"],
];

for (const [status, op, input, message] of jsonErrors) {
  test(`${status} JSON error on ${op} -> AstroApiError with status, message, requestId, body, operation`, async () => {
    const errBody = F.apiError(status, message, `req-${status}-xyz`);
    rec.reply({ status, json: errBody, headers: { "x-request-id": `req-${status}-xyz` } });
    const err = await client()[op](input).then(
      () => assert.fail("should reject"),
      (e) => e,
    );
    assertErrorShape(err, AstroApiError, "AstroApiError");
    assert.equal(err.status, status);
    assert.ok(err.message.includes(message), `message carries the server's message: ${err.message}`);
    assert.equal(err.requestId, `req-${status}-xyz`);
    assert.equal(err.operation, op);
    const body = typeof err.body === "string" ? JSON.parse(err.body) : err.body;
    assert.deepEqual(body, errBody, "body is what the server sent");
    assert.equal(err.attempts, 1);
    assert.equal(rec.requests.length, 1);
  });
}

test("500 on a GET is retried (default 2 retries), then AstroApiError with attempts = 3", async () => {
  for (let i = 0; i < 3; i++) rec.reply({ status: 500, json: F.apiError(500, `boom ${i}`, `req-${i}`) });
  const err = await new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG }).getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assertErrorShape(err, AstroApiError, "AstroApiError");
  assert.equal(err.status, 500);
  assert.equal(err.attempts, 3);
  assert.equal(err.requestId, "req-2", "the last attempt's requestId");
  assert.equal(rec.requests.length, 3);
});

test("502 with an HTML body -> AstroApiError whose message says what came back", async () => {
  const html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
  rec.reply({ status: 502, body: html, headers: { "content-type": "text/html" } });
  const err = await client().getWorkspace({ workspaceId: "ws-1" }).catch((e) => e);
  assertErrorShape(err, AstroApiError, "AstroApiError");
  assert.equal(err.status, 502);
  assert.equal(err.operation, "getWorkspace");
  assert.match(err.message, /502/);
  assert.match(err.message, /html/i, `message says an HTML page came back: ${err.message}`);
  assert.equal(err.requestId ?? undefined, undefined);
  assert.ok(typeof err.body === "string" && err.body.includes("Bad Gateway"), "raw body kept");
});

test("connection refused -> AstroNetworkError (after the GET retries)", async () => {
  const port = await closedPort();
  const c = new AstroClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}/platform/v1beta1`, organizationId: ORG, maxRetries: 1 });
  const err = await c.listWorkspaces({}).catch((e) => e);
  assertErrorShape(err, AstroNetworkError, "AstroNetworkError");
  assert.equal(err.operation, "listWorkspaces");
  assert.equal(err.attempts, 2);
});

test("timeout: server never answers -> AstroTimeoutError with timeoutMs", async () => {
  rec.setFallback({ hang: true });
  const started = Date.now();
  const err = await client({ timeoutMs: 300 }).getWorkspace({ workspaceId: "ws-1" }).catch((e) => e);
  const elapsed = Date.now() - started;
  assertErrorShape(err, AstroTimeoutError, "AstroTimeoutError");
  assert.equal(err.timeoutMs, 300);
  assert.equal(err.operation, "getWorkspace");
  assert.equal(err.attempts, 1);
  assert.ok(elapsed >= 250 && elapsed < 5000, `timed out after ${elapsed} ms`);
  assert.equal(rec.requests.length, 1);
});

test("per-call timeoutMs overrides the client's", async () => {
  rec.setFallback({ hang: true });
  const err = await client({ timeoutMs: 60000 }).getWorkspace({ workspaceId: "ws-1" }, { timeoutMs: 200 }).catch((e) => e);
  assertErrorShape(err, AstroTimeoutError, "AstroTimeoutError");
  assert.equal(err.timeoutMs, 200);
});

test("abort mid-request rejects with signal.reason (AbortError DOMException by default)", async () => {
  rec.setFallback({ hang: true });
  const ac = new AbortController();
  const p = client().getWorkspace({ workspaceId: "ws-1" }, { signal: ac.signal });
  await rec.waitForRequests(1);
  ac.abort();
  const err = await p.catch((e) => e);
  assert.equal(err, ac.signal.reason, "rejects with the signal's reason itself");
  assert.ok(err instanceof DOMException);
  assert.equal(err.name, "AbortError");
  assert.equal(rec.requests.length, 1);
});

test("abort with a custom reason passes the reason through", async () => {
  rec.setFallback({ hang: true });
  const ac = new AbortController();
  const reason = new Error("user navigated away");
  const p = client().createWorkspace({ name: "x" }, { signal: ac.signal });
  await rec.waitForRequests(1);
  ac.abort(reason);
  const err = await p.catch((e) => e);
  assert.equal(err, reason);
});

test("an already-aborted signal rejects with its reason and sends nothing", async () => {
  const reason = { custom: "reason object" };
  const err = await client().listWorkspaces({}, { signal: AbortSignal.abort(reason) }).catch((e) => e);
  assert.equal(err, reason);
  assert.equal(rec.requests.length, 0);
});

test("validation failure sends nothing -> AstroValidationError with issues {path, rule, message}", async () => {
  const c = client();
  const cases = [
    ["createWorkspace", {}, [["name", "required"]]],
    ["createWorkspace", { name: "x".repeat(51) }, [["name", "maxLength"]]],
    ["createWorkspace", { name: 42 }, [["name", "type"]]],
    ["createWorkspace", { name: "ok", colour: "blue" }, [["colour", "unknownField"]]],
    ["createDeployment", { ...F.createDedicatedDeployment, schedulerSize: "HUGE" }, [["schedulerSize", "enum"]]],
    ["createDeployment", { ...F.createDedicatedDeployment, executor: "CELERI" }, [["executor", "enum"]]],
    ["createDeployment", { ...F.createDedicatedDeployment, workerQueues: [] }, [["workerQueues", "minItems"]]],
    ["createDeployment", { ...F.createDedicatedDeployment, workerQueues: [F.workerQueue, { ...F.workerQueue, name: "q".repeat(64) }] }, [["workerQueues[1].name", "maxLength"]]],
    ["createDeployment", { ...F.createHybridDeployment, scheduler: { au: 30, replicas: 0 } }, [["scheduler.au", "maximum"], ["scheduler.replicas", "minimum"]]],
    ["createDeployment", (({ type, ...rest }) => rest)(F.createDedicatedDeployment), [["type", "variant"]]],
    ["createCluster", { ...F.createAwsCluster, workspaceIds: ["a", "a"] }, [["workspaceIds[1]", "uniqueItems"]]],
    ["createCluster", (({ podSubnetRange, ...rest }) => rest)(F.createGcpCluster), [["podSubnetRange", "required"]]],
    ["getWorkspace", { workspaceId: ".." }, [["workspaceId", "pathSegment"]]],
    ["getWorkspace", { workspaceId: "" }, [["workspaceId", "pathSegment"]]],
    ["listWorkspaces", { limit: 1001 }, [["limit", "maximum"]]],
    ["listClusters", { offset: -1 }, [["offset", "minimum"]]],
    ["listDeployments", { sorts: ["name:up"] }, [["sorts[0]", "enum"]]],
    ["getClusterOptions", {}, [["type", "required"]]],
  ];
  for (const [op, input, expected] of cases) {
    const p = c[op](input);
    assert.ok(p instanceof Promise, `${op}: returns a promise, no synchronous throw`);
    const err = await p.then(
      () => assert.fail(`${op} ${JSON.stringify(input).slice(0, 80)} should reject`),
      (e) => e,
    );
    assertErrorShape(err, AstroValidationError, "AstroValidationError");
    assert.equal(err.operation, op);
    assert.ok(Array.isArray(err.issues) && err.issues.length > 0);
    for (const issue of err.issues) {
      assert.deepEqual(Object.keys(issue).sort(), ["message", "path", "rule"]);
      assert.equal(typeof issue.message, "string");
      assert.ok(issue.message.length > 0);
    }
    for (const [path, rule] of expected) {
      assert.ok(
        err.issues.some((i) => i.path === path && i.rule === rule),
        `${op}: expected issue ${path}/${rule}, got ${JSON.stringify(err.issues)}`,
      );
    }
  }
  assert.equal(rec.requests.length, 0, "nothing was sent");
});

test("all issues are reported, not just the first", async () => {
  const err = await client().createDeployment({ type: "DEDICATED" }).catch((e) => e);
  assertErrorShape(err, AstroValidationError, "AstroValidationError");
  const paths = new Set(err.issues.filter((i) => i.rule === "required").map((i) => i.path));
  for (const p of ["astroRuntimeVersion", "clusterId", "executor", "name", "schedulerSize", "workspaceId"]) {
    assert.ok(paths.has(p), `missing ${p} reported: ${[...paths]}`);
  }
  assert.equal(rec.requests.length, 0);
});

test("200 with an HTML login page -> AstroDecodeError", async () => {
  rec.reply({ status: 200, body: "<!doctype html><html><body><form action='/login'>Sign in</form></body></html>", headers: { "content-type": "text/html; charset=utf-8" } });
  const err = await client().getWorkspace({ workspaceId: "ws-1" }).catch((e) => e);
  assertErrorShape(err, AstroDecodeError, "AstroDecodeError");
  assert.equal(err.status, 200);
  assert.equal(err.operation, "getWorkspace");
  assert.match(err.message, /html|content.type|json/i, `says what came back: ${err.message}`);
});

test("200 with JSON of the wrong shape -> AstroDecodeError, and the next call works", async () => {
  const c = client();
  rec.reply({ status: 200, json: { workspaces: "not-an-array", totalCount: "many" } });
  const err = await c.listWorkspaces({}).catch((e) => e);
  assertErrorShape(err, AstroDecodeError, "AstroDecodeError");
  assert.equal(err.operation, "listWorkspaces");
  rec.reply({ status: 200, json: { id: 17 } });
  const err2 = await c.getWorkspace({ workspaceId: "x" }).catch((e) => e);
  assertErrorShape(err2, AstroDecodeError, "AstroDecodeError");
  rec.reply({ status: 200, body: "{\"id\": \"trunc", headers: { "content-type": "application/json" } });
  const err3 = await c.getWorkspace({ workspaceId: "x" }).catch((e) => e);
  assertErrorShape(err3, AstroDecodeError, "AstroDecodeError");
  rec.reply({ json: F.workspace() });
  assert.deepStrictEqual(await c.getWorkspace({ workspaceId: "x" }), F.workspace());
});

test("plain http:// to a non-loopback host rejects before sending (insecureTransport), not a DNS error", async () => {
  const seen = [];
  const recordingFetch = async (input, init) => {
    seen.push(new Request(input, init).url);
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  for (const baseUrl of ["http://example.invalid/platform/v1beta1", "http://10.0.0.1/platform/v1beta1", "http://127.evil.example/platform/v1beta1"]) {
    const c = new AstroClient({ token: TOKEN, baseUrl, organizationId: ORG, fetch: recordingFetch, maxRetries: 0 });
    const err = await c.listWorkspaces({}).catch((e) => e);
    assertErrorShape(err, AstroValidationError, "AstroValidationError");
    assert.ok(
      err.issues.some((i) => i.path === "baseUrl" && i.rule === "insecureTransport"),
      `${baseUrl}: ${JSON.stringify(err.issues)}`,
    );
  }
  assert.equal(seen.length, 0, "the fetch option was never called");
});

test("plain http:// to a non-loopback host with the global fetch: rejected, and the global fetch is never called", async () => {
  // The client looks the global fetch up at call time: count its calls (and let them through to
  // the real fetch). The control call proves that a client without the fetch option goes through
  // this global fetch to a real server; the refused calls must then add no call and no request.
  const realFetch = globalThis.fetch;
  const calls = [];
  globalThis.fetch = function (...args) {
    calls.push(args[0] instanceof Request ? args[0].url : String(args[0]));
    return realFetch.apply(this, args);
  };
  try {
    rec.reply({ json: F.workspace() });
    const control = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, maxRetries: 0 });
    assert.deepStrictEqual(await control.getWorkspace({ workspaceId: "ws-1" }), F.workspace());
    assert.deepEqual(calls, [`${rec.baseUrl}/organizations/${ORG}/workspaces/ws-1`], "control: the client called the global fetch");
    assert.equal(rec.requests.length, 1, "control: the request reached the server");

    for (const baseUrl of ["http://example.invalid/platform/v1beta1", "http://10.0.0.1/platform/v1beta1", "http://127.evil.example/platform/v1beta1"]) {
      const err = await new AstroClient({ token: TOKEN, baseUrl, organizationId: ORG }).getOrganization({}).catch((e) => e);
      assertErrorShape(err, AstroValidationError, "AstroValidationError");
      assert.ok(err.issues.some((i) => i.path === "baseUrl" && i.rule === "insecureTransport"), `${baseUrl}: ${JSON.stringify(err.issues)}`);
    }
    assert.equal(calls.length, 1, `nothing was sent: the global fetch was called for ${JSON.stringify(calls.slice(1))}`);
    assert.equal(rec.requests.length, 1);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("plain http:// to loopback hosts and https:// anywhere are allowed (custom fetch sees the request)", async () => {
  const seen = [];
  const recordingFetch = async (input, init) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, auth: req.headers.get("authorization") });
    return new Response(JSON.stringify(F.workspace()), { status: 200, headers: { "content-type": "application/json" } });
  };
  const bases = [
    "http://localhost:9/platform/v1beta1",
    "http://127.0.0.2:9/platform/v1beta1",
    "http://[::1]:9/platform/v1beta1",
    "https://api.example.invalid/platform/v1beta1",
  ];
  for (const baseUrl of bases) {
    const c = new AstroClient({ token: TOKEN, baseUrl, organizationId: ORG, fetch: recordingFetch });
    const ws = await c.getWorkspace({ workspaceId: "ws-1" });
    assert.deepStrictEqual(ws, F.workspace());
  }
  assert.deepEqual(
    seen.map((s) => s.url),
    bases.map((b) => `${b}/organizations/${ORG}/workspaces/ws-1`),
  );
  for (const s of seen) assert.equal(s.auth, `Bearer ${TOKEN}`);
});

test("the default baseUrl is the public API over https", async () => {
  const seen = [];
  const c = new AstroClient({
    token: TOKEN,
    organizationId: ORG,
    fetch: async (input, init) => {
      seen.push(new Request(input, init).url);
      return new Response(null, { status: 204 });
    },
  });
  assert.equal(await c.deleteWorkspace({ workspaceId: "w" }), undefined);
  assert.deepEqual(seen, [`https://api.astronomer.io/platform/v1beta1/organizations/${ORG}/workspaces/w`]);
});

test("tokens with CR/LF or non-ASCII characters are rejected at construction, without echoing them", () => {
  for (const bad of ["abc\r\nX-Injected: 1", "abc\ndef", "tökén", "tok\u0000en"]) {
    let thrown;
    try {
      new AstroClient({ token: bad, baseUrl: rec.baseUrl });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof AstroError, `token ${JSON.stringify(bad)} rejected with an AstroError, got ${thrown}`);
    assert.ok(!F.everythingIn(thrown).includes(bad), "the bad token is not echoed");
  }
});

// pkg/README: "If `tokenProvider` throws or rejects, the call rejects with that same error and
// nothing is sent."
for (const [how, make] of [
  ["throws", (reason) => () => { throw reason; }],
  ["rejects", (reason) => async () => { throw reason; }],
  ["rejects with a value that is not an Error", (reason) => () => Promise.reject(reason)],
]) {
  test(`a tokenProvider that ${how}: the call rejects with that same value, nothing is sent`, async () => {
    const reason = how.includes("not an Error") ? { code: "VAULT_DOWN" } : new Error("vault unavailable");
    let asked = 0;
    const provider = make(reason);
    const c = new AstroClient({ tokenProvider: () => (asked++, provider()), baseUrl: rec.baseUrl, organizationId: ORG });
    const err = await c.getWorkspace({ workspaceId: "w" }).then(
      () => assert.fail("should reject"),
      (e) => e,
    );
    assert.ok(asked >= 1, "the provider was asked for a token");
    assert.strictEqual(err, reason, `rejected with the provider's own value, got ${err?.name}: ${err?.message}`);
    assert.equal(rec.requests.length, 0, "nothing was sent");
  });
}

test("no error or hook info contains the token", async () => {
  const infos = [];
  const c = client({
    onRequest: (i) => infos.push(i),
    onResponse: (i) => infos.push(i),
    headers: { "x-extra": "1" },
  });
  rec.reply({ status: 401, json: F.apiError(401, "bad token") });
  const e1 = await c.getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assertErrorShape(e1, AstroApiError, "AstroApiError");
  rec.setFallback({ hang: true });
  const e2 = await c.getWorkspace({ workspaceId: "w" }, { timeoutMs: 100 }).catch((e) => e);
  assertErrorShape(e2, AstroTimeoutError, "AstroTimeoutError");
  rec.setFallback(null);
  rec.reply({ destroy: true });
  const e3 = await c.getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assertErrorShape(e3, AstroNetworkError, "AstroNetworkError");
  assert.ok(infos.length >= 6, `hooks were called (${infos.length})`);
  const text = JSON.stringify(infos);
  assert.ok(!text.includes(TOKEN), "hook info has no token");
  assert.ok(!/authorization/i.test(text), "hook info has no Authorization header");
});
