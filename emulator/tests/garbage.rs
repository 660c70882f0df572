//! Bad input never breaks the server: every operation answers garbage with a 4xx error body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use reqwest::Method;

#[tokio::test]
async fn garbage_bodies_paths_and_queries_get_4xx() {
    let emu = start(config()).await;
    let org = emu.org_url("");
    let id = "clnotthere0000000000000000";
    let targets: Vec<(Method, String)> = vec![
        (Method::POST, org.clone()),
        (Method::POST, format!("{org}/clusters")),
        (Method::POST, format!("{org}/clusters/{id}")),
        (Method::POST, format!("{org}/workspaces")),
        (Method::POST, format!("{org}/workspaces/{id}")),
        (Method::POST, format!("{org}/deployments")),
        (Method::POST, format!("{org}/deployments/{id}")),
    ];
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bodies: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"1".to_vec(),
        b"\"text\"".to_vec(),
        b"[]".to_vec(),
        b"{}".to_vec(),
        b"{\"type\": null, \"cloudProvider\": 7}".to_vec(),
        b"{\"type\": \"DEDICATED\", \"cloudProvider\": \"AWS\", \"name\": {\"deep\": [1,2,3]}}"
            .to_vec(),
        b"{\"name\": 1e400}".to_vec(),
        b"{\"name\": \"\\ud800\"}".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x7b],
        deep.into_bytes(),
        b"{\"a\":".to_vec(),
    ];
    for (method, url) in &targets {
        for body in &bodies {
            let resp = emu
                .client
                .request(method.clone(), url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            assert!(
                (400..500).contains(&status),
                "{method} {url} {:?} -> {status} {text}",
                String::from_utf8_lossy(body)
            );
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["statusCode"], status);
        }
    }
    // Odd paths and queries.
    for path in [
        format!("{org}/workspaces/%FF%FE"),
        format!("{org}/workspaces/a%2Fb"),
        format!("{org}/workspaces/{}", "x".repeat(5000)),
        format!("{org}/deployments?limit=99999999999999999999999"),
        format!("{org}/deployments?offset=1.5"),
        format!("{org}/deployments?sorts=name"),
        format!("{org}/deployments?limit=1&limit=2"),
        format!("{org}/deployments?%FF=%FE"),
        format!("{org}/cluster-options?type=DEDICATED&provider="),
        format!("{}/organizations/{}/workspaces", emu.api, "%00"),
        format!("{}/organizations//workspaces", emu.api),
    ] {
        let r = emu.get(&path).await;
        assert!(
            (400..500).contains(&r.status),
            "{path} -> {} {}",
            r.status,
            r.text
        );
        assert_eq!(r.json["statusCode"], r.status, "{path}");
    }
    // Still healthy afterwards.
    assert_eq!(emu.get(&emu.org_url("/deployments")).await.status, 200);
}

#[tokio::test]
async fn non_json_content_type_is_415() {
    let emu = start(config()).await;
    for ct in [
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
    ] {
        let r = emu
            .client
            .post(emu.org_url("/workspaces"))
            .bearer_auth(TOKEN)
            .header("content-type", ct)
            .body("{\"name\":\"x\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 415, "{ct}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["statusCode"], 415);
    }
    // application/json with parameters, and no content-type at all, are accepted.
    let r = emu
        .client
        .post(emu.org_url("/workspaces"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json; charset=utf-8")
        .body("{\"name\":\"x\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = emu
        .client
        .post(emu.org_url("/workspaces"))
        .bearer_auth(TOKEN)
        .body("{\"name\":\"y\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
