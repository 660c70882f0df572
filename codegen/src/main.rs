//! `cargo run -p codegen`: generates, for every contract `spec/*.yaml`, the module
//! `src/<version>/` of the crate (operation registry, schema tables, models, inputs, typed
//! responses, TypeScript declarations), and for every test contract `tests/contracts/*.yaml` the
//! same into `tests/generated/<version>/`. `cargo run -p codegen -- --check` writes nothing and
//! fails when a generated file differs from what the contracts give (run by `make test`).

mod client;
mod contract;
mod emit;
mod names;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn rustfmt(code: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt ({e}): `rustup component add rustfmt`"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(code.as_bytes())
            .map_err(|e| format!("rustfmt: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt rejected the generated code: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt: {e}"))
}

/// Every contract and where its module goes: `spec/*.yaml` into `src/<version>/` (modules of
/// the crate), `tests/contracts/*.yaml` into `tests/generated/<version>/` (test fixtures of the
/// generator, which reach the crate as `astro_platform_client`).
fn contracts(root: &Path) -> Result<Vec<(PathBuf, &'static str, &'static str)>, String> {
    let mut out = Vec::new();
    for (dir, target, krate) in [
        ("spec", "src", "crate"),
        (
            "tests/contracts",
            "tests/generated",
            "astro_platform_client",
        ),
    ] {
        let full = root.join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&full)
            .map_err(|e| format!("{}: {e}", full.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (f, target, krate)));
    }
    Ok(out)
}

fn run(check: bool) -> Result<Vec<String>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stale = Vec::new();
    for (path, target_dir, krate) in contracts(&root)? {
        let rel = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| path.display().to_string());
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
        let api = contract::read(&text, &rel)?;
        let dir = root.join(target_dir).join(&api.module);
        for (name, code) in emit::files(&api)? {
            let code = if krate == "crate" {
                code
            } else {
                code.replace("crate::", &format!("{krate}::"))
            };
            let code = rustfmt(&code)?;
            let target = dir.join(&name);
            let shown = format!("{target_dir}/{}/{name}", api.module);
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
        // The native client's typed surface of the version: src/client/<module>.rs (the
        // crate's own contracts only; the generator's test contracts have no client).
        let client_files = if krate == "crate" {
            client::files(&api)?
        } else {
            Vec::new()
        };
        for (shown, code) in client_files {
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
            "codegen: {rel} -> {target_dir}/{}/ ({} operations, {} objects, {} unions, {} enums)",
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
