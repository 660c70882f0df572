//! Request bodies and `prepare`: the reference's request samples, every operation's exact
//! method/URL/headers/body, and the TypeScript declarations of inputs and unions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use astro_platform_client::models::*;
use astro_platform_client::operations::*;
use serde_json::{json, Value};
use tsify::Tsify;

const BASE: &str = "https://api.astronomer.io/platform/v1beta1";

fn ctx() -> RequestContext<'static> {
    RequestContext {
        base_url: BASE,
        default_organization_id: Some("org1"),
    }
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/requests/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Merges path params into a body object (inputs hold them side by side).
fn with(mut body: Value, params: Value) -> Value {
    for (k, v) in params.as_object().unwrap() {
        body.as_object_mut().unwrap().insert(k.clone(), v.clone());
    }
    body
}

fn body_of(req: &PreparedRequest) -> Value {
    serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
}

fn s(x: &str) -> String {
    x.to_owned()
}

// ---------------------------------------------------------------------------------------
// The reference's request samples, built from typed Rust values.

fn sample_create_cluster() -> CreateClusterRequest {
    CreateClusterRequest::Azure(CreateAzureClusterRequest {
        cloud_provider: RequestCloudProvider::Azure,
        db_instance_type: Some(s("Small General Purpose")),
        k8s_tags: Some(vec![ClusterK8sTag {
            key: Some(s("key1")),
            value: Some(s("value1")),
        }]),
        name: s("My cluster"),
        node_pools: Some(vec![CreateNodePoolRequest {
            is_default: Some(true),
            max_node_count: 10,
            name: s("my-nodepool"),
            node_instance_type: s("t3.medium"),
        }]),
        provider_account: Some(s("provider-account")),
        region: s("us-east-1"),
        tenant_id: None,
        r#type: RequestClusterType::Dedicated,
        vpc_subnet_range: s("172.20.0.0/22"),
        workspace_ids: Some(vec![s("string")]),
    })
}

fn sample_update_cluster() -> UpdateClusterRequest {
    UpdateClusterRequest {
        db_instance_type: Some(s("Small General Purpose")),
        k8s_tags: vec![ClusterK8sTag {
            key: Some(s("key1")),
            value: Some(s("value1")),
        }],
        name: s("My cluster"),
        node_pools: Some(vec![UpdateNodePoolRequest {
            id: Some(s("clm8bvk8b000008l9deowc5lx")),
            is_default: Some(true),
            max_node_count: 10,
            name: s("my-nodepool"),
            node_instance_type: s("t3.medium"),
        }]),
        workspace_ids: Some(vec![s("string")]),
    }
}

fn sample_update_organization() -> UpdateOrganizationRequest {
    UpdateOrganizationRequest {
        billing_email: s("billing@company.com"),
        is_scim_enabled: false,
        name: s("My Organization"),
    }
}

fn sample_create_workspace() -> CreateWorkspaceRequest {
    CreateWorkspaceRequest {
        cicd_enforced_default: Some(true),
        description: Some(s("This is a test workspace")),
        name: s("My Workspace"),
    }
}

fn sample_update_workspace() -> UpdateWorkspaceRequest {
    UpdateWorkspaceRequest {
        cicd_enforced_default: true,
        description: s("This is a test workspace"),
        name: s("My Workspace"),
    }
}

fn sample_queue() -> WorkerQueueRequest {
    WorkerQueueRequest {
        astro_machine: RequestAstroMachine::A5,
        id: Some(s("clmha1mzc000b08mi96n182au")),
        is_default: true,
        max_worker_count: 1,
        min_worker_count: 0,
        name: s("My worker queue"),
        worker_concurrency: 1,
    }
}

fn sample_create_deployment() -> CreateDeploymentRequest {
    CreateDeploymentRequest::Dedicated(CreateDedicatedDeploymentRequest {
        r#type: RequestDeploymentType::Dedicated,
        astro_runtime_version: s("9.1.0"),
        cluster_id: s("clmh9g6zj000008mg77if5wa2"),
        default_task_pod_cpu: s("0.5"),
        default_task_pod_memory: s("1"),
        description: Some(s("My deployment description")),
        executor: RequestExecutor::Celery,
        is_cicd_enforced: true,
        is_dag_deploy_enabled: true,
        is_high_availability: true,
        name: s("My deployment"),
        resource_quota_cpu: s("160"),
        resource_quota_memory: s("320Gi"),
        scheduler_size: RequestSchedulerSize::Medium,
        worker_queues: Some(vec![sample_queue()]),
        workspace_id: s("clmh8ol3x000008jo656y4285"),
    })
}

