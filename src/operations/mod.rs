//! Request preparation for any operation of any API version: one JSON object (path
//! parameters, query parameters and body fields side by side) -> a validated, encoded HTTP
//! request. Generic over the operation registry ([`crate::registry`]); nothing here does I/O
//! or knows an operation by name.
//!
//! The `v1beta1` names (`Operation`, the typed inputs) are re-exported here for the crate's
//! first users; `v1` users take them from [`crate::v1`].

mod flat;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::encoding::{encode_body, push_path_segment, query_string, segment_problem};
pub use crate::registry::{ApiOperation, HttpMethod, OperationSpec};
use crate::registry::{Param, Segment};
use crate::validation::{check, type_name, Issue, Rule, ValidationError};

#[cfg(feature = "v1beta1")]
pub use crate::v1beta1::inputs::*;
#[cfg(feature = "v1beta1")]
pub use crate::v1beta1::Operation;

/// Where requests go and the default Organization for organization-scoped operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestContext<'a> {
    /// E.g. `https://api.astronomer.io/v1` (a trailing `/` is ignored).
    pub base_url: &'a str,
    /// Used when the input has no `organizationId`.
    pub default_organization_id: Option<&'a str>,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub method: HttpMethod,
    /// Base URL + encoded path + query string.
    pub url: String,
    /// `accept: application/json` (or the binary media type of the success), plus
    /// `content-type: application/json` when a body is sent, plus any header parameters.
    pub headers: Vec<(String, String)>,
    /// Compact JSON text of the body, exactly as `serde_json::to_string` of the typed request
    /// model writes it: fields in a stable (alphabetical) order, a union's selector first, no
    /// `null`s. Written from the checked input by [`encode_body`].
    pub body: Option<String>,
}

/// A typed input of one operation (the generated `*Input` types).
pub trait OperationInput: Serialize {
    /// What a success decodes to (`()` for a bodiless success, `Vec<u8>` for bytes).
    type Output: DeserializeOwned;
    /// The request body model (`()` for an operation without a body).
    type Body: Serialize + DeserializeOwned + std::fmt::Debug;

    /// The operation this input is for.
    fn spec() -> &'static OperationSpec;

    /// Reads a response to this operation into its typed output (the rules of
    /// [`crate::decoding`]: a non-2xx is an API error, a JSON success is checked against the
    /// tables and read into the model).
    fn decode_output(
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Self::Output, crate::decoding::ResponseError>;

    /// Validates this input and builds the request (the same rules as [`prepare`]).
    fn prepare(&self, ctx: &RequestContext) -> Result<PreparedRequest, ValidationError> {
        let spec = Self::spec();
        // An operation of path parameters only (get or delete by id): a valid input is built
        // into its request without the JSON value; anything else takes the general path,
        // which also writes every error.
        if spec.query.is_empty() && spec.headers.is_empty() && spec.body.is_none() {
            if let Some(prepared) =
                flat::text_fields(self).and_then(|fields| prepare_path_only(spec, &fields, ctx))
            {
                return Ok(prepared);
            }
        }
        match serde_json::to_value(self) {
            Ok(value) => prepare(spec, value, ctx),
            Err(e) => Err(ValidationError {
                operation: Some(spec.name),
                issues: vec![Issue::new("", Rule::Type, e.to_string())],
            }),
        }
    }
}

/// Code generic over the operations of an API version, called with each operation's typed
/// input type by the generated `visit_input` (serde's visitor pattern).
pub trait InputVisitor {
    type Output;
    fn visit<I: OperationInput + DeserializeOwned + std::fmt::Debug>(self) -> Self::Output;
}

/// The value a path parameter takes when the input leaves it out: only the organization has
/// one, the client's default.
fn path_default<'a>(name: &str, default_organization_id: Option<&'a str>) -> Option<&'a str> {
    if name == "organizationId" {
        default_organization_id
    } else {
        None
    }
}

