//! Clusters: node pools, lifecycle, create / update / delete rules.

use serde_json::{json, Value};

use super::*;
use crate::catalog;

impl Db {
    // ------------------------------------------------------------------------- clusters

    pub(crate) fn render_cluster(&self, rec: &Rec, ctx: &Ctx) -> Obj {
        let mut doc = rec.doc.clone();
        put(&mut doc, "status", json!(cluster_status(rec, ctx)));
        doc
    }

    pub fn list_clusters(&self, org: &str, query: &Value, ctx: &Ctx) -> Value {
        let provider = s(query, "provider");
        let items: Vec<_> = self
            .clusters
            .iter()
            .filter(|c| sget(&c.doc, "organizationId") == org)
            .filter(|c| provider.is_none_or(|p| sget(&c.doc, "cloudProvider") == p))
            .filter(|c| name_in(query, &c.doc))
            .collect();
        page(
            items,
            query,
            "clusters",
            |c: &&Rec| &c.doc,
            |c| self.render_cluster(c, ctx),
        )
    }

    pub fn get_cluster(&self, org: &str, id: &str, ctx: &Ctx) -> Result<Value, ApiError> {
        let i = self.cluster_index(org, id)?;
        let rec = self
            .clusters
            .get(i)
            .ok_or_else(|| ApiError::new(404, "Cluster not found"))?;
        Ok(Value::Object(self.render_cluster(rec, ctx)))
    }

