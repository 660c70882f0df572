// Compares builds of the package side by side with plain fetch (for bench/PROFILE.md): each
// build is loaded from its own dist/index.js, all run in interleaved rounds in one process
// against the fixed-body server; prints client CPU and wall time per call and the ratios.
//   node --expose-gc bench/compare.mjs label=path/to/dist/index.js [label2=...] [--rounds N] [--cases get,list100,list1000]
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { plainFetch, astroPackage, sanityCheck } from "./impls.mjs";
import { createDedicatedBody } from "./fixtures.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (n, d) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : d);
const rounds = Number(opt("--rounds", "15"));
const caseNames = opt("--cases", "get,list100,list1000,create").split(",");
const builds = argv.filter((a) => a.includes("=") && !a.startsWith("--"));

const srv = spawn(process.execPath, [path.join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((resolve) => srv.stdout.on("data", (d) => { const m = String(d).match(/listening on (http:\S+)/); if (m) resolve(m[1]); }));
const base = `${origin}/platform/v1beta1`;
const body = createDedicatedBody();
const impls = { fetch: plainFetch(base) };
for (const b of builds) {
  const [label, file] = b.split("=");
  // "+notimeout": the client with timeoutMs 0 (no per-attempt timer), to price the timer
  impls[label] = astroPackage((await import(pathToFileURL(path.resolve(file)).href)).AstroClient, base, label.includes("+notimeout") ? { timeoutMs: 0 } : {});
}
for (const [n, i] of Object.entries(impls)) await sanityCheck(n, i, body);
const names = Object.keys(impls);
const calls = { get: 30, list100: 6, list1000: 2, create: 30 };
const run = { get: (i) => i.get(), list100: (i) => i.list(100, 0), list1000: (i) => i.list(1000, 0), create: (i) => i.create(body) };
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const kase of caseNames) {
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -2; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + r + 2) % names.length];
      gc();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < calls[kase]; i++) await run[kase](impls[n]);
      const w = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (r >= 0) {
        cpu[n].push((c.user + c.system) / 1000 / calls[kase]);
        wall[n].push(w / calls[kase]);
      }
    }
  }
  console.log(`-- ${kase}: median of ${rounds} interleaved rounds, per call`);
  for (const n of names) {
    const pc = cpu[n].map((x, i) => x / cpu.fetch[i]);
    console.log(`  ${n.padEnd(14)} cpu ${med(cpu[n]).toFixed(3).padStart(7)} ms (${(med(cpu[n]) / med(cpu.fetch)).toFixed(2)}×, paired ${med(pc).toFixed(2)}×)   wall ${med(wall[n]).toFixed(3).padStart(7)} ms (${(med(wall[n]) / med(wall.fetch)).toFixed(2)}×)`);
  }
}
srv.kill();
