//! One Rust type per schema of the API. Response types are lenient (unknown fields ignored,
//! unknown enum values kept); request types are strict.
//!
//! Response types and their enums are re-exported here (`models::Deployment`,
//! `models::ClusterStatus`, ...). Request types live in [`requests`].
//!
//! Response enums are lenient (any string decodes; unknown ones are kept in `Other(String)`).
//! Their strict twins for request bodies live in [`requests`] with a `Request` prefix
//! (`RequestCloudProvider`, `RequestExecutor`, ...), so both fit in one TypeScript file.
pub mod cluster;
pub mod common;
pub mod deployment;
pub mod options;
pub mod organization;
pub mod requests;
pub mod workspace;

pub use cluster::{
    Cluster, ClusterMetadata, ClusterStatus, ClusterTag, ClusterType, ClustersPaginated, NodePool,
};
pub use common::{BasicSubjectProfile, CloudProvider, ErrorBody, SubjectType};
pub use deployment::{
    AstroMachine, Deployment, DeploymentEnvironmentVariable, DeploymentStatus, DeploymentType,
    DeploymentsPaginated, Executor, SchedulerSize, WorkerQueue,
};
pub use options::{
    ClusterOptions, DeploymentOptions, MachineSpec, ProviderInstanceType, ProviderRegion, Range,
    ResourceOption, ResourceQuotaOptions, ResourceRange, RuntimeRelease, SchedulerMachine,
    WorkerMachine, WorkerQueueOptions, WorkloadIdentityOption,
};
pub use organization::{
    ManagedDomain, ManagedDomainStatus, Organization, OrganizationPaymentMethod,
    OrganizationProduct, OrganizationStatus, OrganizationSupportPlan, OrganizationsPaginated,
};
pub use workspace::{Workspace, WorkspacesPaginated};
