//! Shared test bodies of the wasm-bindgen suites (Node, headless Chromium, service worker).
//! They drive `AstroClient` against the real emulator, whose API base URL is baked in at
//! compile time by scripts/test-wasm.sh (`ASTRO_EMULATOR_API`, `ASTRO_EMULATOR_TOKEN`).
#![allow(
    dead_code,
    clippy::option_env_unwrap,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use astro_platform_client::wasm::AstroClient;
use js_sys::{Array, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[path = "../shape_support/mod.rs"]
mod shape_support;

// The walker of the package (the same file the library imports; a second instance of it).
#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/check.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadShapes)]
    fn js_load_shapes(json: &str);
    #[wasm_bindgen(js_name = checkBody, catch)]
    fn js_check_body(
        op: &str,
        status: u16,
        content_type: Option<String>,
        body: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

pub fn api() -> &'static str {
    option_env!("ASTRO_EMULATOR_API")
        .expect("ASTRO_EMULATOR_API is unset: run scripts/test-wasm.sh")
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
        Err(e) => panic!(
            "call failed: {} {:?}",
            prop_str_or_empty(&e, "name"),
            prop_str_or_empty(&e, "message")
        ),
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

/// A string property; panics when it is missing or not a string (so that "does not contain"
/// checks cannot pass on an absent property).
pub fn prop_str(v: &JsValue, key: &str) -> String {
    let p = prop(v, key);
    p.as_string()
        .unwrap_or_else(|| panic!("property `{key}` is not a string: {p:?}"))
}

/// A string property or "" (for messages about a value of unknown shape).
pub fn prop_str_or_empty(v: &JsValue, key: &str) -> String {
    prop(v, key).as_string().unwrap_or_default()
}

pub fn none() -> JsValue {
    JsValue::UNDEFINED
}

/// Calls operation `op` (`"listClusters"`) through the client's generic `request`, what the
/// package's per-operation methods call.
pub fn call(c: &AstroClient, op: &str, input: JsValue, options: JsValue) -> Promise {
    c.request(JsValue::from_str(op), input, options)
}

/// The emulator's demo organization id (the first of listOrganizations).
pub async fn org_id(c: &AstroClient) -> String {
    let page = ok(call(c, "listOrganizations", none(), none())).await;
    page["organizations"][0]["id"]
        .as_str()
        .expect("an organization")
        .to_owned()
}

pub async fn organizations() {
    let c = client();
    let page = ok(call(&c, "listOrganizations", none(), none())).await;
    let orgs = page["organizations"].as_array().unwrap();
    assert!(!orgs.is_empty(), "seeded organizations: {page}");
    assert!(page["totalCount"].as_u64().unwrap() >= orgs.len() as u64);
    let id = orgs[0]["id"].as_str().unwrap();
    let org = ok(call(
        &c,
        "getOrganization",
        js(json!({ "organizationId": id })),
        none(),
    ))
    .await;
    assert_eq!(org["id"], orgs[0]["id"]);
    assert_eq!(org["name"], orgs[0]["name"]);
}

pub async fn clusters() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let page = ok(call(&c, "listClusters", js(json!({ "limit": 5 })), none())).await;
    let clusters = page["clusters"].as_array().unwrap();
    assert!(clusters.len() <= 5);
    assert_eq!(page["limit"], json!(5));
    // The emulator seeds clusters: an empty page would skip the get-by-id below.
    let first = clusters
        .first()
        .unwrap_or_else(|| panic!("the seeded clusters are listed: {page}"));
    let id = first["id"].as_str().unwrap();
    let one = ok(call(
        &c,
        "getCluster",
        js(json!({ "clusterId": id })),
        none(),
    ))
    .await;
    assert_eq!(one["id"], first["id"]);
}

pub async fn options() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let opts = ok(call(
        &c,
        "getClusterOptions",
        js(json!({ "type": "DEDICATED", "provider": "AWS" })),
        none(),
    ))
    .await;
    let list = opts.as_array().expect("ClusterOptions[]");
    assert!(!list.is_empty());
    assert_eq!(list[0]["provider"], json!("AWS"));
    let dep = ok(call(&c, "getDeploymentOptions", none(), none())).await;
    assert!(
        dep["runtimeReleases"].is_array(),
        "deployment options: {dep}"
    );
}

