//! The native client's transport policies over real HTTP, against the emulator's fault
//! injection (`x-emulator-fault`) and canned loopback servers: retries with Retry-After, POST
//! not retried (and retried on opt-in), per-attempt timeouts, network errors, the body cap
//! (a 40 MiB body), cancellation by dropping, the token provider, and the token scrubbed from
//! what a server echoes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use astro_platform_client::client::{v1beta1, CallOptions, Error};
use astro_platform_client::retry::GiveUpReason;
use astro_platform_client::v1beta1::inputs::*;
use astro_platform_client::v1beta1::models::CreateWorkspaceRequest;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use client_support::{builder, closed_port, emulator, eventually, serve, TOKEN};

fn fault(spec: &str) -> CallOptions {
    CallOptions::new().header("x-emulator-fault", spec)
}

fn new_workspace(name: &str) -> CreateWorkspaceInput {
    CreateWorkspaceInput {
        organization_id: None,
        body: CreateWorkspaceRequest {
            name: name.into(),
            description: None,
            cicd_enforced_default: None,
        },
    }
}

#[tokio::test]
async fn a_get_is_retried_after_the_servers_retry_after() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let started = Instant::now();
    let page = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("status=503; retry-after=1; times=1; key=ra"),
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 4);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    let gets = emu.requests_to("GET", "/workspaces").await;
    let statuses: Vec<u64> = gets.iter().map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [503, 200]);
}

#[tokio::test]
async fn a_retry_after_longer_than_allowed_fails_at_once() {
    let emu = emulator(300).await;
    let astro = emu
        .v1beta1_builder()
        .max_retry_delay(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("status=429; retry-after=120"),
        )
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status, api.attempts), (429, 1));
    assert_eq!(
        api.gave_up,
        Some(GiveUpReason::RetryAfterTooLong {
            requested_ms: 120_000,
            max_ms: 5_000
        })
    );
    assert!(
        err.to_string()
            .contains("the server asked to wait 120000 ms"),
        "{err}"
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn every_attempt_is_reported_when_retries_run_out() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let err = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("status=502; body=html"),
        )
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.attempts, 3, "the first try and 2 retries");
    assert_eq!(api.failures.len(), 3);
    assert_eq!(
        api.gave_up,
        Some(GiveUpReason::RetriesExhausted { attempts: 3 })
    );
    let text = err.to_string();
    assert!(
        text.starts_with("listWorkspaces failed: HTTP 502 with a text/html body"),
        "{text}"
    );
    assert!(text.contains("(3 attempts: 1) HTTP 502"), "{text}");
    assert_eq!(emu.requests_to("GET", "/workspaces").await.len(), 3);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_call_allows_it() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let err = astro
        .send_with(
            &new_workspace("Once"),
            &fault("status=503; times=1; key=post-1"),
        )
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status, api.attempts), (503, 1));
    assert_eq!(api.gave_up, Some(GiveUpReason::MethodNotRetried));
    assert!(
        err.to_string().contains("CallOptions::retry(true)"),
        "{err}"
    );
    assert_eq!(emu.requests_to("POST", "/workspaces").await.len(), 1);

    emu.clear_journal().await;
    let created = astro
        .send_with(
            &new_workspace("Twice"),
            &fault("status=503; times=1; key=post-2").retry(true),
        )
        .await
        .unwrap();
    assert_eq!(created.name, "Twice");
    let posts = emu.requests_to("POST", "/workspaces").await;
    let statuses: Vec<u64> = posts
        .iter()
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [503, 200]);
    // retry(false) turns retries off for a GET too.
    let err = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("status=503").retry(false),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.attempts == 1),
        "{err:?}"
    );
}

#[tokio::test]
async fn each_attempt_is_bounded_by_the_timeout() {
    let emu = emulator(300).await;
    let astro = emu
        .v1beta1_builder()
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = astro
        .send_with(&ListWorkspacesInput::default(), &fault("latency=5000"))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "{took:?}"
    );
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((t.attempts, t.timeout), (2, Duration::from_millis(200)));
    assert_eq!(t.failures[0].reason, "timed out after 200 ms");
    assert!(
        err.to_string()
            .starts_with("listWorkspaces: no response within 200 ms (2 attempts)"),
        "{err}"
    );
    // The call's own timeout wins over the client's.
    let page = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("latency=400").timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 4);
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error_after_the_retries() {
    let base = closed_port().await;
    let astro = builder::<v1beta1::V1beta1>(&format!("{base}/platform/v1beta1"))
        .organization_id("org")
        .build()
        .unwrap();
    let err = astro
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap_err();
    let Error::Network(n) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(n.attempts, 3);
    assert!(
        n.url.ends_with("/organizations/org/workspaces"),
        "{}",
        n.url
    );
    assert!(std::error::Error::source(&err).is_some());
    let text = err.to_string();
    assert!(
        text.starts_with("listWorkspaces: network error on GET http://"),
        "{text}"
    );
    assert!(text.to_lowercase().contains("connect"), "{text}");
}

