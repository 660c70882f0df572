// What the transport choices cost in plain JS (no wasm), against the fixed-body server:
// the ways the package's wasm layer can drive fetch and read a body.
//   node bench/micro/transport.mjs [rounds=15]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ORG_ID, TOKEN, cuid } from "../fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const srv = spawn(process.execPath, [path.join(here, "..", "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((r) => srv.stdout.on("data", (d) => { const m = String(d).match(/(http:\S+)/); if (m) r(m[1]); }));
const base = `${origin}/platform/v1beta1/organizations/${ORG_ID}/deployments`;
const urls = { get: `${base}/${cuid("dp", 0)}`, list100: `${base}?offset=0&limit=100`, list1000: `${base}?offset=0&limit=1000` };
const headers = { authorization: `Bearer ${TOKEN}`, accept: "application/json" };
const dec = new TextDecoder();
const callerSignal = new AbortController().signal;

async function readChunks(res) {
  const reader = res.body.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    n += value.length;
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return all;
}

const variants = {
  "fetch(url, init) + res.json()": async (u) => (await fetch(u, { headers })).json(),
  "+ AbortController + setTimeout/clearTimeout": async (u) => {
    const c = new AbortController();
    const t = setTimeout(() => c.abort(), 30000);
    try { return await (await fetch(u, { headers, signal: c.signal })).json(); } finally { clearTimeout(t); }
  },
  "+ AbortSignal.timeout(30000) (native timer)": async (u) => (await fetch(u, { headers, signal: AbortSignal.timeout(30000) })).json(),
  "+ AbortSignal.any([timeout, caller signal])": async (u) => (await fetch(u, { headers, signal: AbortSignal.any([AbortSignal.timeout(30000), callerSignal]) })).json(),
  "new Headers + new Request + fetch(req) + json": async (u) => {
    const h = new Headers();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    return (await fetch(new Request(u, { headers: h }))).json();
  },
  "res.text() + JSON.parse": async (u) => JSON.parse(await (await fetch(u, { headers })).text()),
  "res.arrayBuffer() + TextDecoder + JSON.parse": async (u) => JSON.parse(dec.decode(await (await fetch(u, { headers })).arrayBuffer())),
  "getReader() chunk loop + concat + TextDecoder + JSON.parse": async (u) => JSON.parse(dec.decode(await readChunks(await fetch(u, { headers })))),
};
const rounds = Number(process.argv[2] ?? 15);
const calls = { get: 40, list100: 8, list1000: 2 };
for (const [kase, u] of Object.entries(urls)) {
  const names = Object.keys(variants);
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -2; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + r + 2) % names.length];
      gc();
      const c0 = process.cpuUsage();
      for (let i = 0; i < calls[kase]; i++) await variants[n](u);
      const c = process.cpuUsage(c0);
      if (r >= 0) cpu[n].push((c.user + c.system) / 1000 / calls[kase]);
    }
  }
  const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const b = med(cpu[names[0]]);
  console.log(`-- ${kase}: client CPU per call, median of ${rounds} rounds`);
  for (const n of names) { const m = med(cpu[n]); console.log(`  ${m.toFixed(3).padStart(8)} ms  ${(m / b).toFixed(2)}×  ${n}`); }
}
srv.kill();
