//! Deploys: create (INITIALIZED, with an upload URL for DAG bundles) -> upload (PUT to that
//! URL, answered with `x-ms-version-id`) -> finalize (DEPLOYED; the Deployment rolls out the new
//! image tag / DAG bundle) -> rollback to an earlier deploy.

use serde_json::{json, Value};

use super::*;

/// Fields kept on a deploy record that are not part of the answer.
const INTERNAL: [&str; 3] = ["organizationId", "uploadedVersions", "sequence"];

fn has_dags(kind: &str) -> bool {
    kind == "DAG_ONLY" || kind == "IMAGE_AND_DAG"
}

fn has_image(kind: &str) -> bool {
    kind == "IMAGE_ONLY" || kind == "IMAGE_AND_DAG"
}

fn render(d: &Obj) -> Obj {
    let mut out = d.clone();
    for k in INTERNAL {
        out.remove(k);
    }
    out
}

impl Db {
    fn deploy_index(&self, org: &str, dep: &str, id: &str) -> Result<usize, ApiError> {
        self.deploys
            .iter()
            .position(|d| {
                sget(d, "id") == id
                    && sget(d, "deploymentId") == dep
                    && sget(d, "organizationId") == org
            })
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Deploy '{id}' not found for Deployment '{dep}'"),
                )
            })
    }

    /// The deploy the Deployment runs now (the last one finalized or rolled back to).
    fn current_deploy(&self, dep: &str) -> Option<&Obj> {
        self.deploys
            .iter()
            .filter(|d| sget(d, "deploymentId") == dep && sget(d, "status") == "DEPLOYED")
            .max_by_key(|d| d.get("sequence").and_then(Value::as_u64).unwrap_or(0))
    }

    fn next_sequence(&self) -> u64 {
        self.deploys
            .iter()
            .filter_map(|d| d.get("sequence").and_then(Value::as_u64))
            .max()
            .unwrap_or(0)
            + 1
    }

    pub fn list_deploys(&self, org: &str, dep: &str, query: &Value) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let items: Vec<&Obj> = self
            .deploys
            .iter()
            .filter(|d| sget(d, "deploymentId") == dep && sget(d, "organizationId") == org)
            .collect();
        Ok(page(items, query, "deploys", |d: &&Obj| *d, render))
    }

    pub fn get_deploy(&self, org: &str, dep: &str, id: &str) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let i = self.deploy_index(org, dep, id)?;
        Ok(Value::Object(render(
            self.deploys.get(i).ok_or_else(|| not_found("Deploy", id))?,
        )))
    }

    pub fn create_deploy(
        &mut self,
        org: &str,
        dep: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.deployment_index(org, dep)?;
        let d = self
            .deployments
            .get(i)
            .map(|r| r.doc.clone())
            .ok_or_else(|| not_found("Deployment", dep))?;
        let kind = s(body, "type").unwrap_or_default();
        if kind == "BUNDLE" {
            return Err(bad_field(
                "type",
                "BUNDLE deploys are not supported by the emulator (Deploy.type has no BUNDLE)",
            ));
        }
        let dag_deploys = b(&Value::Object(d.clone()), "isDagDeployEnabled");
        if kind == "DAG_ONLY" && !dag_deploys {
            return Err(bad_field(
                "type",
                format!("Deployment '{dep}' has DAG deploys disabled (isDagDeployEnabled false)"),
            ));
        }
        let id = ctx.id();
        let n = self
            .deploys
            .iter()
            .filter(|x| sget(x, "deploymentId") == dep)
            .count()
            + 1;
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(id));
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "deploymentId", json!(dep));
        put(&mut doc, "type", json!(kind));
        put(&mut doc, "status", json!("INITIALIZED"));
        put(
            &mut doc,
            "description",
            body.get("description").cloned().unwrap_or(json!("")),
        );
        if let Some(git) = body.get("git") {
            put(&mut doc, "git", git.clone());
        }
        put(
            &mut doc,
            "imageRepository",
            json!(sget(&d, "imageRepository")),
        );
        let tag = if has_image(kind) {
            format!("deploy-{n}")
        } else {
            sget(&d, "imageTag").to_string()
        };
        put(&mut doc, "imageTag", json!(tag));
        put(&mut doc, "isDagDeployEnabled", json!(dag_deploys));
        put(
            &mut doc,
            "astroRuntimeVersion",
            json!(sget(&d, "runtimeVersion")),
        );
        put(
            &mut doc,
            "airflowVersion",
            json!(sget(&d, "airflowVersion")),
        );
        if has_dags(kind) {
            put(
                &mut doc,
                "dagsUploadUrl",
                json!(format!("{}/__emulator/uploads/{id}", ctx.origin)),
            );
        }
        put(&mut doc, "uploadedVersions", json!([]));
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBySubject", ctx.subject.clone());
        put(&mut doc, "updatedBySubject", ctx.subject.clone());
        let out = render(&doc);
        self.deploys.push(doc);
        self.log(
            org,
            dep,
            ctx.now_ms,
            "scheduler",
            &format!("Deploy {id} ({kind}) initialized"),
        );
        Ok(Value::Object(out))
    }

    /// Records a DAG bundle uploaded to a deploy's `dagsUploadUrl`; returns its version id.
    pub fn record_upload(
        &mut self,
        deploy_id: &str,
        size: usize,
        ctx: &mut Ctx,
    ) -> Result<String, ApiError> {
        let d = self
            .deploys
            .iter_mut()
            .find(|d| sget(d, "id") == deploy_id)
            .ok_or_else(|| {
                ApiError::new(404, format!("No deploy '{deploy_id}' expects an upload"))
            })?;
        if sget(d, "status") != "INITIALIZED" || !has_dags(sget(d, "type")) {
            return Err(ApiError::new(
                409,
                format!("Deploy '{deploy_id}' takes no upload now"),
            ));
        }
        let version = format!(
            "{}-{}",
            ctx.now().replace([':', '-'], "").trim_end_matches('Z'),
            short_token(&mut ctx.rng, 6)
        );
        if let Some(Value::Array(list)) = d.get_mut("uploadedVersions") {
            list.push(json!({ "version": version, "bytes": size }));
        }
        Ok(version)
    }

    /// Makes the Deployment run `deploy`'s image tag and DAG bundle (a rollout, like an update).
    fn roll_out(&mut self, org: &str, dep: &str, deploy: &Obj, ctx: &Ctx) {
        let kind = sget(deploy, "type").to_string();
        if let Ok(i) = self.deployment_index(org, dep) {
            if let Some(rec) = self.deployments.get_mut(i) {
                if has_image(&kind) || !sget(deploy, "rollbackFromId").is_empty() {
                    put(&mut rec.doc, "imageTag", json!(sget(deploy, "imageTag")));
                    put(
                        &mut rec.doc,
                        "imageVersion",
                        json!(sget(deploy, "imageTag")),
                    );
                }
                if let Some(v) = deploy.get("dagTarballVersion") {
                    put(&mut rec.doc, "dagTarballVersion", v.clone());
                    put(&mut rec.doc, "desiredDagTarballVersion", v.clone());
                }
                put(&mut rec.doc, "updatedAt", json!(ctx.now()));
                rec.phase = Some(Phase {
                    kind: PhaseKind::Updated,
                    since_ms: ctx.now_ms,
                });
            }
        }
        let end = ctx.now_ms.saturating_add(ctx.lifecycle_ms / 2);
        self.log(
            org,
            dep,
            end,
            "scheduler",
            "Rollout finished; the Deployment is HEALTHY",
        );
    }

    pub fn finalize_deploy(
        &mut self,
        org: &str,
        dep: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        // finalizeDeploy documents no 404: an unknown deploy is a bad request.
        let i = self
            .deploy_index(org, dep, id)
            .map_err(|e| ApiError::new(400, e.message))?;
        let d = self
            .deploys
            .get(i)
            .cloned()
            .ok_or_else(|| not_found("Deploy", id))?;
        if sget(&d, "status") != "INITIALIZED" {
            return Err(ApiError::new(
                400,
                format!("Deploy '{id}' is {} already", sget(&d, "status")),
            ));
        }
        let kind = sget(&d, "type").to_string();
        let mut version = None;
        if has_dags(&kind) {
            let uploaded: Vec<String> = d
                .get("uploadedVersions")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| s(v, "version").map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let want = s(body, "dagTarballVersion").unwrap_or_default();
            if want.is_empty() || !uploaded.iter().any(|v| v == want) {
                let hint = if uploaded.is_empty() {
                    "upload the DAG bundle to dagsUploadUrl first".to_string()
                } else {
                    format!("uploaded: {}", uploaded.join(", "))
                };
                return Err(bad_field(
                    "dagTarballVersion",
                    format!("'{want}' is not a version uploaded for this deploy ({hint})"),
                ));
            }
            version = Some(want.to_string());
        }
        let sequence = self.next_sequence();
        let d = self
            .deploys
            .get_mut(i)
            .ok_or_else(|| not_found("Deploy", id))?;
        put(d, "status", json!("DEPLOYED"));
        put(d, "sequence", json!(sequence));
        if let Some(v) = &version {
            put(d, "dagTarballVersion", json!(v));
        }
        put(d, "updatedAt", json!(ctx.now()));
        put(d, "updatedBySubject", ctx.subject.clone());
        let d = d.clone();
        let what = match &version {
            Some(v) => format!("image tag {}, DAG bundle {v}", sget(&d, "imageTag")),
            None => format!("image tag {}", sget(&d, "imageTag")),
        };
        self.log(
            org,
            dep,
            ctx.now_ms,
            "scheduler",
            &format!("Deploy {id} finalized: rolling out {what}"),
        );
        if version.is_some() {
            self.log(
                org,
                dep,
                ctx.now_ms,
                "dag-processor",
                &format!("Parsing the DAG bundle of deploy {id}"),
            );
        }
        self.roll_out(org, dep, &d, ctx);
        Ok(Value::Object(render(&d)))
    }

    pub fn update_deploy(
        &mut self,
        org: &str,
        dep: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let i = self.deploy_index(org, dep, id)?;
        let d = self
            .deploys
            .get_mut(i)
            .ok_or_else(|| not_found("Deploy", id))?;
        copy_opt(d, body, "description");
        put(d, "updatedAt", json!(ctx.now()));
        put(d, "updatedBySubject", ctx.subject.clone());
        Ok(Value::Object(render(d)))
    }

    /// Rolls the Deployment back to deploy `id` (an earlier DEPLOYED one): a new deploy that
    /// repeats it, with `rollbackFromId` naming the deploy that was running.
    pub fn deploy_rollback(
        &mut self,
        org: &str,
        dep: &str,
        id: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let i = self.deploy_index(org, dep, id)?;
        let target = self
            .deploys
            .get(i)
            .cloned()
            .ok_or_else(|| not_found("Deploy", id))?;
        if sget(&target, "status") != "DEPLOYED" {
            return Err(ApiError::new(
                400,
                format!(
                    "Deploy '{id}' was never deployed ({})",
                    sget(&target, "status")
                ),
            ));
        }
        let current = self
            .current_deploy(dep)
            .map(|c| sget(c, "id").to_string())
            .unwrap_or_default();
        if current == id {
            return Err(ApiError::new(
                400,
                format!("Deploy '{id}' is the one running now; roll back to an earlier one"),
            ));
        }
        let mut doc = target.clone();
        let new_id = ctx.id();
        put(&mut doc, "id", json!(new_id));
        put(&mut doc, "rollbackFromId", json!(current));
        put(&mut doc, "sequence", json!(self.next_sequence()));
        put(
            &mut doc,
            "description",
            body.get("description")
                .cloned()
                .unwrap_or_else(|| json!(format!("Rollback to {id}"))),
        );
        doc.remove("dagsUploadUrl");
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBySubject", ctx.subject.clone());
        put(&mut doc, "updatedBySubject", ctx.subject.clone());
        self.deploys.push(doc.clone());
        self.log(
            org,
            dep,
            ctx.now_ms,
            "scheduler",
            &format!(
                "Rolling back from deploy {current} to deploy {id} (image tag {})",
                sget(&doc, "imageTag")
            ),
        );
        self.roll_out(org, dep, &doc, ctx);
        Ok(Value::Object(render(&doc)))
    }
}
