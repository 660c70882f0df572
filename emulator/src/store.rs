//! The in-memory state and the behaviour of the 20 operations.
//!
//! Resources are kept as JSON objects in their wire shape; fields that depend on other
//! resources or on time (status, workspaceName, clusterName, organizationName) are computed
//! when a resource is rendered. Request bodies reach this module already validated against
//! the spec, so here only the service's own rules are checked.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

use crate::catalog;
use crate::util::{new_id, rfc3339, short_token};

pub type Obj = Map<String, Value>;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PhaseKind {
    Created,
    Updated,
}

/// When a resource last started a lifecycle transition; `None` = its stored status is final.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub kind: PhaseKind,
    pub since_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rec {
    pub doc: Obj,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Db {
    pub organizations: Vec<Obj>,
    pub clusters: Vec<Rec>,
    pub workspaces: Vec<Obj>,
    pub deployments: Vec<Rec>,
}

/// An error the API answers with: status and message (the request id is added by the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(400, message)
}

/// Who is calling and when.
pub struct Ctx {
    pub now_ms: u64,
    pub lifecycle_ms: u64,
    pub subject: Value,
    pub rng: fastrand::Rng,
}

impl Ctx {
    fn now(&self) -> String {
        rfc3339(self.now_ms)
    }
    fn id(&mut self) -> String {
        new_id(&mut self.rng)
    }
}

fn s<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

