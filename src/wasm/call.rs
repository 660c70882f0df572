//! One operation call: input conversion, request preparation, the attempt loop with retries,
//! hooks, and turning responses into JS values.

use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::registry::OperationSpec;
use crate::retry::{retries_allowed, Decision, FailureKind, RetryPolicy};

use super::bridge::{self, Accepted, CheckError, Prepared};
use super::errors::{ClientError, Failure, IssueData};
use super::options::{clean_token, CallOptions, Config};
use super::timers::{now_ms, sleep};
use super::transport::{self, AttemptError, WireRequest};

#[wasm_bindgen(module = "/js/input.js")]
extern "C" {
    #[wasm_bindgen(js_name = inputToJson)]
    fn input_to_json_js(input: &JsValue) -> JsValue;
}

/// Longest request URL sent (servers answer 414/431 beyond a few KiB).
const MAX_URL_LENGTH: usize = 16 * 1024;

/// Converts a JS input object to JSON (`JSON.stringify`, after checking that nothing would be
/// lost or changed on the way: see js/input.js).
pub(crate) fn input_to_json(
    name: Option<&'static str>,
    input: &JsValue,
) -> Result<Value, ClientError> {
    if input.is_undefined() || input.is_null() {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    if !input.is_object() || js_sys::Array::is_array(input) {
        return Err(ClientError::validation(
            name,
            IssueData::new("", "type", "the input must be an object"),
        ));
    }
    let converted = input_to_json_js(input);
    let Some(text) = converted.as_string() else {
        let part = |i: u32| {
            js_sys::Reflect::get_u32(&converted, i)
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        return Err(ClientError::validation(
            name,
            IssueData::new(&part(0), &part(1), part(2)),
        ));
    };
    serde_json::from_str::<Value>(&text).map_err(|e| {
        ClientError::validation(
            name,
            IssueData::new("", "type", format!("the input is not valid JSON: {e}")),
        )
    })
}

/// Rejects requests whose URL would be too long to send.
pub(crate) fn check_url_length(op: &OperationSpec, prepared: &Prepared) -> Result<(), ClientError> {
    if prepared.url.len() > MAX_URL_LENGTH {
        return Err(ClientError::validation(
            Some(op.name),
            IssueData::new(
                "",
                "maxLength",
                format!("the request URL would be {} characters long (at most {MAX_URL_LENGTH}): shorten the path or query parameters", prepared.url.len()),
            ),
        ));
    }
    Ok(())
}

/// Sets `name` in a header list, replacing any earlier value (names are lowercase).
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    let lower;
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = name.to_ascii_lowercase();
        lower.as_str()
    } else {
        name
    };
    headers.retain(|(n, _)| n != name);
    headers.push((name.to_owned(), value));
}

/// The token for one attempt: the fixed token or a fresh one from the provider.
async fn current_token(cfg: &Config) -> Result<Option<String>, ClientError> {
    if let Some(provider) = &cfg.token_provider {
        let returned = provider
            .call0(&JsValue::UNDEFINED)
            .map_err(ClientError::Aborted)?;
        let value = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(ClientError::Aborted)?;
        let raw = value.as_string().ok_or_else(|| {
            ClientError::validation(
                None,
                IssueData::new(
                    "tokenProvider",
                    "type",
                    "tokenProvider must return a string (or a Promise of one)",
                ),
            )
        })?;
        return clean_token(&raw, "tokenProvider").map(Some);
    }
    Ok(cfg.token.clone())
}

fn insecure_error(op: Option<&str>, cfg: &Config) -> ClientError {
    ClientError::validation(
        op,
        IssueData::new(
            "baseUrl",
            "insecureTransport",
            format!(
                "refusing to send the API token over plain http:// to {}: use https://, or http:// only to a loopback host (127.0.0.0/8, ::1, localhost)",
                cfg.base_url
            ),
        ),
    )
}

/// The final headers of an attempt: the core's, the pinned API version, the client's, the
/// call's, then Authorization.
pub(crate) async fn final_headers(
    op: Option<&str>,
    cfg: &Config,
    prepared: &Prepared,
    call_headers: &[(String, String)],
) -> Result<Vec<(String, String)>, ClientError> {
    attempt_headers(op, cfg, prepared, call_headers)
        .await
        .map(|(headers, _)| headers)
}

/// The same, plus the token sent (to scrub it from what the server echoes back).
async fn attempt_headers(
    op: Option<&str>,
    cfg: &Config,
    prepared: &Prepared,
    call_headers: &[(String, String)],
) -> Result<(Vec<(String, String)>, Option<String>), ClientError> {
    if cfg.insecure_base_url && cfg.has_auth() {
        return Err(insecure_error(op, cfg));
    }
    let mut headers =
        Vec::with_capacity(prepared.headers.len() + cfg.headers.len() + call_headers.len() + 2);
    headers.extend(prepared.headers.iter().cloned());
    if let Some(version) = &cfg.api_version {
        headers.push(("x-api-version".to_owned(), version.clone()));
    }
    for (n, v) in cfg.headers.iter().chain(call_headers) {
        set_header(&mut headers, n, v.clone());
    }
    let token = current_token(cfg).await?;
    if let Some(token) = &token {
        let mut value = String::with_capacity(7 + token.len());
        value.push_str("Bearer ");
        value.push_str(token);
        set_header(&mut headers, "authorization", value);
    }
    // Without a configured token, a bearer token passed in the headers options is scrubbed too.
    let token = token.or_else(|| {
        headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .and_then(|(_, v)| v.strip_prefix("Bearer "))
            .map(str::to_owned)
    });
    Ok((headers, token))
}

