//! Response fixtures and their systematic mutations, shared by the differential checks of the
//! schema tables: tests/shapes.rs (native, a Rust walker over the tables) and tests/wasm_common
//! (js/check.js in Node, a Chromium page and a service worker), both against `check_response`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use astro_platform_client::decoding::shape::{self, Kind};
use astro_platform_client::operations::Operation;
use serde_json::{json, Value};

/// The operation's fixture, with every optional scalar or array field that the fixture leaves
/// out filled in (so the mutations reach every field of the tables).
pub fn fixture(op: Operation) -> Option<Value> {
    let mut v = raw_fixture(op)?;
    fill(&shape::response_kind(op)?, &mut v);
    Some(v)
}

fn fill(kind: &Kind, v: &mut Value) {
    match (kind, v) {
        (Kind::Array(item), Value::Array(a)) => a.iter_mut().for_each(|x| fill(item, x)),
        (Kind::Object(s), Value::Object(m)) => {
            for f in s.fields {
                let sample = match f.kind {
                    Kind::String | Kind::LenientEnum => json!("sample"),
                    Kind::Integer => json!(2),
                    Kind::Number => json!(2.5),
                    Kind::Boolean => json!(false),
                    Kind::Array(_) => json!([]),
                    Kind::Object(_) => Value::Null,
                };
                if !m.contains_key(f.name) && !sample.is_null() {
                    m.insert(f.name.to_owned(), sample);
                }
                if let Some(x) = m.get_mut(f.name) {
                    fill(&f.kind, x);
                }
            }
        }
        _ => {}
    }
}

fn raw_fixture(op: Operation) -> Option<Value> {
    // include_str!: the wasm suites have no file system.
    let text = match op.name() {
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
                    copy.pointer_mut(&ptr).unwrap().as_object_mut().unwrap().remove(k);
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
                for extra in [json!(null), json!("x"), json!([1, [2, {}]]), json!({ "a": { "b": [] } })] {
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
                copy.pointer_mut(&ptr).unwrap().as_array_mut().unwrap().clear();
                out.push((format!("{ptr} = []"), copy));
            }
            _ => {}
        }
    }
    out
}

