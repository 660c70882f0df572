//! One API request, for either version: faults, body limit, routing by the version's contract,
//! `X-API-Version`, auth and scope, validation, the store, persistence, the audit log, the
//! journal. See the README for the order of checks.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use std::time::Duration;

use crate::audit::Served;
use crate::auth::{self, Caller};
use crate::dispatch::{self, Call, Reply};
use crate::error::ApiError;
use crate::fault::{BodyKind, FaultSpec};
use crate::persist::Persist;
use crate::respond::{
    api_error_body, bytes_response, empty_response, error_response, json_response, set_request_id,
};
use crate::spec::{self, ApiVersion, Operation};
use crate::state::AppState;
use crate::store::Ctx;
use crate::util;

const JOURNAL_CAP: usize = 10_000;
const JOURNAL_BODY_CAP: usize = 64 * 1024;

/// The `X-API-Version` values v1 accepts (absent is fine too).
pub const API_VERSIONS_SERVED: [&str; 1] = ["1.0"];

/// Lets a handler close its connection without answering (`drop`).
#[derive(Clone)]
pub struct ConnKill(pub Arc<tokio::sync::Notify>);

/// The outcome of one API request before faults touch it.
pub struct Answer {
    status: u16,
    body: AnswerBody,
    /// The `Allow` header of a 405.
    allow: Option<String>,
}

enum AnswerBody {
    Json(Value),
    Bytes {
        content_type: &'static str,
        encoding: Option<&'static str>,
        bytes: Vec<u8>,
    },
    None,
}

