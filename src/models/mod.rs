//! One Rust type per schema of the API. Response types are lenient (unknown fields ignored,
//! unknown enum values kept); request types are strict.
//!
//! Response types and their enums are re-exported here (`models::Deployment`,
//! `models::ClusterStatus`, ...). Request types live in [`requests`].
//!
//! Naming: a response enum whose strict twin exists among the request types carries the
//! prefix `Lenient` (`LenientCloudProvider`, `LenientClusterType`, `LenientDeploymentType`,
//! `LenientExecutor`, `LenientSchedulerSize`, `LenientAstroMachine`), so both can be declared
//! in the same TypeScript file. The lenient one accepts any string (`Other(String)`), the
//! request one only the values the API accepts.
pub mod cluster;
pub mod common;
pub mod deployment;
pub mod options;
pub mod organization;
pub mod requests;
pub mod workspace;

pub use cluster::{
    Cluster, ClusterMetadata, ClusterStatus, ClusterTag, ClustersPaginated, LenientClusterType,
    NodePool,
};
pub use common::{BasicSubjectProfile, ErrorBody, LenientCloudProvider, SubjectType};
pub use deployment::{
    Deployment, DeploymentEnvironmentVariable, DeploymentStatus, DeploymentsPaginated,
    LenientAstroMachine, LenientDeploymentType, LenientExecutor, LenientSchedulerSize, WorkerQueue,
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
