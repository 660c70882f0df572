//! One HTTP attempt: build the request (gloo-net's builder), send it through the global
//! `fetch` or the `fetch` option, bound it by a per-attempt timeout and the caller's signal,
//! and read the body with a size cap.

use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::timers::{abort_reason, clamp_delay, is_aborted};

#[wasm_bindgen]
extern "C" {
    // The global fetch, looked up at call time (so polyfills installed later are used).
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &web_sys::Request) -> Result<JsValue, JsValue>;
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

fn describe(err: &JsValue) -> String {
    let text = |v: &JsValue| -> Option<String> {
        if let Some(s) = v.as_string() {
            return Some(s);
        }
        let m = Reflect::get(v, &"message".into()).ok()?.as_string()?;
        Some(m)
    };
    let mut out = text(err).unwrap_or_else(|| "fetch failed".to_owned());
    if let Ok(cause) = Reflect::get(err, &"cause".into()) {
        if !cause.is_undefined() && !cause.is_null() {
            let code = Reflect::get(&cause, &"code".into())
                .ok()
                .and_then(|c| c.as_string());
            match (text(&cause), code) {
                (Some(m), _) if !m.is_empty() => out = format!("{out} ({m})"),
                (_, Some(c)) => out = format!("{out} ({c})"),
                _ => {}
            }
        }
    }
    out
}

/// Why `Headers.set(name, value)` would throw (the fetch standard's rules), checked here
/// because gloo-net's `header` turns a throw into a trap. The option checks already reject
/// all of these; this keeps a typed error should anything slip through.
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

fn build(req: &WireRequest<'_>, signal: Option<&AbortSignal>) -> Result<web_sys::Request, String> {
    // The headers go into the builder's own `Headers` (one object per request, not two).
    let mut builder = RequestBuilder::new(req.url);
    for (name, value) in req.headers {
        if let Some(problem) = header_problem(name, value) {
            return Err(format!("header {name} {problem}"));
        }
        builder = builder.header(name, value);
    }
    // GET is the default method.
    builder = match req.method {
        "POST" => builder.method(Method::POST),
        "DELETE" => builder.method(Method::DELETE),
        _ => builder,
    };
    if signal.is_some() {
        builder = builder.abort_signal(signal);
    }
    let built = match req.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    built.map(web_sys::Request::from).map_err(|e| e.to_string())
}

fn header(headers: &web_sys::Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}

#[wasm_bindgen(module = "/js/abort.js")]
extern "C" {
    /// The internal controller of an attempt (js/abort.js), aborted by the per-attempt timer or
    /// by the caller's signal.
    type AttemptAbort;
    #[wasm_bindgen(constructor, catch)]
    fn new(ms: f64, caller: Option<&AbortSignal>) -> Result<AttemptAbort, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AttemptAbort) -> AbortSignal;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &AttemptAbort) -> bool;
    #[wasm_bindgen(method)]
    fn dispose(this: &AttemptAbort);
}

/// Clears the timer and removes the listener from the caller's signal when dropped.
struct AbortGuard(AttemptAbort);

impl Drop for AbortGuard {
    fn drop(&mut self) {
        self.0.dispose();
    }
}

/// Sends one attempt.
pub(crate) async fn send(
    fetch: Option<&Function>,
    req: &WireRequest<'_>,
    timeout_ms: f64,
    signal: Option<&AbortSignal>,
    max_bytes: f64,
) -> Result<WireResponse, AttemptError> {
    if let Some(s) = signal {
        if is_aborted(s) {
            return Err(AttemptError::Aborted(abort_reason(s)));
        }
    }
    // The internal controller: aborted by the timeout and by the caller's signal (both gone
    // when this returns). With neither a timeout nor a caller signal the request carries no
    // signal at all (undici follows every signal a request carries: not free).
    let guard = if timeout_ms > 0.0 || signal.is_some() {
        let ms = if timeout_ms > 0.0 {
            clamp_delay(timeout_ms)
        } else {
            0.0
        };
        let abort = AttemptAbort::new(ms, signal).map_err(|e| {
            AttemptError::Build(format!("AbortController is unavailable: {}", describe(&e)))
        })?;
        Some(AbortGuard(abort))
    } else {
        None
    };
    let classify = |err: &JsValue| -> AttemptError {
        if let Some(s) = signal {
            if is_aborted(s) {
                return AttemptError::Aborted(abort_reason(s));
            }
        }
        if guard.as_ref().is_some_and(|g| g.0.timed_out()) {
            return AttemptError::Timeout;
        }
        AttemptError::Network(describe(err))
    };
    let request_signal = guard.as_ref().map(|g| g.0.signal());

    let request = build(req, request_signal.as_ref()).map_err(AttemptError::Build)?;
    let returned = match fetch {
        Some(f) => f.call1(&JsValue::UNDEFINED, &request),
        None => global_fetch(&request),
    }
    .map_err(|e| classify(&e))?;
    let response = JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(|e| classify(&e))?;
    if !response.is_object()
        || !Reflect::get(&response, &"status".into())
            .map(|s| s.as_f64().is_some())
            .unwrap_or(false)
    {
        return Err(AttemptError::Network(
            "fetch resolved with something that is not a Response".to_owned(),
        ));
    }
    let response: web_sys::Response = response.unchecked_into();
    let status = response.status();
    let headers = response.headers();
    let content_type = header(&headers, "content-type");
    // On a success these are only used by the onResponse hook (not read otherwise: each read
    // is a round trip to JS).
    let meta = req.response_meta || !(200..300).contains(&status);
    let request_id = if meta {
        header(&headers, "x-request-id")
    } else {
        None
    };
    let retry_after = if meta {
        header(&headers, "retry-after")
    } else {
        None
    };

    let declared = header(&headers, "content-length").and_then(|v| content_length(&v));
    if let Some(len) = declared {
        if len > max_bytes {
            if let Some(stream) = response.body() {
                let _ = stream.cancel();
            }
            return Err(too_large(status, max_bytes));
        }
    }
    let body = read_body(&response, status, max_bytes, declared)
        .await
        .map_err(|e| match e {
            ReadError::Js(err) => classify(&err),
            ReadError::TooLarge => too_large(status, max_bytes),
        })?;
    Ok(WireResponse {
        status,
        content_type,
        request_id,
        retry_after,
        body,
    })
}

