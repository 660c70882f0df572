// Shared by the hostile-input suites: the call must return a promise that rejects with an
// AstroValidationError naming `fieldPath` (or something inside it), never throw synchronously.
import assert from "node:assert/strict";
import { AstroValidationError } from "astro-platform-client";

export async function rejectsValidation(promiseOrThunk, fieldPath, label) {
  let p;
  try {
    p = typeof promiseOrThunk === "function" ? promiseOrThunk() : promiseOrThunk;
  } catch (e) {
    assert.fail(`${label}: threw synchronously (${e?.name}: ${e?.message}) instead of rejecting`);
  }
  assert.ok(p && typeof p.then === "function", `${label}: returns a promise`);
  const err = await p.then(
    (v) => assert.fail(`${label}: resolved with ${JSON.stringify(v)?.slice(0, 100)}`),
    (e) => e,
  );
  assert.ok(err instanceof AstroValidationError, `${label}: expected AstroValidationError, got ${err?.name}: ${err?.message}`);
  assert.ok(err.issues.length > 0, `${label}: has issues`);
  if (fieldPath !== undefined) {
    assert.ok(
      // the issue is on the field itself or inside it (e.g. "workspaceId.toString")
      err.issues.some((i) => i.path === fieldPath || i.path.startsWith(`${fieldPath}.`) || i.path.startsWith(`${fieldPath}[`)),
      `${label}: an issue names ${JSON.stringify(fieldPath)}: ${JSON.stringify(err.issues)}`,
    );
  }
  return err;
}