impl Answer {
    fn error(version: ApiVersion, e: &ApiError, request_id: &str) -> Answer {
        Answer {
            status: e.status,
            body: AnswerBody::Json(api_error_body(version, e, request_id)),
            allow: None,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        match &self.body {
            AnswerBody::Json(v) => serde_json::to_vec(v).unwrap_or_default(),
            AnswerBody::Bytes { bytes, .. } => bytes.clone(),
            AnswerBody::None => Vec::new(),
        }
    }
}

/// The status an operation answers for an error whose natural status its contract does not
/// list: the nearest one it does (an unknown Organization is 403 where no 404 is documented;
/// a bad request is 409 for the environment-object operations, which document no 400).
fn documented(op: &Operation, natural: u16) -> u16 {
    let listed = |s: u16| op.statuses.contains(&s) || op.ranges.contains(&(s / 100));
    if listed(natural) || op.statuses.iter().all(|s| *s < 400) && op.ranges.is_empty() {
        return natural;
    }
    let fallbacks: &[u16] = match natural {
        400 => &[409, 412, 403],
        404 => &[403, 400],
        409 => &[400],
        412 => &[409, 400],
        _ => &[],
    };
    fallbacks
        .iter()
        .copied()
        .find(|s| listed(*s))
        .unwrap_or(natural)
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

pub async fn api(State(st): State<Arc<AppState>>, req: Request) -> Response {
    let request_id = util::request_id();
    let (parts, body) = req.into_parts();
    let kill = parts.extensions.get::<ConnKill>().cloned();
    let path = parts.uri.path().to_string();
    let version = ApiVersion::of_path(&path).unwrap_or(ApiVersion::V1Beta1);
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
    let fail = |e: ApiError| Answer::error(version, &e, &request_id);

    // Fault selection: the header wins over --fault.
    let fault = match parts.headers.get("x-emulator-fault") {
        Some(v) => match v
            .to_str()
            .map_err(|_| "not visible ASCII".to_string())
            .and_then(FaultSpec::parse)
        {
            Ok(f) => Some(f),
            Err(e) => {
                let e = ApiError::new(400, format!("x-emulator-fault: {e}"));
                return finish(&st, entry, fail(e), None, &request_id);
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
    let too_large = declared.is_some_and(|n| n > u64::try_from(max).unwrap_or(u64::MAX));
    let bytes: Bytes = if too_large {
        Bytes::new()
    } else {
        match axum::body::to_bytes(body, max).await {
            Ok(b) => b,
            Err(_) => {
                let e = ApiError::new(
                    413,
                    format!("Request body is larger than the limit of {max} bytes"),
                );
                return finish(&st, entry, fail(e), None, &request_id);
            }
        }
    };
    if too_large {
        let e = ApiError::new(
            413,
            format!("Request body is larger than the limit of {max} bytes"),
        );
        return finish(&st, entry, fail(e), None, &request_id);
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

    let origin = match parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    {
        Some(host) => format!("http://{host}"),
        None => "http://127.0.0.1".to_string(),
    };
    let request = Incoming {
        version,
        method: &parts.method,
        path: &path,
        query: &query,
        headers: &parts.headers,
        body: &bytes,
        request_id: &request_id,
        origin,
    };
    let answer = handle(&st, request).await;
    finish(&st, entry, answer, fault.as_ref(), &request_id)
}

struct Incoming<'a> {
    version: ApiVersion,
    method: &'a Method,
    path: &'a str,
    query: &'a str,
    headers: &'a HeaderMap,
    body: &'a Bytes,
    request_id: &'a str,
    origin: String,
}

fn decode_segments(base: &str, path: &str) -> Result<Vec<String>, String> {
    let rel = path.strip_prefix(base).unwrap_or(path);
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

async fn handle(st: &AppState, req: Incoming<'_>) -> Answer {
    let version = req.version;
    let fail = |e: ApiError| Answer::error(version, &e, req.request_id);
    let segments = match decode_segments(version.base_path(), req.path) {
        Ok(s) => s,
        Err(e) => return fail(ApiError::new(400, e)),
    };
    let spec = st.spec(version);
    let (op, params) = match spec.route(req.method.as_str(), &segments) {
        Ok(found) => found,
        Err(allowed) if allowed.is_empty() => {
            return fail(ApiError::new(
                404,
                format!("No API operation at {}", req.path),
            ));
        }
        Err(allowed) => {
            let allow = allowed.join(", ");
            let message = format!(
                "Method {} is not allowed on {} (allowed: {allow})",
                req.method, req.path
            );
            return Answer {
                allow: Some(allow),
                ..fail(ApiError::new(405, message))
            };
        }
    };
    let now_ms = util::now_ms();
    let outcome = run(st, &req, op, &params, now_ms).await;
    let (result, caller, org) = outcome;
    let answer = match result {
        Ok(Reply::Json(v)) => Answer {
            status: 200,
            body: AnswerBody::Json(v),
            allow: None,
        },
        Ok(Reply::NoContent) => Answer {
            status: 204,
            body: AnswerBody::None,
            allow: None,
        },
        Ok(Reply::Bytes {
            content_type,
            encoding,
            bytes,
        }) => Answer {
            status: 200,
            body: AnswerBody::Bytes {
                content_type,
                encoding,
                bytes,
            },
            allow: None,
        },
        Err(e) => {
            let status = documented(op, e.status);
            fail(e.with_status(status))
        }
    };
    if let (Some(caller), Some(org)) = (caller, org) {
        st.audit.record(Served {
            organization_id: &org,
            at_ms: now_ms,
            request_id: req.request_id,
            api_version: version.label(),
            operation_id: &op.id,
            method: req.method.as_str(),
            path: req.path,
            status: answer.status,
            actor: &caller.subject,
        });
    }
    answer
}

type Outcome = (Result<Reply, ApiError>, Option<Caller>, Option<String>);

/// Everything after routing. Returns the result, the caller (once authenticated) and the
/// Organization of the call (for the audit log).
async fn run(
    st: &AppState,
    req: &Incoming<'_>,
    op: &Operation,
    params: &[(String, String)],
    now_ms: u64,
) -> Outcome {
    let version = req.version;
    if version == ApiVersion::V1 {
        if let Some(v) = req.headers.get("x-api-version") {
            let text = v.to_str().unwrap_or_default().trim();
            if !API_VERSIONS_SERVED.contains(&text) {
                let msg = format!(
                    "X-API-Version '{text}' is not served by this emulator; it serves {} (or send no X-API-Version)",
                    API_VERSIONS_SERVED.join(", ")
                );
                return (Err(ApiError::new(400, msg)), None, None);
            }
        }
    }
    let caller = {
        let mut inner = st.lock();
        auth::authenticate(&st.config, &mut inner.db, req.headers, now_ms)
    };
    let caller = match caller {
        Ok(c) => c,
        Err(e) => return (Err(e), None, None),
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let org = param("organizationId");
    let result = checked_call(st, req, op, params, &caller, org.as_deref(), now_ms).await;
    (result, Some(caller), org)
}

async fn checked_call(
    st: &AppState,
    req: &Incoming<'_>,
    op: &Operation,
    params: &[(String, String)],
    caller: &Caller,
    org: Option<&str>,
    now_ms: u64,
) -> Result<Reply, ApiError> {
    let version = req.version;
    for (name, value) in params {
        if value.is_empty() {
            let issue = spec::Issue::new(name, "pathSegment", "must not be empty");
            return Err(ApiError::invalid("path", &[issue]));
        }
    }
    if let (Some(org), Some(scope)) = (org, caller.reach.organization()) {
        if org != scope {
            return Err(ApiError::new(
                403,
                format!("This API token cannot access Organization '{org}'"),
            ));
        }
    }
    if let Some(org) = org {
        if st.lock().db.org(org).is_none() {
            return Err(ApiError::new(
                404,
                format!("Organization '{org}' not found"),
            ));
        }
    }
    // Query.
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.query.as_bytes())
        .into_owned()
        .collect();
    let mut query = spec::query_object(op, &pairs);
    let found = spec::issues(&op.query_validator, &query);
    if !found.is_empty() {
        return Err(ApiError::invalid("query parameters", &found));
    }
    // Body.
    let takes_body = !matches!(op.body, spec::BodyCheck::None);
    let blank = req.body.iter().all(u8::is_ascii_whitespace);
    if takes_body && !blank {
        if let Some(ct) = req.headers.get(header::CONTENT_TYPE) {
            let media = ct
                .to_str()
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if media != "application/json" && !media.ends_with("+json") {
                return Err(ApiError::new(
                    415,
                    format!("Content-Type '{media}' is not supported; send the body as Content-Type: application/json"),
                ));
            }
        }
    }
    let parsed: Option<Value> = if !takes_body || blank {
        None
    } else {
        match serde_json::from_slice::<Value>(req.body) {
            Ok(v) => Some(v),
            Err(e) => {
                return Err(ApiError::new(
                    400,
                    format!("Request body is not valid JSON: {e}"),
                ))
            }
        }
    };
    let inferred = match &parsed {
        Some(b) => {
            dispatch::infer_variant(version, &op.id, org.unwrap_or_default(), b, &st.lock().db)
        }
        None => None,
    };
    let chosen = spec::check_body_with(op, parsed.as_ref(), inferred.as_deref())
        .map_err(|found| ApiError::invalid("request body", &found))?;
    let mut body = parsed.unwrap_or(Value::Null);
    if let (Some(value), spec::BodyCheck::Union { selector, .. }, Some(o)) =
        (chosen, &op.body, body.as_object_mut())
    {
        o.insert(selector.clone(), Value::String(value));
    }
    let mutating = req.method != Method::GET;
    let (result, saved) = {
        let mut inner = st.lock();
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let db = &inner.db;
        let deployment_workspace = |dep: &str| {
            db.deployments
                .iter()
                .find(|d| d.doc.get("id").and_then(Value::as_str) == Some(dep))
                .and_then(|d| {
                    d.doc
                        .get("workspaceId")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
        };
        auth::check_reach(
            &caller.reach,
            &op.id,
            mutating,
            &param,
            &mut query,
            &body,
            &deployment_workspace,
        )?;
        let mut ctx = Ctx {
            now_ms,
            lifecycle_ms: st.config.lifecycle_ms,
            day_ms: st.config.day_ms,
            subject: caller.subject.clone(),
            rng: fastrand::Rng::new(),
            origin: req.origin.clone(),
        };
        let call = Call {
            op: &op.id,
            org: org.unwrap_or_default(),
            params,
            query: &query,
            body: &body,
            caller,
            audit: &st.audit,
        };
        let result = dispatch::run(version, &mut inner.db, &call, &mut ctx);
        let mut saved = None;
        if mutating && result.is_ok() {
            inner.version += 1;
            if st.persist.is_some() {
                saved = Some((inner.version, Persist::encode(&inner.db)));
            }
        }
        (result, saved)
    };
    if let (Some(p), Some((v, text))) = (&st.persist, saved) {
        if let Err(e) = save(p, v, text).await {
            return Err(ApiError::new(
                500,
                format!("The emulator could not save its state: {e}"),
            ));
        }
    }
    result
}

pub async fn save(p: &Persist, version: u64, text: Result<String, String>) -> Result<(), String> {
    p.save(version, text?).await
}

pub fn push_journal(st: &AppState, entry: Value) {
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
    let text = answer.bytes();
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
            AnswerBody::Json(b) => json_response(answer.status, &b, Some(request_id)),
            AnswerBody::Bytes {
                content_type,
                encoding,
                bytes,
            } => bytes_response(
                answer.status,
                content_type,
                encoding,
                bytes,
                Some(request_id),
            ),
            AnswerBody::None => empty_response(answer.status, Some(request_id)),
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
