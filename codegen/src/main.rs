//! `cargo run -p codegen`: generates, for every contract `spec/*.yaml`, the module
//! `src/<version>/` of the crate (operation registry, schema tables, models, inputs, typed
//! responses, TypeScript declarations). `cargo run -p codegen -- --check` writes nothing and
//! fails when a generated file differs from what the contracts give (run by `make test`).

mod client;
mod contract;
mod emit;
mod names;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::io::Write;

fn rustfmt(code: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt ({e}): `rustup component add rustfmt`"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(code.as_bytes()).map_err(|e| format!("rustfmt: {e}"))?;
    }
    let out = child.wait_with_output().map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!("rustfmt rejected the generated code: {}", String::from_utf8_lossy(&out.stderr)));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt: {e}"))
}

fn contracts(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("spec");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    Ok(out)
}

fn run(check: bool) -> Result<Vec<String>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stale = Vec::new();
    for path in contracts(&root)? {
        let rel = format!("spec/{}", path.file_name().and_then(|n| n.to_str()).unwrap_or_default());
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
        let api = contract::read(&text, &rel)?;
        let dir = root.join("src").join(&api.module);
        for (name, code) in emit::files(&api)? {
            let code = rustfmt(&code)?;
            let target = dir.join(&name);
            let shown = format!("src/{}/{name}", api.module);
            let current = std::fs::read_to_string(&target).unwrap_or_default();
            if current == code {
                continue;
            }
            stale.push(shown);
            if !check {
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                std::fs::write(&target, code).map_err(|e| format!("{}: {e}", target.display()))?;
            }
        }
        // The native client's typed surface of the version: src/client/<module>.rs.
        for (shown, code) in client::files(&api)? {
            let code = rustfmt(&code)?;
            let target = root.join(&shown);
            if std::fs::read_to_string(&target).unwrap_or_default() == code {
                continue;
            }
            stale.push(shown);
            if !check {
                std::fs::write(&target, code).map_err(|e| format!("{}: {e}", target.display()))?;
            }
        }
        println!(
            "codegen: {rel} -> src/{}/ ({} operations, {} objects, {} unions, {} enums)",
            api.module,
            api.ops.len(),
            api.objects.len(),
            api.unions.len(),
            api.enums.len()
        );
    }
    Ok(stale)
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    match run(check) {
        Ok(stale) if check && !stale.is_empty() => {
            eprintln!("codegen: generated files are stale (run `cargo run -p codegen`):");
            for s in stale {
                eprintln!("  {s}");
            }
            ExitCode::FAILURE
        }
        Ok(stale) => {
            if check {
                println!("codegen: generated files are up to date");
            } else {
                println!("codegen: {} file(s) written", stale.len());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("codegen: {e}");
            ExitCode::FAILURE
        }
    }
}
