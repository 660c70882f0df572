//! Request bodies and request enums (strict).
//!
//! Every type here is strict: unknown fields are refused (`deny_unknown_fields`), enums only
//! admit the values of the API reference, optional fields are `Option<T>` and are omitted
//! when absent (never sent as `null`). Fields are declared in alphabetical wire order, the
//! order of the reference samples, so the JSON we send is stable.
//!
//! The union bodies (`CreateClusterRequest` by `cloudProvider`, `CreateDeploymentRequest` and
//! `UpdateDeploymentRequest` by `type`) are internally tagged enums whose TypeScript form is a
//! discriminated union (`{ type: "DEDICATED" } & CreateDedicatedDeploymentRequest | ...`).
//!
//! `RequestAstroMachine` admits A5, A10, A20, A40 and A60 only: those are the values at the date of
//! the API reference (A120 and A160 were added to the API later). A server of the
//! reference's date refuses the newer sizes, so the client refuses them before sending;
//! responses (see the response models) still accept any value.
//!
//! Beside each body type is its validation [`Shape`] (see `crate::validation`), which
//! describes the same fields with the reference's constraints, no more and no fewer (a test
//! compares them with `spec/platform-v1beta1.yaml`). The shapes list the fields in the
//! struct's order: `prepare` writes bodies from them (`encoding::encode_body`), and
//! tests/proptests.rs checks that the text equals `serde_json::to_string` of the typed body.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

use crate::validation::{opt, req, Issue, Kind, Rule, Shape, Union, STR};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Serialize, Deserialize, Tsify, Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every wire value, in the reference's order.
            pub const VALUES: &'static [&'static str] = &[$($wire),+];

            /// The wire value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }
    };
}

wire_enum! {
    /// A cloud provider.
    RequestCloudProvider { Aws = "AWS", Azure = "AZURE", Gcp = "GCP" }
}

wire_enum! {
    /// A cluster type.
    RequestClusterType { Dedicated = "DEDICATED", Hybrid = "HYBRID" }
}

wire_enum! {
    /// A Deployment type (the `deploymentType` query of getDeploymentOptions).
    RequestDeploymentType { Hybrid = "HYBRID", Dedicated = "DEDICATED", Standard = "STANDARD" }
}

wire_enum! {
    /// A Deployment's executor.
    RequestExecutor { Celery = "CELERY", Kubernetes = "KUBERNETES" }
}

wire_enum! {
    /// The size of a Deployment's scheduler.
    RequestSchedulerSize { Small = "SMALL", Medium = "MEDIUM", Large = "LARGE" }
}

wire_enum! {
    /// The machine type of a worker queue (values at the reference's date; see module docs).
    RequestAstroMachine { A5 = "A5", A10 = "A10", A20 = "A20", A40 = "A40", A60 = "A60" }
}

wire_enum! {
    /// A sort key of a list operation.
    Sort {
        NameAsc = "name:asc",
        NameDesc = "name:desc",
        CreatedAtAsc = "createdAt:asc",
        CreatedAtDesc = "createdAt:desc",
        UpdatedAtAsc = "updatedAt:asc",
        UpdatedAtDesc = "updatedAt:desc",
    }
}

wire_enum! {
    /// An Organization's support plan (filter of listOrganizations).
    SupportPlan {
        Trial = "TRIAL",
        Basic = "BASIC",
        Standard = "STANDARD",
        Premium = "PREMIUM",
        BusinessCritical = "BUSINESS_CRITICAL",
    }
}

wire_enum! {
    /// An Organization's product (filter of listOrganizations).
    Product { Hosted = "HOSTED", Hybrid = "HYBRID" }
}

// ----------------------------------------------------------------------------------------
// Organizations

/// Body of updateOrganization.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    pub billing_email: String,
    pub is_scim_enabled: bool,
    /// At most 50 characters.
    pub name: String,
}

// ----------------------------------------------------------------------------------------
// Clusters

/// A Kubernetes tag of a cluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClusterK8sTag {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub value: Option<String>,
}

/// A node pool to create with a cluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateNodePoolRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_default: Option<bool>,
    pub max_node_count: i64,
    pub name: String,
    pub node_instance_type: String,
}