#[tokio::test]
async fn a_dropped_or_truncated_answer_is_retried_and_a_malformed_one_is_not() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    for spec in ["drop; times=1; key=d", "truncate; times=1; key=t"] {
        let page = astro
            .send_with(&ListWorkspacesInput::default(), &fault(spec))
            .await
            .unwrap();
        assert_eq!(page.total_count, 4, "{spec}");
    }
    let err = astro
        .send_with(&ListWorkspacesInput::default(), &fault("malformed"))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((d.operation, d.status), ("listWorkspaces", 200));
    assert!(d.message.starts_with("listWorkspaces: "), "{}", d.message);
}

/// A canned server answering every request with `len` bytes of a JSON string, with or without
/// a Content-Length.
async fn big_body_server(len: usize, declared: bool) -> String {
    let body = bytes::Bytes::from(vec![b' '; len]);
    let router = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move {
            let headers = [(header::CONTENT_TYPE, "application/json")];
            if declared {
                (headers, body).into_response()
            } else {
                let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = body
                    .chunks(1 << 20)
                    .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
                    .collect();
                let stream = futures_util::stream::iter(chunks);
                (headers, axum::body::Body::from_stream(stream)).into_response()
            }
        }
    });
    serve(router).await
}

#[tokio::test]
async fn a_40_mib_body_is_refused() {
    for declared in [true, false] {
        let base = big_body_server(40 << 20, declared).await;
        let astro = builder::<v1beta1::V1beta1>(&base)
            .organization_id("org")
            .build()
            .unwrap();
        let started = Instant::now();
        let err = astro
            .list_workspaces(ListWorkspacesInput::default())
            .await
            .unwrap_err();
        let Error::BodyTooLarge(b) = &err else {
            panic!("declared {declared}: {err:?}")
        };
        assert_eq!(
            (b.operation, b.status, b.limit),
            ("listWorkspaces", 200, 32 << 20)
        );
        assert!(
            err.to_string()
                .contains("max_response_bytes (33554432 bytes)"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // The cap is the client's to set.
    let emu = emulator(300).await;
    let astro = emu
        .v1beta1_builder()
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let err = astro
        .list_deployments(ListDeploymentsInput::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(b) if b.limit == 1000),
        "{err:?}"
    );
}

/// Sets its flag when dropped.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn dropping_a_call_cancels_it() {
    let cancelled = Arc::new(AtomicBool::new(false));
    let started_handler = Arc::new(AtomicUsize::new(0));
    let (flag, count) = (cancelled.clone(), started_handler.clone());
    let router = axum::Router::new().fallback(move || {
        let (flag, count) = (flag.clone(), count.clone());
        async move {
            count.fetch_add(1, Ordering::SeqCst);
            let _guard = DropFlag(flag);
            tokio::time::sleep(Duration::from_secs(30)).await;
            StatusCode::NO_CONTENT
        }
    });
    let base = serve(router).await;
    let astro = builder::<v1beta1::V1beta1>(&base)
        .organization_id("org")
        .build()
        .unwrap();
    let call = astro.list_workspaces(ListWorkspacesInput::default());
    let started = Instant::now();
    assert!(tokio::time::timeout(Duration::from_millis(300), call)
        .await
        .is_err());
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(started_handler.load(Ordering::SeqCst), 1);
    // The connection is closed, so the server drops its handler.
    assert!(
        eventually(Duration::from_secs(5), || async {
            cancelled.load(Ordering::SeqCst)
        })
        .await
    );
}

/// The future of a call holds a pointer to its state, not the state (the attempt, its timer,
/// the response being read: a few KB), so it is cheap to move, to keep in a `Vec` and to join.
#[tokio::test]
async fn the_future_of_a_call_is_small() {
    const AT_MOST: usize = 512;
    let astro = builder::<v1beta1::V1beta1>("http://127.0.0.1:9")
        .organization_id("org")
        .build()
        .unwrap();
    let v1 = builder::<astro_platform_client::client::v1::V1>("http://127.0.0.1:9")
        .organization_id("org")
        .build()
        .unwrap();
    let options = fault("status=503");
    // Built, measured and dropped unpolled: nothing is sent.
    let sizes = [
        std::mem::size_of_val(&astro.list_workspaces(ListWorkspacesInput::default())),
        std::mem::size_of_val(&astro.create_workspace(new_workspace("w"))),
        std::mem::size_of_val(&astro.send_with(&new_workspace("w"), &options)),
        std::mem::size_of_val(&v1.get_deployment(
            astro_platform_client::v1::inputs::GetDeploymentInput {
                organization_id: None,
                deployment_id: "d".into(),
            },
        )),
    ];
    for size in sizes {
        assert!(
            size <= AT_MOST,
            "a call's future is {size} bytes: {sizes:?}"
        );
    }
}

/// Calls are `Send` futures: they run as tasks of a multi-threaded runtime, on clones of one
/// client (a generated method and `send` alike), and each gets its own answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_run_as_tasks_of_a_multi_threaded_runtime() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let astro = astro.clone();
        tasks.push(tokio::spawn(async move {
            let name = format!("spawned-{i}");
            let created = astro.create_workspace(new_workspace(&name)).await?;
            let input = GetWorkspaceInput {
                organization_id: None,
                workspace_id: created.id.clone(),
            };
            let fetched = astro.send(&input).await?;
            Ok::<_, Error>((name, fetched.name))
        }));
    }
    for task in tasks {
        let (sent, read) = task.await.unwrap().unwrap();
        assert_eq!(sent, read);
    }
}

