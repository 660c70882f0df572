//! Validation: every invalid input reports every issue with its field path and rule, and
//! nothing is prepared. Each case asserts the exact list of (path, rule) pairs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use astro_platform_client::operations::{prepare, Operation, RequestContext};
use astro_platform_client::validation::{Issue, Rule, ValidationError};
use serde_json::{json, Value};

use Operation as O;
use Rule as R;

const CTX: RequestContext<'static> = RequestContext {
    base_url: "https://api.astronomer.io/platform/v1beta1",
    default_organization_id: Some("org1"),
};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/requests/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `base` with the value at JSON pointer `ptr` replaced (`Some`) or removed (`None`).
fn patch(mut base: Value, ptr: &str, val: Option<Value>) -> Value {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let target = base
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match (target, val) {
        (Value::Object(m), Some(v)) => {
            m.insert(key.to_owned(), v);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(v)) => a[key.parse::<usize>().unwrap()] = v,
        (Value::Array(a), None) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("bad pointer {ptr}"),
    }
    base
}

fn err(op: Operation, input: Value) -> ValidationError {
    match prepare(op, input.clone(), &CTX) {
        Ok(req) => panic!("{}: expected an error for {input}, got {req:?}", op.name()),
        Err(e) => e,
    }
}

/// Asserts the exact issues (path, rule) in order, and that every message is non-empty.
#[track_caller]
fn expect(op: Operation, input: Value, expected: &[(&str, Rule)]) -> Vec<Issue> {
    let e = err(op, input);
    assert_eq!(e.operation, Some(op.name()));
    let got: Vec<(&str, Rule)> = e.issues.iter().map(|i| (i.path.as_str(), i.rule)).collect();
    assert_eq!(got, expected, "issues: {:#?}", e.issues);
    assert!(e.issues.iter().all(|i| !i.message.is_empty()));
    e.issues
}

fn ok(op: Operation, input: Value) {
    if let Err(e) = prepare(op, input, &CTX) {
        panic!("{}: {e}", op.name());
    }
}

fn hybrid_create() -> Value {
    json!({
        "type": "HYBRID", "astroRuntimeVersion": "9.1.0", "clusterId": "c1", "executor": "KUBERNETES",
        "isCicdEnforced": false, "isDagDeployEnabled": true, "name": "H", "workspaceId": "w1",
        "scheduler": {"au": 5, "replicas": 1},
        "workerQueues": [{"isDefault": true, "maxWorkerCount": 2, "minWorkerCount": 0, "name": "default",
                          "nodePoolId": "np1", "workerConcurrency": 16}]
    })
}

fn gcp_cluster() -> Value {
    json!({
        "cloudProvider": "GCP", "name": "g", "region": "us-central1", "type": "DEDICATED",
        "vpcSubnetRange": "172.20.0.0/22", "podSubnetRange": "172.21.0.0/19",
        "servicePeeringRange": "172.23.0.0/20", "serviceSubnetRange": "172.22.0.0/22"
    })
}

fn x(n: usize) -> Value {
    json!("x".repeat(n))
}

// ---------------------------------------------------------------------------------------
// Organizations

