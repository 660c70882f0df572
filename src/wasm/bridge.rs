//! Adapter between the wasm layer and the core (`operations::prepare`,
//! `decoding::check_response`, `retry`, `pagination`, `waiters`).
//! TEMPORARY STUB until the core lands on main.

use serde_json::Value;

use crate::operations::{HttpMethod, Operation};

use super::errors::{ClientError, IssueData};

pub(crate) struct Prepared {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

pub(crate) enum Checked {
    NoContent,
    Json,
}

pub(crate) enum CheckError {
    Api { status: u16, message: String, request_id: Option<String>, body: String },
    Decode { status: u16, message: String },
}

pub(crate) fn prepare(op: Operation, input: Value, base_url: &str, org: Option<&str>) -> Result<Prepared, ClientError> {
    let org = input.get("organizationId").and_then(Value::as_str).map(str::to_owned).or(org.map(str::to_owned));
    let url = match op {
        Operation::ListOrganizations => format!("{base_url}/organizations"),
        Operation::ListWorkspaces => format!("{base_url}/organizations/{}/workspaces", org.unwrap_or_default()),
        _ => {
            return Err(ClientError::validation(Some(op.name()), IssueData::new("", "type", "not yet")));
        }
    };
    Ok(Prepared { method: op.method(), url, headers: vec![("accept".into(), "application/json".into())], body: None })
}

pub(crate) fn check(_op: Operation, status: u16, _content_type: Option<&str>, body: &str) -> Result<Checked, CheckError> {
    if status == 204 {
        return Ok(Checked::NoContent);
    }
    if (200..300).contains(&status) {
        return match serde_json::from_str::<Value>(body) {
            Ok(_) => Ok(Checked::Json),
            Err(e) => Err(CheckError::Decode { status, message: e.to_string() }),
        };
    }
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    Err(CheckError::Api {
        status,
        message: v.get("message").and_then(Value::as_str).unwrap_or("error").to_owned(),
        request_id: v.get("requestId").and_then(Value::as_str).map(str::to_owned),
        body: body.to_owned(),
    })
}

pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

pub(crate) fn backoff_ms(retry_index: u32, random01: f64) -> f64 {
    let ceiling = (250.0 * 2f64.powi(retry_index as i32)).min(20_000.0);
    ceiling * random01
}

pub(crate) fn parse_retry_after(value: &str, _now_ms: f64) -> Option<f64> {
    value.trim().parse::<f64>().ok().map(|s| s * 1000.0)
}
