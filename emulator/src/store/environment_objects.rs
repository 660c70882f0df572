//! Environment objects (Airflow variables, connections, environment variables, metrics
//! exports) of a Workspace or a Deployment. A Workspace object is linked to Deployments of the
//! Workspace explicitly (`links`, with overrides) or to all of them (`autoLinkDeployments`),
//! except those in `excludeLinks` (excludeLinkingEnvironmentObject adds one). Secret values
//! are write-only unless `showSecrets=true`.

use serde_json::{json, Value};

use super::*;

/// The body key holding the object's settings for each `objectType`.
fn settings_key(object_type: &str) -> &'static str {
    match object_type {
        "AIRFLOW_VARIABLE" => "airflowVariable",
        "CONNECTION" => "connection",
        "ENVIRONMENT_VARIABLE" => "environmentVariable",
        _ => "metricsExport",
    }
}

const SETTINGS_KEYS: [&str; 4] = [
    "airflowVariable",
    "connection",
    "environmentVariable",
    "metricsExport",
];

/// Fields hidden unless `showSecrets`: (settings key, field, whether only when `isSecret`).
const SECRET_FIELDS: [(&str, &str, bool); 5] = [
    ("airflowVariable", "value", true),
    ("environmentVariable", "value", true),
    ("connection", "password", false),
    ("metricsExport", "password", false),
    ("metricsExport", "basicToken", false),
];

fn set_fields(settings: Option<&Value>) -> Vec<Value> {
    settings
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .filter(|k| k.as_str() != "isSecret" && k.as_str() != "authTypeId")
                .map(|k| json!(k))
                .collect()
        })
        .unwrap_or_default()
}

fn hide_secrets(o: &mut Obj) {
    for (key, field, only_if_secret) in SECRET_FIELDS {
        if let Some(Value::Object(settings)) = o.get_mut(key) {
            let secret = settings
                .get("isSecret")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if settings.contains_key(field) && (!only_if_secret || secret) {
                if only_if_secret {
                    // `value` is required in the answer: an empty text stands for the secret.
                    settings.insert(field.to_string(), json!(""));
                } else {
                    settings.remove(field);
                }
            }
        }
    }
}

