//! v1 API tokens and agent tokens are real credentials: round trip, scopes, roles, rotation,
//! deletion, expiry on the compressed clock; never shown twice, never journaled.
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

async fn create_token(emu: &Emu, body: Value) -> (String, String) {
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(&body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    (
        r.json["id"].as_str().unwrap().to_string(),
        r.json["token"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn token_round_trip_create_use_rotate_old_refused_delete() {
    let emu = start(config()).await;
    let (id, secret) = create_token(&emu, json!({"name": "ci", "description": "for CI", "role": "ORGANIZATION_OWNER", "scope": "ORGANIZATION", "kind": "STANDARD"})).await;
    // The new token works on both versions, as a service key with its name.
    let r = emu
        .v1_call(
            &secret,
            "listWorkspaces",
            Method::GET,
            &emu.v1_org("/workspaces"),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let r = emu
        .raw(
            Method::GET,
            &emu.org_url("/workspaces"),
            Some(&secret),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let r = emu
        .v1_call(
            &secret,
            "createWorkspace",
            Method::POST,
            &emu.v1_org("/workspaces"),
            Some(&json!({"name": "by-token"})),
        )
        .await;
    assert_eq!(
        (
            r.json["createdBy"]["subjectType"].as_str(),
            r.json["createdBy"]["apiTokenName"].as_str()
        ),
        (Some("SERVICEKEY"), Some("ci"))
    );
    // It reaches its organization only.
    let r = emu
        .raw(
            Method::GET,
            &format!("{}/organizations/{OTHER_ORG}/workspaces", emu.v1),
            Some(&secret),
            &[],
            None,
        )
        .await;
    assert_error(&r, 403);
    let r = emu
        .v1_call(
            &secret,
            "listOrganizations",
            Method::GET,
            &format!("{}/organizations", emu.v1),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    // getSelfUser answers for users only.
    let r = emu
        .v1_call(
            &secret,
            "getSelfUser",
            Method::GET,
            &format!("{}/users/self", emu.v1),
            None,
        )
        .await;
    assert_error(&r, 400);
    // The value is shown once: get and list never carry it.
    let one = emu.v1_org(&format!("/tokens/{id}"));
    let r = emu.v1("getApiToken", Method::GET, &one, None).await;
    assert!(r.json.get("token").is_none());
    assert!(r.json["lastUsedAt"].as_str().is_some());
    let r = emu
        .v1(
            "listApiTokens",
            Method::GET,
            &emu.v1_org("/tokens?includeOnlyOrganizationTokens=true"),
            None,
        )
        .await;
    assert!(!r.text.contains(&secret));
    assert!(r.json["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["id"] == id.as_str()));
    // Rotate: the new value works, the old one answers 401.
    let r = emu
        .v1(
            "rotateApiToken",
            Method::POST,
            &format!("{one}/rotate"),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let rotated = r.json["token"].as_str().unwrap().to_string();
    assert_ne!(rotated, secret);
    assert!(r.json["lastRotatedAt"].as_str().is_some());
    assert_error(
        &emu.raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&secret),
            &[],
            None,
        )
        .await,
        401,
    );
    assert_eq!(
        emu.raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&rotated),
            &[],
            None
        )
        .await
        .status,
        200
    );
    // Update name and description.
    let r = emu
        .v1(
            "updateApiToken",
            Method::POST,
            &one,
            Some(&json!({"name": "ci-2", "description": "renamed"})),
        )
        .await;
    assert_eq!(r.json["name"], "ci-2");
    assert_error(
        &emu.v1(
            "updateApiToken",
            Method::POST,
            &one,
            Some(&json!({"name": ""})),
        )
        .await,
        400,
    );
    // A reading role cannot write.
    let r = emu.v1("updateApiTokenRoles", Method::POST, &format!("{one}/roles"), Some(&json!({"roles": [{"entityId": DEMO_ORG, "entityType": "ORGANIZATION", "role": "ORGANIZATION_MEMBER"}]}))).await;
    assert_eq!(
        r.json["organizationRole"], "ORGANIZATION_MEMBER",
        "{}",
        r.text
    );
    assert_eq!(
        emu.raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&rotated),
            &[],
            None
        )
        .await
        .status,
        200
    );
    let r = emu
        .raw(
            Method::POST,
            &emu.v1_org("/workspaces"),
            Some(&rotated),
            &[],
            Some(json!({"name": "nope"}).to_string()),
        )
        .await;
    assert_error(&r, 403);
    let r = emu.v1("updateApiTokenRoles", Method::POST, &format!("{one}/roles"), Some(&json!({"roles": [{"entityId": DEMO_ORG, "entityType": "WORKSPACE", "role": "WORKSPACE_OWNER"}]}))).await;
    assert_error(&r, 400);
    // Delete: the token answers 401.
    let r = emu.v1("deleteApiToken", Method::DELETE, &one, None).await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&rotated),
            &[],
            None,
        )
        .await,
        401,
    );
    assert_error(&emu.v1("getApiToken", Method::GET, &one, None).await, 404);
    // No token value in the journal.
    let j = emu
        .client
        .get(format!("{}/__emulator/requests", emu.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!j.contains(&secret) && !j.contains(&rotated));
    // Bad requests.
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(&json!({"name": "x", "role": "WORKSPACE_OWNER", "scope": "ORGANIZATION"})),
        )
        .await;
    assert_error(&r, 400);
    assert_eq!(r.json["fieldErrors"][0]["field"], "role");
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(&json!({"name": "x", "role": "WORKSPACE_OWNER", "scope": "WORKSPACE"})),
        )
        .await;
    assert_error(&r, 400);
    let r = emu.v1("createApiToken", Method::POST, &emu.v1_org("/tokens"), Some(&json!({"name": "x", "role": "WORKSPACE_OWNER", "scope": "WORKSPACE", "entityId": "clnope"}))).await;
    assert_error(&r, 404);
}