#[tokio::test]
async fn the_token_provider_is_asked_before_every_attempt() {
    let emu = emulator(300).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let astro = emu
        .v1beta1_builder()
        .token_provider(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok::<_, std::io::Error>(format!("Bearer {TOKEN}"))
            }
        })
        .build()
        .unwrap();
    let page = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &fault("status=503; times=1; key=provider"),
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 4);
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // A failing provider: nothing is sent.
    emu.clear_journal().await;
    let failing = emu
        .v1beta1_builder()
        .token_provider(|| async { Err::<String, _>(std::io::Error::other("vault is sealed")) })
        .build()
        .unwrap();
    let err = failing
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TokenProvider(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the token provider failed: vault is sealed"
    );
    // A token that cannot go in a header.
    let bad = emu
        .v1beta1_builder()
        .token_provider(|| async { Ok::<_, std::io::Error>("two words") })
        .build()
        .unwrap();
    let err = bad
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.issues[0].path == "token_provider"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("two words"));
    assert!(emu.journal().await.is_empty());
}

#[tokio::test]
async fn a_token_echoed_back_by_the_server_is_redacted() {
    let router = axum::Router::new().fallback(|headers: axum::http::HeaderMap| async move {
        let auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if headers.get("x-decode").is_some() {
            let body = format!("{{\"workspaces\": [{auth}]}}");
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            );
        }
        let body = format!(
            "{{\"message\":\"bad credentials: {auth}\",\"requestId\":\"r1\",\"statusCode\":403}}"
        );
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
    });
    let base = serve(router).await;
    let astro = builder::<v1beta1::V1beta1>(&base)
        .organization_id("org")
        .build()
        .unwrap();
    let err = astro
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.message, "bad credentials: Bearer [redacted]");
    assert!(
        api.body.contains("[redacted]") && !api.body.contains(TOKEN),
        "{}",
        api.body
    );
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    let err = astro
        .send_with(
            &ListWorkspacesInput::default(),
            &CallOptions::new().header("x-decode", "1"),
        )
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.message.contains("Bearer [redacted]"), "{}", d.message);
    assert!(!format!("{err} {err:?}").contains(TOKEN), "{err}");
}

#[tokio::test]
async fn client_and_call_headers_are_sent_and_the_call_wins() {
    let emu = emulator(300).await;
    let astro = emu
        .v1beta1_builder()
        .header("x-team", "data")
        .header("x-trace", "client")
        .user_agent("ops-tool/2")
        .build()
        .unwrap();
    astro
        .send_with(
            &ListWorkspacesInput::default(),
            &CallOptions::new().header("x-trace", "call"),
        )
        .await
        .unwrap();
    let journal = emu.journal().await;
    let headers = &journal[0]["headers"];
    assert_eq!(headers["x-team"], "data");
    assert_eq!(headers["x-trace"], "call");
    assert_eq!(headers["user-agent"], "ops-tool/2");
    assert_eq!(headers["accept"], "application/json");
}
