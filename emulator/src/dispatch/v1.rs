//! The 75 operations of the Astro API v1. Organizations, clusters, Workspaces and Deployments
//! are the records v1beta1 serves too, rendered for v1 here.

use serde_json::{json, Value};

use super::{not_implemented, Call, Reply};
use crate::error::{bad_field, ApiError};
use crate::render;
use crate::spec::ApiVersion;
use crate::store::{Ctx, Db};
use crate::util::parse_rfc3339;

fn no_content(r: Result<(), ApiError>) -> Result<Reply, ApiError> {
    r.map(|_| Reply::NoContent)
}

/// v1 bodies may leave out what v1beta1 requires: the defaults the server applies.
fn deployment_defaults(body: &Value) -> Value {
    let mut body = body.clone();
    if let Some(o) = body.as_object_mut() {
        let latest = crate::catalog::RUNTIME_RELEASES
            .last()
            .map(|r| r.version)
            .unwrap_or("10.0.0");
        o.entry("astroRuntimeVersion").or_insert(json!(latest));
        o.entry("executor").or_insert(json!("CELERY"));
        o.entry("isDagDeployEnabled").or_insert(json!(true));
    }
    body
}

fn date(query: &Value, key: &str) -> Result<Option<u64>, ApiError> {
    match query.get(key).and_then(Value::as_str) {
        None => Ok(None),
        Some(t) => parse_rfc3339(t)
            .map(Some)
            .ok_or_else(|| bad_field(key, format!("'{t}' is not an RFC 3339 date-time"))),
    }
}

