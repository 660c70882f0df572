//! The one error type of the client, [`Error`], and the details of each kind of failure.
//!
//! The taxonomy is the package's (`AstroValidationError`, `AstroApiError`, ...): an invalid
//! input is never sent; an API error keeps the server's message, request id, field errors and
//! raw body; network errors and timeouts say how many attempts were made and why each failed.

use std::fmt;
use std::time::Duration;

use crate::error::{DecodeError, FieldError};
use crate::registry::HttpMethod;
use crate::retry::{Failure, GiveUpReason};
use crate::validation::ValidationError;

use super::secret::BoxError;

/// What a call of the [`Client`](super::Client) can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The input (or a client option) is invalid: nothing was sent. Holds every issue, each
    /// with its field path and rule.
    Validation(ValidationError),
    /// The server answered with a non-2xx status (after any retries).
    Api(Box<ApiFailure>),
    /// No response: connection refused or reset, DNS, TLS, a body cut off (after any retries).
    Network(Box<NetworkFailure>),
    /// No complete response within the per-attempt timeout (after any retries).
    Timeout(Box<TimeoutFailure>),
    /// The server answered 2xx, but the body does not match the operation's schema.
    Decode(DecodeError),
    /// The response body is larger than [`max_response_bytes`](super::ClientBuilder::max_response_bytes);
    /// it was not read.
    BodyTooLarge(BodyTooLarge),
    /// A waiter ended without reaching the awaited state.
    Wait(Box<WaitFailure>),
    /// The [`TokenProvider`](super::TokenProvider) failed; nothing was sent.
    TokenProvider(BoxError),
}

/// The server answered with a non-2xx status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// The operation id (`getDeployment`).
    pub operation: &'static str,
    /// The HTTP status of the last attempt.
    pub status: u16,
    /// The server's `message`, or a description of what came back when the body is not the
    /// API's error body (`HTTP 502 with a text/html body: "<html>…"`).
    pub message: String,
    /// The `requestId` of the error body (or the `x-request-id` header). Quote it to Astronomer
    /// support.
    pub request_id: Option<String>,
    /// The fields the server found at fault (v1 error bodies).
    pub field_errors: Vec<FieldError>,
    /// The raw response body (read lossily if it is not UTF-8).
    pub body: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// Why each attempt failed, in order.
    pub failures: Vec<Failure>,
    /// Why no further attempt was made.
    pub gave_up: Option<GiveUpReason>,
}

/// No response arrived.
#[derive(Debug)]
pub struct NetworkFailure {
    /// The operation id.
    pub operation: &'static str,
    pub method: HttpMethod,
    /// The request URL (it never holds the token).
    pub url: String,
    /// What went wrong on the last attempt, with its causes.
    pub message: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// Why each attempt failed, in order.
    pub failures: Vec<Failure>,
    /// The transport's error of the last attempt.
    pub source: Option<reqwest::Error>,
}

/// An attempt did not complete within its timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutFailure {
    /// The operation id.
    pub operation: &'static str,
    /// The per-attempt timeout.
    pub timeout: Duration,
    /// How many attempts were made.
    pub attempts: u32,
    /// Why each attempt failed, in order.
    pub failures: Vec<Failure>,
}

/// The response body was larger than the client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTooLarge {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status of the response.
    pub status: u16,
    /// The limit, in bytes.
    pub limit: u64,
}

/// Why a waiter ended without reaching the awaited state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The resource reached a status it will not leave for the awaited one (`CREATE_FAILED`).
    Failed,
    /// The wait's deadline passed.
    TimedOut,
}

/// A waiter ended without reaching the awaited state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitFailure {
    /// The waiter (`waitForDeployment`).
    pub waiter: &'static str,
    pub reason: WaitReason,
    /// What happened, e.g. `waitForDeployment: not HEALTHY within 600000 ms (last status
    /// "DEPLOYING")`.
    pub message: String,
    /// The last status seen, if any poll succeeded.
    pub last_status: Option<String>,
}

impl Error {
    /// The operation the error belongs to, when it belongs to one.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Validation(e) => e.operation,
            Error::Api(e) => Some(e.operation),
            Error::Network(e) => Some(e.operation),
            Error::Timeout(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::BodyTooLarge(e) => Some(e.operation),
            Error::Wait(e) => Some(e.waiter),
            Error::TokenProvider(_) => None,
        }
    }

    /// The HTTP status of the response, when one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::BodyTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// The server's request id of an API error.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the failure is transient (network errors, timeouts, HTTP 408, 429 and 5xx
    /// gateway statuses): the same call may succeed later.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Api(e) => crate::retry::is_retryable_status(e.status),
            Error::Network(_) | Error::Timeout(_) => true,
            _ => false,
        }
    }
}

/// ` (3 attempts: 1) HTTP 503: busy; 2) ...)` when there was more than one attempt.
fn attempts_note(failures: &[Failure]) -> String {
    if failures.len() < 2 {
        return String::new();
    }
    let items: Vec<String> = failures
        .iter()
        .map(|failure| format!("{}) {failure}", failure.attempt))
        .collect();
    format!(" ({} attempts: {})", failures.len(), items.join("; "))
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages built from a non-API body already start with "HTTP <status> ".
        if self.message.starts_with(&format!("HTTP {} ", self.status)) {
            write!(f, "{} failed: {}", self.operation, self.message)?;
        } else {
            write!(
                f,
                "{} failed with HTTP {}: {}",
                self.operation, self.status, self.message
            )?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        f.write_str(&attempts_note(&self.failures))?;
        match &self.gave_up {
            Some(GiveUpReason::MethodNotRetried) => f.write_str(
                "; not retried: the API has no idempotency keys, so POST and PATCH are retried \
                 only with CallOptions::retry(true)",
            ),
            Some(GiveUpReason::RetryAfterTooLong {
                requested_ms,
                max_ms,
            }) => write!(
                f,
                "; not retried: the server asked to wait {requested_ms} ms, more than the \
                 client's max_retry_delay ({max_ms} ms)"
            ),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for NetworkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: network error on {} {}: {}",
            self.operation,
            self.method.as_str(),
            self.url,
            self.message
        )?;
        f.write_str(&attempts_note(&self.failures))
    }
}

impl fmt::Display for TimeoutFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: no response within {} ms",
            self.operation,
            self.timeout.as_millis()
        )?;
        if self.attempts > 1 {
            write!(f, " ({} attempts)", self.attempts)?;
        }
        f.write_str("; raise ClientBuilder::timeout or CallOptions::timeout if the server is slow")
    }
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the HTTP {} response body is larger than max_response_bytes ({} bytes); raise \
             ClientBuilder::max_response_bytes to accept it",
            self.operation, self.status, self.limit
        )
    }
}

impl fmt::Display for WaitFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Network(e) => e.fmt(f),
            Error::Timeout(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::BodyTooLarge(e) => e.fmt(f),
            Error::Wait(e) => e.fmt(f),
            Error::TokenProvider(e) => write!(f, "the token provider failed: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Network(e) => e
                .source
                .as_ref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            Error::TokenProvider(e) => Some(e.as_ref()),
            Error::Api(_) | Error::Timeout(_) | Error::BodyTooLarge(_) | Error::Wait(_) => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Error {
        Error::Validation(e)
    }
}
