//! API tokens and agent tokens. They are real credentials: the server authenticates a bearer
//! token by the SHA-256 of its value (the value itself is never stored, journaled or logged; it
//! is shown once, in the answer of create and rotate). Expiry runs on the compressed clock.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRec {
    /// The wire shape without `token`.
    pub doc: Obj,
    pub organization_id: String,
    /// Hex SHA-256 of the current secret.
    pub secret_sha256: String,
    /// When the token stops working, in real time (its period compressed like the lifecycle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at_ms: Option<u64>,
    /// Set for agent tokens: the Deployment they belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_of: Option<String>,
}

/// Hex SHA-256 of a token value.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_secret(rng: &mut fastrand::Rng) -> String {
    format!("astro_{}", short_token(rng, 48))
}

pub const ORGANIZATION_ROLES: [&str; 5] = [
    "ORGANIZATION_OWNER",
    "ORGANIZATION_BILLING_ADMIN",
    "ORGANIZATION_MEMBER",
    "ORGANIZATION_OBSERVE_ADMIN",
    "ORGANIZATION_OBSERVE_MEMBER",
];
pub const WORKSPACE_ROLES: [&str; 5] = [
    "WORKSPACE_OWNER",
    "WORKSPACE_OPERATOR",
    "WORKSPACE_AUTHOR",
    "WORKSPACE_MEMBER",
    "WORKSPACE_ACCESSOR",
];
pub const DEPLOYMENT_ROLES: [&str; 1] = ["DEPLOYMENT_ADMIN"];

/// The outcome of looking a presented bearer value up among the stored tokens.
pub enum TokenLookup {
    Unknown,
    Expired(String),
    Found(usize),
}

impl Db {
    /// Whether `role` lets its holder change things (a custom role: if it has a permission
    /// other than reading).
    pub fn role_writes(&self, org: &str, role: &str) -> bool {
        match role {
            "ORGANIZATION_OWNER" | "WORKSPACE_OWNER" | "WORKSPACE_OPERATOR"
            | "WORKSPACE_AUTHOR" | "DEPLOYMENT_ADMIN" => true,
            r if r.starts_with("ORGANIZATION_") || r.starts_with("WORKSPACE_") => false,
            custom => self
                .custom_roles
                .iter()
                .find(|c| sget(c, "id") == custom && sget(c, "organizationId") == org)
                .and_then(|c| c.get("permissions"))
                .and_then(Value::as_array)
                .is_some_and(|p| {
                    p.iter()
                        .filter_map(Value::as_str)
                        .any(|p| !p.ends_with(".get") && !p.ends_with(".list"))
                }),
        }
    }

    /// Finds the token whose secret is `secret` and records its use.
    pub fn use_token(&mut self, secret: &str, now_ms: u64) -> TokenLookup {
        let hash = hash_secret(secret);
        let Some(i) = self.tokens.iter().position(|t| t.secret_sha256 == hash) else {
            return TokenLookup::Unknown;
        };
        let Some(rec) = self.tokens.get_mut(i) else {
            return TokenLookup::Unknown;
        };
        if rec.expires_at_ms.is_some_and(|end| now_ms >= end) {
            return TokenLookup::Expired(sget(&rec.doc, "name").to_string());
        }
        put(&mut rec.doc, "lastUsedAt", json!(rfc3339(now_ms)));
        TokenLookup::Found(i)
    }

    fn token_index(&self, org: &str, id: &str, agent_of: Option<&str>) -> Result<usize, ApiError> {
        let what = if agent_of.is_some() {
            "Agent token"
        } else {
            "API token"
        };
        self.tokens
            .iter()
            .position(|t| {
                sget(&t.doc, "id") == id
                    && t.organization_id == org
                    && t.agent_of.as_deref() == agent_of
            })
            .ok_or_else(|| not_found(what, id))
    }

    fn token_doc(&self, i: usize) -> Result<&Obj, ApiError> {
        self.tokens
            .get(i)
            .map(|t| &t.doc)
            .ok_or_else(|| ApiError::new(404, "token not found"))
    }

