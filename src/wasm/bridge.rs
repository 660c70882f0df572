//! Adapter between the wasm layer and the core: request preparation
//! (`operations::prepare`) and response checks, with their errors turned into the wasm
//! layer's `ClientError`.
//!
//! Response checks: a JSON 2xx body is checked in JS (js/check.js: UTF-8, `JSON.parse`, then a
//! walk over the generated schema tables in their lenient reading, handed over once by
//! `decoding::response_tables_json`), so the body is never copied into wasm memory and the wasm
//! does not link the typed response decoders. The rules are those of
//! `decoding::check_response` (the differential tests in tests/shapes.rs and tests/wasm_common
//! hold them equal). A binary 2xx body is handed to js/binary.js as it came. A non-2xx body goes
//! to `decoding::api_error`.

use std::cell::Cell;

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::decoding;
use crate::error::FieldError;
use crate::operations::{self, RequestContext};
use crate::registry::{OperationSpec, ResponseBody};
use crate::validation::ValidationError;

use super::api;
use super::binary::binary_response;
use super::errors::{ClientError, IssueData};
use super::transport::Body;

pub(crate) use crate::operations::PreparedRequest as Prepared;

#[wasm_bindgen(module = "/js/check.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadShapes)]
    fn load_shapes(json: &str);
    #[wasm_bindgen(js_name = checkBody, catch)]
    fn check_body(
        op: &str,
        status: u16,
        content_type: Option<String>,
        body: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

thread_local! {
    static SHAPES_LOADED: Cell<bool> = const { Cell::new(false) };
}

/// A success the checks accepted.
pub(crate) enum Accepted {
    /// No body to hand over.
    NoContent,
    /// The parsed body (matching the operation's schema), or the binary response object.
    Value(JsValue),
}

pub(crate) enum CheckError {
    Api {
        status: u16,
        message: String,
        request_id: Option<String>,
        field_errors: Vec<FieldError>,
        body: String,
    },
    Decode {
        status: u16,
        message: String,
    },
}

pub(crate) fn validation_error(err: ValidationError) -> ClientError {
    ClientError::Validation {
        operation: err.operation.map(str::to_owned),
        issues: err
            .issues
            .into_iter()
            .map(|i| IssueData {
                path: i.path,
                rule: i.rule.as_str().to_owned(),
                message: i.message,
            })
            .collect(),
    }
}

pub(crate) fn prepare(
    op: &'static OperationSpec,
    input: Value,
    base_url: &str,
    org: Option<&str>,
) -> Result<Prepared, ClientError> {
    let ctx = RequestContext {
        base_url,
        default_organization_id: org,
    };
    operations::prepare(op, input, &ctx).map_err(|e| {
        let mut err = validation_error(e);
        if let ClientError::Validation {
            operation: operation @ None,
            ..
        } = &mut err
        {
            *operation = Some(op.name.to_owned());
        }
        err
    })
}

/// Checks a 2xx body of `op` in JS and returns the parsed value.
fn check_success(
    op: &OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &JsValue,
) -> Result<JsValue, CheckError> {
    if !SHAPES_LOADED.with(Cell::get) {
        load_shapes(&decoding::response_tables_json(&api::API));
        SHAPES_LOADED.with(|l| l.set(true));
    }
    check_body(op.name, status, content_type.map(str::to_owned), body).map_err(|thrown| {
        let message = match thrown.as_string() {
            Some(m) => m,
            // -1: not UTF-8. Only now are the bytes copied in, to name the first bad byte.
            None if thrown.as_f64().is_some() => {
                let bytes = js_sys::Uint8Array::new(body).to_vec();
                let at = std::str::from_utf8(&bytes)
                    .err()
                    .map(|e| e.valid_up_to())
                    .unwrap_or(0);
                format!(
                    "{}: the response body is not valid UTF-8 (invalid byte sequence at byte {at})",
                    op.name
                )
            }
            None => {
                let what = js_sys::Reflect::get(&thrown, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string());
                format!(
                    "{}: the response body could not be checked: {}",
                    op.name,
                    what.unwrap_or_else(|| "unknown error".to_owned())
                )
            }
        };
        CheckError::Decode { status, message }
    })
}

/// The response of `op`: a JSON 2xx body checked against the operation's schema, a binary one
/// handed over as it came, a bodiless success `NoContent`; anything else an API error. A JSON
/// result must not come with a non-JSON content type (an HTML login page or a text/plain body
/// from a proxy is not the API's answer).
pub(crate) fn check(
    op: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: Body,
    max_bytes: f64,
) -> Result<Accepted, CheckError> {
    if !(200..300).contains(&status) {
        let text = match body {
            Body::Text(t) => t,
            Body::Js(v) => v.as_string().unwrap_or_default(),
        };
        let a = decoding::api_error(op, status, content_type, &text);
        return Err(CheckError::Api {
            status: a.status,
            message: a.message,
            request_id: a.request_id,
            field_errors: a.field_errors,
            body: a.body,
        });
    }
    let body = match body {
        Body::Js(v) => v,
        Body::Text(t) => JsValue::from_str(&t),
    };
    match op.response {
        ResponseBody::Empty => return Ok(Accepted::NoContent),
        ResponseBody::Binary { media_type } => {
            let received = content_type.unwrap_or(media_type);
            return Ok(Accepted::Value(binary_response(
                op.name, &body, received, max_bytes,
            )));
        }
        ResponseBody::Json(_) => {}
    }
    let value = check_success(op, status, content_type, &body)?;
    if let Some(ct) = content_type {
        let media = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !media.is_empty() && !media.contains("json") {
            return Err(CheckError::Decode {
                status,
                message: format!(
                    "{}: expected a JSON response, got content type {media:?}",
                    op.name
                ),
            });
        }
    }
    Ok(Accepted::Value(value))
}
