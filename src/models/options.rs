//! Cluster options and Deployment options: the constraints for creating or updating.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::common::CloudProvider;
use super::deployment::{AstroMachine, Executor, SchedulerSize};

/// A machine type a provider offers (database or node instance).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInstanceType {
    pub cpu: i64,
    pub memory: String,
    pub name: String,
}

/// A region of a provider.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProviderRegion {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub banned_instances: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limited: Option<bool>,
    pub name: String,
}

/// The options for configuring a cluster on one provider.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClusterOptions {
    pub database_instances: Vec<ProviderInstanceType>,
    pub default_database_instance: ProviderInstanceType,
    pub default_node_instance: ProviderInstanceType,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default_pod_subnet_range: Option<String>,
    pub default_region: ProviderRegion,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default_service_peering_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default_service_subnet_range: Option<String>,
    pub default_vpc_subnet_range: String,
    pub node_count_default: i64,
    pub node_count_max: i64,
    pub node_count_min: i64,
    pub node_instances: Vec<ProviderInstanceType>,
    pub provider: CloudProvider,
    pub regions: Vec<ProviderRegion>,
}

/// A numeric range with a default (worker counts, concurrency).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Range {
    pub ceiling: f64,
    pub default: f64,
    pub floor: f64,
}

/// A resource range with a default, as quantity strings (`"1"`, `"2Gi"`).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRange {
    pub ceiling: String,
    pub default: String,
    pub floor: String,
}

/// The CPU and memory ranges of one resource setting.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceOption {
    pub cpu: ResourceRange,
    pub memory: ResourceRange,
}

/// The ranges of the resource quota and the default pod size.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceQuotaOptions {
    pub default_pod_size: ResourceOption,
    pub resource_quota: ResourceOption,
}

/// An Astro Runtime release.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeRelease {
    pub airflow_database_migration: bool,
    pub airflow_version: String,
    pub channel: String,
    pub release_date: String,
    pub stellar_database_migration: bool,
    pub version: String,
}

/// The resources of a machine size.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MachineSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub concurrency: Option<f64>,
    pub cpu: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ephemeral_storage: Option<String>,
    pub memory: String,
}

/// A scheduler size and its resources.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SchedulerMachine {
    pub name: SchedulerSize,
    pub spec: MachineSpec,
}

/// A worker machine type, its resources and its concurrency range.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkerMachine {
    pub concurrency: Range,
    pub name: AstroMachine,
    pub spec: MachineSpec,
}

/// The ranges for worker queue settings.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkerQueueOptions {
    pub max_workers: Range,
    pub min_workers: Range,
    pub worker_concurrency: Range,
}

/// A workload identity a Deployment can use.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadIdentityOption {
    pub label: String,
    pub role: String,
}

/// The options for configuring a Deployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentOptions {
    pub executors: Vec<Executor>,
    pub resource_quotas: ResourceQuotaOptions,
    pub runtime_releases: Vec<RuntimeRelease>,
    pub scheduler_machines: Vec<SchedulerMachine>,
    pub worker_machines: Vec<WorkerMachine>,
    pub worker_queues: WorkerQueueOptions,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workload_identity_options: Option<Vec<WorkloadIdentityOption>>,
}
