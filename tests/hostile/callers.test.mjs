// Hostile callers: every public method of the installed package is fed wrong types, prototype
// keys, huge strings, deep nesting and non-plain objects. Each call must REJECT (never throw
// synchronously) with AstroValidationError naming the field, send nothing (a loopback recording
// server counts requests), leave Object.prototype alone, and leave the client working.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { loadEsm, loadCjs } from "./lib/pkg.mjs";
import { startRecordingServer } from "./lib/servers.mjs";
import { OPS, OP_NAMES, ORG } from "./lib/inputs.mjs";

const pkg = await loadEsm();
const { AstroClient, AstroError, AstroValidationError } = pkg;

const TOKEN = "hostile-token-5b0c1d2e3f";
const TEN_MB = 10 * 1024 * 1024;
const DEPTH = 10_000;

// Known gaps of the package (found by this suite, reported to the wasm layer's owner). Their
// cases run in tests marked `todo` - reported (✖ ... # TODO) but not failing the run - with the
// same assertions as every other case. HOSTILE_STRICT=1 runs them as ordinary tests.
const KNOWN_GAPS = [];
const STRICT = process.env.HOSTILE_STRICT === "1";
const gapOf = (label) => KNOWN_GAPS.find((g) => g.re.test(label));
const isGap = (label) => !STRICT && gapOf(label) !== undefined;
const todo = (labels) => (STRICT ? {} : { todo: `known package gaps: ${[...new Set(labels.map((l) => gapOf(l)?.why))].join("; ")}` });

let rec;
before(async () => { rec = await startRecordingServer(); });
after(async () => { await rec?.close(); });
beforeEach(() => { rec.requests.length = 0; });

/** A client with no default organization (so a missing/bad organizationId cannot be papered over). */
function client(extra = {}) {
  return new AstroClient({ token: TOKEN, baseUrl: rec.baseUrl, maxRetries: 0, timeoutMs: 10_000, ...extra });
}

// ---------------------------------------------------------------------------------- helpers

const BIG = "x".repeat(TEN_MB); // one shared 10 MB string (strings are immutable)
const BIG_ENUM = "A".repeat(TEN_MB);
const DEEP_OBJECT = deepObject(DEPTH);
const DEEP_ARRAY = deepArray(DEPTH);

function deepObject(depth) {
  let v = "leaf";
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth) {
  let v = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
class Custom { constructor() { this.x = 1; } }
const protoKey = (extra = "") => JSON.parse(`{"__proto__": {"polluted": "yes"}${extra}}`);

function short(v, n = 160) {
  let s;
  try { s = typeof v === "string" ? v : JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : x)); } catch { s = String(v); }
  if (s === undefined) s = String(v);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

/** Runs `fn` and tells how it ended: synchronous throw, not a promise, resolved or rejected. */
async function outcome(fn) {
  let p;
  try { p = fn(); } catch (error) { return { sync: true, error }; }
  if (!p || typeof p.then !== "function") return { notPromise: true, value: p };
  try { return { value: await p }; } catch (error) { return { error }; }
}

