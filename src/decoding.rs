//! Response decoding: (operation, status, content type, body text) -> typed value or error.
//!
//! Rules:
//! - Any 2xx is a success. An empty `204` is [`Checked::NoContent`] for every operation; the
//!   delete operations have no response schema, so any 2xx of a delete is `NoContent` (a body,
//!   if any, is ignored).
//! - A 2xx body of the other operations must match the operation's schema (the typed model);
//!   otherwise the result is a [`DecodeError`] naming the operation and the first mismatch
//!   with its JSON path (`listDeployments: deployments[3].workerQueues: invalid type: ...`).
//! - A non-2xx is an [`ApiError`]: with the server's `message` and `requestId` when the body is
//!   the API's error body, else with a message saying what came back (`HTTP 502 with a
//!   text/html body: "<html>…"`, `HTTP 429 with an empty body`, invalid or truncated JSON,
//!   JSON of another shape). The raw body is always kept.
//!
//! Deeply nested bodies cannot overflow the stack: the models are not recursive, so a typed
//! position fails at the first level that does not match; values of unknown (ignored) fields
//! are skipped by serde_json without recursion; and serde_json stops any recursive descent at
//! 128 levels with an error. Tested with 100 000 levels (tests/decoding.rs).
//!
//! [`ApiError`], [`DecodeError`] and [`ResponseError`] are defined in [`crate::error`] and
//! re-exported here.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};

pub use crate::error::{ApiError, DecodeError, ResponseError};
use crate::models::{
    Cluster, ClusterOptions, ClustersPaginated, Deployment, DeploymentOptions,
    DeploymentsPaginated, Organization, OrganizationsPaginated, Workspace, WorkspacesPaginated,
};
use crate::operations::Operation;

/// How many characters of a body an error message quotes.
const EXCERPT_CHARS: usize = 200;

/// The outcome of [`check_response`] on a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// No body to hand over (a delete, or an empty 204).
    NoContent,
    /// The body is JSON that matches the operation's schema.
    Json,
}

/// A decoded success, one variant per success type.
// A `Response` is built once per call and moved out right away: boxing the big variants
// would cost an allocation per response for nothing.
/// Serializes as the inner value (`NoContent` as `null`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// listOrganizations.
    OrganizationsPaginated(OrganizationsPaginated),
    /// getOrganization, updateOrganization.
    Organization(Organization),
    /// listClusters.
    ClustersPaginated(ClustersPaginated),
    /// createCluster, getCluster, updateCluster.
    Cluster(Cluster),
    /// getClusterOptions (one entry per provider).
    ClusterOptions(Vec<ClusterOptions>),
    /// getDeploymentOptions.
    DeploymentOptions(DeploymentOptions),
    /// listWorkspaces.
    WorkspacesPaginated(WorkspacesPaginated),
    /// createWorkspace, getWorkspace, updateWorkspace.
    Workspace(Workspace),
    /// listDeployments.
    DeploymentsPaginated(DeploymentsPaginated),
    /// createDeployment, getDeployment, updateDeployment.
    Deployment(Deployment),
    /// The delete operations (204), or any empty 204.
    NoContent,
}

