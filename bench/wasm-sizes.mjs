// Where the bytes of a .wasm go: code size per function (from the name section, when the build
// keeps it) grouped by crate / module path, plus the other sections.
//   node bench/wasm-sizes.mjs FILE.wasm [top=25]
import fs from "node:fs";

const [file, topArg = "25"] = process.argv.slice(2);
const buf = fs.readFileSync(file);
let p = 8;
const u32 = () => {
  let r = 0, s = 0, b;
  do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
  return r >>> 0;
};
const sections = [];
let imported = 0;
const bodies = [];
const names = new Map();
while (p < buf.length) {
  const id = buf[p++];
  const size = u32();
  const start = p;
  let name = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"][id] ?? `id${id}`;
  if (id === 0) {
    const n = u32();
    name = `custom:${buf.toString("utf8", p, p + n)}`;
    p += n;
    if (name === "custom:name") {
      while (p < start + size) {
        const sub = buf[p++];
        const len = u32();
        const end = p + len;
        if (sub === 1) {
          const count = u32();
          for (let i = 0; i < count; i++) {
            const idx = u32();
            const l = u32();
            names.set(idx, buf.toString("utf8", p, p + l));
            p += l;
          }
        }
        p = end;
      }
    }
  } else if (id === 2) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) { const l = u32(); p += l; }
      const kind = buf[p++];
      if (kind === 0) { u32(); imported++; }
      else if (kind === 1) { p++; const f = buf[p++]; u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = buf[p++]; u32(); if (f & 1) u32(); }
      else if (kind === 3) { p += 2; }
      else if (kind === 4) { p++; u32(); }
    }
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const l = u32();
      bodies.push({ idx: imported + i, size: l });
      p += l;
    }
  }
  sections.push({ name, size });
  p = start + size;
}
const total = buf.length;
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
console.log(`${file}: ${kb(total)} total, ${bodies.length} functions, names: ${names.size ? "yes" : "no (stripped)"}`);
console.log("\nsections:");
for (const s of sections.sort((a, b) => b.size - a.size)) console.log(`  ${kb(s.size)}  ${s.name}`);
const group = (n) => {
  if (!n) return "(unnamed)";
  const m = n.replace(/^<|^_</, "").match(/^([A-Za-z_][A-Za-z0-9_]*)(::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return n.slice(0, 40);
  return m[1] === "astro_platform_client" && m[3] ? `${m[1]}::${m[3]}` : m[1];
};
const byGroup = new Map();
for (const b of bodies) {
  const g = group(names.get(b.idx));
  byGroup.set(g, (byGroup.get(g) ?? 0) + b.size);
}
const code = bodies.reduce((a, b) => a + b.size, 0);
console.log(`\ncode by crate / module (${kb(code)} of code):`);
for (const [g, s] of [...byGroup].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(`  ${kb(s)}  ${((100 * s) / code).toFixed(1).padStart(5)}%  ${g}`);
console.log(`\nlargest functions:`);
for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, Number(topArg))) console.log(`  ${kb(b.size)}  ${(names.get(b.idx) ?? `func${b.idx}`).slice(0, 140)}`);
