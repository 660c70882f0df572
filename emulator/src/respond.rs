//! Building HTTP answers: JSON, bodiless, raw bytes, and the API's error body.

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::spec::ApiVersion;

pub fn set_request_id(resp: &mut Response, request_id: Option<&str>) {
    if let Some(id) = request_id.and_then(|r| HeaderValue::from_str(r).ok()) {
        resp.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn json_response(status: u16, body: &Value, request_id: Option<&str>) -> Response {
    let text = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() = status_code(status);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    set_request_id(&mut resp, request_id);
    resp
}

pub fn empty_response(status: u16, request_id: Option<&str>) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = status_code(status);
    set_request_id(&mut resp, request_id);
    resp
}

/// Raw bytes with their media type and, if set, their `Content-Encoding`.
pub fn bytes_response(
    status: u16,
    content_type: &'static str,
    encoding: Option<&'static str>,
    bytes: Vec<u8>,
    request_id: Option<&str>,
) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status_code(status);
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(e) = encoding {
        resp.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    set_request_id(&mut resp, request_id);
    resp
}

/// `{message, requestId, statusCode}`.
pub fn error_body(status: u16, message: &str, request_id: &str) -> Value {
    json!({ "message": message, "requestId": request_id, "statusCode": status })
}

/// The error body of `version`: v1 adds `fieldErrors` when fields are at fault.
pub fn api_error_body(version: ApiVersion, e: &ApiError, request_id: &str) -> Value {
    let mut body = error_body(e.status, &e.message, request_id);
    if version == ApiVersion::V1 && !e.field_errors.is_empty() {
        let list: Vec<Value> = e
            .field_errors
            .iter()
            .map(|f| json!({ "field": f.field, "code": f.code, "message": f.message }))
            .collect();
        if let Some(o) = body.as_object_mut() {
            o.insert("fieldErrors".into(), Value::Array(list));
        }
    }
    body
}

pub fn error_response(status: u16, message: &str, request_id: &str) -> Response {
    json_response(
        status,
        &error_body(status, message, request_id),
        Some(request_id),
    )
}