/// Checks a response without keeping the decoded value: `Ok(Checked::Json)` means the body
/// matches the operation's schema and can be handed to `JSON.parse` as is.
pub fn check_response(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Checked, ResponseError> {
    decode_response(op, status, content_type, body).map(|r| match r {
        Response::NoContent => Checked::NoContent,
        _ => Checked::Json,
    })
}

/// Decodes a response into the operation's success type.
pub fn decode_response(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Response, ResponseError> {
    if !(200..300).contains(&status) {
        return Err(ResponseError::Api(api_error(
            op,
            status,
            content_type,
            body,
        )));
    }
    let empty = body.trim().is_empty();
    if is_delete(op) || (status == 204 && empty) {
        return Ok(Response::NoContent);
    }
    if empty {
        return Err(decode_error(
            op,
            status,
            format!("expected a JSON body, got an empty body (HTTP {status})"),
        ));
    }
    let ctx = Ctx {
        op,
        status,
        content_type,
        body,
    };
    Ok(match op {
        Operation::ListOrganizations => Response::OrganizationsPaginated(ctx.parse()?),
        Operation::GetOrganization | Operation::UpdateOrganization => {
            Response::Organization(ctx.parse()?)
        }
        Operation::ListClusters => Response::ClustersPaginated(ctx.parse()?),
        Operation::CreateCluster | Operation::GetCluster | Operation::UpdateCluster => {
            Response::Cluster(ctx.parse()?)
        }
        Operation::GetClusterOptions => Response::ClusterOptions(ctx.parse()?),
        Operation::GetDeploymentOptions => Response::DeploymentOptions(ctx.parse()?),
        Operation::ListWorkspaces => Response::WorkspacesPaginated(ctx.parse()?),
        Operation::CreateWorkspace | Operation::GetWorkspace | Operation::UpdateWorkspace => {
            Response::Workspace(ctx.parse()?)
        }
        Operation::ListDeployments => Response::DeploymentsPaginated(ctx.parse()?),
        Operation::CreateDeployment | Operation::GetDeployment | Operation::UpdateDeployment => {
            Response::Deployment(ctx.parse()?)
        }
        Operation::DeleteCluster | Operation::DeleteWorkspace | Operation::DeleteDeployment => {
            Response::NoContent
        }
    })
}

fn is_delete(op: Operation) -> bool {
    matches!(
        op,
        Operation::DeleteCluster | Operation::DeleteWorkspace | Operation::DeleteDeployment
    )
}

struct Ctx<'a> {
    op: Operation,
    status: u16,
    content_type: Option<&'a str>,
    body: &'a str,
}

impl Ctx<'_> {
    fn parse<T: DeserializeOwned>(&self) -> Result<T, ResponseError> {
        // Fast path: plain serde_json. Only on failure pay for path tracking.
        match serde_json::from_str::<T>(self.body) {
            Ok(v) => Ok(v),
            Err(_) => Err(self.explain::<T>()),
        }
    }

    /// Re-runs the decoding with path tracking to name the first mismatch.
    fn explain<T: DeserializeOwned>(&self) -> ResponseError {
        let mut de = serde_json::Deserializer::from_str(self.body);
        let result = serde_path_to_error::deserialize::<_, T>(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner()))
            .and_then(|_| de.end().map_err(|e| (String::from("."), e)));
        let message = match result {
            Ok(()) => String::from("the body does not match the schema"),
            Err((path, err)) => {
                let what = if err.is_syntax() || err.is_eof() {
                    format!(
                        "the body is not valid JSON ({err}); got {}",
                        describe_body(self.content_type, self.body)
                    )
                } else {
                    err.to_string()
                };
                if path == "." || path.is_empty() {
                    what
                } else {
                    format!("{path}: {what}")
                }
            }
        };
        decode_error(self.op, self.status, message)
    }
}

fn decode_error(op: Operation, status: u16, message: String) -> ResponseError {
    ResponseError::Decode(DecodeError {
        operation: op.name(),
        status,
        message: format!("{}: {message}", op.name()),
    })
}

/// The API's error body, read leniently: any field may be missing or extra.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LooseErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
}

/// Builds the [`ApiError`] of a non-2xx response.
pub fn api_error(op: Operation, status: u16, content_type: Option<&str>, body: &str) -> ApiError {
    let trimmed = body.trim_start();
    let (message, request_id) = if trimmed.is_empty() {
        (format!("HTTP {status} with an empty body"), None)
    } else if trimmed.starts_with('{') {
        match serde_json::from_str::<LooseErrorBody>(body) {
            Ok(LooseErrorBody {
                message: Some(m),
                request_id,
            }) if !m.trim().is_empty() => (m, request_id),
            Ok(LooseErrorBody { request_id, .. }) => (
                format!(
                    "HTTP {status} with a JSON body without an error message: {}",
                    excerpt(body)
                ),
                request_id,
            ),
            Err(e) if e.is_data() => (not_an_api_error(status, body), None),
            Err(e) => (invalid_body(status, content_type, body, &e), None),
        }
    } else {
        // Not an object: say whether it is other JSON or not JSON at all.
        match serde_json::from_str::<IgnoredAny>(body) {
            Ok(_) => (not_an_api_error(status, body), None),
            Err(e) => (invalid_body(status, content_type, body, &e), None),
        }
    };
    ApiError {
        operation: op.name(),
        status,
        message,
        request_id,
        body: body.to_owned(),
    }
}

fn not_an_api_error(status: u16, body: &str) -> String {
    format!(
        "HTTP {status} with a JSON body that is not an API error: {}",
        excerpt(body)
    )
}

fn invalid_body(
    status: u16,
    content_type: Option<&str>,
    body: &str,
    err: &serde_json::Error,
) -> String {
    if is_json_type(content_type) {
        format!(
            "HTTP {status} with an invalid JSON body ({err}): {}",
            excerpt(body)
        )
    } else {
        format!("HTTP {status} with {}", describe_body(content_type, body))
    }
}

fn is_json_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| media_type(ct).contains("json"))
}

/// `text/html; charset=utf-8` -> `text/html`.
fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// `a text/html body: "<html>…"` (or `a non-JSON body` without a content type).
fn describe_body(content_type: Option<&str>, body: &str) -> String {
    let kind = match content_type.map(media_type) {
        Some(ct) if !ct.is_empty() => ct,
        _ => "non-JSON",
    };
    format!("a {kind} body: {}", excerpt(body))
}

/// The first [`EXCERPT_CHARS`] characters of a body, quoted and escaped, `…` when cut.
fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    match trimmed.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => {
            let head = trimmed.get(..cut).unwrap_or(trimmed);
            format!("{:?}", format!("{head}…"))
        }
        None => format!("{trimmed:?}"),
    }
}
