// Every v1 request checked by an independent OpenAPI validator, and every success the contract
// describes decoded: Prism (@stoplight/prism-cli, pinned in tests/js) mocks spec/astro-v1.yaml
// with --errors, so a request that breaks the contract is answered 4xx with `sl-violations`, and
// a valid one with a response Prism generates from the contract. The v1 client sends, for every
// one of the 75 operations, a minimal input (required fields only) and a full one (every field);
// unions are sent with each variant and, where the contract allows it, without the selector.
//
// One adaptation: Prism checks `oneOf` as "exactly one variant matches" and ignores the
// discriminator, but the contract's union variants overlap (a DEDICATED deployment body is also a
// valid STANDARD one), so a correct body would fail. Prism gets a copy of the contract whose
// unions are `anyOf` (at least one variant accepts the body); the dispatch on the selector is the
// client's own validation, tested in tests/js/v1-validation.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import YAML from "yaml";
import { AstroClient } from "astro-platform-client/v1";
import { loadContract, operations, sample, resolve } from "./support/contract.mjs";

const require = createRequire(import.meta.url);
const doc = loadContract("astro-v1.yaml");
const ops = operations(doc);
let prism;
let base;
let log = "";

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

before(async () => {
  const cli = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
  const forPrism = structuredClone(doc);
  let unions = 0;
  for (const schema of Object.values(forPrism.components.schemas)) {
    if (schema.oneOf) {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
      delete schema.discriminator;
      unions++;
    }
  }
  assert.equal(unions, 4, "the contract's four unions");
  const spec = path.join(mkdtempSync(path.join(tmpdir(), "astro-prism-")), "astro-v1.yaml");
  writeFileSync(spec, YAML.stringify(forPrism));
  const port = await freePort();
  prism = spawn(process.execPath, [cli, "mock", "--errors", "-h", "127.0.0.1", "-p", String(port), spec], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  prism.stdout.on("data", (d) => (log += d));
  prism.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!log.includes("Prism is listening")) {
    if (Date.now() > deadline || prism.exitCode !== null) throw new Error(`prism did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  base = `http://127.0.0.1:${port}`;
});
after(() => prism?.kill());

/** Inputs for `entry`: a minimal one, a full one, and one per union variant (and without the selector). */
function inputs(entry) {
  const path = {};
  for (const p of entry.params.path) path[p.name] = `${p.name}-1`;
  const query = (full) => {
    const q = {};
    for (const p of entry.params.query) if (full || p.required) q[p.name] = sample(doc, p.schema);
    return q;
  };
  const out = [
    ["minimal", { ...path, ...query(false), ...(entry.body ? sample(doc, entry.body, { requiredOnly: true }) : {}) }],
    ["full", { ...path, ...query(true), ...(entry.body ? sample(doc, entry.body) : {}) }],
  ];
  const body = entry.body && resolve(doc, entry.body);
  if (body?.oneOf) {
    const { propertyName, mapping } = body.discriminator;
    Object.keys(mapping).forEach((value, i) => {
      const full = sample(doc, entry.body, { seed: i });
      out.push([`${propertyName}=${value}`, { ...path, ...query(false), ...full }]);
      const variant = resolve(doc, { $ref: mapping[value] });
      if (!(variant.required ?? []).includes(propertyName)) {
        const { [propertyName]: _, ...without } = sample(doc, entry.body, { seed: i, requiredOnly: true });
        out.push([`${value} without ${propertyName}`, { ...path, ...query(false), ...without }]);
      }
    });
  }
  return out;
}

test("Prism refuses a request that breaks the contract (the check is not vacuous)", async () => {
  const res = await fetch(`${base}/organizations/o1/workspaces`, {
    method: "POST",
    headers: { authorization: "Bearer t", "content-type": "application/json" },
    body: JSON.stringify({ name: 7 }),
  });
  assert.ok(res.status >= 400 && res.status < 500, String(res.status));
  assert.match(res.headers.get("sl-violations") ?? "", /name/);
});

for (const entry of ops) {
  test(`${entry.name}: every request passes the contract and every success decodes`, async () => {
    const violations = [];
    const astro = new AstroClient({
      token: "prism-token",
      baseUrl: base,
      maxRetries: 0,
      onResponse: (info) => {
        if (info.status >= 400) violations.push(info);
      },
      fetch: async (req) => {
        const res = await fetch(req);
        const v = res.headers.get("sl-violations");
        if (v) violations.push({ url: req.url, v });
        return res;
      },
    });
    for (const [label, input] of inputs(entry)) {
      const result = await astro[entry.name](input).catch((e) => e);
      assert.deepEqual(violations, [], `${label}: ${JSON.stringify(input)}`);
      assert.ok(!(result instanceof Error), `${label}: ${result?.name}: ${result?.message}`);
      if (entry.success === 204) assert.equal(result, undefined, label);
      else if (entry.response?.["application/json"]) assert.equal(typeof result, "object", label);
      else assert.ok(result.bytes instanceof Uint8Array, `${label}: a binary response`);
    }
  });
}
