//! Clusters, their node pools, tags and metadata.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::common::CloudProvider;
use super::deployment::AstroMachine;
use crate::lenient_enum;

lenient_enum! {
    /// A cluster's type.
    ClusterType, "ClusterType" {
        Dedicated => "DEDICATED",
        Hybrid => "HYBRID",
    }
}

lenient_enum! {
    /// A cluster's status. The reference lists CREATING, CREATED, CREATE_FAILED and UPDATING;
    /// the server added the others later. An empty string has been seen right after create: it
    /// decodes as `Other("")`.
    ClusterStatus, "ClusterStatus" {
        Creating => "CREATING",
        Created => "CREATED",
        CreateFailed => "CREATE_FAILED",
        Updating => "UPDATING",
        UpdateFailed => "UPDATE_FAILED",
        UpgradePending => "UPGRADE_PENDING",
        AccessDenied => "ACCESS_DENIED",
        FailingOver => "FAILING_OVER",
        FailoverFailed => "FAILOVER_FAILED",
    }
}

/// A Kubernetes tag on a cluster (schema `ClusterK8sTag`).
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClusterTag {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub value: Option<String>,
}

/// Extra facts about a cluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClusterMetadata {
    /// The cluster's external IP addresses.
    #[serde(rename = "externalIPs", skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub external_ips: Option<Vec<String>>,
}

/// A node pool of a cluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NodePool {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cloud_provider: Option<CloudProvider>,
    pub cluster_id: String,
    pub created_at: String,
    pub id: String,
    pub is_default: bool,
    pub max_node_count: i64,
    pub name: String,
    pub node_instance_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supported_astro_machines: Option<Vec<AstroMachine>>,
    pub updated_at: String,
}

/// An Astro cluster.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub cloud_provider: CloudProvider,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub db_instance_type: Option<String>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_limited: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub metadata: Option<ClusterMetadata>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub node_pools: Option<Vec<NodePool>>,
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pod_subnet_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_account: Option<String>,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service_peering_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub service_subnet_range: Option<String>,
    pub status: ClusterStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tags: Option<Vec<ClusterTag>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tenant_id: Option<String>,
    pub r#type: ClusterType,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub vpc_subnet_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub workspace_ids: Option<Vec<String>>,
}

/// One page of clusters.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClustersPaginated {
    pub clusters: Vec<Cluster>,
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
}