    /// Builds and stores a token; the answer carries the secret (the only time it is shown).
    fn mint(
        &mut self,
        org: &str,
        body: &Value,
        scope: &str,
        roles: Value,
        agent_of: Option<String>,
        ctx: &mut Ctx,
    ) -> Value {
        let secret = new_secret(&mut ctx.rng);
        let hash = hash_secret(&secret);
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
        put(
            &mut doc,
            "shortToken",
            json!(hash.chars().take(7).collect::<String>()),
        );
        put(
            &mut doc,
            "kind",
            json!(s(body, "kind").unwrap_or("STANDARD")),
        );
        put(&mut doc, "scope", json!(scope));
        put(&mut doc, "roles", roles);
        put(&mut doc, "startAt", json!(ctx.now()));
        let mut expires_at_ms = None;
        if let Some(days) = body.get("tokenExpiryPeriodInDays").and_then(Value::as_u64) {
            put(&mut doc, "expiryPeriodInDays", json!(days));
            put(
                &mut doc,
                "endAt",
                json!(rfc3339(
                    ctx.now_ms.saturating_add(days.saturating_mul(DAY_MS))
                )),
            );
            expires_at_ms = Some(
                ctx.now_ms
                    .saturating_add(ctx.compress(days.saturating_mul(DAY_MS))),
            );
        }
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let mut out = doc.clone();
        put(&mut out, "token", json!(secret));
        self.tokens.push(TokenRec {
            doc,
            organization_id: org.to_string(),
            secret_sha256: hash,
            expires_at_ms,
            agent_of,
        });
        Value::Object(out)
    }

    // ----------------------------------------------------------------------- API tokens

