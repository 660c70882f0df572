//! Custom roles, the built-in (default) roles and role templates, and permission groups.

use serde_json::{json, Value};

use super::*;

/// Permission groups: (name, scope, description, [(action, description)]).
type Group = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

pub const PERMISSION_GROUPS: &[Group] = &[
    (
        "Organization",
        "ORGANIZATION",
        "Manage the Organization, its members and its settings",
        &[
            ("organization.get", "Read the Organization"),
            ("organization.update", "Change the Organization's settings"),
            ("organization.users.list", "List the Organization's users"),
            (
                "organization.teams.manage",
                "Create, change and delete Teams",
            ),
            (
                "organization.apiTokens.manage",
                "Create, rotate and delete Organization API tokens",
            ),
            ("organization.auditLogs.get", "Export the audit logs"),
        ],
    ),
    (
        "Workspace",
        "WORKSPACE",
        "Manage a Workspace and what runs in it",
        &[
            ("workspace.get", "Read the Workspace"),
            ("workspace.update", "Change the Workspace"),
            (
                "workspace.deployments.list",
                "List the Workspace's Deployments",
            ),
            (
                "workspace.deployments.create",
                "Create Deployments in the Workspace",
            ),
            (
                "workspace.environmentObjects.manage",
                "Manage the Workspace's environment objects",
            ),
        ],
    ),
    (
        "Deployment",
        "DEPLOYMENT",
        "Operate a Deployment",
        &[
            ("deployment.get", "Read the Deployment"),
            ("deployment.update", "Change the Deployment's configuration"),
            ("deployment.delete", "Delete the Deployment"),
            ("deployment.deploys.create", "Deploy code and images"),
            ("deployment.logs.get", "Read the Deployment's logs"),
            ("deployment.agentTokens.manage", "Manage agent tokens"),
            (
                "deployment.hibernation.update",
                "Hibernate and wake the Deployment",
            ),
        ],
    ),
    (
        "DAG",
        "DAG",
        "Work with the DAGs of a Deployment",
        &[
            ("dag.get", "Read DAGs and their runs"),
            ("dag.trigger", "Trigger DAG runs"),
            ("dag.pause", "Pause and unpause DAGs"),
        ],
    ),
];

/// Built-in roles: (name, scope, description, permissions).
type Builtin = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

pub const DEFAULT_ROLES: &[Builtin] = &[
    (
        "ORGANIZATION_OWNER",
        "ORGANIZATION",
        "Full control of the Organization",
        &[
            "organization.get",
            "organization.update",
            "organization.users.list",
            "organization.teams.manage",
            "organization.apiTokens.manage",
            "organization.auditLogs.get",
        ],
    ),
    (
        "ORGANIZATION_BILLING_ADMIN",
        "ORGANIZATION",
        "Billing and usage",
        &["organization.get", "organization.update"],
    ),
    (
        "ORGANIZATION_OBSERVE_ADMIN",
        "ORGANIZATION",
        "Manage observability",
        &["organization.get", "organization.users.list"],
    ),
    (
        "ORGANIZATION_OBSERVE_MEMBER",
        "ORGANIZATION",
        "Read observability",
        &["organization.get"],
    ),
    (
        "ORGANIZATION_MEMBER",
        "ORGANIZATION",
        "Read the Organization",
        &["organization.get"],
    ),
    (
        "WORKSPACE_OWNER",
        "WORKSPACE",
        "Full control of a Workspace",
        &[
            "workspace.get",
            "workspace.update",
            "workspace.deployments.list",
            "workspace.deployments.create",
            "workspace.environmentObjects.manage",
        ],
    ),
    (
        "WORKSPACE_OPERATOR",
        "WORKSPACE",
        "Operate a Workspace's Deployments",
        &[
            "workspace.get",
            "workspace.deployments.list",
            "workspace.deployments.create",
            "workspace.environmentObjects.manage",
        ],
    ),
    (
        "WORKSPACE_AUTHOR",
        "WORKSPACE",
        "Deploy code to a Workspace",
        &["workspace.get", "workspace.deployments.list"],
    ),
    (
        "WORKSPACE_MEMBER",
        "WORKSPACE",
        "Read a Workspace",
        &["workspace.get", "workspace.deployments.list"],
    ),
    (
        "WORKSPACE_ACCESSOR",
        "WORKSPACE",
        "See a Workspace exists",
        &["workspace.get"],
    ),
    (
        "DEPLOYMENT_ADMIN",
        "DEPLOYMENT",
        "Full control of a Deployment",
        &[
            "deployment.get",
            "deployment.update",
            "deployment.delete",
            "deployment.deploys.create",
            "deployment.logs.get",
            "deployment.agentTokens.manage",
            "deployment.hibernation.update",
        ],
    ),
    (
        "DAG_AUTHOR",
        "DAG",
        "Work with a Deployment's DAGs",
        &["dag.get", "dag.trigger", "dag.pause"],
    ),
    (
        "DAG_VIEWER",
        "DAG",
        "Read a Deployment's DAGs",
        &["dag.get"],
    ),
];

