//! Property tests of request building (proptest).
//!
//! Valid inputs are generated from the validation descriptions themselves (`body_kind`,
//! `query_params`, `path_params` of every operation), so every request body type, every union
//! variant and every query parameter is covered, and a field added to a description is
//! generated without touching this file.
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
use astro_platform_client::models::requests::{
    CreateClusterRequest, CreateDeploymentRequest, CreateWorkspaceRequest, UpdateClusterRequest,
    UpdateDeploymentRequest, UpdateOrganizationRequest, UpdateWorkspaceRequest,
};
use astro_platform_client::operations::*;
use astro_platform_client::validation::{check, Field, Kind, Rule, Shape};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

const BASE: &str = "https://api.example.test/platform/v1beta1";
const DEFAULT_ORG: &str = "org-default";

fn ctx() -> RequestContext<'static> {
    RequestContext {
        base_url: BASE,
        default_organization_id: Some(DEFAULT_ORG),
    }
}

// ---------------------------------------------------------------------------------------
// Generators of valid values, driven by the validation descriptions.

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

fn valid_value(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Str { min, max } => {
            let lo = min.unwrap_or(0);
            let hi = max.unwrap_or(lo + 16).max(lo);
            valid_string(lo, hi).prop_map(Value::String).boxed()
        }
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Int { min, max } => {
            let lo = min.unwrap_or_else(|| max.map_or(-1_000_000_000, |m| m - 1_000_000));
            let hi = max.unwrap_or(lo.saturating_add(1_000_000_000)).max(lo);
            prop_oneof![Just(lo), Just(hi), lo..=hi]
                .prop_map(Value::from)
                .boxed()
        }
        Kind::Enum(values) => proptest::sample::select(values.to_vec())
            .prop_map(|v| Value::String(v.to_owned()))
            .boxed(),
        Kind::Array {
            item,
            min_items,
            unique,
        } => proptest::collection::vec(valid_value(*item), min_items..=min_items + 4)
            .prop_map(move |items| {
                if !unique {
                    return items;
                }
                let mut seen = Vec::new();
                items
                    .into_iter()
                    .filter(|v| {
                        let text = v.to_string();
                        if seen.contains(&text) {
                            false
                        } else {
                            seen.push(text);
                            true
                        }
                    })
                    .collect()
            })
            .prop_filter("unique items below minItems", move |items| {
                items.len() >= min_items
            })
            .prop_map(Value::Array)
            .boxed(),
        Kind::Object(shape) => valid_object(shape).prop_map(Value::Object).boxed(),
        Kind::Union(union) => {
            let variants: Vec<BoxedStrategy<Value>> = union
                .variants
                .iter()
                .map(|(tag, shape)| {
                    let tag_name = union.tag;
                    valid_object(shape)
                        .prop_map(move |mut map| {
                            map.insert(tag_name.to_owned(), Value::String((*tag).to_owned()));
                            Value::Object(map)
                        })
                        .boxed()
                })
                .collect();
            proptest::strategy::Union::new(variants).boxed()
        }
    }
}

fn valid_object(shape: &'static Shape) -> BoxedStrategy<Map<String, Value>> {
    valid_fields(shape.fields, shape.check.is_some())
}

fn valid_fields(fields: &'static [Field], has_check: bool) -> BoxedStrategy<Map<String, Value>> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|field| {
            let name = field.name.to_owned();
            let value = valid_value(field.kind);
            if field.required {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                proptest::option::of(value.prop_map(move |v| (name.clone(), v))).boxed()
            }
        })
        .collect();
    fields
        .prop_map(move |entries| {
            let mut map: Map<String, Value> = entries.into_iter().flatten().collect();
            if has_check {
                fix_cross_field_rules(&mut map);
            }
            map
        })
        .boxed()
}

/// The one cross-field rule of the descriptions (worker queues: minWorkerCount <=
/// maxWorkerCount) cannot be read from field kinds; satisfy it by swapping. Both bounds
/// (min >= 0, max >= 1) still hold after the swap.
fn fix_cross_field_rules(map: &mut Map<String, Value>) {
    let min = map.get("minWorkerCount").and_then(Value::as_i64);
    let max = map.get("maxWorkerCount").and_then(Value::as_i64);
    if let (Some(min), Some(max)) = (min, max) {
        if max < min {
            map.insert("minWorkerCount".into(), Value::from(max));
            map.insert("maxWorkerCount".into(), Value::from(min));
        }
    }
}

