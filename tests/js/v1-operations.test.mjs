// All 75 operations of the v1 entry against a recording loopback server: for each operation of
// spec/astro-v1.yaml (read here with the `yaml` package, independently of the client) an input
// built from the contract goes out with the exact method, path (parameters encoded as one segment
// each), query and JSON body; X-API-Version pins 1.0; the success the recorder answers (built from
// the contract too) comes back unchanged; a 204 resolves to undefined; the audit logs' gzipped
// NDJSON comes back as records.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { AstroClient, AstroApiError } from "astro-platform-client/v1";
import * as beta from "astro-platform-client";
import { startRecorder } from "./support/recorder.mjs";
import { loadContract, operations, sample, expectedRequest } from "./support/contract.mjs";

const TOKEN = "tok-v1-ops";
const doc = loadContract("astro-v1.yaml");
const ops = operations(doc);
let rec;
let astro;

before(async () => {
  rec = await startRecorder();
  astro = new AstroClient({ token: TOKEN, baseUrl: `${rec.origin}/v1` });
});
after(async () => rec?.close());

test("the contract has the 75 operations and the v1 client has a method for each, and only those", () => {
  assert.equal(ops.length, 75);
  const names = ops.map((o) => o.name).sort();
  for (const name of names) assert.equal(typeof astro[name], "function", name);
  assert.equal(new Set(names).size, 75);
  // The v1beta1 client has its 20, not v1's additions.
  const b = new beta.AstroClient({ token: TOKEN });
  assert.equal(typeof b.listDeployments, "function");
  assert.equal(b.getDeploymentLogs, undefined);
  assert.equal(b.rotateApiToken, undefined);
});

/** An input for `entry`: path parameters with characters that must be encoded, every query parameter, the sample body. */
function inputFor(entry, seed) {
  const input = {};
  for (const p of entry.params.path) input[p.name] = `${p.name} ${seed}/ü`;
  for (const p of entry.params.query) input[p.name] = sample(doc, p.schema, { seed });
  if (entry.body) Object.assign(input, sample(doc, entry.body, { seed }));
  return input;
}

/** What the recorder answers: the success the contract describes. */
function successFor(entry, seed) {
  if (entry.success === 204 || !entry.response) return { status: entry.success, body: "" };
  const json = entry.response["application/json"];
  if (json) return { status: entry.success, json: sample(doc, json.schema, { seed }) };
  const records = [
    { id: `ev-${seed}`, action: "deployments.create", actor: { id: "usr-1" } },
    { id: `ev-${seed + 1}`, action: "tokens.rotate", actor: { id: "usr-1" } },
  ];
  const ndjson = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
  return {
    status: 200,
    headers: { "content-type": "application/x-ndjson" },
    body: gzipSync(Buffer.from(ndjson)),
    records,
  };
}

for (const [i, entry] of ops.entries()) {
  test(`${entry.name}: ${entry.method} ${entry.path}`, async () => {
    rec.clear();
    const input = inputFor(entry, i);
    const answer = successFor(entry, i);
    rec.reply(answer.records ? { status: answer.status, headers: answer.headers, body: answer.body } : answer);
    const result = await astro[entry.name](structuredClone(input));
    assert.equal(rec.requests.length, 1, "exactly one request");
    const r = rec.requests[0];
    const want = expectedRequest(entry, input);
    assert.equal(r.method, want.method, "method");
    assert.equal(r.path, `/v1${want.path}`, "path");
    assert.deepEqual([...new URLSearchParams(r.rawQuery)], want.query, "query, in the contract's order");
    assert.equal(r.headers.authorization, `Bearer ${TOKEN}`, "authorization");
    assert.equal(r.headers["x-api-version"], "1.0", "the minor version is pinned");
    if (want.body === null) {
      assert.equal(r.body, "", "no body");
      assert.equal(r.headers["content-type"], undefined, "no content-type without a body");
    } else {
      assert.match(r.headers["content-type"] ?? "", /^application\/json\b/, "content-type");
      assert.deepEqual(JSON.parse(r.body), want.body, "body");
    }
    if (answer.json !== undefined) {
      assert.deepEqual(result, answer.json, "the success comes back as sent");
    } else if (answer.records) {
      assert.equal(result.gzipped, true, "gzip detected from the bytes");
      const seen = [];
      for await (const rec of result) seen.push(rec);
      assert.deepEqual(seen, answer.records, "NDJSON records");
    } else {
      assert.equal(result, undefined, "a bodiless success resolves to undefined");
    }
  });
}

