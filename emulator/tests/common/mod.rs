//! Shared helpers: start the emulator in-process on an ephemeral loopback port and call it
//! over real HTTP; check every body against the contract's response schema.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use astro_emulator::spec::{ApiVersion, Spec};
use astro_emulator::{Config, RunningServer, TokenSpec};
use serde_json::Value;
use std::sync::OnceLock;

pub const TOKEN: &str = "astro-demo-token";
pub const SCOPED: &str = "scoped-to-acme";
pub const DEMO_ORG: &str = astro_emulator::seed::DEMO_ORG_ID;
pub const OTHER_ORG: &str = astro_emulator::seed::SECOND_ORG_ID;

pub fn config() -> Config {
    Config {
        port: 0,
        lifecycle_ms: 1000,
        tokens: vec![
            TokenSpec {
                token: TOKEN.into(),
                organization_id: None,
            },
            TokenSpec {
                token: SCOPED.into(),
                organization_id: Some(DEMO_ORG.into()),
            },
        ],
        ..Config::default()
    }
}

pub struct Emu {
    pub server: RunningServer,
    pub base: String,
    pub api: String,
    /// The v1 API base.
    pub v1: String,
    pub client: reqwest::Client,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load().expect("spec loads"))
}

pub fn spec_v1() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec::load_version(ApiVersion::V1).expect("v1 spec loads"))
}

/// Asserts that a v1 answer matches the v1 contract: a documented status (exact or by range)
/// and a body valid for that status's schema. Error answers must carry the v1 error body.
pub fn assert_conforms_v1(op: &str, status: u16, body: &Value) {
    let o = spec_v1()
        .operation(op)
        .unwrap_or_else(|| panic!("no v1 operation {op}"));
    let documented = o.statuses.contains(&status) || o.ranges.contains(&(status / 100));
    let declares_errors = o.statuses.iter().any(|s| *s >= 400) || !o.ranges.is_empty();
    if status >= 400 && !declares_errors {
        // getOrganizationAuditLogs documents no error answer at all.
        assert_eq!(body["statusCode"], status, "{op}: {body}");
        return;
    }
    assert!(
        documented,
        "{op} answered {status}, which its contract does not list: {body}"
    );
    if status == 204 {
        return;
    }
    let validator = spec_v1()
        .response_validator(op, status)
        .expect("documented response");
    if let Some(v) = validator {
        let errors: Vec<String> = v
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
            .collect();
        assert!(
            errors.is_empty(),
            "v1 {op} {status} response breaks the contract: {errors:?}\nbody: {body}"
        );
    }
}

/// Asserts that `body` matches the contract's schema for `op`'s `status` response.
pub fn assert_conforms(op: &str, status: u16, body: &Value) {
    let validator = spec()
        .response_validator(op, status)
        .expect("documented response");
    if let Some(v) = validator {
        let errors: Vec<String> = v
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
            .collect();
        assert!(
            errors.is_empty(),
            "{op} {status} response breaks the contract: {errors:?}\nbody: {body}"
        );
    }
}

pub async fn start(config: Config) -> Emu {
    let server = astro_emulator::start(config)
        .await
        .expect("emulator starts");
    let base = server.base_url();
    let api = server.api_url();
    let v1 = server.v1_url();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .expect("client");
    Emu {
        server,
        base,
        api,
        v1,
        client,
    }
}

impl Emu {
    pub fn org_url(&self, rest: &str) -> String {
        format!("{}/organizations/{DEMO_ORG}{rest}", self.api)
    }

    /// A v1 URL below the demo organization.
    pub fn v1_org(&self, rest: &str) -> String {
        format!("{}/organizations/{DEMO_ORG}{rest}", self.v1)
    }

    /// Calls v1 operation `op` with `token` and checks the answer against the v1 contract.
    pub async fn v1_call(
        &self,
        token: &str,
        op: &str,
        method: reqwest::Method,
        url: &str,
        body: Option<&Value>,
    ) -> Reply {
        let r = self
            .raw(
                method,
                url,
                Some(token),
                &[("x-api-version", "1.0")],
                body.map(Value::to_string),
            )
            .await;
        if r.status == 204 {
            assert!(r.text.is_empty(), "{op}: 204 with a body: {}", r.text);
        }
        if op != "getOrganizationAuditLogs" || r.status >= 400 {
            assert_conforms_v1(op, r.status, &r.json);
        }
        r
    }

    /// [`Emu::v1_call`] with the demo token.
    pub async fn v1(
        &self,
        op: &str,
        method: reqwest::Method,
        url: &str,
        body: Option<&Value>,
    ) -> Reply {
        self.v1_call(TOKEN, op, method, url, body).await
    }

    pub async fn raw(
        &self,
        method: reqwest::Method,
        url: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Reply {
        let mut req = self.client.request(method, url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        let resp = req.send().await.expect("request completes");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, url: &str) -> Reply {
        self.raw(reqwest::Method::GET, url, Some(TOKEN), &[], None)
            .await
    }

    pub async fn post(&self, url: &str, body: &Value) -> Reply {
        self.raw(
            reqwest::Method::POST,
            url,
            Some(TOKEN),
            &[],
            Some(body.to_string()),
        )
        .await
    }

    pub async fn delete(&self, url: &str) -> Reply {
        self.raw(reqwest::Method::DELETE, url, Some(TOKEN), &[], None)
            .await
    }

    /// Calls an operation and checks the body against the contract.
    pub async fn op(
        &self,
        op: &str,
        method: reqwest::Method,
        url: &str,
        body: Option<&Value>,
    ) -> Reply {
        let r = self
            .raw(method, url, Some(TOKEN), &[], body.map(Value::to_string))
            .await;
        if r.status == 204 {
            assert!(r.text.is_empty(), "{op}: 204 with a body: {}", r.text);
        } else {
            assert_conforms(op, r.status, &r.json);
        }
        r
    }

    pub async fn first_id(
        &self,
        list_path: &str,
        field: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> String {
        let r = self
            .get(&self.org_url(&format!("{list_path}?limit=1000")))
            .await;
        r.json[field]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| pred(v))
            .map(|v| v["id"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no matching item in {list_path}"))
    }
}

/// Asserts an API error body: status, `{message, requestId, statusCode}`, x-request-id.
pub fn assert_error(r: &Reply, status: u16) {
    assert_eq!(r.status, status, "unexpected status; body: {}", r.text);
    assert_eq!(r.json["statusCode"], status, "{}", r.text);
    assert!(
        r.json["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{}",
        r.text
    );
    let rid = r.json["requestId"].as_str().expect("requestId");
    assert_eq!(r.header("x-request-id").as_deref(), Some(rid));
}

pub fn dedicated_body(workspace: &str, cluster: &str) -> Value {
    serde_json::json!({
        "type": "DEDICATED", "name": "test-dedicated", "workspaceId": workspace, "clusterId": cluster,
        "astroRuntimeVersion": "9.5.0", "executor": "CELERY", "isCicdEnforced": false, "isDagDeployEnabled": true,
        "isHighAvailability": false, "schedulerSize": "SMALL", "defaultTaskPodCpu": "0.5", "defaultTaskPodMemory": "1Gi",
        "resourceQuotaCpu": "10", "resourceQuotaMemory": "20Gi",
        "workerQueues": [{"name": "default", "isDefault": true, "astroMachine": "A10", "minWorkerCount": 0, "maxWorkerCount": 3, "workerConcurrency": 8}],
    })
}