fn entity_list(o: &Obj, key: &str) -> Vec<Value> {
    o.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn names(list: &[Value], id: &str) -> bool {
    list.iter().any(|l| s(l, "scopeEntityId") == Some(id))
}

impl Db {
    fn env_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.environment_objects
            .iter()
            .position(|e| sget(e, "id") == id && sget(e, "organizationId") == org)
            .ok_or_else(|| not_found("Environment object", id))
    }

    /// The Workspace a scope entity belongs to (the Workspace itself, or a Deployment's).
    fn scope_workspace(&self, org: &str, scope: &str, entity: &str) -> Option<String> {
        if scope == "WORKSPACE" {
            return self.workspace(org, entity).map(|_| entity.to_string());
        }
        let i = self.deployment_index(org, entity).ok()?;
        self.deployments
            .get(i)
            .map(|d| sget(&d.doc, "workspaceId").to_string())
    }

    /// Whether a Workspace object applies to Deployment `dep`.
    fn linked_to(&self, e: &Obj, dep: &str) -> bool {
        if sget(e, "scope") != "WORKSPACE" || names(&entity_list(e, "excludeLinks"), dep) {
            return false;
        }
        if names(&entity_list(e, "links"), dep) {
            return true;
        }
        let in_ws = self
            .deployment_index(sget(e, "organizationId"), dep)
            .ok()
            .and_then(|i| self.deployments.get(i))
            .is_some_and(|d| sget(&d.doc, "workspaceId") == sget(e, "scopeEntityId"));
        in_ws
            && e.get("autoLinkDeployments")
                .and_then(Value::as_bool)
                .unwrap_or(false)
    }

    fn render_env(e: &Obj, show_secrets: bool) -> Obj {
        let mut out = e.clone();
        out.remove("organizationId");
        let key = settings_key(sget(e, "objectType"));
        // Variables answer `value` and `isSecret` always (a request may leave them out).
        if let Some(Value::Object(settings)) =
            out.get_mut(key).filter(|_| key.ends_with("Variable"))
        {
            settings.entry("value").or_insert(json!(""));
            settings.entry("isSecret").or_insert(json!(false));
        }
        put(&mut out, "setFields", Value::Array(set_fields(e.get(key))));
        let links: Vec<Value> = entity_list(e, "links")
            .iter()
            .map(|l| {
                let mut link = json!({ "scope": "DEPLOYMENT", "scopeEntityId": s(l, "scopeEntityId").unwrap_or_default() });
                // A variable override without a value overrides nothing (the answer needs one).
                let overrides = l
                    .get("overrides")
                    .and_then(|o| o.get(key))
                    .filter(|o| !key.ends_with("Variable") || o.get("value").is_some());
                if let (Some(o), Some(ov)) = (link.as_object_mut(), overrides) {
                    o.insert("setFields".into(), Value::Array(set_fields(Some(ov))));
                    o.insert(format!("{key}Overrides"), ov.clone());
                } else if let Some(o) = link.as_object_mut() {
                    o.insert("setFields".into(), json!([]));
                }
                link
            })
            .collect();
        put(&mut out, "links", Value::Array(links));
        if !show_secrets {
            hide_secrets(&mut out);
        }
        out
    }

    /// A Workspace object as seen from Deployment `dep`: its overrides applied.
    fn resolved_for(&self, e: &Obj, dep: &str, show_secrets: bool) -> Obj {
        let key = settings_key(sget(e, "objectType"));
        let mut out = Self::render_env(e, true);
        let link = entity_list(e, "links")
            .into_iter()
            .find(|l| s(l, "scopeEntityId") == Some(dep));
        if let (Some(Value::Object(settings)), Some(Value::Object(ov))) = (
            out.get_mut(key),
            link.as_ref()
                .and_then(|l| l.get("overrides"))
                .and_then(|o| o.get(key)),
        ) {
            for (k, v) in ov {
                settings.insert(k.clone(), v.clone());
            }
        }
        put(&mut out, "sourceScope", json!("WORKSPACE"));
        put(
            &mut out,
            "sourceScopeEntityId",
            json!(sget(e, "scopeEntityId")),
        );
        put(&mut out, "scope", json!("DEPLOYMENT"));
        put(&mut out, "scopeEntityId", json!(dep));
        for k in ["links", "excludeLinks"] {
            out.remove(k);
        }
        if !show_secrets {
            hide_secrets(&mut out);
        }
        out
    }

    pub fn list_environment_objects(&self, org: &str, query: &Value) -> Result<Value, ApiError> {
        let ws = s(query, "workspaceId");
        let dep = s(query, "deploymentId");
        if let Some(w) = ws {
            self.workspace(org, w)
                .ok_or_else(|| not_found("Workspace", w))?;
        }
        if let Some(d) = dep {
            self.deployment_index(org, d)?;
        }
        let kind = s(query, "objectType");
        let key = s(query, "objectKey");
        let show = b(query, "showSecrets");
        let resolve = b(query, "resolveLinked");
        let mut items: Vec<Obj> = Vec::new();
        for e in self
            .environment_objects
            .iter()
            .filter(|e| sget(e, "organizationId") == org)
        {
            if kind.is_some_and(|k| k != sget(e, "objectType"))
                || key.is_some_and(|k| k != sget(e, "objectKey"))
            {
                continue;
            }
            let own =
                |scope: &str, id: &str| sget(e, "scope") == scope && sget(e, "scopeEntityId") == id;
            match (ws, dep) {
                (_, Some(d)) if own("DEPLOYMENT", d) => items.push(Self::render_env(e, show)),
                (_, Some(d)) if self.linked_to(e, d) => items.push(if resolve {
                    self.resolved_for(e, d, show)
                } else {
                    Self::render_env(e, show)
                }),
                (_, Some(_)) => {}
                (Some(w), None) if own("WORKSPACE", w) => items.push(Self::render_env(e, show)),
                (Some(_), None) => {}
                (None, None) => items.push(Self::render_env(e, show)),
            }
        }
        Ok(page(items, query, "environmentObjects", |e: &Obj| e, |e| e))
    }

    /// The scope entity must exist; links and exclusions must name Deployments of the object's
    /// Workspace.
    fn check_env_links(
        &self,
        org: &str,
        scope: &str,
        entity: &str,
        body: &Value,
    ) -> Result<(), ApiError> {
        for key in ["links", "excludeLinks"] {
            for (n, l) in body
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let dep = s(l, "scopeEntityId").unwrap_or_default();
                if scope != "WORKSPACE" {
                    return Err(ApiError::field(
                        409,
                        key,
                        "conflict",
                        "only Workspace objects are linked to Deployments",
                    ));
                }
                if self.scope_workspace(org, "DEPLOYMENT", dep).as_deref() != Some(entity) {
                    return Err(ApiError::field(
                        409,
                        &format!("{key}[{n}].scopeEntityId"),
                        "conflict",
                        format!("Deployment '{dep}' is not in Workspace '{entity}'"),
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn create_environment_object(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let scope = s(body, "scope").unwrap_or_default().to_string();
        let entity = s(body, "scopeEntityId").unwrap_or_default().to_string();
        if self.scope_workspace(org, &scope, &entity).is_none() {
            let what = if scope == "WORKSPACE" {
                "Workspace"
            } else {
                "Deployment"
            };
            return Err(not_found(what, &entity));
        }
        let kind = s(body, "objectType").unwrap_or_default();
        let key = settings_key(kind);
        let Some(settings) = body.get(key) else {
            return Err(ApiError::field(
                409,
                key,
                "required",
                format!("is required for objectType {kind}"),
            ));
        };
        for other in SETTINGS_KEYS.iter().filter(|k| **k != key) {
            if body.get(*other).is_some() {
                return Err(ApiError::field(
                    409,
                    other,
                    "conflict",
                    format!("does not go with objectType {kind}"),
                ));
            }
        }
        let object_key = s(body, "objectKey").unwrap_or_default();
        let taken = self.environment_objects.iter().any(|e| {
            sget(e, "organizationId") == org
                && sget(e, "scope") == scope
                && sget(e, "scopeEntityId") == entity
                && sget(e, "objectType") == kind
                && sget(e, "objectKey") == object_key
        });
        if taken {
            return Err(ApiError::field(
                409,
                "objectKey",
                "conflict",
                format!("a {kind} '{object_key}' already exists here"),
            ));
        }
        self.check_env_links(org, &scope, &entity, body)?;
        let id = ctx.id();
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(id));
        put(&mut doc, "organizationId", json!(org));
        for k in [
            "objectKey",
            "objectType",
            "scope",
            "scopeEntityId",
            "description",
        ] {
            copy_opt(&mut doc, body, k);
        }
        put(&mut doc, key, settings.clone());
        if scope == "WORKSPACE" {
            put(
                &mut doc,
                "autoLinkDeployments",
                json!(b(body, "autoLinkDeployments")),
            );
            put(
                &mut doc,
                "links",
                body.get("links").cloned().unwrap_or(json!([])),
            );
            put(
                &mut doc,
                "excludeLinks",
                body.get("excludeLinks").cloned().unwrap_or(json!([])),
            );
        }
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        self.environment_objects.push(doc);
        Ok(json!({ "id": id }))
    }

    pub fn get_environment_object(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.env_index(org, id)?;
        let e = self
            .environment_objects
            .get(i)
            .ok_or_else(|| not_found("Environment object", id))?;
        Ok(Value::Object(Self::render_env(e, false)))
    }

    pub fn update_environment_object(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.env_index(org, id)?;
        let e = self
            .environment_objects
            .get(i)
            .cloned()
            .ok_or_else(|| not_found("Environment object", id))?;
        let key = settings_key(sget(&e, "objectType"));
        for other in SETTINGS_KEYS.iter().filter(|k| **k != key) {
            if body.get(*other).is_some() {
                return Err(ApiError::field(
                    409,
                    other,
                    "conflict",
                    format!("does not go with objectType {}", sget(&e, "objectType")),
                ));
            }
        }
        let scope = sget(&e, "scope").to_string();
        let entity = sget(&e, "scopeEntityId").to_string();
        self.check_env_links(org, &scope, &entity, body)?;
        let e = self
            .environment_objects
            .get_mut(i)
            .ok_or_else(|| not_found("Environment object", id))?;
        if let (Some(Value::Object(new)), Some(Value::Object(old))) =
            (body.get(key), e.get_mut(key))
        {
            for (k, v) in new {
                old.insert(k.clone(), v.clone());
            }
        }
        for k in [
            "description",
            "autoLinkDeployments",
            "links",
            "excludeLinks",
        ] {
            if scope == "WORKSPACE" || k == "description" {
                copy_opt(e, body, k);
            }
        }
        put(e, "updatedAt", json!(ctx.now()));
        put(e, "updatedBy", ctx.subject.clone());
        Ok(Value::Object(Self::render_env(e, false)))
    }

    pub fn delete_environment_object(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.env_index(org, id)?;
        self.environment_objects.remove(i);
        Ok(())
    }

    /// Keeps a Workspace object away from one of its Deployments (removes an explicit link).
    pub fn exclude_linking_environment_object(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<(), ApiError> {
        let i = self.env_index(org, id)?;
        let e = self
            .environment_objects
            .get(i)
            .cloned()
            .ok_or_else(|| not_found("Environment object", id))?;
        let dep = s(body, "scopeEntityId").unwrap_or_default().to_string();
        let wrapped = json!({ "excludeLinks": [{ "scope": "DEPLOYMENT", "scopeEntityId": dep }] });
        self.check_env_links(org, sget(&e, "scope"), sget(&e, "scopeEntityId"), &wrapped)?;
        let e = self
            .environment_objects
            .get_mut(i)
            .ok_or_else(|| not_found("Environment object", id))?;
        let mut excluded = entity_list(e, "excludeLinks");
        if !names(&excluded, &dep) {
            excluded.push(json!({ "scope": "DEPLOYMENT", "scopeEntityId": dep }));
        }
        let links: Vec<Value> = entity_list(e, "links")
            .into_iter()
            .filter(|l| s(l, "scopeEntityId") != Some(dep.as_str()))
            .collect();
        put(e, "excludeLinks", Value::Array(excluded));
        put(e, "links", Value::Array(links));
        put(e, "updatedAt", json!(ctx.now()));
        put(e, "updatedBy", ctx.subject.clone());
        Ok(())
    }
}