#[test]
fn organizations() {
    // 1. All missing required body fields reported together.
    expect(
        O::UpdateOrganization,
        json!({}),
        &[
            ("billingEmail", R::Required),
            ("isScimEnabled", R::Required),
            ("name", R::Required),
        ],
    );
    let base = fixture("updateOrganization");
    // 2. maxLength 50 counts characters.
    expect(
        O::UpdateOrganization,
        patch(base.clone(), "/name", Some(x(51))),
        &[("name", R::MaxLength)],
    );
    ok(
        O::UpdateOrganization,
        patch(base.clone(), "/name", Some(json!("é".repeat(50)))),
    );
    expect(
        O::UpdateOrganization,
        patch(base.clone(), "/name", Some(json!("é".repeat(51)))),
        &[("name", R::MaxLength)],
    );
    // 3. Wrong JSON type, message names the expected type.
    let issues = expect(
        O::UpdateOrganization,
        patch(base.clone(), "/isScimEnabled", Some(json!("false"))),
        &[("isScimEnabled", R::Type)],
    );
    assert_eq!(issues[0].message, "expected boolean, got string");
    // 4. A typo is an unknown field (and the real field is then missing).
    let typo = patch(
        patch(base.clone(), "/name", None),
        "/nmae",
        Some(json!("Org")),
    );
    expect(
        O::UpdateOrganization,
        typo,
        &[("nmae", R::UnknownField), ("name", R::Required)],
    );
    // 5-11. Query parameters of listOrganizations / getOrganization.
    let issues = expect(
        O::ListOrganizations,
        json!({"supportPlan": "GOLD"}),
        &[("supportPlan", R::Enum)],
    );
    assert!(
        issues[0]
            .message
            .contains("TRIAL, BASIC, STANDARD, PREMIUM, BUSINESS_CRITICAL"),
        "{}",
        issues[0].message
    );
    expect(
        O::ListOrganizations,
        json!({"product": "CLOUD"}),
        &[("product", R::Enum)],
    );
    expect(
        O::ListOrganizations,
        json!({"limit": 1001}),
        &[("limit", R::Maximum)],
    );
    expect(
        O::ListOrganizations,
        json!({"offset": -1}),
        &[("offset", R::Minimum)],
    );
    expect(
        O::ListOrganizations,
        json!({"limit": 1.5}),
        &[("limit", R::Type)],
    );
    expect(
        O::ListOrganizations,
        json!({"limit": "10"}),
        &[("limit", R::Type)],
    );
    expect(
        O::ListOrganizations,
        json!({"sorts": ["name"]}),
        &[("sorts[0]", R::Enum)],
    );
    expect(
        O::ListOrganizations,
        json!({"sorts": "name:asc"}),
        &[("sorts", R::Type)],
    );
    expect(
        O::GetOrganization,
        json!({"isLookUpOnly": "yes"}),
        &[("isLookUpOnly", R::Type)],
    );
    expect(
        O::GetOrganization,
        json!({"lookUpOnly": true}),
        &[("lookUpOnly", R::UnknownField)],
    );
    // 12. Numbers beyond the 64-bit range never panic.
    expect(
        O::ListOrganizations,
        json!({"limit": 1e30}),
        &[("limit", R::Maximum)],
    );
    expect(
        O::ListOrganizations,
        json!({"offset": 18446744073709551615u64}),
        &[("offset", R::Maximum)],
    );
    expect(
        O::ListOrganizations,
        json!({"offset": -1e300}),
        &[("offset", R::Minimum)],
    );
    let big: Value = serde_json::from_str(r#"{"offset": 99999999999999999999999}"#).unwrap();
    expect(O::ListOrganizations, big, &[("offset", R::Maximum)]);
}

// ---------------------------------------------------------------------------------------
// Clusters

#[test]
fn clusters() {
    let azure = fixture("createCluster");
    // 13-15. The selector.
    let issues = expect(
        O::CreateCluster,
        patch(azure.clone(), "/cloudProvider", None),
        &[("cloudProvider", R::Variant)],
    );
    assert!(
        issues[0].message.contains("AWS, AZURE, GCP"),
        "{}",
        issues[0].message
    );
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/cloudProvider", Some(json!("IBM"))),
        &[("cloudProvider", R::Enum)],
    );
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/cloudProvider", Some(json!(3))),
        &[("cloudProvider", R::Type)],
    );
    // Without a known variant, a field no variant has is still reported.
    expect(
        O::CreateCluster,
        patch(
            patch(azure.clone(), "/cloudProvider", None),
            "/colour",
            Some(json!("red")),
        ),
        &[("cloudProvider", R::Variant), ("colour", R::UnknownField)],
    );
    // 16. GCP requires its three ranges.
    ok(O::CreateCluster, gcp_cluster());
    let mut gcp = gcp_cluster();
    for f in [
        "podSubnetRange",
        "servicePeeringRange",
        "serviceSubnetRange",
    ] {
        gcp = patch(gcp, &format!("/{f}"), None);
    }
    expect(
        O::CreateCluster,
        gcp,
        &[
            ("podSubnetRange", R::Required),
            ("servicePeeringRange", R::Required),
            ("serviceSubnetRange", R::Required),
        ],
    );
    // 17. A field of another variant.
    let aws = patch(azure.clone(), "/cloudProvider", Some(json!("AWS")));
    ok(O::CreateCluster, aws.clone());
    let issues = expect(
        O::CreateCluster,
        patch(aws.clone(), "/tenantId", Some(json!("t"))),
        &[("tenantId", R::UnknownField)],
    );
    assert!(issues[0].message.contains("AZURE"), "{}", issues[0].message);
    expect(
        O::CreateCluster,
        patch(aws.clone(), "/podSubnetRange", Some(json!("10.0.0.0/8"))),
        &[("podSubnetRange", R::UnknownField)],
    );
    // 18-22.
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/type", Some(json!("SHARED"))),
        &[("type", R::Enum)],
    );
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/workspaceIds", Some(json!(["a", "b", "a"]))),
        &[("workspaceIds[2]", R::UniqueItems)],
    );
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/k8sTags/0", Some(json!("key1=value1"))),
        &[("k8sTags[0]", R::Type)],
    );
    expect(
        O::CreateCluster,
        patch(azure.clone(), "/nodePools/0", Some(json!({"name": "p"}))),
        &[
            ("nodePools[0].maxNodeCount", R::Required),
            ("nodePools[0].nodeInstanceType", R::Required),
        ],
    );
    expect(
        O::CreateCluster,
        patch(
            azure.clone(),
            "/nodePools/0/maxNodeCount",
            Some(json!("10")),
        ),
        &[("nodePools[0].maxNodeCount", R::Type)],
    );
    // 23-26. updateCluster.
    let upd = patch(fixture("updateCluster"), "/clusterId", Some(json!("c1")));
    ok(O::UpdateCluster, upd.clone());
    expect(
        O::UpdateCluster,
        patch(upd.clone(), "/k8sTags", None),
        &[("k8sTags", R::Required)],
    );
    expect(
        O::UpdateCluster,
        patch(upd.clone(), "/clusterId", None),
        &[("clusterId", R::Required)],
    );
    expect(
        O::UpdateCluster,
        patch(upd.clone(), "/nodePools/0/extra", Some(json!(1))),
        &[("nodePools[0].extra", R::UnknownField)],
    );
    expect(
        O::UpdateCluster,
        patch(upd.clone(), "/workspaceIds", Some(json!(["w", "w"]))),
        &[("workspaceIds[1]", R::UniqueItems)],
    );
    expect(
        O::GetCluster,
        json!({"clusterId": 42}),
        &[("clusterId", R::Type)],
    );
    // 27. No organizationId and no default.
    let no_default = RequestContext {
        base_url: "https://x.test",
        default_organization_id: None,
    };
    let e = prepare(O::DeleteCluster, json!({"clusterId": "c"}), &no_default).unwrap_err();
    assert_eq!(
        e.issues,
        vec![Issue::new(
            "organizationId",
            R::Required,
            e.issues[0].message.clone()
        )]
    );
    // A delete takes no body: anything else is unknown.
    expect(
        O::DeleteCluster,
        json!({"clusterId": "c", "force": true}),
        &[("force", R::UnknownField)],
    );
}

