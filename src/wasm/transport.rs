//! One HTTP attempt: the request is checked and flattened here, then sent, bounded by the
//! per-attempt timeout and the caller's signal, and its body read under the size cap by
//! `js/transport.js` (one call and one promise per attempt: no `Request` object for the global
//! `fetch`, no JS round trip per header or per chunk).

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::timers::clamp_delay;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// Sends one attempt (js/transport.js); the promise resolves with an [`Outcome`].
    #[wasm_bindgen(js_name = send)]
    #[allow(clippy::too_many_arguments)]
    fn send_js(
        fetch: Option<&Function>,
        method: &str,
        url: &str,
        headers: &str,
        body: Option<&str>,
        timeout_ms: f64,
        caller: Option<&AbortSignal>,
        max_bytes: f64,
        meta: bool,
    ) -> Promise;

    /// What an attempt gave (see js/transport.js).
    type Outcome;
    #[wasm_bindgen(method, getter)]
    fn kind(this: &Outcome) -> u32;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Outcome) -> u16;
    #[wasm_bindgen(method, getter, js_name = contentType)]
    fn content_type(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = requestId)]
    fn request_id(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn message(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn reason(this: &Outcome) -> JsValue;
}

/// What to send (headers include Authorization when there is a token).
pub(crate) struct WireRequest<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Option<&'a str>,
    /// Read `x-request-id` and `retry-after` from a 2xx response too (for the onResponse hook);
    /// they are always read from other responses.
    pub response_meta: bool,
}

/// What came back.
pub(crate) struct WireResponse {
    pub status: u16,
    pub content_type: Option<String>,
    /// On a 2xx response, only when `WireRequest::response_meta` was set.
    pub request_id: Option<String>,
    /// On a 2xx response, only when `WireRequest::response_meta` was set.
    pub retry_after: Option<String>,
    pub body: Body,
}

/// Why an attempt got no usable response.
pub(crate) enum AttemptError {
    /// No response: connection refused, reset, DNS, TLS, CORS, body cut off.
    Network(String),
    /// `timeoutMs` elapsed.
    Timeout,
    /// The caller's signal fired (carries `signal.reason`).
    Aborted(JsValue),
    /// A response came but its body cannot be used (too large).
    Body { status: u16, message: String },
    /// The request could not even be built (bad header value, bad URL).
    Build(String),
}

/// Why `Headers.set(name, value)` would throw (the fetch standard's rules). The option checks
/// already reject all of these; this keeps a typed error should anything slip through (and
/// keeps NUL, the separator of the header list handed to JS, out of it).
fn header_problem(name: &str, value: &str) -> Option<&'static str> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(tchar) {
        return Some("is not a valid header name");
    }
    if value
        .chars()
        .any(|c| matches!(c, '\0' | '\r' | '\n') || u32::from(c) > 0xff)
    {
        return Some("has a value with NUL, CR, LF or a character above U+00FF");
    }
    None
}

/// The headers as one string, `name NUL value NUL ...` (one string crosses to JS, not a call
/// per header).
fn header_text(headers: &[(String, String)]) -> Result<String, String> {
    let mut out = String::with_capacity(headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    for (name, value) in headers {
        if let Some(problem) = header_problem(name, value) {
            let mut message = String::from("header ");
            message.push_str(name);
            message.push(' ');
            message.push_str(problem);
            return Err(message);
        }
        out.push_str(name);
        out.push('\0');
        out.push_str(value);
        out.push('\0');
    }
    Ok(out)
}

const OK: u32 = 0;
const NETWORK: u32 = 1;
const TIMEOUT: u32 = 2;
const ABORTED: u32 = 3;
const TOO_LARGE: u32 = 4;

/// Sends one attempt.
pub(crate) async fn send(
    fetch: Option<&Function>,
    req: &WireRequest<'_>,
    timeout_ms: f64,
    signal: Option<&AbortSignal>,
    max_bytes: f64,
) -> Result<WireResponse, AttemptError> {
    let headers = header_text(req.headers).map_err(AttemptError::Build)?;
    let ms = if timeout_ms > 0.0 {
        clamp_delay(timeout_ms)
    } else {
        0.0
    };
    let promise = send_js(
        fetch,
        req.method,
        req.url,
        &headers,
        req.body,
        ms,
        signal,
        max_bytes,
        req.response_meta,
    );
    // js/transport.js resolves with an outcome whatever happens; a rejection would be a bug
    // there, reported as a network error rather than lost.
    let outcome: Outcome = match JsFuture::from(promise).await {
        Ok(v) => v.unchecked_into(),
        Err(e) => {
            let message = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "fetch failed".to_owned());
            return Err(AttemptError::Network(message));
        }
    };
    match outcome.kind() {
        OK => {
            let status = outcome.status();
            let body = outcome.body();
            Ok(WireResponse {
                status,
                content_type: outcome.content_type(),
                request_id: outcome.request_id(),
                retry_after: outcome.retry_after(),
                body: if is_success(status) || body.is_string() {
                    Body::Js(body)
                } else {
                    Body::Text(into_text(&Uint8Array::new(&body)))
                },
            })
        }
        NETWORK => Err(AttemptError::Network(outcome.message().unwrap_or_default())),
        TIMEOUT => Err(AttemptError::Timeout),
        ABORTED => Err(AttemptError::Aborted(outcome.reason())),
        TOO_LARGE => Err(too_large(outcome.status(), max_bytes)),
        _ => Err(AttemptError::Build(outcome.message().unwrap_or_default())),
    }
}

fn too_large(status: u16, max_bytes: f64) -> AttemptError {
    let mut message = String::from("response body is larger than maxResponseBytes (");
    message.push_str(&crate::numbers::display_f64(max_bytes));
    message.push_str(" bytes)");
    AttemptError::Body { status, message }
}

/// A response body as read.
pub(crate) enum Body {
    /// A 2xx body, left in JS (a `Uint8Array`, or a string when the response had no stream):
    /// js/check.js decodes, parses and checks it there, so it is never copied into wasm memory.
    Js(JsValue),
    /// A non-2xx body as text (decoded lossily: an error page in latin-1 still gives an
    /// AstroApiError with its message).
    Text(String),
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Bytes of a non-2xx body to text, lossily.
fn into_text(array: &Uint8Array) -> String {
    let bytes = array.to_vec();
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}
