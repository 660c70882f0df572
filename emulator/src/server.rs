//! The HTTP side: accept loop (so `drop` can close a connection without a response), CORS,
//! the API pipeline (faults, auth, validation, dispatch, journal), test hooks and static files.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::config::Config;
use crate::fault::{BodyKind, FaultCounters, FaultSpec};
use crate::persist::Persist;
use crate::spec::{self, Spec};
use crate::store::{ApiError, Ctx, Db};
use crate::{seed, statics, util};

const JOURNAL_CAP: usize = 10_000;

/// The operations [`handle`] dispatches; a test checks that they are exactly the spec's.
pub const HANDLED_OPERATIONS: [&str; 20] = [
    "listOrganizations",
    "getOrganization",
    "updateOrganization",
    "listClusters",
    "createCluster",
    "getCluster",
    "updateCluster",
    "deleteCluster",
    "getClusterOptions",
    "getDeploymentOptions",
    "listWorkspaces",
    "createWorkspace",
    "getWorkspace",
    "updateWorkspace",
    "deleteWorkspace",
    "listDeployments",
    "createDeployment",
    "getDeployment",
    "updateDeployment",
    "deleteDeployment",
];
const JOURNAL_BODY_CAP: usize = 64 * 1024;

struct Inner {
    db: Db,
    version: u64,
}

pub struct AppState {
    spec: Spec,
    inner: Mutex<Inner>,
    seed: Db,
    persist: Option<Persist>,
    config: Config,
    journal: Mutex<VecDeque<Value>>,
    counters: FaultCounters,
    global_fault: Option<FaultSpec>,
}

/// Lets a handler close its connection without answering (`drop`).
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

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

    pub fn api_url(&self) -> String {
        format!("http://{}{}", self.addr, spec::BASE_PATH)
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
    let spec = Spec::load()?;
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
        spec,
        inner: Mutex::new(Inner { db, version: 1 }),
        seed,
        persist,
        config,
        journal: Mutex::new(VecDeque::new()),
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
        .route("/platform/v1beta1", any(api))
        .route("/platform/v1beta1/{*rest}", any(api))
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
                "authorization, content-type, x-emulator-fault",
            ));
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::NO_CONTENT;
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
        );
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        h.insert(
            header::ALLOW,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
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
        HeaderValue::from_static("x-request-id, retry-after"),
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
    st.counters.clear();
    if let (Some(p), Some((v, text))) = (&st.persist, saved) {
        if let Err(e) = save(p, v, text).await {
            return error_response(500, &e, &util::request_id());
        }
    }
    json_response(200, &json!({ "reset": true }), None)
}

async fn save(p: &Persist, version: u64, text: Result<String, String>) -> Result<(), String> {
    p.save(version, text?).await
}

// -------------------------------------------------------------------------- responses

fn set_request_id(resp: &mut Response, request_id: Option<&str>) {
    if let Some(id) = request_id.and_then(|r| HeaderValue::from_str(r).ok()) {
        resp.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
}

fn json_response(status: u16, body: &Value, request_id: Option<&str>) -> Response {
    let text = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    set_request_id(&mut resp, request_id);
    resp
}

fn empty_response(status: u16, request_id: Option<&str>) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    set_request_id(&mut resp, request_id);
    resp
}

pub fn error_body(status: u16, message: &str, request_id: &str) -> Value {
    json!({ "message": message, "requestId": request_id, "statusCode": status })
}

pub fn error_response(status: u16, message: &str, request_id: &str) -> Response {
    json_response(
        status,
        &error_body(status, message, request_id),
        Some(request_id),
    )
}

// ---------------------------------------------------------------------------- the API

/// The outcome of one API request before faults touch it.
struct Answer {
    status: u16,
    body: Option<Value>,
    /// The `Allow` header of a 405.
    allow: Option<String>,
}

impl Answer {
    fn error(e: ApiError, request_id: &str) -> Answer {
        Answer {
            status: e.status,
            body: Some(error_body(e.status, &e.message, request_id)),
            allow: None,
        }
    }
}

