//! Shared test bodies of the wasm-bindgen suites (Node, headless Chromium, service worker).
//! They drive `AstroClient` against the real emulator, whose API base URL is baked in at
//! compile time by scripts/test-wasm.sh (`ASTRO_EMULATOR_API`, `ASTRO_EMULATOR_TOKEN`).
#![allow(dead_code, clippy::option_env_unwrap, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use astro_platform_client::wasm::AstroClient;
use js_sys::{Array, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn api() -> &'static str {
    option_env!("ASTRO_EMULATOR_API").expect("ASTRO_EMULATOR_API is unset: run scripts/test-wasm.sh")
}

pub fn token() -> &'static str {
    option_env!("ASTRO_EMULATOR_TOKEN").unwrap_or("astro-demo-token")
}

/// A JS value from JSON.
pub fn js(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

/// JSON from a JS value (for assertions).
pub fn json_of(v: &JsValue) -> Value {
    if v.is_undefined() {
        return Value::Null;
    }
    serde_json::from_str(&String::from(js_sys::JSON::stringify(v).unwrap())).unwrap()
}

pub fn client_with(extra: Value) -> AstroClient {
    let mut opts = json!({ "baseUrl": api(), "token": token() });
    if let (Some(o), Some(e)) = (opts.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            o.insert(k.clone(), v.clone());
        }
    }
    AstroClient::new(js(opts)).map_err(|e| json_of(&e)).unwrap()
}

pub fn client() -> AstroClient {
    client_with(json!({}))
}

pub async fn ok(p: Promise) -> Value {
    match JsFuture::from(p).await {
        Ok(v) => json_of(&v),
        Err(e) => panic!("call failed: {} {:?}", prop_str(&e, "name"), prop_str(&e, "message")),
    }
}

pub async fn err(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a rejection, got {}", json_of(&v)),
        Err(e) => e,
    }
}

pub fn prop(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

pub fn prop_str(v: &JsValue, key: &str) -> String {
    prop(v, key).as_string().unwrap_or_default()
}

pub fn none() -> JsValue {
    JsValue::UNDEFINED
}

/// The emulator's demo organization id (the first of listOrganizations).
pub async fn org_id(c: &AstroClient) -> String {
    let page = ok(c.list_organizations(none(), none())).await;
    page["organizations"][0]["id"].as_str().expect("an organization").to_owned()
}

pub async fn organizations() {
    let c = client();
    let page = ok(c.list_organizations(none(), none())).await;
    let orgs = page["organizations"].as_array().unwrap();
    assert!(!orgs.is_empty(), "seeded organizations: {page}");
    assert!(page["totalCount"].as_u64().unwrap() >= orgs.len() as u64);
    let id = orgs[0]["id"].as_str().unwrap();
    let org = ok(c.get_organization(js(json!({ "organizationId": id })), none())).await;
    assert_eq!(org["id"], orgs[0]["id"]);
    assert_eq!(org["name"], orgs[0]["name"]);
}

pub async fn clusters() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let page = ok(c.list_clusters(js(json!({ "limit": 5 })), none())).await;
    let clusters = page["clusters"].as_array().unwrap();
    assert!(clusters.len() <= 5);
    assert_eq!(page["limit"], json!(5));
    if let Some(first) = clusters.first() {
        let id = first["id"].as_str().unwrap();
        let one = ok(c.get_cluster(js(json!({ "clusterId": id })), none())).await;
        assert_eq!(one["id"], first["id"]);
    }
}

pub async fn options() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let opts = ok(c.get_cluster_options(js(json!({ "type": "DEDICATED", "provider": "AWS" })), none())).await;
    let list = opts.as_array().expect("ClusterOptions[]");
    assert!(!list.is_empty());
    assert_eq!(list[0]["provider"], json!("AWS"));
    let dep = ok(c.get_deployment_options(none(), none())).await;
    assert!(dep["runtimeReleases"].is_array(), "deployment options: {dep}");
}

pub async fn workspaces() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let name = format!("wasm-test-{}", js_sys::Math::random().to_bits() % 1_000_000);
    let created = ok(c.create_workspace(js(json!({ "name": name, "description": "from wasm-bindgen-test", "cicdEnforcedDefault": false })), none())).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], json!(name));
    let got = ok(c.get_workspace(js(json!({ "workspaceId": id })), none())).await;
    assert_eq!(got["description"], json!("from wasm-bindgen-test"));
    let updated = ok(c.update_workspace(js(json!({ "workspaceId": id, "name": format!("{name}-2"), "description": "changed", "cicdEnforcedDefault": true })), none())).await;
    assert_eq!(updated["cicdEnforcedDefault"], json!(true));
    let deleted = JsFuture::from(c.delete_workspace(js(json!({ "workspaceId": id })), none())).await.unwrap();
    assert!(deleted.is_undefined(), "delete resolves to undefined");
    let gone = err(c.get_workspace(js(json!({ "workspaceId": id })), none())).await;
    assert_eq!(prop_str(&gone, "name"), "AstroApiError");
    assert_eq!(prop(&gone, "status").as_f64(), Some(404.0));
}