pub fn run(db: &mut Db, call: &Call<'_>, ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let (org, q, body) = (call.org, call.query, call.body);
    let p = |name: &str| call.param(name);
    let now = ctx.now_ms;
    macro_rules! deployment {
        ($e:expr) => {{
            let mut v = $e;
            render::v1_deployment(&mut v, db, now);
            Reply::Json(v)
        }};
    }
    macro_rules! organization {
        ($e:expr) => {{
            let mut v = $e;
            render::v1_organization(&mut v, db);
            Reply::Json(v)
        }};
    }
    macro_rules! cluster {
        ($e:expr) => {{
            let mut v = $e;
            render::v1_cluster(&mut v);
            Reply::Json(v)
        }};
    }
    Ok(match call.op {
        // ------------------------------------------------------------------ organizations
        "listOrganizations" => {
            let scope = call.caller.reach.organization().map(str::to_string);
            let visible = |id: &str| scope.as_deref().is_none_or(|s| s == id);
            let mut query = q.clone();
            if let (Some(o), Some(plan)) = (query.as_object_mut(), q.get("productPlan")) {
                o.insert("supportPlan".into(), plan.clone());
            }
            let mut page = db.list_organizations(&visible, &query);
            render::each(&mut page, "organizations", |o| render::v1_organization(o, db));
            page.into()
        }
        // v1's Organization requires every field, so isLookUpOnly does not trim the answer.
        "getOrganization" => organization!(db.get_organization(org, &json!({}))?),
        "updateOrganization" => organization!(db.update_organization(org, body, ctx)?),
        "getOrganizationAuditLogs" => {
            let bytes = call.audit.export(org, date(q, "startDate")?, date(q, "endDate")?).map_err(|e| ApiError::new(500, e))?;
            Reply::Bytes { content_type: "application/x-ndjson", encoding: Some("gzip"), bytes }
        }
        "listAllowedIpAddressRanges" => db.list_allowed_ip_ranges(org, q).into(),
        "createAllowedIpAddressRange" => db.create_allowed_ip_range(org, body, ctx)?.into(),
        "bulkCreateAllowedIpAddressRanges" => db.bulk_create_allowed_ip_ranges(org, body, ctx)?.into(),
        "bulkDeleteAllowedIpAddressRanges" => no_content(db.bulk_delete_allowed_ip_ranges(org, body))?,
        "deleteAllowedIpAddressRange" => no_content(db.delete_allowed_ip_range(org, &p("allowedIpAddressRangeId")))?,
        // ----------------------------------------------------------------------- clusters
        "getClusterOptions" => Db::cluster_options(q).into(),
        "listClusters" => {
            let mut page = db.list_clusters(org, q, ctx);
            render::each(&mut page, "clusters", render::v1_cluster);
            page.into()
        }
        "createCluster" => cluster!(db.create_cluster(org, body, ctx)?),
        "getCluster" => cluster!(db.get_cluster(org, &p("clusterId"), ctx)?),
        "updateCluster" => cluster!(db.update_cluster(org, &p("clusterId"), body, ctx)?),
        "deleteCluster" => no_content(db.delete_cluster(org, &p("clusterId")))?,
        // -------------------------------------------------------------------- deployments
        "getDeploymentOptions" => {
            let mut opts = db.deployment_options(org, q)?;
            render::v1_deployment_options(&mut opts);
            opts.into()
        }
        "listDeployments" => {
            let mut page = db.list_deployments(org, q, ctx);
            render::each(&mut page, "deployments", |d| render::v1_deployment(d, db, now));
            page.into()
        }
        "createDeployment" => deployment!(db.create_deployment(org, &deployment_defaults(body), ctx)?),
        "getDeployment" => deployment!(db.get_deployment(org, &p("deploymentId"), ctx)?),
        "updateDeployment" => deployment!(db.update_deployment(org, &p("deploymentId"), body, ctx)?),
        "deleteDeployment" => no_content(db.delete_deployment(org, &p("deploymentId")))?,
        "updateDeploymentHibernationOverride" => db.set_hibernation_override(org, &p("deploymentId"), body, ctx)?.into(),
        "deleteDeploymentHibernationOverride" => no_content(db.delete_hibernation_override(org, &p("deploymentId"), ctx))?,
        "getDeploymentLogs" => db.deployment_logs(org, &p("deploymentId"), q, ctx)?.into(),
        "listDeploys" => db.list_deploys(org, &p("deploymentId"), q)?.into(),
        "createDeploy" => db.create_deploy(org, &p("deploymentId"), body, ctx)?.into(),
        "getDeploy" => db.get_deploy(org, &p("deploymentId"), &p("deployId"))?.into(),
        "updateDeploy" => db.update_deploy(org, &p("deploymentId"), &p("deployId"), body, ctx)?.into(),
        "finalizeDeploy" => db.finalize_deploy(org, &p("deploymentId"), &p("deployId"), body, ctx)?.into(),
        "deployRollback" => db.deploy_rollback(org, &p("deploymentId"), &p("deployId"), body, ctx)?.into(),
        "listAgentTokens" => db.list_agent_tokens(org, &p("deploymentId"), q)?.into(),
        "createAgentToken" => db.create_agent_token(org, &p("deploymentId"), body, ctx)?.into(),
        "getAgentToken" => db.get_agent_token(org, &p("deploymentId"), &p("agentTokenId"))?.into(),
        "deleteAgentToken" => no_content(db.delete_agent_token(org, &p("deploymentId"), &p("agentTokenId")))?,
        // --------------------------------------------------------------------- workspaces
        "listWorkspaces" => db.list_workspaces(org, q).into(),
        "createWorkspace" => db.create_workspace(org, body, ctx)?.into(),
        "getWorkspace" => db.get_workspace(org, &p("workspaceId"))?.into(),
        "updateWorkspace" => db.update_workspace(org, &p("workspaceId"), body, ctx)?.into(),
        "deleteWorkspace" => no_content(db.delete_workspace(org, &p("workspaceId")))?,
        // ------------------------------------------------------------ environment objects
        "listEnvironmentObjects" => db.list_environment_objects(org, q)?.into(),
        "createEnvironmentObject" => db.create_environment_object(org, body, ctx)?.into(),
        "getEnvironmentObject" => db.get_environment_object(org, &p("environmentObjectId"))?.into(),
        "updateEnvironmentObject" => db.update_environment_object(org, &p("environmentObjectId"), body, ctx)?.into(),
        "deleteEnvironmentObject" => no_content(db.delete_environment_object(org, &p("environmentObjectId")))?,
        "excludeLinkingEnvironmentObject" => {
            no_content(db.exclude_linking_environment_object(org, &p("environmentObjectId"), body, ctx))?
        }
        // --------------------------------------------------------------------- API tokens
        "listApiTokens" => db.list_api_tokens(org, q).into(),
        "createApiToken" => db.create_api_token(org, body, ctx)?.into(),
        "getApiToken" => db.get_api_token(org, &p("tokenId"))?.into(),
        "updateApiToken" => db.update_api_token(org, &p("tokenId"), body, ctx)?.into(),
        "updateApiTokenRoles" => db.update_api_token_roles(org, &p("tokenId"), body, ctx)?.into(),
        "rotateApiToken" => db.rotate_api_token(org, &p("tokenId"), ctx)?.into(),
        "deleteApiToken" => no_content(db.delete_api_token(org, &p("tokenId")))?,
        // ------------------------------------------------------------- users, invites, me
        "listUsers" => db.list_users(org, q).into(),
        "getUser" => db.get_user(org, &p("userId"))?.into(),
        "updateUserRoles" => db.update_user_roles(org, &p("userId"), body, ctx)?.into(),
        "listUserTeams" => db.list_user_teams(org, &p("userId"), q)?.into(),
        "createUserInvite" => db.create_user_invite(org, body, ctx)?.into(),
        "deleteUserInvite" => no_content(db.delete_user_invite(org, &p("inviteId")))?,
        "getSelfUser" => match &call.caller.user_id {
            Some(user) => db.self_user(user, call.caller.reach.organization())?.into(),
            None => {
                return Err(ApiError::new(
                    400,
                    "getSelfUser answers for a user's token; this is an API token, which belongs to no user",
                ))
            }
        },
        // -------------------------------------------------------------------------- teams
        "listTeams" => db.list_teams(org, q).into(),
        "createTeam" => db.create_team(org, body, ctx)?.into(),
        "getTeam" => db.get_team(org, &p("teamId"))?.into(),
        "updateTeam" => db.update_team(org, &p("teamId"), body, ctx)?.into(),
        "deleteTeam" => no_content(db.delete_team(org, &p("teamId")))?,
        "listTeamMembers" => db.list_team_members(org, &p("teamId"), q)?.into(),
        "addTeamMembers" => no_content(db.add_team_members(org, &p("teamId"), body, ctx))?,
        "removeTeamMember" => no_content(db.remove_team_member(org, &p("teamId"), &p("memberId"), ctx))?,
        "updateTeamRoles" => db.update_team_roles(org, &p("teamId"), body, ctx)?.into(),
        // -------------------------------------------------------------------------- roles
        "listRoles" => db.list_roles(org, q).into(),
        "listRoleTemplates" => Db::list_role_templates(q).into(),
        "listPermissionGroups" => Db::list_permission_groups(q).into(),
        "createCustomRole" => db.create_custom_role(org, body, ctx)?.into(),
        // GET names the parameter roleId, DELETE and POST customRoleId (one path template).
        "getCustomRole" => db.get_custom_role(org, &p("roleId"))?.into(),
        "updateCustomRole" => db.update_custom_role(org, &p("customRoleId"), body, ctx)?.into(),
        "deleteCustomRole" => no_content(db.delete_custom_role(org, &p("customRoleId")))?,
        other => return Err(not_implemented(ApiVersion::V1, other)),
    })
}
