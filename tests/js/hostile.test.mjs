// Issue 7, JS side: hostile callers (wrong types, prototype pollution attempts, huge and deep
// inputs, non-plain objects) and hostile servers/proxies (huge, deep, invalid UTF-8, wrong
// content type, cut-off bodies). Every failure is typed, nothing is sent for bad input, nothing
// is polluted, and the client keeps working.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroValidationError, AstroDecodeError, AstroNetworkError, AstroError } from "astro-platform-client";
import { rejectsValidation } from "./support/validation.mjs";
import { snapshotPrototypes } from "./support/prototypes.mjs";
import { startRecorder } from "./support/recorder.mjs";
import * as F from "./support/fixtures.mjs";

const { TOKEN, ORG } = F;
let rec;
let astro;
let assertPrototypesClean;

before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, maxRetries: 0 });
  assertPrototypesClean = snapshotPrototypes();
});
after(async () => rec?.close());
beforeEach(() => rec.clear());


test("null as the input of a method that needs one rejects", async () => {
  for (const op of ["getWorkspace", "createWorkspace", "createDeployment", "updateCluster", "deleteDeployment", "getClusterOptions"]) {
    await rejectsValidation(() => astro[op](null), undefined, `${op}(null)`);
  }
  assert.equal(rec.requests.length, 0);
});

test("__proto__ and constructor keys are rejected as unknown fields; nothing is polluted", async () => {
  const viaJson = JSON.parse('{"name":"x","__proto__":{"polluted":"yes"}}');
  await rejectsValidation(() => astro.createWorkspace(viaJson), "__proto__", "__proto__ key");
  await rejectsValidation(() => astro.createWorkspace({ name: "x", constructor: { prototype: { polluted: "yes" } } }), "constructor", "constructor key");
  const nested = JSON.parse('{"name":"x","workerQueues":[{"__proto__":{"polluted":"yes"}}]}');
  await rejectsValidation(() => astro.createDeployment({ ...F.createDedicatedDeployment, workerQueues: nested.workerQueues }), undefined, "nested __proto__");
  await rejectsValidation(() => astro.prepare("createWorkspace", viaJson), "__proto__", "prepare __proto__");
  try {
    new AstroClient(JSON.parse(`{"token":"t","baseUrl":"${rec.baseUrl}","organizationId":"o","__proto__":{"polluted":"yes"}}`));
  } catch (e) {
    assert.ok(e instanceof AstroError, `construction fails, if at all, with an AstroError: ${e}`);
  }
  assert.equal(rec.requests.length, 0);
  assertPrototypesClean();
});

test("1,000 bad calls, then a good one works (no wasm panic poisoned the client)", async () => {
  const inputs = [42, null, { name: 42 }, { name: "x".repeat(100) }, { name: "x", zzz: 1 }, [], "s", { name: { a: 1 } }];
  for (let i = 0; i < 1000; i++) {
    const err = await astro.createWorkspace(inputs[i % inputs.length]).catch((e) => e);
    assert.ok(err instanceof AstroValidationError, `call ${i}: ${err?.name}`);
  }
  assert.equal(rec.requests.length, 0);
  rec.reply({ json: F.workspace() });
  assert.deepStrictEqual(await astro.createWorkspace({ name: "fine" }), F.workspace());
  assert.equal(rec.requests.length, 1);
  assertPrototypesClean();
});

test("bad client options are rejected at construction with AstroError", () => {
  const bad = [
    { token: 42 },
    { token: "ok", baseUrl: "not a url" },
    { token: "ok", timeoutMs: -1 },
  ];
  for (const options of bad) {
    let thrown;
    try {
      new AstroClient(options);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof AstroError, `${JSON.stringify(options)} rejected with an AstroError, got ${thrown}`);
  }
});

// ---------------------------------------------------------------- hostile servers

async function expectFailure(call, label) {
  const err = await call().catch((e) => e);
  assert.ok(err instanceof AstroDecodeError || err instanceof AstroNetworkError, `${label}: expected AstroDecodeError/AstroNetworkError, got ${err?.name}: ${err?.message}`);
  assert.ok(err.message.length > 10, `${label}: a useful message (${err.message})`);
  assert.ok(!F.everythingIn(err).includes(TOKEN), `${label}: no token`);
  // the next call works
  rec.reply({ json: F.workspace() });
  assert.deepStrictEqual(await astro.getWorkspace({ workspaceId: "next" }), F.workspace(), `${label}: next call works`);
  return err;
}

test("a response larger than maxResponseBytes is rejected (with and without content-length)", async () => {
  const small = new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, organizationId: ORG, maxRetries: 0, maxResponseBytes: 4096 });
  const big = JSON.stringify(F.workspace({ description: "d".repeat(20000) }));
  rec.reply({ body: big, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) } });
  const e1 = await small.getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assert.ok(e1 instanceof AstroDecodeError || e1 instanceof AstroNetworkError, `got ${e1?.name}: ${e1?.message}`);
  assert.match(e1.message, /4096|size|large|bytes|maxResponseBytes/i);
  rec.reply({
    handler: (res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked, no length
      let sent = 0;
      const chunk = "x".repeat(1024);
      res.write('{"id":"w","name":"');
      const pump = () => {
        while (sent < 2000 && res.write(chunk)) sent++;
        if (sent < 2000) res.once("drain", pump);
        else res.end('"}');
      };
      res.on("error", () => {});
      pump();
    },
  });
  const e2 = await small.getWorkspace({ workspaceId: "w" }).catch((e) => e);
  assert.ok(e2 instanceof AstroDecodeError || e2 instanceof AstroNetworkError, `got ${e2?.name}: ${e2?.message}`);
  assert.match(e2.message, /4096|size|large|bytes|maxResponseBytes/i);
  rec.reply({ json: F.workspace() });
  assert.deepStrictEqual(await small.getWorkspace({ workspaceId: "w" }), F.workspace());
});

test("a deeply nested response is an error, not a stack overflow", async () => {
  const depth = 100000;
  rec.reply({ body: `{"id":${"[".repeat(depth)}${"]".repeat(depth)}}`, headers: { "content-type": "application/json" } });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "deep");
});

test("invalid UTF-8 in a response body", async () => {
  const body = Buffer.concat([Buffer.from('{"id":"w","name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
  rec.reply({ body, headers: { "content-type": "application/json" } });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "invalid utf-8");
});

test("malformed JSON with a 200", async () => {
  rec.reply({ body: '{"id": "w", "name": ', headers: { "content-type": "application/json" } });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "malformed");
});

test("an empty 200 body", async () => {
  rec.reply({ body: "", headers: { "content-type": "application/json" } });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "empty");
});

test("a body cut off mid-stream", async () => {
  rec.reply({
    handler: (res, req) => {
      const full = JSON.stringify(F.workspace());
      res.writeHead(200, { "content-type": "application/json", "content-length": String(full.length) });
      res.write(full.slice(0, 40));
      setTimeout(() => req.socket.destroy(), 20);
    },
  });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "cut off");
});

test("a JSON array where an object is expected, and null", async () => {
  rec.reply({ json: [F.workspace()] });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "array");
  rec.reply({ json: null });
  await expectFailure(() => astro.getWorkspace({ workspaceId: "w" }), "null");
});
