//! One typed input per operation: path parameters, query parameters and the body side by
//! side, exactly like the JSON object `prepare` takes. In TypeScript each input is ONE object
//! type (e.g. `{ organizationId?: string } & CreateWorkspaceRequest`). `organizationId` is
//! optional everywhere because the client may hold a default; other ids are required.
//! Inputs with a body declare their TypeScript as a type alias (an intersection), because a
//! TypeScript interface cannot extend a union such as `CreateDeploymentRequest`.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{prepare, Operation, PreparedRequest, RequestContext};
use crate::models::requests::{
    CreateClusterRequest, CreateDeploymentRequest, CreateWorkspaceRequest, Product,
    RequestCloudProvider, RequestClusterType, RequestDeploymentType, Sort, SupportPlan,
    UpdateClusterRequest, UpdateDeploymentRequest, UpdateOrganizationRequest,
    UpdateWorkspaceRequest,
};
use crate::validation::{Issue, Rule, ValidationError};

/// A typed input of one operation.
pub trait OperationInput: Serialize {
    /// The operation this input is for.
    const OPERATION: Operation;

    /// Validates and builds the request (same rules as [`prepare`]).
    fn prepare_request(&self, ctx: &RequestContext) -> Result<PreparedRequest, ValidationError> {
        match serde_json::to_value(self) {
            Ok(value) => prepare(Self::OPERATION, value, ctx),
            Err(e) => Err(ValidationError {
                operation: Some(Self::OPERATION.name()),
                issues: vec![Issue::new("", Rule::Type, e.to_string())],
            }),
        }
    }
}

macro_rules! inputs {
    ($($ty:ident => $op:ident),+ $(,)?) => {
        $(
            impl OperationInput for $ty {
                const OPERATION: Operation = Operation::$op;
            }

            impl $ty {
                /// Validates this input and builds the HTTP request.
                pub fn prepare(&self, ctx: &RequestContext) -> Result<PreparedRequest, ValidationError> {
                    self.prepare_request(ctx)
                }
            }
        )+
    };
}

inputs! {
    ListOrganizationsInput => ListOrganizations,
    GetOrganizationInput => GetOrganization,
    UpdateOrganizationInput => UpdateOrganization,
    ListClustersInput => ListClusters,
    CreateClusterInput => CreateCluster,
    GetClusterInput => GetCluster,
    UpdateClusterInput => UpdateCluster,
    DeleteClusterInput => DeleteCluster,
    GetClusterOptionsInput => GetClusterOptions,
    GetDeploymentOptionsInput => GetDeploymentOptions,
    ListWorkspacesInput => ListWorkspaces,
    CreateWorkspaceInput => CreateWorkspace,
    GetWorkspaceInput => GetWorkspace,
    UpdateWorkspaceInput => UpdateWorkspace,
    DeleteWorkspaceInput => DeleteWorkspace,
    ListDeploymentsInput => ListDeployments,
    CreateDeploymentInput => CreateDeployment,
    GetDeploymentInput => GetDeployment,
    UpdateDeploymentInput => UpdateDeployment,
    DeleteDeploymentInput => DeleteDeployment,
}

/// listOrganizations.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListOrganizationsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub support_plan: Option<SupportPlan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub product: Option<Product>,
    /// >= 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<i64>,
    /// 0..=1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sorts: Option<Vec<Sort>>,
}

/// getOrganization.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetOrganizationInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_look_up_only: Option<bool>,
}

/// updateOrganization.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string } & UpdateOrganizationRequest")]
pub struct UpdateOrganizationInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(flatten)]
    pub body: UpdateOrganizationRequest,
}

/// listClusters.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListClustersInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider: Option<RequestCloudProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sorts: Option<Vec<Sort>>,
}

/// createCluster (the body is a union by `cloudProvider`).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string } & CreateClusterRequest")]
pub struct CreateClusterInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(flatten)]
    pub body: CreateClusterRequest,
}

/// getCluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetClusterInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub cluster_id: String,
}

/// updateCluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string; clusterId: string } & UpdateClusterRequest")]
pub struct UpdateClusterInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub cluster_id: String,
    #[serde(flatten)]
    pub body: UpdateClusterRequest,
}

/// deleteCluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteClusterInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub cluster_id: String,
}

/// getClusterOptions.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetClusterOptionsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider: Option<RequestCloudProvider>,
    #[serde(rename = "type")]
    pub cluster_type: RequestClusterType,
}

/// getDeploymentOptions.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetDeploymentOptionsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub deployment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub deployment_type: Option<RequestDeploymentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cloud_provider: Option<RequestCloudProvider>,
}

/// listWorkspaces.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListWorkspacesInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sorts: Option<Vec<Sort>>,
}

/// createWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string } & CreateWorkspaceRequest")]
pub struct CreateWorkspaceInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(flatten)]
    pub body: CreateWorkspaceRequest,
}

/// getWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetWorkspaceInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub workspace_id: String,
}

/// updateWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string; workspaceId: string } & UpdateWorkspaceRequest")]
pub struct UpdateWorkspaceInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub workspace_id: String,
    #[serde(flatten)]
    pub body: UpdateWorkspaceRequest,
}

/// deleteWorkspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteWorkspaceInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub workspace_id: String,
}

/// listDeployments.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListDeploymentsInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub deployment_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<i64>,
    /// >= 0 (no maximum on this list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sorts: Option<Vec<Sort>>,
}

/// createDeployment (the body is a union by `type`).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string } & CreateDeploymentRequest")]
pub struct CreateDeploymentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    #[serde(flatten)]
    pub body: CreateDeploymentRequest,
}

/// getDeployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetDeploymentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub deployment_id: String,
}

/// updateDeployment (the body is a union by `type`).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
#[tsify(type = "{ organizationId?: string; deploymentId: string } & UpdateDeploymentRequest")]
pub struct UpdateDeploymentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub deployment_id: String,
    #[serde(flatten)]
    pub body: UpdateDeploymentRequest,
}

/// deleteDeployment.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteDeploymentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_id: Option<String>,
    pub deployment_id: String,
}