/// The request of an operation whose input is its path parameters only, from the input's text
/// fields: `None` unless every field is one of them and every value is given (or defaulted)
/// and a safe segment; [`prepare`] then writes the issues.
fn prepare_path_only(
    spec: &OperationSpec,
    fields: &[(&'static str, String)],
    ctx: &RequestContext,
) -> Option<PreparedRequest> {
    if !fields
        .iter()
        .all(|(name, _)| spec.path_params().any(|p| p == *name))
    {
        return None;
    }
    let path = build_path(spec, |name| {
        let given = fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str());
        given
            .or_else(|| path_default(name, ctx.default_organization_id))
            .filter(|value| segment_problem(value).is_none())
    })?;
    Some(request(spec, ctx, &path, &[], Vec::new(), None))
}

/// The request path of `spec`: each literal as it is, each parameter the one segment encoded
/// from what `value_of` gives for it. `value_of` is asked for every parameter, in order;
/// `None` when it had no value for one.
fn build_path<S: AsRef<str>>(
    spec: &OperationSpec,
    mut value_of: impl FnMut(&'static str) -> Option<S>,
) -> Option<String> {
    let mut path = String::with_capacity(96);
    let mut complete = true;
    for segment in spec.path {
        match segment {
            Segment::Literal(text) => {
                path.push('/');
                path.push_str(text);
            }
            Segment::Param(name) => match value_of(name) {
                Some(value) => {
                    path.push('/');
                    push_path_segment(&mut path, value.as_ref());
                }
                None => complete = false,
            },
        }
    }
    complete.then_some(path)
}

/// Takes a path parameter out of the input (or the default), checking it is one safe segment.
fn path_param(
    map: &mut Map<String, Value>,
    name: &str,
    default: Option<&str>,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    let default = path_default(name, default);
    let (value, from_default) = match map.remove(name) {
        Some(Value::String(s)) => (s, false),
        None | Some(Value::Null) => match default {
            Some(d) => (d.to_owned(), true),
            None => {
                let hint = if name == "organizationId" {
                    " (pass it, or set a default organizationId on the client)"
                } else {
                    ""
                };
                issues.push(Issue::new(name, Rule::Required, format!("required{hint}")));
                return None;
            }
        },
        Some(other) => {
            issues.push(Issue::new(
                name,
                Rule::Type,
                format!("expected string, got {}", type_name(&other)),
            ));
            return None;
        }
    };
    if let Some(problem) = segment_problem(&value) {
        let origin = if from_default {
            " (the client's default organizationId)"
        } else {
            ""
        };
        issues.push(Issue::new(
            name,
            Rule::PathSegment,
            format!("{problem}{origin}"),
        ));
        return None;
    }
    Some(value)
}

/// The text of a checked query or header value (arrays repeat their key).
fn push_param(name: &'static str, value: &Value, out: &mut Vec<(&'static str, String)>) {
    match value {
        Value::String(s) => out.push((name, s.clone())),
        Value::Bool(b) => out.push((name, b.to_string())),
        Value::Number(n) => out.push((name, n.to_string())),
        Value::Array(items) => {
            for item in items {
                push_param(name, item, out);
            }
        }
        Value::Null | Value::Object(_) => {}
    }
}

/// Checks and takes the parameters `params` out of the input.
fn take_params(
    params: &'static [Param],
    map: &mut Map<String, Value>,
    issues: &mut Vec<Issue>,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for p in params {
        match map.remove(p.name) {
            None | Some(Value::Null) => {
                if p.required {
                    issues.push(Issue::new(p.name, Rule::Required, "required"));
                }
            }
            Some(mut value) => {
                let before = issues.len();
                check(&p.ty, &mut value, p.name, issues);
                if issues.len() == before {
                    push_param(p.name, &value, &mut out);
                }
            }
        }
    }
    out
}

fn fail(spec: &OperationSpec, issues: Vec<Issue>) -> ValidationError {
    ValidationError {
        operation: Some(spec.name),
        issues,
    }
}

/// Validates `input` for `op` and builds the request. `input` is one JSON object holding the
/// path parameters, query parameters, header parameters and body fields side by side (`null`
/// or absent input counts as `{}`). Every problem is reported at once; nothing is sent on
/// error.
pub fn prepare(
    op: impl ApiOperation,
    input: Value,
    ctx: &RequestContext,
) -> Result<PreparedRequest, ValidationError> {
    let spec = op.spec();
    let mut map = match input {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            let message = format!(
                "expected the input to be an object, got {}",
                type_name(&other)
            );
            return Err(fail(spec, vec![Issue::new("", Rule::Type, message)]));
        }
    };
    let mut issues = Vec::new();

    // Every parameter is taken (and any problem with it reported), whatever came before.
    let path = build_path(spec, |name| {
        path_param(&mut map, name, ctx.default_organization_id, &mut issues)
    });
    let query = take_params(spec.query, &mut map, &mut issues);
    let header_params = take_params(spec.headers, &mut map, &mut issues);

    let body = match spec.body {
        Some(body) => {
            let mut value = Value::Object(map);
            check(&body.ty, &mut value, "", &mut issues);
            if issues.is_empty() {
                Some(encode_body(&body.ty, &value))
            } else {
                None
            }
        }
        None if map.is_empty() => None,
        None => {
            let accepted: Vec<&str> = spec
                .path_params()
                .chain(spec.query.iter().map(|p| p.name))
                .chain(spec.headers.iter().map(|p| p.name))
                .collect();
            let list = if accepted.is_empty() {
                "none".to_owned()
            } else {
                accepted.join(", ")
            };
            for key in map.keys() {
                issues.push(Issue::new(
                    key.clone(),
                    Rule::UnknownField,
                    format!("unknown parameter {key:?}: {} takes {list}", spec.name),
                ));
            }
            None
        }
    };

    match path {
        // A parameter without a value has its issue.
        Some(path) if issues.is_empty() => {
            Ok(request(spec, ctx, &path, &query, header_params, body))
        }
        _ => Err(fail(spec, issues)),
    }
}

/// The request of a checked input: the URL (base, encoded path, query string) and headers.
fn request(
    spec: &OperationSpec,
    ctx: &RequestContext,
    path: &str,
    query: &[(&'static str, String)],
    header_params: Vec<(&'static str, String)>,
    body: Option<String>,
) -> PreparedRequest {
    let base = ctx.base_url.trim_end_matches('/');
    let query = if query.is_empty() {
        String::new()
    } else {
        query_string(query)
    };
    let mut url = String::with_capacity(base.len() + path.len() + 1 + query.len());
    url.push_str(base);
    url.push_str(path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    let accept = match spec.response {
        crate::registry::ResponseBody::Binary { media_type } => media_type,
        _ => "application/json",
    };
    let mut headers = vec![("accept".to_owned(), accept.to_owned())];
    if body.is_some() {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    for (name, value) in header_params {
        headers.push((name.to_ascii_lowercase(), value));
    }
    PreparedRequest {
        method: spec.method,
        url,
        headers,
        body,
    }
}