/// A node pool in updateCluster (`id` absent: a new node pool).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateNodePoolRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_default: Option<bool>,
    pub max_node_count: i64,
    pub name: String,
    pub node_instance_type: String,
}

/// Body of createCluster for AWS (the variant shown in the reference).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAwsClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub db_instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub k8s_tags: Option<Vec<ClusterK8sTag>>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pools: Option<Vec<CreateNodePoolRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_account: Option<String>,
    pub region: String,
    #[serde(rename = "type")]
    pub cluster_type: RequestClusterType,
    pub vpc_subnet_range: String,
    /// Unique items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
}

/// Body of createCluster for Azure: the AWS fields plus an optional `tenantId`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAzureClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub db_instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub k8s_tags: Option<Vec<ClusterK8sTag>>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pools: Option<Vec<CreateNodePoolRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_account: Option<String>,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tenant_id: Option<String>,
    #[serde(rename = "type")]
    pub cluster_type: RequestClusterType,
    pub vpc_subnet_range: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
}

/// Body of createCluster for GCP: the AWS fields plus three required ranges.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateGcpClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub db_instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub k8s_tags: Option<Vec<ClusterK8sTag>>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pools: Option<Vec<CreateNodePoolRequest>>,
    pub pod_subnet_range: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_account: Option<String>,
    pub region: String,
    pub service_peering_range: String,
    pub service_subnet_range: String,
    #[serde(rename = "type")]
    pub cluster_type: RequestClusterType,
    pub vpc_subnet_range: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
}

/// Body of createCluster: a union chosen by `cloudProvider`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(tag = "cloudProvider")]
pub enum CreateClusterRequest {
    #[serde(rename = "AWS")]
    Aws(CreateAwsClusterRequest),
    #[serde(rename = "AZURE")]
    Azure(CreateAzureClusterRequest),
    #[serde(rename = "GCP")]
    Gcp(CreateGcpClusterRequest),
}

/// Body of updateCluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateClusterRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub db_instance_type: Option<String>,
    pub k8s_tags: Vec<ClusterK8sTag>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pools: Option<Vec<UpdateNodePoolRequest>>,
    /// Absent: the cluster keeps its Workspaces; `[]`: all are removed. Unique items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
}

// ----------------------------------------------------------------------------------------
// Workspaces

/// Body of createWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateWorkspaceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cicd_enforced_default: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// At most 50 characters.
    pub name: String,
}

/// Body of updateWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateWorkspaceRequest {
    pub cicd_enforced_default: bool,
    pub description: String,
    /// At most 50 characters.
    pub name: String,
}

// ----------------------------------------------------------------------------------------
// Deployments

/// A worker queue of a DEDICATED or STANDARD Deployment (`id` absent: a new queue).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkerQueueRequest {
    pub astro_machine: RequestAstroMachine,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    pub is_default: bool,
    /// >= 1 and >= `minWorkerCount`.
    pub max_worker_count: i64,
    /// >= 0.
    pub min_worker_count: i64,
    /// At most 63 characters.
    pub name: String,
    /// >= 1.
    pub worker_concurrency: i64,
}

/// A worker queue of a HYBRID Deployment: a node pool instead of an Astro machine.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HybridWorkerQueueRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub id: Option<String>,
    pub is_default: bool,
    pub max_worker_count: i64,
    pub min_worker_count: i64,
    pub name: String,
    pub node_pool_id: String,
    pub worker_concurrency: i64,
}

/// The scheduler of a HYBRID Deployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentInstanceSpecRequest {
    /// Astro Units, 5..=24.
    pub au: i64,
    /// 1..=4.
    pub replicas: i64,
}

/// An environment variable of a Deployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentEnvironmentVariableRequest {
    pub is_secret: bool,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub value: Option<String>,
}

/// createDeployment, `type: "DEDICATED"` (the variant shown in the reference).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDedicatedDeploymentRequest {
    pub astro_runtime_version: String,
    pub cluster_id: String,
    pub default_task_pod_cpu: String,
    pub default_task_pod_memory: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub executor: RequestExecutor,
    pub is_cicd_enforced: bool,
    pub is_dag_deploy_enabled: bool,
    pub is_high_availability: bool,
    pub name: String,
    pub resource_quota_cpu: String,
    pub resource_quota_memory: String,
    pub scheduler_size: RequestSchedulerSize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<WorkerQueueRequest>>,
    pub workspace_id: String,
}