fn path_segment() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ._~/?#%&=:é-]{1,20}"
        .prop_filter("not a dot segment", |s| segment_problem(s).is_none())
}

/// A valid input of `op`: (full input, path params in URL order, query map, body map).
#[derive(Debug, Clone)]
struct ValidInput {
    op: Operation,
    input: Value,
    path: Vec<String>,
    query: Map<String, Value>,
    body: Option<Value>,
}

fn valid_input(op: Operation) -> BoxedStrategy<ValidInput> {
    let names = path_params(op);
    let path = proptest::collection::vec(path_segment(), names.len());
    // organizationId may be left to the client's default.
    let use_default_org = any::<bool>();
    let query = valid_fields(query_params(op), false);
    let body = match body_kind(op) {
        Some(kind) => valid_value(kind).prop_map(Some).boxed(),
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

fn any_valid_input() -> impl Strategy<Value = ValidInput> {
    proptest::sample::select(Operation::ALL.to_vec()).prop_flat_map(valid_input)
}

// ---------------------------------------------------------------------------------------
// Typed round trips.

/// The body text decodes into `T` and serializes back to the same text.
fn body_round_trip<T: Serialize + DeserializeOwned + Debug>(
    text: &str,
) -> Result<(), TestCaseError> {
    let typed: T = serde_json::from_str(text)
        .map_err(|e| TestCaseError::fail(format!("body does not decode: {e}: {text}")))?;
    let again = serde_json::to_string(&typed).unwrap();
    prop_assert_eq!(again, text);
    Ok(())
}

fn check_body(op: Operation, text: &str) -> Result<(), TestCaseError> {
    match op {
        Operation::UpdateOrganization => body_round_trip::<UpdateOrganizationRequest>(text),
        Operation::CreateCluster => body_round_trip::<CreateClusterRequest>(text),
        Operation::UpdateCluster => body_round_trip::<UpdateClusterRequest>(text),
        Operation::CreateWorkspace => body_round_trip::<CreateWorkspaceRequest>(text),
        Operation::UpdateWorkspace => body_round_trip::<UpdateWorkspaceRequest>(text),
        Operation::CreateDeployment => body_round_trip::<CreateDeploymentRequest>(text),
        Operation::UpdateDeployment => body_round_trip::<UpdateDeploymentRequest>(text),
        other => Err(TestCaseError::fail(format!(
            "{} sent a body but has no body type here",
            other.name()
        ))),
    }
}

/// The typed input decodes from the JSON input, serializes back equal, and prepares the
/// same request.
fn input_round_trip<T: OperationInput + DeserializeOwned + Debug>(
    input: &Value,
    expected: &PreparedRequest,
) -> Result<(), TestCaseError> {
    let typed: T = serde_json::from_value(input.clone())
        .map_err(|e| TestCaseError::fail(format!("typed input does not decode: {e}")))?;
    prop_assert_eq!(&serde_json::to_value(&typed).unwrap(), input);
    let prepared = typed
        .prepare_request(&ctx())
        .map_err(|e| TestCaseError::fail(format!("typed input refused: {e}")))?;
    prop_assert_eq!(&prepared, expected);
    Ok(())
}

fn check_input(op: Operation, input: &Value, req: &PreparedRequest) -> Result<(), TestCaseError> {
    match op {
        Operation::ListOrganizations => input_round_trip::<ListOrganizationsInput>(input, req),
        Operation::GetOrganization => input_round_trip::<GetOrganizationInput>(input, req),
        Operation::UpdateOrganization => input_round_trip::<UpdateOrganizationInput>(input, req),
        Operation::ListClusters => input_round_trip::<ListClustersInput>(input, req),
        Operation::CreateCluster => input_round_trip::<CreateClusterInput>(input, req),
        Operation::GetCluster => input_round_trip::<GetClusterInput>(input, req),
        Operation::UpdateCluster => input_round_trip::<UpdateClusterInput>(input, req),
        Operation::DeleteCluster => input_round_trip::<DeleteClusterInput>(input, req),
        Operation::GetClusterOptions => input_round_trip::<GetClusterOptionsInput>(input, req),
        Operation::GetDeploymentOptions => {
            input_round_trip::<GetDeploymentOptionsInput>(input, req)
        }
        Operation::ListWorkspaces => input_round_trip::<ListWorkspacesInput>(input, req),
        Operation::CreateWorkspace => input_round_trip::<CreateWorkspaceInput>(input, req),
        Operation::GetWorkspace => input_round_trip::<GetWorkspaceInput>(input, req),
        Operation::UpdateWorkspace => input_round_trip::<UpdateWorkspaceInput>(input, req),
        Operation::DeleteWorkspace => input_round_trip::<DeleteWorkspaceInput>(input, req),
        Operation::ListDeployments => input_round_trip::<ListDeploymentsInput>(input, req),
        Operation::CreateDeployment => input_round_trip::<CreateDeploymentInput>(input, req),
        Operation::GetDeployment => input_round_trip::<GetDeploymentInput>(input, req),
        Operation::UpdateDeployment => input_round_trip::<UpdateDeploymentInput>(input, req),
        Operation::DeleteDeployment => input_round_trip::<DeleteDeploymentInput>(input, req),
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

    // Each path parameter is exactly one segment, in order, and decodes back; the other
    // segments are the fixed route words (`organizations`, `clusters`, `cluster-options`...).
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    prop_assert_eq!(segments.first().copied(), Some("organizations"));
    let mut params = valid.path.iter().peekable();
    let mut fixed = 0;
    for segment in &segments {
        match params.peek() {
            Some(param) if encode_path_segment(param) == *segment => {
                prop_assert_eq!(&percent_decode(segment), *param);
                params.next();
            }
            _ => {
                prop_assert!(
                    !segment.is_empty()
                        && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                    "unexpected segment {:?} in {}",
                    segment,
                    path
                );
                fixed += 1;
            }
        }
    }
    prop_assert!(
        params.next().is_none(),
        "a path parameter is missing from {}",
        path
    );
    prop_assert!(fixed <= 2, "{}", path);

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

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn valid_inputs_pass_and_round_trip(valid in any_valid_input()) {
        let op = valid.op;
        let request = prepare(op, valid.input.clone(), &ctx())
            .map_err(|e| TestCaseError::fail(format!("valid input refused: {e}\n{}", valid.input)))?;
        prop_assert_eq!(request.method, op.method());
        check_url(&valid, &request.url)?;
        match (&valid.body, &request.body) {
            (Some(body), Some(text)) => {
                let sent: Value = serde_json::from_str(text).unwrap();
                prop_assert_eq!(&sent, body, "the body sent differs from the input");
                check_body(op, text)?;
                prop_assert!(request
                    .headers
                    .iter()
                    .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v == "application/json"));
            }
            (None, None) => {}
            (expected, got) => {
                return Err(TestCaseError::fail(format!("body: expected {expected:?}, sent {got:?}")));
            }
        }
        check_input(op, &valid.input, &request)?;
        // Deterministic.
        prop_assert_eq!(prepare(op, valid.input.clone(), &ctx()), Ok(request));
    }

    #[test]
    fn missing_required_body_field_is_reported(
        valid in proptest::sample::select(
            Operation::ALL.iter().copied().filter(|op| body_kind(*op).is_some()).collect::<Vec<_>>()
        ).prop_flat_map(valid_input),
        pick in any::<proptest::sample::Index>(),
    ) {
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
            error.issues.iter().any(|i| i.path == field && i.rule == Rule::Required),
            "{field}: {error}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The direct body encoder against the typed serialization.

/// The typed path `prepare` used to take: the body part of `input`, checked (which drops
/// `null` known fields and normalizes integral floats), decoded into the typed request body
/// and serialized by serde_json. `None` for an operation without a body (or without a typed
/// body here, which then fails the comparison).
fn typed_body(op: Operation, input: &Value) -> Option<String> {
    fn typed<T: Serialize + DeserializeOwned>(v: Value) -> String {
        let typed: T = serde_json::from_value(v).expect("a checked body decodes");
        serde_json::to_string(&typed).unwrap()
    }
    let kind = body_kind(op)?;
    let mut map = input.as_object().unwrap().clone();
    for name in path_params(op) {
        map.remove(name);
    }
    for field in query_params(op) {
        map.remove(field.name);
    }
    let mut value = Value::Object(map);
    let mut issues = Vec::new();
    check(&kind, &mut value, "", &mut issues);
    assert!(issues.is_empty(), "{issues:?}");
    Some(match op {
        Operation::UpdateOrganization => typed::<UpdateOrganizationRequest>(value),
        Operation::CreateCluster => typed::<CreateClusterRequest>(value),
        Operation::UpdateCluster => typed::<UpdateClusterRequest>(value),
        Operation::CreateWorkspace => typed::<CreateWorkspaceRequest>(value),
        Operation::UpdateWorkspace => typed::<UpdateWorkspaceRequest>(value),
        Operation::CreateDeployment => typed::<CreateDeploymentRequest>(value),
        Operation::UpdateDeployment => typed::<UpdateDeploymentRequest>(value),
        _ => return None,
    })
}

/// What JavaScript callers may send for the same body: absent optional fields as `null`
/// and integers as integral floats (`5.0`), chosen by `bits`.
fn add_noise(kind: &Kind, value: &mut Value, bits: &mut dyn Iterator<Item = bool>) {
    let fields = match (kind, &*value) {
        (Kind::Object(shape), Value::Object(_)) => shape.fields,
        (Kind::Union(union), Value::Object(map)) => {
            let tag = map.get(union.tag).and_then(Value::as_str);
            match union.variants.iter().find(|(n, _)| Some(*n) == tag) {
                Some((_, shape)) => shape.fields,
                None => return,
            }
        }
        (Kind::Array { item, .. }, Value::Array(_)) => {
            for v in value.as_array_mut().unwrap() {
                add_noise(item, v, bits);
            }
            return;
        }
        (Kind::Int { .. }, _) => {
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
            Some(v) => add_noise(&field.kind, v, bits),
            None if !field.required && bits.next() == Some(true) => {
                map.insert(field.name.to_owned(), Value::Null);
            }
            None => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    #[test]
    fn direct_body_is_the_typed_serialization(
        valid in proptest::sample::select(
            Operation::ALL.iter().copied().filter(|op| body_kind(*op).is_some()).collect::<Vec<_>>()
        ).prop_flat_map(valid_input),
        noise in proptest::collection::vec(any::<bool>(), 1..200),
    ) {
        let op = valid.op;
        let kind = body_kind(op).unwrap();
        let mut input = valid.input.clone();
        // Noise only inside the body part (path and query values are left as generated).
        let mut body = valid.body.clone().unwrap();
        let mut bits = noise.iter().copied().cycle();
        add_noise(&kind, &mut body, &mut bits);
        for (k, v) in body.as_object().unwrap() {
            input.as_object_mut().unwrap().insert(k.clone(), v.clone());
        }
        let expected = typed_body(op, &input);
        let request = prepare(op, input.clone(), &ctx())
            .map_err(|e| TestCaseError::fail(format!("valid input refused: {e}\n{input}")))?;
        prop_assert_eq!(request.body, expected, "input: {}", input);
    }
}

/// The required top-level fields of the body variant `body` uses.
fn required_body_fields(op: Operation, body: &Map<String, Value>) -> Vec<&'static str> {
    let required = |shape: &'static Shape| {
        shape
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect::<Vec<_>>()
    };
    match body_kind(op) {
        Some(Kind::Object(shape)) => required(shape),
        Some(Kind::Union(union)) => {
            let tag = body.get(union.tag).and_then(Value::as_str);
            union
                .variants
                .iter()
                .find(|(name, _)| Some(*name) == tag)
                .map(|(_, shape)| required(shape))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Arbitrary JSON never panics.

/// Keys and strings that validation knows, so arbitrary trees often reach deep checks.
fn vocabulary() -> Vec<String> {
    fn walk(kind: Kind, out: &mut Vec<String>, depth: u32) {
        if depth > 6 {
            return;
        }
        match kind {
            Kind::Enum(values) => out.extend(values.iter().map(|v| (*v).to_owned())),
            Kind::Array { item, .. } => walk(*item, out, depth + 1),
            Kind::Object(shape) => {
                for f in shape.fields {
                    out.push(f.name.to_owned());
                    walk(f.kind, out, depth + 1);
                }
            }
            Kind::Union(union) => {
                out.push(union.tag.to_owned());
                for (tag, shape) in union.variants {
                    out.push((*tag).to_owned());
                    walk(Kind::Object(shape), out, depth + 1);
                }
            }
            Kind::Str { .. } | Kind::Bool | Kind::Int { .. } => {}
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
    for op in Operation::ALL {
        out.extend(path_params(op).into_iter().map(str::to_owned));
        for f in query_params(op) {
            out.push(f.name.to_owned());
            walk(f.kind, &mut out, 0);
        }
        if let Some(kind) = body_kind(op) {
            walk(kind, &mut out, 0);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let words = vocabulary();
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

/// Decoding arbitrary JSON into a typed input must return, not panic.
fn typed_decode_does_not_panic(op: Operation, input: &Value) {
    fn try_decode<T: DeserializeOwned>(input: &Value) {
        let _ = serde_json::from_value::<T>(input.clone());
    }
    match op {
        Operation::ListOrganizations => try_decode::<ListOrganizationsInput>(input),
        Operation::GetOrganization => try_decode::<GetOrganizationInput>(input),
        Operation::UpdateOrganization => try_decode::<UpdateOrganizationInput>(input),
        Operation::ListClusters => try_decode::<ListClustersInput>(input),
        Operation::CreateCluster => try_decode::<CreateClusterInput>(input),
        Operation::GetCluster => try_decode::<GetClusterInput>(input),
        Operation::UpdateCluster => try_decode::<UpdateClusterInput>(input),
        Operation::DeleteCluster => try_decode::<DeleteClusterInput>(input),
        Operation::GetClusterOptions => try_decode::<GetClusterOptionsInput>(input),
        Operation::GetDeploymentOptions => try_decode::<GetDeploymentOptionsInput>(input),
        Operation::ListWorkspaces => try_decode::<ListWorkspacesInput>(input),
        Operation::CreateWorkspace => try_decode::<CreateWorkspaceInput>(input),
        Operation::GetWorkspace => try_decode::<GetWorkspaceInput>(input),
        Operation::UpdateWorkspace => try_decode::<UpdateWorkspaceInput>(input),
        Operation::DeleteWorkspace => try_decode::<DeleteWorkspaceInput>(input),
        Operation::ListDeployments => try_decode::<ListDeploymentsInput>(input),
        Operation::CreateDeployment => try_decode::<CreateDeploymentInput>(input),
        Operation::GetDeployment => try_decode::<GetDeploymentInput>(input),
        Operation::UpdateDeployment => try_decode::<UpdateDeploymentInput>(input),
        Operation::DeleteDeployment => try_decode::<DeleteDeploymentInput>(input),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn prepare_never_panics_on_arbitrary_json(
        op in proptest::sample::select(Operation::ALL.to_vec()),
        input in arbitrary_json(),
        with_default_org in any::<bool>(),
    ) {
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
        typed_decode_does_not_panic(op, &input);
    }

    #[test]
    fn prepare_never_panics_on_arbitrary_json_under_valid_keys(
        valid in any_valid_input(),
        path in proptest::collection::vec(any::<proptest::sample::Index>(), 1..4),
        replacement in arbitrary_json(),
    ) {
        // Replace one value somewhere inside a valid input with an arbitrary tree: the error
        // (if any) names a path, and nothing panics.
        let mut input = valid.input.clone();
        replace_at(&mut input, &path, replacement);
        match prepare(valid.op, input, &ctx()) {
            Ok(_) => {}
            Err(error) => prop_assert!(!error.issues.is_empty()),
        }
    }
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
