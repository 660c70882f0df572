//! The option catalogues of getDeploymentOptions and getClusterOptions.

use serde_json::{json, Value};

use super::*;
use crate::catalog;

impl Db {
    // ------------------------------------------------------------------------- options

    pub fn deployment_options(&self, org: &str, query: &Value) -> Result<Value, ApiError> {
        let mut identities = Vec::new();
        if let Some(id) = s(query, "deploymentId") {
            let i = self.deployment_index(org, id).map_err(|_| {
                bad(format!(
                    "deploymentId: Deployment '{id}' not found in this Organization"
                ))
            })?;
            if let Some(d) = self.deployments.get(i) {
                let current = sget(&d.doc, "workloadIdentity");
                if !current.is_empty() {
                    identities
                        .push(json!({ "label": "Deployment identity (default)", "role": current }));
                }
                if sget(&d.doc, "cloudProvider") == "AWS" {
                    identities.push(json!({
                        "label": "Shared data-lake role",
                        "role": format!("arn:aws:iam::123456789012:role/astro-datalake-{}", sget(&d.doc, "namespace")),
                    }));
                }
            }
        }
        Ok(catalog::deployment_options(identities))
    }

    pub fn cluster_options(query: &Value) -> Value {
        let hybrid = s(query, "type") == Some("HYBRID");
        let list: Vec<Value> = catalog::PROVIDERS
            .iter()
            .filter(|p| s(query, "provider").is_none_or(|want| want == p.name))
            .map(|p| catalog::cluster_options(p, hybrid))
            .collect();
        Value::Array(list)
    }
}
