//! Deployments, their worker queues and environment variables, and the Deployment enums.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::common::{BasicSubjectProfile, CloudProvider};
use crate::lenient_enum;

lenient_enum! {
    /// A Deployment's status. HIBERNATING was added after the reference.
    DeploymentStatus, "DeploymentStatus" {
        Creating => "CREATING",
        Deploying => "DEPLOYING",
        Healthy => "HEALTHY",
        Unhealthy => "UNHEALTHY",
        Unknown => "UNKNOWN",
        Hibernating => "HIBERNATING",
    }
}

lenient_enum! {
    /// A Deployment's type.
    DeploymentType, "DeploymentType" {
        Dedicated => "DEDICATED",
        Hybrid => "HYBRID",
        Standard => "STANDARD",
    }
}

lenient_enum! {
    /// A Deployment's executor. ASTRO was added after the reference.
    Executor, "Executor" {
        Celery => "CELERY",
        Kubernetes => "KUBERNETES",
        Astro => "ASTRO",
    }
}

lenient_enum! {
    /// A scheduler size. EXTRA_LARGE was added after the reference.
    SchedulerSize, "SchedulerSize" {
        Small => "SMALL",
        Medium => "MEDIUM",
        Large => "LARGE",
        ExtraLarge => "EXTRA_LARGE",
    }
}

lenient_enum! {
    /// An Astro worker machine type. A120 and A160 were added after the reference.
    AstroMachine, "AstroMachine" {
        A5 => "A5",
        A10 => "A10",
        A20 => "A20",
        A40 => "A40",
        A60 => "A60",
        A120 => "A120",
        A160 => "A160",
    }
}

/// An environment variable of a Deployment. Secret values are not returned.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentEnvironmentVariable {
    pub is_secret: bool,
    pub key: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub value: Option<String>,
}

/// A worker queue of a Deployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkerQueue {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub astro_machine: Option<AstroMachine>,
    pub id: String,
    pub is_default: bool,
    pub max_worker_count: i64,
    pub min_worker_count: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pool_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pod_cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pod_memory: Option<String>,
    pub worker_concurrency: i64,
}

/// An Astro Deployment (an Airflow environment).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub airflow_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cloud_provider: Option<CloudProvider>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cluster_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cluster_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub contact_emails: Option<Vec<String>>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub created_by: Option<BasicSubjectProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub dag_tarball_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default_task_pod_cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default_task_pod_memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub environment_variables: Option<Vec<DeploymentEnvironmentVariable>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub executor: Option<Executor>,
    #[serde(rename = "externalIPs", skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub external_ips: Option<Vec<String>>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_repository: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_cicd_enforced: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_dag_deploy_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_high_availability: Option<bool>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub namespace: Option<String>,
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub resource_quota_cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub resource_quota_memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub runtime_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scheduler_au: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scheduler_cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scheduler_memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scheduler_replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scheduler_size: Option<SchedulerSize>,
    pub status: DeploymentStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub task_pod_node_pool_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub r#type: Option<DeploymentType>,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub updated_by: Option<BasicSubjectProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_airflow_api_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_ingress_hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_replicas: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_server_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<WorkerQueue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workload_identity: Option<String>,
    pub workspace_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_name: Option<String>,
}

/// One page of Deployments.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentsPaginated {
    pub deployments: Vec<Deployment>,
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
}