pub async fn workspaces() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let name = format!("wasm-test-{}", js_sys::Math::random().to_bits() % 1_000_000);
    let created = ok(call(&c, "createWorkspace", js(json!({ "name": name, "description": "from wasm-bindgen-test", "cicdEnforcedDefault": false })), none())).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], json!(name));
    let got = ok(call(
        &c,
        "getWorkspace",
        js(json!({ "workspaceId": id })),
        none(),
    ))
    .await;
    assert_eq!(got["description"], json!("from wasm-bindgen-test"));
    let updated = ok(call(&c, "updateWorkspace", js(json!({ "workspaceId": id, "name": format!("{name}-2"), "description": "changed", "cicdEnforcedDefault": true })), none())).await;
    assert_eq!(updated["cicdEnforcedDefault"], json!(true));
    let deleted = JsFuture::from(call(
        &c,
        "deleteWorkspace",
        js(json!({ "workspaceId": id })),
        none(),
    ))
    .await
    .unwrap();
    assert!(deleted.is_undefined(), "delete resolves to undefined");
    let gone = err(call(
        &c,
        "getWorkspace",
        js(json!({ "workspaceId": id })),
        none(),
    ))
    .await;
    assert_eq!(prop_str(&gone, "name"), "AstroApiError");
    assert_eq!(prop(&gone, "status").as_f64(), Some(404.0));
}

pub async fn deployments() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let page = ok(call(
        &c,
        "listDeployments",
        js(json!({ "limit": 3, "sorts": ["name:asc"] })),
        none(),
    ))
    .await;
    let deps = page["deployments"].as_array().unwrap();
    assert!(deps.len() <= 3);
    // The emulator seeds deployments: an empty page would skip the get-by-id below.
    let first = deps
        .first()
        .unwrap_or_else(|| panic!("the seeded deployments are listed: {page}"));
    let one = ok(call(
        &c,
        "getDeployment",
        js(json!({ "deploymentId": first["id"] })),
        none(),
    ))
    .await;
    assert_eq!(one["id"], first["id"]);
    assert_eq!(one["name"], first["name"]);
}

pub async fn api_error() {
    let c = client();
    let org = org_id(&c).await;
    let c = client_with(json!({ "organizationId": org }));
    let e = err(call(
        &c,
        "getDeployment",
        js(json!({ "deploymentId": "no-such-deployment" })),
        none(),
    ))
    .await;
    assert!(e.is_instance_of::<js_sys::Error>(), "a real Error subclass");
    assert_eq!(prop_str(&e, "name"), "AstroApiError");
    assert_eq!(prop(&e, "status").as_f64(), Some(404.0));
    assert_eq!(prop_str(&e, "operation"), "getDeployment");
    assert!(
        !prop_str(&e, "requestId").is_empty(),
        "requestId from the error body"
    );
    assert!(prop_str(&e, "body").contains("statusCode"));
    assert!(!prop_str(&e, "message").contains(token()));

    let bad = client_with(json!({ "token": "not-a-valid-token" }));
    let e = err(call(&bad, "listOrganizations", none(), none())).await;
    assert_eq!(prop(&e, "status").as_f64(), Some(401.0));
    assert!(!json_of(&e).to_string().contains("not-a-valid-token"));
    assert!(!prop_str(&e, "message").contains("not-a-valid-token"));
}

pub async fn validation_error() {
    let c = client();
    let e = err(call(
        &c,
        "createWorkspace",
        js(json!({ "organizationId": "o", "description": 5 })),
        none(),
    ))
    .await;
    assert_eq!(prop_str(&e, "name"), "AstroValidationError");
    let issues: Array = prop(&e, "issues").dyn_into().unwrap();
    let issues = json_of(&issues);
    let rules: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"required"), "name is required: {issues}");
    assert!(
        rules.contains(&"type"),
        "description must be a string: {issues}"
    );

    // Plain http:// to a non-loopback host is refused before sending.
    let insecure = AstroClient::new(js(
        json!({ "baseUrl": "http://example.com/platform/v1beta1", "token": "t" }),
    ))
    .unwrap();
    let e = err(call(&insecure, "listOrganizations", none(), none())).await;
    assert_eq!(
        json_of(&prop(&e, "issues"))[0]["rule"],
        json!("insecureTransport")
    );

    // Invalid options throw from the constructor.
    let thrown = AstroClient::new(js(json!({ "token": "abc\r\ndef" })))
        .err()
        .expect("throws");
    assert_eq!(prop_str(&thrown, "name"), "AstroValidationError");
    assert!(!prop_str(&thrown, "message").contains("abc"));
}

