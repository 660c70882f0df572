// Starts the real `astro-emulator` binary on an ephemeral port and talks to its test hooks.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";

export function repoRoot() {
  const root = process.env.ASTRO_REPO_ROOT;
  if (!root) throw new Error("ASTRO_REPO_ROOT is not set: run the suites through scripts/test-js.sh");
  return root;
}

export function emulatorBinary() {
  const bin = process.env.ASTRO_EMULATOR_BIN ?? path.join(repoRoot(), "target/release/astro-emulator");
  if (!existsSync(bin)) throw new Error(`emulator binary missing at ${bin}: build it with \`cargo build --release -p astro-emulator\``);
  return bin;
}

/**
 * Start an emulator. Resolves once it printed its `listening on` line and its token lines.
 * @param {string[]} args extra flags (e.g. ["--token", "t1", "--lifecycle-seconds", "2"])
 */
export async function startEmulator(args = []) {
  const bin = emulatorBinary();
  const finalArgs = ["--port", "0", ...args];
  if (!args.includes("--lifecycle-seconds")) finalArgs.push("--lifecycle-seconds", "2");
  const child = spawn(bin, finalArgs, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d.toString();
    if (stderr.length > 20000) stderr = stderr.slice(-20000);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const tokens = [];
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not print its listening line within 20 s; stderr:\n${stderr}`)), 20000);
    let found = null;
    let settleTimer = null;
    const done = () => {
      clearTimeout(timer);
      resolve(found);
    };
    lines.on("line", (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        found = m[1].replace(/\/$/, "");
        // token lines follow immediately; give them a moment
        settleTimer = setTimeout(done, 150);
      }
      const t = /^token:\s*(\S+)/.exec(line.trim());
      if (t) tokens.push(t[1]);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (settleTimer) clearTimeout(settleTimer);
      if (!found) reject(new Error(`emulator exited with ${code} before listening; stderr:\n${stderr}`));
    });
  });
  // keep draining stdout so the child never blocks on a full pipe
  lines.on("line", () => {});

  const emu = {
    origin,
    baseUrl: `${origin}/platform/v1beta1`,
    tokens,
    child,
    async journal() {
      const r = await fetch(`${origin}/__emulator/requests`);
      if (!r.ok) throw new Error(`journal: HTTP ${r.status}`);
      return r.json();
    },
    /** Journal entries whose fault key (or x-test-id header) equals `key`. */
    async journalFor(key) {
      const all = await emu.journal();
      return all.filter((e) => e.key === key || headerOf(e, "x-test-id") === key);
    },
    async reset() {
      const r = await fetch(`${origin}/__emulator/reset`, { method: "POST" });
      if (!r.ok) throw new Error(`reset: HTTP ${r.status}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    },
  };
  return emu;
}

export function headerOf(entry, name) {
  const h = entry?.headers;
  if (!h) return undefined;
  if (Array.isArray(h)) {
    const pair = h.find((p) => String(p[0] ?? p.name).toLowerCase() === name);
    return pair ? (pair[1] ?? pair.value) : undefined;
  }
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Query parameter values of a journal entry, as URLSearchParams. */
export function queryOf(entry) {
  const q = entry?.query;
  if (q == null) return new URLSearchParams();
  if (typeof q === "string") return new URLSearchParams(q.startsWith("?") ? q.slice(1) : q);
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, String(x));
    else p.append(k, String(v));
  }
  return p;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
