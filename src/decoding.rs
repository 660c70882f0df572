//! Response handling for any operation: (operation, status, content type, body) -> a checked
//! or typed success, or an error that says what came back.
//!
//! Rules:
//! - Any 2xx is a success. An operation whose success has no body (a delete, `addTeamMembers`,
//!   ...) takes any 2xx as [`Checked::NoContent`] (a body, if any, is ignored). An operation
//!   whose success is JSON needs a body: an empty 2xx (a 204, or a 200 with an empty body) is a
//!   [`DecodeError`] (`listDeployments: expected a JSON body with HTTP 204, got an empty body`).
//!   A binary success (audit logs) is the bytes as they came.
//! - A JSON 2xx body must be UTF-8, nested at most [`MAX_DEPTH`] levels deep (anywhere,
//!   unknown fields included: the caller's `JSON.stringify` of the parsed value recurses once
//!   per level), and match the operation's schema in its lenient reading ([`crate::schema`]);
//!   otherwise the result is a [`DecodeError`] naming the operation and the first problem with
//!   its JSON path (`listDeployments: deployments[3].workerQueues: expected an array, got a
//!   string`).
//! - A non-2xx is an [`ApiError`]: with the server's `message`, `requestId` and `fieldErrors`
//!   when the body is the API's error body, else with a message saying what came back
//!   (`HTTP 502 with a text/html body: "<html>…"`, `HTTP 429 with an empty body`, invalid or
//!   truncated JSON, JSON of another shape). The raw body is always kept (read lossily if it
//!   is not UTF-8).
//!
//! [`check_response`] walks the parsed body over the schema tables (the same walk as
//! `js/check.js` in the package); the generated `decode_response` of each version makes the
//! same check, then reads the checked value into the typed models ([`decode_json`]), so both
//! accept the same bodies with the same messages. As with `JSON.parse`, a duplicate key keeps
//! its last value. Deeply nested bodies cannot overflow the stack: the depth scan is a loop and
//! runs before any parse, which then nests at most [`MAX_DEPTH`] levels.

use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

pub use crate::error::{ApiError, DecodeError, FieldError, ResponseError};
use crate::registry::{Api, ApiOperation, OperationSpec, ResponseBody};
use crate::schema::{Object, Type};

mod scan;
mod strict;

/// The `v1beta1` typed responses, re-exported for the crate's first users (`v1` users take
/// them from [`crate::v1`]).
#[cfg(feature = "v1beta1")]
pub use crate::v1beta1::{decode_response, Response};

/// The deepest nesting a 2xx body may have.
pub use scan::MAX_DEPTH;

/// How many characters of a body an error message quotes.
const EXCERPT_CHARS: usize = 200;

/// The outcome of [`check_response`] on a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// No body to hand over (the success has none).
    NoContent,
    /// The body is JSON that matches the operation's schema.
    Json,
    /// The success is bytes the contract does not type (handed over as they came).
    Binary,
}