pub async fn prepare_sends_nothing() {
    let c = client_with(json!({ "organizationId": "org-x", "token": "Bearer secret-token" }));
    let p = ok(c.prepare(js(json!("createWorkspace")), js(json!({ "name": "Data" })))).await;
    assert_eq!(p["method"], json!("POST"));
    assert_eq!(
        p["url"],
        json!(format!("{}/organizations/org-x/workspaces", api()))
    );
    // The token goes to the caller's requests only, never into what prepare shows.
    assert_eq!(p["headers"]["authorization"], json!("Bearer [redacted]"));
    assert!(!p.to_string().contains("secret-token"), "{p}");
    assert_eq!(p["headers"]["content-type"], json!("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(p["body"].as_str().unwrap()).unwrap()["name"],
        json!("Data")
    );
}

pub async fn network_error() {
    // Port 9 on loopback: nothing listens there.
    let c = AstroClient::new(js(
        json!({ "baseUrl": "http://127.0.0.1:9/platform/v1beta1", "token": "t", "maxRetries": 0 }),
    ))
    .unwrap();
    let e = err(call(&c, "listOrganizations", none(), none())).await;
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

// ---------------------------------------------------------------------------------------------
// Retries, timeouts, cancellation, pagination, waiters and hooks (issue 5), driven by the
// emulator's fault injection and checked against its request journal.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &js_sys::Function, ms: f64) -> JsValue;
}

fn date_now() -> f64 {
    js_sys::Date::now()
}

/// Runs `f` after `ms` milliseconds.
pub fn later(ms: f64, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    set_timeout(cb.unchecked_ref(), ms);
}

/// Resolves after `ms` milliseconds.
pub async fn pause(ms: f64) {
    let p = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    JsFuture::from(p).await.unwrap();
}

fn origin() -> String {
    api().trim_end_matches("/platform/v1beta1").to_owned()
}

/// The emulator's request journal.
pub async fn journal() -> Vec<Value> {
    let r = gloo_net::http::Request::get(&format!("{}/__emulator/requests", origin()))
        .send()
        .await
        .unwrap();
    let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    v.as_array().unwrap().clone()
}

/// Journal entries carrying fault key `key`.
pub async fn journal_for(key: &str) -> Vec<Value> {
    journal()
        .await
        .into_iter()
        .filter(|e| e["key"] == json!(key))
        .collect()
}

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        date_now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}

fn fault(spec: &str) -> JsValue {
    js(json!({ "headers": { "x-emulator-fault": spec } }))
}

pub async fn org_client(extra: Value) -> AstroClient {
    let org = org_id(&client()).await;
    let mut e = extra;
    e["organizationId"] = json!(org);
    client_with(e)
}

