//! The HTTP side: accept loop (so `drop` can close a connection without a response), CORS,
//! routes (the API of both versions, test hooks, deploy uploads, static files).

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post, put};
use axum::Router;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::audit::AuditLog;
use crate::config::Config;
use crate::fault::{FaultCounters, FaultSpec};
use crate::persist::Persist;
use crate::pipeline::{api, save, ConnKill};
use crate::respond::{empty_response, error_response, json_response};
use crate::spec::{self, ApiVersion, Spec};
use crate::state::{AppState, Inner};
use crate::store::Ctx;
use crate::{seed, statics, util};

/// A running emulator (in-process).
pub struct RunningServer {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningServer {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The v1beta1 API base.
    pub fn api_url(&self) -> String {
        format!("http://{}{}", self.addr, spec::BASE_PATH)
    }

    /// The v1 API base.
    pub fn v1_url(&self) -> String {
        format!("http://{}{}", self.addr, spec::V1_BASE_PATH)
    }

    /// Stops accepting and closes every connection.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }

    /// Waits until the server stops (it only stops through [`RunningServer::shutdown`]).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Binds, loads or seeds the state and serves until shut down.
pub async fn start(config: Config) -> Result<RunningServer, String> {
    let v1beta1 = Spec::load_version(ApiVersion::V1Beta1)?;
    let v1 = Spec::load_version(ApiVersion::V1)?;
    let seed = seed::seed().map_err(|e| format!("seed failed: {}", e.message))?;
    let global_fault = match &config.fault {
        Some(f) => Some(FaultSpec::parse(f).map_err(|e| format!("--fault: {e}"))?),
        None => None,
    };
    let persist = config.data.clone().map(Persist::new);
    let mut db = seed.clone();
    if let Some(p) = &persist {
        match p.load()? {
            Some(loaded) => db = loaded,
            None => {
                let text = Persist::encode(&db)?;
                p.save(1, text).await?;
            }
        }
    }
    let addr_text = if config.host.contains(':') && !config.host.starts_with('[') {
        format!("[{}]:{}", config.host, config.port)
    } else {
        format!("{}:{}", config.host, config.port)
    };
    let listener = TcpListener::bind(&addr_text)
        .await
        .map_err(|e| format!("cannot listen on {addr_text}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let state = Arc::new(AppState {
        v1beta1,
        v1,
        inner: Mutex::new(Inner { db, version: 1 }),
        seed,
        persist,
        config,
        journal: Mutex::new(VecDeque::new()),
        audit: AuditLog::default(),
        counters: FaultCounters::default(),
        global_fault,
    });
    let app = router(state);
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, app, rx));
    Ok(RunningServer {
        addr,
        shutdown: tx,
        task,
    })
}

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/__emulator/requests",
            get(journal_get).delete(journal_clear),
        )
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/uploads/{deploy_id}", put(upload).post(upload))
        .route("/platform/v1beta1", any(api))
        .route("/platform/v1beta1/{*rest}", any(api))
        .route("/v1", any(api))
        .route("/v1/{*rest}", any(api))
        .route("/pkg/{*rest}", any(statics::pkg))
        .fallback(statics::www)
        .layer(axum::middleware::from_fn(cors))
        .with_state(state)
}

async fn accept_loop(listener: TcpListener, app: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let handle = ConnKill(kill.clone());
            let svc = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(handle.clone());
                    let app = app.clone();
                    async move {
                        // Last resort: a panic becomes a 500 error body instead of a dead connection
                        // (only where panics unwind; release builds abort, and the code has no panics).
                        use futures_util::FutureExt;
                        match std::panic::AssertUnwindSafe(app.oneshot(req.map(Body::new)))
                            .catch_unwind()
                            .await
                        {
                            Ok(r) => r,
                            Err(_) => Ok(error_response(
                                500,
                                "The emulator failed on this request (a bug in the emulator)",
                                &util::request_id(),
                            )),
                        }
                    }
                },
            );
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .keep_alive(true)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = conn_shutdown.changed() => {}
            }
        });
    }
}

// ------------------------------------------------------------------------------- CORS

async fn cors(req: Request, next: axum::middleware::Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let allow_origin = origin.clone().unwrap_or(HeaderValue::from_static("*"));
    if req.method() == Method::OPTIONS {
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or(HeaderValue::from_static(
                "authorization, content-type, x-emulator-fault, x-api-version",
            ));
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::NO_CONTENT;
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
        );
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        h.insert(
            header::ALLOW,
            HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
        );
        h.insert(
            header::VARY,
            HeaderValue::from_static("Origin, Access-Control-Request-Headers"),
        );
        return resp;
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-request-id, retry-after, x-ms-version-id"),
    );
    if origin.is_some() {
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    resp
}

// ------------------------------------------------------------------------ test hooks

async fn journal_get(State(st): State<Arc<AppState>>) -> Response {
    let list: Vec<Value> = st
        .journal
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .cloned()
        .collect();
    json_response(200, &Value::Array(list), None)
}

async fn journal_clear(State(st): State<Arc<AppState>>) -> Response {
    st.journal.lock().unwrap_or_else(|e| e.into_inner()).clear();
    empty_response(204, None)
}

async fn reset(State(st): State<Arc<AppState>>) -> Response {
    let saved = {
        let mut inner = st.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.db = st.seed.clone();
        inner.version += 1;
        st.persist
            .as_ref()
            .map(|_| (inner.version, Persist::encode(&inner.db)))
    };
    st.journal.lock().unwrap_or_else(|e| e.into_inner()).clear();
    st.audit.clear();
    st.counters.clear();
    if let (Some(p), Some((v, text))) = (&st.persist, saved) {
        if let Err(e) = save(p, v, text).await {
            return error_response(500, &e, &util::request_id());
        }
    }
    json_response(200, &json!({ "reset": true }), None)
}

/// A deploy's `dagsUploadUrl`: takes the DAG bundle (any bytes up to --max-body-bytes, no
/// auth, as a signed blob URL) and answers 201 with the bundle's version in `x-ms-version-id`
/// (and as JSON), which finalizeDeploy expects as `dagTarballVersion`.
async fn upload(
    State(st): State<Arc<AppState>>,
    Path(deploy_id): Path<String>,
    req: Request,
) -> Response {
    let rid = util::request_id();
    let bytes = match axum::body::to_bytes(req.into_body(), st.config.max_body_bytes).await {
        Ok(b) => b,
        Err(_) => return error_response(413, "The upload is larger than --max-body-bytes", &rid),
    };
    let (result, saved) = {
        let mut inner = st.lock();
        let mut ctx = Ctx::detached(util::now_ms(), json!({}), fastrand::u64(..));
        let result = inner.db.record_upload(&deploy_id, bytes.len(), &mut ctx);
        let mut saved = None;
        if result.is_ok() {
            inner.version += 1;
            if st.persist.is_some() {
                saved = Some((inner.version, Persist::encode(&inner.db)));
            }
        }
        (result, saved)
    };
    if let (Some(p), Some((v, text))) = (&st.persist, saved) {
        if let Err(e) = save(p, v, text).await {
            return error_response(500, &e, &rid);
        }
    }
    match result {
        Ok(version) => {
            let mut resp = json_response(201, &json!({ "versionId": version }), Some(&rid));
            if let Ok(v) = HeaderValue::from_str(&version) {
                resp.headers_mut().insert("x-ms-version-id", v);
            }
            resp
        }
        Err(e) => error_response(e.status, &e.message, &rid),
    }
}
