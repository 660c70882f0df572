//! The schema of every operation's 2xx response body as static tables, for checkers that
//! work on an already parsed value (the wasm layer's JavaScript walker, js/check.js).
//!
//! The tables state the same rules the typed models of [`crate::models`] enforce when
//! [`super::check_response`] decodes a body:
//! - an object has the listed fields; a `required` field must be present and not `null`; any
//!   other field may be missing or `null` (an `Option` in the model); unknown fields are allowed;
//! - [`Kind::LenientEnum`] accepts any string (response enums keep unknown values);
//! - [`Kind::Integer`] is a whole number that fits an `i64`, [`Kind::Number`] any finite number;
//! - array items are never `null`.
//!
//! They are written by hand; tests/shapes.rs pins them to spec/platform-v1beta1.yaml (fields,
//! required, types) and to the typed decode (every fixture and systematic mutations of it are
//! accepted or rejected alike by a walker over these tables and by `check_response`).

use crate::operations::Operation;

/// What a value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A JSON string.
    String,
    /// A string enum of a response: any string (unknown values are kept).
    LenientEnum,
    /// A whole number that fits an `i64`.
    Integer,
    /// A finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array whose items are all of this kind (never `null`).
    Array(&'static Kind),
    /// An object of this shape.
    Object(&'static Shape),
}

/// One field of an object shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The wire name (`workerQueues`, `externalIPs`).
    pub name: &'static str,
    /// Must be present and not `null`; an optional field may be missing or `null`.
    pub required: bool,
    /// What the value must be.
    pub kind: Kind,
}

/// An object schema: its name in the spec and its known fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// The schema's name in spec/platform-v1beta1.yaml (and the Rust model's name).
    pub name: &'static str,
    /// The known fields; others are allowed and not checked (except for depth).
    pub fields: &'static [Field],
}

const fn field(name: &'static str, required: bool, kind: Kind) -> Field {
    Field {
        name,
        required,
        kind,
    }
}

/// The schema of `op`'s 2xx body; `None` for the deletes (no body is read).
pub fn response_kind(op: Operation) -> Option<Kind> {
    Some(match op {
        Operation::ListOrganizations => Kind::Object(&ORGANIZATIONS_PAGINATED),
        Operation::GetOrganization | Operation::UpdateOrganization => Kind::Object(&ORGANIZATION),
        Operation::ListClusters => Kind::Object(&CLUSTERS_PAGINATED),
        Operation::CreateCluster | Operation::GetCluster | Operation::UpdateCluster => {
            Kind::Object(&CLUSTER)
        }
        Operation::GetClusterOptions => Kind::Array(&Kind::Object(&CLUSTER_OPTIONS)),
        Operation::GetDeploymentOptions => Kind::Object(&DEPLOYMENT_OPTIONS),
        Operation::ListWorkspaces => Kind::Object(&WORKSPACES_PAGINATED),
        Operation::CreateWorkspace | Operation::GetWorkspace | Operation::UpdateWorkspace => {
            Kind::Object(&WORKSPACE)
        }
        Operation::ListDeployments => Kind::Object(&DEPLOYMENTS_PAGINATED),
        Operation::CreateDeployment | Operation::GetDeployment | Operation::UpdateDeployment => {
            Kind::Object(&DEPLOYMENT)
        }
        Operation::DeleteCluster | Operation::DeleteWorkspace | Operation::DeleteDeployment => {
            return None
        }
    })
}

