//! One call: prepare the request with the core, then attempts with retries (the policy of
//! [`crate::retry`], the same loop as the package's `src/wasm/call.rs`), each attempt bounded by
//! the per-attempt timeout and its body by the size cap; the answer is read by
//! [`crate::decoding::read_output`] (the result of `OperationInput::decode_output`, in one
//! typed pass when possible).

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::future::Either;
use futures_util::FutureExt;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Instrument;

use crate::error::ResponseError;
use crate::operations::{OperationInput, RequestContext};
use crate::registry::{HttpMethod, OperationSpec};
use crate::retry::{retries_allowed, Decision, Failure, FailureKind, GiveUpReason, RetryPolicy};
use crate::validation::{Issue, Rule, ValidationError};

use super::builder::bearer;
use super::error::{ApiFailure, BodyTooLarge, NetworkFailure, TimeoutFailure};
use super::secret::{clean_token, scrub, Secret, TokenProvider};
use super::{ApiInput, ApiVersion, Client, Error};

/// The response header that names the request in the API's logs.
const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Longest request URL sent (servers answer 414/431 beyond a few KiB).
const MAX_URL_LENGTH: usize = 16 * 1024;

/// The client's configuration, shared by its clones.
pub(crate) struct Inner {
    pub http: reqwest::Client,
    /// The base URL, parsed once: each request URL is this one with the call's path and query
    /// set.
    pub base: reqwest::Url,
    pub organization_id: Option<String>,
    pub auth: Auth,
    /// `user-agent`, `x-api-version` and the extra headers, in that order (later ones win).
    pub headers: HeaderMap,
    pub timeout: Option<Duration>,
    pub retry: RetryPolicy,
    pub max_response_bytes: u64,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match self.auth {
            Auth::None => "none",
            Auth::Token { .. } => "token ([redacted])",
            Auth::Provider(_) => "token provider",
        };
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("organization_id", &self.organization_id)
            .field("auth", &auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("headers", &header_names)
            .finish()
    }
}

impl Inner {
    /// The base URL as text, without a trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        base_text(&self.base)
    }
}

/// `base` as text without a trailing slash: what the core's `prepare` puts before the path.
fn base_text(base: &reqwest::Url) -> &str {
    base.as_str().trim_end_matches('/')
}

/// How requests are authenticated.
pub(crate) enum Auth {
    None,
    /// A fixed token and its header value, built once.
    Token {
        token: Secret,
        header: HeaderValue,
    },
    Provider(Arc<dyn TokenProvider>),
}

impl Auth {
    /// The token and header value of one attempt.
    async fn current(&self) -> Result<Option<(Cow<'_, Secret>, HeaderValue)>, Error> {
        match self {
            Auth::None => Ok(None),
            Auth::Token { token, header } => Ok(Some((Cow::Borrowed(token), header.clone()))),
            Auth::Provider(provider) => {
                let raw = provider.token().await.map_err(Error::TokenProvider)?;
                let token = clean_token(&raw, "token_provider").map_err(|issue| {
                    Error::Validation(ValidationError {
                        operation: None,
                        issues: vec![issue],
                    })
                })?;
                let header = bearer(&token).ok_or_else(|| {
                    Error::Validation(ValidationError::single(
                        None,
                        "token_provider",
                        Rule::Type,
                        "the token cannot go in a header",
                    ))
                })?;
                Ok(Some((Cow::Owned(token), header)))
            }
        }
    }
}

/// Options of one call, over the client's: the timeout, retries, and extra headers.
///
/// ```
/// use std::time::Duration;
/// use astro_platform_client::client::CallOptions;
///
/// // A create that may be retried (the caller knows a duplicate is harmless), with more time.
/// let options = CallOptions::new().retry(true).timeout(Duration::from_secs(60));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Option<Duration>>,
    max_retries: Option<u32>,
    retry: Option<bool>,
    headers: Vec<(String, String)>,
}

impl CallOptions {
    /// The client's settings.
    pub const fn new() -> CallOptions {
        CallOptions {
            timeout: None,
            max_retries: None,
            retry: None,
            headers: Vec::new(),
        }
    }

    /// The per-attempt timeout of this call.
    pub fn timeout(mut self, per_attempt: Duration) -> Self {
        self.timeout = Some(Some(per_attempt));
        self
    }

