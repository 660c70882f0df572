// Runs the pinned TypeScript compiler inside the temporary consumer project.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

const project = process.env.ASTRO_PROJECT_DIR;
const tscPath = path.join(project ?? ".", "node_modules", "typescript", "bin", "tsc");

export function tsc(args) {
  const r = spawnSync(process.execPath, [tscPath, ...args], { cwd: project, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** `tsc --strict --noEmit` of types/<file> (consumer.ts) with lib ES2022 + DOM and no @types. */
export function compileConsumer({ moduleResolution, module, skipLibCheck, file = "consumer.ts" }) {
  const tsconfig = path.join(project, `tsconfig.${file}.${moduleResolution}.${skipLibCheck ? "skiplib" : "libcheck"}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module,
          moduleResolution,
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
          skipLibCheck,
          noUncheckedIndexedAccess: true,
        },
        files: [`types/${file}`],
      },
      null,
      2,
    ),
  );
  return tsc(["-p", tsconfig]);
}
