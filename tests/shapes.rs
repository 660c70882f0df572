//! The response schema tables (`decoding::shape`) against their two authorities:
//! - spec/platform-v1beta1.yaml: every shape has exactly the spec schema's properties, the same
//!   required set and the same types; every operation's 2xx schema is the table's;
//! - the typed decode (`check_response`, the oracle): a walker over the tables, run on a parsed
//!   `serde_json::Value`, accepts exactly what `check_response` accepts, on every fixture of
//!   tests/fixtures/responses and on systematic mutations of each (every field deleted, set to
//!   `null`, set to a value of each other JSON type; every array item replaced likewise; unknown
//!   fields added to every object). A coverage check makes sure the fixtures hold every field of
//!   every shape, so no table entry escapes the mutations.
//!
//! js/check.js walks the same tables in the wasm layer; tests/wasm_common runs the same kind of
//! differential check on it against `check_response`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use astro_platform_client::decoding::shape::{self, Kind, Shape};
use astro_platform_client::decoding::{check_response, Checked};
use astro_platform_client::operations::Operation;
use serde_json::Value;

mod shape_support;
use shape_support::{fixture, mutations};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/platform-v1beta1.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_norway::from_str(&text).unwrap()
}

// ---------------------------------------------------------------------------------------------
// A walker over the tables (the same rules as js/check.js).