    /// No per-attempt timeout for this call.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Retries after the first attempt for this call.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// `true` also retries a POST or PATCH (the API has no idempotency keys: only when a
    /// repeated request is harmless); `false` turns retries off for this call.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = Some(retry);
        self
    }

    /// An extra header for this call (replaces the client's header of the same name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The options of a call made without any: the client's.
static CLIENT_OPTIONS: CallOptions = CallOptions::new();

impl<V: ApiVersion> Client<V> {
    /// Runs any operation of the version: its typed input in, its typed output out (`()` for
    /// an operation without a response body, the bytes for a binary one). Every generated
    /// method is this call, with the input moved in.
    pub fn send<'a, I>(
        &'a self,
        input: &'a I,
    ) -> impl Future<Output = Result<I::Output, Error>> + 'a
    where
        I: ApiInput<V> + Sync,
    {
        execute::<I, &I>(&self.inner, input, &CLIENT_OPTIONS)
    }

    /// [`send`](Client::send) with options for this call.
    pub fn send_with<'a, I>(
        &'a self,
        input: &'a I,
        options: &'a CallOptions,
    ) -> impl Future<Output = Result<I::Output, Error>> + 'a
    where
        I: ApiInput<V> + Sync,
    {
        execute::<I, &I>(&self.inner, input, options)
    }

    /// [`send`](Client::send) with the input moved into the call: what the generated methods
    /// return.
    pub(crate) fn send_owned<'a, I>(
        &'a self,
        input: I,
    ) -> impl Future<Output = Result<I::Output, Error>> + 'a
    where
        I: ApiInput<V> + Sync + 'a,
    {
        execute::<I, I>(&self.inner, input, &CLIENT_OPTIONS)
    }
}

/// What came back from one attempt.
struct Answer {
    status: u16,
    // Header values are kept as they came (a shared buffer, no copy) and read as text only
    // when used.
    content_type: Option<HeaderValue>,
    retry_after: Option<HeaderValue>,
    request_id: Option<HeaderValue>,
    body: Bytes,
}

/// A header value as text, if it is visible ASCII.
fn text_of(value: Option<&HeaderValue>) -> Option<&str> {
    value.and_then(|v| v.to_str().ok())
}

/// Why an attempt got no usable response.
enum AttemptError {
    Network(reqwest::Error),
    Timeout,
    TooLarge { status: u16 },
}

fn invalid(spec: &OperationSpec, path: &str, rule: Rule, message: String) -> Error {
    Error::Validation(ValidationError::single(
        Some(spec.name),
        path,
        rule,
        message,
    ))
}

/// The request headers of a call, before `authorization`: the core's (`accept`,
/// `content-type`, header parameters), then the client's, then the call's (later ones win).
fn call_headers(
    spec: &OperationSpec,
    prepared: &[(String, String)],
    client: &HeaderMap,
    options: &CallOptions,
) -> Result<HeaderMap, Error> {
    let mut headers =
        // Room for `authorization` too, added per attempt to a copy.
        HeaderMap::with_capacity(prepared.len() + client.len() + options.headers.len() + 2);
    let parse = |name: &str, value: &str| match (header_name(name), HeaderValue::from_str(value)) {
        (Ok(n), Ok(v)) => Ok((n, v)),
        _ => Err(invalid(
            spec,
            &format!("headers.{name}"),
            Rule::Type,
            format!("header {name:?} has a name or value that cannot be sent"),
        )),
    };
    for (name, value) in prepared {
        let (n, v) = parse(name, value)?;
        headers.insert(n, v);
    }
    for (n, v) in client {
        headers.insert(n.clone(), v.clone());
    }
    for (name, value) in &options.headers {
        let (n, v) = parse(name, value)?;
        headers.insert(n, v);
    }
    Ok(headers)
}