pub async fn pagination_exact_offsets() {
    let c = org_client(json!({})).await;
    // Make sure the listing spans several pages.
    for i in 0..12 {
        ok(call(
            &c,
            "createWorkspace",
            js(json!({ "name": unique(&format!("page-{i}")) })),
            none(),
        ))
        .await;
    }
    let total = ok(call(&c, "listWorkspaces", none(), none())).await["totalCount"]
        .as_u64()
        .unwrap();
    assert!(total >= 12);
    let before = journal().await.len();
    let it = c
        .paginate(
            js(json!("listWorkspaces")),
            js(json!({ "limit": 5 })),
            none(),
        )
        .unwrap();
    let next: js_sys::Function = prop(&it, "next").dyn_into().unwrap();
    let mut seen = 0u64;
    let mut ids = std::collections::HashSet::new();
    loop {
        let r = JsFuture::from(Promise::from(next.call0(&it).unwrap()))
            .await
            .unwrap();
        if prop(&r, "done").is_truthy() {
            break;
        }
        let item = json_of(&prop(&r, "value"));
        assert!(
            ids.insert(item["id"].as_str().unwrap().to_owned()),
            "no item twice"
        );
        seen += 1;
    }
    assert_eq!(seen, total, "every item once");
    let requests: Vec<Value> = journal().await.into_iter().skip(before).collect();
    let offsets: Vec<String> = requests.iter().map(|e| e["query"].to_string()).collect();
    let pages = total.div_ceil(5);
    assert_eq!(
        requests.len() as u64,
        pages,
        "one request per page, none extra: {offsets:?}"
    );
    for (i, e) in requests.iter().enumerate() {
        let q = e["query"].to_string();
        assert!(
            q.contains(&format!("offset={}", i * 5)) && q.contains("limit=5"),
            "page {i}: {q}"
        );
    }

    // Stopping early (`return()`, what `break` calls) fetches nothing more.
    let before = journal().await.len();
    let it = c
        .paginate(
            js(json!("listWorkspaces")),
            js(json!({ "limit": 5 })),
            none(),
        )
        .unwrap();
    let next: js_sys::Function = prop(&it, "next").dyn_into().unwrap();
    let first = JsFuture::from(Promise::from(next.call0(&it).unwrap()))
        .await
        .unwrap();
    assert!(!prop(&first, "done").is_truthy());
    let ret: js_sys::Function = prop(&it, "return").dyn_into().unwrap();
    JsFuture::from(Promise::from(ret.call0(&it).unwrap()))
        .await
        .unwrap();
    let after = JsFuture::from(Promise::from(next.call0(&it).unwrap()))
        .await
        .unwrap();
    assert!(prop(&after, "done").is_truthy());
    assert_eq!(
        journal().await.len() - before,
        1,
        "only the first page was fetched"
    );

    // listAll needs maxItems and honours it.
    let all = ok(c.list_all(
        js(json!("listWorkspaces")),
        js(json!({ "limit": 4 })),
        js(json!({ "maxItems": 6 })),
    ))
    .await;
    assert_eq!(all.as_array().unwrap().len(), 6);
    let e = err(c.list_all(js(json!("listWorkspaces")), none(), none())).await;
    assert_eq!(prop_str(&e, "name"), "AstroValidationError");
}

pub async fn retry_503_then_success_with_hooks() {
    let log: Rc<RefCell<Vec<Value>>> = Rc::new(RefCell::new(Vec::new()));
    let (l1, l2) = (log.clone(), log.clone());
    let on_request = Closure::<dyn Fn(JsValue)>::new(move |i: JsValue| {
        l1.borrow_mut().push(json!({"req": json_of(&i)}))
    });
    let on_response = Closure::<dyn Fn(JsValue)>::new(move |i: JsValue| {
        l2.borrow_mut().push(json!({"res": json_of(&i)}))
    });
    let org = org_id(&client()).await;
    let opts = js(json!({ "baseUrl": api(), "token": token(), "organizationId": org }));
    Reflect::set(&opts, &"onRequest".into(), on_request.as_ref()).unwrap();
    Reflect::set(&opts, &"onResponse".into(), on_response.as_ref()).unwrap();
    let c = AstroClient::new(opts).unwrap();
    let key = unique("retry503");
    let org_v = ok(call(
        &c,
        "getOrganization",
        none(),
        fault(&format!("status=503; times=1; key={key}")),
    ))
    .await;
    assert_eq!(org_v["id"], json!(org));
    let seen = journal_for(&key).await;
    assert_eq!(seen.len(), 2, "one failure, one retry: {seen:?}");
    assert_eq!(seen[0]["status"], json!(503));
    assert_eq!(seen[1]["status"], json!(200));
    let log = log.borrow();
    assert_eq!(
        log.len(),
        4,
        "onRequest and onResponse once per attempt: {log:?}"
    );
    assert_eq!(log[0]["req"]["attempt"], json!(1));
    assert_eq!(log[1]["res"]["status"], json!(503));
    assert_eq!(log[2]["req"]["attempt"], json!(2));
    assert_eq!(log[3]["res"]["status"], json!(200));
    assert!(log[3]["res"]["durationMs"].as_f64().is_some());
    assert!(!log[3]["res"]["requestId"].as_str().unwrap_or("").is_empty());
    let text = serde_json::to_string(&*log).unwrap();
    assert!(
        !text.contains(token()) && !text.to_lowercase().contains("authorization"),
        "hooks never see the token"
    );
}

pub async fn post_not_retried() {
    let c = org_client(json!({})).await;
    let key = unique("post503");
    let e = err(call(
        &c,
        "createWorkspace",
        js(json!({ "name": unique("never") })),
        fault(&format!("status=503; times=1; key={key}")),
    ))
    .await;
    assert_eq!(prop_str(&e, "name"), "AstroApiError");
    assert_eq!(prop(&e, "status").as_f64(), Some(503.0));
    assert_eq!(prop(&e, "attempts").as_f64(), Some(1.0));
    assert_eq!(journal_for(&key).await.len(), 1, "a POST is sent once");

    // With retry: true it is retried.
    let key = unique("post503ok");
    let mut o = json!({ "retry": true });
    o["headers"] = json!({ "x-emulator-fault": format!("status=503; times=1; key={key}") });
    ok(call(
        &c,
        "createWorkspace",
        js(json!({ "name": unique("retried") })),
        js(o),
    ))
    .await;
    assert_eq!(journal_for(&key).await.len(), 2);
}

