//! Users (with their roles in each Organization), invites and the calling user (getSelfUser).

use serde_json::{json, Value};

use super::tokens::ORGANIZATION_ROLES;
use super::*;

const ROLE_KEYS: [&str; 3] = ["workspaceRoles", "deploymentRoles", "dagRoles"];

/// A user document for the seed and for invites: `orgRoles` maps an Organization id to the
/// user's roles there.
pub fn user_doc(id: &str, full_name: &str, username: &str, status: &str, created_at: &str) -> Obj {
    let mut doc = Obj::new();
    put(&mut doc, "id", json!(id));
    put(&mut doc, "fullName", json!(full_name));
    put(&mut doc, "username", json!(username));
    put(
        &mut doc,
        "avatarUrl",
        json!(format!("https://avatars.astronomer.example/{id}.png")),
    );
    put(&mut doc, "status", json!(status));
    put(&mut doc, "createdAt", json!(created_at));
    put(&mut doc, "updatedAt", json!(created_at));
    put(&mut doc, "orgRoles", json!({}));
    doc
}

/// The user's roles in `org`, if the user belongs to it.
fn roles_in<'a>(user: &'a Obj, org: &str) -> Option<&'a Value> {
    user.get("orgRoles").and_then(|r| r.get(org))
}

fn has_role_on(user: &Obj, org: &str, key: &str, field: &str, id: &str) -> bool {
    roles_in(user, org)
        .and_then(|r| r.get(key))
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|r| s(r, field) == Some(id)))
}

impl Db {
    pub fn user(&self, id: &str) -> Option<&Obj> {
        self.users.iter().find(|u| sget(u, "id") == id)
    }

    /// `BasicSubjectProfile` of a user.
    pub fn user_profile(&self, id: &str) -> Value {
        match self.user(id) {
            Some(u) => json!({
                "id": id, "subjectType": "USER", "fullName": sget(u, "fullName"),
                "username": sget(u, "username"), "avatarUrl": sget(u, "avatarUrl"),
            }),
            None => json!({ "id": id, "subjectType": "USER" }),
        }
    }

