// Starts the real emulator binary on an ephemeral loopback port and stops it again.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./pkg.mjs";

export const EMULATOR_BIN = process.env.ASTRO_EMULATOR || path.join(ROOT, "target/release/astro-emulator");
export const DEMO_TOKEN = "astro-demo-token";

/** Resolves to { origin, baseUrl, token, stop() } once the emulator printed its listening line. */
export function startEmulator(args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(EMULATOR_BIN, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    const timer = setTimeout(() => fail(new Error(`the emulator did not start within 30 s\n${out}\n${err}`)), 30_000);
    function fail(e) { if (!done) { done = true; clearTimeout(timer); child.kill("SIGKILL"); reject(e); } }
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        const origin = m[1].replace(/\/$/, "");
        const token = (out.match(/^token: (\S+)/m) || [])[1] || DEMO_TOKEN;
        resolve({
          origin,
          baseUrl: `${origin}/platform/v1beta1`,
          token: token.split("@")[0],
          stop: () => new Promise((r) => {
            if (child.exitCode !== null) { r(); return; }
            child.once("exit", () => r());
            child.kill("SIGTERM");
          }),
        });
      }
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("error", (e) => fail(e));
    child.on("exit", (code) => fail(new Error(`the emulator exited with ${code}\n${out}\n${err}`)));
  });
}
