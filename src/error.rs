//! The errors of response handling (what [`crate::decoding`] returns and re-exports):
//!
//! - [`ApiError`]: the server answered with a non-2xx status;
//! - [`DecodeError`]: the server answered 2xx but the body does not match the schema;
//! - [`ResponseError`]: either of them.
//!
//! Input problems are [`crate::validation::ValidationError`]. The wasm layer turns all of them
//! into the package's error classes (`src/wasm/errors.rs`, `js/errors.js`), one class each.

use std::fmt;

/// One field the server found at fault (the `fieldErrors` of a v1 error body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldError {
    /// A machine-readable code (`"REQUIRED"`, ...), empty when the server sent none.
    pub code: String,
    /// The field, as the server names it.
    pub field: String,
    pub message: String,
}

/// The server answered with a non-2xx status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operation id, e.g. `"getDeployment"`.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The server's `message` when the body is an API error body; otherwise a description of
    /// what came back, e.g. `HTTP 502 with a text/html body: "<html>…"`.
    pub message: String,
    /// The `requestId` of the error body, if there was one. Quote it to Astronomer support.
    pub request_id: Option<String>,
    /// The fields the server found at fault (v1 error bodies), in the order it listed them.
    pub field_errors: Vec<FieldError>,
    /// The raw response body, unchanged.
    pub body: String,
}

/// The server answered 2xx but the body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The operation id, e.g. `"listDeployments"`.
    pub operation: &'static str,
    /// The HTTP status code of the response.
    pub status: u16,
    /// Names the operation and the first mismatch with its JSON path, e.g.
    /// `listDeployments: deployments[3].workerQueues: invalid type: string, expected a sequence`.
    pub message: String,
}

/// What response checking and decoding can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseError {
    /// Non-2xx status.
    Api(ApiError),
    /// 2xx status, body does not match the schema.
    Decode(DecodeError),
}

impl fmt::Display for ApiError {
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
        Ok(())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the HTTP {} response: {}",
            self.status, self.message
        )
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api(e) => e.fmt(f),
            ResponseError::Decode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ApiError {}
impl std::error::Error for DecodeError {}
impl std::error::Error for ResponseError {}

impl ResponseError {
    /// The operation id the error belongs to.
    pub fn operation(&self) -> &'static str {
        match self {
            ResponseError::Api(e) => e.operation,
            ResponseError::Decode(e) => e.operation,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api(e) => e.status,
            ResponseError::Decode(e) => e.status,
        }
    }
}
