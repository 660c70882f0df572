//! Adapter between the wasm layer and the core: request preparation
//! (`operations::prepare`), response checks (`decoding::check_response`) and the retry
//! policy (`retry`), with their errors turned into the wasm layer's `ClientError`.

use serde_json::Value;

use crate::decoding::{self, ResponseError};
use crate::operations::{self, Operation, RequestContext};
use crate::validation::ValidationError;

use super::errors::{ClientError, IssueData};

pub(crate) use crate::decoding::Checked;
pub(crate) use crate::operations::PreparedRequest as Prepared;

pub(crate) enum CheckError {
    Api { status: u16, message: String, request_id: Option<String>, body: String },
    Decode { status: u16, message: String },
}

pub(crate) fn validation_error(err: ValidationError) -> ClientError {
    ClientError::Validation {
        operation: err.operation.map(str::to_owned),
        issues: err
            .issues
            .into_iter()
            .map(|i| IssueData { path: i.path, rule: i.rule.as_str().to_owned(), message: i.message })
            .collect(),
    }
}

pub(crate) fn prepare(op: Operation, input: Value, base_url: &str, org: Option<&str>) -> Result<Prepared, ClientError> {
    let ctx = RequestContext { base_url, default_organization_id: org };
    operations::prepare(op, input, &ctx).map_err(|e| {
        let mut err = validation_error(e);
        if let ClientError::Validation { operation: operation @ None, .. } = &mut err {
            *operation = Some(op.name().to_owned());
        }
        err
    })
}

/// `check_response`, plus: a 2xx JSON result must not come with a non-JSON content type
/// (an HTML login page or a text/plain body from a proxy is not the API's answer).
pub(crate) fn check(op: Operation, status: u16, content_type: Option<&str>, body: &str) -> Result<Checked, CheckError> {
    let checked = decoding::check_response(op, status, content_type, body).map_err(|e| match e {
        ResponseError::Api(a) => CheckError::Api { status: a.status, message: a.message, request_id: a.request_id, body: a.body },
        ResponseError::Decode(d) => CheckError::Decode { status: d.status, message: d.message },
    })?;
    if let (Checked::Json, Some(ct)) = (&checked, content_type) {
        let media = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if !media.is_empty() && !media.contains("json") {
            return Err(CheckError::Decode {
                status,
                message: format!("{}: expected a JSON response, got content type {media:?}", op.name()),
            });
        }
    }
    Ok(checked)
}