#[tokio::test]
async fn workspace_and_deployment_scopes() {
    let emu = start(config()).await;
    let de = emu
        .first_id("/workspaces", "workspaces", |w| {
            w["name"] == "Data Engineering"
        })
        .await;
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let reports = emu
        .first_id("/deployments", "deployments", |d| {
            d["name"] == "marketing-reports"
        })
        .await;
    let (_, ws_token) = create_token(&emu, json!({"name": "de-owner", "role": "WORKSPACE_OWNER", "scope": "WORKSPACE", "entityId": de})).await;
    let get = |t: String, url: String| {
        let emu = &emu;
        async move { emu.raw(Method::GET, &url, Some(&t), &[], None).await }
    };
    assert_eq!(
        get(ws_token.clone(), emu.v1_org(&format!("/deployments/{etl}")))
            .await
            .status,
        200
    );
    assert_error(
        &get(
            ws_token.clone(),
            emu.v1_org(&format!("/deployments/{reports}")),
        )
        .await,
        403,
    );
    // Lists are narrowed to the Workspace (v1 and v1beta1 alike).
    for url in [
        emu.v1_org("/deployments?limit=100"),
        emu.org_url("/deployments?limit=100"),
    ] {
        let r = get(ws_token.clone(), url).await;
        assert!(r.json["totalCount"].as_u64().unwrap() >= 2);
        assert!(
            r.json["deployments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["workspaceId"] == de.as_str()),
            "{}",
            r.text
        );
    }
    let r = get(ws_token.clone(), emu.v1_org("/workspaces")).await;
    assert_eq!(r.json["totalCount"], 1);
    assert_error(&get(ws_token.clone(), emu.v1_org("/teams")).await, 403);
    // Its own Workspace is writable; others are not.
    let r = emu
        .raw(
            Method::POST,
            &emu.v1_org(&format!("/workspaces/{de}")),
            Some(&ws_token),
            &[],
            Some(
                json!({"name": "DE", "description": "d", "cicdEnforcedDefault": true}).to_string(),
            ),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // A reading Workspace role cannot write.
    let (_, member) = create_token(&emu, json!({"name": "de-member", "role": "WORKSPACE_MEMBER", "scope": "WORKSPACE", "entityId": de})).await;
    assert_eq!(
        get(member.clone(), emu.v1_org(&format!("/workspaces/{de}")))
            .await
            .status,
        200
    );
    let r = emu
        .raw(
            Method::DELETE,
            &emu.v1_org(&format!("/deployments/{etl}")),
            Some(&member),
            &[],
            None,
        )
        .await;
    assert_error(&r, 403);
    // A Deployment token and an agent token reach their Deployment only.
    let (_, dep_token) = create_token(&emu, json!({"name": "etl-admin", "role": "DEPLOYMENT_ADMIN", "scope": "DEPLOYMENT", "entityId": etl})).await;
    let agents = emu.v1_org(&format!("/deployments/{etl}/agent-tokens"));
    let r = emu.v1("createAgentToken", Method::POST, &agents, Some(&json!({"name": "agent-1", "description": "remote agent", "tokenExpiryPeriodInDays": 30}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let agent_id = r.json["id"].as_str().unwrap().to_string();
    let agent = r.json["token"].as_str().unwrap().to_string();
    for t in [dep_token.clone(), agent.clone()] {
        assert_eq!(
            get(t.clone(), emu.v1_org(&format!("/deployments/{etl}")))
                .await
                .status,
            200
        );
        assert_error(
            &get(t.clone(), emu.v1_org(&format!("/deployments/{reports}"))).await,
            403,
        );
        let r = get(t.clone(), emu.v1_org("/deployments")).await;
        assert_eq!(r.json["totalCount"], 1);
        assert_error(&get(t.clone(), emu.v1_org("/clusters")).await, 403);
    }
    let r = emu.v1("listAgentTokens", Method::GET, &agents, None).await;
    assert_eq!(r.json["totalCount"], 1);
    assert!(r.json["tokens"][0].get("token").is_none());
    let r = emu
        .v1(
            "getAgentToken",
            Method::GET,
            &format!("{agents}/{agent_id}"),
            None,
        )
        .await;
    assert_eq!(r.json["name"], "agent-1");
    assert!(r.json["endAt"].as_str().is_some());
    // Agent tokens are not API tokens.
    assert_error(
        &emu.v1(
            "getApiToken",
            Method::GET,
            &emu.v1_org(&format!("/tokens/{agent_id}")),
            None,
        )
        .await,
        404,
    );
    let r = emu
        .v1(
            "deleteAgentToken",
            Method::DELETE,
            &format!("{agents}/{agent_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &get(agent, emu.v1_org(&format!("/deployments/{etl}"))).await,
        401,
    );
    assert_error(
        &emu.v1(
            "getAgentToken",
            Method::GET,
            &format!("{agents}/{agent_id}"),
            None,
        )
        .await,
        404,
    );
    let r = emu
        .v1(
            "listApiTokens",
            Method::GET,
            &emu.v1_org(&format!("/tokens?workspaceId={de}")),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 2);
    let r = emu
        .v1(
            "listApiTokens",
            Method::GET,
            &emu.v1_org(&format!("/tokens?deploymentId={etl}&sorts=name:desc")),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
}

#[tokio::test]
async fn expiry_on_the_compressed_clock() {
    // Load the contract first: compiling its validators (debug build) takes seconds.
    spec_v1();
    let mut cfg = config();
    cfg.day_ms = 3_000; // one API day lasts 3 s
    let emu = start(cfg).await;
    let (_, secret) = create_token(&emu, json!({"name": "short", "role": "ORGANIZATION_OWNER", "scope": "ORGANIZATION", "tokenExpiryPeriodInDays": 1})).await;
    let r = emu
        .raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&secret),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    tokio::time::sleep(std::time::Duration::from_millis(3_200)).await;
    let r = emu
        .raw(
            Method::GET,
            &emu.v1_org("/workspaces"),
            Some(&secret),
            &[],
            None,
        )
        .await;
    assert_error(&r, 401);
    assert!(
        r.json["message"].as_str().unwrap().contains("expired"),
        "{}",
        r.text
    );
}
