//! Response decoding: (operation, status, content type, body text) -> typed value or error.
//!
//! Rules:
//! - Any 2xx is a success. The delete operations have no response schema: any 2xx of a delete
//!   is [`Checked::NoContent`] (a body, if any, is ignored). Every other operation's success
//!   has a body: an empty 2xx (a 204, or a 200 with an empty body) is a [`DecodeError`]
//!   (`listDeployments: expected a JSON body with HTTP 204, got an empty body`).
//! - A 2xx body of the other operations must be UTF-8, nested at most [`MAX_DEPTH`] levels
//!   deep (anywhere, unknown fields included: the caller's `JSON.stringify` of the parsed value
//!   recurses once per level), and match the operation's schema (the typed model); otherwise
//!   the result is a [`DecodeError`] naming the operation and the first problem, with the JSON
//!   path of a mismatch (`listDeployments: deployments[3].workerQueues: invalid type: ...`).
//!   The path is found after the fact: serde_json's error position (line/column) is turned
//!   into a byte offset, and the text up to it is scanned keeping a stack of keys and indices.
//! - A non-2xx is an [`ApiError`]: with the server's `message` and `requestId` when the body is
//!   the API's error body, else with a message saying what came back (`HTTP 502 with a
//!   text/html body: "<html>…"`, `HTTP 429 with an empty body`, invalid or truncated JSON,
//!   JSON of another shape). The raw body is always kept (read lossily if it is not UTF-8).
//!
//! Deeply nested bodies cannot overflow the stack: the depth scan is a loop, the path scan
//! keeps its stack on the heap, the models are not recursive, and serde_json skips ignored
//! values without recursion. Tested with 100 000 levels (tests/decoding.rs).
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

mod hollow;
mod scan;
pub mod shape;