/// createDeployment, `type: "HYBRID"`: a `scheduler` spec instead of pod, quota and size fields.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateHybridDeploymentRequest {
    pub astro_runtime_version: String,
    pub cluster_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub executor: RequestExecutor,
    pub is_cicd_enforced: bool,
    pub is_dag_deploy_enabled: bool,
    pub name: String,
    pub scheduler: DeploymentInstanceSpecRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub task_pod_node_pool_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<HybridWorkerQueueRequest>>,
    pub workspace_id: String,
}

/// createDeployment, `type: "STANDARD"`: `clusterId` optional, optional `cloudProvider`/`region`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateStandardDeploymentRequest {
    pub astro_runtime_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cloud_provider: Option<RequestCloudProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cluster_id: Option<String>,
    pub default_task_pod_cpu: String,
    pub default_task_pod_memory: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub executor: RequestExecutor,
    pub is_cicd_enforced: bool,
    pub is_dag_deploy_enabled: bool,
    pub is_high_availability: bool,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub region: Option<String>,
    pub resource_quota_cpu: String,
    pub resource_quota_memory: String,
    pub scheduler_size: RequestSchedulerSize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<WorkerQueueRequest>>,
    pub workspace_id: String,
}

/// Body of createDeployment: a union chosen by `type`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum CreateDeploymentRequest {
    #[serde(rename = "DEDICATED")]
    Dedicated(CreateDedicatedDeploymentRequest),
    #[serde(rename = "HYBRID")]
    Hybrid(CreateHybridDeploymentRequest),
    #[serde(rename = "STANDARD")]
    Standard(CreateStandardDeploymentRequest),
}

/// updateDeployment, `type: "DEDICATED"` or `"STANDARD"` (both have these fields).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDedicatedDeploymentRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub contact_emails: Option<Vec<String>>,
    pub default_task_pod_cpu: String,
    pub default_task_pod_memory: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub environment_variables: Vec<DeploymentEnvironmentVariableRequest>,
    pub executor: RequestExecutor,
    pub is_cicd_enforced: bool,
    pub is_dag_deploy_enabled: bool,
    pub is_high_availability: bool,
    pub name: String,
    pub resource_quota_cpu: String,
    pub resource_quota_memory: String,
    pub scheduler_size: RequestSchedulerSize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<WorkerQueueRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workload_identity: Option<String>,
    pub workspace_id: String,
}

/// updateDeployment, `type: "HYBRID"`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateHybridDeploymentRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub contact_emails: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub environment_variables: Vec<DeploymentEnvironmentVariableRequest>,
    pub executor: RequestExecutor,
    pub is_cicd_enforced: bool,
    pub is_dag_deploy_enabled: bool,
    pub name: String,
    pub scheduler: DeploymentInstanceSpecRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub task_pod_node_pool_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub worker_queues: Option<Vec<HybridWorkerQueueRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workload_identity: Option<String>,
    pub workspace_id: String,
}

/// Body of updateDeployment: a union chosen by `type` (STANDARD has the DEDICATED fields).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(tag = "type")]
pub enum UpdateDeploymentRequest {
    #[serde(rename = "DEDICATED")]
    Dedicated(UpdateDedicatedDeploymentRequest),
    #[serde(rename = "HYBRID")]
    Hybrid(UpdateHybridDeploymentRequest),
    #[serde(rename = "STANDARD")]
    Standard(UpdateDedicatedDeploymentRequest),
}

// ----------------------------------------------------------------------------------------
// Validation shapes (same fields as the types above, with their constraints)

const fn name_max(max: usize) -> Kind {
    Kind::Str {
        min: None,
        max: Some(max),
    }
}
const INT: Kind = Kind::Int {
    min: None,
    max: None,
};
const fn int_min(min: i64) -> Kind {
    Kind::Int {
        min: Some(min),
        max: None,
    }
}
const fn array(item: &'static Kind) -> Kind {
    Kind::Array {
        item,
        min_items: 0,
        unique: false,
    }
}
const STRINGS: Kind = array(&STR);
const UNIQUE_STRINGS: Kind = Kind::Array {
    item: &STR,
    min_items: 0,
    unique: true,
};
const DESCRIPTION: Kind = Kind::Str {
    min: None,
    max: Some(1000),
};