pub async fn deployments() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let page = ok(c.list_deployments(js(json!({ "limit": 3, "sorts": ["name:asc"] })), none())).await;
    let deps = page["deployments"].as_array().unwrap();
    assert!(deps.len() <= 3);
    if let Some(first) = deps.first() {
        let one = ok(c.get_deployment(js(json!({ "deploymentId": first["id"] })), none())).await;
        assert_eq!(one["id"], first["id"]);
        assert_eq!(one["name"], first["name"]);
    }
}

pub async fn api_error() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let e = err(c.get_deployment(js(json!({ "deploymentId": "no-such-deployment" })), none())).await;
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error subclass");
    assert_eq!(prop_str(&e, "name"), "AstroApiError");
    assert_eq!(prop(&e, "status").as_f64(), Some(404.0));
    assert_eq!(prop_str(&e, "operation"), "getDeployment");
    assert!(!prop_str(&e, "requestId").is_empty(), "requestId from the error body");
    assert!(prop_str(&e, "body").contains("statusCode"));
    assert!(!prop_str(&e, "message").contains(token()));

    let bad = client_with(json!({ "token": "not-a-valid-token" }));
    let e = err(bad.list_organizations(none(), none())).await;
    assert_eq!(prop(&e, "status").as_f64(), Some(401.0));
    assert!(!json_of(&e).to_string().contains("not-a-valid-token"));
}

pub async fn validation_error() {
    let c = client();
    let e = err(c.create_workspace(js(json!({ "organizationId": "o", "description": 5 })), none())).await;
    assert_eq!(prop_str(&e, "name"), "AstroValidationError");
    let issues: Array = prop(&e, "issues").dyn_into().unwrap();
    let issues = json_of(&issues);
    let rules: Vec<&str> = issues.as_array().unwrap().iter().map(|i| i["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"required"), "name is required: {issues}");
    assert!(rules.contains(&"type"), "description must be a string: {issues}");

    // Plain http:// to a non-loopback host is refused before sending.
    let insecure = AstroClient::new(js(json!({ "baseUrl": "http://example.com/platform/v1beta1", "token": "t" }))).unwrap();
    let e = err(insecure.list_organizations(none(), none())).await;
    assert_eq!(json_of(&prop(&e, "issues"))[0]["rule"], json!("insecureTransport"));

    // Invalid options throw from the constructor.
    let thrown = AstroClient::new(js(json!({ "token": "abc\r\ndef" }))).err().expect("throws");
    assert_eq!(prop_str(&thrown, "name"), "AstroValidationError");
    assert!(!prop_str(&thrown, "message").contains("abc"));
}

pub async fn prepare_sends_nothing() {
    let c = client_with(json!({ "organizationId": "org-x", "token": "Bearer secret-token" }));
    let p = ok(c.prepare(js(json!("createWorkspace")), js(json!({ "name": "Data" })))).await;
    assert_eq!(p["method"], json!("POST"));
    assert_eq!(p["url"], json!(format!("{}/organizations/org-x/workspaces", api())));
    assert_eq!(p["headers"]["authorization"], json!("Bearer secret-token"));
    assert_eq!(p["headers"]["content-type"], json!("application/json"));
    assert_eq!(serde_json::from_str::<Value>(p["body"].as_str().unwrap()).unwrap()["name"], json!("Data"));
}

pub async fn network_error() {
    // Port 9 on loopback: nothing listens there.
    let c = AstroClient::new(js(json!({ "baseUrl": "http://127.0.0.1:9/platform/v1beta1", "token": "t", "maxRetries": 0 }))).unwrap();
    let e = err(c.list_organizations(none(), none())).await;
    assert_eq!(prop_str(&e, "name"), "AstroNetworkError");
    assert_eq!(prop(&e, "attempts").as_f64(), Some(1.0));
}

/// The name of the global object's constructor (`Window`, `ServiceWorkerGlobalScope`, `Object`
/// in Node), to prove where a suite really ran.
pub fn global_kind() -> String {
    let g = js_sys::global();
    let ctor = prop(&g, "constructor");
    prop_str(&ctor, "name")
}
