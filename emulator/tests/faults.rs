//! Every fault mode of the contract, observed by real HTTP clients on loopback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn with_fault(
    emu: &Emu,
    method: Method,
    url: &str,
    fault: &str,
    body: Option<Value>,
) -> Reply {
    emu.raw(
        method,
        url,
        Some(TOKEN),
        &[("x-emulator-fault", fault)],
        body.map(|b| b.to_string()),
    )
    .await
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let emu = start(config()).await;
    let t = Instant::now();
    let r = with_fault(
        &emu,
        Method::GET,
        &emu.org_url("/workspaces"),
        "latency=400",
        None,
    )
    .await;
    let took = t.elapsed();
    assert_eq!(r.status, 200);
    assert!(took >= Duration::from_millis(400), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    // latency + status: delayed error.
    let t = Instant::now();
    let r = with_fault(
        &emu,
        Method::GET,
        &emu.org_url("/workspaces"),
        "latency=200; status=500",
        None,
    )
    .await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_error(&r, 500);
}

#[tokio::test]
async fn status_codes_with_json_html_empty_bodies_and_retry_after() {
    let emu = start(config()).await;
    let url = emu.org_url("/deployments");
    let r = with_fault(&emu, Method::GET, &url, "status=429; retry-after=3", None).await;
    assert_error(&r, 429);
    assert_eq!(r.header("retry-after").as_deref(), Some("3"));
    assert_conforms("listDeployments", 400, &r.json); // same Error schema
    for code in [500u16, 502, 503] {
        let r = with_fault(&emu, Method::GET, &url, &format!("status={code}"), None).await;
        assert_error(&r, code);
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
        let r = with_fault(
            &emu,
            Method::GET,
            &url,
            &format!("status={code}; body=html"),
            None,
        )
        .await;
        assert_eq!(r.status, code);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(r.text.contains("<html>") && r.text.contains(&code.to_string()));
        assert!(serde_json::from_str::<Value>(&r.text).is_err());
        let r = with_fault(
            &emu,
            Method::GET,
            &url,
            &format!("status={code}; body=empty"),
            None,
        )
        .await;
        assert_eq!(r.status, code);
        assert!(r.text.is_empty());
    }
    let r = with_fault(
        &emu,
        Method::GET,
        &url,
        "status=503; body=html; retry-after=Wed, 21 Oct 2026 07:28:00 GMT",
        None,
    )
    .await;
    assert_eq!(
        r.header("retry-after").as_deref(),
        Some("Wed, 21 Oct 2026 07:28:00 GMT")
    );
    // Retry-After alone decorates the real answer.
    let r = with_fault(&emu, Method::GET, &url, "retry-after=1", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));
    // An injected error does not touch the state.
    let r = with_fault(
        &emu,
        Method::POST,
        &emu.org_url("/workspaces"),
        "status=500",
        Some(json!({"name": "never"})),
    )
    .await;
    assert_error(&r, 500);
    let r = emu.get(&emu.org_url("/workspaces?limit=1000")).await;
    assert!(r.json["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["name"] != "never"));
    // A bad fault header is a 400 that names the directive.
    let r = with_fault(&emu, Method::GET, &url, "explode", None).await;
    assert_error(&r, 400);
    assert!(r.json["message"].as_str().unwrap().contains("explode"));
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let emu = start(config()).await;
    let client = reqwest::Client::new();
    let err = client
        .get(emu.org_url("/workspaces"))
        .bearer_auth(TOKEN)
        .header("x-emulator-fault", "drop")
        .send()
        .await
        .expect_err("a dropped request must fail");
    assert!(!err.is_status() && !err.is_timeout(), "{err:?}");
    // Raw socket: the server closes without writing a byte.
    let mut s = tokio::net::TcpStream::connect(emu.server.addr)
        .await
        .unwrap();
    let body = r#"{"name":"lost"}"#;
    let req = format!(
        "POST /platform/v1beta1/organizations/{DEMO_ORG}/workspaces HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {TOKEN}\r\nx-emulator-fault: drop\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf))
        .await
        .expect("closed promptly");
    assert!(n.is_err() || buf.is_empty(), "got {} bytes", buf.len());
    // A dropped request is not applied, and the server keeps serving.
    let r = emu.get(&emu.org_url("/workspaces?limit=1000")).await;
    assert_eq!(r.status, 200);
    assert!(r.json["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["name"] != "lost"));
    let j: Value = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dropped: Vec<&Value> = j
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["fault"] == "drop")
        .collect();
    assert_eq!(dropped.len(), 2);
    assert!(dropped.iter().all(|e| e["status"].is_null()));
}

#[tokio::test]
async fn truncate_sends_full_length_header_but_half_the_body() {
    let emu = start(config()).await;
    let url = emu.org_url("/deployments");
    // reqwest surfaces it as a body error.
    let resp = emu
        .client
        .get(&url)
        .bearer_auth(TOKEN)
        .header("x-emulator-fault", "truncate")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let declared: usize = resp.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 100);
    assert!(
        resp.bytes().await.is_err(),
        "a truncated body must not read cleanly"
    );
    // Raw socket: the header says N bytes, fewer arrive, then the connection closes.
    let mut s = tokio::net::TcpStream::connect(emu.server.addr)
        .await
        .unwrap();
    let req = format!(
        "GET /platform/v1beta1/organizations/{DEMO_ORG}/deployments HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {TOKEN}\r\nx-emulator-fault: truncate\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf))
        .await
        .expect("closed promptly");
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n").expect("headers arrived");
    assert!(head.starts_with("HTTP/1.1 200"));
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("content-length");
    assert!(
        !body.is_empty() && body.len() < len,
        "got {} of {len}",
        body.len()
    );
    assert_eq!(body.len(), len / 2);
}

#[tokio::test]
async fn malformed_answers_200_with_invalid_json() {
    let emu = start(config()).await;
    let r = with_fault(
        &emu,
        Method::GET,
        &emu.org_url("/clusters"),
        "malformed",
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(!r.text.is_empty());
    assert!(
        serde_json::from_str::<Value>(&r.text).is_err(),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn times_and_key_limit_the_fault() {
    let emu = start(config()).await;
    let url = emu.org_url("/workspaces");
    let f = "status=503; retry-after=0; times=2; key=flaky-1";
    assert_eq!(
        with_fault(&emu, Method::GET, &url, f, None).await.status,
        503
    );
    assert_eq!(
        with_fault(&emu, Method::GET, &url, f, None).await.status,
        503
    );
    assert_eq!(
        with_fault(&emu, Method::GET, &url, f, None).await.status,
        200
    );
    assert_eq!(
        with_fault(&emu, Method::GET, &url, f, None).await.status,
        200
    );
    // Another key has its own count.
    let g = "status=502; times=1; key=flaky-2";
    assert_eq!(
        with_fault(&emu, Method::GET, &url, g, None).await.status,
        502
    );
    assert_eq!(
        with_fault(&emu, Method::GET, &url, g, None).await.status,
        200
    );
    // times=1 with drop: the retry after the drop gets through.
    let d = "drop; times=1; key=drop-once";
    let client = reqwest::Client::new();
    let first = client
        .get(&url)
        .bearer_auth(TOKEN)
        .header("x-emulator-fault", d)
        .send()
        .await;
    assert!(first.is_err());
    let second = client
        .get(&url)
        .bearer_auth(TOKEN)
        .header("x-emulator-fault", d)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status().as_u16(), 200);
    // The journal tells which requests carried the key and which were faulted.
    let j: Value = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keyed: Vec<&Value> = j
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["key"] == "flaky-1")
        .collect();
    assert_eq!(keyed.len(), 4);
    assert_eq!(keyed.iter().filter(|e| !e["fault"].is_null()).count(), 2);
    // Reset clears the counters.
    emu.client
        .post(format!("{}/__emulator/reset", emu.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        with_fault(&emu, Method::GET, &url, f, None).await.status,
        503
    );
}

#[tokio::test]
async fn global_fault_flag_applies_to_every_api_request() {
    let mut cfg = config();
    cfg.fault = Some("status=503; times=2".into());
    let emu = start(cfg).await;
    let url = emu.org_url("/workspaces");
    assert_error(&emu.get(&url).await, 503);
    assert_error(&emu.get(&url).await, 503);
    assert_eq!(emu.get(&url).await.status, 200);
    // The header overrides the global fault.
    let mut cfg = config();
    cfg.fault = Some("status=500".into());
    let emu = start(cfg).await;
    assert_error(
        &emu.get(&url.replace(&url[..url.find("/platform").unwrap()], &emu.base))
            .await,
        500,
    );
    let r = with_fault(
        &emu,
        Method::GET,
        &emu.org_url("/workspaces"),
        "latency=1",
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    // Test hooks and static files are never faulted.
    let r = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