pub static UPDATE_ORGANIZATION: Shape = Shape {
    name: "UpdateOrganizationRequest",
    fields: &[
        req("billingEmail", STR),
        req("isScimEnabled", Kind::Bool),
        req("name", name_max(50)),
    ],
    check: None,
};

pub static CLUSTER_K8S_TAG: Shape = Shape {
    name: "ClusterK8sTag",
    fields: &[opt("key", STR), opt("value", STR)],
    check: None,
};

pub static CREATE_NODE_POOL: Shape = Shape {
    name: "CreateNodePoolRequest",
    fields: &[
        opt("isDefault", Kind::Bool),
        req("maxNodeCount", INT),
        req("name", STR),
        req("nodeInstanceType", STR),
    ],
    check: None,
};

pub static UPDATE_NODE_POOL: Shape = Shape {
    name: "UpdateNodePoolRequest",
    fields: &[
        opt("id", STR),
        opt("isDefault", Kind::Bool),
        req("maxNodeCount", INT),
        req("name", STR),
        req("nodeInstanceType", STR),
    ],
    check: None,
};

const K8S_TAGS: Kind = Kind::Array {
    item: &Kind::Object(&CLUSTER_K8S_TAG),
    min_items: 0,
    unique: false,
};

static CREATE_AWS_CLUSTER: Shape = Shape {
    name: "CreateAwsClusterRequest",
    fields: &[
        opt("dbInstanceType", STR),
        opt("k8sTags", K8S_TAGS),
        req("name", STR),
        opt("nodePools", array(&Kind::Object(&CREATE_NODE_POOL))),
        opt("providerAccount", STR),
        req("region", STR),
        req("type", Kind::Enum(RequestClusterType::VALUES)),
        req("vpcSubnetRange", STR),
        opt("workspaceIds", UNIQUE_STRINGS),
    ],
    check: None,
};

static CREATE_AZURE_CLUSTER: Shape = Shape {
    name: "CreateAzureClusterRequest",
    fields: &[
        opt("dbInstanceType", STR),
        opt("k8sTags", K8S_TAGS),
        req("name", STR),
        opt("nodePools", array(&Kind::Object(&CREATE_NODE_POOL))),
        opt("providerAccount", STR),
        req("region", STR),
        opt("tenantId", STR),
        req("type", Kind::Enum(RequestClusterType::VALUES)),
        req("vpcSubnetRange", STR),
        opt("workspaceIds", UNIQUE_STRINGS),
    ],
    check: None,
};

static CREATE_GCP_CLUSTER: Shape = Shape {
    name: "CreateGcpClusterRequest",
    fields: &[
        opt("dbInstanceType", STR),
        opt("k8sTags", K8S_TAGS),
        req("name", STR),
        opt("nodePools", array(&Kind::Object(&CREATE_NODE_POOL))),
        req("podSubnetRange", STR),
        opt("providerAccount", STR),
        req("region", STR),
        req("servicePeeringRange", STR),
        req("serviceSubnetRange", STR),
        req("type", Kind::Enum(RequestClusterType::VALUES)),
        req("vpcSubnetRange", STR),
        opt("workspaceIds", UNIQUE_STRINGS),
    ],
    check: None,
};

pub static CREATE_CLUSTER: Union = Union {
    tag: "cloudProvider",
    label: "cluster",
    variants: &[
        ("AWS", &CREATE_AWS_CLUSTER),
        ("AZURE", &CREATE_AZURE_CLUSTER),
        ("GCP", &CREATE_GCP_CLUSTER),
    ],
};

pub static UPDATE_CLUSTER: Shape = Shape {
    name: "UpdateClusterRequest",
    fields: &[
        opt("dbInstanceType", STR),
        req("k8sTags", K8S_TAGS),
        req("name", STR),
        opt("nodePools", array(&Kind::Object(&UPDATE_NODE_POOL))),
        opt("workspaceIds", UNIQUE_STRINGS),
    ],
    check: None,
};

