//! Property tests of request building (proptest), for every operation of every API version.
//!
//! Valid inputs are generated from the generated tables themselves (each operation's path,
//! query parameters and body type in `registry`/`schema`), so every request body, every union
//! variant (and a union body without its selector, where the contract allows it) and every
//! query parameter is covered, and an operation or field added to a contract is generated
//! without touching this file.
//!
//! * For every operation, any valid generated input passes validation; the body sent is
//!   exactly the generated body; it decodes into the typed request body and serializes back
//!   to the same text; the path and query parameters come back out of the URL unchanged; and
//!   the typed input (`...Input`) decodes from the same JSON, serializes back equal and
//!   prepares the identical request.
//! * The body `prepare` writes straight from the checked input (`encode_body`) is byte for
//!   byte what the typed path gives (check, `serde_json::from_value` into the typed request
//!   body, `serde_json::to_string`), also with `null` optional fields and integers written as
//!   integral floats, which the typed path normalized.
//! * Removing a required body field fails with rule `required` at that field.
//! * `prepare` never panics on arbitrary JSON trees and always explains a refusal; nor does
//!   decoding arbitrary JSON into the typed inputs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Debug;

use astro_platform_client::encoding::{encode_path_segment, percent_decode, segment_problem};
use astro_platform_client::operations::{
    prepare, InputVisitor, OperationInput, PreparedRequest, RequestContext,
};
use astro_platform_client::registry::{Api, OperationSpec, Param, Segment};
use astro_platform_client::schema::{Check, Field, Format, Object, Type, Union};
use astro_platform_client::validation::{check, Rule};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

const BASE: &str = "https://api.example.test/v";
const DEFAULT_ORG: &str = "org-default";

fn ctx() -> RequestContext<'static> {
    RequestContext {
        base_url: BASE,
        default_organization_id: Some(DEFAULT_ORG),
    }
}

/// An API version under test: its registry and its typed inputs.
trait Version: 'static {
    const API: &'static Api;
    fn visit<V: InputVisitor>(op: &OperationSpec, visitor: V) -> V::Output;
}

#[cfg(feature = "v1beta1")]
struct V1beta1;

#[cfg(feature = "v1beta1")]
impl Version for V1beta1 {
    const API: &'static Api = &astro_platform_client::v1beta1::API;
    fn visit<V: InputVisitor>(op: &OperationSpec, visitor: V) -> V::Output {
        let op = astro_platform_client::v1beta1::Operation::from_name(op.name).unwrap();
        astro_platform_client::v1beta1::visit_input(op, visitor)
    }
}

#[cfg(feature = "v1")]
struct V1;

#[cfg(feature = "v1")]
impl Version for V1 {
    const API: &'static Api = &astro_platform_client::v1::API;
    fn visit<V: InputVisitor>(op: &OperationSpec, visitor: V) -> V::Output {
        let op = astro_platform_client::v1::Operation::from_name(op.name).unwrap();
        astro_platform_client::v1::visit_input(op, visitor)
    }
}

// ---------------------------------------------------------------------------------------
// Generators of valid values, driven by the tables.

fn valid_string(min: usize, max: usize) -> BoxedStrategy<String> {
    // Mostly readable text, sometimes any Unicode scalar values (escapes, astral planes).
    prop_oneof![
        3 => proptest::collection::vec(
            prop_oneof![proptest::char::range('a', 'z'), Just(' '), Just('-'), Just('é')],
            min..=max
        ),
        1 => proptest::collection::vec(any::<char>(), min..=max),
    ]
    .prop_map(|chars| chars.into_iter().collect())
    .boxed()
}

fn date_time() -> BoxedStrategy<String> {
    (
        2000u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        any::<bool>(),
    )
        .prop_map(|(y, mo, d, h, mi, s, zulu)| {
            let zone = if zulu {
                "Z".to_owned()
            } else {
                "+02:00".to_owned()
            };
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}")
        })
        .boxed()
}

fn any_leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(Value::from),
        "[a-z]{0,8}".prop_map(Value::String),
    ]
    .boxed()
}

