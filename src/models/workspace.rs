//! Workspaces.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::common::BasicSubjectProfile;

/// An Astro Workspace.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub cicd_enforced_default: bool,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub created_by: Option<BasicSubjectProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    pub id: String,
    pub name: String,
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub organization_name: Option<String>,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub updated_by: Option<BasicSubjectProfile>,
}

/// One page of Workspaces.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspacesPaginated {
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
    pub workspaces: Vec<Workspace>,
}
