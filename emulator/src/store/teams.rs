//! Teams: members and roles.

use serde_json::{json, Value};

use super::tokens::ORGANIZATION_ROLES;
use super::*;

fn member_ids(t: &Obj) -> Vec<String> {
    t.get("memberIds")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn count(t: &Obj, key: &str) -> usize {
    t.get(key)
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0)
}

impl Db {
    fn team_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.teams
            .iter()
            .position(|t| sget(t, "id") == id && sget(t, "organizationId") == org)
            .ok_or_else(|| not_found("Team", id))
    }

    pub(crate) fn render_team(&self, t: &Obj) -> Obj {
        let mut out = t.clone();
        out.remove("memberIds");
        let roles = count(t, "workspaceRoles") + count(t, "deploymentRoles") + count(t, "dagRoles");
        put(&mut out, "rolesCount", json!(roles + 1));
        out
    }

    /// Every id in `field` must be a user of `org`.
    fn check_members(&self, org: &str, body: &Value, field: &str) -> Result<Vec<String>, ApiError> {
        let ids = query_strings(body, field).unwrap_or_default();
        for (n, id) in ids.iter().enumerate() {
            if self.org_user_index(org, id).is_err() {
                return Err(bad_field(
                    &format!("{field}[{n}]"),
                    format!("user '{id}' is not a member of this Organization"),
                ));
            }
        }
        Ok(ids)
    }

    pub fn list_teams(&self, org: &str, query: &Value) -> Value {
        let names = query_strings(query, "names");
        let ws = s(query, "workspaceId");
        let dep = s(query, "deploymentId");
        let on = |t: &Obj, key: &str, field: &str, id: &str| {
            t.get(key)
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|r| s(r, field) == Some(id)))
        };
        let items: Vec<&Obj> = self
            .teams
            .iter()
            .filter(|t| sget(t, "organizationId") == org)
            .filter(|t| {
                names
                    .as_ref()
                    .is_none_or(|n| n.iter().any(|n| n == sget(t, "name")))
            })
            .filter(|t| ws.is_none_or(|w| on(t, "workspaceRoles", "workspaceId", w)))
            .filter(|t| dep.is_none_or(|d| on(t, "deploymentRoles", "deploymentId", d)))
            .collect();
        page(
            items,
            query,
            "teams",
            |t: &&Obj| *t,
            |t| self.render_team(t),
        )
    }

    pub fn create_team(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let name = s(body, "name").unwrap_or_default();
        if self
            .teams
            .iter()
            .any(|t| sget(t, "organizationId") == org && sget(t, "name") == name)
        {
            return Err(bad_field(
                "name",
                format!("a Team named '{name}' already exists"),
            ));
        }
        let members = self.check_members(org, body, "memberIds")?;
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(ctx.id()));
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "name", json!(name));
        put(
            &mut doc,
            "description",
            body.get("description").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "isIdpManaged", json!(false));
        put(
            &mut doc,
            "organizationRole",
            json!(s(body, "organizationRole").unwrap_or("ORGANIZATION_MEMBER")),
        );
        for k in ["workspaceRoles", "deploymentRoles", "dagRoles"] {
            put(&mut doc, k, json!([]));
        }
        put(&mut doc, "memberIds", json!(members));
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let out = self.render_team(&doc);
        self.teams.push(doc);
        Ok(Value::Object(out))
    }

    pub fn get_team(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.team_index(org, id)?;
        let t = self.teams.get(i).ok_or_else(|| not_found("Team", id))?;
        Ok(Value::Object(self.render_team(t)))
    }

    fn touch_team(&mut self, i: usize, ctx: &Ctx) -> Result<&mut Obj, ApiError> {
        let t = self
            .teams
            .get_mut(i)
            .ok_or_else(|| ApiError::new(404, "Team not found"))?;
        put(t, "updatedAt", json!(ctx.now()));
        put(t, "updatedBy", ctx.subject.clone());
        Ok(t)
    }

    pub fn update_team(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.team_index(org, id)?;
        let t = self.touch_team(i, ctx)?;
        copy_opt(t, body, "name");
        copy_opt(t, body, "description");
        let t = t.clone();
        Ok(Value::Object(self.render_team(&t)))
    }

    pub fn delete_team(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.team_index(org, id)?;
        self.teams.remove(i);
        Ok(())
    }

    pub fn list_team_members(&self, org: &str, id: &str, query: &Value) -> Result<Value, ApiError> {
        let i = self.team_index(org, id)?;
        let t = self.teams.get(i).ok_or_else(|| not_found("Team", id))?;
        let members: Vec<Obj> = member_ids(t)
            .iter()
            .filter_map(|m| self.user(m))
            .map(|u| {
                let mut m = Obj::new();
                put(&mut m, "userId", json!(sget(u, "id")));
                for k in ["username", "fullName", "avatarUrl", "createdAt"] {
                    if let Some(v) = u.get(k) {
                        put(&mut m, k, v.clone());
                    }
                }
                m
            })
            .collect();
        Ok(page(members, query, "teamMembers", |m: &Obj| m, |m| m))
    }

    pub fn add_team_members(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<(), ApiError> {
        let i = self.team_index(org, id)?;
        let add = self.check_members(org, body, "memberIds")?;
        let t = self.touch_team(i, ctx)?;
        let mut ids = member_ids(t);
        for m in add {
            if !ids.contains(&m) {
                ids.push(m);
            }
        }
        put(t, "memberIds", json!(ids));
        Ok(())
    }

    pub fn remove_team_member(
        &mut self,
        org: &str,
        id: &str,
        member: &str,
        ctx: &Ctx,
    ) -> Result<(), ApiError> {
        let i = self.team_index(org, id)?;
        let t = self.touch_team(i, ctx)?;
        let mut ids = member_ids(t);
        let before = ids.len();
        ids.retain(|m| m != member);
        if ids.len() == before {
            return Err(ApiError::new(
                404,
                format!("User '{member}' is not a member of Team '{id}'"),
            ));
        }
        put(t, "memberIds", json!(ids));
        Ok(())
    }

    pub fn update_team_roles(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.team_index(org, id)?;
        let role = s(body, "organizationRole").unwrap_or_default();
        if !ORGANIZATION_ROLES.contains(&role) {
            return Err(bad_field(
                "organizationRole",
                format!("'{role}' is not an Organization role"),
            ));
        }
        self.check_role_lists(org, body)?;
        let t = self.touch_team(i, ctx)?;
        put(t, "organizationRole", json!(role));
        for k in ["workspaceRoles", "deploymentRoles", "dagRoles"] {
            put(t, k, body.get(k).cloned().unwrap_or(json!([])));
        }
        Ok(Db::roles_of(t))
    }
}