fn sget<'a>(o: &'a Obj, key: &str) -> &'a str {
    o.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn u(o: &Value, key: &str) -> u64 {
    o.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn b(o: &Value, key: &str) -> bool {
    o.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn put(o: &mut Obj, key: &str, v: Value) {
    o.insert(key.to_string(), v);
}

/// Copies `key` from the request body when present.
fn copy_opt(o: &mut Obj, body: &Value, key: &str) {
    if let Some(v) = body.get(key) {
        put(o, key, v.clone());
    }
}

// ------------------------------------------------------------------------------ paging

/// Applies `sorts`, `offset` and `limit` from the validated query and builds the page; only the
/// items on the page are rendered.
pub fn page<T>(
    mut items: Vec<T>,
    query: &Value,
    field: &str,
    doc: impl Fn(&T) -> &Obj,
    render: impl Fn(T) -> Obj,
) -> Value {
    let sorts: Vec<(String, bool)> = query
        .get("sorts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|s| s.split_once(':'))
                .map(|(k, d)| (k.to_string(), d.eq_ignore_ascii_case("desc")))
                .collect()
        })
        .unwrap_or_default();
    if !sorts.is_empty() {
        items.sort_by(|a, b| {
            for (key, desc) in &sorts {
                let (x, y) = (sget(doc(a), key), sget(doc(b), key));
                let ord = if key == "name" {
                    x.to_lowercase()
                        .cmp(&y.to_lowercase())
                        .then_with(|| x.cmp(y))
                } else {
                    x.cmp(y)
                };
                let ord = if *desc { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        });
    }
    let total = items.len();
    let offset = query.get("offset").and_then(Value::as_u64).unwrap_or(0);
    let limit = query.get("limit").and_then(Value::as_u64).unwrap_or(20);
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(total);
    let count = usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(count)
        .map(|i| Value::Object(render(i)))
        .collect();
    json!({ field: items, "offset": offset, "limit": limit, "totalCount": total })
}

fn query_strings(query: &Value, key: &str) -> Option<Vec<String>> {
    query.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
}

// ---------------------------------------------------------------------------- lifecycle

fn elapsed(phase: Phase, now_ms: u64) -> u64 {
    now_ms.saturating_sub(phase.since_ms)
}

fn deployment_status(rec: &Rec, ctx: &Ctx) -> (String, String) {
    let stored = (
        sget(&rec.doc, "status").to_string(),
        sget(&rec.doc, "statusReason").to_string(),
    );
    let Some(phase) = rec.phase else {
        return stored;
    };
    let t = elapsed(phase, ctx.now_ms);
    let l = ctx.lifecycle_ms;
    match phase.kind {
        PhaseKind::Created if t < l * 3 / 10 => {
            ("CREATING".into(), "Creating Deployment resources".into())
        }
        PhaseKind::Created if t < l => ("DEPLOYING".into(), "Deploying Airflow components".into()),
        PhaseKind::Updated if t < l / 2 => (
            "DEPLOYING".into(),
            "Rolling out configuration changes".into(),
        ),
        _ => ("HEALTHY".into(), "Successfully Deployed".into()),
    }
}

fn cluster_status(rec: &Rec, ctx: &Ctx) -> String {
    let stored = sget(&rec.doc, "status").to_string();
    let Some(phase) = rec.phase else {
        return stored;
    };
    let t = elapsed(phase, ctx.now_ms);
    match phase.kind {
        PhaseKind::Created if t < ctx.lifecycle_ms => "CREATING".into(),
        PhaseKind::Updated if t < ctx.lifecycle_ms / 2 => "UPDATING".into(),
        _ => "CREATED".into(),
    }
}

// ------------------------------------------------------------------------------ lookups

impl Db {
    pub fn org(&self, id: &str) -> Option<&Obj> {
        self.organizations.iter().find(|o| sget(o, "id") == id)
    }

    fn org_name(&self, id: &str) -> String {
        self.org(id)
            .map(|o| sget(o, "name").to_string())
            .unwrap_or_default()
    }

    fn workspace(&self, org: &str, id: &str) -> Option<&Obj> {
        self.workspaces
            .iter()
            .find(|w| sget(w, "id") == id && sget(w, "organizationId") == org)
    }

    fn cluster(&self, org: &str, id: &str) -> Option<&Rec> {
        self.clusters
            .iter()
            .find(|c| sget(&c.doc, "id") == id && sget(&c.doc, "organizationId") == org)
    }

    fn cluster_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.clusters
            .iter()
            .position(|c| sget(&c.doc, "id") == id && sget(&c.doc, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Cluster '{id}' not found in this Organization"),
                )
            })
    }

    fn workspace_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.workspaces
            .iter()
            .position(|w| sget(w, "id") == id && sget(w, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Workspace '{id}' not found in this Organization"),
                )
            })
    }

    fn deployment_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.deployments
            .iter()
            .position(|d| sget(&d.doc, "id") == id && sget(&d.doc, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Deployment '{id}' not found in this Organization"),
                )
            })
    }

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
        for k in ["name", "billingEmail", "isScimEnabled"] {
            copy_opt(o, body, k);
        }
        put(o, "updatedAt", json!(ctx.now()));
        put(o, "updatedBy", ctx.subject.clone());
        Ok(Value::Object(o.clone()))
    }

    // ------------------------------------------------------------------------- clusters

    fn render_cluster(&self, rec: &Rec, ctx: &Ctx) -> Obj {
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

    fn check_workspace_ids(&self, org: &str, body: &Value) -> Result<(), ApiError> {
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

    fn node_pool(cluster_id: &str, provider: &str, req: &Value, id: String, now: &str) -> Obj {
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
        let rec = Rec {
            doc,
            phase: Some(Phase {
                kind: PhaseKind::Created,
                since_ms: ctx.now_ms,
            }),
        };
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
        put(
            &mut doc,
            "tags",
            body.get("k8sTags").cloned().unwrap_or(json!([])),
        );
        put(&mut doc, "updatedAt", json!(now));
        let rec = Rec {
            doc,
            phase: Some(Phase {
                kind: PhaseKind::Updated,
                since_ms: ctx.now_ms,
            }),
        };
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

    // ---------------------------------------------------------------------- workspaces

    fn render_workspace(&self, w: &Obj) -> Obj {
        let mut doc = w.clone();
        put(
            &mut doc,
            "organizationName",
            json!(self.org_name(sget(w, "organizationId"))),
        );
        doc
    }

    pub fn list_workspaces(&self, org: &str, query: &Value) -> Value {
        let ids = query_strings(query, "workspaceIds");
        let items: Vec<_> = self
            .workspaces
            .iter()
            .filter(|w| sget(w, "organizationId") == org)
            .filter(|w| {
                ids.as_ref()
                    .is_none_or(|ids| ids.iter().any(|i| i == sget(w, "id")))
            })
            .collect();
        page(
            items,
            query,
            "workspaces",
            |w: &&Obj| *w,
            |w| self.render_workspace(w),
        )
    }

    pub fn get_workspace(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.workspace_index(org, id)?;
        let w = self
            .workspaces
            .get(i)
            .ok_or_else(|| ApiError::new(404, "Workspace not found"))?;
        Ok(Value::Object(self.render_workspace(w)))
    }

    pub fn create_workspace(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(ctx.id()));
        put(
            &mut doc,
            "name",
            body.get("name").cloned().unwrap_or(json!("")),
        );
        put(
            &mut doc,
            "description",
            body.get("description").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "organizationId", json!(org));
        put(
            &mut doc,
            "cicdEnforcedDefault",
            json!(b(body, "cicdEnforcedDefault")),
        );
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let out = self.render_workspace(&doc);
        self.workspaces.push(doc);
        Ok(Value::Object(out))
    }

    pub fn update_workspace(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.workspace_index(org, id)?;
        let w = self
            .workspaces
            .get_mut(i)
            .ok_or_else(|| ApiError::new(404, "Workspace not found"))?;
        for k in ["name", "description", "cicdEnforcedDefault"] {
            copy_opt(w, body, k);
        }
        put(w, "updatedAt", json!(ctx.now()));
        put(w, "updatedBy", ctx.subject.clone());
        let w = w.clone();
        Ok(Value::Object(self.render_workspace(&w)))
    }

    pub fn delete_workspace(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.workspace_index(org, id)?;
        let n = self
            .deployments
            .iter()
            .filter(|d| sget(&d.doc, "workspaceId") == id)
            .count();
        if n > 0 {
            return Err(bad(format!(
                "Workspace '{id}' still has {n} Deployment(s); delete or move them first"
            )));
        }
        self.workspaces.remove(i);
        for c in &mut self.clusters {
            if let Some(Value::Array(ids)) = c.doc.get_mut("workspaceIds") {
                ids.retain(|v| v.as_str() != Some(id));
            }
        }
        Ok(())
    }

    // --------------------------------------------------------------------- deployments

    fn render_deployment(&self, rec: &Rec, ctx: &Ctx) -> Obj {
        let mut doc = rec.doc.clone();
        let (status, reason) = deployment_status(rec, ctx);
        put(&mut doc, "status", json!(status));
        put(&mut doc, "statusReason", json!(reason));
        let org = sget(&rec.doc, "organizationId").to_string();
        if let Some(w) = self.workspace(&org, sget(&rec.doc, "workspaceId")) {
            put(&mut doc, "workspaceName", json!(sget(w, "name")));
        }
        if let Some(c) = self.cluster(&org, sget(&rec.doc, "clusterId")) {
            put(&mut doc, "clusterName", json!(sget(&c.doc, "name")));
        }
        if let Some(Value::Array(vars)) = doc.get_mut("environmentVariables") {
            for v in vars.iter_mut() {
                if b(v, "isSecret") {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("value");
                    }
                }
            }
        }
        doc
    }

    pub fn list_deployments(&self, org: &str, query: &Value, ctx: &Ctx) -> Value {
        let ws = query_strings(query, "workspaceIds");
        let ids = query_strings(query, "deploymentIds");
        let items: Vec<_> = self
            .deployments
            .iter()
            .filter(|d| sget(&d.doc, "organizationId") == org)
            .filter(|d| {
                ws.as_ref()
                    .is_none_or(|l| l.iter().any(|i| i == sget(&d.doc, "workspaceId")))
            })
            .filter(|d| {
                ids.as_ref()
                    .is_none_or(|l| l.iter().any(|i| i == sget(&d.doc, "id")))
            })
            .collect();
        page(
            items,
            query,
            "deployments",
            |d: &&Rec| &d.doc,
            |d| self.render_deployment(d, ctx),
        )
    }

    pub fn get_deployment(&self, org: &str, id: &str, ctx: &Ctx) -> Result<Value, ApiError> {
        let i = self.deployment_index(org, id)?;
        let rec = self
            .deployments
            .get(i)
            .ok_or_else(|| ApiError::new(404, "Deployment not found"))?;
        Ok(Value::Object(self.render_deployment(rec, ctx)))
    }

    /// Where a deployment of `kind` runs: (cluster id, provider, region, cluster doc if any).
    fn placement(
        &self,
        org: &str,
        kind: &str,
        body: &Value,
    ) -> Result<(String, String, String, Option<Obj>), ApiError> {
        if kind == "STANDARD" {
            if let Some(cid) = s(body, "clusterId") {
                if let Some((p, r)) = standard_cluster_by_id(cid) {
                    return Ok((cid.to_string(), p.to_string(), r.to_string(), None));
                }
                let c = self.cluster(org, cid).ok_or_else(|| {
                    bad(format!(
                        "clusterId: cluster '{cid}' not found in this Organization"
                    ))
                })?;
                return Ok((
                    cid.to_string(),
                    sget(&c.doc, "cloudProvider").into(),
                    sget(&c.doc, "region").into(),
                    Some(c.doc.clone()),
                ));
            }
            let provider = s(body, "cloudProvider").unwrap_or("AWS");
            let p = catalog::provider(provider)
                .ok_or_else(|| bad(format!("cloudProvider: unknown provider '{provider}'")))?;
            let region = s(body, "region")
                .unwrap_or(p.standard_regions.first().copied().unwrap_or("us-east-1"));
            if !p.standard_regions.contains(&region) {
                return Err(bad(format!(
                    "region: '{region}' does not host STANDARD Deployments on {provider}; available: {}",
                    p.standard_regions.join(", ")
                )));
            }
            return Ok((
                standard_cluster_id(provider, region),
                provider.to_string(),
                region.to_string(),
                None,
            ));
        }
        let cid = s(body, "clusterId").unwrap_or_default();
        let c = self.cluster(org, cid).ok_or_else(|| {
            bad(format!(
                "clusterId: cluster '{cid}' not found in this Organization"
            ))
        })?;
        let ctype = sget(&c.doc, "type");
        if ctype != kind {
            return Err(bad(format!("clusterId: cluster '{cid}' is a {ctype} cluster; a {kind} Deployment needs a {kind} cluster")));
        }
        Ok((
            cid.to_string(),
            sget(&c.doc, "cloudProvider").into(),
            sget(&c.doc, "region").into(),
            Some(c.doc.clone()),
        ))
    }

    /// Builds the worker queues of a deployment from the request (service rules included).
    fn worker_queues(
        kind: &str,
        body: &Value,
        existing: &[Value],
        cluster: Option<&Obj>,
        ctx: &mut Ctx,
    ) -> Result<Option<Vec<Value>>, ApiError> {
        if s(body, "executor") != Some("CELERY") {
            return Ok(None);
        }
        let pools: Vec<Value> = cluster
            .and_then(|c| c.get("nodePools"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let requested = match body.get("workerQueues").and_then(Value::as_array) {
            Some(q) => q.clone(),
            None if !existing.is_empty() => return Ok(Some(existing.to_vec())),
            None => {
                let mut q = json!({ "name": "default", "isDefault": true, "minWorkerCount": catalog::MIN_WORKERS.2,
                    "maxWorkerCount": catalog::MAX_WORKERS.2, "workerConcurrency": catalog::WORKER_CONCURRENCY.2 });
                if let Some(o) = q.as_object_mut() {
                    if kind == "HYBRID" {
                        let pool = pools.iter().find(|p| b(p, "isDefault")).or(pools.first());
                        put(
                            o,
                            "nodePoolId",
                            json!(pool.and_then(|p| s(p, "id")).unwrap_or_default()),
                        );
                    } else {
                        put(o, "astroMachine", json!("A5"));
                    }
                }
                vec![q]
            }
        };
        let defaults = requested.iter().filter(|q| b(q, "isDefault")).count();
        if defaults != 1 {
            return Err(bad(format!("workerQueues: exactly one worker queue must have isDefault true (found {defaults})")));
        }
        let mut names: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for (i, q) in requested.iter().enumerate() {
            let name = s(q, "name").unwrap_or_default();
            if names.contains(&name) {
                return Err(bad(format!(
                    "workerQueues[{i}].name: the name '{name}' is used twice"
                )));
            }
            names.push(name);
            let (min, max, conc) = (
                u(q, "minWorkerCount"),
                u(q, "maxWorkerCount"),
                u(q, "workerConcurrency"),
            );
            if min > max {
                return Err(bad(format!(
                    "workerQueues[{i}]: minWorkerCount {min} is greater than maxWorkerCount {max}"
                )));
            }
            if max > catalog::MAX_WORKERS.1 {
                return Err(bad(format!(
                    "workerQueues[{i}].maxWorkerCount: {max} is above the ceiling {}",
                    catalog::MAX_WORKERS.1
                )));
            }
            let id = match s(q, "id") {
                Some(qid) if existing.iter().any(|e| s(e, "id") == Some(qid)) => qid.to_string(),
                Some(qid) if !existing.is_empty() => {
                    return Err(bad(format!(
                    "workerQueues[{i}].id: worker queue '{qid}' does not belong to this Deployment"
                )))
                }
                _ => ctx.id(),
            };
            let mut wq = Obj::new();
            put(&mut wq, "id", json!(id));
            put(&mut wq, "name", json!(name));
            put(&mut wq, "isDefault", json!(b(q, "isDefault")));
            put(&mut wq, "minWorkerCount", json!(min));
            put(&mut wq, "maxWorkerCount", json!(max));
            put(&mut wq, "workerConcurrency", json!(conc));
            if kind == "HYBRID" {
                let pool_id = s(q, "nodePoolId").unwrap_or_default();
                let pool = pools
                    .iter()
                    .find(|p| s(p, "id") == Some(pool_id))
                    .ok_or_else(|| bad(format!("workerQueues[{i}].nodePoolId: node pool '{pool_id}' is not in the Deployment's cluster")))?;
                let provider = s(pool, "cloudProvider").unwrap_or_default();
                let cores = catalog::instance_cores(
                    provider,
                    s(pool, "nodeInstanceType").unwrap_or_default(),
                );
                put(&mut wq, "nodePoolId", json!(pool_id));
                put(
                    &mut wq,
                    "podCpu",
                    json!(format!("{}", cores.saturating_sub(1).max(1))),
                );
                put(
                    &mut wq,
                    "podMemory",
                    json!(format!("{}Gi", cores.saturating_sub(1).max(1) * 3)),
                );
            } else {
                let machine_name = s(q, "astroMachine").unwrap_or("A5");
                let m = catalog::worker_machine(machine_name).ok_or_else(|| {
                    bad(format!(
                        "workerQueues[{i}].astroMachine: unknown machine '{machine_name}'"
                    ))
                })?;
                if conc > m.concurrency_ceiling {
                    return Err(bad(format!(
                        "workerQueues[{i}].workerConcurrency: {conc} is above the ceiling {} of machine {}",
                        m.concurrency_ceiling, m.name
                    )));
                }
                put(&mut wq, "astroMachine", json!(m.name));
                put(&mut wq, "podCpu", json!(m.cpu));
                put(&mut wq, "podMemory", json!(m.memory));
            }
            out.push(Value::Object(wq));
        }
        Ok(Some(out))
    }

    fn apply_scheduler(doc: &mut Obj, kind: &str, body: &Value) -> Result<(), ApiError> {
        let ha = b(body, "isHighAvailability");
        if kind == "HYBRID" {
            let sch = body.get("scheduler").cloned().unwrap_or(json!({}));
            let au = u(&sch, "au").max(5);
            let replicas = u(&sch, "replicas").max(1);
            put(doc, "schedulerAu", json!(au));
            put(doc, "schedulerReplicas", json!(replicas));
            put(doc, "schedulerCpu", json!(format!("{}", au as f64 / 10.0)));
            put(doc, "schedulerMemory", json!(format!("{}Mi", au * 384)));
        } else {
            let size = s(body, "schedulerSize").unwrap_or("SMALL");
            let (au, cpu, mem) = catalog::scheduler_size(size)
                .ok_or_else(|| bad(format!("schedulerSize: unknown size '{size}'")))?;
            put(doc, "schedulerSize", json!(size));
            put(doc, "schedulerAu", json!(au));
            put(doc, "schedulerCpu", json!(cpu));
            put(doc, "schedulerMemory", json!(mem));
            put(doc, "schedulerReplicas", json!(if ha { 2 } else { 1 }));
            put(doc, "isHighAvailability", json!(ha));
            for k in [
                "defaultTaskPodCpu",
                "defaultTaskPodMemory",
                "resourceQuotaCpu",
                "resourceQuotaMemory",
            ] {
                copy_opt(doc, body, k);
            }
        }
        put(doc, "webServerReplicas", json!(if ha { 2 } else { 1 }));
        Ok(())
    }

    pub fn create_deployment(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let kind = s(body, "type").unwrap_or_default().to_string();
        let ws = s(body, "workspaceId").unwrap_or_default();
        if self.workspace(org, ws).is_none() {
            return Err(bad(format!(
                "workspaceId: Workspace '{ws}' not found in this Organization"
            )));
        }
        let version = s(body, "astroRuntimeVersion").unwrap_or_default();
        let release = catalog::runtime_release(version).ok_or_else(|| {
            let known: Vec<&str> = catalog::RUNTIME_RELEASES
                .iter()
                .map(|r| r.version)
                .collect();
            bad(format!(
                "astroRuntimeVersion: '{version}' is not an available Astro Runtime version ({})",
                known.join(", ")
            ))
        })?;
        let (cluster_id, provider, region, cluster) = self.placement(org, &kind, body)?;
        if kind == "HYBRID" {
            if let Some(np) = s(body, "taskPodNodePoolId") {
                let ok = cluster
                    .as_ref()
                    .and_then(|c| c.get("nodePools"))
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|p| s(p, "id") == Some(np)));
                if !ok {
                    return Err(bad(format!(
                        "taskPodNodePoolId: node pool '{np}' is not in cluster '{cluster_id}'"
                    )));
                }
            }
        }
        let queues = Self::worker_queues(&kind, body, &[], cluster.as_ref(), ctx)?;
        let id = ctx.id();
        let short = id.chars().rev().take(8).collect::<String>();
        let org_slug: String = self
            .org_name(org)
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(20)
            .collect();
        let now = ctx.now();
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(id));
        put(
            &mut doc,
            "name",
            body.get("name").cloned().unwrap_or(json!("")),
        );
        put(
            &mut doc,
            "description",
            body.get("description").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "workspaceId", json!(ws));
        put(&mut doc, "clusterId", json!(cluster_id));
        if cluster.is_none() {
            put(
                &mut doc,
                "clusterName",
                json!(format!("Standard {provider} {region}")),
            );
        }
        put(&mut doc, "cloudProvider", json!(provider));
        put(&mut doc, "region", json!(region));
        put(&mut doc, "type", json!(kind));
        put(&mut doc, "status", json!("CREATING"));
        put(
            &mut doc,
            "executor",
            body.get("executor").cloned().unwrap_or(json!("CELERY")),
        );
        put(&mut doc, "runtimeVersion", json!(release.version));
        put(&mut doc, "airflowVersion", json!(release.airflow));
        put(&mut doc, "namespace", json!(namespace(&mut ctx.rng)));
        put(&mut doc, "contactEmails", json!([]));
        put(&mut doc, "environmentVariables", json!([]));
        let external = cluster
            .as_ref()
            .and_then(|c| c.get("metadata"))
            .and_then(|m| m.get("externalIPs"))
            .cloned()
            .unwrap_or_else(|| json!(["34.120.10.1"]));
        put(&mut doc, "externalIPs", external);
        let repo = format!(
            "images.astronomer.cloud/{}/{}",
            org,
            sget(&doc, "namespace")
        );
        put(&mut doc, "imageRepository", json!(repo));
        put(
            &mut doc,
            "imageTag",
            json!(format!("{}-base", release.version)),
        );
        put(
            &mut doc,
            "imageVersion",
            json!(format!(
                "deploy-{}",
                now.replace(':', "-").trim_end_matches('Z')
            )),
        );
        put(&mut doc, "dagTarballVersion", json!(""));
        put(&mut doc, "isCicdEnforced", json!(b(body, "isCicdEnforced")));
        put(
            &mut doc,
            "isDagDeployEnabled",
            json!(b(body, "isDagDeployEnabled")),
        );
        put(
            &mut doc,
            "isHighAvailability",
            json!(b(body, "isHighAvailability")),
        );
        Self::apply_scheduler(&mut doc, &kind, body)?;
        if kind == "HYBRID" {
            let default_pool = cluster
                .as_ref()
                .and_then(|c| c.get("nodePools"))
                .and_then(Value::as_array)
                .and_then(|a| a.iter().find(|p| b(p, "isDefault")).or(a.first()))
                .and_then(|p| s(p, "id"))
                .unwrap_or_default()
                .to_string();
            put(
                &mut doc,
                "taskPodNodePoolId",
                json!(s(body, "taskPodNodePoolId").unwrap_or(&default_pool)),
            );
        }
        let host = format!("{org_slug}.astronomer.run/d{short}");
        put(
            &mut doc,
            "webServerUrl",
            json!(format!("{host}?orgId={org}")),
        );
        put(
            &mut doc,
            "webServerAirflowApiUrl",
            json!(format!("{host}/api/v1")),
        );
        put(
            &mut doc,
            "webServerIngressHostname",
            json!(format!("{cluster_id}.astronomer.run/d{short}")),
        );
        put(&mut doc, "webServerCpu", json!("0.5"));
        put(&mut doc, "webServerMemory", json!("1Gi"));
        if let Some(q) = queues {
            put(&mut doc, "workerQueues", Value::Array(q));
        }
        let identity = workload_identity(&provider, &cluster_id, sget(&doc, "namespace"));
        put(&mut doc, "workloadIdentity", json!(identity));
        put(&mut doc, "createdAt", json!(now));
        put(&mut doc, "updatedAt", json!(now));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let rec = Rec {
            doc,
            phase: Some(Phase {
                kind: PhaseKind::Created,
                since_ms: ctx.now_ms,
            }),
        };
        let out = self.render_deployment(&rec, ctx);
        self.deployments.push(rec);
        Ok(Value::Object(out))
    }

    pub fn update_deployment(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.deployment_index(org, id)?;
        let rec = self
            .deployments
            .get(i)
            .ok_or_else(|| ApiError::new(404, "Deployment not found"))?
            .clone();
        let mut doc = rec.doc.clone();
        let kind = sget(&doc, "type").to_string();
        let new_kind = s(body, "type").unwrap_or_default();
        if new_kind != kind {
            return Err(bad(format!(
                "type: a {kind} Deployment cannot become {new_kind}; the type is fixed at creation"
            )));
        }
        let ws = s(body, "workspaceId").unwrap_or_default();
        if self.workspace(org, ws).is_none() {
            return Err(bad(format!(
                "workspaceId: Workspace '{ws}' not found in this Organization"
            )));
        }
        let cluster = self
            .cluster(org, sget(&doc, "clusterId"))
            .map(|c| c.doc.clone());
        if kind == "HYBRID" {
            if let Some(np) = s(body, "taskPodNodePoolId") {
                let ok = cluster
                    .as_ref()
                    .and_then(|c| c.get("nodePools"))
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|p| s(p, "id") == Some(np)));
                if !ok {
                    return Err(bad(format!(
                        "taskPodNodePoolId: node pool '{np}' is not in the Deployment's cluster"
                    )));
                }
            }
        }
        let existing: Vec<Value> = doc
            .get("workerQueues")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let queues = Self::worker_queues(&kind, body, &existing, cluster.as_ref(), ctx)?;
        let now = ctx.now();
        // Environment variables: replace the list; a secret sent without a value keeps its old one.
        let old_vars: Vec<Value> = doc
            .get("environmentVariables")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut vars = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (n, v) in body
            .get("environmentVariables")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let key = s(v, "key").unwrap_or_default().to_string();
            if keys.contains(&key) {
                return Err(bad(format!(
                    "environmentVariables[{n}].key: '{key}' is given twice"
                )));
            }
            keys.push(key.clone());
            let old = old_vars.iter().find(|o| s(o, "key") == Some(key.as_str()));
            let mut value = v.get("value").cloned();
            if value.is_none() && b(v, "isSecret") {
                value = old.and_then(|o| o.get("value").cloned());
            }
            let unchanged = old.is_some_and(|o| {
                o.get("value") == value.as_ref() && b(o, "isSecret") == b(v, "isSecret")
            });
            let mut out = Obj::new();
            put(&mut out, "key", json!(key));
            put(&mut out, "isSecret", json!(b(v, "isSecret")));
            if let Some(value) = value {
                put(&mut out, "value", value);
            }
            let stamp = if unchanged {
                old.and_then(|o| o.get("updatedAt").cloned())
                    .unwrap_or(json!(now))
            } else {
                json!(now)
            };
            put(&mut out, "updatedAt", stamp);
            vars.push(Value::Object(out));
        }
        put(&mut doc, "environmentVariables", Value::Array(vars));
        for k in [
            "name",
            "description",
            "contactEmails",
            "workloadIdentity",
            "taskPodNodePoolId",
            "executor",
        ] {
            copy_opt(&mut doc, body, k);
        }
        put(&mut doc, "workspaceId", json!(ws));
        put(&mut doc, "isCicdEnforced", json!(b(body, "isCicdEnforced")));
        put(
            &mut doc,
            "isDagDeployEnabled",
            json!(b(body, "isDagDeployEnabled")),
        );
        Self::apply_scheduler(&mut doc, &kind, body)?;
        match queues {
            Some(q) => put(&mut doc, "workerQueues", Value::Array(q)),
            None => {
                doc.remove("workerQueues");
            }
        }
        put(&mut doc, "updatedAt", json!(now));
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let rec = Rec {
            doc,
            phase: Some(Phase {
                kind: PhaseKind::Updated,
                since_ms: ctx.now_ms,
            }),
        };
        let out = self.render_deployment(&rec, ctx);
        if let Some(slot) = self.deployments.get_mut(i) {
            *slot = rec;
        }
        Ok(Value::Object(out))
    }

    pub fn delete_deployment(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.deployment_index(org, id)?;
        self.deployments.remove(i);
        Ok(())
    }

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

