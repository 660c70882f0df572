//! v1: the shared records (organizations, clusters, Workspaces, Deployments) over HTTP, one
//! store with v1beta1, v1 errors, X-API-Version, and the union fallbacks.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn organizations_in_v1() {
    let emu = start(config()).await;
    let r = emu
        .v1(
            "listOrganizations",
            Method::GET,
            &format!("{}/organizations", emu.v1),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 2);
    let acme = &r.json["organizations"][0];
    assert_eq!(
        acme["productPlans"][0]["productPlanName"],
        "BUSINESS_CRITICAL"
    );
    assert_eq!(acme["hasAllowedIpAddressRanges"], false);
    let r = emu
        .v1(
            "listOrganizations",
            Method::GET,
            &format!(
                "{}/organizations?productPlan=STANDARD&astronomerProduct=ASTRO",
                emu.v1
            ),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["organizations"][0]["id"], OTHER_ORG);
    let url = emu.v1_org("");
    let r = emu
        .v1(
            "getOrganization",
            Method::GET,
            &format!("{url}?isLookUpOnly=true"),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let body = json!({"name": "Acme v1", "billingEmail": "ap@acme.example", "isScimEnabled": true, "shouldEnforceDedicatedClusters": true});
    let r = emu
        .v1("updateOrganization", Method::POST, &url, Some(&body))
        .await;
    assert_eq!(
        (r.status, r.json["shouldEnforceDedicatedClusters"].as_bool()),
        (200, Some(true))
    );
    assert_eq!(r.json["updatedBy"]["fullName"], "Ada Lovelace");
    // The same record through v1beta1.
    let r = emu
        .op("getOrganization", Method::GET, &emu.org_url(""), None)
        .await;
    assert_eq!(r.json["name"], "Acme v1");
    // Errors: fieldErrors name the field.
    let r = emu
        .v1(
            "updateOrganization",
            Method::POST,
            &url,
            Some(&json!({"name": "x".repeat(51)})),
        )
        .await;
    assert_error(&r, 400);
    let fields: Vec<&str> = r.json["fieldErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"billingEmail"),
        "{}",
        r.text
    );
    // Unknown organization: 404 where documented, 403 elsewhere.
    let r = emu
        .v1(
            "getOrganization",
            Method::GET,
            &format!("{}/organizations/clnope", emu.v1),
            None,
        )
        .await;
    assert_error(&r, 404);
    let r = emu
        .v1(
            "listWorkspaces",
            Method::GET,
            &format!("{}/organizations/clnope/workspaces", emu.v1),
            None,
        )
        .await;
    assert_error(&r, 403);
}

#[tokio::test]
async fn x_api_version_and_auth() {
    let emu = start(config()).await;
    let url = emu.v1_org("/workspaces");
    let r = emu
        .raw(
            Method::GET,
            &url,
            Some(TOKEN),
            &[("x-api-version", "2.0")],
            None,
        )
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("X-API-Version"),
        "{}",
        r.text
    );
    let r = emu.raw(Method::GET, &url, Some(TOKEN), &[], None).await;
    assert_eq!(r.status, 200, "no X-API-Version is fine");
    let r = emu.raw(Method::GET, &url, None, &[], None).await;
    assert_error(&r, 401);
    let r = emu.raw(Method::GET, &url, Some("nope"), &[], None).await;
    assert_error(&r, 401);
    let r = emu
        .raw(
            Method::GET,
            &format!("{}/organizations/{OTHER_ORG}/workspaces", emu.v1),
            Some(SCOPED),
            &[],
            None,
        )
        .await;
    assert_error(&r, 403);
    let r = emu
        .raw(Method::DELETE, &emu.v1_org(""), Some(TOKEN), &[], None)
        .await;
    assert_error(&r, 405);
    let r = emu.get(&format!("{}/nothing", emu.v1)).await;
    assert_error(&r, 404);
}