/// Checks a response without keeping a decoded value: `Ok(Checked::Json)` means the body
/// matches the operation's schema and can be handed to `JSON.parse` as is.
///
/// The same as [`check_response_bytes`] on the text's bytes.
pub fn check_response(
    op: impl ApiOperation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<Checked, ResponseError> {
    check_response_bytes(op, status, content_type, body.as_bytes())
}

/// Checks a response given as raw bytes (what the transport read).
///
/// A JSON 2xx body must be UTF-8 (else a [`DecodeError`] naming the first bad byte), nested at
/// most 128 levels deep, and match the operation's schema. A non-2xx body is read lossily (an
/// error page in latin-1 still gives an [`ApiError`]; its `body` then has U+FFFD for the bad
/// bytes).
pub fn check_response_bytes(
    op: impl ApiOperation,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Checked, ResponseError> {
    let spec = op.spec();
    match success(spec, status, content_type, body)? {
        Success::Empty => Ok(Checked::NoContent),
        Success::Binary => Ok(Checked::Binary),
        Success::Json(ty) => {
            checked_value(spec, ty, status, content_type, body).map(|_| Checked::Json)
        }
    }
}

/// Decodes a JSON success into `T` (the generated `decode_response` calls this for each
/// operation whose success is JSON): the body is first checked like [`check_response`] (so a
/// body the tables refuse is refused with the same message), then read into the typed model.
pub fn decode_json<T: DeserializeOwned>(
    spec: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, ResponseError> {
    let Success::Json(ty) = success(spec, status, content_type, body)? else {
        return Err(decode_error(
            spec,
            status,
            "the operation's success has no JSON body".to_owned(),
        ));
    };
    let value = checked_value(spec, ty, status, content_type, body)?;
    T::deserialize(value).map_err(|e| decode_error(spec, status, e.to_string()))
}

/// What `I::decode_output` returns, read in one typed pass when that gives the same result.
///
/// A 2xx JSON body is read straight into the operation's model with serde; only a body that
/// read refuses goes through [`decode_json`]'s table walk, which then gives the result and the
/// error message. This is exact because the generated response models are as strict as the
/// tables (required fields present and not `null`, integers that fit an `i64`, no `null` array
/// items, unknown fields and enum values kept or ignored alike; `tests/decoding_fast_path.rs`
/// holds them to it on every fixture of both versions and its mutations), once the read takes
/// away serde's own leniencies (structs from arrays, unknown fields skipped unparsed: see
/// `decoding/strict.rs`). serde_json's depth limit stops one level short of [`MAX_DEPTH`]: a
/// body nested exactly that deep takes the walk.
///
/// On list pages this is several times faster than [`decode_json`] (no `serde_json::Value` is
/// built); the native client reads every response with it.
pub fn read_output<I: crate::operations::OperationInput>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<I::Output, ResponseError> {
    let spec = I::spec();
    let json_success =
        (200..300).contains(&status) && matches!(spec.response, ResponseBody::Json(_));
    if json_success {
        if let Ok(output) = strict::from_slice::<I::Output>(body) {
            return Ok(output);
        }
    }
    I::decode_output(status, content_type, body)
}

/// A JSON 2xx body parsed and walked over `ty`: not empty, UTF-8, within [`MAX_DEPTH`], valid
/// JSON, and matching the tables' lenient reading.
fn checked_value(
    spec: &'static OperationSpec,
    ty: Type,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Value, ResponseError> {
    let text = json_text(spec, status, body)?;
    depth_check(spec, status, text)?;
    // The depth is known to be within MAX_DEPTH, serde_json's own limit: parse without it (its
    // limit stops one level short of ours).
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = Value::deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| explain(spec, status, content_type, text, &e))?;
    match walk(&ty, &value) {
        Ok(()) => Ok(value),
        Err(m) => Err(decode_error(spec, status, m.message())),
    }
}

/// Accepts any 2xx of an operation whose success has no body.
pub fn decode_empty(
    spec: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<(), ResponseError> {
    success(spec, status, content_type, body).map(|_| ())
}

/// The bytes of a binary success.
pub fn decode_binary(
    spec: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Vec<u8>, ResponseError> {
    success(spec, status, content_type, body).map(|_| body.to_vec())
}

/// What a 2xx of the operation carries.
enum Success {
    Empty,
    Binary,
    Json(Type),
}

/// The status: a non-2xx is an [`ApiError`]; a 2xx is what the operation's success carries.
fn success(
    spec: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Success, ResponseError> {
    if !(200..300).contains(&status) {
        let text = String::from_utf8_lossy(body);
        return Err(ResponseError::Api(api_error(
            spec,
            status,
            content_type,
            &text,
        )));
    }
    Ok(match spec.response {
        ResponseBody::Empty => Success::Empty,
        ResponseBody::Binary { .. } => Success::Binary,
        ResponseBody::Json(ty) => Success::Json(ty),
    })
}

/// A JSON 2xx body as text: not empty, UTF-8.
fn json_text<'a>(
    spec: &'static OperationSpec,
    status: u16,
    body: &'a [u8],
) -> Result<&'a str, ResponseError> {
    if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Err(decode_error(
            spec,
            status,
            format!("expected a JSON body with HTTP {status}, got an empty body"),
        ));
    }
    std::str::from_utf8(body).map_err(|e| {
        decode_error(
            spec,
            status,
            format!("the body is not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })
}

/// A body nested deeper than [`MAX_DEPTH`] is an error, whatever else is wrong with it.
fn depth_check(spec: &'static OperationSpec, status: u16, body: &str) -> Result<(), ResponseError> {
    match scan::too_deep(body.as_bytes(), MAX_DEPTH) {
        None => Ok(()),
        Some(at) => Err(decode_error(
            spec,
            status,
            format!("the body is nested deeper than {MAX_DEPTH} levels at byte {at}"),
        )),
    }
}

/// The byte offset at which `body` nests deeper than [`MAX_DEPTH`] levels (outside strings),
/// if it does: the check [`check_response_bytes`] makes on every JSON 2xx body.
pub fn depth_limit_exceeded_at(body: &[u8]) -> Option<usize> {
    scan::too_deep(body, MAX_DEPTH)
}

/// Names where a body stops being JSON: serde_json's message, prefixed with the JSON path of
/// the value at the error's position (found by [`scan::path_at`]).
fn explain(
    spec: &'static OperationSpec,
    status: u16,
    content_type: Option<&str>,
    body: &str,
    err: &serde_json::Error,
) -> ResponseError {
    let path = scan::error_offset(body, err.line(), err.column())
        .map(|at| scan::path_at(body, at))
        .unwrap_or_default();
    let what = if err.is_syntax() || err.is_eof() {
        let shown = match spec.response {
            // An excerpt could hold the secret the answer carries (a new token's value).
            ResponseBody::Json(ty) if ty.carries_secret() => format!(
                "a {} body (not shown: this answer carries a secret)",
                content_type
                    .map(media_type)
                    .filter(|m| !m.is_empty())
                    .unwrap_or("non-JSON")
            ),
            _ => describe_body(content_type, body),
        };
        format!("the body is not valid JSON ({err}); got {shown}")
    } else {
        err.to_string()
    };
    let message = if path.is_empty() {
        what
    } else {
        format!("{path}: {what}")
    };
    decode_error(spec, status, message)
}

fn decode_error(spec: &'static OperationSpec, status: u16, message: String) -> ResponseError {
    ResponseError::Decode(DecodeError {
        operation: spec.name,
        status,
        message: format!("{}: {message}", spec.name),
    })
}

// --------------------------------------------------------------------- the lenient walk

/// A mismatch on the way back up: the path is collected in reverse (keys and indices).
struct Mismatch {
    what: String,
    path: Vec<PathPart>,
}

enum PathPart {
    Key(String),
    Index(usize),
}

impl Mismatch {
    fn new(what: String) -> Mismatch {
        Mismatch {
            what,
            path: Vec::new(),
        }
    }

    fn at(mut self, part: PathPart) -> Mismatch {
        self.path.push(part);
        self
    }

    fn message(&self) -> String {
        let mut path = String::new();
        for part in self.path.iter().rev() {
            match part {
                PathPart::Key(k) if path.is_empty() => path.push_str(k),
                PathPart::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                PathPart::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
            }
        }
        if path.is_empty() {
            self.what.clone()
        } else {
            format!("{path}: {}", self.what)
        }
    }
}

/// How a value reads in a message (`a string`, `the number 1.5`, `null`).
fn described(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => "a boolean".to_owned(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn expected(ty: &Type) -> &'static str {
    match ty {
        Type::String | Type::Text(_) | Type::Enum(_) => "a string",
        Type::Integer(_) => "an integer (64-bit)",
        Type::Number => "a number",
        Type::Boolean => "a boolean",
        Type::Array(_) => "an array",
        Type::Object(_) | Type::Union(_) | Type::Map(_) => "an object",
        Type::Any => "any value",
    }
}

fn wrong(ty: &Type, v: &Value) -> Mismatch {
    Mismatch::new(format!("expected {}, got {}", expected(ty), described(v)))
}

/// The lenient (response) reading of `ty` over a parsed value: the rules of the typed models
/// (required fields present and not `null`, unknown fields ignored, enums open, integers that
/// fit an `i64`, array items never `null`); limits and formats are not checked.
fn walk(ty: &Type, v: &Value) -> Result<(), Mismatch> {
    match (ty, v) {
        (Type::String | Type::Text(_) | Type::Enum(_), Value::String(_)) => Ok(()),
        (Type::Integer(_), Value::Number(n)) if n.is_i64() => Ok(()),
        (Type::Number, Value::Number(_)) => Ok(()),
        (Type::Boolean, Value::Bool(_)) => Ok(()),
        (Type::Any, _) => Ok(()),
        (Type::Array(array), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk(&array.items, item).map_err(|m| m.at(PathPart::Index(i)))?;
            }
            Ok(())
        }
        (Type::Map(values), Value::Object(map)) => {
            for (key, item) in map {
                walk(values, item).map_err(|m| m.at(PathPart::Key(key.clone())))?;
            }
            Ok(())
        }
        (Type::Object(object), Value::Object(_)) => walk_object(object, v),
        (Type::Union(union), Value::Object(map)) => {
            let selected = map.get(union.selector).and_then(Value::as_str);
            match union.variants.iter().find(|x| Some(x.value) == selected) {
                Some(variant) => walk_object(variant.object, v),
                // A selector value this client does not know: the object is kept as it is.
                None => Ok(()),
            }
        }
        _ => Err(wrong(ty, v)),
    }
}

fn walk_object(object: &Object, v: &Value) -> Result<(), Mismatch> {
    for f in object.fields {
        match v.get(f.name) {
            None => {}
            Some(Value::Null) if f.required && !f.nullable => {
                return Err(wrong(&f.ty, &Value::Null).at(PathPart::Key(f.name.to_owned())))
            }
            Some(Value::Null) => {}
            Some(x) => walk(&f.ty, x).map_err(|m| m.at(PathPart::Key(f.name.to_owned())))?,
        }
    }
    match object
        .fields
        .iter()
        .find(|f| f.required && v.get(f.name).is_none())
    {
        Some(f) => Err(Mismatch::new(format!(
            "missing required field \"{}\"",
            f.name
        ))),
        None => Ok(()),
    }
}

// ------------------------------------------------------------------ the tables for js/check.js

/// The response tables of `api` as compact JSON text, the form `js/check.js` reads:
///
/// ```text
/// {"ops":{"listDeployments":"DeploymentsPaginated","getClusterOptions":"[ClusterOptions",...},
///  "secret":["createApiToken",...],
///  "shapes":{"DeploymentsPaginated":[["deployments",1,"[Deployment"],["limit",1,"i"],...],...}}
/// ```
///
/// A kind is `s` (string; an enum is any string), `i` (integer), `n` (number), `b` (boolean),
/// `*` (any value), `o` (any object: a union, whose variant is not checked), `[` followed by
/// the item kind (array), `{` followed by the value kind (map), or a shape name (object). A field
/// is `[wire name, flags, kind]` with flags 1 = required, 2 = nullable. Operations whose success
/// is not JSON are not listed. `secret` lists the operations whose answer can carry a secret
/// (an error message then quotes none of the body).
pub fn response_tables_json(api: &Api) -> String {
    let mut ops = String::new();
    let mut shapes: Vec<&'static Object> = Vec::new();
    for op in api.operations {
        if let ResponseBody::Json(ty) = op.response {
            let sep = if ops.is_empty() { "" } else { "," };
            ops.push_str(sep);
            ops.push('"');
            ops.push_str(op.name);
            ops.push_str("\":\"");
            ops.push_str(&code(&ty));
            ops.push('"');
            collect(&ty, &mut shapes);
        }
    }
    let mut out = String::from("{\"ops\":{");
    out.push_str(&ops);
    out.push_str("},\"secret\":[");
    let secret: Vec<String> = api
        .operations
        .iter()
        .filter(|op| matches!(op.response, ResponseBody::Json(ty) if ty.carries_secret()))
        .map(|op| format!("\"{}\"", op.name))
        .collect();
    out.push_str(&secret.join(","));
    out.push_str("],\"shapes\":{");
    for (i, shape) in shapes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(shape.name);
        out.push_str("\":[");
        for (j, f) in shape.fields.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let flags = u8::from(f.required) | (u8::from(f.nullable) << 1);
            out.push_str("[\"");
            out.push_str(f.name);
            out.push_str("\",");
            out.push(char::from(b'0' + flags));
            out.push_str(",\"");
            out.push_str(&code(&f.ty));
            out.push_str("\"]");
        }
        out.push(']');
    }
    out.push_str("}}");
    out
}

/// Every object reachable from the successes of `api`, each once, in the order first reached.
pub fn response_objects(api: &Api) -> Vec<&'static Object> {
    let mut out = Vec::new();
    for op in api.operations {
        if let ResponseBody::Json(ty) = op.response {
            collect(&ty, &mut out);
        }
    }
    out
}

fn collect(ty: &Type, out: &mut Vec<&'static Object>) {
    match *ty {
        Type::Array(a) => collect(&a.items, out),
        Type::Map(t) => collect(t, out),
        Type::Object(object) => {
            if out.iter().any(|s| std::ptr::eq(*s, object)) {
                return;
            }
            out.push(object);
            for f in object.fields {
                collect(&f.ty, out);
            }
        }
        _ => {}
    }
}

fn code(ty: &Type) -> String {
    match ty {
        Type::String | Type::Text(_) | Type::Enum(_) => "s".to_owned(),
        Type::Integer(_) => "i".to_owned(),
        Type::Number => "n".to_owned(),
        Type::Boolean => "b".to_owned(),
        Type::Any => "*".to_owned(),
        Type::Union(_) => "o".to_owned(),
        Type::Array(a) => format!("[{}", code(&a.items)),
        Type::Map(t) => format!("{{{}", code(t)),
        Type::Object(object) => object.name.to_owned(),
    }
}

// ------------------------------------------------------------------------ the error body

/// What an error body holds: an object with its three error keys read as JSON values (other
/// keys skipped unparsed, however deep they nest), or some other JSON value (also skipped). Read
/// through `deserialize_any` with every kind of value accepted, so no type error is ever built:
/// serde's type-error messages would link the float formatter into the wasm. A repeated key
/// counts once, the last one (as `JSON.parse` reads it).
struct ErrorBodyRead(Option<ErrorFields>);

/// The error object's keys (`None`: absent).
struct ErrorFields {
    message: Option<Value>,
    request_id: Option<Value>,
    field_errors: Option<Value>,
}

impl<'de> Deserialize<'de> for ErrorBodyRead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ErrorBodyVisitor)
    }
}

struct ErrorBodyVisitor;

impl<'de> Visitor<'de> for ErrorBodyVisitor {
    type Value = ErrorBodyRead;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBodyRead, A::Error> {
        let (mut message, mut request_id, mut field_errors) = (None, None, None);
        while let Some(key) = map.next_key::<Value>()? {
            let slot = match key.as_str() {
                Some("message") => &mut message,
                Some("requestId") => &mut request_id,
                Some("fieldErrors") => &mut field_errors,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value::<Value>()?);
        }
        Ok(ErrorBodyRead(Some(ErrorFields {
            message,
            request_id,
            field_errors,
        })))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ErrorBodyRead, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ErrorBodyRead(None))
    }

    fn visit_bool<E>(self, _: bool) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }

    fn visit_i64<E>(self, _: i64) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }

    fn visit_u64<E>(self, _: u64) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }

    fn visit_str<E>(self, _: &str) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }

    fn visit_unit<E>(self) -> Result<ErrorBodyRead, E> {
        Ok(ErrorBodyRead(None))
    }
}