/// The deepest nesting a 2xx body may have.
pub use scan::MAX_DEPTH;

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
///
/// The same as [`check_response_bytes`] on the text's bytes.
pub fn check_response(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Checked, ResponseError> {
    check_response_bytes(op, status, content_type, body.as_bytes())
}

/// Checks a response given as raw bytes (what the transport read), without keeping the
/// decoded value.
///
/// A 2xx body must be UTF-8 (else a [`DecodeError`] naming the first bad byte), nested at most
/// 128 levels deep, and match the operation's schema. A non-2xx body is read lossily (an error
/// page in latin-1 still gives an [`ApiError`]; its `body` then has U+FFFD for the bad bytes).
pub fn check_response_bytes(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Checked, ResponseError> {
    match success_text(op, status, content_type, body)? {
        None => Ok(Checked::NoContent),
        Some(text) => match check_typed(op, status, content_type, text) {
            // Matched without an untyped value: no deeper than the models, no scan needed.
            Ok(false) => Ok(Checked::Json),
            Ok(true) => depth_check(op, status, text).map(|()| Checked::Json),
            Err(e) => Err(depth_check(op, status, text).err().unwrap_or(e)),
        },
    }
}

/// Decodes a response into the operation's success type.
pub fn decode_response(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Response, ResponseError> {
    match success_text(op, status, content_type, body.as_bytes())? {
        None => Ok(Response::NoContent),
        Some(text) => match typed(op, status, content_type, text) {
            Ok(r) => depth_check(op, status, text).map(|()| r),
            Err(e) => Err(depth_check(op, status, text).err().unwrap_or(e)),
        },
    }
}

/// Everything before the typed decode: the status, a delete, an empty body, UTF-8.
/// `Ok(None)` is a success without content; `Ok(Some(text))` is a 2xx body to decode.
fn success_text<'a>(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &'a [u8],
) -> Result<Option<&'a str>, ResponseError> {
    if !(200..300).contains(&status) {
        let text = String::from_utf8_lossy(body);
        return Err(ResponseError::Api(api_error(
            op,
            status,
            content_type,
            &text,
        )));
    }
    if is_delete(op) {
        return Ok(None);
    }
    if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Err(decode_error(
            op,
            status,
            format!("expected a JSON body with HTTP {status}, got an empty body"),
        ));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        decode_error(
            op,
            status,
            format!("the body is not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })?;
    Ok(Some(text))
}

/// A body nested deeper than [`MAX_DEPTH`] is an error, whatever else is wrong with it.
fn depth_check(op: Operation, status: u16, body: &str) -> Result<(), ResponseError> {
    match scan::too_deep(body.as_bytes(), MAX_DEPTH) {
        None => Ok(()),
        Some(at) => Err(decode_error(
            op,
            status,
            format!("the body is nested deeper than {MAX_DEPTH} levels at byte {at}"),
        )),
    }
}

/// The byte offset at which `body` nests deeper than [`MAX_DEPTH`] levels (outside strings),
/// if it does: the check [`check_response_bytes`] makes on every 2xx body.
pub fn depth_limit_exceeded_at(body: &[u8]) -> Option<usize> {
    scan::too_deep(body, MAX_DEPTH)
}

/// The validation-only twin of [`typed`]: the same types read through [`hollow::Hollow`], so
/// no string of the body is allocated. Accepts and rejects exactly what [`typed`] does, with
/// the same messages. `Ok(true)` when some value was read without a type (an unknown field),
/// which may hide any depth.
fn check_typed(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<bool, ResponseError> {
    let ctx = Ctx {
        op,
        status,
        content_type,
        body,
    };
    match op {
        Operation::ListOrganizations => ctx.check::<OrganizationsPaginated>(),
        Operation::GetOrganization | Operation::UpdateOrganization => ctx.check::<Organization>(),
        Operation::ListClusters => ctx.check::<ClustersPaginated>(),
        Operation::CreateCluster | Operation::GetCluster | Operation::UpdateCluster => {
            ctx.check::<Cluster>()
        }
        Operation::GetClusterOptions => ctx.check::<Vec<ClusterOptions>>(),
        Operation::GetDeploymentOptions => ctx.check::<DeploymentOptions>(),
        Operation::ListWorkspaces => ctx.check::<WorkspacesPaginated>(),
        Operation::CreateWorkspace | Operation::GetWorkspace | Operation::UpdateWorkspace => {
            ctx.check::<Workspace>()
        }
        Operation::ListDeployments => ctx.check::<DeploymentsPaginated>(),
        Operation::CreateDeployment | Operation::GetDeployment | Operation::UpdateDeployment => {
            ctx.check::<Deployment>()
        }
        Operation::DeleteCluster | Operation::DeleteWorkspace | Operation::DeleteDeployment => {
            Ok(false)
        }
    }
}

/// The typed decode of a 2xx body of a non-delete operation.
fn typed(
    op: Operation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Response, ResponseError> {
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
        serde_json::from_str::<T>(self.body).map_err(|e| self.explain(&e))
    }

    /// Like [`Self::parse`] (`serde_json::from_str`: the value, then nothing but whitespace),
    /// without allocating the strings.
    fn check<T: DeserializeOwned>(&self) -> Result<bool, ResponseError> {
        let mut de = serde_json::Deserializer::from_str(self.body);
        let untyped = std::cell::Cell::new(false);
        T::deserialize(hollow::Hollow {
            inner: &mut de,
            untyped: &untyped,
        })
        .and_then(|_| de.end())
        .map(|()| untyped.get())
        .map_err(|e| self.explain(&e))
    }

    /// Names the first mismatch: serde_json's message, prefixed with the JSON path of the
    /// value at the error's position (found by [`scan::path_at`]).
    fn explain(&self, err: &serde_json::Error) -> ResponseError {
        let path = scan::error_offset(self.body, err.line(), err.column())
            .map(|at| scan::path_at(self.body, at))
            .unwrap_or_default();
        let what = if err.is_syntax() || err.is_eof() {
            format!(
                "the body is not valid JSON ({err}); got {}",
                describe_body(self.content_type, self.body)
            )
        } else {
            err.to_string()
        };
        let message = if path.is_empty() {
            what
        } else {
            format!("{path}: {what}")
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
