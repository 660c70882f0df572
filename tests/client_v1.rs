//! The native client of the v1 API against a canned loopback server (the emulator on this
//! branch serves v1beta1 only; see `tests/client_support` for how v1-over-emulator tests slot
//! in): `X-API-Version`, getSelfUser, listApiTokens and its pagination, gzipped audit logs, a
//! createDeployment without `type`, v1 error bodies with `fieldErrors`, and `wait_for_deploy`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use astro_platform_client::client::{v1, Error, WaitOptions};
use astro_platform_client::v1::inputs::*;
use astro_platform_client::v1::models::*;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use client_support::{builder, input, serve, TOKEN};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

/// One request as the canned server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: String,
}

#[derive(Clone, Default)]
struct Server {
    seen: Arc<Mutex<Vec<Seen>>>,
    deploy_polls: Arc<AtomicUsize>,
}

const NOW: &str = "2026-01-28T10:00:00Z";
const AUDIT_LOG: &str =
    "{\"action\":\"login\",\"actor\":\"u1\"}\n{\"action\":\"deploy\",\"actor\":\"u2\"}\n";

fn json_reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn token(i: usize) -> Value {
    json!({"id": format!("tok{i}"), "name": format!("token {i}"), "description": "", "kind": "STANDARD",
        "scope": "ORGANIZATION", "shortToken": format!("ab{i}"), "createdAt": NOW, "startAt": NOW, "updatedAt": NOW})
}

fn deployment(name: &str) -> Value {
    let who = json!({"id": "u1", "subjectType": "USER"});
    json!({"id": "d1", "name": name, "organizationId": "org1", "workspaceId": "ws1", "status": "CREATING",
        "airflowVersion": "2.10.0", "apiUrl": "https://x", "astroRuntimeVersion": "12.0.0",
        "runtimeVersion": "12.0.0", "createdAt": NOW, "updatedAt": NOW, "createdBy": who, "updatedBy": who,
        "imageRepository": "images/x", "imageTag": "t", "isCicdEnforced": false, "isDagDeployEnabled": true,
        "namespace": "ns", "schedulerCpu": "1", "schedulerMemory": "2Gi", "schedulerReplicas": 1,
        "uiUrl": "https://ui", "webServerAirflowApiUrl": "https://api", "webServerCpu": "1",
        "webServerIngressHostname": "h", "webServerMemory": "2Gi", "webServerUrl": "https://web"})
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

fn query_number(uri: &Uri, key: &str) -> Option<usize> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{key}="))?.parse().ok())
}

async fn answer(
    State(server): State<Server>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    server.seen.lock().unwrap().push(Seen {
        method: method.clone(),
        uri: uri.clone(),
        headers,
        body: body.clone(),
    });
    match (method.as_str(), uri.path()) {
        ("GET", "/v1/users/self") => json_reply(
            StatusCode::OK,
            json!({"id": "u1", "username": "ada@example.com", "fullName": "Ada", "avatarUrl": "https://a",
                "status": "ACTIVE", "createdAt": NOW, "updatedAt": NOW, "someNewField": 1}),
        ),
        ("GET", "/v1/organizations/org1/tokens") => {
            // Five tokens, paged as asked.
            let offset = query_number(&uri, "offset").unwrap_or(0);
            let limit = query_number(&uri, "limit").unwrap_or(20);
            let tokens: Vec<Value> = (offset..5).take(limit).map(token).collect();
            json_reply(
                StatusCode::OK,
                json!({"tokens": tokens, "totalCount": 5, "offset": offset, "limit": limit}),
            )
        }
        ("GET", "/v1/organizations/org1/audit-logs") => (
            [
                (header::CONTENT_TYPE, "application/x-ndjson"),
                (header::CONTENT_ENCODING, "gzip"),
            ],
            gzip(AUDIT_LOG),
        )
            .into_response(),
        ("POST", "/v1/organizations/org1/deployments") => {
            let sent: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            if sent.get("name").and_then(Value::as_str) == Some("") {
                return json_reply(
                    StatusCode::BAD_REQUEST,
                    json!({"message": "Invalid request", "requestId": "req-1", "statusCode": 400,
                        "fieldErrors": [{"code": "REQUIRED", "field": "name", "message": "name is empty"}]}),
                );
            }
            json_reply(
                StatusCode::OK,
                deployment(sent["name"].as_str().unwrap_or("?")),
            )
        }
        ("GET", "/v1/organizations/org1/deployments/d1/deploys/dp1") => {
            let polls = server.deploy_polls.fetch_add(1, Ordering::SeqCst);
            let status = if polls < 2 { "INITIALIZED" } else { "DEPLOYED" };
            json_reply(
                StatusCode::OK,
                json!({"id": "dp1", "deploymentId": "d1", "status": status, "type": "IMAGE_ONLY", "createdAt": NOW,
                    "imageRepository": "images/x", "imageTag": "t", "isDagDeployEnabled": false}),
            )
        }
        _ => json_reply(
            StatusCode::NOT_FOUND,
            json!({"message": "no such route", "requestId": "req-404", "statusCode": 404}),
        ),
    }
}