/// The id of the shared cluster that hosts STANDARD Deployments in a provider region.
pub fn standard_cluster_id(provider: &str, region: &str) -> String {
    let mut id: String = format!("clstd{}{}", provider, region)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    while id.len() < 25 {
        id.push('0');
    }
    id.chars().take(25).collect()
}

fn standard_cluster_by_id(id: &str) -> Option<(&'static str, &'static str)> {
    catalog::PROVIDERS.iter().find_map(|p| {
        p.standard_regions
            .iter()
            .find(|r| standard_cluster_id(p.name, r) == id)
            .map(|r| (p.name, *r))
    })
}

fn workload_identity(provider: &str, cluster_id: &str, namespace: &str) -> String {
    match provider {
        "AWS" => format!("arn:aws:iam::123456789012:role/AirflowS3Logs-{cluster_id}"),
        "GCP" => format!("astro-{namespace}@astro-project.iam.gserviceaccount.com"),
        _ => format!("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/astro/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{namespace}"),
    }
}

const ADJECTIVES: &[&str] = &[
    "weightless",
    "celestial",
    "radiant",
    "orbital",
    "stellar",
    "cosmic",
    "lunar",
    "galactic",
    "nebular",
    "polar",
    "silent",
    "bright",
];
const NOUNS: &[&str] = &[
    "diameter", "parsec", "quasar", "nova", "comet", "aurora", "zenith", "eclipse", "meteor",
    "horizon", "pulsar", "equinox",
];

fn namespace(rng: &mut fastrand::Rng) -> String {
    let a = ADJECTIVES
        .get(rng.usize(..ADJECTIVES.len()))
        .copied()
        .unwrap_or("stellar");
    let n = NOUNS
        .get(rng.usize(..NOUNS.len()))
        .copied()
        .unwrap_or("nova");
    format!("{a}-{n}-{:04}", rng.u16(1000..10000))
}

/// A short random token (exported for the seed).
pub fn token(rng: &mut fastrand::Rng) -> String {
    short_token(rng, 8)
}