fn too_large(status: u16, max_bytes: f64) -> AttemptError {
    AttemptError::Body {
        status,
        message: format!(
            "response body is larger than maxResponseBytes ({} bytes)",
            crate::numbers::display_f64(max_bytes)
        ),
    }
}

enum ReadError {
    Js(JsValue),
    TooLarge,
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

fn finish(array: Uint8Array, status: u16) -> Body {
    if is_success(status) {
        Body::Js(array.into())
    } else {
        Body::Text(into_text(&array))
    }
}

/// A Content-Length value (RFC 9110: digits only), saturating; anything else counts as absent
/// and the body is then read chunk by chunk under the cap. Not `parse::<f64>()`: that links
/// core's float parser and its tables (about 14 KB of the gzipped wasm) for this one header.
fn content_length(value: &str) -> Option<f64> {
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some(n as f64)
}

/// Reads the body: in one piece when the server declared its length (already checked against
/// the cap), else chunk by chunk, stopping (and cancelling the stream) past `max_bytes`.
/// A 2xx body stays in JS ([`Body::Js`]); any other is read as text.
async fn read_body(
    response: &web_sys::Response,
    status: u16,
    max_bytes: f64,
    declared: Option<f64>,
) -> Result<Body, ReadError> {
    let Some(stream) = response.body() else {
        if status == 204 || status == 304 {
            return Ok(if is_success(status) {
                Body::Js(JsValue::from_str(""))
            } else {
                Body::Text(String::new())
            });
        }
        // A fetch-compatible function may return a response without a stream.
        let promise = response.text().map_err(ReadError::Js)?;
        let text = JsFuture::from(promise)
            .await
            .map_err(ReadError::Js)?
            .as_string()
            .unwrap_or_default();
        if text.len() as f64 > max_bytes {
            return Err(ReadError::TooLarge);
        }
        // A rare path (a fetch replacement without streams): the text has been through wasm.
        if is_success(status) {
            return Ok(Body::Js(JsValue::from_str(&text)));
        }
        return Ok(Body::Text(text));
    };
    if declared.is_some() {
        drop(stream);
        let promise = response.array_buffer().map_err(ReadError::Js)?;
        let buffer = JsFuture::from(promise).await.map_err(ReadError::Js)?;
        let array = Uint8Array::new(&buffer);
        // Content-Length counts encoded bytes: check what was actually received too.
        if f64::from(array.length()) > max_bytes {
            return Err(ReadError::TooLarge);
        }
        return Ok(finish(array, status));
    }
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut chunks: Vec<Uint8Array> = Vec::new();
    let mut total: u32 = 0;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(ReadError::Js)?;
        let done = Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let Ok(array) = value.dyn_into::<Uint8Array>() else {
            continue;
        };
        if f64::from(total) + f64::from(array.length()) > max_bytes {
            let _ = reader.cancel();
            return Err(ReadError::TooLarge);
        }
        total = total.saturating_add(array.length());
        chunks.push(array);
    }
    reader.release_lock();
    let array = match chunks.len() {
        1 => chunks
            .pop()
            .unwrap_or_else(|| Uint8Array::new_with_length(0)),
        _ => {
            let all = Uint8Array::new_with_length(total);
            let mut at = 0u32;
            for c in &chunks {
                all.set(c, at);
                at = at.saturating_add(c.length());
            }
            all
        }
    };
    Ok(finish(array, status))
}