fn scope_types(query: &Value) -> Option<Vec<String>> {
    query_strings(query, "scopeTypes")
}

fn default_role(r: &Builtin) -> Value {
    json!({ "name": r.0, "scopeType": r.1, "description": r.2, "permissions": r.3 })
}

impl Db {
    fn custom_role_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.custom_roles
            .iter()
            .position(|c| sget(c, "id") == id && sget(c, "organizationId") == org)
            .ok_or_else(|| not_found("Custom role", id))
    }

    fn render_custom_role(c: &Obj) -> Obj {
        let mut out = c.clone();
        out.remove("organizationId");
        out
    }

    /// Permissions must exist in the permission group of the role's scope.
    fn check_permissions(scope: &str, body: &Value) -> Result<(), ApiError> {
        let known: Vec<&str> = PERMISSION_GROUPS
            .iter()
            .filter(|g| g.1 == scope)
            .flat_map(|g| g.3.iter().map(|p| p.0))
            .collect();
        for (n, p) in query_strings(body, "permissions")
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if !known.contains(&p.as_str()) {
                return Err(bad_field(
                    &format!("permissions[{n}]"),
                    format!("'{p}' is not a {scope} permission (see listPermissionGroups)"),
                ));
            }
        }
        Ok(())
    }

    fn check_restricted(&self, org: &str, body: &Value) -> Result<(), ApiError> {
        for (n, w) in query_strings(body, "restrictedWorkspaceIds")
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if self.workspace(org, w).is_none() {
                return Err(bad_field(
                    &format!("restrictedWorkspaceIds[{n}]"),
                    format!("Workspace '{w}' is not in this Organization"),
                ));
            }
        }
        Ok(())
    }

    pub fn list_roles(&self, org: &str, query: &Value) -> Value {
        let scopes = scope_types(query);
        let wanted = |scope: &str| scopes.as_ref().is_none_or(|l| l.iter().any(|x| x == scope));
        let items: Vec<&Obj> = self
            .custom_roles
            .iter()
            .filter(|c| sget(c, "organizationId") == org && wanted(sget(c, "scopeType")))
            .collect();
        let mut out = page(
            items,
            query,
            "roles",
            |c: &&Obj| *c,
            |c| {
                let mut r = Self::render_custom_role(c);
                r.remove("permissions");
                r
            },
        );
        if b(query, "includeDefaultRoles") {
            let defaults: Vec<Value> = DEFAULT_ROLES
                .iter()
                .filter(|r| wanted(r.1))
                .map(default_role)
                .collect();
            if let Some(o) = out.as_object_mut() {
                o.insert("defaultRoles".into(), Value::Array(defaults));
            }
        }
        out
    }

    pub fn list_role_templates(query: &Value) -> Value {
        let scopes = scope_types(query);
        Value::Array(
            DEFAULT_ROLES
                .iter()
                .filter(|r| scopes.as_ref().is_none_or(|l| l.iter().any(|x| x == r.1)))
                .map(default_role)
                .collect(),
        )
    }

    pub fn list_permission_groups(query: &Value) -> Value {
        let scope = s(query, "scopeType");
        Value::Array(
            PERMISSION_GROUPS
                .iter()
                .filter(|g| scope.is_none_or(|want| want == g.1))
                .map(|g| {
                    let perms: Vec<Value> =
                        g.3.iter()
                            .map(|p| json!({ "action": p.0, "description": p.1 }))
                            .collect();
                    json!({ "name": g.0, "scope": g.1, "description": g.2, "permissions": perms })
                })
                .collect(),
        )
    }

    pub fn create_custom_role(
        &mut self,
        org: &str,
        body: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        let scope = s(body, "scopeType").unwrap_or_default();
        if scope != "DEPLOYMENT" {
            // Role.scopeType (the answer) has no DAG, so a DAG role could not be shown.
            return Err(bad_field(
                "scopeType",
                format!("the emulator makes DEPLOYMENT custom roles only, not {scope}"),
            ));
        }
        Self::check_permissions(scope, body)?;
        self.check_restricted(org, body)?;
        let name = s(body, "name").unwrap_or_default();
        if self
            .custom_roles
            .iter()
            .any(|c| sget(c, "organizationId") == org && sget(c, "name") == name)
        {
            return Err(bad_field(
                "name",
                format!("a custom role named '{name}' already exists"),
            ));
        }
        let mut doc = Obj::new();
        put(&mut doc, "id", json!(ctx.id()));
        put(&mut doc, "organizationId", json!(org));
        put(&mut doc, "name", json!(name));
        put(
            &mut doc,
            "description",
            body.get("description").cloned().unwrap_or(json!("")),
        );
        put(&mut doc, "scopeType", json!(scope));
        put(
            &mut doc,
            "permissions",
            body.get("permissions").cloned().unwrap_or(json!([])),
        );
        put(
            &mut doc,
            "restrictedWorkspaceIds",
            body.get("restrictedWorkspaceIds")
                .cloned()
                .unwrap_or(json!([])),
        );
        put(&mut doc, "createdAt", json!(ctx.now()));
        put(&mut doc, "updatedAt", json!(ctx.now()));
        put(&mut doc, "createdBy", ctx.subject.clone());
        put(&mut doc, "updatedBy", ctx.subject.clone());
        let out = Self::render_custom_role(&doc);
        self.custom_roles.push(doc);
        Ok(Value::Object(out))
    }

    pub fn get_custom_role(&self, org: &str, id: &str) -> Result<Value, ApiError> {
        let i = self.custom_role_index(org, id)?;
        let c = self
            .custom_roles
            .get(i)
            .ok_or_else(|| not_found("Custom role", id))?;
        Ok(Value::Object(Self::render_custom_role(c)))
    }

    pub fn update_custom_role(
        &mut self,
        org: &str,
        id: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.custom_role_index(org, id)?;
        let scope = self
            .custom_roles
            .get(i)
            .map(|c| sget(c, "scopeType").to_string())
            .unwrap_or_default();
        Self::check_permissions(&scope, body)?;
        self.check_restricted(org, body)?;
        let c = self
            .custom_roles
            .get_mut(i)
            .ok_or_else(|| not_found("Custom role", id))?;
        for k in [
            "name",
            "description",
            "permissions",
            "restrictedWorkspaceIds",
        ] {
            copy_opt(c, body, k);
        }
        put(c, "updatedAt", json!(ctx.now()));
        put(c, "updatedBy", ctx.subject.clone());
        Ok(Value::Object(Self::render_custom_role(c)))
    }

    /// Refused (400) while an API token or a role assignment still uses the role.
    pub fn delete_custom_role(&mut self, org: &str, id: &str) -> Result<(), ApiError> {
        let i = self.custom_role_index(org, id)?;
        let used = self.tokens.iter().any(|t| {
            t.organization_id == org
                && t.doc
                    .get("roles")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|r| s(r, "role") == Some(id)))
        });
        if used {
            return Err(ApiError::new(
                400,
                format!("Custom role '{id}' is still assigned to an API token"),
            ));
        }
        self.custom_roles.remove(i);
        Ok(())
    }
}