/// The name of a request header: the core's usual ones without parsing.
fn header_name(name: &str) -> Result<HeaderName, reqwest::header::InvalidHeaderName> {
    match name {
        "accept" => Ok(ACCEPT),
        "content-type" => Ok(CONTENT_TYPE),
        _ => HeaderName::from_bytes(name.as_bytes()),
    }
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn method_of(method: HttpMethod) -> reqwest::Method {
    match method {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

/// The URL of a prepared request (`full`, which the core built as the base URL + path +
/// query): the client's parsed base with the path and query set. The result is what
/// `Url::parse(full)` gives (the unit tests below compare them), without parsing the scheme
/// and host again on every call; `None` when `full` does not start with the base URL.
fn request_url(base: &reqwest::Url, full: &str) -> Option<reqwest::Url> {
    let rest = full.strip_prefix(base_text(base))?;
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {
        return None;
    }
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let base_path = base.path().trim_end_matches('/');
    let mut full_path = String::with_capacity(base_path.len() + path.len());
    full_path.push_str(base_path);
    full_path.push_str(path);
    let mut url = base.clone();
    url.set_path(&full_path);
    url.set_query(query);
    Some(url)
}

/// The message of a transport error with its causes (`error sending request: ...: connection
/// refused`), which reqwest's own `Display` leaves out.
fn describe(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// One attempt: send, then read the body, within the timeout.
///
/// A call's state holds the attempt's future while it runs (and a caller's future holds the
/// call's state), so this one is kept small: the request future is made here, before anything
/// is awaited (reqwest's is a pointer), and the exchange is kept once, inside the timer or
/// not (an `async fn` taking the request and wrapping the exchange in the timer would keep the
/// request and the exchange twice).
fn attempt(
    inner: &Inner,
    request: reqwest::Request,
    timeout: Option<Duration>,
) -> impl Future<Output = Result<Answer, AttemptError>> {
    let exchange = exchange(inner.http.execute(request), inner.max_response_bytes);
    match timeout {
        Some(limit) => Either::Left(
            tokio::time::timeout(limit, exchange)
                .map(|outcome| outcome.unwrap_or(Err(AttemptError::Timeout))),
        ),
        None => Either::Right(exchange),
    }
}

/// Waits for the response and reads its body, refusing one larger than `max` bytes: by its
/// `Content-Length` before reading (then the body is taken whole, without a copy; hyper
/// refuses a body longer than it declared), else by what arrived while reading (a
/// decompressed or chunked body has no length).
async fn exchange(
    pending: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
    max: u64,
) -> Result<Answer, AttemptError> {
    let mut response = pending.await.map_err(AttemptError::Network)?;
    let status = response.status().as_u16();
    let headers = response.headers();
    let content_type = headers.get(CONTENT_TYPE).cloned();
    let request_id = headers.get(X_REQUEST_ID).cloned();
    let retry_after = if (200..300).contains(&status) {
        None
    } else {
        headers.get(RETRY_AFTER).cloned()
    };
    let body = match response.content_length() {
        Some(len) if len > max => return Err(AttemptError::TooLarge { status }),
        Some(_) => response.bytes().await.map_err(AttemptError::Network)?,
        None => {
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(AttemptError::Network)? {
                let total =
                    u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
                if total > max {
                    return Err(AttemptError::TooLarge { status });
                }
                body.extend_from_slice(&chunk);
            }
            Bytes::from(body)
        }
    };
    Ok(Answer {
        status,
        content_type,
        retry_after,
        request_id,
        body,
    })
}

/// A call: its span, then its attempts.
///
/// The call's state (the attempt, its timer, the response being read) lives on the heap, so
/// the future a caller holds stays small (tests/client_resilience.rs) and is cheap to move and
/// to join with others. Nothing else is awaited between the caller and [`run`]: the output
/// (a model can be more than a KB) is moved once per future it passes through. A disabled
/// span (no subscriber wants it) is neither entered on every poll nor timed.
pub(crate) fn execute<'a, I, In>(
    inner: &'a Inner,
    input: In,
    options: &'a CallOptions,
) -> impl Future<Output = Result<I::Output, Error>> + 'a
where
    I: OperationInput + Sync + 'a,
    In: Borrow<I> + 'a,
{
    let spec = I::spec();
    let span = tracing::info_span!(
        "astro.call",
        operation = spec.name,
        method = spec.method.as_str(),
        status = Empty,
        attempts = Empty,
        duration_ms = Empty,
    );
    if span.is_disabled() {
        Either::Left(Box::pin(run::<I, In>(inner, input, options, span, false)))
    } else {
        let call = run::<I, In>(inner, input, options, span.clone(), true);
        Either::Right(Box::pin(call.instrument(span)))
    }
}

/// What a call sends, built once before its first attempt.
struct Plan {
    prepared: crate::operations::PreparedRequest,
    /// The URL and headers of the first attempt (a retry builds them again: cheaper than a
    /// copy for every call that succeeds at once).
    first_url: Option<reqwest::Url>,
    first_headers: Option<HeaderMap>,
    body: Option<Bytes>,
    method: reqwest::Method,
}

/// Validates the input and builds the request of a call.
fn plan<I: OperationInput>(inner: &Inner, input: &I, options: &CallOptions) -> Result<Plan, Error> {
    let spec = I::spec();
    let context = RequestContext {
        base_url: inner.base_url(),
        default_organization_id: inner.organization_id.as_deref(),
    };
    let mut prepared = input.prepare(&context).map_err(Error::Validation)?;
    if prepared.url.len() > MAX_URL_LENGTH {
        return Err(invalid(
            spec,
            "",
            Rule::MaxLength,
            format!(
                "the request URL would be {} characters long (at most {MAX_URL_LENGTH}): shorten \
                 the path or query parameters",
                prepared.url.len()
            ),
        ));
    }
    let url = parse_url(inner, spec, &prepared.url)?;
    let headers = call_headers(spec, &prepared.headers, &inner.headers, options)?;
    Ok(Plan {
        first_url: Some(url),
        first_headers: Some(headers),
        body: prepared.body.take().map(Bytes::from),
        method: method_of(prepared.method),
        prepared,
    })
}

/// The URL of a prepared request, as reqwest takes it.
fn parse_url(inner: &Inner, spec: &OperationSpec, full: &str) -> Result<reqwest::Url, Error> {
    match request_url(&inner.base, full) {
        Some(url) => Ok(url),
        None => reqwest::Url::parse(full).map_err(|e| {
            invalid(
                spec,
                "",
                Rule::Type,
                format!("the request URL is not valid: {e}"),
            )
        }),
    }
}

/// Runs a call: its attempts, with retries, and its span's last fields. It does not return
/// early, so every call ends here (the span's duration, the event of a failed call).
async fn run<I, In>(
    inner: &Inner,
    input: In,
    options: &CallOptions,
    call_span: tracing::Span,
    timed: bool,
) -> Result<I::Output, Error>
where
    I: OperationInput + Sync,
    In: Borrow<I>,
{
    let started = timed.then(Instant::now);
    let result = 'call: {
        let Plan {
            prepared,
            mut first_url,
            mut first_headers,
            body,
            method,
        } = match plan(inner, input.borrow(), options) {
            Ok(plan) => plan,
            Err(e) => break 'call Err(e),
        };
        let spec = I::spec();
        let parse_again = || parse_url(inner, spec, &prepared.url);
        let retry_allowed = options.retry != Some(false)
            && retries_allowed(prepared.method, options.retry == Some(true));
        let policy = RetryPolicy {
            max_retries: options.max_retries.unwrap_or(inner.retry.max_retries),
            ..inner.retry
        };
        let timeout = options.timeout.unwrap_or(inner.timeout);

        let mut failures: Vec<Failure> = Vec::new();
        let mut attempt_number: u32 = 0;
        loop {
            attempt_number = attempt_number.saturating_add(1);
            // Every attempt asks the provider again (a refreshed token is used on retries).
            let auth = match inner.auth.current().await {
                Ok(auth) => auth,
                Err(e) => break Err(e),
            };
            let mut attempt_headers = match first_headers.take() {
                Some(headers) => headers,
                None => match call_headers(spec, &prepared.headers, &inner.headers, options) {
                    Ok(headers) => headers,
                    Err(e) => break Err(e),
                },
            };
            let token = match auth {
                Some((token, value)) => {
                    attempt_headers.insert(AUTHORIZATION, value);
                    Some(token)
                }
                // A bearer token passed as an extra header is scrubbed too.
                None => attempt_headers
                    .get(AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(|t| Cow::Owned(Secret::from(t))),
            };
            let token: Option<&Secret> = token.as_deref();
            let url = match first_url.take() {
                Some(url) => url,
                None => match parse_again() {
                    Ok(url) => url,
                    Err(e) => break Err(e),
                },
            };
            let mut request = reqwest::Request::new(method.clone(), url);
            *request.headers_mut() = attempt_headers;
            if let Some(b) = &body {
                *request.body_mut() = Some(reqwest::Body::from(b.clone()));
            }

            let attempt_span = tracing::debug_span!(
                "astro.attempt",
                operation = spec.name,
                method = spec.method.as_str(),
                attempt = attempt_number,
                status = Empty,
                duration_ms = Empty,
            );
            // The attempt's future is made inside each arm: made before them, the call's state
            // would keep it twice (as itself and inside `Instrumented`).
            let outcome = if attempt_span.is_disabled() {
                attempt(inner, request, timeout).await
            } else {
                let started = Instant::now();
                let outcome = attempt(inner, request, timeout)
                    .instrument(attempt_span.clone())
                    .await;
                attempt_span.record("duration_ms", millis(started.elapsed()));
                outcome
            };
            call_span.record("attempts", attempt_number);

            let (kind, retry_after, error) = match outcome {
                Ok(answer) => {
                    attempt_span.record("status", answer.status);
                    call_span.record("status", answer.status);
                    let ct = text_of(answer.content_type.as_ref());
                    match crate::decoding::read_output::<I>(answer.status, ct, &answer.body) {
                        Ok(output) => {
                            attempt_span.in_scope(|| {
                                tracing::debug!(status = answer.status, "attempt succeeded")
                            });
                            break Ok(output);
                        }
                        Err(ResponseError::Decode(mut e)) => {
                            e.message = scrub(e.message, token);
                            attempt_span.in_scope(|| {
                                tracing::debug!(status = answer.status, "response does not decode")
                            });
                            break Err(Error::Decode(e));
                        }
                        Err(ResponseError::Api(e)) => {
                            let message = scrub(e.message, token);
                            attempt_span
                                .in_scope(|| tracing::debug!(status = e.status, "API error"));
                            failures.push(Failure::http(attempt_number, e.status, &message));
                            let failure = ApiFailure {
                                operation: spec.name,
                                status: e.status,
                                message,
                                request_id: e.request_id.or_else(|| {
                                    text_of(answer.request_id.as_ref()).map(str::to_owned)
                                }),
                                field_errors: e.field_errors,
                                body: scrub(e.body, token),
                                attempts: attempt_number,
                                failures: Vec::new(),
                                gave_up: None,
                            };
                            (
                                FailureKind::Status(e.status),
                                text_of(answer.retry_after.as_ref()).map(str::to_owned),
                                Error::Api(Box::new(failure)),
                            )
                        }
                    }
                }
                Err(AttemptError::TooLarge { status }) => {
                    attempt_span.record("status", status);
                    call_span.record("status", status);
                    break Err(Error::BodyTooLarge(BodyTooLarge {
                        operation: spec.name,
                        status,
                        limit: inner.max_response_bytes,
                    }));
                }
                Err(AttemptError::Timeout) => {
                    let limit = timeout.unwrap_or_default();
                    attempt_span.in_scope(|| {
                        tracing::debug!(timeout_ms = millis(limit), "attempt timed out")
                    });
                    failures.push(Failure::timeout(attempt_number, millis(limit)));
                    let failure = TimeoutFailure {
                        operation: spec.name,
                        timeout: limit,
                        attempts: attempt_number,
                        failures: Vec::new(),
                    };
                    (
                        FailureKind::Timeout,
                        None,
                        Error::Timeout(Box::new(failure)),
                    )
                }
                Err(AttemptError::Network(e)) => {
                    let message = scrub(describe(&e), token);
                    attempt_span.in_scope(|| tracing::debug!(error = %message, "network error"));
                    if e.is_builder() {
                        break Err(invalid(
                            spec,
                            "",
                            Rule::Type,
                            format!("the request cannot be built: {message}"),
                        ));
                    }
                    failures.push(Failure::network(attempt_number, &message));
                    let failure = NetworkFailure {
                        operation: spec.name,
                        method: prepared.method,
                        url: prepared.url.clone(),
                        message,
                        attempts: attempt_number,
                        failures: Vec::new(),
                        source: Some(e),
                    };
                    (
                        FailureKind::Network,
                        None,
                        Error::Network(Box::new(failure)),
                    )
                }
            };

            let decision = policy.next_delay(
                attempt_number,
                retry_allowed,
                kind,
                retry_after.as_deref(),
                fastrand::f64(),
                now_unix_ms(),
            );
            match decision {
                Decision::RetryAfter(delay_ms) => {
                    tracing::debug!(attempt = attempt_number, delay_ms, "retrying");
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                }
                Decision::GiveUp(reason) => {
                    break Err(finish(error, attempt_number, failures, reason));
                }
            }
        }
    };
    if let Some(started) = started {
        call_span.record("duration_ms", millis(started.elapsed()));
    }
    if let Err(e) = &result {
        tracing::debug!(error = %e, "call failed");
    }
    result
}

/// The final error of a call: how many attempts were made, why each failed and why no other
/// was made.
fn finish(error: Error, attempts: u32, failures: Vec<Failure>, reason: GiveUpReason) -> Error {
    match error {
        Error::Api(mut e) => {
            e.attempts = attempts;
            e.failures = failures;
            e.gave_up = Some(reason);
            Error::Api(e)
        }
        Error::Network(mut e) => {
            e.attempts = attempts;
            e.failures = failures;
            Error::Network(e)
        }
        Error::Timeout(mut e) => {
            e.attempts = attempts;
            e.failures = failures;
            Error::Timeout(e)
        }
        other => other,
    }
}

/// An issue of the input as a whole, for the pagination and wait helpers.
pub(crate) fn input_issue(
    operation: &'static str,
    path: &str,
    rule: Rule,
    message: String,
) -> Error {
    Error::Validation(ValidationError {
        operation: Some(operation),
        issues: vec![Issue::new(path, rule, message)],
    })
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::request_url;
    use crate::encoding::{encode_query_component, push_path_segment};

    const BASES: &[&str] = &[
        "https://api.astronomer.io/platform/v1beta1",
        "https://api.astronomer.io/v1/",
        "https://api.astronomer.io",
        "https://API.Astronomer.io:443/v1",
        "http://127.0.0.1:8080",
        "http://[::1]:9/api/",
        "https://h.example/a%20b/c/",
        "https://h.example/a b/ü/",
        "http://localhost/p;q/",
    ];

    /// `request_url` of `base` + `rest` against a full parse of the same text.
    fn same_as_parse(base: &str, rest: &str) {
        let parsed = reqwest::Url::parse(base).unwrap();
        let base_url = parsed.as_str().trim_end_matches('/');
        let full = format!("{base_url}{rest}");
        let ours = request_url(&parsed, &full).unwrap_or_else(|| panic!("no URL for {full:?}"));
        let whole = reqwest::Url::parse(&full).unwrap();
        assert_eq!(ours.as_str(), whole.as_str(), "{full:?}");
        assert_eq!(ours, whole, "{full:?}");
    }

    #[test]
    fn the_request_url_is_the_parse_of_the_whole_text() {
        let rests = [
            "",
            "/users/self",
            "/organizations/clmh59gt0000308lbgswe5fvh/deployments/cldp0000000000008lb58fe2w",
            "/organizations/a%2Fb%3Fc%23d/workspaces",
            "/organizations/%2E%2E/x/%25/%C3%BC",
            "/organizations/o/deployments?limit=1000&offset=0&sorts=name:asc&sorts=createdAt:desc",
            "?x=1",
            "/a?",
        ];
        for base in BASES {
            for rest in rests {
                same_as_parse(base, rest);
            }
        }
    }

    #[test]
    fn the_request_url_of_any_encoded_parameter_is_the_parse_of_the_whole_text() {
        let mut rng = fastrand::Rng::with_seed(7);
        let alphabet: Vec<char> =
            "aZ09-._~ /?#%&=:;@+$,!*'()[]\\\"<>^`{|}\u{7f}\t\u{e9}\u{20ac}\u{1f600}"
                .chars()
                .collect();
        for i in 0..2_000 {
            let mut text = String::new();
            for _ in 0..rng.usize(0..12) {
                text.push(alphabet[rng.usize(0..alphabet.len())]);
            }
            let mut rest = String::from("/organizations/");
            push_path_segment(&mut rest, &text);
            if i % 2 == 0 {
                rest.push_str("?q=");
                rest.push_str(&encode_query_component(&text));
            }
            same_as_parse(BASES[i % BASES.len()], &rest);
        }
    }

    #[test]
    fn a_url_not_under_the_base_is_left_to_a_full_parse() {
        let parsed = reqwest::Url::parse("https://api.astronomer.io/v1").unwrap();
        assert!(request_url(&parsed, "https://other.example/v1/x").is_none());
        assert!(request_url(&parsed, "https://api.astronomer.io/v10/x").is_none());
    }
}
