//! Response fixtures and their systematic mutations, shared by the differential checks of the
//! response tables: tests/decoding_agreement.rs and tests/response_tables.rs (native) and
//! tests/wasm_common (js/check.js in Node, a Chromium page and a service worker), all against
//! `check_response`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use astro_platform_client::registry::{Api, OperationSpec, ResponseBody};
use astro_platform_client::schema::{Format, Type};
use serde_json::{json, Value};

/// A success body of `op` of `api`: the reference's sample (v1beta1) with every optional field
/// it leaves out filled in, or a body built from the tables (so the mutations reach every field).
pub fn fixture(api: &Api, op: &OperationSpec) -> Option<Value> {
    let ResponseBody::Json(ty) = op.response else {
        return None;
    };
    let mut v = match raw_fixture(api, op) {
        Some(v) => v,
        None => sample(&ty, 0),
    };
    fill(&ty, &mut v);
    Some(v)
}

/// A value of `ty` with every field set (arrays of one item, the first enum value).
pub fn sample(ty: &Type, depth: usize) -> Value {
    match ty {
        Type::String => json!("sample"),
        Type::Text(rules) if rules.format == Format::DateTime => json!("2026-01-28T10:00:00Z"),
        Type::Text(_) => json!("sample"),
        Type::Enum(e) => json!(e.values.first().copied().unwrap_or("")),
        Type::Integer(_) => json!(2),
        Type::Number => json!(2.5),
        Type::Boolean => json!(false),
        Type::Any => json!({"any": [1, "two"]}),
        Type::Map(values) => json!({ "key": sample(values, depth + 1) }),
        Type::Array(a) if depth < 8 => json!([sample(&a.items, depth + 1)]),
        Type::Array(_) => json!([]),
        Type::Object(o) => {
            let mut m = serde_json::Map::new();
            if depth < 8 {
                for f in o.fields {
                    m.insert(f.name.to_owned(), sample(&f.ty, depth + 1));
                }
            }
            Value::Object(m)
        }
        Type::Union(u) => {
            let v = u.variants.first().unwrap();
            let mut value = sample(&Type::Object(v.object), depth);
            value[u.selector] = json!(v.value);
            value
        }
    }
}

fn fill(ty: &Type, v: &mut Value) {
    match (ty, v) {
        (Type::Array(a), Value::Array(items)) => items.iter_mut().for_each(|x| fill(&a.items, x)),
        (Type::Object(o), Value::Object(m)) => {
            for f in o.fields {
                let filler = match f.ty {
                    Type::Object(_) | Type::Union(_) => Value::Null,
                    ref other => sample(other, 8),
                };
                if !m.contains_key(f.name) && !filler.is_null() {
                    m.insert(f.name.to_owned(), filler);
                }
                if let Some(x) = m.get_mut(f.name) {
                    fill(&f.ty, x);
                }
            }
        }
        _ => {}
    }
}

fn raw_fixture(api: &Api, op: &OperationSpec) -> Option<Value> {
    if api.name != "v1beta1" {
        return None;
    }
    // include_str!: the wasm suites have no file system.
    let text = match op.name {
        "listOrganizations" => include_str!("../fixtures/responses/listOrganizations.json"),
        "getOrganization" => include_str!("../fixtures/responses/getOrganization.json"),
        "updateOrganization" => include_str!("../fixtures/responses/updateOrganization.json"),
        "listClusters" => include_str!("../fixtures/responses/listClusters.json"),
        "createCluster" => include_str!("../fixtures/responses/createCluster.json"),
        "getCluster" => include_str!("../fixtures/responses/getCluster.json"),
        "updateCluster" => include_str!("../fixtures/responses/updateCluster.json"),
        "getClusterOptions" => include_str!("../fixtures/responses/getClusterOptions.json"),
        "getDeploymentOptions" => include_str!("../fixtures/responses/getDeploymentOptions.json"),
        "listWorkspaces" => include_str!("../fixtures/responses/listWorkspaces.json"),
        "createWorkspace" => include_str!("../fixtures/responses/createWorkspace.json"),
        "getWorkspace" => include_str!("../fixtures/responses/getWorkspace.json"),
        "updateWorkspace" => include_str!("../fixtures/responses/updateWorkspace.json"),
        "listDeployments" => include_str!("../fixtures/responses/listDeployments.json"),
        "createDeployment" => include_str!("../fixtures/responses/createDeployment.json"),
        "getDeployment" => include_str!("../fixtures/responses/getDeployment.json"),
        "updateDeployment" => include_str!("../fixtures/responses/updateDeployment.json"),
        _ => return None,
    };
    Some(serde_json::from_str(text).unwrap())
}

/// Values of every JSON type; a field is set to each that has another type than it had.
fn others() -> Vec<Value> {
    vec![
        Value::Null,
        json!("text"),
        json!(7),
        json!(-3),
        json!(1.5),
        json!(true),
        json!([]),
        json!(["x"]),
        json!({}),
        json!({ "k": 1 }),
    ]
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.is_f64() == b.is_f64()
        && a.as_array().map(Vec::len) == b.as_array().map(Vec::len)
}

/// Every variant of `root` with one change at one place.
pub fn mutations(root: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    // Pointers of every object and array inside the value.
    let mut containers = Vec::new();
    let mut stack = vec![(String::new(), root)];
    while let Some((ptr, v)) = stack.pop() {
        match v {
            Value::Object(m) => {
                containers.push(ptr.clone());
                for (k, x) in m {
                    stack.push((format!("{ptr}/{k}"), x));
                }
            }
            Value::Array(a) => {
                containers.push(ptr.clone());
                for (i, x) in a.iter().enumerate() {
                    stack.push((format!("{ptr}/{i}"), x));
                }
            }
            _ => {}
        }
    }
    for v in others() {
        if !same_type(&v, root) {
            out.push((format!("root = {v}"), v));
        }
    }
    for ptr in containers {
        let target = root.pointer(&ptr).unwrap();
        match target {
            Value::Object(m) => {
                for k in m.keys() {
                    let mut copy = root.clone();
                    copy.pointer_mut(&ptr)
                        .unwrap()
                        .as_object_mut()
                        .unwrap()
                        .remove(k);
                    out.push((format!("delete {ptr}/{k}"), copy));
                    for v in others() {
                        if same_type(&v, &m[k]) {
                            continue;
                        }
                        let mut copy = root.clone();
                        *copy.pointer_mut(&format!("{ptr}/{k}")).unwrap() = v.clone();
                        out.push((format!("{ptr}/{k} = {v}"), copy));
                    }
                }
                for extra in [
                    json!(null),
                    json!("x"),
                    json!([1, [2, {}]]),
                    json!({ "a": { "b": [] } }),
                ] {
                    let mut copy = root.clone();
                    copy.pointer_mut(&ptr)
                        .unwrap()
                        .as_object_mut()
                        .unwrap()
                        .insert("unknownFieldXyz".into(), extra.clone());
                    out.push((format!("{ptr}/unknownFieldXyz = {extra}"), copy));
                }
            }
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    for v in others() {
                        if same_type(&v, item) {
                            continue;
                        }
                        let mut copy = root.clone();
                        *copy.pointer_mut(&format!("{ptr}/{i}")).unwrap() = v.clone();
                        out.push((format!("{ptr}/{i} = {v}"), copy));
                    }
                }
                let mut copy = root.clone();
                copy.pointer_mut(&ptr)
                    .unwrap()
                    .as_array_mut()
                    .unwrap()
                    .clear();
                out.push((format!("{ptr} = []"), copy));
            }
            _ => {}
        }
    }
    out
}