test("a v1 error body's fieldErrors are on AstroApiError", async () => {
  rec.clear();
  rec.reply({
    status: 400,
    json: {
      message: "invalid request",
      requestId: "req-fe",
      statusCode: 400,
      fieldErrors: [
        { code: "REQUIRED", field: "name", message: "name is required" },
        { field: "workspaceId", message: "unknown workspace" },
      ],
    },
  });
  const e = await astro.createWorkspace({ organizationId: "o1", name: "w" }).catch((x) => x);
  assert.ok(e instanceof AstroApiError, String(e));
  assert.equal(e.status, 400);
  assert.equal(e.requestId, "req-fe");
  assert.deepEqual(e.fieldErrors, [
    { code: "REQUIRED", field: "name", message: "name is required" },
    { code: "", field: "workspaceId", message: "unknown workspace" },
  ]);
});

test("apiVersion overrides the pinned X-API-Version; v1beta1 sends none unless asked", async () => {
  const pinned = new AstroClient({ token: TOKEN, baseUrl: `${rec.origin}/v1`, apiVersion: "1.1" });
  rec.clear();
  rec.reply({ status: 200, json: sample(doc, { $ref: "#/components/schemas/SelfUser" }) });
  await pinned.getSelfUser();
  assert.equal(rec.requests[0].headers["x-api-version"], "1.1");
  const old = new beta.AstroClient({ token: TOKEN, baseUrl: `${rec.origin}/platform/v1beta1`, organizationId: "o1" });
  rec.clear();
  rec.reply({ status: 200, json: { organizations: [], limit: 10, offset: 0, totalCount: 0 } });
  await old.listOrganizations();
  assert.equal(rec.requests[0].headers["x-api-version"], undefined);
  await assert.rejects(() => Promise.resolve().then(() => new AstroClient({ apiVersion: "1.0 ; drop" })), /apiVersion/);
});

test("the default base URL is the v1 production API", async () => {
  const c = new AstroClient({ token: TOKEN, organizationId: "o1" });
  const req = await c.prepare("listDeployments", {});
  assert.equal(req.url, "https://api.astronomer.io/v1/organizations/o1/deployments");
  assert.equal(req.headers["x-api-version"], "1.0");
  assert.equal(req.headers.authorization, "Bearer [redacted]");
});

test("the package README lists exactly the 75 v1 methods", async () => {
  const { readFileSync } = await import("node:fs");
  const path = await import("node:path");
  const readme = readFileSync(path.join(process.env.ASTRO_PROJECT_DIR, "node_modules", "astro-platform-client", "README.md"), "utf8");
  const start = readme.indexOf("### v1 (");
  const end = readme.indexOf("### From v1beta1 to v1");
  assert.ok(start > 0 && end > start, "the README has the v1 method list");
  const listed = [...readme.slice(start, end).matchAll(/^\|[^|]*\| `(\w+)` \| (\w+) /gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(
    listed.map(([n]) => n).sort(),
    ops.map((o) => o.name).sort(),
  );
  for (const [name, method] of listed) assert.equal(method, ops.find((o) => o.name === name).method, name);
});

test("the audit logs stay within maxResponseBytes once decompressed: a small gzip that expands past it is refused", async () => {
  const { AstroDecodeError } = await import("astro-platform-client/v1");
  const limited = new AstroClient({ token: TOKEN, baseUrl: `${rec.origin}/v1`, organizationId: "o1", maxResponseBytes: 64 * 1024 });
  const line = JSON.stringify({ action: "x".repeat(200) }) + "\n";
  const big = gzipSync(Buffer.from(line.repeat(2000))); // ~400 KB of NDJSON, a few KB gzipped
  assert.ok(big.length < 64 * 1024, "the compressed body is within the limit");
  rec.clear();
  rec.reply({ status: 200, headers: { "content-type": "application/x-ndjson" }, body: big });
  const logs = await limited.getOrganizationAuditLogs({});
  assert.equal(logs.gzipped, true);
  await assert.rejects(
    async () => {
      for await (const _ of logs) void _;
    },
    (e) => e instanceof AstroDecodeError && /decompressed body is larger than maxResponseBytes \(65536 bytes\)/.test(e.message),
  );
  // Within the limit, the same records come back.
  const small = gzipSync(Buffer.from(line.repeat(10)));
  rec.reply({ status: 200, headers: { "content-type": "application/x-ndjson" }, body: small });
  const ok = await limited.getOrganizationAuditLogs({});
  const seen = [];
  for await (const r of ok) seen.push(r);
  assert.equal(seen.length, 10);
  assert.equal(seen[0].action.length, 200);
});