/// The tables as compact JSON text, the form js/check.js reads:
///
/// ```text
/// {"ops":{"listDeployments":"DeploymentsPaginated","getClusterOptions":"[ClusterOptions",...},
///  "shapes":{"DeploymentsPaginated":[["deployments",1,"[Deployment"],["limit",1,"i"],...],...}}
/// ```
///
/// A kind is `s` (string), `e` (lenient enum: any string), `i` (integer), `n` (number),
/// `b` (boolean), `[` followed by the item kind (array), or a shape name (object). A field is
/// `[wire name, 1 if required else 0, kind]`. The deletes are not listed.
pub fn response_shapes_json() -> String {
    let mut ops = String::new();
    let mut shapes: Vec<&'static Shape> = Vec::new();
    for op in Operation::ALL {
        if let Some(kind) = response_kind(op) {
            let sep = if ops.is_empty() { "" } else { "," };
            ops.push_str(&format!("{sep}\"{}\":\"{}\"", op.name(), code(&kind)));
            collect(&kind, &mut shapes);
        }
    }
    let mut out = format!("{{\"ops\":{{{ops}}},\"shapes\":{{");
    for (i, shape) in shapes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"{}\":[", shape.name));
        for (j, f) in shape.fields.iter().enumerate() {
            let sep = if j > 0 { "," } else { "" };
            let req = u8::from(f.required);
            out.push_str(&format!("{sep}[\"{}\",{req},\"{}\"]", f.name, code(&f.kind)));
        }
        out.push(']');
    }
    out.push_str("}}");
    out
}

/// Every shape reachable from `op`'s response, each once, in the order first reached.
pub fn shapes_of(op: Operation) -> Vec<&'static Shape> {
    let mut out = Vec::new();
    if let Some(kind) = response_kind(op) {
        collect(&kind, &mut out);
    }
    out
}

fn collect(kind: &Kind, out: &mut Vec<&'static Shape>) {
    match kind {
        Kind::Array(item) => collect(item, out),
        Kind::Object(shape) => {
            if out.iter().any(|s| s.name == shape.name) {
                return;
            }
            out.push(shape);
            for f in shape.fields {
                collect(&f.kind, out);
            }
        }
        _ => {}
    }
}

fn code(kind: &Kind) -> String {
    match kind {
        Kind::String => "s".to_owned(),
        Kind::LenientEnum => "e".to_owned(),
        Kind::Integer => "i".to_owned(),
        Kind::Number => "n".to_owned(),
        Kind::Boolean => "b".to_owned(),
        Kind::Array(item) => format!("[{}", code(item)),
        Kind::Object(shape) => shape.name.to_owned(),
    }
}

const ORGANIZATIONS_PAGINATED: Shape = Shape {
    name: "OrganizationsPaginated",
    fields: &[
        field("organizations", true, Kind::Array(&Kind::Object(&ORGANIZATION))),
        field("limit", true, Kind::Integer),
        field("offset", true, Kind::Integer),
        field("totalCount", true, Kind::Integer),
    ],
};

const ORGANIZATION: Shape = Shape {
    name: "Organization",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("billingEmail", false, Kind::String),
        field("isScimEnabled", false, Kind::Boolean),
        field("managedDomains", false, Kind::Array(&Kind::Object(&MANAGED_DOMAIN))),
        field("paymentMethod", false, Kind::LenientEnum),
        field("product", false, Kind::LenientEnum),
        field("status", false, Kind::LenientEnum),
        field("supportPlan", false, Kind::LenientEnum),
        field("trialExpiresAt", false, Kind::String),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
        field("createdBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
        field("updatedBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
    ],
};

const MANAGED_DOMAIN: Shape = Shape {
    name: "ManagedDomain",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("organizationId", true, Kind::String),
        field("status", true, Kind::LenientEnum),
        field("enforcedLogins", false, Kind::Array(&Kind::String)),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
    ],
};

const BASIC_SUBJECT_PROFILE: Shape = Shape {
    name: "BasicSubjectProfile",
    fields: &[
        field("id", true, Kind::String),
        field("subjectType", false, Kind::LenientEnum),
        field("username", false, Kind::String),
        field("fullName", false, Kind::String),
        field("apiTokenName", false, Kind::String),
        field("avatarUrl", false, Kind::String),
    ],
};

const CLUSTERS_PAGINATED: Shape = Shape {
    name: "ClustersPaginated",
    fields: &[
        field("clusters", true, Kind::Array(&Kind::Object(&CLUSTER))),
        field("limit", true, Kind::Integer),
        field("offset", true, Kind::Integer),
        field("totalCount", true, Kind::Integer),
    ],
};

