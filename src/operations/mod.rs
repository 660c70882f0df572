//! The 20 operations of the Platform API (v1beta1).
//!
//! This file holds the `Operation` enum and its metadata, as fixed by ARCHITECTURE.md.
//! Request preparation (`prepare`) is added by the requests side.

/// The HTTP method an operation uses. Create and update use POST, list and get use GET.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Delete,
}

impl HttpMethod {
    /// The method as sent on the wire (`GET`, `POST`, `DELETE`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One operation of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    ListOrganizations,
    GetOrganization,
    UpdateOrganization,
    ListClusters,
    CreateCluster,
    GetCluster,
    UpdateCluster,
    DeleteCluster,
    GetClusterOptions,
    GetDeploymentOptions,
    ListWorkspaces,
    CreateWorkspace,
    GetWorkspace,
    UpdateWorkspace,
    DeleteWorkspace,
    ListDeployments,
    CreateDeployment,
    GetDeployment,
    UpdateDeployment,
    DeleteDeployment,
}

impl Operation {
    /// Every operation, in the order of the reference.
    pub const ALL: [Operation; 20] = [
        Operation::ListOrganizations,
        Operation::GetOrganization,
        Operation::UpdateOrganization,
        Operation::ListClusters,
        Operation::CreateCluster,
        Operation::GetCluster,
        Operation::UpdateCluster,
        Operation::DeleteCluster,
        Operation::GetClusterOptions,
        Operation::GetDeploymentOptions,
        Operation::ListWorkspaces,
        Operation::CreateWorkspace,
        Operation::GetWorkspace,
        Operation::UpdateWorkspace,
        Operation::DeleteWorkspace,
        Operation::ListDeployments,
        Operation::CreateDeployment,
        Operation::GetDeployment,
        Operation::UpdateDeployment,
        Operation::DeleteDeployment,
    ];

    /// The operation id, e.g. `"listDeployments"`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::ListOrganizations => "listOrganizations",
            Operation::GetOrganization => "getOrganization",
            Operation::UpdateOrganization => "updateOrganization",
            Operation::ListClusters => "listClusters",
            Operation::CreateCluster => "createCluster",
            Operation::GetCluster => "getCluster",
            Operation::UpdateCluster => "updateCluster",
            Operation::DeleteCluster => "deleteCluster",
            Operation::GetClusterOptions => "getClusterOptions",
            Operation::GetDeploymentOptions => "getDeploymentOptions",
            Operation::ListWorkspaces => "listWorkspaces",
            Operation::CreateWorkspace => "createWorkspace",
            Operation::GetWorkspace => "getWorkspace",
            Operation::UpdateWorkspace => "updateWorkspace",
            Operation::DeleteWorkspace => "deleteWorkspace",
            Operation::ListDeployments => "listDeployments",
            Operation::CreateDeployment => "createDeployment",
            Operation::GetDeployment => "getDeployment",
            Operation::UpdateDeployment => "updateDeployment",
            Operation::DeleteDeployment => "deleteDeployment",
        }
    }

    /// The operation with this id, if any (`"listDeployments"` -> `ListDeployments`).
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// The HTTP method: GET for list/get, POST for create/update, DELETE for delete.
    pub fn method(self) -> HttpMethod {
        match self {
            Operation::UpdateOrganization
            | Operation::CreateCluster
            | Operation::UpdateCluster
            | Operation::CreateWorkspace
            | Operation::UpdateWorkspace
            | Operation::CreateDeployment
            | Operation::UpdateDeployment => HttpMethod::Post,
            Operation::DeleteCluster | Operation::DeleteWorkspace | Operation::DeleteDeployment => {
                HttpMethod::Delete
            }
            _ => HttpMethod::Get,
        }
    }

    /// Whether the operation is a paginated list (offset/limit, `totalCount` in the body).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Operation::ListOrganizations
                | Operation::ListClusters
                | Operation::ListWorkspaces
                | Operation::ListDeployments
        )
    }
}

mod inputs;
mod prepare;

pub use inputs::*;
pub use prepare::{body_kind, path_params, prepare, query_params, PreparedRequest, RequestContext};
