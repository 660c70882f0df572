// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by category and the top
// functions by self time.   node bench/profile-summary.mjs FILE.cpuprofile [top=30]
import fs from "node:fs";

const [file, topArg = "30"] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
}
// parents, for "inside wasm" attribution of JS builtins called from wasm
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function category(n) {
  const { functionName: f, url } = n.callFrame;
  if (f === "(garbage collector)") return "GC";
  if (f === "(idle)") return "idle";
  if (f === "(program)") return "program (V8 internals, unattributed)";
  if (url.startsWith("wasm://")) return /^wasm-function\[\d+\]$/.test(f) ? "wasm, unnamed (undici's llhttp, or a build without names)" : "wasm (Rust code)";
  if (url.includes("internal/encoding")) return "TextDecoder/TextEncoder (node:internal/encoding)";
  if (url.includes("astro-platform-client") || url.includes("/dist/index.")) return "package JS glue (JSON.parse of the body is inlined here)";
  if (url.includes("undici") || url.includes("node:internal/deps")) return "undici (fetch)";
  if (url.startsWith("node:")) return "node internals";
  if (url === "" && f === "parse") return "JSON.parse";
  if (f === "parseJSONFromBytes") return "res.json(): JSON.parse inside undici";
  if (url === "" && f === "stringify") return "JSON.stringify";
  if (url === "" && /^(decode|encode|encodeInto)$/.test(f)) return `TextDecoder/TextEncoder.${f}`;
  if (url === "") return `builtin: ${f || "(anonymous)"}`;
  if (url.includes("/bench/")) return "bench harness";
  return "other JS";
}

let total = 0;
const cats = new Map();
const fns = new Map();
const sources = {};
for (const [id, t] of self) {
  const n = byId.get(id);
  total += t;
  const c = category(n);
  cats.set(c, (cats.get(c) ?? 0) + t);
  const cf = n.callFrame;
  let key = `${cf.functionName || "(anonymous)"}  ${cf.url.replace(/^.*\//, "")}${cf.url ? ":" + (cf.lineNumber + 1) + ":" + (cf.columnNumber + 1) : ""}`;
  // minified bundles: show the source around the function's position
  if (cf.url.startsWith("file://") && cf.url.includes("astro-platform-client")) {
    try {
      sources[cf.url] ??= fs.readFileSync(new URL(cf.url), "utf8").split("\n");
      const line = sources[cf.url][cf.lineNumber] ?? "";
      key += `  \u00ab${line.slice(cf.columnNumber, cf.columnNumber + 90)}\u00bb`;
    } catch {}
  }
  fns.set(key, (fns.get(key) ?? 0) + t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const busy = total - (cats.get("idle") ?? 0);
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy`);
console.log("\nself time by category:");
for (const [c, t] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(t)}  ${(t / 1000).toFixed(1).padStart(8)} ms  ${c}`);
// wasm self time by what the function belongs to
const wasmGroups = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  if (!n.callFrame.url.startsWith("wasm://") || /^wasm-function\[/.test(n.callFrame.functionName)) continue;
  const f = n.callFrame.functionName;
  const g =
    /Utf8Chunks|from_utf8_lossy/.test(f) ? "UTF-8 lossy conversion of the body (String::from_utf8_lossy)"
    : /dlmalloc|__rdl_|__rust_(alloc|dealloc|realloc)|RawVec|alloc::raw_vec/.test(f) ? "allocator (malloc/free/realloc)"
    : /serde_json::read|serde_json::de::Deserializer<R>::|MapAccess|SeqAccess|parse_object_colon|ignore_|skip_to_escape/.test(f) ? "serde_json parsing (strings, keys, structure)"
    : /Deserialize for alloc::string::String|serde_core::de::impls/.test(f) ? "serde: building owned Strings/Vecs"
    : /models::|FieldVisitor|PhantomData<T> as serde_core::de::DeserializeSeed/.test(f) ? "serde derive of the models (field matching, struct building)"
    : /futures|Queue|wasm_bindgen_futures|Closure|closure/.test(f) ? "wasm-bindgen futures / closures (promise plumbing)"
    : /^wasm-to-js|^js-to-wasm|__wbg|__wbindgen/.test(f) ? "JS<->wasm boundary stubs"
    : /fmt::/.test(f) ? "core::fmt (formatting)"
    : /astro_platform_client::wasm/.test(f) ? "astro_platform_client::wasm (the layer itself)"
    : /astro_platform_client/.test(f) ? "astro_platform_client core (other)"
    : "other wasm";
  wasmGroups.set(g, (wasmGroups.get(g) ?? 0) + t);
}
if (wasmGroups.size) {
  const w = [...wasmGroups.values()].reduce((a, b) => a + b, 0);
  console.log(`\nwasm self time by kind (${(w / 1000).toFixed(0)} ms):`);
  for (const [g, t] of [...wasmGroups].sort((a, b) => b[1] - a[1])) console.log(`  ${((100 * t) / w).toFixed(1).padStart(5)}% of wasm  ${(t / 1000).toFixed(1).padStart(8)} ms  ${g}`);
}
console.log(`\ntop ${topArg} functions by self time:`);
for (const [k, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(`  ${pct(t)}  ${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`);
