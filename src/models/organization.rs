//! Organizations and their managed domains.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::common::BasicSubjectProfile;
use crate::lenient_enum;

lenient_enum! {
    /// An Organization's status.
    OrganizationStatus, "OrganizationStatus" {
        Active => "ACTIVE",
        Inactive => "INACTIVE",
        Suspended => "SUSPENDED",
    }
}

lenient_enum! {
    /// An Organization's product.
    OrganizationProduct, "OrganizationProduct" {
        Hosted => "HOSTED",
        Hybrid => "HYBRID",
    }
}

lenient_enum! {
    /// An Organization's support plan.
    OrganizationSupportPlan, "OrganizationSupportPlan" {
        Trial => "TRIAL",
        Basic => "BASIC",
        Standard => "STANDARD",
        Premium => "PREMIUM",
        BusinessCritical => "BUSINESS_CRITICAL",
    }
}

lenient_enum! {
    /// How an Organization pays.
    OrganizationPaymentMethod, "OrganizationPaymentMethod" {
        CreditCard => "CREDIT_CARD",
        Invoice => "INVOICE",
        AwsMarketplace => "AWS_MARKETPLACE",
        AzureMarketplace => "AZURE_MARKETPLACE",
        GcpMarketplace => "GCP_MARKETPLACE",
    }
}

lenient_enum! {
    /// A managed domain's verification status.
    ManagedDomainStatus, "ManagedDomainStatus" {
        Pending => "PENDING",
        Verified => "VERIFIED",
    }
}

/// A domain an Organization manages.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ManagedDomain {
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub enforced_logins: Option<Vec<String>>,
    pub id: String,
    pub name: String,
    pub organization_id: String,
    pub status: ManagedDomainStatus,
    pub updated_at: String,
}

/// An Astro Organization.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub billing_email: Option<String>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub created_by: Option<BasicSubjectProfile>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_scim_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub managed_domains: Option<Vec<ManagedDomain>>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub payment_method: Option<OrganizationPaymentMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub product: Option<OrganizationProduct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub status: Option<OrganizationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub support_plan: Option<OrganizationSupportPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub trial_expires_at: Option<String>,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub updated_by: Option<BasicSubjectProfile>,
}

/// One page of Organizations.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationsPaginated {
    pub limit: i64,
    pub offset: i64,
    pub organizations: Vec<Organization>,
    pub total_count: i64,
}
