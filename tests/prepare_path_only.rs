//! `OperationInput::prepare` of an operation whose input is its path parameters only (get or
//! delete by id) builds the request without the intermediate JSON value; whatever it builds,
//! and every error, must be exactly what the general `operations::prepare` gives for the same
//! input. Checked for every such operation of both versions, with valid, defaulted, missing,
//! empty, dot-segment and encoded values. (tests/proptests.rs compares the two on random
//! valid inputs of every operation too.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::fmt::Debug;

use astro_platform_client::operations::{prepare, InputVisitor, OperationInput, RequestContext};
use astro_platform_client::registry::OperationSpec;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// Values a path parameter may be given: fine ones (any text is encoded into one segment)
/// and refused ones.
const VALUES: &[&str] = &[
    "clmh59gt0000308lbgswe5fvh",
    "a b/c?d#e%f",
    "\u{e9}\u{20ac}\u{1f600}",
    "..",
    ".",
    "%2e%2E",
    "%252e%252e",
    "",
    "-._~",
];

/// Prepares `input` both ways and compares.
struct BothWays<'a> {
    input: &'a Value,
    ctx: &'a RequestContext<'a>,
    checked: &'a mut usize,
}

impl InputVisitor for BothWays<'_> {
    type Output = ();
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) {
        // An input the typed model refuses (a missing required id) never reaches prepare.
        let Ok(typed) = serde_json::from_value::<I>(self.input.clone()) else {
            return;
        };
        let fast = typed.prepare(self.ctx);
        let general = prepare(I::spec(), serde_json::to_value(&typed).unwrap(), self.ctx);
        assert_eq!(fast, general, "{} with {}", I::spec().name, self.input);
        *self.checked += 1;
    }
}

fn path_only(spec: &OperationSpec) -> bool {
    spec.query.is_empty() && spec.headers.is_empty() && spec.body.is_none()
}

/// The inputs tried for one operation: each path parameter given each value in turn (the
/// others a plain id), the organization left out, and an unknown field added.
fn inputs(spec: &OperationSpec) -> Vec<Value> {
    let params: Vec<&str> = spec.path_params().collect();
    let plain = |except: Option<&str>| -> Map<String, Value> {
        params
            .iter()
            .filter(|p| Some(**p) != except)
            .map(|p| ((*p).to_owned(), json!("id0000000000000000000000")))
            .collect()
    };
    let mut out = Vec::new();
    for name in &params {
        for value in VALUES {
            let mut map = plain(Some(name));
            map.insert((*name).to_owned(), json!(value));
            out.push(Value::Object(map));
        }
        // Left out: the organization takes the default, anything else is required.
        out.push(Value::Object(plain(Some(name))));
    }
    let mut unknown = plain(None);
    unknown.insert("limit".to_owned(), json!("1"));
    out.push(Value::Object(unknown));
    out
}

fn check_version(
    operations: &[&'static OperationSpec],
    visit: impl Fn(&OperationSpec, BothWays<'_>),
) -> usize {
    let mut checked = 0;
    let mut ops = 0;
    for ctx in [
        RequestContext {
            base_url: "https://api.astronomer.io/v1/",
            default_organization_id: Some("org-default"),
        },
        RequestContext {
            base_url: "http://127.0.0.1:8080",
            default_organization_id: None,
        },
        RequestContext {
            base_url: "https://api.astronomer.io/v1",
            default_organization_id: Some(".."),
        },
    ] {
        for spec in operations.iter().filter(|s| path_only(s)) {
            ops += 1;
            for input in inputs(spec) {
                visit(
                    spec,
                    BothWays {
                        input: &input,
                        ctx: &ctx,
                        checked: &mut checked,
                    },
                );
            }
        }
    }
    assert!(ops > 0);
    checked
}

#[cfg(feature = "v1beta1")]
#[test]
fn v1beta1_path_only_operations_prepare_as_the_general_path_does() {
    use astro_platform_client::v1beta1::{visit_input, Operation, API};
    let checked = check_version(API.operations, |spec, both| {
        visit_input(Operation::from_name(spec.name).unwrap(), both)
    });
    assert!(checked > 100, "{checked}");
}

#[cfg(feature = "v1")]
#[test]
fn v1_path_only_operations_prepare_as_the_general_path_does() {
    use astro_platform_client::v1::{visit_input, Operation, API};
    let checked = check_version(API.operations, |spec, both| {
        visit_input(Operation::from_name(spec.name).unwrap(), both)
    });
    assert!(checked > 500, "{checked}");
}
