// Secrets reach the caller and nothing else (v1): the token value createApiToken, rotateApiToken
// and createAgentToken return is in the result, and in no hook argument, error message or
// prepare output; a secret the caller sends (a connection's password) is not in what prepare
// returns either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { AstroClient, AstroDecodeError } from "astro-platform-client/v1";
import { startRecorder } from "./support/recorder.mjs";

const CLIENT_TOKEN = "client-token-9c1d2e";
const NEW_TOKEN = "astro-new-token-4f7a1b2c3d";
let rec;
let astro;
const seen = [];

before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({
    token: CLIENT_TOKEN,
    baseUrl: `${rec.origin}/v1`,
    organizationId: "org1",
    onRequest: (info) => seen.push(JSON.stringify(info)),
    onResponse: (info) => seen.push(JSON.stringify(info)),
  });
});
after(async () => rec?.close());

const apiToken = (token) => ({
  id: "tok1",
  name: "ci",
  description: "",
  kind: "STANDARD",
  scope: "ORGANIZATION",
  shortToken: "astro-new…",
  createdAt: "2026-12-01T10:00:00Z",
  updatedAt: "2026-12-01T10:00:00Z",
  startAt: "2026-12-01T10:00:00Z",
  token,
});

test("a new token's value is in the result and in no hook argument", async () => {
  for (const [op, input] of [
    ["createApiToken", { name: "ci", role: "ORGANIZATION_MEMBER", scope: "ORGANIZATION" }],
    ["rotateApiToken", { tokenId: "tok1" }],
    ["createAgentToken", { deploymentId: "d1", name: "agent" }],
  ]) {
    seen.length = 0;
    rec.clear();
    rec.reply({ status: 200, json: apiToken(NEW_TOKEN) });
    const created = await astro[op](input);
    assert.equal(created.token, NEW_TOKEN, `${op}: the caller gets the value`);
    assert.ok(seen.length >= 2, `${op}: the hooks ran`);
    for (const s of seen) {
      assert.ok(!s.includes(NEW_TOKEN), `${op}: hook argument ${s}`);
      assert.ok(!s.includes(CLIENT_TOKEN), `${op}: hook argument ${s}`);
    }
  }
});

test("an answer that carries a token but is not JSON fails without quoting it", async () => {
  rec.clear();
  const broken = JSON.stringify(apiToken(NEW_TOKEN)).slice(0, -3);
  rec.reply({ status: 200, headers: { "content-type": "application/json" }, body: broken });
  const e = await astro.rotateApiToken({ tokenId: "tok1" }).catch((x) => x);
  assert.ok(e instanceof AstroDecodeError, String(e));
  assert.match(e.message, /not valid JSON/);
  assert.match(e.message, /not shown/);
  assert.ok(!e.message.includes(NEW_TOKEN), e.message);
  assert.ok(!JSON.stringify(e).includes(NEW_TOKEN));
  // The same mistake on an answer without secrets shows what came back.
  rec.reply({ status: 200, headers: { "content-type": "application/json" }, body: '{"id": "w1", "name": ' });
  const w = await astro.getWorkspace({ workspaceId: "w1" }).catch((x) => x);
  assert.match(w.message, /"\{\\"id\\": \\"w1\\"/);
});

test("prepare shows neither the client's token nor a password the caller sends", async () => {
  const req = await astro.prepare("createEnvironmentObject", {
    objectKey: "db",
    objectType: "CONNECTION",
    scope: "WORKSPACE",
    scopeEntityId: "w1",
    connection: { type: "postgres", host: "db.internal", login: "etl", password: "hunter2-very-secret" },
  });
  assert.equal(req.headers.authorization, "Bearer [redacted]");
  const body = JSON.parse(req.body);
  assert.equal(body.connection.password, "[redacted]");
  assert.equal(body.connection.login, "etl");
  assert.ok(!JSON.stringify(req).includes("hunter2-very-secret"));
  assert.ok(!JSON.stringify(req).includes(CLIENT_TOKEN));
  // The call itself sends the password.
  rec.clear();
  rec.reply({ status: 200, json: { id: "eo1" } });
  await astro.createEnvironmentObject({
    objectKey: "db",
    objectType: "CONNECTION",
    scope: "WORKSPACE",
    scopeEntityId: "w1",
    connection: { type: "postgres", password: "hunter2-very-secret" },
  });
  assert.equal(JSON.parse(rec.requests[0].body).connection.password, "hunter2-very-secret");
});