fn walk(kind: &Kind, v: &Value, path: &str) -> Result<(), String> {
    let ok = match kind {
        Kind::String | Kind::LenientEnum => v.is_string(),
        Kind::Integer => v.is_i64() || v.as_u64().is_some_and(|n| i64::try_from(n).is_ok()),
        Kind::Number => v.is_number(),
        Kind::Boolean => v.is_boolean(),
        Kind::Array(item) => {
            let Value::Array(items) = v else {
                return Err(format!("{path}: expected an array, got {v}"));
            };
            for (i, x) in items.iter().enumerate() {
                walk(item, x, &format!("{path}[{i}]"))?;
            }
            true
        }
        Kind::Object(shape) => {
            let Value::Object(map) = v else {
                return Err(format!("{path}: expected an object, got {v}"));
            };
            for f in shape.fields {
                match map.get(f.name) {
                    None | Some(Value::Null) if f.required => {
                        return Err(format!("{path}: missing required field {}", f.name))
                    }
                    None | Some(Value::Null) => {}
                    Some(x) => walk(&f.kind, x, &format!("{path}.{}", f.name))?,
                }
            }
            true
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{path}: expected {kind:?}, got {v}"))
    }
}

fn walk_op(op: Operation, v: &Value) -> Result<(), String> {
    walk(&shape::response_kind(op).unwrap(), v, "")
}

fn oracle(op: Operation, v: &Value) -> bool {
    let text = serde_json::to_string(v).unwrap();
    match check_response(op, 200, Some("application/json"), &text) {
        Ok(Checked::Json) => true,
        Ok(Checked::NoContent) => panic!("{}: NoContent for a body", op.name()),
        Err(_) => false,
    }
}

#[test]
fn the_table_walker_accepts_exactly_what_the_typed_decode_accepts() {
    let mut checked = 0usize;
    let mut rejected = 0usize;
    for op in Operation::ALL {
        if shape::response_kind(op).is_none() {
            continue;
        }
        let root = fixture(op).unwrap_or_else(|| panic!("no fixture for {}", op.name()));
        assert!(oracle(op, &root), "{}: fixture rejected", op.name());
        walk_op(op, &root).unwrap_or_else(|e| panic!("{}: fixture rejected by the walker: {e}", op.name()));
        for (what, v) in mutations(&root) {
            let typed = oracle(op, &v);
            let tables = walk_op(op, &v);
            assert_eq!(
                typed,
                tables.is_ok(),
                "{}: {what}: typed decode {}, tables {:?}",
                op.name(),
                if typed { "accepts" } else { "rejects" },
                tables
            );
            checked += 1;
            rejected += usize::from(!typed);
        }
    }
    // Both outcomes must be well represented, or the comparison proves little.
    assert!(checked > 5_000 && rejected > 1_000 && checked - rejected > 1_000, "{checked} {rejected}");
}

#[test]
fn the_fixtures_hold_every_field_of_every_shape() {
    // Which (shape, field) pairs the fixtures set to a non-null value.
    fn seen(kind: &Kind, v: &Value, out: &mut BTreeSet<(&'static str, &'static str)>) {
        match (kind, v) {
            (Kind::Array(item), Value::Array(a)) => a.iter().for_each(|x| seen(item, x, out)),
            (Kind::Object(s), Value::Object(m)) => {
                for f in s.fields {
                    if let Some(x) = m.get(f.name).filter(|x| !x.is_null()) {
                        out.insert((s.name, f.name));
                        seen(&f.kind, x, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut have = BTreeSet::new();
    let mut want = BTreeSet::new();
    for op in Operation::ALL {
        if let Some(kind) = shape::response_kind(op) {
            seen(&kind, &fixture(op).unwrap(), &mut have);
            for s in shape::shapes_of(op) {
                want.extend(s.fields.iter().map(|f| (s.name, f.name)));
            }
        }
    }
    let missing: Vec<_> = want.difference(&have).collect();
    assert!(missing.is_empty(), "fields no fixture sets: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// The spec.

fn spec_kind(spec: &Value, s: &Value, at: &str, problems: &mut Vec<String>, kind: &Kind) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        match kind {
            Kind::Object(shape) if shape.name == name => compare_shape(spec, shape, problems),
            _ => problems.push(format!("{at}: spec ${name}, table {kind:?}")),
        }
        return;
    }
    let t = s.get("type").and_then(Value::as_str);
    match (t, kind) {
        (Some("string"), Kind::String) if s.get("enum").is_none() => {}
        (Some("string"), Kind::LenientEnum) if s.get("enum").is_some() => {}
        (Some("integer"), Kind::Integer)
        | (Some("number"), Kind::Number)
        | (Some("boolean"), Kind::Boolean) => {}
        (Some("array"), Kind::Array(item)) => {
            spec_kind(spec, &s["items"], &format!("{at}[]"), problems, item)
        }
        _ => problems.push(format!("{at}: spec {s}, table {kind:?}")),
    }
}

fn compare_shape(spec: &Value, shape: &Shape, problems: &mut Vec<String>) {
    let s = &spec["components"]["schemas"][shape.name];
    let props = s["properties"].as_object().cloned().unwrap_or_default();
    let required: BTreeSet<&str> = s["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let table: BTreeMap<&str, _> = shape.fields.iter().map(|f| (f.name, f)).collect();
    let spec_names: BTreeSet<&str> = props.keys().map(String::as_str).collect();
    let table_names: BTreeSet<&str> = table.keys().copied().collect();
    if spec_names != table_names || table.len() != shape.fields.len() {
        problems.push(format!(
            "{}: spec properties {spec_names:?}, table fields {:?}",
            shape.name,
            shape.fields.iter().map(|f| f.name).collect::<Vec<_>>()
        ));
    }
    for (name, f) in &table {
        if f.required != required.contains(name) {
            problems.push(format!("{}.{name}: required differs from the spec", shape.name));
        }
        if let Some(p) = props.get(*name) {
            spec_kind(spec, p, &format!("{}.{name}", shape.name), problems, &f.kind);
        }
    }
}

#[test]
fn the_tables_match_the_spec() {
    let spec = spec();
    let mut problems = Vec::new();
    let mut ops_seen = 0;
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, o) in item.as_object().unwrap() {
            let Some(id) = o.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let op = Operation::from_name(id).unwrap();
            ops_seen += 1;
            let success: Vec<&Value> = o["responses"]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| k.starts_with('2'))
                .map(|(_, r)| r)
                .collect();
            assert_eq!(success.len(), 1, "{id}");
            let schema = success[0].pointer("/content/application~1json/schema");
            match (schema, shape::response_kind(op)) {
                (None, None) => {}
                (Some(s), Some(kind)) => spec_kind(&spec, s, id, &mut problems, &kind),
                (s, k) => problems.push(format!("{id}: spec schema {s:?}, table {k:?}")),
            }
        }
    }
    assert_eq!(ops_seen, Operation::ALL.len());
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// The JSON form handed to js/check.js.

fn parse_code(code: &str, shapes: &Value) -> String {
    if let Some(item) = code.strip_prefix('[') {
        return format!("Array({})", parse_code(item, shapes));
    }
    match code {
        "s" => "String".into(),
        "e" => "LenientEnum".into(),
        "i" => "Integer".into(),
        "n" => "Number".into(),
        "b" => "Boolean".into(),
        name => {
            assert!(shapes.get(name).is_some(), "unknown shape {name}");
            format!("Object({name})")
        }
    }
}

fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Array(item) => format!("Array({})", describe(item)),
        Kind::Object(s) => format!("Object({})", s.name),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_json_form_holds_exactly_the_tables() {
    let v: Value = serde_json::from_str(&shape::response_shapes_json()).unwrap();
    let ops = v["ops"].as_object().unwrap();
    let shapes = &v["shapes"];
    let mut all_shapes = BTreeMap::new();
    for op in Operation::ALL {
        match shape::response_kind(op) {
            None => assert!(ops.get(op.name()).is_none()),
            Some(kind) => {
                let code = ops[op.name()].as_str().unwrap();
                assert_eq!(parse_code(code, shapes), describe(&kind), "{}", op.name());
                for s in shape::shapes_of(op) {
                    all_shapes.insert(s.name, s);
                }
            }
        }
    }
    assert_eq!(ops.len(), 17);
    assert_eq!(shapes.as_object().unwrap().len(), all_shapes.len());
    for (name, s) in all_shapes {
        let fields = shapes[name].as_array().unwrap();
        assert_eq!(fields.len(), s.fields.len(), "{name}");
        for (j, f) in fields.iter().zip(s.fields) {
            assert_eq!(j[0], f.name);
            assert_eq!(j[1], u8::from(f.required));
            assert_eq!(parse_code(j[2].as_str().unwrap(), shapes), describe(&f.kind), "{name}.{}", f.name);
        }
    }
}