/// Milliseconds as a whole number (negative and NaN become 0; `as` saturates).
pub(crate) fn to_ms(v: f64) -> u64 {
    if v.is_finite() && v > 0.0 {
        v as u64
    } else {
        0
    }
}

/// Calls a hook; a hook that throws never breaks the call.
fn call_hook(hook: Option<&Function>, info: &Object) {
    if let Some(h) = hook {
        let _ = h.call1(&JsValue::UNDEFINED, info);
    }
}

fn set(o: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(key), &value.into());
}

/// What a successful call resolves to.
pub(crate) enum Success {
    /// A parsed JSON body (or a binary response object): what the call resolves to.
    Value(JsValue),
    NoContent,
}

impl Success {
    pub fn into_js(self) -> JsValue {
        match self {
            Success::Value(v) => v,
            Success::NoContent => JsValue::UNDEFINED,
        }
    }
}

/// Runs an operation: prepare, then attempts with retries.
pub(crate) async fn execute(
    cfg: &Config,
    op: &'static OperationSpec,
    input: &JsValue,
    call: &CallOptions,
) -> Result<Success, ClientError> {
    let value = input_to_json(Some(op.name), input)?;
    let prepared = bridge::prepare(op, value, &cfg.base_url, cfg.organization_id.as_deref())?;
    check_url_length(op, &prepared)?;
    run(cfg, op, &prepared, call).await
}

/// Same, for an input already in JSON form (pagination and waiters build their inputs).
pub(crate) async fn execute_value(
    cfg: &Config,
    op: &'static OperationSpec,
    value: Value,
    call: &CallOptions,
) -> Result<Success, ClientError> {
    let prepared = bridge::prepare(op, value, &cfg.base_url, cfg.organization_id.as_deref())?;
    check_url_length(op, &prepared)?;
    run(cfg, op, &prepared, call).await
}