fn headers_for_journal(h: &HeaderMap) -> Value {
    let mut out = Map::new();
    for name in h.keys() {
        let values: Vec<String> = h
            .get_all(name)
            .iter()
            .map(|v| {
                if name == header::AUTHORIZATION {
                    let text = v.to_str().unwrap_or_default();
                    match text.split_once(' ') {
                        Some((scheme, _)) => format!("{scheme} [redacted]"),
                        None => "[redacted]".to_string(),
                    }
                } else {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                }
            })
            .collect();
        out.insert(name.as_str().to_string(), Value::String(values.join(", ")));
    }
    Value::Object(out)
}

async fn api(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let request_id = util::request_id();
    let (parts, body) = req.into_parts();
    let kill = parts.extensions.get::<ConnKill>().cloned();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let mut entry = json!({
        "method": parts.method.as_str(),
        "path": path,
        "query": query,
        "headers": headers_for_journal(&parts.headers),
        "body": Value::Null,
        "status": Value::Null,
        "fault": Value::Null,
        "key": Value::Null,
        "requestId": request_id,
        "time": util::rfc3339(util::now_ms()),
    });

    // Fault selection: the header wins over --fault.
    let fault = match parts.headers.get("x-emulator-fault") {
        Some(v) => match v
            .to_str()
            .map_err(|_| "not visible ASCII".to_string())
            .and_then(FaultSpec::parse)
        {
            Ok(f) => Some(f),
            Err(e) => {
                let msg = format!("x-emulator-fault: {e}");
                return finish(
                    &st,
                    entry,
                    Answer::error(ApiError::new(400, msg), &request_id),
                    None,
                    &request_id,
                );
            }
        },
        None => st.global_fault.clone(),
    };
    if let Some(f) = &fault {
        if let Some(o) = entry.as_object_mut() {
            o.insert(
                "key".into(),
                f.key.clone().map(Value::String).unwrap_or(Value::Null),
            );
        }
    }
    let fault = fault.filter(|f| st.counters.admit(f));
    if let (Some(f), Some(o)) = (&fault, entry.as_object_mut()) {
        o.insert("fault".into(), Value::String(f.raw.clone()));
    }

    // The body, bounded.
    let max = st.config.max_body_bytes;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = |n: u64| n > u64::try_from(max).unwrap_or(u64::MAX);
    let bytes: Bytes = if declared.is_some_and(too_large) {
        Bytes::new()
    } else {
        match axum::body::to_bytes(body, max).await {
            Ok(b) => b,
            Err(_) => {
                let msg = format!("Request body is larger than the limit of {max} bytes");
                return finish(
                    &st,
                    entry,
                    Answer::error(ApiError::new(413, msg), &request_id),
                    None,
                    &request_id,
                );
            }
        }
    };
    if declared.is_some_and(too_large) {
        let msg = format!("Request body is larger than the limit of {max} bytes");
        return finish(
            &st,
            entry,
            Answer::error(ApiError::new(413, msg), &request_id),
            None,
            &request_id,
        );
    }
    if !bytes.is_empty() {
        let text = String::from_utf8_lossy(
            bytes
                .get(..bytes.len().min(JOURNAL_BODY_CAP))
                .unwrap_or_default(),
        )
        .into_owned();
        if let Some(o) = entry.as_object_mut() {
            o.insert("body".into(), Value::String(text));
        }
    }

    if let Some(f) = &fault {
        if let Some(ms) = f.latency_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if f.drop {
            push_journal(&st, entry);
            if let Some(k) = kill {
                k.0.notify_one();
                std::future::pending::<()>().await;
            }
            // Without a connection handle (never in practice) answer nothing useful.
            return empty_response(502, Some(&request_id));
        }
        if let Some(code) = f.status {
            return injected_status(&st, entry, f, code, &request_id);
        }
    }

    let answer = handle(
        &st,
        &parts.method,
        &path,
        &query,
        &parts.headers,
        &bytes,
        &request_id,
    )
    .await;
    finish(&st, entry, answer, fault.as_ref(), &request_id)
}

fn push_journal(st: &AppState, entry: Value) {
    let mut j = st.journal.lock().unwrap_or_else(|e| e.into_inner());
    if j.len() >= JOURNAL_CAP {
        j.pop_front();
    }
    j.push_back(entry);
}