    pub fn list_api_tokens(&self, org: &str, query: &Value) -> Value {
        let ws = s(query, "workspaceId");
        let dep = s(query, "deploymentId");
        let org_only = b(query, "includeOnlyOrganizationTokens");
        let kind = s(query, "kind");
        let on = |t: &TokenRec, scope: &str, id: &str| {
            sget(&t.doc, "scope") == scope
                && t.doc
                    .get("roles")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|r| s(r, "entityId") == Some(id)))
        };
        let items: Vec<&TokenRec> = self
            .tokens
            .iter()
            .filter(|t| t.organization_id == org && t.agent_of.is_none())
            .filter(|t| !org_only || sget(&t.doc, "scope") == "ORGANIZATION")
            .filter(|t| ws.is_none_or(|w| on(t, "WORKSPACE", w)))
            .filter(|t| dep.is_none_or(|d| on(t, "DEPLOYMENT", d)))
            .filter(|t| kind.is_none_or(|k| sget(&t.doc, "kind") == k))
            .collect();
        page(
            items,
            query,
            "tokens",
            |t: &&TokenRec| &t.doc,
            |t| t.doc.clone(),
        )
    }

    /// Checks that `role` fits `scope` on `entity` and returns the token's role list.
    fn token_roles(
        &self,
        org: &str,
        scope: &str,
        entity: &str,
        role: &str,
    ) -> Result<Value, ApiError> {
        let ok = match scope {
            "ORGANIZATION" => ORGANIZATION_ROLES.contains(&role),
            "WORKSPACE" => WORKSPACE_ROLES.contains(&role),
            _ => {
                DEPLOYMENT_ROLES.contains(&role)
                    || self.custom_roles.iter().any(|c| {
                        sget(c, "id") == role
                            && sget(c, "organizationId") == org
                            && sget(c, "scopeType") == "DEPLOYMENT"
                    })
            }
        };
        if !ok {
            return Err(bad_field(
                "role",
                format!("'{role}' is not a role for scope {scope} (a built-in {scope} role, or a custom role id for DEPLOYMENT)"),
            ));
        }
        Ok(json!([{ "entityId": entity, "entityType": scope, "role": role }]))
    }

    /// The entity a token of `scope` is for: the organization itself, or an existing Workspace
    /// or Deployment of it.
    fn token_entity(
        &self,
        org: &str,
        scope: &str,
        entity: Option<&str>,
    ) -> Result<String, ApiError> {
        match (scope, entity) {
            ("ORGANIZATION", None) => Ok(org.to_string()),
            ("ORGANIZATION", Some(e)) if e == org => Ok(org.to_string()),
            ("ORGANIZATION", Some(e)) => Err(bad_field(
                "entityId",
                format!("'{e}' is not this Organization ({org})"),
            )),
            (_, None) => Err(bad_field(
                "entityId",
                format!("is required for a {scope} token"),
            )),
            ("WORKSPACE", Some(e)) => self
                .workspace(org, e)
                .map(|_| e.to_string())
                .ok_or_else(|| not_found("Workspace", e)),
            (_, Some(e)) => self.deployment_index(org, e).map(|_| e.to_string()),
        }
    }

    pub fn create_api_token(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let scope = s(body, "scope").unwrap_or("ORGANIZATION");
        let entity = self.token_entity(org, scope, s(body, "entityId"))?;
        let roles = self.token_roles(org, scope, &entity, s(body, "role").unwrap_or_default())?;
        Ok(self.mint(org, body, scope, roles, None, ctx))
    }

    pub fn get_api_token(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.token_index(org, id, None)?;
        Ok(Value::Object(self.token_doc(i)?.clone()))
    }

    pub fn update_api_token(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.token_index(org, id, None)?;
        let t = self
            .tokens
            .get_mut(i)
            .ok_or_else(|| not_found("API token", id))?;
        copy_opt(&mut t.doc, body, "name");
        copy_opt(&mut t.doc, body, "description");
        put(&mut t.doc, "updatedAt", json!(ctx.now()));
        put(&mut t.doc, "updatedBy", ctx.subject.clone());
        Ok(Value::Object(t.doc.clone()))
    }

    /// Replaces the roles; each must fit the token's scope (entities checked like on create).
    pub fn update_api_token_roles(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.token_index(org, id, None)?;
        let scope = sget(self.token_doc(i)?, "scope").to_string();
        let mut roles = Vec::new();
        for (n, r) in body
            .get("roles")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let kind = s(r, "entityType").unwrap_or_default();
            if kind != scope {
                return Err(bad_field(
                    &format!("roles[{n}].entityType"),
                    format!("a {scope} token only takes {scope} roles, not {kind}"),
                ));
            }
            let entity = self.token_entity(org, &scope, s(r, "entityId"))?;
            let role = s(r, "role").unwrap_or_default();
            if let Some(one) = self
                .token_roles(org, &scope, &entity, role)?
                .as_array()
                .and_then(|a| a.first())
            {
                roles.push(one.clone());
            }
        }
        let t = self
            .tokens
            .get_mut(i)
            .ok_or_else(|| not_found("API token", id))?;
        put(&mut t.doc, "roles", Value::Array(roles.clone()));
        put(&mut t.doc, "updatedAt", json!(ctx.now()));
        put(&mut t.doc, "updatedBy", ctx.subject.clone());
        Ok(subject_roles(&roles))
    }

    pub fn delete_api_token(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.token_index(org, id, None)?;
        self.tokens.remove(i);
        Ok(())
    }

    /// A new secret: it works from now on, the old one answers 401.
    pub fn rotate_api_token(
        &mut self,
        org: &str,
        id: &str,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.token_index(org, id, None)?;
        let secret = new_secret(&mut ctx.rng);
        let hash = hash_secret(&secret);
        let t = self
            .tokens
            .get_mut(i)
            .ok_or_else(|| not_found("API token", id))?;
        put(
            &mut t.doc,
            "shortToken",
            json!(hash.chars().take(7).collect::<String>()),
        );
        t.secret_sha256 = hash;
        put(&mut t.doc, "lastRotatedAt", json!(ctx.now()));
        put(&mut t.doc, "updatedAt", json!(ctx.now()));
        put(&mut t.doc, "updatedBy", ctx.subject.clone());
        let mut out = t.doc.clone();
        put(&mut out, "token", json!(secret));
        Ok(Value::Object(out))
    }

    // --------------------------------------------------------------------- agent tokens

    pub fn list_agent_tokens(
        &self,
        org: &str,
        dep: &str,
        query: &Value,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let items: Vec<&TokenRec> = self
            .tokens
            .iter()
            .filter(|t| t.organization_id == org && t.agent_of.as_deref() == Some(dep))
            .collect();
        Ok(page(
            items,
            query,
            "tokens",
            |t: &&TokenRec| &t.doc,
            |t| t.doc.clone(),
        ))
    }

    pub fn create_agent_token(
        &mut self,
        org: &str,
        dep: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let roles =
            json!([{ "entityId": dep, "entityType": "DEPLOYMENT", "role": "DEPLOYMENT_ADMIN" }]);
        Ok(self.mint(org, body, "DEPLOYMENT", roles, Some(dep.to_string()), ctx))
    }

    pub fn get_agent_token(&self, org: &str, dep: &str, id: &str) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let i = self.token_index(org, id, Some(dep))?;
        Ok(Value::Object(self.token_doc(i)?.clone()))
    }

    pub fn delete_agent_token(&mut self, org: &str, dep: &str, id: &str) -> Result<(), ApiError> {
        self.deployment_index(org, dep)?;
        let i = self.token_index(org, id, Some(dep))?;
        self.tokens.remove(i);
        Ok(())
    }
}

/// `SubjectRoles` from a list of `{entityId, entityType, role}`.
pub fn subject_roles(roles: &[Value]) -> Value {
    let mut out = Obj::new();
    let of = |kind: &str, key: &str| -> Vec<Value> {
        roles
            .iter()
            .filter(|r| s(r, "entityType") == Some(kind))
            .map(|r| json!({ key: s(r, "entityId").unwrap_or_default(), "role": s(r, "role").unwrap_or_default() }))
            .collect()
    };
    if let Some(r) = roles
        .iter()
        .find(|r| s(r, "entityType") == Some("ORGANIZATION"))
    {
        put(
            &mut out,
            "organizationRole",
            json!(s(r, "role").unwrap_or_default()),
        );
    }
    put(
        &mut out,
        "workspaceRoles",
        Value::Array(of("WORKSPACE", "workspaceId")),
    );
    put(
        &mut out,
        "deploymentRoles",
        Value::Array(of("DEPLOYMENT", "deploymentId")),
    );
    Value::Object(out)
}