// ---------------------------------------------------------------------------------------
// Options

#[test]
fn options() {
    expect(O::GetClusterOptions, json!({}), &[("type", R::Required)]);
    expect(
        O::GetClusterOptions,
        json!({"type": "HYBRID", "provider": "aws"}),
        &[("provider", R::Enum)],
    );
    expect(
        O::GetDeploymentOptions,
        json!({"deploymentType": "SERVERLESS"}),
        &[("deploymentType", R::Enum)],
    );
    expect(
        O::GetDeploymentOptions,
        json!({"cloudProvider": true}),
        &[("cloudProvider", R::Type)],
    );
    expect(
        O::GetDeploymentOptions,
        json!({"deploymentId": ["d1"]}),
        &[("deploymentId", R::Type)],
    );
}

// ---------------------------------------------------------------------------------------
// Workspaces

#[test]
fn workspaces() {
    // No invented bounds: an empty name is the server's call (the reference gives none).
    ok(O::CreateWorkspace, json!({"name": ""}));
    expect(
        O::CreateWorkspace,
        json!({"name": x(51)}),
        &[("name", R::MaxLength)],
    );
    expect(
        O::CreateWorkspace,
        json!({"name": "W", "cicdEnforcedDefault": 1}),
        &[("cicdEnforcedDefault", R::Type)],
    );
    expect(
        O::UpdateWorkspace,
        json!({"workspaceId": "w", "name": "W"}),
        &[
            ("cicdEnforcedDefault", R::Required),
            ("description", R::Required),
        ],
    );
    expect(
        O::ListWorkspaces,
        json!({"workspaceIds": [1]}),
        &[("workspaceIds[0]", R::Type)],
    );
    // Prototype-polluting keys are just unknown fields.
    expect(
        O::CreateWorkspace,
        json!({"name": "W", "__proto__": {"admin": true}, "constructor": "x"}),
        &[
            ("__proto__", R::UnknownField),
            ("constructor", R::UnknownField),
        ],
    );
    expect(
        O::GetWorkspace,
        json!({"workspaceId": null}),
        &[("workspaceId", R::Required)],
    );
    // The input itself must be an object.
    expect(O::CreateWorkspace, json!(["W"]), &[("", R::Type)]);
    expect(O::ListWorkspaces, json!("w1"), &[("", R::Type)]);
}