    pub(crate) fn org_user_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.users
            .iter()
            .position(|u| sget(u, "id") == id && roles_in(u, org).is_some())
            .ok_or_else(|| not_found("User", id))
    }

    /// Adds or replaces a user's roles in an Organization (the seed and invites use it).
    pub fn set_org_roles(&mut self, user: &str, org: &str, organization_role: &str) {
        if let Some(u) = self.users.iter_mut().find(|u| sget(u, "id") == user) {
            let roles = json!({ "organizationRole": organization_role, "workspaceRoles": [], "deploymentRoles": [], "dagRoles": [] });
            if let Some(Value::Object(map)) = u.get_mut("orgRoles") {
                map.insert(org.to_string(), roles);
            }
        }
    }

    fn render_user(&self, u: &Obj, org: &str) -> Obj {
        let mut out = Obj::new();
        for k in [
            "id",
            "fullName",
            "username",
            "avatarUrl",
            "status",
            "createdAt",
            "updatedAt",
        ] {
            if let Some(v) = u.get(k) {
                put(&mut out, k, v.clone());
            }
        }
        if let Some(Value::Object(r)) = roles_in(u, org) {
            for (k, v) in r {
                put(&mut out, k, v.clone());
            }
        }
        out
    }

    pub fn list_users(&self, org: &str, query: &Value) -> Value {
        let ws = s(query, "workspaceId");
        let dep = s(query, "deploymentId");
        let items: Vec<&Obj> = self
            .users
            .iter()
            .filter(|u| roles_in(u, org).is_some())
            .filter(|u| ws.is_none_or(|w| has_role_on(u, org, "workspaceRoles", "workspaceId", w)))
            .filter(|u| {
                dep.is_none_or(|d| has_role_on(u, org, "deploymentRoles", "deploymentId", d))
            })
            .collect();
        page(
            items,
            query,
            "users",
            |u: &&Obj| *u,
            |u| self.render_user(u, org),
        )
    }

    pub fn get_user(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.org_user_index(org, id)?;
        let u = self.users.get(i).ok_or_else(|| not_found("User", id))?;
        Ok(Value::Object(self.render_user(u, org)))
    }

    /// Checks the role lists of an update body: their Workspaces and Deployments must exist.
    pub(crate) fn check_role_lists(&self, org: &str, body: &Value) -> Result<(), ApiError> {
        if let Some(role) = s(body, "organizationRole") {
            if !ORGANIZATION_ROLES.contains(&role) {
                return Err(bad_field(
                    "organizationRole",
                    format!("'{role}' is not an Organization role"),
                ));
            }
        }
        for (key, field) in [
            ("workspaceRoles", "workspaceId"),
            ("deploymentRoles", "deploymentId"),
            ("dagRoles", "deploymentId"),
        ] {
            for (n, r) in body
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let id = s(r, field).unwrap_or_default();
                let exists = if field == "workspaceId" {
                    self.workspace(org, id).is_some()
                } else {
                    self.deployment_index(org, id).is_ok()
                };
                if !exists {
                    return Err(bad_field(
                        &format!("{key}[{n}].{field}"),
                        format!("'{id}' is not in this Organization"),
                    ));
                }
                if key == "deploymentRoles"
                    && !super::tokens::DEPLOYMENT_ROLES.contains(&s(r, "role").unwrap_or_default())
                    && !self
                        .custom_roles
                        .iter()
                        .any(|c| Some(sget(c, "id")) == s(r, "role"))
                {
                    return Err(bad_field(
                        &format!("{key}[{n}].role"),
                        "is neither DEPLOYMENT_ADMIN nor a custom role id",
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn update_user_roles(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.org_user_index(org, id)?;
        self.check_role_lists(org, body)?;
        let u = self.users.get_mut(i).ok_or_else(|| not_found("User", id))?;
        let Some(Value::Object(roles)) = u.get_mut("orgRoles").and_then(|r| r.get_mut(org)) else {
            return Err(not_found("User", id));
        };
        if let Some(role) = body.get("organizationRole") {
            roles.insert("organizationRole".into(), role.clone());
        }
        for k in ROLE_KEYS {
            roles.insert(k.into(), body.get(k).cloned().unwrap_or(json!([])));
        }
        let out = Value::Object(roles.clone());
        put(u, "updatedAt", json!(ctx.now()));
        Ok(out)
    }

    pub fn list_user_teams(&self, org: &str, id: &str, query: &Value) -> Result<Value, ApiError> {
        self.org_user_index(org, id)?;
        let items: Vec<&Obj> = self
            .teams
            .iter()
            .filter(|t| sget(t, "organizationId") == org)
            .filter(|t| {
                t.get("memberIds")
                    .and_then(Value::as_array)
                    .is_some_and(|m| m.iter().any(|m| m.as_str() == Some(id)))
            })
            .collect();
        Ok(page(
            items,
            query,
            "teams",
            |t: &&Obj| *t,
            |t| {
                let mut out = self.render_team(t);
                for k in [
                    "organizationId",
                    "createdAt",
                    "updatedAt",
                    "createdBy",
                    "updatedBy",
                ] {
                    out.remove(k);
                }
                out
            },
        ))
    }

    // ---------------------------------------------------------------------------- invites

    pub fn create_user_invite(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let email = s(body, "inviteeEmail").unwrap_or_default().to_string();
        if !email.contains('@') {
            return Err(bad_field(
                "inviteeEmail",
                format!("'{email}' is not an email address"),
            ));
        }
        let role = s(body, "role").unwrap_or("ORGANIZATION_MEMBER").to_string();
        let existing = self
            .users
            .iter()
            .find(|u| sget(u, "username").eq_ignore_ascii_case(&email))
            .map(|u| sget(u, "id").to_string());
        let user_id = match existing {
            Some(id) if self.org_user_index(org, &id).is_ok() => {
                return Err(bad_field(
                    "inviteeEmail",
                    format!("{email} is already a member of this Organization"),
                ));
            }
            Some(id) => id,
            None => {
                let id = ctx.id();
                let name = email.split('@').next().unwrap_or_default().to_string();
                self.users
                    .push(user_doc(&id, &name, &email, "PENDING", &ctx.now()));
                id
            }
        };
        self.set_org_roles(&user_id, org, &role);
        let mut invite = Obj::new();
        put(&mut invite, "inviteId", json!(ctx.id()));
        put(
            &mut invite,
            "invitee",
            json!({ "id": user_id, "subjectType": "USER", "username": email }),
        );
        put(&mut invite, "inviter", ctx.subject.clone());
        put(&mut invite, "organizationId", json!(org));
        put(&mut invite, "organizationName", json!(self.org_name(org)));
        put(
            &mut invite,
            "expiresAt",
            json!(rfc3339(ctx.now_ms.saturating_add(7 * DAY_MS))),
        );
        put(&mut invite, "userId", json!(user_id));
        self.invites.push(invite.clone());
        Ok(Value::Object(invite))
    }

    /// Withdraws an invite; an invitee who has not joined leaves the Organization again.
    pub fn delete_user_invite(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self
            .invites
            .iter()
            .position(|v| sget(v, "inviteId") == id && sget(v, "organizationId") == org)
            .ok_or_else(|| not_found("Invite", id))?;
        let invite = self.invites.remove(i);
        let user = sget(&invite, "userId");
        if let Some(u) = self
            .users
            .iter_mut()
            .find(|u| sget(u, "id") == user && sget(u, "status") == "PENDING")
        {
            if let Some(Value::Object(map)) = u.get_mut("orgRoles") {
                map.remove(org);
            }
        }
        Ok(())
    }

    // ---------------------------------------------------------------------- the caller

    /// `SelfUser` of `user`; `org` narrows the roles to one Organization.
    pub fn self_user(&self, user: &str, org: Option<&str>) -> Result<Value, ApiError> {
        let u = self
            .user(user)
            .ok_or_else(|| ApiError::new(401, "The user of this token no longer exists"))?;
        let mut out = Obj::new();
        for k in [
            "id",
            "fullName",
            "username",
            "avatarUrl",
            "status",
            "createdAt",
            "updatedAt",
        ] {
            if let Some(v) = u.get(k) {
                put(&mut out, k, v.clone());
            }
        }
        let mut roles = Vec::new();
        if let Some(Value::Object(map)) = u.get("orgRoles") {
            for (o, r) in map
                .iter()
                .filter(|(o, _)| org.is_none_or(|want| want == o.as_str()))
            {
                if let Some(role) = s(r, "organizationRole") {
                    roles.push(
                        json!({ "role": role, "scope": { "type": "ORGANIZATION", "entityId": o } }),
                    );
                }
                for (key, field, kind) in [
                    ("workspaceRoles", "workspaceId", "WORKSPACE"),
                    ("deploymentRoles", "deploymentId", "DEPLOYMENT"),
                ] {
                    for x in r
                        .get(key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                    {
                        roles.push(json!({ "role": s(&x, "role").unwrap_or_default(),
                            "scope": { "type": kind, "entityId": s(&x, field).unwrap_or_default() } }));
                    }
                }
            }
        }
        put(&mut out, "roles", Value::Array(roles));
        let invites: Vec<Value> = self
            .invites
            .iter()
            .filter(|v| sget(v, "userId") == user)
            .map(|v| json!({ "inviteId": sget(v, "inviteId"), "organizationId": sget(v, "organizationId"), "expiresAt": sget(v, "expiresAt") }))
            .collect();
        put(&mut out, "invites", Value::Array(invites));
        put(&mut out, "featureFlags", json!([]));
        put(&mut out, "isIdpManaged", json!(false));
        if let Some(o) = org {
            put(&mut out, "organizationId", json!(o));
        }
        Ok(Value::Object(out))
    }

    /// SubjectRoles of a role holder document (team or user roles).
    pub(crate) fn roles_of(doc: &Obj) -> Value {
        let mut out = Obj::new();
        for k in [
            "organizationRole",
            "workspaceRoles",
            "deploymentRoles",
            "dagRoles",
        ] {
            if let Some(v) = doc.get(k) {
                put(&mut out, k, v.clone());
            }
        }
        Value::Object(out)
    }
}