async fn canned() -> (String, Server) {
    let server = Server::default();
    let router = axum::Router::new()
        .fallback(answer)
        .with_state(server.clone());
    (format!("{}/v1", serve(router).await), server)
}

fn client(base: &str) -> v1::Client {
    builder::<v1::V1>(base)
        .organization_id("org1")
        .build()
        .unwrap()
}

fn seen(server: &Server) -> Vec<Seen> {
    server.seen.lock().unwrap().clone()
}

#[tokio::test]
async fn v1_requests_pin_the_api_version_and_decode_into_v1_models() {
    let (base, server) = canned().await;
    let astro = client(&base);
    let me = astro
        .get_self_user(GetSelfUserInput::default())
        .await
        .unwrap();
    assert_eq!(
        (me.username.as_str(), me.status.as_str()),
        ("ada@example.com", "ACTIVE")
    );
    let request = &seen(&server)[0];
    assert_eq!(request.headers["x-api-version"], "1.0");
    assert_eq!(
        request.headers[header::AUTHORIZATION],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_eq!(request.headers[header::ACCEPT], "application/json");
    assert!(request.headers[header::USER_AGENT]
        .to_str()
        .unwrap()
        .starts_with("astro-platform-client/"));

    // Another minor version, or none.
    let pinned = builder::<v1::V1>(&base).api_version("1.1").build().unwrap();
    pinned
        .get_self_user(GetSelfUserInput::default())
        .await
        .unwrap();
    let unpinned = builder::<v1::V1>(&base).no_api_version().build().unwrap();
    unpinned
        .get_self_user(GetSelfUserInput {
            create_if_not_exist: Some(true),
        })
        .await
        .unwrap();
    let all = seen(&server);
    assert_eq!(all[1].headers["x-api-version"], "1.1");
    assert!(all[2].headers.get("x-api-version").is_none());
    assert_eq!(all[2].uri.query(), Some("createIfNotExist=true"));
}

#[tokio::test]
async fn api_tokens_are_listed_and_paged() {
    let (base, server) = canned().await;
    let astro = client(&base);
    let page = astro
        .list_api_tokens(ListApiTokensInput {
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.tokens.len(), page.total_count), (3, 5));
    assert_eq!(page.tokens[0].kind, ApiTokenKind::Standard);
    let all: Vec<ApiToken> = astro
        .paginate(ListApiTokensInput {
            limit: Some(2),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["tok0", "tok1", "tok2", "tok3", "tok4"]);
    let queries: Vec<String> = seen(&server)
        .iter()
        .skip(1)
        .map(|s| s.uri.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        queries,
        ["offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"]
    );
}

#[tokio::test]
async fn gzipped_audit_logs_arrive_as_ndjson_bytes() {
    let (base, server) = canned().await;
    let astro = client(&base);
    let bytes = astro
        .get_organization_audit_logs(GetOrganizationAuditLogsInput {
            start_date: Some("2026-01-01T00:00:00Z".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    // reqwest honours `Content-Encoding: gzip`, as fetch does: the bytes are the NDJSON.
    assert_eq!(String::from_utf8(bytes).unwrap(), AUDIT_LOG);
    let request = &seen(&server)[0];
    assert_eq!(request.headers[header::ACCEPT], "application/x-ndjson");
    assert!(request.headers[header::ACCEPT_ENCODING]
        .to_str()
        .unwrap()
        .contains("gzip"));
    assert_eq!(request.uri.query(), Some("startDate=2026-01-01T00:00:00Z"));
}

#[tokio::test]
async fn a_deployment_is_created_without_a_type() {
    let (base, server) = canned().await;
    let astro = client(&base);
    let created = astro
        .create_deployment(input(json!({"name": "untyped", "workspaceId": "ws1"})))
        .await
        .unwrap();
    assert_eq!(
        (created.name.as_str(), created.status.as_str()),
        ("untyped", "CREATING")
    );
    let request = &seen(&server)[0];
    assert_eq!(request.method, Method::POST);
    let sent: Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(
        sent,
        json!({"name": "untyped", "workspaceId": "ws1"}),
        "no type is added"
    );
    assert_eq!(request.headers[header::CONTENT_TYPE], "application/json");

    // A v1 error body with field errors.
    let err = astro
        .create_deployment(input(json!({"name": "", "workspaceId": "ws1"})))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (api.status, api.request_id.as_deref()),
        (400, Some("req-1"))
    );
    assert_eq!(api.field_errors[0].field, "name");
    assert_eq!(api.field_errors[0].code, "REQUIRED");
    assert_eq!(api.attempts, 1);
}

#[tokio::test]
async fn a_deploy_is_awaited_until_deployed() {
    let (base, _server) = canned().await;
    let astro = client(&base);
    let get = GetDeployInput {
        organization_id: None,
        deployment_id: "d1".into(),
        deploy_id: "dp1".into(),
    };
    let options = WaitOptions::new().interval(Duration::from_millis(10));
    let deploy = astro.wait_for_deploy(get, options).await.unwrap();
    assert_eq!(deploy.status, DeployStatus::Deployed);
}