fn retry_after(resp: &mut Response, f: Option<&FaultSpec>) {
    if let Some(v) = f
        .and_then(|f| f.retry_after.as_deref())
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
}

fn injected_status(
    st: &AppState,
    mut entry: Value,
    f: &FaultSpec,
    code: u16,
    request_id: &str,
) -> Response {
    if let Some(o) = entry.as_object_mut() {
        o.insert("status".into(), json!(code));
    }
    push_journal(st, entry);
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut resp = match f.body {
        BodyKind::Json => error_response(
            code,
            &format!("Injected fault: {code} {reason}"),
            request_id,
        ),
        BodyKind::Empty => empty_response(code, Some(request_id)),
        BodyKind::Html => {
            let html = format!(
                "<!DOCTYPE html>\n<html><head><title>{code} {reason}</title></head>\n<body><center><h1>{code} {reason}</h1></center><hr><center>astro-emulator (injected)</center></body></html>\n"
            );
            let mut r = Response::new(Body::from(html));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            set_request_id(&mut r, Some(request_id));
            r
        }
    };
    *resp.status_mut() = status;
    retry_after(&mut resp, Some(f));
    resp
}

/// Journals the answer and turns it into a response, applying truncate / malformed / retry-after.
fn finish(
    st: &AppState,
    mut entry: Value,
    answer: Answer,
    fault: Option<&FaultSpec>,
    request_id: &str,
) -> Response {
    let text: Vec<u8> = answer
        .body
        .as_ref()
        .map(|b| serde_json::to_vec(b).unwrap_or_default())
        .unwrap_or_default();
    let truncate = fault.is_some_and(|f| f.truncate);
    let malformed = fault.is_some_and(|f| f.malformed);
    let status = if truncate || malformed {
        200
    } else {
        answer.status
    };
    if let Some(o) = entry.as_object_mut() {
        o.insert("status".into(), json!(status));
    }
    push_journal(st, entry);
    let mut resp = if truncate {
        let full = if text.is_empty() {
            br#"{"message":"a body that will not arrive whole"}"#.to_vec()
        } else {
            text
        };
        let half = Bytes::from(full.get(..full.len() / 2).unwrap_or_default().to_vec());
        let total = full.len();
        let stream = futures_util::stream::unfold(0u8, move |step| {
            let half = half.clone();
            async move {
                match step {
                    0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                    1 => {
                        // Let the first half reach the socket before the connection is cut.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        Some((
                            Err(std::io::Error::other("truncated by x-emulator-fault")),
                            2,
                        ))
                    }
                    _ => None,
                }
            }
        });
        let mut r = Response::new(Body::from_stream(stream));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(total));
        set_request_id(&mut r, Some(request_id));
        r
    } else if malformed {
        let mut bad = text.get(..text.len() / 2).unwrap_or_default().to_vec();
        bad.extend_from_slice(b"<<not json: injected by x-emulator-fault>>");
        let mut r = Response::new(Body::from(bad));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        set_request_id(&mut r, Some(request_id));
        r
    } else {
        match answer.body {
            Some(b) => json_response(answer.status, &b, Some(request_id)),
            None => empty_response(answer.status, Some(request_id)),
        }
    };
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(v) = answer
        .allow
        .as_deref()
        .and_then(|a| HeaderValue::from_str(a).ok())
    {
        resp.headers_mut().insert(header::ALLOW, v);
    }
    retry_after(&mut resp, fault);
    resp
}

fn decode_segments(path: &str) -> Result<Vec<String>, String> {
    let rel = path.strip_prefix(spec::BASE_PATH).unwrap_or(path);
    rel.split('/')
        .skip(1)
        .map(|seg| {
            percent_encoding::percent_decode_str(seg)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| format!("path segment '{seg}' is not valid percent-encoded UTF-8"))
        })
        .collect()
}

/// Which token made the call: its index and scope.
fn authenticate(st: &AppState, headers: &HeaderMap) -> Result<usize, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            401,
            "Missing Authorization header; send 'Authorization: Bearer <API token>'",
        ));
    };
    let text = value.to_str().unwrap_or_default().trim();
    let token = match text.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => {
            return Err(ApiError::new(
                401,
                "The Authorization header must use the Bearer scheme",
            ))
        }
    };
    st.config
        .tokens
        .iter()
        .position(|t| t.token == token)
        .ok_or_else(|| ApiError::new(401, "The API token is invalid or has expired"))
}