// ---------------------------------------------------------------------------------------
// Deployments

#[test]
fn deployment_selector_and_variants() {
    let dedicated = fixture("createDeployment");
    ok(O::CreateDeployment, dedicated.clone());
    ok(O::CreateDeployment, hybrid_create());
    let issues = expect(
        O::CreateDeployment,
        patch(dedicated.clone(), "/type", None),
        &[("type", R::Variant)],
    );
    assert!(
        issues[0].message.contains("DEDICATED, HYBRID, STANDARD"),
        "{}",
        issues[0].message
    );
    expect(
        O::CreateDeployment,
        patch(dedicated.clone(), "/type", Some(json!("SERVERLESS"))),
        &[("type", R::Enum)],
    );
    // A HYBRID-only field on a DEDICATED deployment.
    let issues = expect(
        O::CreateDeployment,
        patch(
            dedicated.clone(),
            "/scheduler",
            Some(json!({"au": 5, "replicas": 1})),
        ),
        &[("scheduler", R::UnknownField)],
    );
    assert!(
        issues[0].message.contains("DEDICATED") && issues[0].message.contains("HYBRID"),
        "{}",
        issues[0].message
    );
    // HYBRID: scheduler required, DEDICATED-only fields unknown.
    expect(
        O::CreateDeployment,
        patch(hybrid_create(), "/scheduler", None),
        &[("scheduler", R::Required)],
    );
    expect(
        O::CreateDeployment,
        patch(hybrid_create(), "/schedulerSize", Some(json!("SMALL"))),
        &[("schedulerSize", R::UnknownField)],
    );
    // Switching DEDICATED -> HYBRID reports every field that no longer fits, and what is missing.
    expect(
        O::CreateDeployment,
        patch(dedicated.clone(), "/type", Some(json!("HYBRID"))),
        &[
            ("defaultTaskPodCpu", R::UnknownField),
            ("defaultTaskPodMemory", R::UnknownField),
            ("isHighAvailability", R::UnknownField),
            ("resourceQuotaCpu", R::UnknownField),
            ("resourceQuotaMemory", R::UnknownField),
            ("schedulerSize", R::UnknownField),
            ("scheduler", R::Required),
            ("workerQueues[0].astroMachine", R::UnknownField),
            ("workerQueues[0].nodePoolId", R::Required),
        ],
    );
    // STANDARD: clusterId optional, cloudProvider checked.
    let standard = patch(
        patch(dedicated.clone(), "/type", Some(json!("STANDARD"))),
        "/clusterId",
        None,
    );
    ok(
        O::CreateDeployment,
        patch(standard.clone(), "/region", Some(json!("us-east-1"))),
    );
    expect(
        O::CreateDeployment,
        patch(standard, "/cloudProvider", Some(json!("IBM"))),
        &[("cloudProvider", R::Enum)],
    );
    expect(
        O::CreateDeployment,
        patch(dedicated.clone(), "/clusterId", None),
        &[("clusterId", R::Required)],
    );
}

