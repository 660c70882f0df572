// The TypeScript consumer (tests/types/consumer.ts) compiles with `tsc --strict --noEmit` against the
// packed types resolved by name; the public .d.ts contains no `any`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { compileConsumer, tsc } from "./support/tsc.mjs";

const project = process.env.ASTRO_PROJECT_DIR;
const installed = path.join(project, "node_modules", "astro-platform-client");
const require = createRequire(path.join(project, "index.cjs"));

for (const [label, moduleResolution, module] of [
  ["NodeNext resolution through the package exports", "NodeNext", "NodeNext"],
  ["Bundler resolution", "Bundler", "ESNext"],
]) {
  test(`consumer.ts compiles with tsc --strict --noEmit (${label})`, () => {
    const { code, out } = compileConsumer({ moduleResolution, module, skipLibCheck: true });
    assert.equal(code, 0, `tsc failed:\n${out}`);
  });
  test(`consumer-v1.ts (the ./v1 entry) compiles with tsc --strict --noEmit (${label})`, () => {
    const { code, out } = compileConsumer({ moduleResolution, module, skipLibCheck: false, file: "consumer-v1.ts" });
    assert.equal(code, 0, `tsc failed:\n${out}`);
  });
}

test("consumer-v1.ts compiles with moduleResolution node10 too (typesVersions maps ./v1)", () => {
  const { code, out } = compileConsumer({ moduleResolution: "Node10", module: "CommonJS", skipLibCheck: true, file: "consumer-v1.ts" });
  assert.equal(code, 0, `tsc failed:\n${out}`);
});

test("the @ts-expect-error lines of consumer-v1.ts are really errors", () => {
  const src = readFileSync(path.join(project, "types", "consumer-v1.ts"), "utf8");
  const lines = src.split("\n");
  const marked = lines.filter((l) => l.trim().startsWith("// @ts-expect-error")).length;
  assert.ok(marked >= 6, "the consumer has @ts-expect-error lines");
  writeFileSync(path.join(project, "types", "stripped-v1.ts"), lines.map((l) => (l.trim().startsWith("// @ts-expect-error") ? "" : l)).join("\n"));
  const { code, out } = compileConsumer({ moduleResolution: "NodeNext", module: "NodeNext", skipLibCheck: true, file: "stripped-v1.ts" });
  assert.notEqual(code, 0);
  const errors = out.split("\n").filter((l) => l.includes("stripped-v1.ts(") && l.includes("error TS")).length;
  assert.equal(errors, marked, `each marked line is exactly one error:\n${out}`);
});

test("the @ts-expect-error lines are really errors (removing them makes tsc fail on each)", () => {
  const src = readFileSync(path.join(project, "types", "consumer.ts"), "utf8");
  const lines = src.split("\n");
  const expectLines = lines.map((l, i) => [l, i]).filter(([l]) => l.trim().startsWith("// @ts-expect-error"));
  assert.ok(expectLines.length >= 4, "the consumer has @ts-expect-error lines");
  const stripped = lines.map((l) => (l.trim().startsWith("// @ts-expect-error") ? "" : l)).join("\n");
  writeFileSync(path.join(project, "types", "stripped.ts"), stripped);
  const cfg = path.join(project, "tsconfig.stripped.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], skipLibCheck: true },
      files: ["types/stripped.ts"],
    }),
  );
  const r = tsc(["-p", cfg]);
  assert.notEqual(r.code, 0);
  const errorLines = new Set([...r.out.matchAll(/stripped\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])));
  for (const [, i] of expectLines) {
    // the directive applies to the next line (1-based: i + 2)
    assert.ok(errorLines.has(i + 2), `line ${i + 2} (${lines[i + 1]?.trim()}) is an error without its directive:\n${r.out}`);
  }
});

test("the public .d.ts files contain no `any`", () => {
  const ts = require("typescript");
  const dist = path.join(installed, "dist");
  const dts = readdirSync(dist).filter((f) => /\.d\.(ts|cts|mts)$/.test(f));
  assert.ok(dts.length > 0, "declaration files exist");
  const found = [];
  for (const f of dts) {
    const text = readFileSync(path.join(dist, f), "utf8");
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, /*skipTrivia*/ true, ts.LanguageVariant.Standard, text);
    for (let tok = scanner.scan(); tok !== ts.SyntaxKind.EndOfFileToken; tok = scanner.scan()) {
      if (tok === ts.SyntaxKind.AnyKeyword) {
        const pos = scanner.getTokenPos();
        const line = text.slice(0, pos).split("\n").length;
        found.push(`${f}:${line}: ${text.split("\n")[line - 1].trim()}`);
      }
    }
  }
  assert.deepEqual(found, [], "`any` in the public types");
});