/// Builds the [`ApiError`] of a non-2xx response of `op`.
///
/// The body is the API's error body when it is a JSON object with a non-empty string `message`;
/// `requestId` is taken when it is a string, `fieldErrors` when it is an array (each object's
/// string `code`, `field` and `message`; anything else there is ignored). Otherwise the message
/// says what came back: an empty body, an object without a message, other JSON, or not JSON.
pub fn api_error(
    op: impl ApiOperation,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> ApiError {
    let spec = op.spec();
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let trimmed = body.trim_start();
    let mut field_errors = Vec::new();
    let (message, request_id) = if trimmed.is_empty() {
        (format!("HTTP {status} with an empty body"), None)
    } else {
        match serde_json::from_str::<ErrorBodyRead>(body) {
            Ok(ErrorBodyRead(Some(ErrorFields {
                message,
                request_id,
                field_errors: listed,
            }))) => {
                let request_id = text(request_id.as_ref());
                match text(message.as_ref()) {
                    Some(m) if !m.trim().is_empty() => {
                        if let Some(Value::Array(items)) = &listed {
                            field_errors = items
                                .iter()
                                .filter_map(Value::as_object)
                                .map(|e| FieldError {
                                    code: text(e.get("code")).unwrap_or_default(),
                                    field: text(e.get("field")).unwrap_or_default(),
                                    message: text(e.get("message")).unwrap_or_default(),
                                })
                                .collect();
                        }
                        (m, request_id)
                    }
                    _ => (
                        format!(
                            "HTTP {status} with a JSON body without an error message: {}",
                            excerpt(body)
                        ),
                        request_id,
                    ),
                }
            }
            Ok(ErrorBodyRead(None)) => (not_an_api_error(status, body), None),
            Err(e) => (invalid_body(status, content_type, body, &e), None),
        }
    };
    ApiError {
        operation: spec.name,
        status,
        message,
        request_id,
        field_errors,
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
