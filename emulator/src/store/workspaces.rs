//! Workspaces.

use serde_json::{json, Value};

use super::*;

impl Db {
    // ---------------------------------------------------------------------- workspaces

    pub(crate) fn render_workspace(&self, w: &Obj) -> Obj {
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
            .filter(|w| name_in(query, w))
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
        // v1 only.
        for k in ["defaultCloudProvider", "defaultClusterId", "defaultRegion"] {
            copy_opt(&mut doc, body, k);
        }
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
        for k in [
            "name",
            "description",
            "cicdEnforcedDefault",
            "defaultCloudProvider",
            "defaultClusterId",
            "defaultRegion",
        ] {
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
}