const CLUSTER: Shape = Shape {
    name: "Cluster",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("organizationId", true, Kind::String),
        field("cloudProvider", true, Kind::LenientEnum),
        field("type", true, Kind::LenientEnum),
        field("region", true, Kind::String),
        field("status", true, Kind::LenientEnum),
        field("dbInstanceType", false, Kind::String),
        field("isLimited", false, Kind::Boolean),
        field("metadata", false, Kind::Object(&CLUSTER_METADATA)),
        field("nodePools", false, Kind::Array(&Kind::Object(&NODE_POOL))),
        field("podSubnetRange", false, Kind::String),
        field("providerAccount", false, Kind::String),
        field("servicePeeringRange", false, Kind::String),
        field("serviceSubnetRange", false, Kind::String),
        field("tags", false, Kind::Array(&Kind::Object(&CLUSTER_TAG))),
        field("tenantId", false, Kind::String),
        field("vpcSubnetRange", false, Kind::String),
        field("workspaceIds", false, Kind::Array(&Kind::String)),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
    ],
};

const CLUSTER_METADATA: Shape = Shape {
    name: "ClusterMetadata",
    fields: &[
        field("externalIPs", false, Kind::Array(&Kind::String)),
    ],
};

const NODE_POOL: Shape = Shape {
    name: "NodePool",
    fields: &[
        field("id", true, Kind::String),
        field("clusterId", true, Kind::String),
        field("name", true, Kind::String),
        field("cloudProvider", false, Kind::LenientEnum),
        field("isDefault", true, Kind::Boolean),
        field("maxNodeCount", true, Kind::Integer),
        field("nodeInstanceType", true, Kind::String),
        field("supportedAstroMachines", false, Kind::Array(&Kind::LenientEnum)),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
    ],
};

const CLUSTER_TAG: Shape = Shape {
    name: "ClusterTag",
    fields: &[
        field("key", false, Kind::String),
        field("value", false, Kind::String),
    ],
};

const CLUSTER_OPTIONS: Shape = Shape {
    name: "ClusterOptions",
    fields: &[
        field("provider", true, Kind::LenientEnum),
        field("regions", true, Kind::Array(&Kind::Object(&PROVIDER_REGION))),
        field("defaultRegion", true, Kind::Object(&PROVIDER_REGION)),
        field("nodeInstances", true, Kind::Array(&Kind::Object(&PROVIDER_INSTANCE_TYPE))),
        field("defaultNodeInstance", true, Kind::Object(&PROVIDER_INSTANCE_TYPE)),
        field("databaseInstances", true, Kind::Array(&Kind::Object(&PROVIDER_INSTANCE_TYPE))),
        field("defaultDatabaseInstance", true, Kind::Object(&PROVIDER_INSTANCE_TYPE)),
        field("defaultVpcSubnetRange", true, Kind::String),
        field("defaultPodSubnetRange", false, Kind::String),
        field("defaultServicePeeringRange", false, Kind::String),
        field("defaultServiceSubnetRange", false, Kind::String),
        field("nodeCountMin", true, Kind::Integer),
        field("nodeCountMax", true, Kind::Integer),
        field("nodeCountDefault", true, Kind::Integer),
    ],
};

const PROVIDER_REGION: Shape = Shape {
    name: "ProviderRegion",
    fields: &[
        field("name", true, Kind::String),
        field("limited", false, Kind::Boolean),
        field("bannedInstances", false, Kind::Array(&Kind::String)),
    ],
};

const PROVIDER_INSTANCE_TYPE: Shape = Shape {
    name: "ProviderInstanceType",
    fields: &[
        field("name", true, Kind::String),
        field("cpu", true, Kind::Integer),
        field("memory", true, Kind::String),
    ],
};

