//! The 20 operations of the Astro Platform API v1beta1.

use serde_json::Value;

use super::{not_implemented, Call, Reply};
use crate::error::ApiError;
use crate::render;
use crate::spec::ApiVersion;
use crate::store::{Ctx, Db};

pub fn run(db: &mut Db, call: &Call<'_>, ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let (org, q, body) = (call.org, call.query, call.body);
    let p = |name: &str| call.param(name);
    let deployment = |mut v: Value| {
        render::v1beta1_deployment(&mut v);
        Reply::Json(v)
    };
    Ok(match call.op {
        "listOrganizations" => {
            let scope = call.caller.reach.organization().map(str::to_string);
            let visible = |id: &str| scope.as_deref().is_none_or(|s| s == id);
            db.list_organizations(&visible, q).into()
        }
        "getOrganization" => db.get_organization(org, q)?.into(),
        "updateOrganization" => db.update_organization(org, body, ctx)?.into(),
        "listClusters" => db.list_clusters(org, q, ctx).into(),
        "createCluster" => db.create_cluster(org, body, ctx)?.into(),
        "getCluster" => db.get_cluster(org, &p("clusterId"), ctx)?.into(),
        "updateCluster" => db.update_cluster(org, &p("clusterId"), body, ctx)?.into(),
        "deleteCluster" => db
            .delete_cluster(org, &p("clusterId"))
            .map(|_| Reply::NoContent)?,
        "getClusterOptions" => Db::cluster_options(q).into(),
        "getDeploymentOptions" => db.deployment_options(org, q)?.into(),
        "listWorkspaces" => db.list_workspaces(org, q).into(),
        "createWorkspace" => db.create_workspace(org, body, ctx)?.into(),
        "getWorkspace" => db.get_workspace(org, &p("workspaceId"))?.into(),
        "updateWorkspace" => db
            .update_workspace(org, &p("workspaceId"), body, ctx)?
            .into(),
        "deleteWorkspace" => db
            .delete_workspace(org, &p("workspaceId"))
            .map(|_| Reply::NoContent)?,
        "listDeployments" => {
            let mut page = db.list_deployments(org, q, ctx);
            render::each(&mut page, "deployments", render::v1beta1_deployment);
            page.into()
        }
        "createDeployment" => deployment(db.create_deployment(org, body, ctx)?),
        "getDeployment" => deployment(db.get_deployment(org, &p("deploymentId"), ctx)?),
        "updateDeployment" => {
            deployment(db.update_deployment(org, &p("deploymentId"), body, ctx)?)
        }
        "deleteDeployment" => db
            .delete_deployment(org, &p("deploymentId"))
            .map(|_| Reply::NoContent)?,
        other => return Err(not_implemented(ApiVersion::V1Beta1, other)),
    })
}