fn valid_value(ty: Type) -> BoxedStrategy<Value> {
    match ty {
        Type::String => valid_string(0, 16).prop_map(Value::String).boxed(),
        Type::Text(rules) if rules.format == Format::DateTime => {
            date_time().prop_map(Value::String).boxed()
        }
        Type::Text(rules) => {
            let lo = rules.min_length.unwrap_or(0) as usize;
            let hi = rules.max_length.map_or(lo + 16, |m| m as usize).max(lo);
            valid_string(lo, hi).prop_map(Value::String).boxed()
        }
        Type::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Integer(range) => {
            let (min, max) = (range.minimum, range.maximum);
            let lo = min.unwrap_or_else(|| max.map_or(-1_000_000_000, |m| m - 1_000_000));
            let hi = max.unwrap_or(lo.saturating_add(1_000_000_000)).max(lo);
            prop_oneof![Just(lo), Just(hi), lo..=hi]
                .prop_map(Value::from)
                .boxed()
        }
        Type::Number => prop_oneof![
            (-1_000_000i64..1_000_000).prop_map(|n| Value::from(n as f64 / 4.0)),
            Just(Value::from(0.5)),
        ]
        .boxed(),
        Type::Enum(e) => proptest::sample::select(e.values.to_vec())
            .prop_map(|v| Value::String(v.to_owned()))
            .boxed(),
        Type::Array(a) => {
            let min = a.min_items as usize;
            let max = a.max_items.map_or(min + 4, |m| m as usize).max(min);
            let unique = a.unique;
            proptest::collection::vec(valid_value(a.items), min..=max)
                .prop_map(move |items| {
                    if !unique {
                        return items;
                    }
                    let mut seen = Vec::new();
                    items
                        .into_iter()
                        .filter(|v| {
                            let text = v.to_string();
                            let new = !seen.contains(&text);
                            seen.push(text);
                            new
                        })
                        .collect()
                })
                .prop_filter("unique items below minItems", move |items| {
                    items.len() >= min
                })
                .prop_map(Value::Array)
                .boxed()
        }
        Type::Object(object) => valid_object(object, None).prop_map(Value::Object).boxed(),
        Type::Union(union) => valid_union(union),
        Type::Map(values) => {
            proptest::collection::btree_map("[a-z][a-zA-Z0-9_]{0,6}", valid_value(*values), 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        Type::Any => prop_oneof![
            any_leaf(),
            proptest::collection::btree_map("[a-z]{1,4}", any_leaf(), 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
        .boxed(),
    }
}

/// One of the variants with its selector set, or (where the contract lets the selector out) a
/// body without it.
fn valid_union(union: &'static Union) -> BoxedStrategy<Value> {
    let mut variants: Vec<BoxedStrategy<Value>> = union
        .variants
        .iter()
        .map(|v| {
            let (selector, value) = (union.selector, v.value);
            valid_object(v.object, Some(selector))
                .prop_map(move |mut map| {
                    map.insert(selector.to_owned(), Value::String(value.to_owned()));
                    Value::Object(map)
                })
                .boxed()
        })
        .collect();
    // Without the selector (where the contract allows it): a candidate variant's fields alone.
    // (A mix of fields of several variants passes validation too, but is no one variant the
    // typed models could read back.)
    if union.shared.is_some() {
        for v in union.variants {
            let selector_required = v.object.field(union.selector).is_some_and(|f| f.required);
            if !selector_required {
                variants.push(
                    valid_object(v.object, Some(union.selector))
                        .prop_map(Value::Object)
                        .boxed(),
                );
            }
        }
    }
    proptest::strategy::Union::new(variants).boxed()
}

/// The fields of `object` (without `skip`, a union selector set by the caller).
fn valid_object(
    object: &'static Object,
    skip: Option<&'static str>,
) -> BoxedStrategy<Map<String, Value>> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = object
        .fields
        .iter()
        .filter(|f| Some(f.name) != skip)
        .map(field_strategy)
        .collect();
    let checks = object.checks;
    fields
        .prop_map(move |entries| {
            let mut map: Map<String, Value> = entries.into_iter().flatten().collect();
            satisfy(checks, &mut map);
            map
        })
        .boxed()
}

fn field_strategy(field: &'static Field) -> BoxedStrategy<Option<(String, Value)>> {
    let name = field.name.to_owned();
    let value = if field.nullable {
        prop_oneof![3 => valid_value(field.ty), 1 => Just(Value::Null)].boxed()
    } else {
        valid_value(field.ty)
    };
    if field.required {
        value.prop_map(move |v| Some((name.clone(), v))).boxed()
    } else {
        proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
    }
}

fn params_strategy(params: &'static [Param]) -> BoxedStrategy<Map<String, Value>> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = params
        .iter()
        .map(|p| {
            let name = p.name.to_owned();
            let value = valid_value(p.ty);
            if p.required {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
            }
        })
        .collect();
    fields
        .prop_map(|entries| entries.into_iter().flatten().collect())
        .boxed()
}

/// Rules between fields (`x-checks`) cannot be read from the field types; satisfy them by
/// swapping (both fields' own bounds still hold after the swap).
fn satisfy(checks: &[Check], map: &mut Map<String, Value>) {
    for check in checks {
        match check {
            Check::NotLess { field, than } => {
                let value = map.get(*field).and_then(Value::as_i64);
                let bound = map.get(*than).and_then(Value::as_i64);
                if let (Some(value), Some(bound)) = (value, bound) {
                    if value < bound {
                        map.insert((*field).to_owned(), Value::from(bound));
                        map.insert((*than).to_owned(), Value::from(value));
                    }
                }
            }
        }
    }
}

fn path_segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ._~/?#%&=:é-]{1,20}"
        .prop_filter("not a dot segment", |s| segment_problem(s).is_none())
}

/// A valid input of `op`: (full input, path params in URL order, query map, body).
#[derive(Debug, Clone)]
struct ValidInput {
    op: &'static OperationSpec,
    input: Value,
    path: Vec<String>,
    query: Map<String, Value>,
    body: Option<Value>,
}

fn valid_input(op: &'static OperationSpec) -> BoxedStrategy<ValidInput> {
    let names: Vec<&'static str> = op.path_params().collect();
    let path = proptest::collection::vec(path_segment(), names.len());
    // organizationId may be left to the client's default.
    let use_default_org = any::<bool>();
    let query = params_strategy(op.query);
    let body = match op.body {
        Some(body) => valid_value(body.ty).prop_map(Some).boxed(),
        None => Just(None).boxed(),
    };
    (path, use_default_org, query, body)
        .prop_map(move |(mut path, use_default_org, query, body)| {
            let mut input = Map::new();
            if let Some(Value::Object(fields)) = &body {
                input.extend(fields.clone());
            }
            input.extend(query.clone());
            for (name, value) in names.iter().zip(&path) {
                input.insert((*name).to_owned(), Value::String(value.clone()));
            }
            if use_default_org && names.first() == Some(&"organizationId") {
                input.remove("organizationId");
                path[0] = DEFAULT_ORG.to_owned();
            }
            ValidInput {
                op,
                input: Value::Object(input),
                path,
                query,
                body,
            }
        })
        .boxed()
}

fn ops<V: Version>(filter: impl Fn(&OperationSpec) -> bool) -> Vec<&'static OperationSpec> {
    V::API
        .operations
        .iter()
        .copied()
        .filter(|op| filter(op))
        .collect()
}

fn any_valid_input<V: Version>() -> impl Strategy<Value = ValidInput> {
    proptest::sample::select(ops::<V>(|_| true)).prop_flat_map(valid_input)
}

fn body_input<V: Version>() -> impl Strategy<Value = ValidInput> {
    proptest::sample::select(ops::<V>(|op| op.body.is_some())).prop_flat_map(valid_input)
}

// ---------------------------------------------------------------------------------------
// Typed round trips (through the generated `visit_input`).

/// The body text decodes into the typed body and serializes back to the same text.
struct BodyRoundTrip<'a>(&'a str);