const DEPLOYMENT_OPTIONS: Shape = Shape {
    name: "DeploymentOptions",
    fields: &[
        field("executors", true, Kind::Array(&Kind::LenientEnum)),
        field("resourceQuotas", true, Kind::Object(&RESOURCE_QUOTA_OPTIONS)),
        field("runtimeReleases", true, Kind::Array(&Kind::Object(&RUNTIME_RELEASE))),
        field("schedulerMachines", true, Kind::Array(&Kind::Object(&SCHEDULER_MACHINE))),
        field("workerMachines", true, Kind::Array(&Kind::Object(&WORKER_MACHINE))),
        field("workerQueues", true, Kind::Object(&WORKER_QUEUE_OPTIONS)),
        field("workloadIdentityOptions", false, Kind::Array(&Kind::Object(&WORKLOAD_IDENTITY_OPTION))),
    ],
};

const RESOURCE_QUOTA_OPTIONS: Shape = Shape {
    name: "ResourceQuotaOptions",
    fields: &[
        field("defaultPodSize", true, Kind::Object(&RESOURCE_OPTION)),
        field("resourceQuota", true, Kind::Object(&RESOURCE_OPTION)),
    ],
};

const RESOURCE_OPTION: Shape = Shape {
    name: "ResourceOption",
    fields: &[
        field("cpu", true, Kind::Object(&RESOURCE_RANGE)),
        field("memory", true, Kind::Object(&RESOURCE_RANGE)),
    ],
};

const RESOURCE_RANGE: Shape = Shape {
    name: "ResourceRange",
    fields: &[
        field("ceiling", true, Kind::String),
        field("default", true, Kind::String),
        field("floor", true, Kind::String),
    ],
};

const RUNTIME_RELEASE: Shape = Shape {
    name: "RuntimeRelease",
    fields: &[
        field("version", true, Kind::String),
        field("airflowVersion", true, Kind::String),
        field("channel", true, Kind::String),
        field("releaseDate", true, Kind::String),
        field("airflowDatabaseMigration", true, Kind::Boolean),
        field("stellarDatabaseMigration", true, Kind::Boolean),
    ],
};

const SCHEDULER_MACHINE: Shape = Shape {
    name: "SchedulerMachine",
    fields: &[
        field("name", true, Kind::LenientEnum),
        field("spec", true, Kind::Object(&MACHINE_SPEC)),
    ],
};

const MACHINE_SPEC: Shape = Shape {
    name: "MachineSpec",
    fields: &[
        field("cpu", true, Kind::String),
        field("memory", true, Kind::String),
        field("ephemeralStorage", false, Kind::String),
        field("concurrency", false, Kind::Number),
    ],
};

const WORKER_MACHINE: Shape = Shape {
    name: "WorkerMachine",
    fields: &[
        field("name", true, Kind::LenientEnum),
        field("spec", true, Kind::Object(&MACHINE_SPEC)),
        field("concurrency", true, Kind::Object(&RANGE)),
    ],
};

const RANGE: Shape = Shape {
    name: "Range",
    fields: &[
        field("ceiling", true, Kind::Number),
        field("default", true, Kind::Number),
        field("floor", true, Kind::Number),
    ],
};

const WORKER_QUEUE_OPTIONS: Shape = Shape {
    name: "WorkerQueueOptions",
    fields: &[
        field("maxWorkers", true, Kind::Object(&RANGE)),
        field("minWorkers", true, Kind::Object(&RANGE)),
        field("workerConcurrency", true, Kind::Object(&RANGE)),
    ],
};

const WORKLOAD_IDENTITY_OPTION: Shape = Shape {
    name: "WorkloadIdentityOption",
    fields: &[
        field("label", true, Kind::String),
        field("role", true, Kind::String),
    ],
};

const WORKSPACES_PAGINATED: Shape = Shape {
    name: "WorkspacesPaginated",
    fields: &[
        field("workspaces", true, Kind::Array(&Kind::Object(&WORKSPACE))),
        field("limit", true, Kind::Integer),
        field("offset", true, Kind::Integer),
        field("totalCount", true, Kind::Integer),
    ],
};