pub static CREATE_WORKSPACE: Shape = Shape {
    name: "CreateWorkspaceRequest",
    fields: &[
        opt("cicdEnforcedDefault", Kind::Bool),
        opt("description", STR),
        req("name", name_max(50)),
    ],
    check: None,
};

pub static UPDATE_WORKSPACE: Shape = Shape {
    name: "UpdateWorkspaceRequest",
    fields: &[
        req("cicdEnforcedDefault", Kind::Bool),
        req("description", STR),
        req("name", name_max(50)),
    ],
    check: None,
};

/// `minWorkerCount <= maxWorkerCount` (runs after both are known to be valid integers).
fn worker_counts(map: &Map<String, Value>, path: &str, issues: &mut Vec<Issue>) {
    let min = map.get("minWorkerCount").and_then(Value::as_i64);
    let max = map.get("maxWorkerCount").and_then(Value::as_i64);
    if let (Some(min), Some(max)) = (min, max) {
        if max < min {
            issues.push(Issue::new(
                crate::validation::join(path, "maxWorkerCount"),
                Rule::Minimum,
                format!("must be >= minWorkerCount ({min}) (got {max})"),
            ));
        }
    }
}

pub static WORKER_QUEUE: Shape = Shape {
    name: "WorkerQueueRequest",
    fields: &[
        req("astroMachine", Kind::Enum(RequestAstroMachine::VALUES)),
        opt("id", STR),
        req("isDefault", Kind::Bool),
        req("maxWorkerCount", int_min(1)),
        req("minWorkerCount", int_min(0)),
        req("name", name_max(63)),
        req("workerConcurrency", int_min(1)),
    ],
    check: Some(worker_counts),
};

pub static HYBRID_WORKER_QUEUE: Shape = Shape {
    name: "HybridWorkerQueueRequest",
    fields: &[
        opt("id", STR),
        req("isDefault", Kind::Bool),
        req("maxWorkerCount", int_min(1)),
        req("minWorkerCount", int_min(0)),
        req("name", name_max(63)),
        req("nodePoolId", STR),
        req("workerConcurrency", int_min(1)),
    ],
    check: Some(worker_counts),
};

pub static DEPLOYMENT_INSTANCE_SPEC: Shape = Shape {
    name: "DeploymentInstanceSpecRequest",
    fields: &[
        req(
            "au",
            Kind::Int {
                min: Some(5),
                max: Some(24),
            },
        ),
        req(
            "replicas",
            Kind::Int {
                min: Some(1),
                max: Some(4),
            },
        ),
    ],
    check: None,
};

pub static ENVIRONMENT_VARIABLE: Shape = Shape {
    name: "DeploymentEnvironmentVariableRequest",
    fields: &[
        req("isSecret", Kind::Bool),
        req("key", STR),
        opt("value", STR),
    ],
    check: None,
};

const QUEUES: Kind = Kind::Array {
    item: &Kind::Object(&WORKER_QUEUE),
    min_items: 1,
    unique: false,
};
const HYBRID_QUEUES: Kind = Kind::Array {
    item: &Kind::Object(&HYBRID_WORKER_QUEUE),
    min_items: 1,
    unique: false,
};
const EXECUTOR: Kind = Kind::Enum(RequestExecutor::VALUES);
const SCHEDULER_SIZE: Kind = Kind::Enum(RequestSchedulerSize::VALUES);
const SCHEDULER: Kind = Kind::Object(&DEPLOYMENT_INSTANCE_SPEC);
const ENV_VARS: Kind = Kind::Array {
    item: &Kind::Object(&ENVIRONMENT_VARIABLE),
    min_items: 0,
    unique: false,
};

static CREATE_DEDICATED_DEPLOYMENT: Shape = Shape {
    name: "CreateDedicatedDeploymentRequest",
    fields: &[
        req("astroRuntimeVersion", STR),
        req("clusterId", STR),
        req("defaultTaskPodCpu", STR),
        req("defaultTaskPodMemory", STR),
        opt("description", DESCRIPTION),
        req("executor", EXECUTOR),
        req("isCicdEnforced", Kind::Bool),
        req("isDagDeployEnabled", Kind::Bool),
        req("isHighAvailability", Kind::Bool),
        req("name", name_max(500)),
        req("resourceQuotaCpu", STR),
        req("resourceQuotaMemory", STR),
        req("schedulerSize", SCHEDULER_SIZE),
        opt("workerQueues", QUEUES),
        req("workspaceId", STR),
    ],
    check: None,
};