impl InputVisitor for BodyRoundTrip<'_> {
    type Output = Result<(), TestCaseError>;
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) -> Self::Output {
        let text = self.0;
        let typed: I::Body = serde_json::from_str(text)
            .map_err(|e| TestCaseError::fail(format!("body does not decode: {e}: {text}")))?;
        prop_assert_eq!(serde_json::to_string(&typed).unwrap(), text);
        Ok(())
    }
}

/// The typed input decodes from the JSON input, serializes back equal, and prepares the
/// same request.
struct InputRoundTrip<'a>(&'a Value, &'a PreparedRequest);

impl InputVisitor for InputRoundTrip<'_> {
    type Output = Result<(), TestCaseError>;
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) -> Self::Output {
        let (input, expected) = (self.0, self.1);
        let typed: I = serde_json::from_value(input.clone())
            .map_err(|e| TestCaseError::fail(format!("typed input does not decode: {e}")))?;
        prop_assert_eq!(&serde_json::to_value(&typed).unwrap(), input);
        let prepared = typed
            .prepare(&ctx())
            .map_err(|e| TestCaseError::fail(format!("typed input refused: {e}")))?;
        prop_assert_eq!(&prepared, expected);
        Ok(())
    }
}

/// The checked body value read into the typed body and written by serde_json.
struct TypedBody(Value);

