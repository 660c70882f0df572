// Shared by the hostile-input suites: a snapshot of Object.prototype's own names, and a check
// that nothing the package did since added to it or polluted the built-in prototypes.
import assert from "node:assert/strict";

export function snapshotPrototypes() {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  return function assertPrototypesClean() {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before, "Object.prototype unchanged");
    assert.equal({}.polluted, undefined, "no polluted property");
    assert.equal(Object.prototype.polluted, undefined);
    assert.equal(Array.prototype.polluted, undefined);
  };
}