/** Does this issue name `field`? (its path starts with the field, or its message names it) */
function names(issue, field) {
  const p = String(issue?.path ?? "");
  const esc = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|\\.)${esc}($|[.[])`).test(p) || String(issue?.message ?? "").includes(field);
}

function assertValidationRejection(o, field, label) {
  assert.ok(!o.sync, `${label}: threw synchronously (${o.error?.name}: ${short(o.error?.message)})`);
  assert.ok(!o.notPromise, `${label}: returned ${short(o.value)} instead of a promise`);
  assert.ok(o.error, `${label}: resolved with ${short(o.value)} instead of rejecting`);
  assert.ok(o.error instanceof AstroValidationError,
    `${label}: rejected with ${o.error?.name ?? typeof o.error}: ${short(o.error?.message ?? o.error)} (not AstroValidationError)`);
  assert.ok(o.error instanceof AstroError && o.error instanceof Error, `${label}: not an AstroError/Error`);
  assert.ok(Array.isArray(o.error.issues) && o.error.issues.length > 0, `${label}: no issues`);
  for (const i of o.error.issues) {
    assert.equal(typeof i.path, "string", `${label}: issue path is not a string: ${short(i)}`);
    assert.equal(typeof i.rule, "string", `${label}: issue rule is not a string: ${short(i)}`);
    assert.equal(typeof i.message, "string", `${label}: issue message is not a string: ${short(i)}`);
  }
  if (field != null) {
    assert.ok(o.error.issues.some((i) => names(i, field)),
      `${label}: no issue names "${field}": ${short(o.error.issues.map((i) => ({ path: i.path, rule: i.rule, message: short(i.message, 80) })), 400)}`);
  }
  assert.ok(!String(o.error.message).includes(TOKEN), `${label}: message contains the token`);
}

function snapshotPrototypes() {
  const s = (o) => Object.getOwnPropertyNames(o).sort().join(",");
  return { object: s(Object.prototype), array: s(Array.prototype), fn: s(Function.prototype) };
}
function assertNotPolluted(before, label) {
  assert.deepEqual(snapshotPrototypes(), before, `${label}: a built-in prototype gained or lost properties`);
  assert.equal({}.polluted, undefined, `${label}: Object.prototype.polluted is set`);
  assert.equal([].polluted, undefined, `${label}: Array.prototype.polluted is set`);
}

/** Values of the wrong type for a string field, and non-plain objects. */
function wrongValues() {
  return [
    ["number", 42], ["null", null], ["boolean", true], ["array", ["a"]], ["object", { a: "b" }],
    ["NaN", NaN], ["Map", new Map([["a", "b"]])], ["Date", new Date(0)], ["class instance", new Custom()],
    ["function", () => "x"], ["Symbol", Symbol("s")], ["BigInt", 10n],
    [`object nested ${DEPTH} levels`, DEEP_OBJECT], [`array nested ${DEPTH} levels`, DEEP_ARRAY],
  ];
}

/** Every hostile first argument for `op`: [{label, input, field}] (field = what must be named). */
function mutations(op) {
  const spec = OPS[op];
  const base = spec.base;
  const list = [];
  const add = (label, input, field) => list.push({ label: `${op}(${label})`, input, field });

  // The input as a whole.
  for (const [k, v] of [["number", 42], ["string", "organizations"], ["boolean", false], ["array", []],
    ["[valid input]", [base()]], ["Map of the valid fields", new Map(Object.entries(base()))],
    ["Date", new Date(0)], ["class instance carrying the valid fields", Object.assign(new Custom(), base())],
    ["function", () => base()], ["Symbol", Symbol("input")], ["BigInt", 1n]]) add(`input = ${k}`, v, null);
  if (!spec.optionalInput) {
    add("input = undefined", undefined, spec.str);
    add("input = null", null, null);
    add(`{} (missing ${spec.str})`, {}, spec.str);
  }

  // A required string field (path parameter).
  if (spec.str) {
    for (const [k, v] of wrongValues()) add(`${spec.str} = ${k}`, { ...base(), [spec.str]: v }, spec.str);
    add(`${spec.str} = ""`, { ...base(), [spec.str]: "" }, spec.str);
    add(`${spec.str} = ".."`, { ...base(), [spec.str]: ".." }, spec.str);
  }
  // An enum field.
  if (spec.enumField) {
    add(`${spec.enumField} = "NOT_A_VALUE"`, { ...base(), [spec.enumField]: "NOT_A_VALUE" }, spec.enumField);
    add(`${spec.enumField} = 42`, { ...base(), [spec.enumField]: 42 }, spec.enumField);
    add(`${spec.enumField} = 10 MB string`, { ...base(), [spec.enumField]: BIG_ENUM }, spec.enumField);
  }
  // A field with a maxLength.
  if (spec.maxLen) {
    add(`${spec.maxLen} = 10 MB string`, { ...base(), [spec.maxLen]: BIG }, spec.maxLen);
    add(`${spec.maxLen} = Date`, { ...base(), [spec.maxLen]: new Date(0) }, spec.maxLen);
  }
  // A field holding objects.
  if (spec.obj) {
    add(`${spec.obj} = object for array`, { ...base(), [spec.obj]: { a: 1 } }, spec.obj);
    add(`${spec.obj} = [array for object]`, { ...base(), [spec.obj]: [[1, 2]] }, spec.obj);
    add(`${spec.obj} = [Map]`, { ...base(), [spec.obj]: [new Map([["name", "x"]])] }, spec.obj);
    add(`${spec.obj} = [deep object]`, { ...base(), [spec.obj]: [DEEP_OBJECT] }, spec.obj);
    const item = base()[spec.obj][0];
    add(`${spec.obj}[0] with own __proto__ key`, { ...base(), [spec.obj]: [Object.assign(protoKey(), item)] }, spec.obj);
    add(`${spec.obj}[0] with constructor key`, { ...base(), [spec.obj]: [{ ...item, constructor: { prototype: { polluted: "yes" } } }] }, spec.obj);
  }
  // Unknown and prototype keys.
  add("unknown field", { ...base(), bogus: 1 }, "bogus");
  add("unknown field holding a 10 MB string", { ...base(), bogus: BIG }, "bogus");
  add(`unknown field nested ${DEPTH} levels`, { ...base(), bogus: DEEP_OBJECT }, "bogus");
  add(`unknown field, array nested ${DEPTH} levels`, { ...base(), bogus: DEEP_ARRAY }, "bogus");
  add("own __proto__ key (JSON.parse)", Object.assign(protoKey(), base()), "__proto__");
  add("constructor key", { ...base(), constructor: { prototype: { polluted: "yes" } } }, "constructor");
  add("prototype key", { ...base(), prototype: { polluted: "yes" } }, "prototype");
  add("Symbol-valued unknown field", { ...base(), bogus: Symbol("x") }, "bogus");
  add("BigInt-valued unknown field", { ...base(), bogus: 5n }, "bogus");
  return list;
}

// ---------------------------------------------------------------------------------- tests

test("sanity: the valid input of every operation is sent and resolves (so rejections below are caused by the mutation)", async () => {
  const c = client();
  for (const op of OP_NAMES) {
    const before = rec.requests.length;
    const o = await outcome(() => c[op](OPS[op].base()));
    assert.ok(!o.error && !o.sync, `${op}(valid input) failed: ${o.error?.name}: ${short(o.error?.message)} ${short(o.error?.issues)}`);
    assert.equal(rec.requests.length, before + 1, `${op}: expected exactly one request`);
    assert.equal(rec.requests.at(-1).op, op, `${op}: the server saw ${rec.requests.at(-1).method} ${rec.requests.at(-1).url}`);
    assert.equal(rec.requests.at(-1).headers.authorization, `Bearer ${TOKEN}`);
  }
});

/** Runs `list` of mutations of `op`; returns the failures (nothing must be sent). */
async function runMutations(op, list) {
  const c = client();
  const protos = snapshotPrototypes();
  const failures = [];
  for (const m of list) {
    const sent = rec.requests.length;
    const o = await outcome(() => c[op](m.input));
    try {
      assertValidationRejection(o, m.field, m.label);
    } catch (e) { failures.push(e.message); }
    if (rec.requests.length !== sent) {
      failures.push(`${m.label}: SENT ${rec.requests.slice(sent).map((r) => `${r.method} ${short(r.url, 100)}`).join(", ")}`);
    }
    assertNotPolluted(protos, m.label);
  }
  return { c, failures };
}

const GAP_MUTATIONS = OP_NAMES.flatMap((op) => mutations(op).filter((m) => isGap(m.label)).map((m) => ({ op, ...m })));
if (GAP_MUTATIONS.length > 0) {
  test("known gaps: Date and Symbol field values are rejected like any other wrong type, nothing sent", todo(GAP_MUTATIONS.map((m) => m.label)), async () => {
    const failures = [];
    for (const op of OP_NAMES) {
      failures.push(...(await runMutations(op, GAP_MUTATIONS.filter((m) => m.op === op))).failures);
    }
    assert.deepEqual(failures, [], `${failures.length} hostile inputs were not rejected as required`);
  });
}

for (const op of OP_NAMES) {
  test(`${op}: every hostile first argument rejects with AstroValidationError naming the field, sends nothing, pollutes nothing`, async () => {
    const { c, failures } = await runMutations(op, mutations(op).filter((x) => !isGap(x.label)));
    assert.deepEqual(failures, [], `${op}: ${failures.length} hostile inputs were not rejected as required`);
    assert.equal(rec.requests.length, 0, `${op}: requests were sent`);
    // Still alive afterwards.
    const ok = await c.listOrganizations();
    assert.ok(Array.isArray(ok.organizations), "listOrganizations after the hostile calls did not resolve to a page");
    assert.equal(rec.requests.length, 1);
  });
}

test("an input object whose getter throws rejects (no synchronous throw), sends nothing, and the client still works", async () => {
  const c = client();
  const hostile = { organizationId: ORG, get workspaceId() { throw new Error("getter boom"); } };
  const o1 = await outcome(() => c.getWorkspace(hostile));
  assert.ok(!o1.sync, `threw synchronously: ${o1.error}`);
  assert.ok(o1.error, "resolved instead of rejecting");
  const proxy = new Proxy({}, { ownKeys() { throw new Error("ownKeys boom"); }, get() { throw new Error("get boom"); } });
  const o2 = await outcome(() => c.getWorkspace(proxy));
  assert.ok(!o2.sync, `Proxy: threw synchronously: ${o2.error}`);
  assert.ok(o2.error, "Proxy: resolved instead of rejecting");
  assert.equal(rec.requests.length, 0);
  assert.ok(Array.isArray((await c.listOrganizations()).organizations));
});

const OPTION_CASES = () => [
  ["options = 42", 42, null], ["options = \"x\"", "x", null], ["options = []", [], null],
  ["timeoutMs = \"100\"", { timeoutMs: "100" }, "timeoutMs"], ["timeoutMs = -1", { timeoutMs: -1 }, "timeoutMs"],
  ["timeoutMs = NaN", { timeoutMs: NaN }, "timeoutMs"], ["timeoutMs = BigInt", { timeoutMs: 100n }, "timeoutMs"],
  ["maxRetries = \"2\"", { maxRetries: "2" }, "maxRetries"], ["maxRetries = -1", { maxRetries: -1 }, "maxRetries"],
  ["headers = 42", { headers: 42 }, "headers"], ["headers value = 42", { headers: { "x-a": 42 } }, "headers"],
  ["header value with CRLF", { headers: { "x-a": "a\r\nx-injected: 1" } }, "headers"],
  ["header name with a space", { headers: { "bad name": "v" } }, "headers"],
  ["retry = \"yes\"", { retry: "yes" }, "retry"], ["signal = {}", { signal: {} }, "signal"],
  ["signal = \"abort\"", { signal: "abort" }, "signal"],
  ["own __proto__ key", protoKey(), null],
];

async function runOptionCases(cases) {
  const c = client();
  const protos = snapshotPrototypes();
  const failures = [];
  for (const [label, opts, field] of cases) {
    for (const op of ["listOrganizations", "getWorkspace"]) {
      const sent = rec.requests.length;
      const o = await outcome(() => c[op](OPS[op].base(), opts));
      assertNotPolluted(protos, label);
      // An ignored unknown option key (__proto__ as an own key) may be accepted; pollution may not.
      if (label === "own __proto__ key" && !o.error && !o.sync) continue;
      try { assertValidationRejection(o, field, `${op}(valid, ${label})`); } catch (e) { failures.push(e.message); }
      if (rec.requests.length !== sent) failures.push(`${op}(valid, ${label}): SENT ${rec.requests.slice(sent).map((r) => r.url).join(", ")}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} hostile options were not rejected as required`);
}

test("hostile call options (argument 2) reject with AstroValidationError naming the option, nothing sent", async () => {
  await runOptionCases(OPTION_CASES().filter(([l]) => !isGap(l)));
});

const GAP_OPTIONS = OPTION_CASES().filter(([l]) => isGap(l));
if (GAP_OPTIONS.length > 0) {
  test("known gaps: hostile call options", todo(GAP_OPTIONS.map(([l]) => l)), async () => {
    await runOptionCases(GAP_OPTIONS);
  });
}

test("prepare, paginate, listAll and the waiters reject hostile arguments without sending", async () => {
  const c = client();
  const protos = snapshotPrototypes();
  const failures = [];
  const check = async (label, fn, field) => {
    try { assertValidationRejection(await outcome(fn), field, label); } catch (e) { failures.push(e.message); }
    assertNotPolluted(protos, label);
  };
  const firstPage = (it) => () => {
    const iter = it();
    return iter[Symbol.asyncIterator]().next();
  };
  await check("prepare(\"noSuchOperation\")", () => c.prepare("noSuchOperation", {}), null);
  await check("prepare(42)", () => c.prepare(42, {}), null);
  await check("prepare(Symbol)", () => c.prepare(Symbol("op"), {}), null);
  await check("prepare(\"getWorkspace\", {workspaceId: 42})", () => c.prepare("getWorkspace", { organizationId: ORG, workspaceId: 42 }), "workspaceId");
  await check("prepare(\"createWorkspace\", __proto__)", () => c.prepare("createWorkspace", Object.assign(protoKey(), OPS.createWorkspace.base())), "__proto__");
  await check("paginate(\"listDeployments\", {organizationId: 42})", firstPage(() => c.paginate("listDeployments", { organizationId: 42 })), "organizationId");
  await check("paginate(\"noSuchOperation\")", firstPage(() => c.paginate("noSuchOperation", {})), null);
  await check("paginate(\"getWorkspace\") (not a list)", firstPage(() => c.paginate("getWorkspace", OPS.getWorkspace.base())), null);
  await check("paginate(\"listWorkspaces\", deep)", firstPage(() => c.paginate("listWorkspaces", { organizationId: ORG, bogus: DEEP_OBJECT })), "bogus");
  await check("listAll without maxItems", () => c.listAll("listWorkspaces", { organizationId: ORG }, {}), "maxItems");
  await check("listAll maxItems = \"10\"", () => c.listAll("listWorkspaces", { organizationId: ORG }, { maxItems: "10" }), "maxItems");
  await check("listAll maxItems = -1", () => c.listAll("listWorkspaces", { organizationId: ORG }, { maxItems: -1 }), "maxItems");
  await check("listAll(42)", () => c.listAll(42, {}, { maxItems: 10 }), null);
  await check("waitForDeployment({})", () => c.waitForDeployment({ organizationId: ORG }), "deploymentId");
  await check("waitForDeployment(deploymentId = Map)", () => c.waitForDeployment({ organizationId: ORG, deploymentId: new Map() }), "deploymentId");
  await check("waitForDeployment(until = \"NOPE\")", () => c.waitForDeployment({ organizationId: ORG, deploymentId: "d1", until: "NOPE" }), "until");
  await check("waitForDeployment(intervalMs = \"x\")", () => c.waitForDeployment({ organizationId: ORG, deploymentId: "d1" }, { intervalMs: "x" }), "intervalMs");
  await check("waitForCluster(42)", () => c.waitForCluster(42), null);
  await check("waitForCluster(clusterId = BigInt)", () => c.waitForCluster({ organizationId: ORG, clusterId: 7n }), "clusterId");
  await check("waitForClusterDeleted(clusterId = null)", () => c.waitForClusterDeleted({ organizationId: ORG, clusterId: null }), "clusterId");
  await check("waitForClusterDeleted(__proto__)", () => c.waitForClusterDeleted(Object.assign(protoKey(), { organizationId: ORG, clusterId: "c1" })), "__proto__");
  assert.deepEqual(failures, [], `${failures.length} hostile arguments were not rejected as required`);
  assert.deepEqual(rec.requests.map((r) => r.url), [], "requests were sent");
});

test("tokens with CR/LF or non-ASCII bytes are rejected at construction (synchronous throw, token not echoed)", () => {
  const bad = ["abc\r\nx-injected: 1", "abc\n", "\rabc", "tök3n", "token-日本", "tok\u0000en", "emoji-😀", "Bearer abc\r\n"];
  for (const token of bad) {
    let thrown;
    try { new AstroClient({ token, baseUrl: rec.baseUrl }); } catch (e) { thrown = e; }
    assert.ok(thrown, `token ${JSON.stringify(token)} was accepted`);
    assert.ok(thrown instanceof AstroError, `token ${JSON.stringify(token)}: threw ${thrown?.name}, not an AstroError`);
    assert.ok(!String(thrown.message).includes(token), `token ${JSON.stringify(token)}: the message echoes the token`);
  }
  // Control: a plain token, with and without the Bearer prefix, constructs.
  new AstroClient({ token: "abc.DEF-123_x", baseUrl: rec.baseUrl });
  new AstroClient({ token: "Bearer abc.DEF-123_x", baseUrl: rec.baseUrl });
});

test("constructor options of the wrong type throw an AstroError (synchronously)", () => {
  const cases = [
    ["options = 42", 42], ["options = \"x\"", "x"], ["token = 42", { token: 42 }], ["token = {}", { token: {} }],
    ["baseUrl = 42", { baseUrl: 42 }], ["baseUrl = \"not a url\"", { baseUrl: "not a url" }],
    ["timeoutMs = \"x\"", { timeoutMs: "x" }], ["maxRetries = -1", { maxRetries: -1 }],
    ["maxResponseBytes = \"big\"", { maxResponseBytes: "big" }], ["headers = 42", { headers: 42 }],
    ["header value with CRLF", { headers: { "x-a": "a\r\nb: c" } }], ["fetch = 42", { fetch: 42 }],
    ["tokenProvider = \"x\"", { tokenProvider: "x" }], ["onRequest = 42", { onRequest: 42 }],
    ["organizationId = 42", { organizationId: 42 }],
  ];
  const accepted = [];
  for (const [label, opts] of cases) {
    let thrown;
    try { new AstroClient(opts); } catch (e) { thrown = e; }
    if (!thrown) { accepted.push(label); continue; }
    assert.ok(thrown instanceof AstroError, `${label}: threw ${thrown?.name}: ${thrown?.message}, not an AstroError`);
  }
  assert.deepEqual(accepted, [], "constructor accepted options of the wrong type");
});

test("a tokenProvider returning a hostile token rejects the call (AstroValidationError), sends nothing", async () => {
  for (const [label, provider] of [["CRLF", () => "abc\r\nx-injected: 1"], ["non-ASCII", async () => "tök3n"],
    ["number", () => 42], ["object", () => ({})]]) {
    const c = client({ token: undefined, tokenProvider: provider });
    const o = await outcome(() => c.listOrganizations());
    assertValidationRejection(o, null, `tokenProvider ${label}`);
  }
  assert.deepEqual(rec.requests.map((r) => r.url), [], "requests were sent");
});

async function thousandCalls(filter) {
  const c = client();
  const protos = snapshotPrototypes();
  const all = OP_NAMES.flatMap((op) => mutations(op).filter((m) => filter(m.label)).map((m) => ({ op, ...m })));
  let rejected = 0;
  let odd = [];
  for (let i = 0; i < 1000; i++) {
    const m = all[i % all.length];
    const o = await outcome(() => c[m.op](m.input));
    if (o.error instanceof AstroValidationError) rejected++;
    else if (odd.length < 5) odd.push(`${m.label}: ${o.sync ? "sync throw" : o.error ? o.error.name : "resolved"}`);
  }
  assert.equal(rec.requests.length, 0, "some hostile call was sent");
  assertNotPolluted(protos, "after 1,000 calls");
  assert.equal(rejected, 1000, `only ${rejected} of 1,000 rejected with AstroValidationError; e.g. ${odd.join("; ")}`);
  const page = await c.listOrganizations({ limit: 5 });
  assert.ok(Array.isArray(page.organizations) && page.organizations.length > 0, "the good call did not resolve to a page");
  assert.equal(rec.requests.length, 1);
  // A fresh client on the same module works too.
  const ws = await client().getWorkspace(OPS.getWorkspace.base());
  assert.equal(typeof ws.id, "string");
}

test("1,000 hostile calls in a row, then a good call works (no wasm panic, no leak of state)", async () => {
  await thousandCalls((label) => !isGap(label));
});

test("the CommonJS entry rejects the same way, with its own AstroValidationError class", async () => {
  const cjs = loadCjs();
  const c = new cjs.AstroClient({ token: TOKEN, baseUrl: rec.baseUrl });
  const o = await outcome(() => c.getWorkspace({ organizationId: ORG, workspaceId: 42 }));
  assert.ok(!o.sync && o.error, "did not reject");
  assert.ok(o.error instanceof cjs.AstroValidationError, `rejected with ${o.error?.name}`);
  assert.ok(o.error.issues.some((i) => names(i, "workspaceId")));
  const o2 = await outcome(() => c.createWorkspace(Object.assign(protoKey(), OPS.createWorkspace.base())));
  assert.ok(o2.error instanceof cjs.AstroValidationError, `__proto__: ${o2.error?.name ?? "resolved"}`);
  assert.equal({}.polluted, undefined);
  assert.equal(rec.requests.length, 0);
  assert.ok(Array.isArray((await c.listOrganizations()).organizations));
});
