// The public .d.ts itself type-checks for a consumer with `skipLibCheck: false` and the default
// library of an ES2022 + DOM project (no ESNext lib, no @types/node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConsumer } from "./support/tsc.mjs";

test("consumer.ts compiles with tsc --strict --noEmit and skipLibCheck off (lib ES2022 + DOM)", () => {
  const { code, out } = compileConsumer({ moduleResolution: "NodeNext", module: "NodeNext", skipLibCheck: false });
  assert.equal(code, 0, `tsc failed:\n${out}`);
});