pub async fn retry_after_honoured() {
    let c = org_client(json!({})).await;
    let key = unique("ra");
    let start = date_now();
    ok(call(
        &c,
        "listClusters",
        none(),
        fault(&format!("status=429; retry-after=1; times=1; key={key}")),
    ))
    .await;
    let waited = date_now() - start;
    assert!(waited >= 900.0, "waited {waited} ms for Retry-After: 1");
    assert!(waited < 10_000.0, "waited {waited} ms");
    assert_eq!(journal_for(&key).await.len(), 2);

    // Exhausted retries: the final error counts the attempts and says why each failed.
    let key = unique("exhaust");
    let e = err(call(&c, "listClusters", none(), js(json!({ "maxRetries": 1, "headers": { "x-emulator-fault": format!("status=500; key={key}") } })))).await;
    assert_eq!(prop(&e, "attempts").as_f64(), Some(2.0));
    let failures = json_of(&prop(&e, "failures"));
    assert_eq!(failures.as_array().unwrap().len(), 2);
    assert_eq!(failures[0]["status"], json!(500));
}

pub async fn timeout() {
    let c = org_client(json!({})).await;
    let key = unique("slow");
    let e = err(call(&c, "listWorkspaces", none(), js(json!({ "timeoutMs": 200, "maxRetries": 0, "headers": { "x-emulator-fault": format!("latency=3000; key={key}") } })))).await;
    assert_eq!(prop_str(&e, "name"), "AstroTimeoutError");
    assert_eq!(prop(&e, "timeoutMs").as_f64(), Some(200.0));
    assert_eq!(prop(&e, "attempts").as_f64(), Some(1.0));
}

pub async fn abort_during_fetch() {
    let c = org_client(json!({})).await;
    let ctrl = web_sys::AbortController::new().unwrap();
    let c2 = ctrl.clone();
    later(150.0, move || c2.abort());
    let opts = js(json!({ "headers": { "x-emulator-fault": "latency=3000" } }));
    Reflect::set(&opts, &"signal".into(), &ctrl.signal()).unwrap();
    let start = date_now();
    let e = err(call(&c, "listDeployments", none(), opts)).await;
    assert!(
        date_now() - start < 2500.0,
        "rejected at the abort, not after the latency"
    );
    assert_eq!(prop_str(&e, "name"), "AbortError", "the signal's reason");

    // A custom reason comes back as is.
    let ctrl = web_sys::AbortController::new().unwrap();
    let c3 = ctrl.clone();
    later(100.0, move || {
        c3.abort_with_reason(&JsValue::from_str("user left"))
    });
    let opts = js(json!({ "headers": { "x-emulator-fault": "latency=3000" } }));
    Reflect::set(&opts, &"signal".into(), &ctrl.signal()).unwrap();
    let e = err(call(&c, "listDeployments", none(), opts)).await;
    assert_eq!(e.as_string().as_deref(), Some("user left"));
}

pub async fn abort_during_backoff() {
    let c = org_client(json!({})).await;
    let key = unique("backoff");
    let ctrl = web_sys::AbortController::new().unwrap();
    let c2 = ctrl.clone();
    later(400.0, move || c2.abort());
    let opts = js(
        json!({ "headers": { "x-emulator-fault": format!("status=503; retry-after=3; key={key}") } }),
    );
    Reflect::set(&opts, &"signal".into(), &ctrl.signal()).unwrap();
    let start = date_now();
    let e = err(call(&c, "listDeployments", none(), opts)).await;
    assert_eq!(prop_str(&e, "name"), "AbortError");
    assert!(
        date_now() - start < 2500.0,
        "the backoff sleep was cancelled"
    );
    pause(300.0).await;
    assert_eq!(
        journal_for(&key).await.len(),
        1,
        "no request after the abort"
    );
}