/// The attempt loop.
async fn run(
    cfg: &Config,
    op: &'static OperationSpec,
    prepared: &Prepared,
    call: &CallOptions,
) -> Result<Success, ClientError> {
    let name = op.name;
    let method = prepared.method.as_str();
    let max_retries = call.max_retries.unwrap_or(cfg.max_retries);
    // `retry: false` turns retries off for the call; `retry: true` also allows them on POST.
    let retry_allowed =
        call.retry != Some(false) && retries_allowed(prepared.method, call.retry == Some(true));
    let timeout_ms = call.timeout_ms.unwrap_or(cfg.timeout_ms);
    let mut failures: Vec<Failure> = Vec::new();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        // Every attempt rebuilds the request (a fresh token from the provider included).
        // The token of this attempt, to scrub from anything the server echoes back.
        let (headers, token) = attempt_headers(Some(name), cfg, prepared, &call.headers).await?;
        let scrub = |text: String| -> String {
            match &token {
                Some(t) if !t.is_empty() && text.contains(t.as_str()) => {
                    text.replace(t.as_str(), "[redacted]")
                }
                _ => text,
            }
        };
        if cfg.on_request.is_some() {
            let info = Object::new();
            set(&info, "operation", name);
            set(&info, "method", method);
            set(&info, "url", prepared.url.as_str());
            set(&info, "attempt", attempt);
            call_hook(cfg.on_request.as_ref(), &info);
        }
        // Timed only for the onResponse hook.
        let started = cfg.on_response.is_some().then(now_ms);
        let wire = WireRequest {
            method,
            url: &prepared.url,
            headers: &headers,
            body: prepared.body.as_deref(),
            response_meta: cfg.on_response.is_some(),
        };
        let result = transport::send(
            cfg.fetch.as_ref(),
            &wire,
            timeout_ms,
            call.signal.as_ref(),
            cfg.max_response_bytes,
        )
        .await;
        let duration = started.map_or(0.0, |t| now_ms() - t);
        let report = |status: Option<u16>, request_id: Option<&str>, error: Option<&str>| {
            if cfg.on_response.is_none() {
                return;
            }
            let info = Object::new();
            set(&info, "operation", name);
            set(&info, "method", method);
            set(&info, "url", prepared.url.as_str());
            set(&info, "attempt", attempt);
            if let Some(s) = status {
                set(&info, "status", s);
            }
            set(&info, "durationMs", duration);
            if let Some(r) = request_id {
                set(&info, "requestId", r);
            }
            if let Some(e) = error {
                set(&info, "error", e);
            }
            call_hook(cfg.on_response.as_ref(), &info);
        };

        // Classify the attempt: Ok(success) ends the call; Err((failure, retryable, error)).
        let (failure, kind, error, retry_after) = match result {
            Ok(resp) => match bridge::check(
                op,
                resp.status,
                resp.content_type.as_deref(),
                resp.body,
                cfg.max_response_bytes,
            ) {
                Ok(checked) => {
                    report(Some(resp.status), resp.request_id.as_deref(), None);
                    return Ok(match checked {
                        Accepted::NoContent => Success::NoContent,
                        Accepted::Value(value) => Success::Value(value),
                    });
                }
                Err(CheckError::Api {
                    status,
                    message,
                    request_id,
                    body,
                    field_errors,
                }) => {
                    let (message, body) = (scrub(message), scrub(body));
                    let rid = request_id.clone().or(resp.request_id.clone());
                    report(Some(status), rid.as_deref(), Some(&message));
                    let failure = Failure {
                        attempt,
                        kind: "api",
                        status: Some(status),
                        message: message.clone(),
                    };
                    let error = ClientError::Api {
                        operation: name.to_owned(),
                        status,
                        message,
                        request_id: rid,
                        field_errors,
                        body,
                        attempts: attempt,
                        failures: Vec::new(),
                    };
                    (
                        failure,
                        FailureKind::Status(status),
                        error,
                        resp.retry_after,
                    )
                }
                Err(CheckError::Decode { status, message }) => {
                    let message = scrub(message);
                    report(Some(status), resp.request_id.as_deref(), Some(&message));
                    return Err(ClientError::Decode {
                        operation: name.to_owned(),
                        status,
                        message,
                    });
                }
            },
            Err(AttemptError::Aborted(reason)) => {
                report(None, None, Some("aborted"));
                return Err(ClientError::Aborted(reason));
            }
            Err(AttemptError::Body { status, message }) => {
                report(Some(status), None, Some(&message));
                return Err(ClientError::Decode {
                    operation: name.to_owned(),
                    status,
                    message: format!("{name}: {message}"),
                });
            }
            Err(AttemptError::Build(message)) => {
                report(None, None, Some(&message));
                return Err(ClientError::validation(
                    Some(name),
                    IssueData::new(
                        "",
                        "type",
                        format!("the request cannot be built: {message}"),
                    ),
                ));
            }
            Err(AttemptError::Network(message)) => {
                let message = format!(
                    "{name}: network error on {method} {}: {message}",
                    prepared.url
                );
                report(None, None, Some(&message));
                let failure = Failure {
                    attempt,
                    kind: "network",
                    status: None,
                    message: message.clone(),
                };
                let error = ClientError::Network {
                    operation: name.to_owned(),
                    message,
                    attempts: attempt,
                    failures: Vec::new(),
                };
                (failure, FailureKind::Network, error, None)
            }
            Err(AttemptError::Timeout) => {
                let message = format!(
                    "no response within {} ms",
                    crate::numbers::display_f64(timeout_ms)
                );
                report(None, None, Some(&message));
                let failure = Failure {
                    attempt,
                    kind: "timeout",
                    status: None,
                    message,
                };
                let error = ClientError::Timeout {
                    operation: name.to_owned(),
                    timeout_ms,
                    attempts: attempt,
                    failures: Vec::new(),
                };
                (failure, FailureKind::Timeout, error, None)
            }
        };
        failures.push(failure);
        let policy = RetryPolicy {
            max_retries,
            max_retry_delay_ms: to_ms(cfg.max_retry_delay_ms),
            ..RetryPolicy::default()
        };
        let decision = policy.next_delay(
            attempt,
            retry_allowed,
            kind,
            retry_after.as_deref(),
            js_sys::Math::random(),
            to_ms(now_ms()),
        );
        match decision {
            Decision::RetryAfter(ms) => sleep(ms as f64, call.signal.as_ref())
                .await
                .map_err(ClientError::Aborted)?,
            Decision::GiveUp(_) => return Err(error.with_attempts(attempt, failures)),
        }
    }
}

impl ClientError {
    /// Fills in how many attempts were made and why each failed.
    fn with_attempts(self, n: u32, list: Vec<Failure>) -> ClientError {
        match self {
            ClientError::Api {
                operation,
                status,
                message,
                request_id,
                field_errors,
                body,
                ..
            } => ClientError::Api {
                operation,
                status,
                message,
                request_id,
                field_errors,
                body,
                attempts: n,
                failures: list,
            },
            ClientError::Network {
                operation, message, ..
            } => {
                let message = if n > 1 {
                    format!("{message} (after {n} attempts)")
                } else {
                    message
                };
                ClientError::Network {
                    operation,
                    message,
                    attempts: n,
                    failures: list,
                }
            }
            ClientError::Timeout {
                operation,
                timeout_ms,
                ..
            } => ClientError::Timeout {
                operation,
                timeout_ms,
                attempts: n,
                failures: list,
            },
            other => other,
        }
    }
}
