//! Every operation's success and error paths, over real HTTP on loopback.
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
async fn organizations_list_get_update() {
    let emu = start(config()).await;
    let r = emu
        .op(
            "listOrganizations",
            Method::GET,
            &format!("{}/organizations", emu.api),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 2);
    assert_eq!(r.json["organizations"][0]["id"], DEMO_ORG);
    assert_eq!(
        (r.json["offset"].as_u64(), r.json["limit"].as_u64()),
        (Some(0), Some(20))
    );
    // Filters.
    let r = emu
        .op(
            "listOrganizations",
            Method::GET,
            &format!("{}/organizations?product=HYBRID", emu.api),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["organizations"][0]["id"], OTHER_ORG);
    let r = emu
        .op(
            "listOrganizations",
            Method::GET,
            &format!("{}/organizations?supportPlan=BUSINESS_CRITICAL", emu.api),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["organizations"][0]["id"], DEMO_ORG);
    let r = emu
        .get(&format!("{}/organizations?supportPlan=GOLD", emu.api))
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("supportPlan: enum"),
        "{}",
        r.text
    );

    let url = format!("{}/organizations/{DEMO_ORG}", emu.api);
    let r = emu.op("getOrganization", Method::GET, &url, None).await;
    assert_eq!(r.json["name"], "Acme Analytics");
    assert!(r.json["managedDomains"].is_array());
    let r = emu
        .op(
            "getOrganization",
            Method::GET,
            &format!("{url}?isLookUpOnly=true"),
            None,
        )
        .await;
    assert!(r.json.get("managedDomains").is_none() && r.json["id"] == DEMO_ORG);
    let r = emu.get(&format!("{url}?isLookUpOnly=maybe")).await;
    assert_error(&r, 400);

    let body =
        json!({"name": "Acme Renamed", "billingEmail": "ap@acme.example", "isScimEnabled": true});
    let r = emu
        .op("updateOrganization", Method::POST, &url, Some(&body))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["name"], "Acme Renamed");
    assert_eq!(r.json["isScimEnabled"], true);
    assert_eq!(r.json["updatedBy"]["subjectType"], "USER");
    assert_ne!(r.json["updatedAt"], r.json["createdAt"]);
    // Workspaces show the new organization name.
    let r = emu.get(&emu.org_url("/workspaces")).await;
    assert_eq!(r.json["workspaces"][0]["organizationName"], "Acme Renamed");
    // Rule: name <= 50 characters; all three fields required.
    let r = emu
        .post(
            &url,
            &json!({"name": "x".repeat(51), "billingEmail": "a@b.c", "isScimEnabled": false}),
        )
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("name: maxLength"),
        "{}",
        r.text
    );
    let r = emu.post(&url, &json!({"name": "x"})).await;
    assert_error(&r, 400);
    let m = r.json["message"].as_str().unwrap();
    assert!(
        m.contains("billingEmail: required") && m.contains("isScimEnabled: required"),
        "{m}"
    );
    // Unknown organization.
    let r = emu.get(&format!("{}/organizations/clnope", emu.api)).await;
    assert_error(&r, 404);
    // ... and 403 where the contract documents no 404 (found by schemathesis).
    for tail in [
        "workspaces",
        "clusters",
        "deployments",
        "deployment-options",
    ] {
        let r = emu
            .get(&format!("{}/organizations/clnope/{tail}", emu.api))
            .await;
        assert_error(&r, 403);
    }
}

#[tokio::test]
async fn auth_401_403_and_scoped_listing() {
    let emu = start(config()).await;
    let url = emu.org_url("/workspaces");
    let r = emu.raw(Method::GET, &url, None, &[], None).await;
    assert_error(&r, 401);
    let r = emu
        .raw(Method::GET, &url, Some("wrong-token"), &[], None)
        .await;
    assert_error(&r, 401);
    let r = emu
        .raw(
            Method::GET,
            &url,
            None,
            &[("authorization", "Basic YWxhZGRpbjpvcGVu")],
            None,
        )
        .await;
    assert_error(&r, 401);
    // The scoped token reaches its org only.
    let r = emu.raw(Method::GET, &url, Some(SCOPED), &[], None).await;
    assert_eq!(r.status, 200);
    let other = format!("{}/organizations/{OTHER_ORG}/workspaces", emu.api);
    let r = emu.raw(Method::GET, &other, Some(SCOPED), &[], None).await;
    assert_error(&r, 403);
    let r = emu
        .raw(
            Method::POST,
            &format!("{}/organizations/{OTHER_ORG}", emu.api),
            Some(SCOPED),
            &[],
            Some("{}".into()),
        )
        .await;
    assert_error(&r, 403);
    let r = emu
        .raw(
            Method::GET,
            &format!("{}/organizations", emu.api),
            Some(SCOPED),
            &[],
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["organizations"][0]["id"], DEMO_ORG);
    // The unscoped token reaches both.
    let r = emu.get(&other).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 1);
    // Unknown path and method.
    let r = emu.get(&format!("{}/nothing-here", emu.api)).await;
    assert_error(&r, 404);
    let r = emu
        .raw(
            Method::DELETE,
            &format!("{}/organizations/{DEMO_ORG}", emu.api),
            Some(TOKEN),
            &[],
            None,
        )
        .await;
    assert_error(&r, 405);
    // getOrganization (GET) and updateOrganization (POST) live on that path.
    assert_eq!(
        r.headers.get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, POST")
    );
}