fn subject_for(st: &AppState, index: usize) -> Value {
    let token = st
        .config
        .tokens
        .get(index)
        .map(|t| t.token.as_str())
        .unwrap_or_default();
    // FNV-1a: a stable id per token that does not reveal it.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in token.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    json!({
        "id": format!("clapitoken{h:015x}"),
        "subjectType": "SERVICEKEY",
        "apiTokenName": format!("Emulator token {}", index + 1),
    })
}

async fn handle(
    st: &AppState,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
    request_id: &str,
) -> Answer {
    let segments = match decode_segments(path) {
        Ok(s) => s,
        Err(e) => return Answer::error(ApiError::new(400, e), request_id),
    };
    let (op, params) = match st.spec.route(method.as_str(), &segments) {
        Ok(found) => found,
        Err(allowed) if allowed.is_empty() => {
            return Answer::error(
                ApiError::new(404, format!("No API operation at {path}")),
                request_id,
            )
        }
        Err(allowed) => {
            let allow = allowed.join(", ");
            let message = format!("Method {method} is not allowed on {path} (allowed: {allow})");
            return Answer {
                allow: Some(allow),
                ..Answer::error(ApiError::new(405, message), request_id)
            };
        }
    };
    let token_index = match authenticate(st, headers) {
        Ok(i) => i,
        Err(e) => return Answer::error(e, request_id),
    };
    let scope = st
        .config
        .tokens
        .get(token_index)
        .and_then(|t| t.organization_id.clone());
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    for (name, value) in &params {
        if value.is_empty() {
            let issue = spec::Issue::new(name, "pathSegment", "must not be empty");
            return Answer::error(
                ApiError::new(400, spec::describe("path", &[issue])),
                request_id,
            );
        }
    }
    let org = param("organizationId");
    if let (Some(org), Some(scope)) = (&org, &scope) {
        if org != scope {
            return Answer::error(
                ApiError::new(
                    403,
                    format!("This API token cannot access Organization '{org}'"),
                ),
                request_id,
            );
        }
    }
    if let Some(org) = &org {
        let exists = st
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .db
            .org(org)
            .is_some();
        if !exists {
            // Operations whose contract has no 404 answer 403, as the API does for an
            // Organization the token cannot reach.
            let error = if op.statuses.contains(&404) {
                ApiError::new(404, format!("Organization '{org}' not found"))
            } else {
                ApiError::new(
                    403,
                    format!(
                        "Organization '{org}' does not exist or this API token cannot access it"
                    ),
                )
            };
            return Answer::error(error, request_id);
        }
    }
    // Query.
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let qobj = spec::query_object(op, &pairs);
    let found = spec::issues(&op.query_validator, &qobj);
    if !found.is_empty() {
        return Answer::error(
            ApiError::new(400, spec::describe("query parameters", &found)),
            request_id,
        );
    }
    // Body.
    let has_body =
        !matches!(op.body, spec::BodyCheck::None) && !body.iter().all(u8::is_ascii_whitespace);
    if has_body {
        if let Some(ct) = headers.get(header::CONTENT_TYPE) {
            let media = ct
                .to_str()
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if media != "application/json" && !media.ends_with("+json") {
                return Answer::error(
                    ApiError::new(415, format!("Content-Type '{media}' is not supported; send the body as Content-Type: application/json")),
                    request_id,
                );
            }
        }
    }
    let parsed: Option<Value> =
        if matches!(op.body, spec::BodyCheck::None) || body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(v) => Some(v),
                Err(e) => {
                    return Answer::error(
                        ApiError::new(400, format!("Request body is not valid JSON: {e}")),
                        request_id,
                    )
                }
            }
        };
    if let Err(found) = spec::check_body(op, parsed.as_ref()) {
        return Answer::error(
            ApiError::new(400, spec::describe("request body", &found)),
            request_id,
        );
    }
    let body = parsed.unwrap_or(Value::Null);
    let mut ctx = Ctx {
        now_ms: util::now_ms(),
        lifecycle_ms: st.config.lifecycle_ms,
        subject: subject_for(st, token_index),
        rng: fastrand::Rng::new(),
    };
    let org = org.unwrap_or_default();
    let p = |name: &str| param(name).unwrap_or_default();
    let mutating = !method.eq(&Method::GET);
    let (result, saved) = {
        let mut inner = st.inner.lock().unwrap_or_else(|e| e.into_inner());
        let db = &mut inner.db;
        let result: Result<Option<Value>, ApiError> = match op.id.as_str() {
            "listOrganizations" => {
                let visible = |id: &str| scope.as_deref().is_none_or(|s| s == id);
                Ok(Some(db.list_organizations(&visible, &qobj)))
            }
            "getOrganization" => db.get_organization(&org, &qobj).map(Some),
            "updateOrganization" => db.update_organization(&org, &body, &ctx).map(Some),
            "listClusters" => Ok(Some(db.list_clusters(&org, &qobj, &ctx))),
            "createCluster" => db.create_cluster(&org, &body, &mut ctx).map(Some),
            "getCluster" => db.get_cluster(&org, &p("clusterId"), &ctx).map(Some),
            "updateCluster" => db
                .update_cluster(&org, &p("clusterId"), &body, &mut ctx)
                .map(Some),
            "deleteCluster" => db.delete_cluster(&org, &p("clusterId")).map(|_| None),
            "getClusterOptions" => Ok(Some(Db::cluster_options(&qobj))),
            "getDeploymentOptions" => db.deployment_options(&org, &qobj).map(Some),
            "listWorkspaces" => Ok(Some(db.list_workspaces(&org, &qobj))),
            "createWorkspace" => db.create_workspace(&org, &body, &mut ctx).map(Some),
            "getWorkspace" => db.get_workspace(&org, &p("workspaceId")).map(Some),
            "updateWorkspace" => db
                .update_workspace(&org, &p("workspaceId"), &body, &ctx)
                .map(Some),
            "deleteWorkspace" => db.delete_workspace(&org, &p("workspaceId")).map(|_| None),
            "listDeployments" => Ok(Some(db.list_deployments(&org, &qobj, &ctx))),
            "createDeployment" => db.create_deployment(&org, &body, &mut ctx).map(Some),
            "getDeployment" => db.get_deployment(&org, &p("deploymentId"), &ctx).map(Some),
            "updateDeployment" => db
                .update_deployment(&org, &p("deploymentId"), &body, &mut ctx)
                .map(Some),
            "deleteDeployment" => db.delete_deployment(&org, &p("deploymentId")).map(|_| None),
            other => Err(ApiError::new(
                501,
                format!("Operation {other} is not implemented by the emulator"),
            )),
        };
        let mut saved = None;
        if mutating && result.is_ok() {
            inner.version += 1;
            if st.persist.is_some() {
                saved = Some((inner.version, Persist::encode(&inner.db)));
            }
        }
        (result, saved)
    };
    if let (Some(pst), Some((v, text))) = (&st.persist, saved) {
        if let Err(e) = save(pst, v, text).await {
            return Answer::error(
                ApiError::new(500, format!("The emulator could not save its state: {e}")),
                request_id,
            );
        }
    }
    match result {
        Ok(Some(v)) => Answer {
            status: 200,
            body: Some(v),
            allow: None,
        },
        Ok(None) => Answer {
            status: 204,
            body: None,
            allow: None,
        },
        Err(e) => Answer::error(e, request_id),
    }
}

impl AppState {
    pub fn www_dir(&self) -> Option<&std::path::Path> {
        self.config.www.as_deref()
    }

    pub fn pkg_dir(&self) -> Option<&std::path::Path> {
        self.config.pkg.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_operation_is_handled() {
        let spec = Spec::load();
        assert!(spec.is_ok());
        let mut ids: Vec<String> = spec
            .map(|s| s.operations.iter().map(|o| o.id.clone()).collect())
            .unwrap_or_default();
        ids.sort();
        let mut handled: Vec<String> = HANDLED_OPERATIONS.iter().map(|s| s.to_string()).collect();
        handled.sort();
        assert_eq!(ids, handled);
    }
}