impl InputVisitor for TypedBody {
    type Output = String;
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) -> String {
        let typed: I::Body = serde_json::from_value(self.0).expect("a checked body decodes");
        serde_json::to_string(&typed).unwrap()
    }
}

/// Decoding arbitrary JSON into a typed input returns, never panics.
struct DecodeAnything(Value);

impl InputVisitor for DecodeAnything {
    type Output = ();
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) {
        let _ = serde_json::from_value::<I>(self.0);
    }
}

/// What a query value looks like in the URL, one entry per repeated key.
fn query_texts(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(query_texts).collect(),
        other => vec![other.to_string()],
    }
}

fn check_url(valid: &ValidInput, url: &str) -> Result<(), TestCaseError> {
    let rest = url
        .strip_prefix(BASE)
        .ok_or_else(|| TestCaseError::fail(format!("URL not under the base: {url}")))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    prop_assert!(
        url.is_ascii() && !url.contains(' ') && !url.contains('#'),
        "{}",
        url
    );

    // The path is the template: each literal as is, each parameter exactly one segment that
    // decodes back to the value.
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    prop_assert_eq!(segments.len(), valid.op.path.len(), "{}", path);
    let mut params = valid.path.iter();
    for (segment, template) in segments.iter().zip(valid.op.path) {
        match template {
            Segment::Literal(text) => prop_assert_eq!(segment, text),
            Segment::Param(_) => {
                let param = params.next().unwrap();
                prop_assert_eq!(*segment, encode_path_segment(param));
                prop_assert_eq!(&percent_decode(segment), param);
            }
        }
    }

    // Query parameters come back as sent (arrays as repeated keys).
    let mut got: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut expected: Vec<(String, String)> = valid
        .query
        .iter()
        .flat_map(|(k, v)| query_texts(v).into_iter().map(move |t| (k.clone(), t)))
        .collect();
    got.sort();
    expected.sort();
    prop_assert_eq!(got, expected);
    Ok(())
}

fn valid_inputs_pass_and_round_trip<V: Version>(valid: ValidInput) -> Result<(), TestCaseError> {
    let op = valid.op;
    let request = prepare(op, valid.input.clone(), &ctx())
        .map_err(|e| TestCaseError::fail(format!("valid input refused: {e}\n{}", valid.input)))?;
    prop_assert_eq!(request.method, op.method);
    check_url(&valid, &request.url)?;
    match (&valid.body, &request.body) {
        (Some(body), Some(text)) => {
            let sent: Value = serde_json::from_str(text).unwrap();
            prop_assert_eq!(&sent, body, "the body sent differs from the input");
            V::visit(op, BodyRoundTrip(text))?;
            prop_assert!(request
                .headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v == "application/json"));
        }
        (None, None) => {}
        (expected, got) => {
            return Err(TestCaseError::fail(format!(
                "body: expected {expected:?}, sent {got:?}"
            )));
        }
    }
    V::visit(op, InputRoundTrip(&valid.input, &request))?;
    // Deterministic.
    prop_assert_eq!(prepare(op, valid.input.clone(), &ctx()), Ok(request));
    Ok(())
}

/// The required top-level fields of the body `body` (of the variant it selects).
fn required_body_fields(op: &OperationSpec, body: &Map<String, Value>) -> Vec<&'static str> {
    let required = |object: &'static Object| {
        object
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect::<Vec<_>>()
    };
    match op.body.map(|b| b.ty) {
        Some(Type::Object(object)) => required(object),
        Some(Type::Union(union)) => match body.get(union.selector).and_then(Value::as_str) {
            Some(tag) => union
                .variants
                .iter()
                .find(|v| v.value == tag)
                .map(|v| required(v.object))
                .unwrap_or_default()
                .into_iter()
                .filter(|f| *f != union.selector)
                .collect(),
            None => union.shared.map(required).unwrap_or_default(),
        },
        _ => Vec::new(),
    }
}