#[tokio::test]
async fn workspaces_crud_paging_sorting_filtering() {
    let emu = start(config()).await;
    let list = emu.org_url("/workspaces");
    let r = emu.op("listWorkspaces", Method::GET, &list, None).await;
    let seeded = r.json["totalCount"].as_u64().unwrap();
    assert_eq!(seeded, 4);
    let mut ids = Vec::new();
    for i in 0..23 {
        let body = json!({"name": format!("ws-{i:02}"), "description": "made by a test", "cicdEnforcedDefault": i % 2 == 0});
        let r = emu
            .op("createWorkspace", Method::POST, &list, Some(&body))
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json["organizationId"], DEMO_ORG);
        assert_eq!(r.json["createdBy"]["fullName"], "Ada Lovelace");
        ids.push(r.json["id"].as_str().unwrap().to_string());
    }
    // Default page: offset 0, limit 20.
    let r = emu.op("listWorkspaces", Method::GET, &list, None).await;
    assert_eq!(r.json["workspaces"].as_array().unwrap().len(), 20);
    assert_eq!(r.json["totalCount"], seeded + 23);
    // Offset/limit walk the whole list without overlap.
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let r = emu
            .op(
                "listWorkspaces",
                Method::GET,
                &format!("{list}?offset={offset}&limit=7"),
                None,
            )
            .await;
        let page = r.json["workspaces"].as_array().unwrap().clone();
        assert_eq!(r.json["offset"], offset);
        assert_eq!(r.json["limit"], 7);
        if page.is_empty() {
            break;
        }
        seen.extend(page.iter().map(|w| w["id"].as_str().unwrap().to_string()));
        offset += 7;
    }
    assert_eq!(seen.len() as u64, seeded + 23);
    let r = emu
        .op(
            "listWorkspaces",
            Method::GET,
            &format!("{list}?limit=0"),
            None,
        )
        .await;
    assert_eq!(r.json["workspaces"].as_array().unwrap().len(), 0);
    assert_eq!(r.json["totalCount"], seeded + 23);
    // Sorting: name desc; then two keys.
    let r = emu
        .op(
            "listWorkspaces",
            Method::GET,
            &format!("{list}?sorts=name:desc&limit=1000"),
            None,
        )
        .await;
    let names: Vec<String> = r.json["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(names, sorted);
    let r = emu
        .op(
            "listWorkspaces",
            Method::GET,
            &format!("{list}?sorts=createdAt:desc&sorts=name:asc&limit=1000"),
            None,
        )
        .await;
    let created: Vec<String> = r.json["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["createdAt"].as_str().unwrap().to_string())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");
    let r = emu.get(&format!("{list}?sorts=size:asc")).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("sorts[0]: enum"),
        "{}",
        r.text
    );
    // Filter by ids (repeated key).
    let r = emu
        .op(
            "listWorkspaces",
            Method::GET,
            &format!("{list}?workspaceIds={}&workspaceIds={}", ids[0], ids[5]),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 2);
    // Bad paging values.
    for q in ["offset=-1", "limit=1001", "limit=abc", "unknownParam=1"] {
        let r = emu.get(&format!("{list}?{q}")).await;
        assert_error(&r, 400);
    }
    // Get, update, delete.
    let one = emu.org_url(&format!("/workspaces/{}", ids[0]));
    let r = emu.op("getWorkspace", Method::GET, &one, None).await;
    assert_eq!(r.json["name"], "ws-00");
    let body = json!({"name": "renamed", "description": "new", "cicdEnforcedDefault": true});
    let r = emu
        .op("updateWorkspace", Method::POST, &one, Some(&body))
        .await;
    assert_eq!(
        (r.json["name"].as_str(), r.json["description"].as_str()),
        (Some("renamed"), Some("new"))
    );
    let r = emu.post(&one, &json!({"name": "only name"})).await;
    assert_error(&r, 400);
    let r = emu.op("deleteWorkspace", Method::DELETE, &one, None).await;
    assert_eq!(r.status, 204);
    let r = emu.get(&one).await;
    assert_error(&r, 404);
    let r = emu.delete(&one).await;
    assert_error(&r, 404);
    let r = emu
        .post(&emu.org_url("/workspaces/clnotthere"), &body)
        .await;
    assert_error(&r, 404);
    // Create rules.
    let r = emu.post(&list, &json!({"name": "n".repeat(51)})).await;
    assert_error(&r, 400);
    let r = emu
        .post(&list, &json!({"name": "ok", "nmae": "typo"}))
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("nmae: unknownField"),
        "{}",
        r.text
    );
    let r = emu
        .raw(
            Method::POST,
            &list,
            Some(TOKEN),
            &[],
            Some("{\"name\": ".into()),
        )
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("not valid JSON"),
        "{}",
        r.text
    );
    let r = emu.raw(Method::POST, &list, Some(TOKEN), &[], None).await;
    assert_error(&r, 400);
    let r = emu.post(&list, &json!(["not", "an", "object"])).await;
    assert_error(&r, 400);
}