const WORKSPACE: Shape = Shape {
    name: "Workspace",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("description", false, Kind::String),
        field("organizationId", true, Kind::String),
        field("organizationName", false, Kind::String),
        field("cicdEnforcedDefault", true, Kind::Boolean),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
        field("createdBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
        field("updatedBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
    ],
};

const DEPLOYMENTS_PAGINATED: Shape = Shape {
    name: "DeploymentsPaginated",
    fields: &[
        field("deployments", true, Kind::Array(&Kind::Object(&DEPLOYMENT))),
        field("limit", true, Kind::Integer),
        field("offset", true, Kind::Integer),
        field("totalCount", true, Kind::Integer),
    ],
};

const DEPLOYMENT: Shape = Shape {
    name: "Deployment",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("description", false, Kind::String),
        field("organizationId", true, Kind::String),
        field("workspaceId", true, Kind::String),
        field("workspaceName", false, Kind::String),
        field("clusterId", false, Kind::String),
        field("clusterName", false, Kind::String),
        field("cloudProvider", false, Kind::String),
        field("region", false, Kind::String),
        field("type", false, Kind::LenientEnum),
        field("status", true, Kind::LenientEnum),
        field("statusReason", false, Kind::String),
        field("executor", false, Kind::LenientEnum),
        field("runtimeVersion", false, Kind::String),
        field("airflowVersion", false, Kind::String),
        field("namespace", false, Kind::String),
        field("contactEmails", false, Kind::Array(&Kind::String)),
        field("environmentVariables", false, Kind::Array(&Kind::Object(&DEPLOYMENT_ENVIRONMENT_VARIABLE))),
        field("externalIPs", false, Kind::Array(&Kind::String)),
        field("imageRepository", false, Kind::String),
        field("imageTag", false, Kind::String),
        field("imageVersion", false, Kind::String),
        field("dagTarballVersion", false, Kind::String),
        field("isCicdEnforced", false, Kind::Boolean),
        field("isDagDeployEnabled", false, Kind::Boolean),
        field("isHighAvailability", false, Kind::Boolean),
        field("defaultTaskPodCpu", false, Kind::String),
        field("defaultTaskPodMemory", false, Kind::String),
        field("resourceQuotaCpu", false, Kind::String),
        field("resourceQuotaMemory", false, Kind::String),
        field("schedulerAu", false, Kind::Integer),
        field("schedulerCpu", false, Kind::String),
        field("schedulerMemory", false, Kind::String),
        field("schedulerReplicas", false, Kind::Integer),
        field("schedulerSize", false, Kind::LenientEnum),
        field("taskPodNodePoolId", false, Kind::String),
        field("webServerAirflowApiUrl", false, Kind::String),
        field("webServerCpu", false, Kind::String),
        field("webServerIngressHostname", false, Kind::String),
        field("webServerMemory", false, Kind::String),
        field("webServerReplicas", false, Kind::Integer),
        field("webServerUrl", false, Kind::String),
        field("workerQueues", false, Kind::Array(&Kind::Object(&WORKER_QUEUE))),
        field("workloadIdentity", false, Kind::String),
        field("createdAt", true, Kind::String),
        field("updatedAt", true, Kind::String),
        field("createdBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
        field("updatedBy", false, Kind::Object(&BASIC_SUBJECT_PROFILE)),
    ],
};

const DEPLOYMENT_ENVIRONMENT_VARIABLE: Shape = Shape {
    name: "DeploymentEnvironmentVariable",
    fields: &[
        field("key", true, Kind::String),
        field("value", false, Kind::String),
        field("isSecret", true, Kind::Boolean),
        field("updatedAt", true, Kind::String),
    ],
};

const WORKER_QUEUE: Shape = Shape {
    name: "WorkerQueue",
    fields: &[
        field("id", true, Kind::String),
        field("name", true, Kind::String),
        field("isDefault", true, Kind::Boolean),
        field("astroMachine", false, Kind::LenientEnum),
        field("nodePoolId", false, Kind::String),
        field("minWorkerCount", true, Kind::Integer),
        field("maxWorkerCount", true, Kind::Integer),
        field("workerConcurrency", true, Kind::Integer),
        field("podCpu", false, Kind::String),
        field("podMemory", false, Kind::String),
    ],
};