pub async fn waiters() {
    let c = org_client(json!({})).await;
    let name = unique("wait-cluster");
    let created = ok(call(&c, "createCluster", 
        js(json!({ "cloudProvider": "AWS", "name": name, "region": "us-east-1", "type": "DEDICATED", "vpcSubnetRange": "172.20.0.0/19" })),
        none(),
    ))
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let events: Rc<RefCell<Vec<Value>>> = Rc::new(RefCell::new(Vec::new()));
    let ev = events.clone();
    let on_progress =
        Closure::<dyn Fn(JsValue)>::new(move |p: JsValue| ev.borrow_mut().push(json_of(&p)));
    let opts = js(json!({ "intervalMs": 100, "timeoutMs": 20000 }));
    Reflect::set(&opts, &"onProgress".into(), on_progress.as_ref()).unwrap();
    let done = ok(c.wait_for_cluster(js(json!({ "clusterId": id })), opts)).await;
    assert_eq!(done["status"], json!("CREATED"));
    let events = events.borrow().clone();
    assert_eq!(
        events.first().map(|e| e["current"].clone()),
        Some(json!("CREATING")),
        "{events:?}"
    );
    assert_eq!(
        events.last().map(|e| e["previous"].clone()),
        Some(json!("CREATING")),
        "{events:?}"
    );
    assert_eq!(
        events.last().map(|e| e["current"].clone()),
        Some(json!("CREATED")),
        "{events:?}"
    );
    assert!(events
        .windows(2)
        .all(|w| w[0]["elapsedMs"].as_f64() <= w[1]["elapsedMs"].as_f64()));

    // A wait that cannot succeed times out with the last seen cluster.
    let e = err(c.wait_for_cluster(
        js(json!({ "clusterId": id, "until": "UPDATING" })),
        js(json!({ "intervalMs": 50, "timeoutMs": 300 })),
    ))
    .await;
    assert_eq!(prop_str(&e, "name"), "AstroWaitError");
    assert_eq!(prop_str(&e, "reason"), "timeout");
    assert_eq!(json_of(&prop(&e, "lastSeen"))["id"], json!(id));

    // Abort during a wait.
    let ctrl = web_sys::AbortController::new().unwrap();
    let c2 = ctrl.clone();
    later(150.0, move || c2.abort());
    let opts = js(json!({ "intervalMs": 50, "timeoutMs": 20000 }));
    Reflect::set(&opts, &"signal".into(), &ctrl.signal()).unwrap();
    let e =
        err(c.wait_for_cluster(js(json!({ "clusterId": id, "until": "UPDATING" })), opts)).await;
    assert_eq!(prop_str(&e, "name"), "AbortError");

    ok(call(
        &c,
        "deleteCluster",
        js(json!({ "clusterId": id })),
        none(),
    ))
    .await;
    let gone = JsFuture::from(c.wait_for_cluster_deleted(
        js(json!({ "clusterId": id })),
        js(json!({ "intervalMs": 100, "timeoutMs": 10000 })),
    ))
    .await
    .unwrap();
    assert!(gone.is_undefined());

    // A settled deployment: one progress event, resolved at once.
    let deps = ok(call(&c, "listDeployments", none(), none())).await;
    let healthy = deps["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == json!("HEALTHY"))
        .unwrap()
        .clone();
    let d = ok(c.wait_for_deployment(
        js(json!({ "deploymentId": healthy["id"] })),
        js(json!({ "intervalMs": 100 })),
    ))
    .await;
    assert_eq!(d["id"], healthy["id"]);
}

pub async fn throwing_hooks_do_not_break_calls() {
    let org = org_id(&client()).await;
    let opts = js(json!({ "baseUrl": api(), "token": token(), "organizationId": org }));
    let thrower = js_sys::Function::new_no_args("throw new Error('hook failed')");
    Reflect::set(&opts, &"onRequest".into(), &thrower).unwrap();
    Reflect::set(&opts, &"onResponse".into(), &thrower).unwrap();
    let c = AstroClient::new(opts).unwrap();
    let page = ok(call(&c, "listWorkspaces", none(), none())).await;
    assert!(page["workspaces"].is_array());
    let e = err(call(
        &c,
        "getWorkspace",
        js(json!({ "workspaceId": "missing" })),
        none(),
    ))
    .await;
    assert_eq!(prop_str(&e, "name"), "AstroApiError");
}

pub async fn hostile_responses() {
    let c = org_client(json!({ "maxRetries": 0 })).await;
    // 200 with invalid JSON.
    let e = err(call(&c, "listWorkspaces", none(), fault("malformed"))).await;
    assert_eq!(prop_str(&e, "name"), "AstroDecodeError");
    assert_eq!(prop(&e, "status").as_f64(), Some(200.0));
    assert_eq!(prop_str(&e, "operation"), "listWorkspaces");
    // 502 with an HTML page.
    let e = err(call(
        &c,
        "listWorkspaces",
        none(),
        fault("status=502; body=html"),
    ))
    .await;
    assert_eq!(prop_str(&e, "name"), "AstroApiError");
    assert_eq!(prop(&e, "status").as_f64(), Some(502.0));
    assert!(prop_str(&e, "body").contains('<'), "raw HTML body kept");
    // Body cut off mid-stream.
    let e = err(call(&c, "listWorkspaces", none(), fault("truncate"))).await;
    let name = prop_str(&e, "name");
    assert!(
        name == "AstroNetworkError" || name == "AstroDecodeError",
        "got {name}"
    );
    // Connection dropped without a response.
    let e = err(call(&c, "listWorkspaces", none(), fault("drop"))).await;
    assert_eq!(prop_str(&e, "name"), "AstroNetworkError");
    // A body over maxResponseBytes.
    let small = org_client(json!({ "maxResponseBytes": 64 })).await;
    let e = err(call(&small, "listWorkspaces", none(), none())).await;
    assert_eq!(prop_str(&e, "name"), "AstroDecodeError");
    assert!(prop_str(&e, "message").contains("maxResponseBytes"));
    // And the client still works.
    ok(call(&c, "listWorkspaces", none(), none())).await;
}

/// js/check.js (the 2xx check of the wasm layer) against the core's table walk
/// (`check_response`, which the typed decode shares): every response fixture and its mutations (tests/shape_support), plus
/// the edge cases of bytes, depth and prototypes, are accepted or rejected alike; a success
/// returns the parsed body unchanged.
pub async fn js_check_agrees_with_check_response() {
    use astro_platform_client::decoding::{check_response, response_tables_json};
    use astro_platform_client::registry::{OperationSpec, ResponseBody};
    use astro_platform_client::v1beta1::{Operation, API};
    js_load_shapes(&response_tables_json(&API));
    let run = |op: Operation, bytes: &[u8]| -> (bool, Result<JsValue, JsValue>) {
        let rust = std::str::from_utf8(bytes)
            .map(|text| check_response(op, 200, Some("application/json"), text).is_ok())
            .unwrap_or(false);
        let array = js_sys::Uint8Array::from(bytes);
        (
            rust,
            js_check_body(
                op.name(),
                200,
                Some("application/json".into()),
                &array.into(),
            ),
        )
    };
    let mut checked = 0usize;
    let mut rejected = 0usize;
    for op in Operation::ALL {
        let spec: &OperationSpec = op.spec();
        let Some(root) = shape_support::fixture(&API, spec) else {
            assert!(
                !matches!(spec.response, ResponseBody::Json(_)),
                "{}: no fixture",
                op.name()
            );
            continue;
        };
        let mut cases = shape_support::mutations(&root);
        cases.push(("fixture".into(), root.clone()));
        for (what, v) in cases {
            let text = v.to_string();
            let (rust, js) = run(op, text.as_bytes());
            let message = js.as_ref().err().and_then(JsValue::as_string);
            assert_eq!(
                rust,
                js.is_ok(),
                "{}: {what}: check_response {rust}, js/check.js {message:?}",
                op.name()
            );
            if let Ok(parsed) = js {
                assert_eq!(json_of(&parsed), v, "{}: {what}: parsed value", op.name());
            } else {
                let m = message.unwrap_or_default();
                assert!(m.starts_with(&format!("{}: ", op.name())), "{what}: {m}");
                rejected += 1;
            }
            checked += 1;
        }
    }
    assert!(
        checked > 5_000 && rejected > 1_000 && checked - rejected > 1_000,
        "{checked} {rejected}"
    );

    // Bytes, depth and prototypes, on a getWorkspace body.
    let op = Operation::GetWorkspace;
    let ws = shape_support::fixture(&API, op.spec()).unwrap().to_string();
    let with_extra = |extra: &str| format!("{},\"extraField\":{extra}}}", &ws[..ws.len() - 1]);
    let nested = |n: usize, open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("BOM", [&[0xEF, 0xBB, 0xBF][..], ws.as_bytes()].concat()),
        ("invalid UTF-8", [ws.as_bytes(), &[0xFF]].concat()),
        (
            "a lone lead byte, not UTF-8",
            [&ws.as_bytes()[..2], &[0xC3], &ws.as_bytes()[2..]].concat(),
        ),
        ("empty", Vec::new()),
        ("whitespace", b" \r\n\t ".to_vec()),
        ("null", b"null".to_vec()),
        ("trailing garbage", format!("{ws} x").into_bytes()),
        ("two values", format!("{ws}{ws}").into_bytes()),
        (
            "a body 128 levels deep (arrays in an unknown field)",
            with_extra(&nested(127, "[", "1", "]")).into_bytes(),
        ),
        (
            "129 levels (arrays in an unknown field)",
            with_extra(&nested(128, "[", "1", "]")).into_bytes(),
        ),
        (
            "a body 128 levels deep (objects in an unknown field)",
            with_extra(&nested(126, "{\"a\":", "{}", "}")).into_bytes(),
        ),
        (
            "129 levels (objects in an unknown field)",
            with_extra(&nested(127, "{\"a\":", "{}", "}")).into_bytes(),
        ),
        (
            "100000 levels in an unknown field",
            with_extra(&nested(100_000, "{\"a\":", "1", "}")).into_bytes(),
        ),
        (
            "100000 levels as the body",
            nested(100_000, "[", "", "]").into_bytes(),
        ),
        (
            "__proto__ key",
            with_extra("{\"__proto__\":{\"x\":[1]}}").into_bytes(),
        ),
        (
            "__proto__ field",
            format!("{{\"__proto__\":{ws}}}").into_bytes(),
        ),
        (
            "constructor field",
            with_extra("{\"constructor\":1,\"toString\":null,\"hasOwnProperty\":2}").into_bytes(),
        ),
        (
            "1e400 in an unknown field",
            with_extra("1e400").into_bytes(),
        ),
        (
            "a lone surrogate escape in an unknown field",
            with_extra("\"\\udc00\"").into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        let (rust, js) = run(op, &bytes);
        assert_eq!(
            rust,
            js.is_ok(),
            "{what}: check_response {rust}, js/check.js {js:?}"
        );
        if what.ends_with("UTF-8") {
            assert_eq!(
                js.as_ref().unwrap_err().as_f64(),
                Some(-1.0),
                "{what}: the layer finds the offset"
            );
        }
        if what.starts_with("100000") || what.starts_with("129") {
            let m = js.as_ref().unwrap_err().as_string().unwrap();
            assert!(m.contains("nested deeper than 128 levels"), "{what}: {m}");
        }
    }
    // The same message as the core's, path included.
    let body = r#"{"deployments":[{}],"limit":1,"offset":0,"totalCount":1}"#;
    let e = run(Operation::ListDeployments, body.as_bytes())
        .1
        .unwrap_err();
    let core = check_response(
        Operation::ListDeployments,
        200,
        Some("application/json"),
        body,
    )
    .unwrap_err()
    .to_string();
    let js = e.as_string().unwrap();
    assert!(
        js.starts_with("listDeployments: deployments[0]: missing required field \""),
        "{js}"
    );
    assert!(core.ends_with(&js), "core {core:?}, js/check.js {js:?}");
    let e = run(Operation::GetClusterOptions, br#"[{"regions":"x"}]"#)
        .1
        .unwrap_err();
    assert!(
        e.as_string().unwrap().starts_with("getClusterOptions: [0]"),
        "{e:?}"
    );
}

/// Registers every shared check as a `#[wasm_bindgen_test]` of the suite that invokes it, so the
/// Node, page and service-worker suites run the same list (each adds its own configure line and
/// a test proving where it runs).
#[macro_export]
macro_rules! shared_suite {
    () => {
        $crate::shared_suite!(
            organizations,
            clusters,
            options,
            workspaces,
            deployments,
            api_error,
            validation_error,
            prepare_sends_nothing,
            network_error,
            pagination_exact_offsets,
            retry_503_then_success_with_hooks,
            post_not_retried,
            retry_after_honoured,
            timeout,
            abort_during_fetch,
            abort_during_backoff,
            waiters,
            throwing_hooks_do_not_break_calls,
            hostile_responses,
            js_check_agrees_with_check_response
        );
    };
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                wasm_common::$name().await;
            }
        )*
    };
}
