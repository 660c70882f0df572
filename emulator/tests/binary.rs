//! The real binary: start lines on stdout with --port 0, static files with content types.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(args: &[&str]) -> (Guard, String, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_astro-emulator"))
        .args(args)
        .env_remove("ASTRO_EMULATOR_TOKENS")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("a first line").unwrap();
    let url = first
        .strip_prefix("astro-emulator listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    let mut tokens = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        match line.strip_prefix("token: ") {
            Some(t) => tokens.push(t.split_whitespace().next().unwrap().to_string()),
            None => break,
        }
    }
    (Guard(child), url, tokens)
}

#[tokio::test]
async fn prints_start_lines_and_serves_static_files() {
    let www = tempfile::tempdir().unwrap();
    let pkg = tempfile::tempdir().unwrap();
    std::fs::write(
        www.path().join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::write(www.path().join("app.css"), "body{}").unwrap();
    std::fs::create_dir(pkg.path().join("dist")).unwrap();
    std::fs::write(pkg.path().join("dist/index.js"), "export const x = 1;").unwrap();
    std::fs::write(
        pkg.path().join("dist/index.d.ts"),
        "export declare const x: number;",
    )
    .unwrap();
    std::fs::write(
        pkg.path().join("dist/core.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0],
    )
    .unwrap();
    std::fs::write(
        pkg.path().join("package.json"),
        "{\"name\":\"astro-platform-client\"}",
    )
    .unwrap();
    let secret = www
        .path()
        .parent()
        .unwrap()
        .join(format!("secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "do not serve").unwrap();

    let (_guard, url, tokens) = spawn(&[
        "--port",
        "0",
        "--www",
        www.path().to_str().unwrap(),
        "--pkg",
        pkg.path().to_str().unwrap(),
        "--token",
        "t-one",
        "--token",
        "t-two@cl0acme0org00000000000001",
    ]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(tokens, ["t-one", "t-two"]);
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(format!("{url}{path}")).send();
    let check = |resp: reqwest::Response, ct: &str| {
        assert_eq!(resp.status().as_u16(), 200, "{}", resp.url());
        let got = resp.headers()["content-type"].to_str().unwrap().to_string();
        assert!(got.starts_with(ct), "{}: {got}", resp.url());
    };
    check(get("/").await.unwrap(), "text/html");
    check(get("/index.html").await.unwrap(), "text/html");
    check(get("/app.css").await.unwrap(), "text/css");
    check(get("/pkg/dist/index.js").await.unwrap(), "text/javascript");
    check(
        get("/pkg/dist/index.d.ts").await.unwrap(),
        "application/typescript",
    );
    check(
        get("/pkg/dist/core.wasm").await.unwrap(),
        "application/wasm",
    );
    check(get("/pkg/package.json").await.unwrap(), "application/json");
    let page = get("/").await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    let script = get("/pkg/dist/index.js").await.unwrap();
    assert!(
        script.headers().get("content-security-policy").is_none(),
        "CSP belongs on pages only"
    );
    let body = page.text().await.unwrap();
    assert!(body.contains("console"));
    let name = secret.file_name().unwrap().to_str().unwrap();
    for bad in [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/pkg/..%2f..%2f{name}"),
        "/missing.js".into(),
    ] {
        let r = get(&bad).await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "{bad}");
        assert!(!r.text().await.unwrap().contains("do not serve"));
    }
    // Raw request with a literal ../ (reqwest would normalize it away).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.strip_prefix("http://").unwrap();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET /../{name} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf);
    assert!(!text.contains("do not serve"), "{text}");
    // The API answers with the printed tokens.
    let r = client
        .get(format!("{url}/platform/v1beta1/organizations"))
        .bearer_auth("t-two")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["totalCount"], 1);
    let r = client
        .get(format!("{url}/platform/v1beta1/organizations"))
        .bearer_auth("astro-demo-token")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        401,
        "the default token is replaced by --token"
    );
    let _ = std::fs::remove_file(&secret);
}

#[tokio::test]
async fn default_token_and_bad_flags() {
    let (_guard, url, tokens) = spawn(&["--port", "0"]);
    assert_eq!(tokens, ["astro-demo-token"]);
    let r = reqwest::Client::new()
        .get(format!("{url}/platform/v1beta1/organizations"))
        .bearer_auth("astro-demo-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let out = Command::new(env!("CARGO_BIN_EXE_astro-emulator"))
        .args(["--port", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--port"));
    let out = Command::new(env!("CARGO_BIN_EXE_astro-emulator"))
        .args(["--fault", "status=1000"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[tokio::test]
async fn env_tokens_and_symlinks_out_of_the_root() {
    let www = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "outside the root").unwrap();
    std::os::unix::fs::symlink(outside.path(), www.path().join("link")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_astro-emulator"))
        .args(["--port", "0", "--www", www.path().to_str().unwrap()])
        .env(
            "ASTRO_EMULATOR_TOKENS",
            "env-a, env-b@cl0acme0org00000000000001",
        )
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let guard = Guard(child);
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("astro-emulator listening on ")
        .unwrap()
        .to_string();
    let t1 = lines.next().unwrap().unwrap();
    let t2 = lines.next().unwrap().unwrap();
    assert_eq!(t1, "token: env-a");
    assert!(t2.starts_with("token: env-b "), "{t2}");
    let r = reqwest::get(format!("{url}/link/secret.txt"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(!r.text().await.unwrap().contains("outside the root"));
    let r = reqwest::Client::new()
        .get(format!("{url}/platform/v1beta1/organizations"))
        .bearer_auth("env-a")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    drop(guard);
}

/// SIGKILL in the middle of a burst of writes never leaves a damaged state file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_during_writes_leaves_a_loadable_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let file_arg = file.to_str().unwrap().to_string();
    for round in 0..3 {
        let (guard, url, _) = spawn(&["--port", "0", "--data", &file_arg]);
        let api =
            format!("{url}/platform/v1beta1/organizations/cl0acme0org00000000000001/workspaces");
        let client = reqwest::Client::new();
        let mut tasks = Vec::new();
        for i in 0..8 {
            let (client, api) = (client.clone(), api.clone());
            tasks.push(tokio::spawn(async move {
                for j in 0..1000 {
                    let body = serde_json::json!({"name": format!("r{round}-t{i}-{j}")});
                    if client
                        .post(&api)
                        .bearer_auth("astro-demo-token")
                        .json(&body)
                        .send()
                        .await
                        .is_err()
                    {
                        break; // the server is gone
                    }
                }
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(400 + 150 * round)).await;
        drop(guard); // SIGKILL mid-burst
        for t in tasks {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(30), t).await;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&text).expect("the state file is whole JSON");
        assert_eq!(v["format"], "astro-emulator-state");
    }
    // The last file loads, and holds writes from the bursts.
    let (_guard, url, _) = spawn(&["--port", "0", "--data", &file_arg]);
    let r = reqwest::Client::new()
        .get(format!(
            "{url}/platform/v1beta1/organizations/cl0acme0org00000000000001/workspaces?limit=1000"
        ))
        .bearer_auth("astro-demo-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert!(v["totalCount"].as_u64().unwrap() > 4, "{}", v["totalCount"]);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "state.json")
        .collect();
    // A kill between create and rename may leave a temp file; it never replaces the state.
    assert!(
        leftovers.iter().all(|n| n.starts_with(".state.json.tmp-")),
        "{leftovers:?}"
    );
}
