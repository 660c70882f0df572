//! Deployments: placement, worker queues, scheduler sizes, environment variables, computed fields.

use serde_json::{json, Value};

use super::*;
use crate::catalog;

impl Db {
    // --------------------------------------------------------------------- deployments

    pub(crate) fn render_deployment(&self, rec: &Rec, ctx: &Ctx) -> Obj {
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
            .filter(|d| name_in(query, &d.doc))
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
    pub(crate) fn placement(
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
    pub(crate) fn worker_queues(
        kind: &str,
        body: &Value,
        existing: &[Value],
        cluster: Option<&Obj>,
        ctx: &mut Ctx,
    ) -> Result<Option<Vec<Value>>, ApiError> {
        // CELERY and v1's ASTRO executor run worker queues; KUBERNETES does not.
        if !matches!(s(body, "executor"), Some("CELERY" | "ASTRO")) {
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

    pub(crate) fn apply_scheduler(doc: &mut Obj, kind: &str, body: &Value) -> Result<(), ApiError> {
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
        // v1 bodies may also carry these.
        for k in [
            "contactEmails",
            "workloadIdentity",
            "isDevelopmentMode",
            "scalingSpec",
            "remoteExecution",
            "drWorkloadIdentity",
        ] {
            copy_opt(&mut doc, body, k);
        }
        if body.get("environmentVariables").is_some() {
            let vars = environment_variables(&doc, body, &now)?;
            put(&mut doc, "environmentVariables", Value::Array(vars));
        }
        put(&mut doc, "createdAt", json!(now));
        put(&mut doc, "updatedAt", json!(now));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let rec = Rec::new(
            doc,
            Some(Phase {
                kind: PhaseKind::Created,
                since_ms: ctx.now_ms,
            }),
        );
        let out = self.render_deployment(&rec, ctx);
        let scaled = scaling_lines(&[], rec.doc.get("workerQueues"));
        self.deployments.push(rec);
        let name = s(body, "name").unwrap_or_default();
        self.log(
            org,
            &id,
            ctx.now_ms,
            "scheduler",
            &format!(
                "Deployment '{name}' created ({kind}, Astro Runtime {})",
                release.version
            ),
        );
        self.log(
            org,
            &id,
            ctx.now_ms,
            "webserver",
            "Starting the Airflow webserver",
        );
        for line in scaled {
            self.log(org, &id, ctx.now_ms, "worker", &line);
        }
        self.log(
            org,
            &id,
            ctx.now_ms.saturating_add(ctx.lifecycle_ms),
            "scheduler",
            "Deployment is HEALTHY",
        );
        self.log(
            org,
            &id,
            ctx.now_ms.saturating_add(ctx.lifecycle_ms),
            "triggerer",
            "Triggerer started",
        );
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
        let vars = environment_variables(&doc, body, &now)?;
        put(&mut doc, "environmentVariables", Value::Array(vars));
        for k in [
            "name",
            "description",
            "contactEmails",
            "workloadIdentity",
            "taskPodNodePoolId",
            "executor",
            // v1 only:
            "scalingSpec",
            "remoteExecution",
            "drWorkloadIdentity",
            "isDevelopmentMode",
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
            hibernation: rec.hibernation.clone(),
        };
        let out = self.render_deployment(&rec, ctx);
        let scaled = scaling_lines(&existing, rec.doc.get("workerQueues"));
        if let Some(slot) = self.deployments.get_mut(i) {
            *slot = rec;
        }
        let by = ctx
            .subject
            .get("fullName")
            .or_else(|| ctx.subject.get("apiTokenName"))
            .and_then(Value::as_str)
            .unwrap_or("API");
        self.log(
            org,
            id,
            ctx.now_ms,
            "scheduler",
            &format!("Configuration updated by {by}; rolling out"),
        );
        for line in scaled {
            self.log(org, id, ctx.now_ms, "worker", &line);
        }
        self.log(
            org,
            id,
            ctx.now_ms.saturating_add(ctx.lifecycle_ms / 2),
            "scheduler",
            "Rollout finished; the Deployment is HEALTHY",
        );
        Ok(Value::Object(out))
    }

    /// Also removes what belongs to the Deployment: its agent tokens, deploys and log lines.
    pub fn delete_deployment(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.deployment_index(org, id)?;
        self.deployments.remove(i);
        self.tokens.retain(|t| t.agent_of.as_deref() != Some(id));
        self.deploys.retain(|d| sget(d, "deploymentId") != id);
        self.events.retain(|e| e.deployment_id != id);
        Ok(())
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

pub(crate) fn standard_cluster_by_id(id: &str) -> Option<(&'static str, &'static str)> {
    catalog::PROVIDERS.iter().find_map(|p| {
        p.standard_regions
            .iter()
            .find(|r| standard_cluster_id(p.name, r) == id)
            .map(|r| (p.name, *r))
    })
}

pub(crate) fn workload_identity(provider: &str, cluster_id: &str, namespace: &str) -> String {
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

pub(crate) fn namespace(rng: &mut fastrand::Rng) -> String {
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

/// Environment variables from a body: the list replaces the stored one; a secret sent without a
/// value keeps its old one.
pub(crate) fn environment_variables(
    doc: &Obj,
    body: &Value,
    now: &str,
) -> Result<Vec<Value>, ApiError> {
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
    Ok(vars)
}

/// Worker log lines for queues that are new or whose worker counts changed.
fn scaling_lines(before: &[Value], after: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    for q in after.and_then(Value::as_array).cloned().unwrap_or_default() {
        let name = s(&q, "name").unwrap_or_default();
        let (min, max) = (u(&q, "minWorkerCount"), u(&q, "maxWorkerCount"));
        let old = before.iter().find(|o| s(o, "id") == s(&q, "id"));
        let changed =
            old.is_none_or(|o| u(o, "minWorkerCount") != min || u(o, "maxWorkerCount") != max);
        if changed {
            let machine = s(&q, "astroMachine")
                .or_else(|| s(&q, "nodePoolId"))
                .unwrap_or_default();
            out.push(format!(
                "Worker queue '{name}' scaled to {min}..{max} workers on {machine} (concurrency {})",
                u(&q, "workerConcurrency")
            ));
        }
    }
    out
}
