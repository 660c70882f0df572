//! The response tables: the fixtures the differential checks mutate reach every field of
//! every table, and the compact JSON form handed to js/check.js holds exactly the tables.
//! (That the tables say what the contract says is tests/contract.rs; that the typed models
//! read what they accept is tests/decoding_agreement.rs; that js/check.js accepts exactly what
//! `check_response` does is tests/wasm_common.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use astro_platform_client::decoding::{
    check_response, response_objects, response_tables_json, Checked,
};
use astro_platform_client::registry::{Api, ResponseBody};
use astro_platform_client::schema::{Object, Type};
use serde_json::Value;

#[path = "shape_support/mod.rs"]
mod shape_support;
use shape_support::{fixture, mutations};

/// The API versions compiled in.
#[allow(clippy::vec_init_then_push)]
fn apis() -> Vec<&'static Api> {
    let mut out: Vec<&'static Api> = Vec::new();
    #[cfg(feature = "v1beta1")]
    out.push(&astro_platform_client::v1beta1::API);
    #[cfg(feature = "v1")]
    out.push(&astro_platform_client::v1::API);
    out
}

#[test]
fn the_fixtures_hold_every_field_of_every_table_and_pass() {
    // Which (object, field) pairs the fixtures set to a non-null value.
    fn seen(ty: &Type, v: &Value, out: &mut BTreeSet<(&'static str, &'static str)>) {
        match (ty, v) {
            (Type::Array(a), Value::Array(items)) => {
                items.iter().for_each(|x| seen(&a.items, x, out))
            }
            (Type::Object(o), Value::Object(m)) => {
                for f in o.fields {
                    if let Some(x) = m.get(f.name).filter(|x| !x.is_null()) {
                        out.insert((o.name, f.name));
                        seen(&f.ty, x, out);
                    }
                }
            }
            _ => {}
        }
    }
    for api in apis() {
        let mut have = BTreeSet::new();
        for op in api.operations {
            if let ResponseBody::Json(ty) = op.response {
                let body = fixture(api, op).unwrap();
                assert_eq!(
                    check_response(*op, 200, Some("application/json"), &body.to_string()),
                    Ok(Checked::Json),
                    "{}: {}",
                    api.name,
                    op.name
                );
                seen(&ty, &body, &mut have);
                // Mutations both pass and fail, so the differential checks prove something.
                let outcomes: Vec<bool> = mutations(&body)
                    .iter()
                    .map(|(_, v)| check_response(*op, 200, None, &v.to_string()).is_ok())
                    .collect();
                assert!(
                    outcomes.contains(&true) && outcomes.contains(&false),
                    "{}",
                    op.name
                );
            }
        }
        let want: BTreeSet<(&str, &str)> = response_objects(api)
            .iter()
            .flat_map(|o| o.fields.iter().map(|f| (o.name, f.name)))
            .collect();
        let missing: Vec<_> = want.difference(&have).collect();
        assert!(
            missing.is_empty(),
            "{}: fields no fixture sets: {missing:?}",
            api.name
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON form handed to js/check.js.

fn parse_code(code: &str, shapes: &Value) -> String {
    if let Some(item) = code.strip_prefix('[') {
        return format!("Array({})", parse_code(item, shapes));
    }
    if let Some(item) = code.strip_prefix('{') {
        return format!("Map({})", parse_code(item, shapes));
    }
    match code {
        "s" => "String".into(),
        "i" => "Integer".into(),
        "n" => "Number".into(),
        "b" => "Boolean".into(),
        "*" => "Any".into(),
        "o" => "AnyObject".into(),
        name => {
            assert!(shapes.get(name).is_some(), "unknown shape {name}");
            format!("Object({name})")
        }
    }
}

fn describe(ty: &Type) -> String {
    match ty {
        Type::String | Type::Text(_) | Type::Enum(_) => "String".into(),
        Type::Integer(_) => "Integer".into(),
        Type::Number => "Number".into(),
        Type::Boolean => "Boolean".into(),
        Type::Any => "Any".into(),
        Type::Union(_) => "AnyObject".into(),
        Type::Array(a) => format!("Array({})", describe(&a.items)),
        Type::Map(t) => format!("Map({})", describe(t)),
        Type::Object(o) => format!("Object({})", o.name),
    }
}

#[test]
fn the_json_form_holds_exactly_the_tables() {
    for api in apis() {
        let v: Value = serde_json::from_str(&response_tables_json(api)).unwrap();
        let ops = v["ops"].as_object().unwrap();
        let shapes = &v["shapes"];
        let mut objects: Vec<&Object> = Vec::new();
        let mut json_ops = 0;
        for op in api.operations {
            match op.response {
                ResponseBody::Json(ty) => {
                    json_ops += 1;
                    let code = ops[op.name].as_str().unwrap();
                    assert_eq!(parse_code(code, shapes), describe(&ty), "{}", op.name);
                }
                _ => assert!(ops.get(op.name).is_none()),
            }
        }
        objects.extend(response_objects(api));
        assert_eq!(ops.len(), json_ops);
        assert_eq!(shapes.as_object().unwrap().len(), objects.len());
        for o in objects {
            let fields = shapes[o.name].as_array().unwrap();
            assert_eq!(fields.len(), o.fields.len(), "{}", o.name);
            for (j, f) in fields.iter().zip(o.fields) {
                assert_eq!(j[0], f.name);
                assert_eq!(j[1], u8::from(f.required) | (u8::from(f.nullable) << 1));
                assert_eq!(
                    parse_code(j[2].as_str().unwrap(), shapes),
                    describe(&f.ty),
                    "{}.{}",
                    o.name,
                    f.name
                );
            }
        }
    }
}
