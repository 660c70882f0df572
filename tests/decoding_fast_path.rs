//! `decoding::read_output` (a typed serde read straight from the bytes, the table walk only for
//! a body that read refuses) gives exactly what `decode_output` (the walk, then the typed read
//! of the parsed value) gives: on every response fixture of both versions and its one-change
//! mutations, plus the bodies plain serde would let through (a struct given as an array, and in
//! unknown fields: deep nesting, surrogate escapes, out-of-range numbers). The native client
//! reads every answer with it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Debug;

use astro_platform_client::decoding::read_output;
use astro_platform_client::operations::{InputVisitor, OperationInput};
use astro_platform_client::registry::Api;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

#[path = "shape_support/mod.rs"]
mod shape_support;
use shape_support::{fixture, mutations};

const JSON: Option<&str> = Some("application/json");

/// Checks every body of `bodies` with the input type the visitor is called with.
struct Agree<'a> {
    bodies: &'a [String],
    accepted: &'a mut usize,
}

impl InputVisitor for Agree<'_> {
    type Output = ();
    fn visit<I: OperationInput + DeserializeOwned + Debug>(self) {
        for body in self.bodies {
            let fast = read_output::<I>(200, JSON, body.as_bytes());
            let walked = I::decode_output(200, JSON, body.as_bytes());
            match (&fast, &walked) {
                (Ok(_), Ok(_)) => *self.accepted += 1,
                (Err(a), Err(b)) => assert_eq!(a, b, "{}: {body}", I::spec().name),
                _ => panic!(
                    "{}: read_output {} but decode_output {} on {body}",
                    I::spec().name,
                    if fast.is_ok() { "accepts" } else { "refuses" },
                    if walked.is_ok() { "accepts" } else { "refuses" },
                ),
            }
        }
    }
}

/// The fixture of each JSON operation, every `stride`-th of its mutations, and the bodies a
/// typed read alone gets wrong in skipped fields.
fn bodies(api: &Api, name: &str, stride: usize) -> Vec<String> {
    let op = api.operation(name).unwrap();
    let Some(base) = fixture(api, op) else {
        return Vec::new();
    };
    let mut out = vec![base.to_string()];
    out.extend(
        mutations(&base)
            .into_iter()
            .step_by(stride)
            .map(|(_, v)| v.to_string()),
    );
    if let Value::Object(_) = base {
        let text = base.to_string();
        let inner = text.strip_prefix('{').unwrap();
        for extra in [
            format!("\"zz\":{}1{}", "[".repeat(200), "]".repeat(200)),
            format!("\"zz\":{}1{}", "[".repeat(127), "]".repeat(127)),
            "\"zz\":\"\\udc00\"".to_owned(),
            "\"zz\":\"\\ud83d\\ude00\"".to_owned(),
            "\"zz\":\"\\uD800x\"".to_owned(),
            "\"zz\":-0".to_owned(),
            "\"zz\":1e400".to_owned(),
            "\"zz\":[1,{\"k\":-1e999}]".to_owned(),
            "\"z\\ud800\":1".to_owned(),
            "\"zz\":1,\"zz\":2".to_owned(),
        ] {
            out.push(format!("{{{extra},{inner}"));
        }
        // A known key twice.
        let first_key = inner.split('"').nth(1).unwrap();
        out.push(format!("{{\"{first_key}\":\"dup\",{inner}"));
        // Truncated, trailing garbage, whitespace.
        out.push(text.get(..text.len() / 2).unwrap_or_default().to_owned());
        out.push(format!("{text} x"));
        out.push(format!("\n {text}\t"));
    }
    out
}

fn check_api(api: &Api, stride: usize, visit: impl Fn(&str, Agree<'_>)) -> usize {
    let mut accepted = 0;
    for op in api.operations {
        let bodies = bodies(api, op.name, stride);
        visit(
            op.name,
            Agree {
                bodies: &bodies,
                accepted: &mut accepted,
            },
        );
    }
    accepted
}

#[cfg(feature = "v1beta1")]
#[test]
fn v1beta1_reads_agree_with_the_table_walk() {
    use astro_platform_client::v1beta1::{visit_input, Operation, API};
    let accepted = check_api(&API, 1, |name, agree| {
        visit_input(Operation::from_name(name).unwrap(), agree)
    });
    assert!(accepted > 500, "{accepted} bodies accepted");
}

#[cfg(feature = "v1")]
#[test]
fn v1_reads_agree_with_the_table_walk() {
    use astro_platform_client::v1::{visit_input, Operation, API};
    // Every other mutation (the models and tables of both versions come from one generator;
    // v1beta1 takes every mutation), to keep the debug-build run short.
    let accepted = check_api(&API, 2, |name, agree| {
        visit_input(Operation::from_name(name).unwrap(), agree)
    });
    assert!(accepted > 1000, "{accepted} bodies accepted");
}

/// Where both accept, the values are the same (a few outputs compared whole).
#[cfg(feature = "v1beta1")]
#[test]
fn the_values_read_are_the_same() {
    use astro_platform_client::v1beta1::inputs::*;
    use astro_platform_client::v1beta1::API;

    fn same<I: OperationInput>(bodies: &[String]) -> usize
    where
        I::Output: PartialEq + Debug,
    {
        let mut compared = 0;
        for body in bodies {
            if let (Ok(a), Ok(b)) = (
                read_output::<I>(200, JSON, body.as_bytes()),
                I::decode_output(200, JSON, body.as_bytes()),
            ) {
                assert_eq!(a, b, "{body}");
                compared += 1;
            }
        }
        compared
    }
    let mut compared = 0;
    compared += same::<ListDeploymentsInput>(&bodies(&API, "listDeployments", 1));
    compared += same::<GetDeploymentInput>(&bodies(&API, "getDeployment", 1));
    compared += same::<ListClustersInput>(&bodies(&API, "listClusters", 1));
    compared += same::<GetClusterOptionsInput>(&bodies(&API, "getClusterOptions", 1));
    compared += same::<GetOrganizationInput>(&bodies(&API, "getOrganization", 1));
    compared += same::<ListWorkspacesInput>(&bodies(&API, "listWorkspaces", 1));
    assert!(compared > 100, "{compared}");
}

#[cfg(feature = "v1beta1")]
#[test]
fn bodies_of_other_kinds_and_statuses_go_the_usual_way() {
    use astro_platform_client::v1beta1::inputs::*;
    // A non-2xx is an API error, a delete's 204 is (), whatever the fast path would think.
    let err =
        read_output::<ListWorkspacesInput>(503, JSON, br#"{"message":"busy","requestId":"r"}"#)
            .unwrap_err();
    assert_eq!(err.status(), 503);
    read_output::<DeleteWorkspaceInput>(204, None, b"").unwrap();
    let page = json!({"workspaces": [], "totalCount": 0, "limit": 1, "offset": 0}).to_string();
    assert_eq!(
        read_output::<ListWorkspacesInput>(200, JSON, page.as_bytes())
            .unwrap()
            .total_count,
        0
    );
}
