//! Shared helpers of the native client's tests (`tests/client_*.rs`, feature `client`): the
//! emulator in-process on an ephemeral loopback port (one per lifecycle and test binary, reset
//! to its seed for each test), clients pointed at it, its request journal, and small canned
//! loopback servers for what the emulator does not serve.
//!
//! The emulator serves the v1beta1 routes under `/platform/v1beta1`. When it also serves v1
//! under `/v1`, [`Emulator::v1_client`] is the only new helper a v1 test needs (see its doc).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use astro_emulator::{Config, TokenSpec};
use astro_platform_client::client::{v1beta1, ApiVersion, ClientBuilder};
use astro_platform_client::retry::RetryPolicy;
use serde_json::Value;

pub const TOKEN: &str = "astro-demo-token";
pub const DEMO_ORG: &str = astro_emulator::seed::DEMO_ORG_ID;

/// The shared emulator of one lifecycle, as a test uses it: its base URL, a client for its test
/// hooks, and the turn of the test (tests that use an emulator run one at a time, each on the
/// seed state with an empty journal).
pub struct Emulator {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    http: reqwest::Client,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

/// Emulators already started, by lifecycle: each runs on its own thread and runtime for the
/// rest of the test binary (a test's runtime ends with the test).
static STARTED: Mutex<Vec<(u64, String)>> = Mutex::new(Vec::new());

/// One test at a time uses the emulators (they are shared, and reset for each test).
fn turns() -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: OnceLock<Arc<tokio::sync::Mutex<()>>> = OnceLock::new();
    TURNS.get_or_init(Arc::default).clone()
}

/// Starts an emulator whose new resources settle after `lifecycle_ms`; returns its base URL.
fn start_shared(lifecycle_ms: u64) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let config = Config {
                port: 0,
                lifecycle_ms,
                tokens: vec![TokenSpec {
                    token: TOKEN.into(),
                    organization_id: None,
                }],
                ..Config::default()
            };
            let server = astro_emulator::start(config)
                .await
                .expect("emulator starts");
            sender.send(server.base_url()).expect("the test waits");
            server.wait().await;
        });
    });
    receiver.recv().expect("emulator started")
}

/// The emulator whose resources settle after `lifecycle_ms`, reset to its seed, for this test
/// alone (started on first use in the test binary; one start per lifecycle, because a start
/// reads both contracts and takes a while in a debug build).
pub async fn emulator(lifecycle_ms: u64) -> Emulator {
    let turn = turns().lock_owned().await;
    let base = {
        let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
        match started.iter().find(|(ms, _)| *ms == lifecycle_ms) {
            Some((_, base)) => base.clone(),
            None => {
                let base = start_shared(lifecycle_ms);
                started.push((lifecycle_ms, base.clone()));
                base
            }
        }
    };
    let http = astro_platform_client::client::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let reset = http
        .post(format!("{base}/__emulator/reset"))
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success(), "reset: {}", reset.status());
    Emulator {
        base,
        http,
        _turn: turn,
    }
}

/// A retry policy with short backoff, so retried tests take milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay_ms: 10,
        cap_delay_ms: 50,
        ..RetryPolicy::default()
    }
}

/// A builder with the test token, short backoff and `base_url`.
pub fn builder<V: ApiVersion>(base_url: &str) -> ClientBuilder<V> {
    ClientBuilder::<V>::new()
        .base_url(base_url)
        .token(TOKEN)
        .retry_policy(fast_retries())
}

impl Emulator {
    /// The v1beta1 API root.
    pub fn v1beta1_url(&self) -> String {
        format!("{}/platform/v1beta1", self.base)
    }

    /// A v1beta1 client of the demo organization.
    pub fn v1beta1_client(&self) -> v1beta1::Client {
        self.v1beta1_builder().build().expect("client builds")
    }

    pub fn v1beta1_builder(&self) -> v1beta1::ClientBuilder {
        builder::<astro_platform_client::client::V1beta1>(&self.v1beta1_url())
            .organization_id(DEMO_ORG)
    }

    /// A v1 client of the demo organization, for when the emulator serves `/v1` (the branch
    /// `emulator-v1`). Until then, v1 is tested against canned servers (`tests/client_v1.rs`);
    /// a v1 test over the emulator is then `emulator(..).await.v1_client()` plus the calls.
    pub fn v1_client(&self) -> astro_platform_client::client::v1::Client {
        builder::<astro_platform_client::client::V1>(&format!("{}/v1", self.base))
            .organization_id(DEMO_ORG)
            .build()
            .expect("client builds")
    }

    /// The journal of API requests (`GET /__emulator/requests`), oldest first.
    pub async fn journal(&self) -> Vec<Value> {
        let url = format!("{}/__emulator/requests", self.base);
        let bytes = self
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        v.as_array().cloned().unwrap_or_default()
    }

    /// Clears the journal.
    pub async fn clear_journal(&self) {
        let url = format!("{}/__emulator/requests", self.base);
        self.http.delete(url).send().await.unwrap();
    }

    /// The journal entries whose path ends with `suffix` and method is `method`.
    pub async fn requests_to(&self, method: &str, suffix: &str) -> Vec<Value> {
        self.journal()
            .await
            .into_iter()
            .filter(|e| {
                e["method"] == method && e["path"].as_str().is_some_and(|p| p.ends_with(suffix))
            })
            .collect()
    }
}

/// An input read from JSON (handy for the large union bodies).
pub fn input<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid input")
}

/// A DEDICATED CELERY deployment body (createDeployment) in `workspace` on `cluster`.
pub fn dedicated(workspace: &str, cluster: &str) -> Value {
    serde_json::json!({
        "type": "DEDICATED", "name": "client-test", "workspaceId": workspace, "clusterId": cluster,
        "astroRuntimeVersion": "9.5.0", "executor": "CELERY", "isCicdEnforced": false,
        "isDagDeployEnabled": true, "isHighAvailability": false, "schedulerSize": "SMALL",
        "defaultTaskPodCpu": "0.5", "defaultTaskPodMemory": "1Gi", "resourceQuotaCpu": "10",
        "resourceQuotaMemory": "20Gi",
        "workerQueues": [{"name": "default", "isDefault": true, "astroMachine": "A10",
            "minWorkerCount": 0, "maxWorkerCount": 3, "workerConcurrency": 8}],
    })
}

/// A canned loopback server: `router` answers every request. Returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A loopback address where nothing listens (bound, then closed).
pub async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Polls `check` every 20 ms until it holds or `limit` passes.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}
