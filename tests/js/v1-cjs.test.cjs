// The v1 entry loaded with require("astro-platform-client/v1") by name: Node's CommonJS form of
// v1 (dist/v1/node.cjs, as for the default entry), the same public classes as its ESM form, and
// real v1 calls against the emulator (support/exercise.mjs, checked by support/entries.mjs).
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const v1 = require("astro-platform-client/v1");
const v1beta1 = require("astro-platform-client");

const TOKEN = "v1-cjs-token-Q7";
let emu;
let E;
let exercise;
before(async () => {
  const { startEmulator } = await import(path.join(__dirname, "support", "emulator.mjs"));
  E = await import(path.join(__dirname, "support", "entries.mjs"));
  ({ exercise } = await import(path.join(__dirname, "support", "exercise.mjs")));
  emu = await startEmulator(["--token", TOKEN]);
});
after(async () => emu?.stop());

test('require("astro-platform-client/v1") resolves to the v1 CommonJS entry', () => {
  assert.match(require.resolve("astro-platform-client/v1"), /node_modules[\\/]astro-platform-client[\\/]dist[\\/]v1[\\/]node\.cjs$/);
  assert.match(require.resolve("astro-platform-client"), /node_modules[\\/]astro-platform-client[\\/]dist[\\/]node\.cjs$/);
});

test("require and import of the v1 entry expose the same classes and methods; not v1beta1's", async () => {
  const esm = await import("astro-platform-client/v1");
  assert.deepEqual(Object.keys(v1).sort(), Object.keys(esm).sort(), "same exports");
  const methods = (m) => Object.getOwnPropertyNames(m.AstroClient.prototype).sort();
  assert.deepEqual(methods(v1), methods(esm), "same client methods");
  for (const op of ["getSelfUser", "listApiTokens", "listTeams", "createDeployment", "paginate", "waitForDeploy"]) {
    assert.equal(typeof v1.AstroClient.prototype[op], "function", `v1 AstroClient has ${op}`);
  }
  assert.equal(v1beta1.AstroClient.prototype.getSelfUser, undefined, "the default entry is v1beta1");
  assert.notEqual(v1.AstroClient, v1beta1.AstroClient, "two entries, two classes");
});

test("real v1 calls through the CommonJS v1 entry against the emulator", async () => {
  const tag = E.newTag("cjs-v1");
  const out = await exercise(v1, { entry: "v1", baseUrl: E.baseUrlFor(emu.origin, "v1"), token: TOKEN, tag });
  await E.checkExercise(out, { entry: "v1", origin: emu.origin, token: TOKEN, tag });
});

test("and the default entry's CommonJS form, checked the same way (v1beta1 paths, no X-API-Version)", async () => {
  const tag = E.newTag("cjs-v1beta1");
  const out = await exercise(v1beta1, { entry: "v1beta1", baseUrl: E.baseUrlFor(emu.origin, "v1beta1"), token: TOKEN, tag });
  await E.checkExercise(out, { entry: "v1beta1", origin: emu.origin, token: TOKEN, tag });
});
