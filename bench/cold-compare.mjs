// Node cold start of several builds of the package side by side (for bench/PROFILE.md): starts the
// fixed-body server, then runs bench/cold-node.mjs in fresh processes, builds interleaved, and
// prints the median [min-max] of import, first request and first response per build.
//   node bench/cold-compare.mjs label=path/to/dist/index.js [label2=...] [--runs 15]
import { spawn, execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const runs = Number(argv.indexOf("--runs") >= 0 ? argv[argv.indexOf("--runs") + 1] : "15");
const builds = argv.filter((a) => a.includes("=") && !a.startsWith("--")).map((a) => a.split("="));
if (!builds.length) throw new Error("usage: node bench/cold-compare.mjs label=path/to/dist/index.js [...] [--runs N]");

const srv = spawn(process.execPath, [path.join(here, "server.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((resolve) => srv.stdout.on("data", (d) => { const m = String(d).match(/listening on (http:\S+)/); if (m) resolve(m[1]); }));
const base = `${origin}/platform/v1beta1`;
const samples = Object.fromEntries(builds.map(([l]) => [l, []]));
try {
  for (let r = -1; r < runs; r++) {
    for (let j = 0; j < builds.length; j++) {
      const [label, file] = builds[(j + r + 1) % builds.length];
      const env = { ...process.env, BENCH_PKG: path.resolve(file) };
      const { stdout } = await execFileP(process.execPath, [path.join(here, "cold-node.mjs"), "package", base], { cwd: here, env });
      if (r >= 0) samples[label].push(JSON.parse(stdout));
    }
  }
} finally {
  srv.kill();
}
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[s.length >> 1].toFixed(1)} [${s[0].toFixed(1)}–${s[s.length - 1].toFixed(1)}]`;
};
console.log(`runs per build: ${runs}; ms, median [min–max]`);
console.log(["build", "import", "first request", "first response", "CPU: import", "CPU: first request"].join("\t"));
for (const [label] of builds) {
  const xs = samples[label];
  console.log([label, stat(xs.map((x) => x.importMs)), stat(xs.map((x) => x.firstRequestMs)), stat(xs.map((x) => x.firstResponseMs)), stat(xs.map((x) => x.importCpuMs)), stat(xs.map((x) => x.firstRequestCpuMs))].join("\t"));
}
