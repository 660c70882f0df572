// Prints the size of what `make pkg` built (for pkg/README.md's "Size" section): every file of
// pkg/dist raw / gzip -9 / brotli 11, and the npm tarball. Usage: node scripts/pkg-sizes.mjs
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const files = readdirSync(join(pkg, "dist"), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(join(pkg, "dist").length + 1))
  .sort();
for (const f of files) {
  if (f.endsWith(".d.ts") || f.endsWith(".d.cts")) continue;
  const raw = readFileSync(join(pkg, "dist", f));
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
  console.log(`dist/${f.padEnd(15)} ${kb(raw.length).padStart(10)} raw ${kb(gz).padStart(10)} gzip ${kb(br).padStart(10)} brotli`);
}
const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkg, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
console.log(`npm tarball ${kb(packed.size)} (${packed.entryCount} files, ${kb(packed.unpackedSize)} unpacked)`);
