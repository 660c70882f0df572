//! Organizations: list, get, update.

use serde_json::{json, Value};

use super::*;

impl Db {
    // -------------------------------------------------------------------- organizations

    pub fn list_organizations(&self, visible: &dyn Fn(&str) -> bool, query: &Value) -> Value {
        let plan = s(query, "supportPlan");
        let product = s(query, "product");
        let items: Vec<_> = self
            .organizations
            .iter()
            .filter(|o| visible(sget(o, "id")))
            .filter(|o| plan.is_none_or(|p| sget(o, "supportPlan") == p))
            .filter(|o| product.is_none_or(|p| sget(o, "product") == p))
            .collect();
        page(items, query, "organizations", |o: &&Obj| *o, |o| o.clone())
    }

    pub fn get_organization(&self, org: &str, query: &Value) -> Result<Value, ApiError> {
        let o = self
            .org(org)
            .ok_or_else(|| ApiError::new(404, format!("Organization '{org}' not found")))?;
        if b(query, "isLookUpOnly") {
            let mut out = Obj::new();
            for k in [
                "id",
                "name",
                "product",
                "status",
                "supportPlan",
                "createdAt",
                "updatedAt",
            ] {
                if let Some(v) = o.get(k) {
                    put(&mut out, k, v.clone());
                }
            }
            return Ok(Value::Object(out));
        }
        Ok(Value::Object(o.clone()))
    }

    pub fn update_organization(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let o = self
            .organizations
            .iter_mut()
            .find(|o| sget(o, "id") == org)
            .ok_or_else(|| ApiError::new(404, format!("Organization '{org}' not found")))?;
        // The last three only come in v1 bodies.
        for k in [
            "name",
            "billingEmail",
            "isScimEnabled",
            "allowEnhancedSupportAccess",
            "hasAiFeaturesDisabled",
            "shouldEnforceDedicatedClusters",
        ] {
            copy_opt(o, body, k);
        }
        put(o, "updatedAt", json!(ctx.now()));
        put(o, "updatedBy", ctx.subject.clone());
        Ok(Value::Object(o.clone()))
    }
}
