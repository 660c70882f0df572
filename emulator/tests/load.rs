//! Load: 50 concurrent connections, more than 10,000 requests, no error and no lost update;
//! once on the v1beta1 routes, then on the v1 routes (the same mix of calls).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 50;
const ROUNDS: usize = 50; // each round: rename, get, list workspaces, list deployments
const INSERTS: usize = 4;

/// Set ASTRO_EMULATOR_LOAD_URL=http://127.0.0.1:PORT to aim the same load at a running emulator
/// (for example the release binary, started with the default token); otherwise an in-process
/// server is used.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_connections_ten_thousand_requests() {
    let emu = start(config()).await;
    let target = std::env::var("ASTRO_EMULATOR_LOAD_URL").ok();
    // One after the other, so the two figures do not share the machine.
    load(&emu, target.as_deref(), "/platform/v1beta1", "v1beta1").await;
    load(&emu, target.as_deref(), "/v1", "v1").await;
}

async fn load(emu: &Emu, target: Option<&str>, base_path: &str, label: &'static str) {
    let origin = target
        .map(|t| t.trim_end_matches('/').to_string())
        .unwrap_or_else(|| emu.base.clone());
    let org_url = |rest: &str| format!("{origin}{base_path}/organizations/{DEMO_ORG}{rest}");
    let seeded = emu.get(&org_url("/workspaces")).await.json["totalCount"]
        .as_u64()
        .unwrap() as usize;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let list = org_url("/workspaces");
        let deployments = org_url("/deployments?limit=5&sorts=name:asc");
        tasks.push(tokio::spawn(async move {
            // One client per task: its own keep-alive connection.
            let mut headers = reqwest::header::HeaderMap::new();
            if label == "v1" {
                headers.insert("x-api-version", reqwest::header::HeaderValue::from_static("1.0"));
            }
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .default_headers(headers)
                .build()
                .unwrap();
            let mut requests = 0usize;
            let mut failures = Vec::new();
            fn check(requests: &mut usize, failures: &mut Vec<String>, status: u16, what: &str) {
                *requests += 1;
                if !(200..300).contains(&status) {
                    failures.push(format!("{what}: {status}"));
                }
            }
            let r = client.post(&list).bearer_auth(TOKEN).json(&json!({"name": format!("load-{c}")})).send().await.unwrap();
            check(&mut requests, &mut failures, r.status().as_u16(), "create");
            let id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
            let one = format!("{list}/{id}");
            let mut last = String::new();
            for round in 0..ROUNDS {
                last = format!("load-{c}-r{round}");
                let body = json!({"name": last, "description": format!("round {round}"), "cicdEnforcedDefault": round % 2 == 0});
                let r = client.post(&one).bearer_auth(TOKEN).json(&body).send().await.unwrap();
                check(&mut requests, &mut failures, r.status().as_u16(), "rename");
                let echoed = r.json::<Value>().await.unwrap()["name"].as_str().unwrap_or_default().to_string();
                if echoed != last {
                    failures.push(format!("rename echoed {echoed}, expected {last}"));
                }
                let r = client.get(&one).bearer_auth(TOKEN).send().await.unwrap();
                check(&mut requests, &mut failures, r.status().as_u16(), "get");
                let seen = r.json::<Value>().await.unwrap()["name"].as_str().unwrap_or_default().to_string();
                if seen != last {
                    failures.push(format!("read {seen} after writing {last}"));
                }
                let r = client.get(format!("{list}?limit=10&offset={}", round % 7)).bearer_auth(TOKEN).send().await.unwrap();
                check(&mut requests, &mut failures, r.status().as_u16(), "list workspaces");
                let _ = r.bytes().await.unwrap();
                let r = client.get(&deployments).bearer_auth(TOKEN).send().await.unwrap();
                check(&mut requests, &mut failures, r.status().as_u16(), "list deployments");
                let _ = r.bytes().await.unwrap();
            }
            for k in 0..INSERTS {
                let r = client.post(&list).bearer_auth(TOKEN).json(&json!({"name": format!("extra-{c}-{k}")})).send().await.unwrap();
                check(&mut requests, &mut failures, r.status().as_u16(), "insert");
                let _ = r.bytes().await.unwrap();
            }
            (id, last, requests, failures)
        }));
    }
    let mut total = 0;
    let mut expected = Vec::new();
    for t in tasks {
        let (id, last, n, failures) = tokio::time::timeout(Duration::from_secs(300), t)
            .await
            .expect("bounded")
            .unwrap();
        assert!(failures.is_empty(), "{failures:?}");
        total += n;
        expected.push((id, last));
    }
    let secs = started.elapsed().as_secs_f64();
    // Written to the stderr handle directly so it shows with or without --nocapture.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "load test ({label} routes): {total} requests over {CONNECTIONS} connections in {secs:.2} s = {:.0} req/s (no errors; server: {})",
        total as f64 / secs,
        target.unwrap_or("in-process, this build's profile")
    );
    assert!(total >= 10_000, "{total}");
    // No lost update: every workspace carries its last rename, and every insert is there.
    let r = emu.get(&org_url("/workspaces?limit=1000")).await;
    let all = r.json["workspaces"].as_array().unwrap();
    assert_eq!(
        r.json["totalCount"].as_u64().unwrap() as usize,
        seeded + CONNECTIONS * (1 + INSERTS)
    );
    for (id, last) in expected {
        let w = all
            .iter()
            .find(|w| w["id"] == id.as_str())
            .expect("workspace kept");
        assert_eq!(w["name"], last.as_str());
    }
}