#[tokio::test]
async fn workspace_with_deployments_cannot_be_deleted() {
    let emu = start(config()).await;
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| {
            w["name"] == "Data Engineering"
        })
        .await;
    let r = emu.delete(&emu.org_url(&format!("/workspaces/{ws}"))).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"].as_str().unwrap().contains("Deployment"),
        "{}",
        r.text
    );
    let sandbox = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let r = emu
        .delete(&emu.org_url(&format!("/workspaces/{sandbox}")))
        .await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn clusters_crud_options_and_rules() {
    let emu = start(config()).await;
    let list = emu.org_url("/clusters");
    let r = emu.op("listClusters", Method::GET, &list, None).await;
    assert_eq!(r.json["totalCount"], 4);
    for (p, n) in [("AWS", 2), ("AZURE", 1), ("GCP", 1)] {
        let r = emu
            .op(
                "listClusters",
                Method::GET,
                &format!("{list}?provider={p}"),
                None,
            )
            .await;
        assert_eq!(r.json["totalCount"], n, "{p}");
        assert!(r.json["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["cloudProvider"] == p));
    }
    let r = emu.get(&format!("{list}?provider=IBM")).await;
    assert_error(&r, 400);
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    // Create: AWS dedicated.
    let body = json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "new-aws", "region": "us-west-2",
        "vpcSubnetRange": "172.20.0.0/19", "workspaceIds": [ws], "k8sTags": [{"key": "a", "value": "b"}]});
    let r = emu
        .op("createCluster", Method::POST, &list, Some(&body))
        .await;
    assert_eq!(r.json["status"], "CREATING");
    let id = r.json["id"].as_str().unwrap().to_string();
    let pools = r.json["nodePools"].as_array().unwrap();
    assert_eq!(pools.len(), 1);
    assert_eq!(pools[0]["clusterId"], id.as_str());
    assert_eq!(pools[0]["isDefault"], true);
    assert_eq!(r.json["tags"][0]["key"], "a");
    // Union variant rule: GCP needs the three ranges; AZURE accepts tenantId, AWS does not.
    let gcp = json!({"cloudProvider": "GCP", "type": "DEDICATED", "name": "g", "region": "us-central1", "vpcSubnetRange": "10.0.0.0/16"});
    let r = emu.post(&list, &gcp).await;
    assert_error(&r, 400);
    let m = r.json["message"].as_str().unwrap();
    assert!(
        m.contains("podSubnetRange: required") && m.contains("serviceSubnetRange: required"),
        "{m}"
    );
    let aws_tenant = json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "t", "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16", "tenantId": "x"});
    let r = emu.post(&list, &aws_tenant).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("tenantId: unknownField"),
        "{}",
        r.text
    );
    let mut azure = aws_tenant.clone();
    azure["cloudProvider"] = json!("AZURE");
    let r = emu
        .op("createCluster", Method::POST, &list, Some(&azure))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["tenantId"], "x");
    // Selector missing / unknown.
    let r = emu
        .post(&list, &json!({"type": "DEDICATED", "name": "n"}))
        .await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("cloudProvider: required"),
        "{}",
        r.text
    );
    let r = emu.post(&list, &json!({"cloudProvider": "IBM"})).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("cloudProvider: enum"),
        "{}",
        r.text
    );
    // Hybrid needs providerAccount and dbInstanceType; unknown workspace -> 404.
    let r = emu.post(&list, &json!({"cloudProvider": "AWS", "type": "HYBRID", "name": "h", "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16"})).await;
    assert_error(&r, 400);
    let r = emu.post(&list, &json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "h", "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16", "workspaceIds": ["clnope"]})).await;
    assert_error(&r, 404);
    let r = emu.post(&list, &json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "h", "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16", "workspaceIds": [ws, ws]})).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"].as_str().unwrap().contains("uniqueItems"),
        "{}",
        r.text
    );

    // Get; update while CREATING -> 412.
    let one = emu.org_url(&format!("/clusters/{id}"));
    let r = emu.op("getCluster", Method::GET, &one, None).await;
    assert_eq!(r.json["name"], "new-aws");
    let upd = json!({"name": "renamed", "k8sTags": [], "workspaceIds": []});
    let r = emu.post(&one, &upd).await;
    assert_error(&r, 412);
    let r = emu.post(&one, &json!({"name": "renamed"})).await;
    assert_error(&r, 400);
    // A settled cluster updates; node pools only on HYBRID.
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let one = emu.org_url(&format!("/clusters/{aws}"));
    let r = emu
        .op(
            "updateCluster",
            Method::POST,
            &one,
            Some(&json!({"name": "aws-prod-renamed", "k8sTags": [{"key": "k", "value": "v"}]})),
        )
        .await;
    assert_eq!(r.json["name"], "aws-prod-renamed");
    assert_eq!(r.json["status"], "UPDATING");
    assert_eq!(
        r.json["workspaceIds"].as_array().unwrap().len(),
        2,
        "omitted workspaceIds keep the list"
    );
    let gcp_h = emu
        .first_id("/clusters", "clusters", |c| {
            c["type"] == "HYBRID" && c["cloudProvider"] == "GCP"
        })
        .await;
    let r = emu.get(&emu.org_url(&format!("/clusters/{gcp_h}"))).await;
    let pool0 = r.json["nodePools"][0]["id"].as_str().unwrap().to_string();
    let upd = json!({"name": "gcp-h", "k8sTags": [], "nodePools": [
        {"id": pool0, "name": "default", "isDefault": true, "maxNodeCount": 30, "nodeInstanceType": "e2-standard-8"},
        {"name": "extra", "maxNodeCount": 3, "nodeInstanceType": "e2-standard-4"}]});
    let r = emu
        .op(
            "updateCluster",
            Method::POST,
            &emu.org_url(&format!("/clusters/{gcp_h}")),
            Some(&upd),
        )
        .await;
    let pools = r.json["nodePools"].as_array().unwrap();
    assert_eq!(pools.len(), 2);
    assert_eq!(pools[0]["id"], pool0.as_str());
    assert_eq!(pools[0]["maxNodeCount"], 30);
    // Cluster deletion: refused while deployments run on it, fine for an empty one.
    let r = emu
        .delete(&emu.org_url(&format!("/clusters/{gcp_h}")))
        .await;
    assert_error(&r, 400);
    let r = emu
        .op(
            "deleteCluster",
            Method::DELETE,
            &emu.org_url(&format!("/clusters/{id}")),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    let r = emu.get(&emu.org_url(&format!("/clusters/{id}"))).await;
    assert_error(&r, 404);

    // Cluster options.
    let opts = emu.org_url("/cluster-options");
    let r = emu
        .op(
            "getClusterOptions",
            Method::GET,
            &format!("{opts}?type=DEDICATED"),
            None,
        )
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 3);
    let r = emu
        .op(
            "getClusterOptions",
            Method::GET,
            &format!("{opts}?type=HYBRID&provider=GCP"),
            None,
        )
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["provider"], "GCP");
    let r = emu.get(&opts).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("type: required"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn deployments_crud_rules_and_computed_fields() {
    let emu = start(config()).await;
    let list = emu.org_url("/deployments");
    let r = emu.op("listDeployments", Method::GET, &list, None).await;
    let seeded = r.json["totalCount"].as_u64().unwrap();
    let all = r.json["deployments"].as_array().unwrap().clone();
    for t in ["DEDICATED", "HYBRID", "STANDARD"] {
        assert!(all.iter().any(|d| d["type"] == t), "{t}");
    }
    for e in ["CELERY", "KUBERNETES"] {
        assert!(all.iter().any(|d| d["executor"] == e), "{e}");
    }
    // Secret values are never returned.
    let etl = all.iter().find(|d| d["name"] == "etl-prod").unwrap();
    let secret = etl["environmentVariables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["isSecret"] == true)
        .unwrap();
    assert!(secret.get("value").is_none());

    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let body = dedicated_body(&ws, &aws);
    let r = emu
        .op("createDeployment", Method::POST, &list, Some(&body))
        .await;
    assert_eq!(r.status, 200);
    let d = r.json.clone();
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(d["status"], "CREATING");
    assert_eq!(d["workspaceName"], "Sandbox");
    assert_eq!(d["clusterName"], "aws-prod-use1");
    assert_eq!(
        (d["cloudProvider"].as_str(), d["region"].as_str()),
        (Some("AWS"), Some("us-east-1"))
    );
    assert_eq!(
        (d["runtimeVersion"].as_str(), d["airflowVersion"].as_str()),
        (Some("9.5.0"), Some("2.7.3"))
    );
    assert_eq!(
        (d["schedulerCpu"].as_str(), d["schedulerMemory"].as_str()),
        (Some("1"), Some("2Gi"))
    );
    assert_eq!(
        (
            d["workerQueues"][0]["podCpu"].as_str(),
            d["workerQueues"][0]["podMemory"].as_str()
        ),
        (Some("2"), Some("4Gi"))
    );
    assert!(d["workerQueues"][0]["id"]
        .as_str()
        .is_some_and(|s| s.len() == 25));
    assert!(d["webServerUrl"]
        .as_str()
        .unwrap()
        .contains(".astronomer.run/d"));
    assert!(!d["namespace"].as_str().unwrap().is_empty());
    assert_eq!(d["createdBy"]["fullName"], "Ada Lovelace");
    let r = emu.op("listDeployments", Method::GET, &list, None).await;
    assert_eq!(r.json["totalCount"], seeded + 1);
    // Filters.
    let r = emu
        .op(
            "listDeployments",
            Method::GET,
            &format!("{list}?workspaceIds={ws}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    let r = emu
        .op(
            "listDeployments",
            Method::GET,
            &format!("{list}?deploymentIds={id}&deploymentIds=clnope"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    let r = emu
        .op(
            "listDeployments",
            Method::GET,
            &format!("{list}?limit=5000"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "listDeployments has no maximum limit");

    // Union variant rules.
    let mut hybrid = body.clone();
    hybrid["type"] = json!("HYBRID");
    let r = emu.post(&list, &hybrid).await;
    assert_error(&r, 400);
    let m = r.json["message"].as_str().unwrap().to_string();
    assert!(m.contains("scheduler: required"), "{m}");
    assert!(m.contains("schedulerSize: unknownField"), "{m}");
    assert!(m.contains("workerQueues[0].nodePoolId: required"), "{m}");
    let mut standard = body.clone();
    standard["type"] = json!("STANDARD");
    standard.as_object_mut().unwrap().remove("clusterId");
    standard["cloudProvider"] = json!("GCP");
    standard["region"] = json!("europe-west4");
    let r = emu
        .op("createDeployment", Method::POST, &list, Some(&standard))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["cloudProvider"], "GCP");
    assert!(r.json["clusterId"].as_str().unwrap().starts_with("clstd"));
    let mut bad = body.clone();
    bad["type"] = json!("SERVERLESS");
    let r = emu.post(&list, &bad).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"].as_str().unwrap().contains("type: enum"),
        "{}",
        r.text
    );
    let mut bad = body.clone();
    bad["workerQueues"][0]["astroMachine"] = json!("A7");
    bad["workerQueues"][0]["workerConcurrency"] = json!(0);
    bad["name"] = json!("n".repeat(501));
    let r = emu.post(&list, &bad).await;
    assert_error(&r, 400);
    let m = r.json["message"].as_str().unwrap();
    assert!(
        m.contains("workerQueues[0].astroMachine: enum")
            && m.contains("workerQueues[0].workerConcurrency: minimum")
            && m.contains("name: maxLength"),
        "{m}"
    );
    let mut bad = body.clone();
    bad["workerQueues"] = json!([]);
    let r = emu.post(&list, &bad).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("workerQueues: minItems"),
        "{}",
        r.text
    );
    // Service rules: references and worker queues.
    let mut bad = body.clone();
    bad["workspaceId"] = json!("clnope");
    let r = emu.post(&list, &bad).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"].as_str().unwrap().contains("workspaceId"),
        "{}",
        r.text
    );
    let mut bad = body.clone();
    bad["clusterId"] = json!("clnope");
    assert_error(&emu.post(&list, &bad).await, 400);
    let gcp_h = emu
        .first_id("/clusters", "clusters", |c| c["type"] == "HYBRID")
        .await;
    let mut bad = body.clone();
    bad["clusterId"] = json!(gcp_h);
    assert_error(&emu.post(&list, &bad).await, 400);
    let mut bad = body.clone();
    bad["astroRuntimeVersion"] = json!("1.0.0");
    assert_error(&emu.post(&list, &bad).await, 400);
    let mut bad = body.clone();
    bad["workerQueues"][0]["isDefault"] = json!(false);
    assert_error(&emu.post(&list, &bad).await, 400);
    let mut bad = body.clone();
    bad["workerQueues"][0]["minWorkerCount"] = json!(5);
    assert_error(&emu.post(&list, &bad).await, 400);

    // Hybrid create with its node pool.
    let r = emu.get(&emu.org_url(&format!("/clusters/{gcp_h}"))).await;
    let pool = r.json["nodePools"][0]["id"].as_str().unwrap().to_string();
    let hyb = json!({"type": "HYBRID", "name": "hyb", "workspaceId": ws, "clusterId": gcp_h, "astroRuntimeVersion": "9.4.0",
        "executor": "CELERY", "isCicdEnforced": true, "isDagDeployEnabled": false, "scheduler": {"au": 7, "replicas": 2},
        "workerQueues": [{"name": "default", "isDefault": true, "nodePoolId": pool, "minWorkerCount": 0, "maxWorkerCount": 2, "workerConcurrency": 4}]});
    let r = emu
        .op("createDeployment", Method::POST, &list, Some(&hyb))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (
            r.json["schedulerAu"].as_u64(),
            r.json["schedulerReplicas"].as_u64()
        ),
        (Some(7), Some(2))
    );
    assert_eq!(r.json["workerQueues"][0]["nodePoolId"], pool.as_str());
    let mut bad = hyb.clone();
    bad["scheduler"]["au"] = json!(30);
    let r = emu.post(&list, &bad).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("scheduler.au: maximum"),
        "{}",
        r.text
    );

    // Get / update / delete.
    let one = emu.org_url(&format!("/deployments/{id}"));
    let r = emu.op("getDeployment", Method::GET, &one, None).await;
    assert_eq!(r.json["id"], id.as_str());
    let qid = r.json["workerQueues"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let upd = json!({"type": "DEDICATED", "name": "renamed-dep", "workspaceId": ws, "executor": "CELERY",
        "isCicdEnforced": true, "isDagDeployEnabled": true, "isHighAvailability": true, "schedulerSize": "LARGE",
        "defaultTaskPodCpu": "1", "defaultTaskPodMemory": "2Gi", "resourceQuotaCpu": "20", "resourceQuotaMemory": "40Gi",
        "contactEmails": ["a@acme.example"],
        "environmentVariables": [{"key": "A", "value": "1", "isSecret": false}, {"key": "S", "value": "hidden", "isSecret": true}],
        "workerQueues": [
            {"id": qid, "name": "default", "isDefault": true, "astroMachine": "A20", "minWorkerCount": 1, "maxWorkerCount": 4, "workerConcurrency": 20},
            {"name": "second", "isDefault": false, "astroMachine": "A5", "minWorkerCount": 0, "maxWorkerCount": 1, "workerConcurrency": 5}]});
    let r = emu
        .op("updateDeployment", Method::POST, &one, Some(&upd))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["name"], "renamed-dep");
    assert_eq!(
        (
            r.json["schedulerSize"].as_str(),
            r.json["schedulerCpu"].as_str(),
            r.json["schedulerReplicas"].as_u64()
        ),
        (Some("LARGE"), Some("4"), Some(2))
    );
    assert_eq!(r.json["workerQueues"][0]["id"], qid.as_str());
    assert_eq!(r.json["workerQueues"][0]["podMemory"], "8Gi");
    assert_eq!(r.json["workerQueues"].as_array().unwrap().len(), 2);
    let vars = r.json["environmentVariables"].as_array().unwrap();
    assert_eq!(vars[0]["value"], "1");
    assert!(
        vars[1].get("value").is_none(),
        "secret values are write-only"
    );
    assert_eq!(r.json["updatedBy"]["subjectType"], "USER");
    // Variant and service rules on update.
    let mut bad = upd.clone();
    bad["type"] = json!("STANDARD");
    assert_error(&emu.post(&one, &bad).await, 400);
    let mut bad = upd.clone();
    bad.as_object_mut().unwrap().remove("environmentVariables");
    let r = emu.post(&one, &bad).await;
    assert_error(&r, 400);
    assert!(
        r.json["message"]
            .as_str()
            .unwrap()
            .contains("environmentVariables: required"),
        "{}",
        r.text
    );
    let mut bad = upd.clone();
    bad["workerQueues"][0]["id"] = json!("clnotaqueue");
    assert_error(&emu.post(&one, &bad).await, 400);
    assert_error(
        &emu.post(&emu.org_url("/deployments/clnope"), &upd).await,
        404,
    );
    // Deployment options.
    let opts = emu.org_url("/deployment-options");
    let r = emu
        .op("getDeploymentOptions", Method::GET, &opts, None)
        .await;
    let machines: Vec<&str> = r.json["workerMachines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(machines, ["A5", "A10", "A20", "A40", "A60"]);
    assert!(r.json["runtimeReleases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["version"] == "9.5.0"));
    let r = emu
        .op(
            "getDeploymentOptions",
            Method::GET,
            &format!("{opts}?deploymentId={id}&deploymentType=DEDICATED&cloudProvider=AWS"),
            None,
        )
        .await;
    assert!(!r.json["workloadIdentityOptions"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_error(
        &emu.get(&format!("{opts}?deploymentType=SERVERLESS")).await,
        400,
    );
    assert_error(&emu.get(&format!("{opts}?deploymentId=clnope")).await, 400);
    // Delete.
    let r = emu.op("deleteDeployment", Method::DELETE, &one, None).await;
    assert_eq!(r.status, 204);
    assert_error(&emu.get(&one).await, 404);
    assert_error(&emu.delete(&one).await, 404);
}

#[tokio::test]
async fn lifecycle_over_lifecycle_seconds() {
    // 3 s: CREATING 0.9 s, DEPLOYING until 3 s; wide enough windows for a busy CI machine.
    let mut cfg = config();
    cfg.lifecycle_ms = 3000;
    let emu = start(cfg).await;
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let r = emu
        .post(&emu.org_url("/deployments"), &dedicated_body(&ws, &aws))
        .await;
    let one = emu.org_url(&format!("/deployments/{}", r.json["id"].as_str().unwrap()));
    assert_eq!(r.json["status"], "CREATING");
    let mut seen = vec!["CREATING".to_string()];
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        let s = emu.get(&one).await.json["status"]
            .as_str()
            .unwrap()
            .to_string();
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if s == "HEALTHY" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(seen, ["CREATING", "DEPLOYING", "HEALTHY"]);
    // An update goes back through DEPLOYING (for half the lifecycle).
    let mut upd = dedicated_body(&ws, &aws);
    for k in ["clusterId", "astroRuntimeVersion"] {
        upd.as_object_mut().unwrap().remove(k);
    }
    upd["environmentVariables"] = json!([]);
    let r = emu.post(&one, &upd).await;
    assert_eq!(r.json["status"], "DEPLOYING", "{}", r.text);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(emu.get(&one).await.json["status"], "HEALTHY");
    // Clusters: CREATING -> CREATED.
    let r = emu.post(&emu.org_url("/clusters"), &json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "c", "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16"})).await;
    let c = emu.org_url(&format!("/clusters/{}", r.json["id"].as_str().unwrap()));
    assert_eq!(r.json["status"], "CREATING");
    assert_eq!(emu.get(&c).await.json["status"], "CREATING");
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(emu.get(&c).await.json["status"], "CREATED");
}

#[tokio::test]
async fn persistence_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let mut cfg = config();
    cfg.data = Some(file.clone());
    let emu = start(cfg.clone()).await;
    let r = emu
        .post(&emu.org_url("/workspaces"), &json!({"name": "persisted"}))
        .await;
    let id = r.json["id"].as_str().unwrap().to_string();
    let sandbox = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    assert_eq!(
        emu.delete(&emu.org_url(&format!("/workspaces/{sandbox}")))
            .await
            .status,
        204
    );
    emu.server.shutdown().await;
    assert!(file.exists());
    // No temp files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "state.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let emu = start(cfg.clone()).await;
    let r = emu.get(&emu.org_url(&format!("/workspaces/{id}"))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["name"], "persisted");
    assert_error(
        &emu.get(&emu.org_url(&format!("/workspaces/{sandbox}")))
            .await,
        404,
    );
    // Reset goes back to the seed, and that is persisted too.
    let r = emu
        .client
        .post(format!("{}/__emulator/reset", emu.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_error(
        &emu.get(&emu.org_url(&format!("/workspaces/{id}"))).await,
        404,
    );
    emu.server.shutdown().await;
    let emu = start(cfg).await;
    assert_error(
        &emu.get(&emu.org_url(&format!("/workspaces/{id}"))).await,
        404,
    );
    assert_eq!(
        emu.get(&emu.org_url(&format!("/workspaces/{sandbox}")))
            .await
            .status,
        200
    );
    // A damaged file is refused, not overwritten.
    emu.server.shutdown().await;
    std::fs::write(&file, "{not json").unwrap();
    let mut cfg = config();
    cfg.data = Some(file.clone());
    assert!(astro_emulator::start(cfg).await.is_err());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{not json");
}

#[tokio::test]
async fn body_limit_413() {
    let mut cfg = config();
    cfg.max_body_bytes = 1024;
    let emu = start(cfg).await;
    let big = json!({"name": "x", "description": "d".repeat(4000)});
    let r = emu.post(&emu.org_url("/workspaces"), &big).await;
    assert_error(&r, 413);
    // Chunked (no Content-Length) bodies are bounded too.
    let chunks: Vec<Result<http_body::Frame<bytes::Bytes>, std::io::Error>> = (0..10)
        .map(|_| Ok(http_body::Frame::data(bytes::Bytes::from(vec![b' '; 500]))))
        .collect();
    let body = reqwest::Body::wrap(http_body_util::StreamBody::new(futures_util::stream::iter(
        chunks,
    )));
    let resp = emu
        .client
        .post(emu.org_url("/workspaces"))
        .bearer_auth(TOKEN)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 413);
    let small = json!({"name": "fits"});
    assert_eq!(
        emu.post(&emu.org_url("/workspaces"), &small).await.status,
        200
    );
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let emu = start(config()).await;
    let resp = emu
        .client
        .request(Method::OPTIONS, emu.org_url("/deployments"))
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,x-emulator-fault",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:5173");
    assert_eq!(
        h["access-control-allow-headers"],
        "authorization,content-type,x-emulator-fault"
    );
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("DELETE"));
    let r = emu
        .raw(
            Method::GET,
            &emu.org_url("/workspaces"),
            Some(TOKEN),
            &[("origin", "http://localhost:5173")],
            None,
        )
        .await;
    assert_eq!(
        r.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert_eq!(
        r.header("access-control-expose-headers").as_deref(),
        Some("x-request-id, retry-after, x-ms-version-id")
    );
    assert!(r.header("x-request-id").is_some());
}

#[tokio::test]
async fn journal_records_and_redacts() {
    let emu = start(config()).await;
    emu.raw(
        Method::GET,
        &emu.org_url("/workspaces?limit=2"),
        Some(TOKEN),
        &[("x-emulator-fault", "latency=1; key=j1")],
        None,
    )
    .await;
    emu.post(&emu.org_url("/workspaces"), &json!({"name": "journaled"}))
        .await;
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
    assert_eq!(j.len(), 2);
    assert_eq!(j[0]["method"], "GET");
    assert_eq!(j[0]["query"], "limit=2");
    assert_eq!(j[0]["key"], "j1");
    assert_eq!(j[0]["fault"], "latency=1; key=j1");
    assert_eq!(j[0]["status"], 200);
    assert_eq!(j[0]["headers"]["authorization"], "Bearer [redacted]");
    assert!(!j[0].to_string().contains(TOKEN));
    assert_eq!(j[1]["method"], "POST");
    assert_eq!(j[1]["body"], "{\"name\":\"journaled\"}");
    assert_eq!(
        j[1]["path"],
        format!("/platform/v1beta1/organizations/{DEMO_ORG}/workspaces")
    );
    let r = emu
        .client
        .post(format!("{}/__emulator/reset", emu.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let j: Value = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(j.as_array().unwrap().len(), 0);
    let r = emu.get(&emu.org_url("/workspaces")).await;
    assert!(r.json["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["name"] != "journaled"));
}

#[test]
fn contract_check_rejects_wrong_shapes() {
    // The self-check used above is real: a wrong body fails it.
    let v = spec()
        .response_validator("getWorkspace", 200)
        .unwrap()
        .unwrap();
    assert!(!v.is_valid(&json!({"id": 1})));
    assert!(!v.is_valid(&json!({"id": "a", "name": "n", "organizationId": "o", "cicdEnforcedDefault": "no", "createdAt": "t", "updatedAt": "t"})));
    let v = spec()
        .response_validator("getDeployment", 200)
        .unwrap()
        .unwrap();
    let mut d = json!({"id": "a", "name": "n", "organizationId": "o", "workspaceId": "w", "status": "HEALTHY", "createdAt": "t", "updatedAt": "t"});
    assert!(v.is_valid(&d));
    d["status"] = json!("SLEEPING");
    assert!(!v.is_valid(&d));
}