fn sample_update_deployment() -> UpdateDeploymentRequest {
    UpdateDeploymentRequest::Dedicated(UpdateDedicatedDeploymentRequest {
        r#type: RequestDeploymentType::Dedicated,
        contact_emails: Some(vec![s("user1@company.com")]),
        default_task_pod_cpu: s("0.5"),
        default_task_pod_memory: s("1"),
        description: Some(s("My deployment description")),
        environment_variables: vec![DeploymentEnvironmentVariableRequest {
            is_secret: false,
            key: s("my-var"),
            value: Some(s("my-var-value")),
        }],
        executor: RequestExecutor::Celery,
        is_cicd_enforced: true,
        is_dag_deploy_enabled: true,
        is_high_availability: true,
        name: s("My deployment"),
        resource_quota_cpu: s("160"),
        resource_quota_memory: s("320Gi"),
        scheduler_size: RequestSchedulerSize::Medium,
        worker_queues: Some(vec![sample_queue()]),
        workload_identity: Some(s(
            "arn:aws:iam::123456789:role/AirflowS3Logs-clmk2qqia000008mhff3ndjr0",
        )),
        workspace_id: s("clmh7vdf4000008lhhlnk9t6o"),
    })
}

/// For each sample: the typed value serializes to exactly the sample, the sample
/// deserializes to the typed value, `prepare` from the sample JSON sends the sample as body,
/// byte for byte the typed value's serialization, and the typed input's `prepare` sends the
/// same.
#[test]
fn reference_samples_round_trip_through_types_and_prepare() {
    fn check<T>(name: &str, typed: &T, op: Operation, params: Value, typed_req: PreparedRequest)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let sample = fixture(name);
        assert_eq!(
            serde_json::to_value(typed).unwrap(),
            sample,
            "{name}: typed -> JSON"
        );
        let back: T = serde_json::from_value(sample.clone()).unwrap();
        assert_eq!(&back, typed, "{name}: JSON -> typed");
        let req = prepare(op, with(sample.clone(), params), &ctx()).unwrap();
        assert_eq!(body_of(&req), sample, "{name}: prepare(JSON) body");
        assert_eq!(
            req.body.as_deref(),
            Some(serde_json::to_string(typed).unwrap().as_str()),
            "{name}: prepare(JSON) body text is the typed serialization"
        );
        assert_eq!(
            req, typed_req,
            "{name}: typed input prepares the same request"
        );
    }
    check(
        "createCluster",
        &sample_create_cluster(),
        Operation::CreateCluster,
        json!({}),
        CreateClusterInput {
            organization_id: None,
            body: sample_create_cluster(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "updateCluster",
        &sample_update_cluster(),
        Operation::UpdateCluster,
        json!({"clusterId": "c1"}),
        UpdateClusterInput {
            organization_id: None,
            cluster_id: s("c1"),
            body: sample_update_cluster(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "updateOrganization",
        &sample_update_organization(),
        Operation::UpdateOrganization,
        json!({"organizationId": "org1"}),
        UpdateOrganizationInput {
            organization_id: Some(s("org1")),
            body: sample_update_organization(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "createWorkspace",
        &sample_create_workspace(),
        Operation::CreateWorkspace,
        json!({}),
        CreateWorkspaceInput {
            organization_id: None,
            body: sample_create_workspace(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "updateWorkspace",
        &sample_update_workspace(),
        Operation::UpdateWorkspace,
        json!({"workspaceId": "w1"}),
        UpdateWorkspaceInput {
            organization_id: None,
            workspace_id: s("w1"),
            body: sample_update_workspace(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "createDeployment",
        &sample_create_deployment(),
        Operation::CreateDeployment,
        json!({}),
        CreateDeploymentInput {
            organization_id: None,
            body: sample_create_deployment(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
    check(
        "updateDeployment",
        &sample_update_deployment(),
        Operation::UpdateDeployment,
        json!({"deploymentId": "d1"}),
        UpdateDeploymentInput {
            organization_id: None,
            deployment_id: s("d1"),
            body: sample_update_deployment(),
        }
        .prepare(&ctx())
        .unwrap(),
    );
}

/// The body text is compact and its fields come in the typed struct's (alphabetical) order,
/// with the union tag first, whatever the input order.
#[test]
fn body_text_is_compact_and_ordered() {
    let input = json!({"name": "W", "description": "d", "cicdEnforcedDefault": false});
    let req = prepare(Operation::CreateWorkspace, input, &ctx()).unwrap();
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"cicdEnforcedDefault":false,"description":"d","name":"W"}"#)
    );
    let mut sample = fixture("createCluster");
    sample["tenantId"] = json!("t1");
    let req = prepare(Operation::CreateCluster, sample, &ctx()).unwrap();
    assert_eq!(
        req.body.as_deref(),
        Some(concat!(
            r#"{"cloudProvider":"AZURE","dbInstanceType":"Small General Purpose","#,
            r#""k8sTags":[{"key":"key1","value":"value1"}],"name":"My cluster","#,
            r#""nodePools":[{"isDefault":true,"maxNodeCount":10,"name":"my-nodepool","nodeInstanceType":"t3.medium"}],"#,
            r#""providerAccount":"provider-account","region":"us-east-1","tenantId":"t1","type":"DEDICATED","#,
            r#""vpcSubnetRange":"172.20.0.0/22","workspaceIds":["string"]}"#
        ))
    );
}

/// `null` on a known optional field means "absent": it is not sent.
#[test]
fn null_optional_fields_are_omitted() {
    let input = json!({"name": "W", "description": null, "cicdEnforcedDefault": null});
    let req = prepare(Operation::CreateWorkspace, input, &ctx()).unwrap();
    assert_eq!(req.body.as_deref(), Some(r#"{"name":"W"}"#));
}

/// Integral floats (as JSON from JavaScript may carry) are accepted for integers.
#[test]
fn integral_float_is_an_integer() {
    let input = json!({"limit": 5.0, "offset": 1e1});
    let req = prepare(Operation::ListWorkspaces, input, &ctx()).unwrap();
    assert_eq!(
        req.url,
        format!("{BASE}/organizations/org1/workspaces?offset=10&limit=5")
    );
}

// ---------------------------------------------------------------------------------------
// Every operation: method, full URL, headers, body.

fn hybrid_create() -> Value {
    json!({
        "type": "HYBRID", "astroRuntimeVersion": "9.1.0", "clusterId": "c1", "executor": "KUBERNETES",
        "isCicdEnforced": false, "isDagDeployEnabled": true, "name": "H", "workspaceId": "w1",
        "scheduler": {"au": 5, "replicas": 1}, "taskPodNodePoolId": "np1",
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

fn update_hybrid() -> Value {
    json!({
        "type": "HYBRID", "environmentVariables": [{"isSecret": true, "key": "K"}], "executor": "CELERY",
        "isCicdEnforced": true, "isDagDeployEnabled": false, "name": "H", "workspaceId": "w1",
        "scheduler": {"au": 24, "replicas": 4}
    })
}

#[test]
fn every_operation_prepares_exactly() {
    let o = "https://api.astronomer.io/platform/v1beta1/organizations";
    // (operation, input, method, url, body)
    let cases: Vec<(Operation, Value, &str, String, Option<Value>)> = vec![
        (Operation::ListOrganizations, json!(null), "GET", s(o), None),
        (
            Operation::ListOrganizations,
            json!({"supportPlan": "BUSINESS_CRITICAL", "product": "HOSTED", "offset": 0, "limit": 1000,
                   "sorts": ["name:asc", "createdAt:desc"]}),
            "GET",
            format!("{o}?supportPlan=BUSINESS_CRITICAL&product=HOSTED&offset=0&limit=1000&sorts=name:asc&sorts=createdAt:desc"),
            None,
        ),
        (Operation::GetOrganization, json!({}), "GET", format!("{o}/org1"), None),
        (
            Operation::GetOrganization,
            json!({"organizationId": "org2", "isLookUpOnly": true}),
            "GET",
            format!("{o}/org2?isLookUpOnly=true"),
            None,
        ),
        (
            Operation::UpdateOrganization,
            fixture("updateOrganization"),
            "POST",
            format!("{o}/org1"),
            Some(fixture("updateOrganization")),
        ),
        (
            Operation::ListClusters,
            json!({"provider": "GCP", "offset": 20, "limit": 10, "sorts": ["updatedAt:asc"]}),
            "GET",
            format!("{o}/org1/clusters?provider=GCP&offset=20&limit=10&sorts=updatedAt:asc"),
            None,
        ),
        (Operation::CreateCluster, gcp_cluster(), "POST", format!("{o}/org1/clusters"), Some(gcp_cluster())),
        (Operation::GetCluster, json!({"clusterId": "c1"}), "GET", format!("{o}/org1/clusters/c1"), None),
        (
            Operation::UpdateCluster,
            json!({"clusterId": "c1", "k8sTags": [], "name": "n", "workspaceIds": []}),
            "POST",
            format!("{o}/org1/clusters/c1"),
            Some(json!({"k8sTags": [], "name": "n", "workspaceIds": []})),
        ),
        (Operation::DeleteCluster, json!({"clusterId": "c1"}), "DELETE", format!("{o}/org1/clusters/c1"), None),
        (
            Operation::GetClusterOptions,
            json!({"type": "HYBRID", "provider": "AWS"}),
            "GET",
            format!("{o}/org1/cluster-options?provider=AWS&type=HYBRID"),
            None,
        ),
        (
            Operation::GetDeploymentOptions,
            json!({"deploymentId": "d1", "deploymentType": "STANDARD", "cloudProvider": "AZURE"}),
            "GET",
            format!("{o}/org1/deployment-options?deploymentId=d1&deploymentType=STANDARD&cloudProvider=AZURE"),
            None,
        ),
        (Operation::GetDeploymentOptions, json!({}), "GET", format!("{o}/org1/deployment-options"), None),
        (
            Operation::ListWorkspaces,
            json!({"workspaceIds": ["w1", "w2"], "limit": 0}),
            "GET",
            format!("{o}/org1/workspaces?workspaceIds=w1&workspaceIds=w2&limit=0"),
            None,
        ),
        (
            Operation::CreateWorkspace,
            json!({"organizationId": "org9", "name": "W"}),
            "POST",
            format!("{o}/org9/workspaces"),
            Some(json!({"name": "W"})),
        ),
        (Operation::GetWorkspace, json!({"workspaceId": "w1"}), "GET", format!("{o}/org1/workspaces/w1"), None),
        (
            Operation::UpdateWorkspace,
            json!({"workspaceId": "w1", "name": "W", "description": "", "cicdEnforcedDefault": false}),
            "POST",
            format!("{o}/org1/workspaces/w1"),
            Some(json!({"name": "W", "description": "", "cicdEnforcedDefault": false})),
        ),
        (
            Operation::DeleteWorkspace,
            json!({"workspaceId": "w1"}),
            "DELETE",
            format!("{o}/org1/workspaces/w1"),
            None,
        ),
        (
            Operation::ListDeployments,
            json!({"deploymentIds": ["d1"], "workspaceIds": ["w1", "w2"], "offset": 5, "limit": 5000,
                   "sorts": ["name:desc"]}),
            "GET",
            format!("{o}/org1/deployments?deploymentIds=d1&workspaceIds=w1&workspaceIds=w2&offset=5&limit=5000&sorts=name:desc"),
            None,
        ),
        (Operation::CreateDeployment, hybrid_create(), "POST", format!("{o}/org1/deployments"), Some(hybrid_create())),
        (Operation::GetDeployment, json!({"deploymentId": "d1"}), "GET", format!("{o}/org1/deployments/d1"), None),
        (
            Operation::UpdateDeployment,
            with(update_hybrid(), json!({"deploymentId": "d1"})),
            "POST",
            format!("{o}/org1/deployments/d1"),
            Some(update_hybrid()),
        ),
        (
            Operation::DeleteDeployment,
            json!({"deploymentId": "d1"}),
            "DELETE",
            format!("{o}/org1/deployments/d1"),
            None,
        ),
    ];
    let mut seen = std::collections::HashSet::new();
    for (op, input, method, url, body) in cases {
        seen.insert(op);
        let req =
            prepare(op, input.clone(), &ctx()).unwrap_or_else(|e| panic!("{}: {e}", op.name()));
        assert_eq!(req.method.as_str(), method, "{}", op.name());
        assert_eq!(req.url, url, "{}", op.name());
        let mut headers = vec![(s("accept"), s("application/json"))];
        if body.is_some() {
            headers.push((s("content-type"), s("application/json")));
        }
        assert_eq!(req.headers, headers, "{}", op.name());
        assert_eq!(
            req.body
                .as_deref()
                .map(|b| serde_json::from_str::<Value>(b).unwrap()),
            body,
            "{}",
            op.name()
        );
    }
    assert_eq!(seen.len(), 20, "all operations covered");
}

/// A trailing slash on the base URL is ignored; organizationId in the input wins over the
/// default; without either, the issue is `organizationId`/`required`.
#[test]
fn base_url_and_default_organization() {
    let c = RequestContext {
        base_url: "http://127.0.0.1:8788/platform/v1beta1/",
        default_organization_id: None,
    };
    let req = prepare(
        Operation::GetCluster,
        json!({"organizationId": "o", "clusterId": "c"}),
        &c,
    )
    .unwrap();
    assert_eq!(
        req.url,
        "http://127.0.0.1:8788/platform/v1beta1/organizations/o/clusters/c"
    );
    let err = prepare(Operation::GetCluster, json!({"clusterId": "c"}), &c).unwrap_err();
    assert_eq!(err.operation, Some("getCluster"));
    assert_eq!(err.issues.len(), 1);
    assert_eq!(err.issues[0].path, "organizationId");
    assert_eq!(
        err.issues[0].rule,
        astro_platform_client::validation::Rule::Required
    );
    // listOrganizations needs no organization.
    let req = prepare(Operation::ListOrganizations, json!({}), &c).unwrap();
    assert_eq!(
        req.url,
        "http://127.0.0.1:8788/platform/v1beta1/organizations"
    );
}

/// Typed list/get inputs prepare the same request as their JSON form.
#[test]
fn typed_inputs_prepare_like_json() {
    let typed = ListDeploymentsInput {
        organization_id: Some(s("o")),
        workspace_ids: Some(vec![s("w1"), s("w2")]),
        limit: Some(10),
        sorts: Some(vec![Sort::NameAsc, Sort::CreatedAtDesc]),
        ..Default::default()
    };
    let req = typed.prepare(&ctx()).unwrap();
    assert_eq!(
        req.url,
        format!("{BASE}/organizations/o/deployments?workspaceIds=w1&workspaceIds=w2&limit=10&sorts=name:asc&sorts=createdAt:desc")
    );
    let json_req = prepare(
        Operation::ListDeployments,
        serde_json::to_value(&typed).unwrap(),
        &ctx(),
    )
    .unwrap();
    assert_eq!(req, json_req);
    let opts = GetClusterOptionsInput {
        organization_id: None,
        provider: None,
        r#type: RequestClusterType::Dedicated,
    };
    assert_eq!(
        opts.prepare(&ctx()).unwrap().url,
        format!("{BASE}/organizations/org1/cluster-options?type=DEDICATED")
    );
    // Typed inputs get the same validation (here: limit above 1000 on listClusters).
    let bad = ListClustersInput {
        limit: Some(1001),
        ..Default::default()
    };
    let err = bad.prepare(&ctx()).unwrap_err();
    assert_eq!(err.issues[0].path, "limit");
    // A typed input deserializes from the same side-by-side object.
    let v = with(fixture("createDeployment"), json!({"organizationId": "o"}));
    let input: CreateDeploymentInput = serde_json::from_value(v).unwrap();
    assert_eq!(input.organization_id.as_deref(), Some("o"));
    assert_eq!(input.body, sample_create_deployment());
}

#[test]
fn operation_metadata() {
    assert_eq!(Operation::ALL.len(), 20);
    for op in Operation::ALL {
        assert_eq!(Operation::from_name(op.name()), Some(op));
    }
    assert_eq!(Operation::from_name("nope"), None);
    assert!(Operation::ListDeployments.is_list());
    assert!(!Operation::GetDeployment.is_list());
}

// ---------------------------------------------------------------------------------------
// TypeScript declarations (what tsify puts in the wasm-bindgen d.ts).

/// Drops JSDoc comments and collapses whitespace.
fn norm(decl: &str) -> String {
    let mut out = String::new();
    let mut rest = decl;
    while let Some(start) = rest.find("/**") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn typescript_declarations_have_the_intended_shapes() {
    let show = |name: &str, decl: &str| println!("--- {name}\n{decl}");
    show("CreateDeploymentRequest", CreateDeploymentRequest::DECL);
    show("UpdateDeploymentRequest", UpdateDeploymentRequest::DECL);
    show("CreateClusterRequest", CreateClusterRequest::DECL);
    show("CreateWorkspaceInput", CreateWorkspaceInput::DECL);
    show("CreateDeploymentInput", CreateDeploymentInput::DECL);
    show("GetClusterInput", GetClusterInput::DECL);
    show("ListDeploymentsInput", ListDeploymentsInput::DECL);
    show("WorkerQueueRequest", WorkerQueueRequest::DECL);
    show("Sort", Sort::DECL);

    // Discriminated unions on the selector: each variant narrows the selector to its value.
    assert_eq!(
        norm(CreateDeploymentRequest::DECL),
        "export type CreateDeploymentRequest = CreateDedicatedDeploymentRequest | CreateHybridDeploymentRequest | CreateStandardDeploymentRequest;"
    );
    assert_eq!(
        norm(UpdateDeploymentRequest::DECL),
        "export type UpdateDeploymentRequest = UpdateDedicatedDeploymentRequest | UpdateHybridDeploymentRequest | UpdateStandardDeploymentRequest;"
    );
    assert_eq!(
        norm(CreateClusterRequest::DECL),
        "export type CreateClusterRequest = CreateAwsClusterRequest | CreateAzureClusterRequest | CreateGcpClusterRequest;"
    );
    for (decl, selector) in [
        (
            CreateDedicatedDeploymentRequest::DECL,
            r#"type: "DEDICATED";"#,
        ),
        (CreateHybridDeploymentRequest::DECL, r#"type: "HYBRID";"#),
        (
            CreateStandardDeploymentRequest::DECL,
            r#"type: "STANDARD";"#,
        ),
        (
            UpdateStandardDeploymentRequest::DECL,
            r#"type: "STANDARD";"#,
        ),
        (CreateAwsClusterRequest::DECL, r#"cloudProvider: "AWS";"#),
        (CreateGcpClusterRequest::DECL, r#"cloudProvider: "GCP";"#),
    ] {
        assert!(norm(decl).contains(selector), "{selector} in {decl}");
    }
    // Path params and body side by side in one object type.
    // (a type alias: a TS interface cannot extend a union)
    assert_eq!(
        norm(CreateWorkspaceInput::DECL),
        "export type CreateWorkspaceInput = { organizationId?: string } & CreateWorkspaceRequest;"
    );
    assert_eq!(
        norm(CreateDeploymentInput::DECL),
        "export type CreateDeploymentInput = { organizationId?: string } & CreateDeploymentRequest;"
    );
    assert_eq!(
        norm(UpdateDeploymentInput::DECL),
        "export type UpdateDeploymentInput = { organizationId?: string; deploymentId: string } & UpdateDeploymentRequest;"
    );
    // Required id, optional org.
    let get = norm(GetClusterInput::DECL);
    assert!(
        get.contains("organizationId?: string") && get.contains("clusterId: string;"),
        "{get}"
    );
    // String-literal unions for enums, optional `?` fields never `| null`.
    assert_eq!(
        norm(Sort::DECL),
        norm(
            r#"export type Sort = "name:asc" | "name:desc" | "createdAt:asc" | "createdAt:desc" | "updatedAt:asc" | "updatedAt:desc";"#
        )
    );
    assert_eq!(
        norm(RequestAstroMachine::DECL),
        norm(r#"export type RequestAstroMachine = "A5" | "A10" | "A20" | "A40" | "A60";"#)
    );
    let q = norm(WorkerQueueRequest::DECL);
    assert!(
        q.contains("astroMachine: RequestAstroMachine;") && q.contains("id?: string;"),
        "{q}"
    );
    assert!(!q.contains("null"), "{q}");
    let list = norm(ListDeploymentsInput::DECL);
    assert!(
        list.contains("sorts?: Sort[];") && list.contains("limit?: number;"),
        "{list}"
    );
    let opts = norm(GetClusterOptionsInput::DECL);
    assert!(opts.contains("type: RequestClusterType;"), "{opts}");
}

/// The enums' `VALUES` (used by validation) match their serde wire names.
#[test]
fn enum_value_lists_match_serde() {
    fn check<T: serde::de::DeserializeOwned + serde::Serialize>(values: &[&str]) {
        for v in values {
            let t: T = serde_json::from_value(json!(v)).unwrap();
            assert_eq!(serde_json::to_value(&t).unwrap(), json!(v));
        }
    }
    check::<RequestCloudProvider>(RequestCloudProvider::VALUES);
    check::<RequestClusterType>(RequestClusterType::VALUES);
    check::<RequestDeploymentType>(RequestDeploymentType::VALUES);
    check::<RequestExecutor>(RequestExecutor::VALUES);
    check::<RequestSchedulerSize>(RequestSchedulerSize::VALUES);
    check::<RequestAstroMachine>(RequestAstroMachine::VALUES);
    check::<Sort>(Sort::VALUES);
    check::<SupportPlan>(SupportPlan::VALUES);
    check::<Product>(Product::VALUES);
    assert!(serde_json::from_value::<RequestAstroMachine>(json!("A120")).is_err());
}
