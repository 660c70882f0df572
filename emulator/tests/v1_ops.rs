//! v1 operations with real effects: allowed IP ranges, environment objects (links, exclusions,
//! secrets), deploys (upload, finalize, rollback), hibernation overrides, deployment logs,
//! audit logs, and persistence of the new resources.
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
use std::io::Read;
use std::time::Duration;

#[tokio::test]
async fn allowed_ip_ranges() {
    let emu = start(config()).await;
    let list = emu.v1_org("/allowed-ip-address-ranges");
    let r = emu
        .v1(
            "createAllowedIpAddressRange",
            Method::POST,
            &list,
            Some(&json!({"ipAddressRange": "203.0.113.0/24"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let first = r.json["id"].as_str().unwrap().to_string();
    assert_error(
        &emu.v1(
            "createAllowedIpAddressRange",
            Method::POST,
            &list,
            Some(&json!({"ipAddressRange": "not-a-cidr"})),
        )
        .await,
        400,
    );
    let r = emu
        .v1(
            "bulkCreateAllowedIpAddressRanges",
            Method::POST,
            &format!("{list}/bulk-create"),
            Some(&json!({"allowedIpAddressRanges": ["10.0.0.0/8", "2001:db8::/32"]})),
        )
        .await;
    assert_eq!(
        r.json["allowedIpAddressRanges"].as_array().unwrap().len(),
        2,
        "{}",
        r.text
    );
    let r = emu
        .v1(
            "bulkCreateAllowedIpAddressRanges",
            Method::POST,
            &format!("{list}/bulk-create"),
            Some(&json!({"allowedIpAddressRanges": ["192.0.2.0/24", "10.0.0.0/8"]})),
        )
        .await;
    assert_error(&r, 409);
    let r = emu
        .v1(
            "listAllowedIpAddressRanges",
            Method::GET,
            &format!("{list}?sorts=ipAddress:asc&limit=2"),
            None,
        )
        .await;
    assert_eq!(
        r.json["totalCount"], 3,
        "all or nothing: 192.0.2.0/24 was not added"
    );
    assert_eq!(
        r.json["allowedIpAddressRanges"][0]["ipAddressRange"],
        "10.0.0.0/8"
    );
    let r = emu
        .v1("getOrganization", Method::GET, &emu.v1_org(""), None)
        .await;
    assert_eq!(r.json["hasAllowedIpAddressRanges"], true);
    let ids: Vec<Value> = emu
        .v1("listAllowedIpAddressRanges", Method::GET, &list, None)
        .await
        .json["allowedIpAddressRanges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["id"] != first.as_str())
        .map(|x| x["id"].clone())
        .collect();
    let r = emu
        .v1(
            "bulkDeleteAllowedIpAddressRanges",
            Method::POST,
            &format!("{list}/bulk-delete"),
            Some(&json!({"allowedIpAddressRangeIds": ids})),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.v1(
            "bulkDeleteAllowedIpAddressRanges",
            Method::POST,
            &format!("{list}/bulk-delete"),
            Some(&json!({"allowedIpAddressRangeIds": ["clnope"]})),
        )
        .await,
        400,
    );
    let r = emu
        .v1(
            "deleteAllowedIpAddressRange",
            Method::DELETE,
            &format!("{list}/{first}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.v1(
            "deleteAllowedIpAddressRange",
            Method::DELETE,
            &format!("{list}/{first}"),
            None,
        )
        .await,
        404,
    );
    assert_eq!(
        emu.v1("getOrganization", Method::GET, &emu.v1_org(""), None)
            .await
            .json["hasAllowedIpAddressRanges"],
        false
    );
}

#[tokio::test]
async fn environment_objects_linked_excluded_and_secret() {
    let emu = start(config()).await;
    let de = emu
        .first_id("/workspaces", "workspaces", |w| {
            w["name"] == "Data Engineering"
        })
        .await;
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let stg = emu
        .first_id("/deployments", "deployments", |d| {
            d["name"] == "etl-staging"
        })
        .await;
    let reports = emu
        .first_id("/deployments", "deployments", |d| {
            d["name"] == "marketing-reports"
        })
        .await;
    let list = emu.v1_org("/environment-objects");
    // A Workspace variable linked to every Deployment of the Workspace.
    let body = json!({"objectKey": "WAREHOUSE_URL", "objectType": "ENVIRONMENT_VARIABLE", "scope": "WORKSPACE", "scopeEntityId": de,
        "autoLinkDeployments": true, "environmentVariable": {"value": "postgres://wh", "isSecret": false}});
    let r = emu
        .v1("createEnvironmentObject", Method::POST, &list, Some(&body))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let var = r.json["id"].as_str().unwrap().to_string();
    assert_error(
        &emu.v1("createEnvironmentObject", Method::POST, &list, Some(&body))
            .await,
        409,
    );
    // A secret connection, linked explicitly to etl-prod with an override.
    let conn = json!({"objectKey": "warehouse", "objectType": "CONNECTION", "scope": "WORKSPACE", "scopeEntityId": de,
        "connection": {"type": "postgres", "host": "wh.internal", "login": "etl", "password": "hunter2", "port": 5432},
        "links": [{"scope": "DEPLOYMENT", "scopeEntityId": etl, "overrides": {"connection": {"host": "wh-prod.internal"}}}]});
    let r = emu
        .v1("createEnvironmentObject", Method::POST, &list, Some(&conn))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let conn_id = r.json["id"].as_str().unwrap().to_string();
    // A variable made without isSecret answers it (false).
    let plain = json!({"objectKey": "REGION", "objectType": "AIRFLOW_VARIABLE", "scope": "DEPLOYMENT", "scopeEntityId": etl, "airflowVariable": {"value": "eu"}});
    let r = emu
        .v1("createEnvironmentObject", Method::POST, &list, Some(&plain))
        .await;
    let plain_id = r.json["id"].as_str().unwrap().to_string();
    let r = emu
        .v1(
            "getEnvironmentObject",
            Method::GET,
            &format!("{list}/{plain_id}"),
            None,
        )
        .await;
    assert_eq!(r.json["airflowVariable"]["isSecret"], false);
    assert_eq!(
        emu.v1(
            "deleteEnvironmentObject",
            Method::DELETE,
            &format!("{list}/{plain_id}"),
            None
        )
        .await
        .status,
        204
    );
    // A link to a Deployment of another Workspace is refused (409: these operations list no 400).
    let mut other = conn.clone();
    other["objectKey"] = json!("other");
    other["links"][0]["scopeEntityId"] = json!(reports);
    assert_error(
        &emu.v1("createEnvironmentObject", Method::POST, &list, Some(&other))
            .await,
        409,
    );
    // The wrong settings for the type.
    let r = emu.v1("createEnvironmentObject", Method::POST, &list, Some(&json!({"objectKey": "k", "objectType": "AIRFLOW_VARIABLE", "scope": "WORKSPACE", "scopeEntityId": de}))).await;
    assert_error(&r, 409);
    assert_error(&emu.v1("createEnvironmentObject", Method::POST, &list, Some(&json!({"objectKey": "k", "objectType": "AIRFLOW_VARIABLE", "scope": "WORKSPACE", "scopeEntityId": "clnope", "airflowVariable": {"value": "v"}}))).await, 404);
    // Listed for etl-prod: both (auto link and explicit link); resolved, with the override.
    let r = emu
        .v1(
            "listEnvironmentObjects",
            Method::GET,
            &format!("{list}?deploymentId={etl}&resolveLinked=true&sorts=objectKey:asc"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 2, "{}", r.text);
    let c = r.json["environmentObjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["objectType"] == "CONNECTION")
        .unwrap()
        .clone();
    assert_eq!(c["connection"]["host"], "wh-prod.internal");
    assert_eq!(c["sourceScope"], "WORKSPACE");
    assert!(
        c["connection"].get("password").is_none(),
        "secrets are write-only"
    );
    // etl-staging only gets the auto-linked variable.
    let r = emu
        .v1(
            "listEnvironmentObjects",
            Method::GET,
            &format!("{list}?deploymentId={stg}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    // Exclude etl-staging from the variable.
    let r = emu
        .v1(
            "excludeLinkingEnvironmentObject",
            Method::POST,
            &format!("{list}/{var}/exclude-linking"),
            Some(&json!({"scope": "DEPLOYMENT", "scopeEntityId": stg})),
        )
        .await;
    assert_eq!(r.status, 204);
    let r = emu
        .v1(
            "listEnvironmentObjects",
            Method::GET,
            &format!("{list}?deploymentId={stg}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 0);
    let r = emu
        .v1(
            "getEnvironmentObject",
            Method::GET,
            &format!("{list}/{var}"),
            None,
        )
        .await;
    assert_eq!(r.json["excludeLinks"][0]["scopeEntityId"], stg.as_str());
    assert_eq!(r.json["setFields"], json!(["value"]));
    // showSecrets reveals the password; the Workspace filter lists both.
    let r = emu
        .v1(
            "listEnvironmentObjects",
            Method::GET,
            &format!("{list}?workspaceId={de}&showSecrets=true&objectType=CONNECTION"),
            None,
        )
        .await;
    assert_eq!(
        r.json["environmentObjects"][0]["connection"]["password"],
        "hunter2"
    );
    let r = emu.v1("updateEnvironmentObject", Method::POST, &format!("{list}/{conn_id}"), Some(&json!({"description": "the warehouse", "connection": {"type": "postgres", "port": 6432}}))).await;
    assert_eq!(
        (
            r.json["connection"]["port"].as_i64(),
            r.json["connection"]["host"].as_str()
        ),
        (Some(6432), Some("wh.internal")),
        "{}",
        r.text
    );
    assert_error(
        &emu.v1(
            "updateEnvironmentObject",
            Method::POST,
            &format!("{list}/{conn_id}"),
            Some(&json!({"airflowVariable": {"value": "x"}})),
        )
        .await,
        409,
    );
    let r = emu
        .v1(
            "deleteEnvironmentObject",
            Method::DELETE,
            &format!("{list}/{conn_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.v1(
            "getEnvironmentObject",
            Method::GET,
            &format!("{list}/{conn_id}"),
            None,
        )
        .await,
        404,
    );
}

async fn upload(emu: &Emu, url: &str, bytes: &'static [u8]) -> String {
    let r = emu
        .client
        .put(url)
        .header("x-ms-blob-type", "BlockBlob")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    r.headers()["x-ms-version-id"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn deploy_lifecycle_and_rollback() {
    let emu = start(config()).await;
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let dep_url = emu.v1_org(&format!("/deployments/{etl}"));
    let deploys = format!("{dep_url}/deploys");
    // 1: image and DAGs.
    let body = json!({"type": "IMAGE_AND_DAG", "description": "first", "git": {"provider": "GITHUB", "commitSha": "abc123", "repo": "acme/dags"}});
    let r = emu
        .v1("createDeploy", Method::POST, &deploys, Some(&body))
        .await;
    assert_eq!(
        (r.status, r.json["status"].as_str()),
        (200, Some("INITIALIZED")),
        "{}",
        r.text
    );
    let first = r.json["id"].as_str().unwrap().to_string();
    let upload_url = r.json["dagsUploadUrl"].as_str().unwrap().to_string();
    let tag1 = r.json["imageTag"].as_str().unwrap().to_string();
    // Finalize before the upload: refused.
    let fin = format!("{deploys}/{first}/finalize");
    let r = emu
        .v1(
            "finalizeDeploy",
            Method::POST,
            &fin,
            Some(&json!({"dagTarballVersion": "v0"})),
        )
        .await;
    assert_error(&r, 400);
    let version = upload(&emu, &upload_url, b"dags.tar.gz bytes").await;
    let r = emu
        .v1(
            "finalizeDeploy",
            Method::POST,
            &fin,
            Some(&json!({"dagTarballVersion": version})),
        )
        .await;
    assert_eq!(
        (r.status, r.json["status"].as_str()),
        (200, Some("DEPLOYED")),
        "{}",
        r.text
    );
    assert_error(
        &emu.v1("finalizeDeploy", Method::POST, &fin, Some(&json!({})))
            .await,
        400,
    );
    let r = emu.v1("getDeployment", Method::GET, &dep_url, None).await;
    assert_eq!(r.json["imageTag"], tag1.as_str());
    assert_eq!(r.json["dagTarballVersion"], version.as_str());
    assert_eq!(r.json["status"], "DEPLOYING");
    // 2: image only.
    let r = emu
        .v1(
            "createDeploy",
            Method::POST,
            &deploys,
            Some(&json!({"type": "IMAGE_ONLY"})),
        )
        .await;
    let second = r.json["id"].as_str().unwrap().to_string();
    assert!(r.json.get("dagsUploadUrl").is_none());
    let tag2 = r.json["imageTag"].as_str().unwrap().to_string();
    assert_ne!(tag1, tag2);
    let r = emu
        .v1(
            "finalizeDeploy",
            Method::POST,
            &format!("{deploys}/{second}/finalize"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        emu.v1("getDeployment", Method::GET, &dep_url, None)
            .await
            .json["imageTag"],
        tag2.as_str()
    );
    // Rolling back to the running deploy is refused; to the first one restores its image.
    assert_error(
        &emu.v1(
            "deployRollback",
            Method::POST,
            &format!("{deploys}/{second}/rollback"),
            Some(&json!({})),
        )
        .await,
        400,
    );
    let r = emu
        .v1(
            "deployRollback",
            Method::POST,
            &format!("{deploys}/{first}/rollback"),
            Some(&json!({"description": "bad release"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["rollbackFromId"], second.as_str());
    assert_eq!(
        emu.v1("getDeployment", Method::GET, &dep_url, None)
            .await
            .json["imageTag"],
        tag1.as_str()
    );
    let r = emu
        .v1(
            "listDeploys",
            Method::GET,
            &format!("{deploys}?limit=10"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 3);
    let r = emu
        .v1(
            "getDeploy",
            Method::GET,
            &format!("{deploys}/{first}"),
            None,
        )
        .await;
    assert_eq!(r.json["git"]["commitSha"], "abc123");
    let r = emu
        .v1(
            "updateDeploy",
            Method::POST,
            &format!("{deploys}/{first}"),
            Some(&json!({"description": "first, annotated"})),
        )
        .await;
    assert_eq!(r.json["description"], "first, annotated");
    assert_error(
        &emu.v1("getDeploy", Method::GET, &format!("{deploys}/clnope"), None)
            .await,
        404,
    );
    assert_error(
        &emu.v1(
            "createDeploy",
            Method::POST,
            &deploys,
            Some(&json!({"type": "BUNDLE"})),
        )
        .await,
        400,
    );
    // Uploads only go to a deploy waiting for one.
    let r = emu
        .client
        .put(&upload_url)
        .body("again")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 409);
    // The logs tell the story.
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{dep_url}/logs?sources=scheduler&searchText=finalized"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 2, "{}", r.text);
}

#[tokio::test]
async fn hibernation_override_and_wake() {
    let mut cfg = config();
    cfg.lifecycle_ms = 0;
    cfg.day_ms = 8_640; // one API hour lasts 0.36 s
    let emu = start(cfg).await;
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let r = emu
        .v1(
            "createDeployment",
            Method::POST,
            &emu.v1_org("/deployments"),
            Some(&json!({"name": "dev", "workspaceId": ws, "isDevelopmentMode": true})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let dep = emu.v1_org(&format!("/deployments/{}", r.json["id"].as_str().unwrap()));
    let over = format!("{dep}/hibernation-override");
    let until = astro_emulator::util::rfc3339(astro_emulator::util::now_ms() + 3_600_000);
    let r = emu
        .v1(
            "updateDeploymentHibernationOverride",
            Method::POST,
            &over,
            Some(&json!({"isHibernating": true, "overrideUntil": until})),
        )
        .await;
    assert_eq!(
        (
            r.json["isActive"].as_bool(),
            r.json["isHibernating"].as_bool()
        ),
        (Some(true), Some(true)),
        "{}",
        r.text
    );
    let r = emu.v1("getDeployment", Method::GET, &dep, None).await;
    assert_eq!(r.json["status"], "HIBERNATING");
    assert_eq!(
        r.json["scalingStatus"]["hibernationStatus"]["isHibernating"],
        true
    );
    assert_eq!(
        r.json["scalingSpec"]["hibernationSpec"]["override"]["overrideUntil"],
        until.as_str()
    );
    // v1beta1 has no HIBERNATING: it shows UNKNOWN.
    let id = r.json["id"].as_str().unwrap().to_string();
    assert_eq!(
        emu.op(
            "getDeployment",
            Method::GET,
            &emu.org_url(&format!("/deployments/{id}")),
            None
        )
        .await
        .json["status"],
        "UNKNOWN"
    );
    // The override ends on the compressed clock.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        emu.v1("getDeployment", Method::GET, &dep, None).await.json["status"],
        "HEALTHY"
    );
    // Indefinite override, then deleting it wakes the Deployment.
    let r = emu
        .v1(
            "updateDeploymentHibernationOverride",
            Method::POST,
            &over,
            Some(&json!({"isHibernating": true})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        emu.v1("getDeployment", Method::GET, &dep, None).await.json["status"],
        "HIBERNATING"
    );
    let r = emu
        .v1(
            "deleteDeploymentHibernationOverride",
            Method::DELETE,
            &over,
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        emu.v1("getDeployment", Method::GET, &dep, None).await.json["status"],
        "HEALTHY"
    );
    // Rules: the past, and Deployments not in development mode.
    let r = emu
        .v1(
            "updateDeploymentHibernationOverride",
            Method::POST,
            &over,
            Some(&json!({"isHibernating": true, "overrideUntil": "2020-01-01T00:00:00Z"})),
        )
        .await;
    assert_error(&r, 400);
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let r = emu
        .v1(
            "updateDeploymentHibernationOverride",
            Method::POST,
            &emu.v1_org(&format!("/deployments/{etl}/hibernation-override")),
            Some(&json!({"isHibernating": true})),
        )
        .await;
    assert_error(&r, 400);
    // What happened is in the logs.
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{dep}/logs?sources=scheduler&searchText=hibernat"),
            None,
        )
        .await;
    assert!(r.json["resultCount"].as_u64().unwrap() >= 3, "{}", r.text);
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{dep}/logs?sources=scheduler&searchText=waking"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 2, "{}", r.text);
}

#[tokio::test]
async fn deployment_logs_filtered_and_paged() {
    let mut cfg = config();
    cfg.lifecycle_ms = 0;
    let emu = start(cfg).await;
    let ws = emu
        .first_id("/workspaces", "workspaces", |w| w["name"] == "Sandbox")
        .await;
    let aws = emu
        .first_id("/clusters", "clusters", |c| c["name"] == "aws-prod-use1")
        .await;
    let before = astro_emulator::util::rfc3339(astro_emulator::util::now_ms() - 1000);
    let r = emu
        .v1(
            "createDeployment",
            Method::POST,
            &emu.v1_org("/deployments"),
            Some(&dedicated_body(&ws, &aws)),
        )
        .await;
    let dep = emu.v1_org(&format!("/deployments/{}", r.json["id"].as_str().unwrap()));
    let mut upd = dedicated_body(&ws, &aws);
    for k in ["clusterId", "astroRuntimeVersion"] {
        upd.as_object_mut().unwrap().remove(k);
    }
    upd["environmentVariables"] = json!([]);
    upd["workerQueues"][0]["maxWorkerCount"] = json!(9);
    let r = emu
        .v1("updateDeployment", Method::POST, &dep, Some(&upd))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let logs = format!("{dep}/logs");
    let all = "sources=scheduler&sources=webserver&sources=worker&sources=triggerer";
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}"),
            None,
        )
        .await;
    let total = r.json["resultCount"].as_u64().unwrap();
    assert!(total >= 6, "{}", r.text);
    assert!(r.json["searchId"].as_str().is_some());
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?sources=worker"),
            None,
        )
        .await;
    assert!(r.json["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["source"] == "worker"));
    assert!(
        r.text.contains("scaled to 0..9"),
        "worker scaling is logged: {}",
        r.text
    );
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&searchText=WEBSERVER"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 1);
    // Paging: offset/limit over the same search.
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&limit=2&offset=1&searchId=s1"),
            None,
        )
        .await;
    assert_eq!(
        (
            r.json["resultCount"].as_u64(),
            r.json["offset"].as_u64(),
            r.json["searchId"].as_str()
        ),
        (Some(2), Some(1), Some("s1"))
    );
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&maxNumResults=3&limit=100"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 3);
    // Time window: everything since `before`; nothing in a window of the past.
    let after = astro_emulator::util::rfc3339(astro_emulator::util::now_ms() + 60_000);
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&startDate={before}&endDate={after}"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"].as_u64(), Some(total));
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&startDate=2020-01-01T00:00:00Z&endDate=2020-01-02T00:00:00Z"),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 0);
    assert_error(
        &emu.v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?{all}&startDate=2020-01-01T00:00:00Z"),
            None,
        )
        .await,
        400,
    );
    assert_error(
        &emu.v1(
            "getDeploymentLogs",
            Method::GET,
            &format!("{logs}?sources=nginx"),
            None,
        )
        .await,
        400,
    );
    assert_error(
        &emu.v1("getDeploymentLogs", Method::GET, &logs, None).await,
        400,
    );
}

#[tokio::test]
async fn audit_logs_are_gzipped_ndjson_of_served_calls() {
    let emu = start(config()).await;
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(
                &json!({"name": "auditor", "role": "ORGANIZATION_OWNER", "scope": "ORGANIZATION"}),
            ),
        )
        .await;
    let secret = r.json["token"].as_str().unwrap().to_string();
    emu.raw(
        Method::GET,
        &emu.v1_org("/workspaces"),
        Some(&secret),
        &[],
        None,
    )
    .await;
    emu.get(&emu.org_url("/clusters")).await;
    emu.get(&format!("{}/organizations/{OTHER_ORG}/workspaces", emu.api))
        .await;
    let r = emu
        .client
        .get(emu.v1_org("/audit-logs"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let gz = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ops: Vec<&str> = lines
        .iter()
        .map(|l| l["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ops,
        ["createApiToken", "listWorkspaces", "listClusters"],
        "only this organization's calls: {text}"
    );
    assert_eq!(lines[0]["actor"]["name"], "ada@acme.example");
    assert_eq!(
        (
            lines[1]["actor"]["subjectType"].as_str(),
            lines[1]["actor"]["name"].as_str()
        ),
        (Some("SERVICEKEY"), Some("auditor"))
    );
    assert_eq!(
        (
            lines[2]["apiVersion"].as_str(),
            lines[2]["method"].as_str(),
            lines[2]["status"].as_u64()
        ),
        (Some("v1beta1"), Some("GET"), Some(200))
    );
    assert!(!text.contains(&secret) && !text.contains(TOKEN));
    // A window in the past is empty.
    let r = emu
        .client
        .get(emu.v1_org("/audit-logs?startDate=2020-01-01T00:00:00Z&endDate=2020-01-02T00:00:00Z"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let gz = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.is_empty());
    assert_error(
        &emu.get(&emu.v1_org("/audit-logs?startDate=yesterday"))
            .await,
        400,
    );
}

#[tokio::test]
async fn new_resources_persist_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.json");
    let mut cfg = config();
    cfg.data = Some(file.clone());
    let emu = start(cfg.clone()).await;
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(&json!({"name": "kept", "role": "ORGANIZATION_OWNER", "scope": "ORGANIZATION"})),
        )
        .await;
    let secret = r.json["token"].as_str().unwrap().to_string();
    let team = emu
        .v1(
            "createTeam",
            Method::POST,
            &emu.v1_org("/teams"),
            Some(&json!({"name": "Persisted"})),
        )
        .await
        .json["id"]
        .as_str()
        .unwrap()
        .to_string();
    emu.v1(
        "createAllowedIpAddressRange",
        Method::POST,
        &emu.v1_org("/allowed-ip-address-ranges"),
        Some(&json!({"ipAddressRange": "198.51.100.0/24"})),
    )
    .await;
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let deploy = emu
        .v1(
            "createDeploy",
            Method::POST,
            &emu.v1_org(&format!("/deployments/{etl}/deploys")),
            Some(&json!({"type": "DAG_ONLY"})),
        )
        .await;
    let upload_url = deploy.json["dagsUploadUrl"].as_str().unwrap().to_string();
    upload(&emu, &upload_url, b"bundle").await;
    emu.server.shutdown().await;
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        !saved.contains(&secret),
        "the token value is not stored, only its hash"
    );
    let emu = start(cfg).await;
    assert_eq!(
        emu.raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&secret),
            &[],
            None
        )
        .await
        .status,
        200
    );
    assert_eq!(
        emu.v1(
            "getTeam",
            Method::GET,
            &emu.v1_org(&format!("/teams/{team}")),
            None
        )
        .await
        .json["name"],
        "Persisted"
    );
    assert_eq!(
        emu.v1(
            "listAllowedIpAddressRanges",
            Method::GET,
            &emu.v1_org("/allowed-ip-address-ranges"),
            None
        )
        .await
        .json["totalCount"],
        1
    );
    let r = emu
        .v1(
            "getDeploymentLogs",
            Method::GET,
            &emu.v1_org(&format!(
                "/deployments/{etl}/logs?sources=scheduler&searchText=initialized"
            )),
            None,
        )
        .await;
    assert_eq!(r.json["resultCount"], 1);
}
