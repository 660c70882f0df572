//! Building blocks of "validate the response in wasm, then JSON.parse in JS", one export each,
//! so bench/micro/run.mjs can time them separately on the benchmark's bodies.
#![forbid(unsafe_code)]

use astro_platform_client::decoding::{check_response, Checked};
use astro_platform_client::operations::Operation;
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

fn ok(op: Operation, body: &str) -> bool {
    matches!(check_response(op, 200, Some("application/json"), body), Ok(Checked::Json))
}

/// JS string in (wasm-bindgen: TextEncoder.encodeInto into wasm memory), nothing else.
#[wasm_bindgen]
pub fn copy_in_str(body: &str) -> usize {
    body.len()
}

/// Uint8Array in (one memcpy into wasm memory), nothing else.
#[wasm_bindgen]
pub fn copy_in_bytes(body: &[u8]) -> usize {
    body.len()
}

/// The current core check (typed decode into owned models, then dropped), from a JS string.
#[wasm_bindgen]
pub fn check_list_str(body: &str) -> bool {
    ok(Operation::ListDeployments, body)
}

#[wasm_bindgen]
pub fn check_get_str(body: &str) -> bool {
    ok(Operation::GetDeployment, body)
}

/// The current core check from bytes (UTF-8 validated without a copy).
#[wasm_bindgen]
pub fn check_list_bytes(body: &[u8]) -> bool {
    std::str::from_utf8(body).map(|s| ok(Operation::ListDeployments, s)).unwrap_or(false)
}

/// JSON syntax only (lower bound of any serde-based check).
#[wasm_bindgen]
pub fn syntax_only_bytes(body: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

/// A string handed back to JS (wasm-bindgen: TextDecoder.decode out of wasm memory).
#[wasm_bindgen]
pub fn echo_str(body: &str) -> String {
    body.to_owned()
}

// ---- a validation-only mirror of the response models: same wire names, same required
// fields, same types, but nothing is stored (no String, no Vec allocations).

/// Accepts a JSON string without allocating (serde_json hands borrowed or scratch slices).
struct S;
impl<'de> Deserialize<'de> for S {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = S;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<S, E> {
                Ok(S)
            }
        }
        d.deserialize_str(V)
    }
}

/// Accepts a JSON array of T without storing the items.
struct Seq<T>(std::marker::PhantomData<T>);
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Seq<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Seq<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seq<T>, A::Error> {
                while seq.next_element::<T>()?.is_some() {}
                Ok(Seq(std::marker::PhantomData))
            }
        }
        d.deserialize_seq(V(std::marker::PhantomData))
    }
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VProfile {
    id: S,
    subject_type: Option<S>,
    username: Option<S>,
    full_name: Option<S>,
    api_token_name: Option<S>,
    avatar_url: Option<S>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VEnv {
    key: S,
    value: Option<S>,
    is_secret: bool,
    updated_at: S,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VQueue {
    id: S,
    name: S,
    is_default: bool,
    astro_machine: Option<S>,
    node_pool_id: Option<S>,
    min_worker_count: i64,
    max_worker_count: i64,
    worker_concurrency: i64,
    pod_cpu: Option<S>,
    pod_memory: Option<S>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VDeployment {
    id: S,
    name: S,
    description: Option<S>,
    organization_id: S,
    workspace_id: S,
    workspace_name: Option<S>,
    cluster_id: Option<S>,
    cluster_name: Option<S>,
    cloud_provider: Option<S>,
    region: Option<S>,
    #[serde(rename = "type")]
    kind: Option<S>,
    status: S,
    status_reason: Option<S>,
    executor: Option<S>,
    runtime_version: Option<S>,
    airflow_version: Option<S>,
    namespace: Option<S>,
    contact_emails: Option<Seq<S>>,
    environment_variables: Option<Seq<VEnv>>,
    #[serde(rename = "externalIPs")]
    external_ips: Option<Seq<S>>,
    image_repository: Option<S>,
    image_tag: Option<S>,
    image_version: Option<S>,
    dag_tarball_version: Option<S>,
    is_cicd_enforced: Option<bool>,
    is_dag_deploy_enabled: Option<bool>,
    is_high_availability: Option<bool>,
    default_task_pod_cpu: Option<S>,
    default_task_pod_memory: Option<S>,
    resource_quota_cpu: Option<S>,
    resource_quota_memory: Option<S>,
    scheduler_au: Option<i64>,
    scheduler_cpu: Option<S>,
    scheduler_memory: Option<S>,
    scheduler_replicas: Option<i64>,
    scheduler_size: Option<S>,
    task_pod_node_pool_id: Option<S>,
    web_server_airflow_api_url: Option<S>,
    web_server_cpu: Option<S>,
    web_server_ingress_hostname: Option<S>,
    web_server_memory: Option<S>,
    web_server_replicas: Option<i64>,
    web_server_url: Option<S>,
    worker_queues: Option<Seq<VQueue>>,
    workload_identity: Option<S>,
    created_at: S,
    updated_at: S,
    created_by: Option<VProfile>,
    updated_by: Option<VProfile>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VPage {
    deployments: Seq<VDeployment>,
    limit: i64,
    offset: i64,
    total_count: i64,
}

/// Validation-only mirror, from bytes.
#[wasm_bindgen]
pub fn validate_list_bytes(body: &[u8]) -> bool {
    serde_json::from_slice::<VPage>(body).is_ok()
}

#[wasm_bindgen]
pub fn validate_get_bytes(body: &[u8]) -> bool {
    serde_json::from_slice::<VDeployment>(body).is_ok()
}

/// Validation-only mirror, from a JS string.
#[wasm_bindgen]
pub fn validate_list_str(body: &str) -> bool {
    serde_json::from_str::<VPage>(body).is_ok()
}