static CREATE_HYBRID_DEPLOYMENT: Shape = Shape {
    name: "CreateHybridDeploymentRequest",
    fields: &[
        req("astroRuntimeVersion", STR),
        req("clusterId", STR),
        opt("description", DESCRIPTION),
        req("executor", EXECUTOR),
        req("isCicdEnforced", Kind::Bool),
        req("isDagDeployEnabled", Kind::Bool),
        req("name", name_max(500)),
        req("scheduler", SCHEDULER),
        opt("taskPodNodePoolId", STR),
        opt("workerQueues", HYBRID_QUEUES),
        req("workspaceId", STR),
    ],
    check: None,
};

static CREATE_STANDARD_DEPLOYMENT: Shape = Shape {
    name: "CreateStandardDeploymentRequest",
    fields: &[
        req("astroRuntimeVersion", STR),
        opt("cloudProvider", Kind::Enum(RequestCloudProvider::VALUES)),
        opt("clusterId", STR),
        req("defaultTaskPodCpu", STR),
        req("defaultTaskPodMemory", STR),
        opt("description", DESCRIPTION),
        req("executor", EXECUTOR),
        req("isCicdEnforced", Kind::Bool),
        req("isDagDeployEnabled", Kind::Bool),
        req("isHighAvailability", Kind::Bool),
        req("name", name_max(500)),
        opt("region", STR),
        req("resourceQuotaCpu", STR),
        req("resourceQuotaMemory", STR),
        req("schedulerSize", SCHEDULER_SIZE),
        opt("workerQueues", QUEUES),
        req("workspaceId", STR),
    ],
    check: None,
};

pub static CREATE_DEPLOYMENT: Union = Union {
    tag: "type",
    label: "deployment",
    variants: &[
        ("DEDICATED", &CREATE_DEDICATED_DEPLOYMENT),
        ("HYBRID", &CREATE_HYBRID_DEPLOYMENT),
        ("STANDARD", &CREATE_STANDARD_DEPLOYMENT),
    ],
};

static UPDATE_DEDICATED_DEPLOYMENT: Shape = Shape {
    name: "UpdateDedicatedDeploymentRequest",
    fields: &[
        opt("contactEmails", STRINGS),
        req("defaultTaskPodCpu", STR),
        req("defaultTaskPodMemory", STR),
        opt("description", DESCRIPTION),
        req("environmentVariables", ENV_VARS),
        req("executor", EXECUTOR),
        req("isCicdEnforced", Kind::Bool),
        req("isDagDeployEnabled", Kind::Bool),
        req("isHighAvailability", Kind::Bool),
        req("name", name_max(500)),
        req("resourceQuotaCpu", STR),
        req("resourceQuotaMemory", STR),
        req("schedulerSize", SCHEDULER_SIZE),
        opt("workerQueues", QUEUES),
        opt("workloadIdentity", STR),
        req("workspaceId", STR),
    ],
    check: None,
};

static UPDATE_HYBRID_DEPLOYMENT: Shape = Shape {
    name: "UpdateHybridDeploymentRequest",
    fields: &[
        opt("contactEmails", STRINGS),
        opt("description", DESCRIPTION),
        req("environmentVariables", ENV_VARS),
        req("executor", EXECUTOR),
        req("isCicdEnforced", Kind::Bool),
        req("isDagDeployEnabled", Kind::Bool),
        req("name", name_max(500)),
        req("scheduler", SCHEDULER),
        opt("taskPodNodePoolId", STR),
        opt("workerQueues", HYBRID_QUEUES),
        opt("workloadIdentity", STR),
        req("workspaceId", STR),
    ],
    check: None,
};

pub static UPDATE_DEPLOYMENT: Union = Union {
    tag: "type",
    label: "deployment",
    variants: &[
        ("DEDICATED", &UPDATE_DEDICATED_DEPLOYMENT),
        ("HYBRID", &UPDATE_HYBRID_DEPLOYMENT),
        ("STANDARD", &UPDATE_DEDICATED_DEPLOYMENT),
    ],
};
