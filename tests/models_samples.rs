//! Every response sample of the API reference (copied to tests/fixtures/responses/) decodes
//! into its type and re-encodes without losing or changing a field; the lenient parts of the
//! models (unknown enum values, unknown fields, missing optional fields) behave as promised.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use astro_platform_client::decoding::{check_response, decode_response, Checked, Response};
use astro_platform_client::models::*;
use astro_platform_client::operations::Operation;
use serde_json::{json, Value};

fn fixture(kind: &str, op: Operation) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
        .join(format!("{}.json", op.name()))
}

fn is_delete(op: Operation) -> bool {
    op.name().starts_with("delete")
}

/// Numbers compare by value (`10` and `10.0` are the same number: `Range` holds f64 since the
/// schema says `number`).
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(normalize).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

/// The path of the first difference between two JSON values, if any.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    None => return Some(format!("{path}.{k}: missing after re-encoding")),
                    Some(vb) => {
                        if let Some(d) = first_difference(&format!("{path}.{k}"), va, vb) {
                            return Some(d);
                        }
                    }
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}: added by re-encoding"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (va, vb))| first_difference(&format!("{path}[{i}]"), va, vb)),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} became {b}")),
    }
}

#[test]
fn every_response_sample_decodes_and_round_trips() {
    let mut checked = 0;
    for op in Operation::ALL {
        if is_delete(op) {
            continue;
        }
        let path = fixture("responses", op);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: missing fixture {}: {e}", op.name(), path.display()));
        let response = decode_response(op, 200, Some("application/json"), &text)
            .unwrap_or_else(|e| panic!("{} sample does not decode: {e}", op.name()));
        assert_ne!(response, Response::NoContent, "{}", op.name());
        assert_eq!(
            check_response(op, 200, Some("application/json"), &text),
            Ok(Checked::Json),
            "{}",
            op.name()
        );
        let input: Value = serde_json::from_str(&text).unwrap();
        let output = serde_json::to_value(&response).unwrap();
        if let Some(d) = first_difference("$", &normalize(&input), &normalize(&output)) {
            panic!("{}: sample does not round-trip: {d}", op.name());
        }
        // Optional fields are omitted, never written as null.
        assert!(!serde_json::to_string(&response).unwrap().contains("null"));
        checked += 1;
    }
    assert_eq!(checked, 17);
}

#[test]
fn response_variant_matches_the_operation() {
    let text = std::fs::read_to_string(fixture("responses", Operation::ListDeployments)).unwrap();
    match decode_response(Operation::ListDeployments, 200, None, &text).unwrap() {
        Response::DeploymentsPaginated(page) => {
            assert_eq!(page.total_count, 100);
            let d = &page.deployments[0];
            assert_eq!(d.status, DeploymentStatus::Healthy);
            assert_eq!(d.executor, Some(Executor::Celery));
            // The reference shows a lower-case provider on deployments: kept as is.
            // The contract types it as a plain string (the sample is lower case).
            assert_eq!(d.cloud_provider.as_deref(), Some("azure"));
            assert_eq!(
                d.external_ips.as_deref(),
                Some(&["0.0.0.0".to_string()][..])
            );
            assert_eq!(
                d.worker_queues.as_ref().unwrap()[0].astro_machine,
                Some(AstroMachine::A5)
            );
        }
        other => panic!("unexpected variant {other:?}"),
    }
    let text = std::fs::read_to_string(fixture("responses", Operation::GetClusterOptions)).unwrap();
    match decode_response(Operation::GetClusterOptions, 200, None, &text).unwrap() {
        Response::ClusterOptions(list) => {
            assert_eq!(list.len(), 1);
            assert_eq!(list[0].provider, CloudProvider::Azure);
            assert_eq!(
                list[0].default_region.banned_instances.as_deref(),
                Some(&["t3.medium".to_string()][..])
            );
        }
        other => panic!("unexpected variant {other:?}"),
    }
    let text =
        std::fs::read_to_string(fixture("responses", Operation::GetDeploymentOptions)).unwrap();
    match decode_response(Operation::GetDeploymentOptions, 200, None, &text).unwrap() {
        Response::DeploymentOptions(o) => {
            assert_eq!(o.worker_queues.max_workers.ceiling, 10.0);
            assert_eq!(o.resource_quotas.default_pod_size.cpu.floor, "1");
            // "string" is what the reference shows: an unknown executor, kept.
            assert_eq!(o.executors, vec![Executor::Other("string".into())]);
        }
        other => panic!("unexpected variant {other:?}"),
    }
}