    pub(crate) fn check_workspace_ids(&self, org: &str, body: &Value) -> Result<(), ApiError> {
        for id in query_strings(body, "workspaceIds").unwrap_or_default() {
            if self.workspace(org, &id).is_none() {
                return Err(ApiError::new(
                    404,
                    format!("workspaceIds: Workspace '{id}' not found in this Organization"),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn node_pool(
        cluster_id: &str,
        provider: &str,
        req: &Value,
        id: String,
        now: &str,
    ) -> Obj {
        let instance = s(req, "nodeInstanceType").unwrap_or_default();
        let mut np = Obj::new();
        put(&mut np, "id", json!(id));
        put(&mut np, "clusterId", json!(cluster_id));
        put(&mut np, "cloudProvider", json!(provider));
        put(&mut np, "name", json!(s(req, "name").unwrap_or("default")));
        put(&mut np, "isDefault", json!(b(req, "isDefault")));
        put(&mut np, "maxNodeCount", json!(u(req, "maxNodeCount")));
        put(&mut np, "nodeInstanceType", json!(instance));
        put(
            &mut np,
            "supportedAstroMachines",
            Value::Array(catalog::supported_machines(catalog::instance_cores(
                provider, instance,
            ))),
        );
        put(&mut np, "createdAt", json!(now));
        put(&mut np, "updatedAt", json!(now));
        np
    }

    pub fn create_cluster(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let provider_name = s(body, "cloudProvider").unwrap_or_default().to_string();
        let provider = catalog::provider(&provider_name)
            .ok_or_else(|| bad(format!("cloudProvider: unknown provider '{provider_name}'")))?;
        let kind = s(body, "type").unwrap_or("DEDICATED").to_string();
        if kind == "HYBRID" {
            for k in ["providerAccount", "dbInstanceType"] {
                if s(body, k).is_none_or(str::is_empty) {
                    return Err(bad(format!("{k}: required for HYBRID clusters")));
                }
            }
        }
        self.check_workspace_ids(org, body)?;
        let id = ctx.id();
        let now = ctx.now();
        let mut pools: Vec<Value> = Vec::new();
        let requested = body
            .get("nodePools")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if requested.is_empty() {
            let default_instance = provider
                .node_instances
                .first()
                .map(|i| i.0)
                .unwrap_or("m5.xlarge");
            let req = json!({ "name": "default", "isDefault": true, "maxNodeCount": 20, "nodeInstanceType": default_instance });
            let np_id = ctx.id();
            pools.push(Value::Object(Self::node_pool(
                &id,
                provider.name,
                &req,
                np_id,
                &now,
            )));
        } else {
            let any_default = requested.iter().any(|r| b(r, "isDefault"));
            for (i, r) in requested.iter().enumerate() {
                let mut r = r.clone();
                if !any_default && i == 0 {
                    if let Some(o) = r.as_object_mut() {
                        put(o, "isDefault", json!(true));
                    }
                }
                let np_id = ctx.id();
                pools.push(Value::Object(Self::node_pool(
                    &id,
                    provider.name,
                    &r,
                    np_id,
                    &now,
                )));
            }
        }
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(id));
        put(
            &mut doc,
            "name",
            body.get("name").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "cloudProvider", json!(provider.name));
        put(&mut doc, "type", json!(kind));
        put(
            &mut doc,
            "region",
            body.get("region").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "status", json!("CREATING"));
        let db_default = provider
            .db_instances
            .first()
            .map(|i| i.0)
            .unwrap_or("db.m6g.large");
        put(
            &mut doc,
            "dbInstanceType",
            json!(s(body, "dbInstanceType").unwrap_or(db_default)),
        );
        put(&mut doc, "isLimited", json!(false));
        let ips = vec![
            format!(
                "35.{}.{}.{}",
                ctx.rng.u8(1..250),
                ctx.rng.u8(1..250),
                ctx.rng.u8(1..250)
            ),
            format!(
                "35.{}.{}.{}",
                ctx.rng.u8(1..250),
                ctx.rng.u8(1..250),
                ctx.rng.u8(1..250)
            ),
        ];
        put(&mut doc, "metadata", json!({ "externalIPs": ips }));
        put(&mut doc, "nodePools", Value::Array(pools));
        for k in [
            "podSubnetRange",
            "servicePeeringRange",
            "serviceSubnetRange",
            "tenantId",
            "providerAccount",
        ] {
            copy_opt(&mut doc, body, k);
        }
        put(
            &mut doc,
            "tags",
            body.get("k8sTags").cloned().unwrap_or(json!([])),
        );
        put(
            &mut doc,
            "vpcSubnetRange",
            body.get("vpcSubnetRange").cloned().unwrap_or(json!("")),
        );
        put(
            &mut doc,
            "workspaceIds",
            body.get("workspaceIds").cloned().unwrap_or(json!([])),
        );
        put(&mut doc, "createdAt", json!(now));
        put(&mut doc, "updatedAt", json!(now));
        let rec = Rec::new(
            doc,
            Some(Phase {
                kind: PhaseKind::Created,
                since_ms: ctx.now_ms,
            }),
        );
        let out = self.render_cluster(&rec, ctx);
        self.clusters.push(rec);
        Ok(Value::Object(out))
    }

    pub fn update_cluster(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.cluster_index(org, id)?;
        self.check_workspace_ids(org, body)?;
        let rec = self
            .clusters
            .get(i)
            .ok_or_else(|| ApiError::new(404, "Cluster not found"))?
            .clone();
        let status = cluster_status(&rec, ctx);
        if status == "CREATING" || status == "UPDATING" {
            return Err(ApiError::new(
                412,
                format!("Cluster '{id}' is {status}; it can be updated once its status is CREATED"),
            ));
        }
        let mut doc = rec.doc.clone();
        let provider = sget(&doc, "cloudProvider").to_string();
        let now = ctx.now();
        if let Some(pools) = body.get("nodePools").and_then(Value::as_array) {
            if sget(&doc, "type") != "HYBRID" {
                return Err(bad(
                    "nodePools: node pools can only be changed on HYBRID clusters",
                ));
            }
            let existing: Vec<Value> = doc
                .get("nodePools")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut out = Vec::new();
            for req in pools {
                match s(req, "id") {
                    Some(np_id) => {
                        let prev = existing
                            .iter()
                            .find(|p| s(p, "id") == Some(np_id))
                            .ok_or_else(|| bad(format!("nodePools: node pool '{np_id}' does not belong to this cluster")))?;
                        let mut np = Self::node_pool(id, &provider, req, np_id.to_string(), &now);
                        put(
                            &mut np,
                            "createdAt",
                            prev.get("createdAt").cloned().unwrap_or(json!(now)),
                        );
                        out.push(Value::Object(np));
                    }
                    None => {
                        let np_id = ctx.id();
                        out.push(Value::Object(Self::node_pool(
                            id, &provider, req, np_id, &now,
                        )));
                    }
                }
            }
            if !out.iter().any(|p| b(p, "isDefault")) {
                if let Some(Value::Object(first)) = out.first_mut() {
                    put(first, "isDefault", json!(true));
                }
            }
            put(&mut doc, "nodePools", Value::Array(out));
        }
        copy_opt(&mut doc, body, "name");
        copy_opt(&mut doc, body, "dbInstanceType");
        copy_opt(&mut doc, body, "workspaceIds");
        // v1's hybrid update leaves the tags out: they stay.
        if let Some(tags) = body.get("k8sTags") {
            put(&mut doc, "tags", tags.clone());
        }
        put(&mut doc, "updatedAt", json!(now));
        let rec = Rec::new(
            doc,
            Some(Phase {
                kind: PhaseKind::Updated,
                since_ms: ctx.now_ms,
            }),
        );
        let out = self.render_cluster(&rec, ctx);
        if let Some(slot) = self.clusters.get_mut(i) {
            *slot = rec;
        }
        Ok(Value::Object(out))
    }

    pub fn delete_cluster(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.cluster_index(org, id)?;
        let n = self
            .deployments
            .iter()
            .filter(|d| sget(&d.doc, "clusterId") == id)
            .count();
        if n > 0 {
            return Err(bad(format!(
                "Cluster '{id}' still runs {n} Deployment(s); delete them first"
            )));
        }
        self.clusters.remove(i);
        Ok(())
    }
}