fn missing_required_body_field_is_reported(
    valid: ValidInput,
    pick: proptest::sample::Index,
) -> Result<(), TestCaseError> {
    let Some(Value::Object(body)) = &valid.body else {
        return Err(TestCaseError::fail("body ops generate an object body"));
    };
    let required = required_body_fields(valid.op, body);
    prop_assume!(!required.is_empty());
    let field = required[pick.index(required.len())];
    let mut input = valid.input.clone();
    input.as_object_mut().unwrap().remove(field);
    let error = prepare(valid.op, input, &ctx()).expect_err("missing required field accepted");
    prop_assert!(
        error
            .issues
            .iter()
            .any(|i| i.path == field && i.rule == Rule::Required),
        "{field}: {error}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The direct body encoder against the typed serialization.

/// The typed path: the body part of `input`, checked (which drops `null` known fields and
/// normalizes integral floats), decoded into the typed request body and serialized by
/// serde_json.
fn typed_body<V: Version>(op: &'static OperationSpec, input: &Value) -> Option<String> {
    let body = op.body?;
    let mut map = input.as_object().unwrap().clone();
    for name in op.path_params() {
        map.remove(name);
    }
    for p in op.query.iter().chain(op.headers) {
        map.remove(p.name);
    }
    let mut value = Value::Object(map);
    let mut issues = Vec::new();
    check(&body.ty, &mut value, "", &mut issues);
    assert!(issues.is_empty(), "{issues:?}");
    Some(V::visit(op, TypedBody(value)))
}

/// What JavaScript callers may send for the same body: absent optional fields as `null`
/// and integers as integral floats (`5.0`), chosen by `bits`.
fn add_noise(ty: &Type, value: &mut Value, bits: &mut dyn Iterator<Item = bool>) {
    let fields = match (ty, &*value) {
        (Type::Object(object), Value::Object(_)) => object.fields,
        (Type::Union(union), Value::Object(map)) => {
            let tag = map.get(union.selector).and_then(Value::as_str);
            match (tag, union.variants.iter().find(|v| Some(v.value) == tag)) {
                (Some(_), Some(v)) => v.object.fields,
                (None, _) => match union.shared {
                    Some(shared) => shared.fields,
                    None => return,
                },
                _ => return,
            }
        }
        (Type::Array(a), Value::Array(_)) => {
            for v in value.as_array_mut().unwrap() {
                add_noise(&a.items, v, bits);
            }
            return;
        }
        (Type::Integer(_), Value::Number(_)) => {
            if bits.next() == Some(true) {
                // Generated integers are far below 2^53: the float is exact.
                *value = Value::from(value.as_i64().unwrap() as f64);
            }
            return;
        }
        _ => return,
    };
    let map = value.as_object_mut().unwrap();
    for field in fields {
        match map.get_mut(field.name) {
            Some(v) => add_noise(&field.ty, v, bits),
            None if !field.required && !field.nullable && bits.next() == Some(true) => {
                map.insert(field.name.to_owned(), Value::Null);
            }
            None => {}
        }
    }
}

fn direct_body_is_the_typed_serialization<V: Version>(
    valid: ValidInput,
    noise: Vec<bool>,
) -> Result<(), TestCaseError> {
    let op = valid.op;
    let ty = op.body.unwrap().ty;
    let mut input = valid.input.clone();
    // Noise only inside the body part (path and query values are left as generated).
    let mut body = valid.body.clone().unwrap();
    let mut bits = noise.iter().copied().cycle();
    add_noise(&ty, &mut body, &mut bits);
    for (k, v) in body.as_object().unwrap() {
        input.as_object_mut().unwrap().insert(k.clone(), v.clone());
    }
    let expected = typed_body::<V>(op, &input);
    let request = prepare(op, input.clone(), &ctx())
        .map_err(|e| TestCaseError::fail(format!("valid input refused: {e}\n{input}")))?;
    prop_assert_eq!(request.body, expected, "input: {}", input);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Arbitrary JSON never panics.

/// Keys and strings that validation knows, so arbitrary trees often reach deep checks.
fn vocabulary(api: &Api) -> Vec<String> {
    fn walk(ty: Type, out: &mut Vec<String>, depth: u32) {
        if depth > 6 {
            return;
        }
        match ty {
            Type::Enum(e) => out.extend(e.values.iter().map(|v| (*v).to_owned())),
            Type::Array(a) => walk(a.items, out, depth + 1),
            Type::Map(t) => walk(*t, out, depth + 1),
            Type::Object(object) => {
                for f in object.fields {
                    out.push(f.name.to_owned());
                    walk(f.ty, out, depth + 1);
                }
            }
            Type::Union(union) => {
                out.push(union.selector.to_owned());
                for v in union.variants {
                    out.push(v.value.to_owned());
                    walk(Type::Object(v.object), out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![
        String::new(),
        ".".into(),
        "..".into(),
        "%2e%2e".into(),
        "__proto__".into(),
        "constructor".into(),
    ];
    for op in api.operations {
        out.extend(op.path_params().map(str::to_owned));
        for p in op.query {
            out.push(p.name.to_owned());
            walk(p.ty, &mut out, 0);
        }
        if let Some(body) = op.body {
            walk(body.ty, &mut out, 0);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn arbitrary_json(api: &Api) -> impl Strategy<Value = Value> {
    let words = vocabulary(api);
    let text = prop_oneof![
        3 => proptest::sample::select(words.clone()),
        1 => any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(1),
            Just(-1),
            Just(1000),
            Just(1001),
            Just(5),
            Just(24)
        ]
        .prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        text.clone().prop_map(Value::String),
    ];
    let keys = prop_oneof![4 => proptest::sample::select(words), 1 => any::<String>()];
    leaf.prop_recursive(6, 96, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(keys.clone(), inner, 0..12)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn prepare_never_panics<V: Version>(
    op: &'static OperationSpec,
    input: Value,
    with_default_org: bool,
) -> Result<(), TestCaseError> {
    let ctx = RequestContext {
        base_url: BASE,
        default_organization_id: with_default_org.then_some(DEFAULT_ORG),
    };
    match prepare(op, input.clone(), &ctx) {
        Ok(request) => {
            prop_assert!(request.url.starts_with(BASE));
            if let Some(body) = &request.body {
                prop_assert!(serde_json::from_str::<Value>(body).is_ok());
            }
        }
        Err(error) => {
            prop_assert!(!error.issues.is_empty());
            prop_assert!(error.issues.iter().all(|i| !i.message.is_empty()));
            prop_assert!(!error.to_string().is_empty());
        }
    }
    V::visit(op, DecodeAnything(input));
    Ok(())
}

/// Replace the value reached by following `path` (each index picks a key or an item) with
/// `replacement`; stops early at a leaf.
fn replace_at(value: &mut Value, path: &[proptest::sample::Index], replacement: Value) {
    let Some((index, rest)) = path.split_first() else {
        *value = replacement;
        return;
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(index.index(map.len())).cloned().unwrap();
            replace_at(map.get_mut(&key).unwrap(), rest, replacement);
        }
        Value::Array(items) if !items.is_empty() => {
            let i = index.index(items.len());
            replace_at(&mut items[i], rest, replacement);
        }
        _ => *value = replacement,
    }
}

/// The properties for one API version.
macro_rules! properties {
    ($module:ident, $version:ty) => {
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

                #[test]
                fn valid_inputs_pass_and_round_trip(valid in any_valid_input::<$version>()) {
                    super::valid_inputs_pass_and_round_trip::<$version>(valid)?;
                }

                #[test]
                fn missing_required_body_field_is_reported(
                    valid in body_input::<$version>(),
                    pick in any::<proptest::sample::Index>(),
                ) {
                    super::missing_required_body_field_is_reported(valid, pick)?;
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

                #[test]
                fn direct_body_is_the_typed_serialization(
                    valid in body_input::<$version>(),
                    noise in proptest::collection::vec(any::<bool>(), 1..200),
                ) {
                    super::direct_body_is_the_typed_serialization::<$version>(valid, noise)?;
                }
            }

            proptest! {
                #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

                #[test]
                fn prepare_never_panics_on_arbitrary_json(
                    op in proptest::sample::select(ops::<$version>(|_| true)),
                    input in arbitrary_json(<$version as Version>::API),
                    with_default_org in any::<bool>(),
                ) {
                    prepare_never_panics::<$version>(op, input, with_default_org)?;
                }

                #[test]
                fn prepare_never_panics_on_arbitrary_json_under_valid_keys(
                    valid in any_valid_input::<$version>(),
                    path in proptest::collection::vec(any::<proptest::sample::Index>(), 1..4),
                    replacement in arbitrary_json(<$version as Version>::API),
                ) {
                    // Replace one value somewhere inside a valid input with an arbitrary tree:
                    // the error (if any) names a path, and nothing panics.
                    let mut input = valid.input.clone();
                    replace_at(&mut input, &path, replacement);
                    if let Err(error) = prepare(valid.op, input, &ctx()) {
                        prop_assert!(!error.issues.is_empty());
                    }
                }
            }
        }
    };
}

#[cfg(feature = "v1beta1")]
properties!(v1beta1, V1beta1);

#[cfg(feature = "v1")]
properties!(v1, V1);