#[tokio::test]
async fn one_store_across_versions() {
    let emu = start(config()).await;
    // Created through v1, listed through v1beta1.
    let body = json!({"name": "from-v1", "description": "d", "defaultCloudProvider": "AWS"});
    let r = emu
        .v1(
            "createWorkspace",
            Method::POST,
            &emu.v1_org("/workspaces"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 200);
    let id = r.json["id"].as_str().unwrap().to_string();
    let r = emu
        .op(
            "listWorkspaces",
            Method::GET,
            &emu.org_url(&format!("/workspaces?workspaceIds={id}")),
            None,
        )
        .await;
    assert_eq!(r.json["workspaces"][0]["name"], "from-v1");
    // Created through v1beta1, read through v1.
    let r = emu
        .op(
            "createWorkspace",
            Method::POST,
            &emu.org_url("/workspaces"),
            Some(&json!({"name": "from-v1beta1"})),
        )
        .await;
    let id2 = r.json["id"].as_str().unwrap().to_string();
    let r = emu
        .v1(
            "listWorkspaces",
            Method::GET,
            &emu.v1_org("/workspaces?names=from-v1beta1"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["workspaces"][0]["id"], id2.as_str());
    // Deployments too: v1 adds its required fields to the same record.
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let r = emu
        .op(
            "createDeployment",
            Method::POST,
            &emu.org_url("/deployments"),
            Some(&dedicated_body(&ws, &aws)),
        )
        .await;
    let dep = r.json["id"].as_str().unwrap().to_string();
    let r = emu
        .v1(
            "getDeployment",
            Method::GET,
            &emu.v1_org(&format!("/deployments/{dep}")),
            None,
        )
        .await;
    assert!(r.json["apiUrl"].as_str().unwrap().starts_with("https://"));
    assert!(r.json["uiUrl"].as_str().is_some());
    assert_eq!(r.json["astroRuntimeVersion"], "9.5.0");
    let r = emu
        .v1(
            "updateWorkspace",
            Method::POST,
            &emu.v1_org(&format!("/workspaces/{id}")),
            Some(&json!({"name": "renamed-v1", "description": "x", "cicdEnforcedDefault": true})),
        )
        .await;
    assert_eq!(r.json["defaultCloudProvider"], "AWS");
    assert_eq!(
        emu.get(&emu.org_url(&format!("/workspaces/{id}")))
            .await
            .json["name"],
        "renamed-v1"
    );
    let r = emu
        .v1(
            "getWorkspace",
            Method::GET,
            &emu.v1_org(&format!("/workspaces/{id}")),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let r = emu
        .v1(
            "deleteWorkspace",
            Method::DELETE,
            &emu.v1_org(&format!("/workspaces/{id}")),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.get(&emu.org_url(&format!("/workspaces/{id}"))).await,
        404,
    );
    assert_error(
        &emu.v1(
            "getWorkspace",
            Method::GET,
            &emu.v1_org(&format!("/workspaces/{id}")),
            None,
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn clusters_in_v1() {
    let emu = start(config()).await;
    let r = emu
        .v1(
            "listClusters",
            Method::GET,
            &emu.v1_org("/clusters?names=aws-prod-use1"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["clusters"][0]["isDrEnabled"], false);
    let aws = r.json["clusters"][0]["id"].as_str().unwrap().to_string();
    let r = emu
        .v1(
            "getClusterOptions",
            Method::GET,
            &emu.v1_org("/cluster-options?type=HYBRID&provider=AWS"),
            None,
        )
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    let body = json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "v1-cluster", "region": "us-east-2", "vpcSubnetRange": "10.1.0.0/16"});
    let r = emu
        .v1(
            "createCluster",
            Method::POST,
            &emu.v1_org("/clusters"),
            Some(&body),
        )
        .await;
    assert_eq!(r.json["status"], "CREATING");
    let id = r.json["id"].as_str().unwrap().to_string();
    let r = emu
        .v1(
            "getCluster",
            Method::GET,
            &emu.v1_org(&format!("/clusters/{id}")),
            None,
        )
        .await;
    assert_eq!(r.json["name"], "v1-cluster");
    // updateCluster without clusterType is checked as DEDICATED (k8sTags and name required).
    let one = emu.v1_org(&format!("/clusters/{aws}"));
    let r = emu
        .v1(
            "updateCluster",
            Method::POST,
            &one,
            Some(&json!({"name": "aws-renamed", "k8sTags": []})),
        )
        .await;
    assert_eq!(
        (r.status, r.json["name"].as_str()),
        (200, Some("aws-renamed")),
        "{}",
        r.text
    );
    let r = emu
        .v1(
            "updateCluster",
            Method::POST,
            &one,
            Some(&json!({"workspaceIds": []})),
        )
        .await;
    assert_error(&r, 400);
    assert!(r.text.contains("k8sTags"), "{}", r.text);
    // A HYBRID update carries only workspaceIds; tags are kept.
    let gcp_h = emu
        .first_id("/clusters", "clusters", |c| {
            c["type"] == "HYBRID" && c["cloudProvider"] == "GCP"
        })
        .await;
    let r = emu
        .v1(
            "updateCluster",
            Method::POST,
            &emu.v1_org(&format!("/clusters/{gcp_h}")),
            Some(&json!({"clusterType": "HYBRID", "workspaceIds": []})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["workspaceIds"], json!([]));
    let r = emu
        .v1(
            "deleteCluster",
            Method::DELETE,
            &emu.v1_org(&format!("/clusters/{id}")),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.v1(
            "getCluster",
            Method::GET,
            &emu.v1_org(&format!("/clusters/{id}")),
            None,
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn deployments_in_v1_and_type_inference() {
    let emu = start(config()).await;
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let gcp_h = emu
        .first_id("/clusters", "clusters", |c| {
            c["type"] == "HYBRID" && c["cloudProvider"] == "GCP"
        })
        .await;
    let list = emu.v1_org("/deployments");
    // No type, no cluster: STANDARD (defaults for runtime and executor).
    let r = emu.v1("createDeployment", Method::POST, &list, Some(&json!({"name": "std-v1", "workspaceId": ws, "cloudProvider": "GCP", "region": "us-central1"}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["type"].as_str(), r.json["executor"].as_str()),
        (Some("STANDARD"), Some("CELERY"))
    );
    let std_id = r.json["id"].as_str().unwrap().to_string();
    // No type, a dedicated cluster: DEDICATED.
    let r = emu.v1("createDeployment", Method::POST, &list, Some(&json!({"name": "ded-v1", "workspaceId": ws, "clusterId": aws, "executor": "ASTRO",
        "schedulerSize": "EXTRA_LARGE", "workerQueues": [{"name": "default", "isDefault": true, "astroMachine": "A120", "minWorkerCount": 1, "maxWorkerCount": 2, "workerConcurrency": 100}]}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["type"], "DEDICATED");
    assert_eq!(r.json["workerQueues"][0]["astroMachine"], "A120");
    // No type, a hybrid cluster: HYBRID, checked as such (scheduler / node pools).
    let r = emu.v1("createDeployment", Method::POST, &list, Some(&json!({"name": "hyb-v1", "workspaceId": ws, "clusterId": gcp_h, "executor": "KUBERNETES"}))).await;
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (200, Some("HYBRID")),
        "{}",
        r.text
    );
    let r = emu.v1("createDeployment", Method::POST, &list, Some(&json!({"name": "bad", "workspaceId": ws, "clusterId": gcp_h, "schedulerSize": "SMALL"}))).await;
    assert_error(&r, 400);
    assert_eq!(
        r.json["fieldErrors"][0]["field"], "schedulerSize",
        "{}",
        r.text
    );
    // x-checks rule min <= max also holds in v1 (service rule).
    let r = emu.v1("createDeployment", Method::POST, &list, Some(&json!({"name": "q", "workspaceId": ws, "clusterId": aws,
        "workerQueues": [{"name": "default", "isDefault": true, "astroMachine": "A5", "minWorkerCount": 5, "maxWorkerCount": 2, "workerConcurrency": 5}]}))).await;
    assert_error(&r, 400);
    let r = emu
        .v1(
            "listDeployments",
            Method::GET,
            &format!("{list}?names=std-v1&names=ded-v1"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 2);
    let one = emu.v1_org(&format!("/deployments/{std_id}"));
    let r = emu.v1("getDeployment", Method::GET, &one, None).await;
    assert_eq!(r.json["name"], "std-v1");
    let upd = json!({"type": "STANDARD", "name": "std-v1b", "workspaceId": ws, "executor": "CELERY", "isCicdEnforced": false,
        "isDagDeployEnabled": true, "isHighAvailability": false, "schedulerSize": "MEDIUM", "environmentVariables": [{"key": "K", "value": "v", "isSecret": false}],
        "contactEmails": ["x@acme.example"]});
    let r = emu
        .v1("updateDeployment", Method::POST, &one, Some(&upd))
        .await;
    assert_eq!(
        (r.status, r.json["name"].as_str()),
        (200, Some("std-v1b")),
        "{}",
        r.text
    );
    let r = emu
        .v1(
            "getDeploymentOptions",
            Method::GET,
            &emu.v1_org("/deployment-options?deploymentType=STANDARD&executor=ASTRO"),
            None,
        )
        .await;
    assert!(r.json["workerMachines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["name"] == "A160"));
    let r = emu.v1("deleteDeployment", Method::DELETE, &one, None).await;
    assert_eq!(r.status, 204);
    assert_error(&emu.v1("getDeployment", Method::GET, &one, None).await, 404);
    assert_error(
        &emu.v1("deleteDeployment", Method::DELETE, &one, None).await,
        404,
    );
    let _: Value = Value::Null;
}

#[tokio::test]
async fn faults_cors_and_journal_on_v1_routes() {
    let emu = start(config()).await;
    let url = emu.v1_org("/teams");
    let fault = [(
        "x-emulator-fault",
        "status=503; retry-after=2; times=1; key=v1-flaky",
    )];
    let r = emu.raw(Method::GET, &url, Some(TOKEN), &fault, None).await;
    assert_error(&r, 503);
    assert_eq!(r.header("retry-after").as_deref(), Some("2"));
    let r = emu.raw(Method::GET, &url, Some(TOKEN), &fault, None).await;
    assert_eq!(r.status, 200, "times=1: the second call passes");
    let r = emu
        .raw(
            Method::GET,
            &url,
            Some(TOKEN),
            &[("x-emulator-fault", "malformed")],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<Value>(&r.text).is_err());
    let r = emu
        .raw(
            Method::GET,
            &url,
            Some(TOKEN),
            &[("origin", "http://localhost:5173")],
            None,
        )
        .await;
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    let resp = emu
        .client
        .request(Method::OPTIONS, &url)
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,x-api-version",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    assert_eq!(
        resp.headers()["access-control-allow-headers"],
        "authorization,content-type,x-api-version"
    );
    let j: Value = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let j = j.as_array().unwrap();
    assert_eq!(j[0]["path"], format!("/v1/organizations/{DEMO_ORG}/teams"));
    assert_eq!(
        (j[0]["status"].as_u64(), j[0]["key"].as_str()),
        (Some(503), Some("v1-flaky"))
    );
    assert_eq!(j[0]["headers"]["authorization"], "Bearer [redacted]");
}