#[test]
fn hybrid_scheduler_bounds() {
    let h = hybrid_create();
    ok(
        O::CreateDeployment,
        patch(
            h.clone(),
            "/scheduler",
            Some(json!({"au": 24, "replicas": 4})),
        ),
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler/au", Some(json!(4))),
        &[("scheduler.au", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler/au", Some(json!(25))),
        &[("scheduler.au", R::Maximum)],
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler/replicas", Some(json!(0))),
        &[("scheduler.replicas", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler/replicas", Some(json!(5))),
        &[("scheduler.replicas", R::Maximum)],
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler", Some(json!({}))),
        &[
            ("scheduler.au", R::Required),
            ("scheduler.replicas", R::Required),
        ],
    );
    expect(
        O::CreateDeployment,
        patch(h.clone(), "/scheduler", Some(json!("SMALL"))),
        &[("scheduler", R::Type)],
    );
    // HYBRID worker queues need nodePoolId and have no astroMachine.
    expect(
        O::CreateDeployment,
        patch(
            patch(h.clone(), "/workerQueues/0/nodePoolId", None),
            "/workerQueues/0/astroMachine",
            Some(json!("A5")),
        ),
        &[
            ("workerQueues[0].astroMachine", R::UnknownField),
            ("workerQueues[0].nodePoolId", R::Required),
        ],
    );
}

#[test]
fn worker_queues() {
    let d = fixture("createDeployment");
    let q = d["workerQueues"][0].clone();
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues", Some(json!([]))),
        &[("workerQueues", R::MinItems)],
    );
    let two = patch(
        d.clone(),
        "/workerQueues",
        Some(json!([q.clone(), patch(q.clone(), "/name", None)])),
    );
    expect(
        O::CreateDeployment,
        two,
        &[("workerQueues[1].name", R::Required)],
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues/0/name", Some(x(64))),
        &[("workerQueues[0].name", R::MaxLength)],
    );
    ok(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues/0/name", Some(x(63))),
    );
    let issues = expect(
        O::CreateDeployment,
        patch(
            d.clone(),
            "/workerQueues/0/astroMachine",
            Some(json!("A120")),
        ),
        &[("workerQueues[0].astroMachine", R::Enum)],
    );
    assert!(
        issues[0].message.contains("A5, A10, A20, A40, A60"),
        "{}",
        issues[0].message
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues/0/minWorkerCount", Some(json!(-1))),
        &[("workerQueues[0].minWorkerCount", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues/0/maxWorkerCount", Some(json!(0))),
        &[("workerQueues[0].maxWorkerCount", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(
            d.clone(),
            "/workerQueues/0/workerConcurrency",
            Some(json!(0)),
        ),
        &[("workerQueues[0].workerConcurrency", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues/0/isDefault", Some(json!("true"))),
        &[("workerQueues[0].isDefault", R::Type)],
    );
    // minWorkerCount <= maxWorkerCount.
    let inverted = patch(
        patch(d.clone(), "/workerQueues/0/minWorkerCount", Some(json!(5))),
        "/workerQueues/0/maxWorkerCount",
        Some(json!(2)),
    );
    expect(
        O::CreateDeployment,
        inverted,
        &[("workerQueues[0].maxWorkerCount", R::Minimum)],
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/workerQueues", Some(json!({"name": "q"}))),
        &[("workerQueues", R::Type)],
    );
}

#[test]
fn deployment_fields() {
    let d = fixture("createDeployment");
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/description", Some(x(1001))),
        &[("description", R::MaxLength)],
    );
    ok(
        O::CreateDeployment,
        patch(d.clone(), "/description", Some(x(1000))),
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/name", Some(x(501))),
        &[("name", R::MaxLength)],
    );
    let issues = expect(
        O::CreateDeployment,
        patch(d.clone(), "/executor", Some(json!("LOCAL"))),
        &[("executor", R::Enum)],
    );
    assert!(
        issues[0].message.contains("CELERY, KUBERNETES"),
        "{}",
        issues[0].message
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/schedulerSize", Some(json!("EXTRA_LARGE"))),
        &[("schedulerSize", R::Enum)],
    );
    expect(
        O::CreateDeployment,
        patch(d.clone(), "/isHighAvailability", Some(json!(null))),
        &[("isHighAvailability", R::Required)],
    );
    // updateDeployment.
    let u = patch(
        fixture("updateDeployment"),
        "/deploymentId",
        Some(json!("d1")),
    );
    ok(O::UpdateDeployment, u.clone());
    expect(
        O::UpdateDeployment,
        patch(u.clone(), "/deploymentId", None),
        &[("deploymentId", R::Required)],
    );
    expect(
        O::UpdateDeployment,
        patch(u.clone(), "/environmentVariables", None),
        &[("environmentVariables", R::Required)],
    );
    expect(
        O::UpdateDeployment,
        patch(u.clone(), "/environmentVariables/0/isSecret", None),
        &[("environmentVariables[0].isSecret", R::Required)],
    );
    expect(
        O::UpdateDeployment,
        patch(u.clone(), "/contactEmails/0", Some(json!(7))),
        &[("contactEmails[0]", R::Type)],
    );
    // STANDARD update has the DEDICATED fields, not the HYBRID ones.
    let std_u = patch(u.clone(), "/type", Some(json!("STANDARD")));
    ok(O::UpdateDeployment, std_u.clone());
    expect(
        O::UpdateDeployment,
        patch(std_u, "/taskPodNodePoolId", Some(json!("np"))),
        &[("taskPodNodePoolId", R::UnknownField)],
    );
}

/// Many problems in one input are all reported, in field order, path params first.
#[test]
fn every_issue_is_reported_at_once() {
    let mut d = fixture("createDeployment");
    d = patch(d, "/organizationId", Some(json!("..")));
    d = patch(d, "/name", None);
    d = patch(d, "/nmae", Some(json!("typo")));
    d = patch(d, "/executor", Some(json!("LOCAL")));
    d = patch(d, "/workerQueues/0/minWorkerCount", Some(json!(1.5)));
    d = patch(d, "/workerQueues/0/astroMachine", Some(json!("A1")));
    let e = err(O::CreateDeployment, d);
    let got: Vec<(&str, Rule)> = e.issues.iter().map(|i| (i.path.as_str(), i.rule)).collect();
    assert_eq!(
        got,
        vec![
            ("organizationId", R::PathSegment),
            ("nmae", R::UnknownField),
            ("name", R::Required),
            ("executor", R::Enum),
            ("workerQueues[0].astroMachine", R::Enum),
            ("workerQueues[0].minWorkerCount", R::Type),
        ]
    );
    let text = e.to_string();
    assert!(
        text.starts_with("invalid input for createDeployment (6 issues)"),
        "{text}"
    );
    assert!(
        text.contains("\n  - workerQueues[0].minWorkerCount: expected integer, got 1.5 [type]"),
        "{text}"
    );
    // Issues serialize with camelCase rule names.
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["operation"], "createDeployment");
    assert_eq!(
        v["issues"][1],
        json!({"path": "nmae", "rule": "unknownField", "message": e.issues[1].message})
    );
    let rules: Vec<&str> = [
        R::Required,
        R::Type,
        R::Enum,
        R::MaxLength,
        R::MinLength,
        R::Minimum,
        R::Maximum,
        R::UniqueItems,
        R::MinItems,
        R::UnknownField,
        R::PathSegment,
        R::Variant,
    ]
    .iter()
    .map(|r| r.as_str())
    .collect();
    assert_eq!(
        rules,
        [
            "required",
            "type",
            "enum",
            "maxLength",
            "minLength",
            "minimum",
            "maximum",
            "uniqueItems",
            "minItems",
            "unknownField",
            "pathSegment",
            "variant"
        ]
    );
    for r in [R::MaxLength, R::UnknownField, R::PathSegment] {
        assert_eq!(serde_json::to_value(r).unwrap(), json!(r.as_str()));
    }
}

/// Uniqueness over a long id list reports exactly the duplicate, by index.
#[test]
fn unique_items_in_a_long_list() {
    let mut ids: Vec<Value> = (0..20_000).map(|i| json!(format!("ws{i}"))).collect();
    let mut body = patch(
        fixture("createCluster"),
        "/workspaceIds",
        Some(Value::Array(ids.clone())),
    );
    ok(O::CreateCluster, body.clone());
    ids.push(json!("ws17"));
    body = patch(body, "/workspaceIds", Some(Value::Array(ids)));
    let issues = expect(
        O::CreateCluster,
        body,
        &[("workspaceIds[20000]", R::UniqueItems)],
    );
    assert!(
        issues[0].message.contains("duplicates item 17"),
        "{}",
        issues[0].message
    );
}

#[test]
fn single_issue_constructor() {
    let e = ValidationError::single(
        Some("getCluster"),
        "baseUrl",
        R::InsecureTransport,
        "token over plain http",
    );
    assert_eq!(e.to_string(), "invalid input for getCluster (1 issue)\n  - baseUrl: token over plain http [insecureTransport]");
    assert_eq!(
        serde_json::to_value(R::InsecureTransport).unwrap(),
        json!("insecureTransport")
    );
}

// ---------------------------------------------------------------------------------------
// Rules the v1beta1 contract does not use on any request string (they exist in v1 and in
// contracts to come): shown to work on their own. (That the tables match the contract is
// tests/contract.rs.)

mod rules_beyond_v1beta1 {
    use super::*;
    use astro_platform_client::schema::{ArrayType, Format, TextRules, Type};
    use astro_platform_client::validation::check;

    fn issues(ty: Type, value: Value) -> Vec<(String, R)> {
        let mut out = Vec::new();
        check(&ty, &mut value.clone(), "v", &mut out);
        out.into_iter().map(|i| (i.path, i.rule)).collect()
    }

    #[test]
    fn string_length_bounds() {
        let code = Type::Text(&TextRules {
            min_length: Some(2),
            max_length: Some(3),
            format: Format::None,
        });
        assert_eq!(issues(code, json!("a")), [("v".to_owned(), R::MinLength)]);
        assert_eq!(
            issues(code, json!("abcd")),
            [("v".to_owned(), R::MaxLength)]
        );
        assert_eq!(issues(code, json!("ab")), []);
        // Characters, not bytes.
        assert_eq!(issues(code, json!("ééé")), []);
    }

    #[test]
    fn date_times_are_rfc_3339() {
        let when = Type::Text(&TextRules {
            min_length: None,
            max_length: None,
            format: Format::DateTime,
        });
        for ok in [
            "2026-01-28T10:00:00Z",
            "2026-01-28T10:00:00.123Z",
            "2026-01-28t10:00:00+02:00",
            "2026-12-31 23:59:60-00:30",
        ] {
            assert_eq!(issues(when, json!(ok)), [], "{ok}");
        }
        for bad in [
            "2026-01-28",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-01-28T25:00:00Z",
            "2026-01-28T10:00:00",
            "2026-01-28T10:00:00+0200",
            "2026-01-28T10:00:00.Z",
            "",
        ] {
            assert_eq!(
                issues(when, json!(bad)),
                [("v".to_owned(), R::Format)],
                "{bad}"
            );
        }
    }

    #[test]
    fn array_limits_maps_and_anything() {
        let two = Type::Array(&ArrayType {
            items: Type::String,
            min_items: 1,
            max_items: Some(2),
            unique: false,
        });
        assert_eq!(issues(two, json!([])), [("v".to_owned(), R::MinItems)]);
        assert_eq!(
            issues(two, json!(["a", "b", "c"])),
            [("v".to_owned(), R::MaxItems)]
        );
        assert_eq!(issues(two, json!(["a", 1])), [("v[1]".to_owned(), R::Type)]);
        let labels = Type::Map(&Type::String);
        assert_eq!(
            issues(labels, json!({"team": "data", "tier": 1})),
            [("v.tier".to_owned(), R::Type)]
        );
        assert_eq!(
            issues(labels, json!(["not", "a", "map"])),
            [("v".to_owned(), R::Type)]
        );
        assert_eq!(issues(Type::Any, json!({"deep": [1, {"x": null}]})), []);
        assert_eq!(issues(Type::Number, json!(1.5)), []);
        assert_eq!(
            issues(Type::Number, json!("1.5")),
            [("v".to_owned(), R::Type)]
        );
    }
}

/// A fractional number where an integer is required is shown as Rust's `{}` shows it (no
/// exponent), whatever its size.
#[test]
fn fractional_integer_messages_show_the_number_in_full() {
    for (given, shown) in [
        (json!(1.5), "1.5"),
        (json!(-0.25), "-0.25"),
        (json!(1e-7), "0.0000001"),
        (json!(2.5e-12), "0.0000000000025"),
        (json!(123456789.125), "123456789.125"),
        // Exactly halfway between ...194.2 and ...194.3: Rust writes the upper one.
        (json!(601_802_576_832_194.0 + 0.25), "601802576832194.3"),
        (json!(0.1), "0.1"),
    ] {
        let e = err(O::ListWorkspaces, json!({ "limit": given }));
        assert_eq!(e.issues.len(), 1, "{e}");
        assert_eq!(e.issues[0].path, "limit");
        assert_eq!(e.issues[0].rule, R::Type);
        assert_eq!(
            e.issues[0].message,
            format!("expected integer, got {shown}")
        );
    }
}