#[test]
fn error_samples_decode_into_error_body() {
    for op in Operation::ALL.into_iter().filter(|op| is_delete(*op)) {
        let text = std::fs::read_to_string(fixture("errors", op)).unwrap();
        let body: ErrorBody = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body,
            ErrorBody {
                message: "string".into(),
                request_id: "string".into(),
                status_code: 400
            }
        );
        let input: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), input);
    }
}

fn sample(op: Operation) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("responses", op)).unwrap()).unwrap()
}

#[test]
fn unknown_enum_values_decode_and_keep_their_string() {
    for status in ["UPGRADE_PENDING", "FAILING_OVER", "", "SOMETHING_NEW"] {
        let mut v = sample(Operation::GetCluster);
        v["status"] = json!(status);
        let c: Cluster = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(c.status.as_str(), status);
        assert_eq!(serde_json::to_value(&c).unwrap()["status"], json!(status));
    }
    let c: Cluster = serde_json::from_value(sample(Operation::GetCluster)).unwrap();
    assert_eq!(c.status, ClusterStatus::Created);
    assert_eq!(
        ClusterStatus::from("UPGRADE_PENDING"),
        ClusterStatus::UpgradePending
    );
    assert_eq!(ClusterStatus::from(""), ClusterStatus::Other(String::new()));
    assert!(!ClusterStatus::from("").is_known());

    let mut v = sample(Operation::GetDeployment);
    v["status"] = json!("HIBERNATING");
    v["executor"] = json!("ASTRO");
    v["schedulerSize"] = json!("EXTRA_LARGE");
    v["workerQueues"][0]["astroMachine"] = json!("A160");
    v["type"] = json!("SERVERLESS");
    let d: Deployment = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(d.status, DeploymentStatus::Hibernating);
    assert_eq!(d.executor, Some(Executor::Astro));
    assert_eq!(d.scheduler_size, Some(SchedulerSize::ExtraLarge));
    assert_eq!(
        d.worker_queues.as_ref().unwrap()[0].astro_machine,
        Some(AstroMachine::A160)
    );
    assert_eq!(d.r#type, Some(DeploymentType::Other("SERVERLESS".into())));
    assert_eq!(normalize(&serde_json::to_value(&d).unwrap()), normalize(&v));

    // A value the client has never heard of, in every lenient position of a Deployment.
    let mut v = sample(Operation::GetDeployment);
    v["status"] = json!("MELTING");
    let d: Deployment = serde_json::from_value(v).unwrap();
    assert_eq!(d.status, DeploymentStatus::Other("MELTING".into()));
    assert_eq!(d.status.to_string(), "MELTING");
}

#[test]
fn known_lists_include_later_values() {
    for s in [
        "UPDATE_FAILED",
        "UPGRADE_PENDING",
        "ACCESS_DENIED",
        "FAILING_OVER",
        "FAILOVER_FAILED",
    ] {
        assert!(ClusterStatus::KNOWN.contains(&s), "{s}");
        assert!(ClusterStatus::from(s).is_known());
    }
    assert!(DeploymentStatus::KNOWN.contains(&"HIBERNATING"));
    assert!(Executor::KNOWN.contains(&"ASTRO"));
    assert!(SchedulerSize::KNOWN.contains(&"EXTRA_LARGE"));
    assert!(AstroMachine::KNOWN.contains(&"A120") && AstroMachine::KNOWN.contains(&"A160"));
    for s in ClusterStatus::KNOWN {
        assert_eq!(ClusterStatus::from(*s).as_str(), *s);
    }
}

#[test]
fn enum_values_must_be_strings() {
    let mut v = sample(Operation::GetCluster);
    v["status"] = json!(3);
    let err = serde_json::from_value::<Cluster>(v)
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected a string"), "{err}");
}

#[test]
fn unknown_fields_are_tolerated() {
    let mut v = sample(Operation::GetDeployment);
    v["isDevelopmentMode"] = json!(true);
    v["scalingSpec"] = json!({"hibernationSpec": {"schedules": [{"a": [1, [2, {"b": null}]]}]}});
    v["workerQueues"][0]["somethingNew"] = json!("x");
    v["createdBy"]["avatarUrl"] = json!("https://example.invalid/a.png");
    let text = v.to_string();
    let r = decode_response(
        Operation::GetDeployment,
        200,
        Some("application/json"),
        &text,
    )
    .unwrap();
    let Response::Deployment(d) = r else { panic!() };
    assert_eq!(
        d.created_by.unwrap().avatar_url.as_deref(),
        Some("https://example.invalid/a.png")
    );
}

#[test]
fn missing_optional_fields_are_fine() {
    let v = json!({
        "cloudProvider": "GCP", "createdAt": "2024-01-01T00:00:00Z", "dbInstanceType": "x",
        "id": "c1", "name": "n", "organizationId": "o", "region": "r", "status": "CREATING",
        "type": "DEDICATED", "updatedAt": "2024-01-01T00:00:00Z", "vpcSubnetRange": "10.0.0.0/16"
    });
    let text = v.to_string();
    let Response::Cluster(c) = decode_response(Operation::GetCluster, 200, None, &text).unwrap()
    else {
        panic!()
    };
    assert_eq!(c.node_pools, None);
    assert_eq!(c.tags, None);
    // Absent optionals stay absent when re-encoded.
    assert_eq!(serde_json::to_value(&c).unwrap(), v);
    // An explicit null is read as absent.
    let mut with_null = v.clone();
    with_null["tenantId"] = Value::Null;
    let c2: Cluster = serde_json::from_value(with_null).unwrap();
    assert_eq!(c2, c);

    let ws = json!({"cicdEnforcedDefault": false, "createdAt": "t", "id": "w", "name": "n",
                    "organizationId": "o", "updatedAt": "t"});
    let Response::Workspace(w) =
        decode_response(Operation::GetWorkspace, 200, None, ws.to_string()).unwrap()
    else {
        panic!()
    };
    assert_eq!(w.created_by, None);
}

#[test]
fn missing_required_field_is_a_decode_error_naming_it() {
    let mut v = sample(Operation::ListDeployments);
    v["deployments"][0]
        .as_object_mut()
        .unwrap()
        .remove("workspaceId");
    let err = decode_response(Operation::ListDeployments, 200, None, v.to_string()).unwrap_err();
    let astro_platform_client::decoding::ResponseError::Decode(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.operation, "listDeployments");
    assert_eq!(e.status, 200);
    assert!(
        e.message
            .starts_with("listDeployments: deployments[0]: missing required field \"workspaceId\""),
        "{}",
        e.message
    );

    let mut v = sample(Operation::GetOrganization);
    v["createdBy"].as_object_mut().unwrap().remove("id");
    let err = decode_response(Operation::GetOrganization, 200, None, v.to_string()).unwrap_err();
    assert!(
        err.to_string()
            .contains("getOrganization: createdBy: missing required field \"id\""),
        "{err}"
    );
}

#[test]
fn typescript_declarations() {
    use tsify::Tsify;
    assert_eq!(
        <ClusterStatus as Tsify>::DECL,
        "export type ClusterStatus = \"CREATING\" | \"CREATED\" | \"CREATE_FAILED\" | \"UPDATING\" | \
         \"UPDATE_FAILED\" | \"UPGRADE_PENDING\" | \"ACCESS_DENIED\" | \"FAILING_OVER\" | \
         \"FAILOVER_FAILED\" | (string & {});"
    );
    let d = <Deployment as Tsify>::DECL;
    assert!(d.contains("export interface Deployment {"), "{d}");
    assert!(d.contains("status: DeploymentStatus;"), "{d}");
    assert!(d.contains("executor?: Executor;"), "{d}");
    assert!(d.contains("externalIPs?: string[];"), "{d}");
    assert!(d.contains("type?: DeploymentType;"), "{d}");
    assert!(!d.contains("null"), "{d}");
    assert!(<ErrorBody as Tsify>::DECL.contains("requestId: string;"));
}
