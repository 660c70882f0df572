//! The native client of the v1 API against the emulator over real HTTP: every v1 operation
//! through its generated method on `v1::Client` (the set called is checked against the
//! registry's list, and against the emulator's own audit log of what it served), an API token
//! made through the client then used as the client's credential, `paginate` over more than
//! 1,000 items of a v1 list, and a v1 waiter following a Deployment to HEALTHY.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use astro_platform_client::client::{v1, Error, WaitOptions, WaitProgress};
use astro_platform_client::operations::OperationInput;
use astro_platform_client::v1::inputs::*;
use astro_platform_client::v1::models::*;
use astro_platform_client::v1::Operation;
use client_support::{builder, emulator, input, DEMO_ORG};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

/// A status change seen by a waiter: the previous status (none at first) and the new one.
type Change = (Option<String>, String);

const GRACE: &str = "clusr0grace0hopper000002";
const LINUS: &str = "clusr0linus0pauling00004";

/// The operation an input is for (the generated method only takes that input type).
fn operation_of<I: OperationInput>(_: &I) -> &'static str {
    I::spec().name
}

/// Calls `astro.method(input)` and records the input's operation in `called`.
macro_rules! call {
    ($called:ident, $astro:ident . $method:ident ( $input:expr )) => {{
        let input = $input;
        $called.insert(operation_of(&input));
        $astro.$method(input).await
    }};
}

/// The HTTP status of a failed call.
fn status<T: std::fmt::Debug>(result: Result<T, Error>) -> Option<u16> {
    match result {
        Ok(value) => panic!("expected an API error, got {value:?}"),
        Err(err) => err.status(),
    }
}

fn id_named<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>, name: &str) -> String {
    items
        .into_iter()
        .find(|(_, n)| *n == name)
        .map(|(id, _)| id.to_owned())
        .unwrap_or_else(|| panic!("{name} is seeded"))
}

#[tokio::test]
async fn every_v1_operation_over_http() {
    let emu = emulator(300).await;
    let astro = emu.v1_client();
    let mut called: BTreeSet<&str> = BTreeSet::new();

    // The caller, permission groups and organizations.
    let me = call!(called, astro.get_self_user(GetSelfUserInput::default())).unwrap();
    assert_eq!(me.full_name, "Ada Lovelace");
    let groups = call!(
        called,
        astro.list_permission_groups(input(json!({"scopeType": "DEPLOYMENT"})))
    )
    .unwrap();
    assert_eq!(groups.len(), 1);
    let orgs = call!(
        called,
        astro.list_organizations(ListOrganizationsInput::default())
    )
    .unwrap();
    assert_eq!(orgs.total_count, 2);
    assert_eq!(orgs.organizations[0].id, DEMO_ORG);
    let org = call!(
        called,
        astro.get_organization(GetOrganizationInput::default())
    )
    .unwrap();
    assert_eq!(
        (org.id.as_str(), org.name.as_str()),
        (DEMO_ORG, "Acme Analytics")
    );
    assert!(!org.has_allowed_ip_address_ranges);
    let renamed = call!(
        called,
        astro.update_organization(input(json!({"name": "Acme v1",
            "billingEmail": "ap@acme.example", "isScimEnabled": true,
            "shouldEnforceDedicatedClusters": true})))
    )
    .unwrap();
    assert_eq!(renamed.name, "Acme v1");
    assert!(renamed.should_enforce_dedicated_clusters);
    assert_eq!(renamed.updated_by.id, me.id, "updated by the caller");

    // Allowed IP address ranges.
    let first = call!(
        called,
        astro.create_allowed_ip_address_range(input(json!({"ipAddressRange": "203.0.113.0/24"})))
    )
    .unwrap();
    assert_eq!(first.ip_address_range, "203.0.113.0/24");
    let bulk = call!(
        called,
        astro.bulk_create_allowed_ip_address_ranges(input(
            json!({"allowedIpAddressRanges": ["10.0.0.0/8", "2001:db8::/32"]})
        ))
    )
    .unwrap();
    assert_eq!(bulk.allowed_ip_address_ranges.len(), 2);
    let ranges = call!(
        called,
        astro.list_allowed_ip_address_ranges(input(json!({"sorts": ["ipAddress:asc"]})))
    )
    .unwrap();
    assert_eq!(ranges.total_count, 3);
    assert_eq!(
        ranges.allowed_ip_address_ranges[0].ip_address_range,
        "10.0.0.0/8"
    );
    assert!(
        astro
            .get_organization(GetOrganizationInput::default())
            .await
            .unwrap()
            .has_allowed_ip_address_ranges
    );
    let bulk_ids: Vec<&str> = bulk
        .allowed_ip_address_ranges
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let () = call!(
        called,
        astro.bulk_delete_allowed_ip_address_ranges(input(
            json!({"allowedIpAddressRangeIds": bulk_ids})
        ))
    )
    .unwrap();
    let one_range = DeleteAllowedIpAddressRangeInput {
        organization_id: None,
        allowed_ip_address_range_id: first.id.clone(),
    };
    let () = call!(
        called,
        astro.delete_allowed_ip_address_range(one_range.clone())
    )
    .unwrap();
    assert_eq!(
        status(astro.delete_allowed_ip_address_range(one_range).await),
        Some(404)
    );
    let ranges = astro
        .list_allowed_ip_address_ranges(ListAllowedIpAddressRangesInput::default())
        .await
        .unwrap();
    assert_eq!(ranges.total_count, 0);

    // Clusters and their options.
    let options = call!(
        called,
        astro.get_cluster_options(input(json!({"type": "HYBRID", "provider": "AWS"})))
    )
    .unwrap();
    assert_eq!(options.len(), 1);
    let clusters = call!(called, astro.list_clusters(ListClustersInput::default())).unwrap();
    assert_eq!(clusters.total_count, 4);
    let aws = id_named(
        clusters
            .clusters
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str())),
        "aws-prod-use1",
    );
    let cluster = call!(
        called,
        astro.create_cluster(input(json!({"cloudProvider": "AWS", "type": "DEDICATED",
            "name": "v1-cluster", "region": "us-east-2", "vpcSubnetRange": "10.1.0.0/16"})))
    )
    .unwrap();
    assert_eq!(cluster.status, ClusterStatus::Creating);
    let one_cluster = GetClusterInput {
        organization_id: None,
        cluster_id: cluster.id.clone(),
    };
    let fetched = call!(called, astro.get_cluster(one_cluster.clone())).unwrap();
    assert_eq!(
        (fetched.id.as_str(), fetched.name.as_str()),
        (cluster.id.as_str(), "v1-cluster")
    );
    // Without clusterType, the update is checked as DEDICATED (name and k8sTags).
    let updated = call!(
        called,
        astro.update_cluster(input(json!({"clusterId": aws, "name": "aws-renamed",
            "k8sTags": [{"key": "team", "value": "data"}]})))
    )
    .unwrap();
    assert_eq!(
        (updated.id.as_str(), updated.name.as_str()),
        (aws.as_str(), "aws-renamed")
    );
    let () = call!(
        called,
        astro.delete_cluster(DeleteClusterInput {
            organization_id: None,
            cluster_id: cluster.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(status(astro.get_cluster(one_cluster).await), Some(404));

    // Workspaces.
    let workspaces = call!(
        called,
        astro.list_workspaces(ListWorkspacesInput::default())
    )
    .unwrap();
    assert_eq!(workspaces.total_count, 4);
    let data_engineering = id_named(
        workspaces
            .workspaces
            .iter()
            .map(|w| (w.id.as_str(), w.name.as_str())),
        "Data Engineering",
    );
    let ws = call!(
        called,
        astro.create_workspace(input(json!({"name": "from-v1", "description": "d",
            "defaultCloudProvider": "AWS"})))
    )
    .unwrap();
    assert_eq!(ws.organization_id, DEMO_ORG);
    let got = call!(
        called,
        astro.get_workspace(GetWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        (got.id.as_str(), got.name.as_str()),
        (ws.id.as_str(), "from-v1")
    );
    let ws_renamed = call!(
        called,
        astro.update_workspace(input(json!({"workspaceId": ws.id, "name": "renamed-v1",
            "description": "x", "cicdEnforcedDefault": true})))
    )
    .unwrap();
    assert!(ws_renamed.cicd_enforced_default);
    let listed = astro
        .list_workspaces(input(json!({"names": ["renamed-v1"]})))
        .await
        .unwrap();
    assert_eq!(
        listed.workspaces[0].id, ws.id,
        "the created Workspace is listed"
    );

    // Deployments: a development-mode one (STANDARD, inferred) in the new Workspace.
    let deployment_options = call!(
        called,
        astro.get_deployment_options(input(
            json!({"deploymentType": "STANDARD", "executor": "ASTRO"})
        ))
    )
    .unwrap();
    assert!(deployment_options
        .worker_machines
        .iter()
        .any(|m| m.name.as_str() == "A160"));
    let dev = call!(
        called,
        astro.create_deployment(input(json!({"name": "dev", "workspaceId": ws.id,
            "isDevelopmentMode": true})))
    )
    .unwrap();
    assert_eq!(dev.r#type.as_ref().map(|t| t.as_str()), Some("STANDARD"));
    let dep = dev.id.clone();
    let listed = call!(
        called,
        astro.list_deployments(input(json!({"workspaceIds": [ws.id]})))
    )
    .unwrap();
    assert_eq!(listed.total_count, 1);
    assert_eq!(listed.deployments[0].id, dep);
    let got = call!(
        called,
        astro.get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
    )
    .unwrap();
    assert_eq!((got.id.as_str(), got.name.as_str()), (dep.as_str(), "dev"));
    let updated = call!(
        called,
        astro.update_deployment(input(json!({"deploymentId": dep, "type": "STANDARD",
            "name": "dev-b", "workspaceId": ws.id, "executor": "CELERY", "isCicdEnforced": false,
            "isDagDeployEnabled": true, "isHighAvailability": false, "schedulerSize": "MEDIUM",
            "environmentVariables": [{"key": "K", "value": "v", "isSecret": false}],
            "contactEmails": ["x@acme.example"]})))
    )
    .unwrap();
    assert_eq!(updated.name, "dev-b");

    // Hibernation override.
    let hibernating = call!(
        called,
        astro.update_deployment_hibernation_override(input(
            json!({"deploymentId": dep, "isHibernating": true})
        ))
    )
    .unwrap();
    assert_eq!(hibernating.is_hibernating, Some(true));
    let got = astro
        .get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
        .await
        .unwrap();
    assert_eq!(got.status.as_str(), "HIBERNATING");
    let () = call!(
        called,
        astro.delete_deployment_hibernation_override(DeleteDeploymentHibernationOverrideInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
    )
    .unwrap();
    let got = astro
        .get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
        .await
        .unwrap();
    assert_ne!(got.status.as_str(), "HIBERNATING", "awake again");

    // Deploys: two image deploys, then a rollback to the first.
    let deploy = call!(
        called,
        astro.create_deploy(input(json!({"deploymentId": dep, "type": "IMAGE_ONLY",
            "description": "first"})))
    )
    .unwrap();
    assert_eq!(deploy.status, DeployStatus::Initialized);
    assert_eq!(deploy.deployment_id, dep);
    let one_deploy = |id: &str| GetDeployInput {
        organization_id: None,
        deployment_id: dep.clone(),
        deploy_id: id.to_owned(),
    };
    let got = call!(called, astro.get_deploy(one_deploy(&deploy.id))).unwrap();
    assert_eq!(got.image_tag, deploy.image_tag);
    let annotated = call!(
        called,
        astro.update_deploy(input(json!({"deploymentId": dep, "deployId": deploy.id,
            "description": "first, annotated"})))
    )
    .unwrap();
    assert_eq!(annotated.description.as_deref(), Some("first, annotated"));
    let finalized = call!(
        called,
        astro.finalize_deploy(input(json!({"deploymentId": dep, "deployId": deploy.id})))
    )
    .unwrap();
    assert_eq!(finalized.status, DeployStatus::Deployed);
    let second = astro
        .create_deploy(input(json!({"deploymentId": dep, "type": "IMAGE_ONLY"})))
        .await
        .unwrap();
    assert_ne!(second.image_tag, deploy.image_tag);
    astro
        .finalize_deploy(input(json!({"deploymentId": dep, "deployId": second.id})))
        .await
        .unwrap();
    let rolled_back = call!(
        called,
        astro.deploy_rollback(input(json!({"deploymentId": dep, "deployId": deploy.id,
            "description": "bad release"})))
    )
    .unwrap();
    assert_eq!(
        rolled_back.rollback_from_id.as_deref(),
        Some(second.id.as_str())
    );
    let deploys = call!(
        called,
        astro.list_deploys(input(json!({"deploymentId": dep, "limit": 10})))
    )
    .unwrap();
    assert_eq!(deploys.total_count, 3);
    let got = astro
        .get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        got.image_tag, deploy.image_tag,
        "the first deploy's image again"
    );

    // The Deployment's logs tell the story.
    let logs = call!(
        called,
        astro.get_deployment_logs(input(json!({"deploymentId": dep,
            "sources": ["scheduler"], "searchText": "finalized"})))
    )
    .unwrap();
    assert_eq!(logs.result_count, 2, "{logs:?}");
    assert!(logs.results.iter().all(|l| l.raw.contains("finalized")));

    // Agent tokens of the Deployment.
    let agent = call!(
        called,
        astro.create_agent_token(input(json!({"deploymentId": dep, "name": "agent-1",
            "description": "remote agent", "tokenExpiryPeriodInDays": 30})))
    )
    .unwrap();
    assert!(agent.token.is_some(), "the value comes with the creation");
    let agents = call!(
        called,
        astro.list_agent_tokens(input(json!({"deploymentId": dep})))
    )
    .unwrap();
    assert_eq!(agents.tokens[0].id, agent.id);
    let one_agent = GetAgentTokenInput {
        organization_id: None,
        deployment_id: dep.clone(),
        agent_token_id: agent.id.clone(),
    };
    let got = call!(called, astro.get_agent_token(one_agent.clone())).unwrap();
    assert_eq!((got.name.as_str(), got.token.is_none()), ("agent-1", true));
    let () = call!(
        called,
        astro.delete_agent_token(input(
            json!({"deploymentId": dep, "agentTokenId": agent.id})
        ))
    )
    .unwrap();
    assert_eq!(status(astro.get_agent_token(one_agent).await), Some(404));

    // Environment objects: a Workspace variable linked to its Deployments.
    let var = call!(
        called,
        astro.create_environment_object(input(json!({"objectKey": "WAREHOUSE_URL",
            "objectType": "ENVIRONMENT_VARIABLE", "scope": "WORKSPACE", "scopeEntityId": ws.id,
            "autoLinkDeployments": true,
            "environmentVariable": {"value": "postgres://wh", "isSecret": false}})))
    )
    .unwrap();
    let objects = call!(
        called,
        astro.list_environment_objects(input(json!({"deploymentId": dep})))
    )
    .unwrap();
    assert_eq!(objects.total_count, 1);
    assert_eq!(
        objects.environment_objects[0].id.as_deref(),
        Some(var.id.as_str())
    );
    let one_object = GetEnvironmentObjectInput {
        organization_id: None,
        environment_object_id: var.id.clone(),
    };
    let got = call!(called, astro.get_environment_object(one_object.clone())).unwrap();
    assert_eq!(got.object_key, "WAREHOUSE_URL");
    let updated = call!(
        called,
        astro.update_environment_object(input(json!({"environmentObjectId": var.id,
            "description": "the warehouse"})))
    )
    .unwrap();
    assert_eq!(updated.description.as_deref(), Some("the warehouse"));
    let () = call!(
        called,
        astro.exclude_linking_environment_object(input(json!({"environmentObjectId": var.id,
            "scope": "DEPLOYMENT", "scopeEntityId": dep})))
    )
    .unwrap();
    let objects = astro
        .list_environment_objects(input(json!({"deploymentId": dep})))
        .await
        .unwrap();
    assert_eq!(objects.total_count, 0, "excluded");
    let () = call!(
        called,
        astro.delete_environment_object(DeleteEnvironmentObjectInput {
            organization_id: None,
            environment_object_id: var.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        status(astro.get_environment_object(one_object).await),
        Some(404)
    );

    // Users and invites.
    let users = call!(
        called,
        astro.list_users(input(json!({"sorts": ["fullName:asc"]})))
    )
    .unwrap();
    let names: Vec<&str> = users.users.iter().map(|u| u.full_name.as_str()).collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper", "Linus Pauling"]);
    let linus = call!(
        called,
        astro.get_user(GetUserInput {
            organization_id: None,
            user_id: LINUS.into(),
        })
    )
    .unwrap();
    assert_eq!(linus.id, LINUS);
    let roles = call!(
        called,
        astro.update_user_roles(input(json!({"userId": LINUS,
            "organizationRole": "ORGANIZATION_BILLING_ADMIN",
            "workspaceRoles": [{"workspaceId": data_engineering, "role": "WORKSPACE_AUTHOR"}]})))
    )
    .unwrap();
    assert_eq!(
        roles.organization_role.as_deref(),
        Some("ORGANIZATION_BILLING_ADMIN")
    );
    let user_teams = call!(
        called,
        astro.list_user_teams(input(json!({"userId": GRACE})))
    )
    .unwrap();
    assert_eq!(user_teams.total_count, 1, "Grace is in Data Platform");
    let invite = call!(
        called,
        astro.create_user_invite(input(json!({"inviteeEmail": "new@acme.example",
            "role": "ORGANIZATION_MEMBER"})))
    )
    .unwrap();
    assert_eq!(invite.organization_id, DEMO_ORG);
    let pending = astro
        .list_users(input(json!({"limit": 100})))
        .await
        .unwrap();
    assert!(pending
        .users
        .iter()
        .any(|u| u.username == "new@acme.example"));
    let one_invite = DeleteUserInviteInput {
        organization_id: None,
        invite_id: invite.invite_id.clone(),
    };
    let () = call!(called, astro.delete_user_invite(one_invite.clone())).unwrap();
    assert_eq!(
        status(astro.delete_user_invite(one_invite).await),
        Some(404)
    );

    // Teams, their members and roles.
    let team = call!(
        called,
        astro.create_team(input(json!({"name": "Analysts", "description": "BI",
            "memberIds": [LINUS], "organizationRole": "ORGANIZATION_MEMBER"})))
    )
    .unwrap();
    let teams = call!(called, astro.list_teams(ListTeamsInput::default())).unwrap();
    assert_eq!(teams.total_count, 2);
    assert!(teams.teams.iter().any(|t| t.id == team.id));
    let () = call!(
        called,
        astro.add_team_members(input(json!({"teamId": team.id, "memberIds": [GRACE]})))
    )
    .unwrap();
    let members = call!(
        called,
        astro.list_team_members(input(json!({"teamId": team.id, "sorts": ["username:asc"]})))
    )
    .unwrap();
    let names: Vec<&str> = members
        .team_members
        .iter()
        .map(|m| m.username.as_str())
        .collect();
    assert_eq!(names, ["grace@acme.example", "linus@acme.example"]);
    let () = call!(
        called,
        astro.remove_team_member(input(json!({"teamId": team.id, "memberId": LINUS})))
    )
    .unwrap();
    let team_roles = call!(
        called,
        astro.update_team_roles(input(json!({"teamId": team.id,
            "organizationRole": "ORGANIZATION_MEMBER",
            "workspaceRoles": [{"workspaceId": ws.id, "role": "WORKSPACE_OPERATOR"}]})))
    )
    .unwrap();
    assert_eq!(team_roles.workspace_roles.unwrap()[0].workspace_id, ws.id);
    let renamed_team = call!(
        called,
        astro.update_team(input(json!({"teamId": team.id, "name": "Analysts 2",
            "description": "renamed"})))
    )
    .unwrap();
    assert_eq!(renamed_team.name, "Analysts 2");
    let one_team = GetTeamInput {
        organization_id: None,
        team_id: team.id.clone(),
    };
    let got = call!(called, astro.get_team(one_team.clone())).unwrap();
    assert_eq!(
        (got.name.as_str(), got.roles_count),
        ("Analysts 2", Some(2))
    );
    let () = call!(
        called,
        astro.delete_team(DeleteTeamInput {
            organization_id: None,
            team_id: team.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(status(astro.get_team(one_team).await), Some(404));

    // Roles: templates, custom roles (one path, two parameter names).
    let templates = call!(
        called,
        astro.list_role_templates(input(json!({"scopeTypes": ["WORKSPACE"]})))
    )
    .unwrap();
    assert!(!templates.is_empty());
    assert!(templates
        .iter()
        .all(|t| t.scope_type == RoleTemplateScopeType::Workspace));
    let role = call!(
        called,
        astro.create_custom_role(input(
            json!({"name": "Deployer", "description": "deploys only",
            "scopeType": "DEPLOYMENT",
            "permissions": ["deployment.get", "deployment.deploys.create"]})
        ))
    )
    .unwrap();
    let got = call!(
        called,
        astro.get_custom_role(GetCustomRoleInput {
            organization_id: None,
            role_id: role.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        (got.id.as_str(), got.permissions.len()),
        (role.id.as_str(), 2)
    );
    let narrowed = call!(
        called,
        astro.update_custom_role(input(json!({"customRoleId": role.id, "name": "Deployer",
            "permissions": ["deployment.get"]})))
    )
    .unwrap();
    assert_eq!(narrowed.permissions, ["deployment.get"]);
    let listed = call!(
        called,
        astro.list_roles(input(
            json!({"includeDefaultRoles": true, "scopeTypes": ["DEPLOYMENT"]})
        ))
    )
    .unwrap();
    assert_eq!(listed.total_count, 1);
    assert_eq!(listed.roles[0].id, role.id);
    let () = call!(
        called,
        astro.delete_custom_role(DeleteCustomRoleInput {
            organization_id: None,
            custom_role_id: role.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        status(
            astro
                .get_custom_role(GetCustomRoleInput {
                    organization_id: None,
                    role_id: role.id.clone(),
                })
                .await
        ),
        Some(404)
    );

    // API tokens: the value made here is a credential of the client.
    let made = call!(
        called,
        astro.create_api_token(input(json!({"name": "ci", "description": "for CI",
            "role": "ORGANIZATION_OWNER", "scope": "ORGANIZATION"})))
    )
    .unwrap();
    let secret = made
        .token
        .clone()
        .expect("the value comes with the creation");
    assert!(secret.expose().starts_with("astro_"));
    assert!(
        !format!("{made:?}").contains(secret.expose()),
        "the value stays out of Debug"
    );
    let as_token = |value: &str| -> v1::Client {
        builder::<v1::V1>(&format!("{}/v1", emu.base))
            .organization_id(DEMO_ORG)
            .token(value)
            .build()
            .unwrap()
    };
    let ci = as_token(secret.expose());
    let seen = ci
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap();
    assert_eq!(seen.total_count, 5, "the token reaches the organization");
    let tokens = call!(called, astro.list_api_tokens(ListApiTokensInput::default())).unwrap();
    assert_eq!(tokens.tokens.len(), 1);
    assert_eq!(tokens.tokens[0].id, made.id);
    assert!(tokens.tokens[0].last_used_at.is_some(), "it was used");
    let one_token = GetApiTokenInput {
        organization_id: None,
        token_id: made.id.clone(),
    };
    let got = call!(called, astro.get_api_token(one_token.clone())).unwrap();
    assert_eq!(
        (got.short_token.as_str(), got.token.is_none()),
        (made.short_token.as_str(), true)
    );
    let updated = call!(
        called,
        astro.update_api_token(input(json!({"tokenId": made.id, "name": "ci-2",
            "description": "renamed"})))
    )
    .unwrap();
    assert_eq!(updated.name, "ci-2");
    let token_roles = call!(
        called,
        astro.update_api_token_roles(input(json!({"tokenId": made.id, "roles": [
            {"entityId": DEMO_ORG, "entityType": "ORGANIZATION", "role": "ORGANIZATION_MEMBER"}]})))
    )
    .unwrap();
    assert_eq!(
        token_roles.organization_role.as_deref(),
        Some("ORGANIZATION_MEMBER")
    );
    // A reading role: GETs still pass, a change is refused.
    ci.list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap();
    assert_eq!(
        status(
            ci.create_workspace(input(json!({"name": "by-a-reader"})))
                .await
        ),
        Some(403)
    );
    let rotated = call!(
        called,
        astro.rotate_api_token(input(json!({"tokenId": made.id})))
    )
    .unwrap();
    let new_secret = rotated.token.expect("a new value");
    assert_ne!(new_secret.expose(), secret.expose());
    assert_eq!(
        status(ci.list_workspaces(ListWorkspacesInput::default()).await),
        Some(401),
        "the old value is refused"
    );
    let rotated_client = as_token(new_secret.expose());
    rotated_client
        .get_workspace(GetWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
        })
        .await
        .unwrap();
    let () = call!(
        called,
        astro.delete_api_token(DeleteApiTokenInput {
            organization_id: None,
            token_id: made.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(status(astro.get_api_token(one_token).await), Some(404));
    assert_eq!(
        status(
            rotated_client
                .list_workspaces(ListWorkspacesInput::default())
                .await
        ),
        Some(401),
        "a deleted token is revoked"
    );

    // Cleaning up: the Deployment, then its Workspace.
    let () = call!(
        called,
        astro.delete_deployment(DeleteDeploymentInput {
            organization_id: None,
            deployment_id: dep.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        status(
            astro
                .get_deployment(GetDeploymentInput {
                    organization_id: None,
                    deployment_id: dep.clone(),
                })
                .await
        ),
        Some(404)
    );
    let () = call!(
        called,
        astro.delete_workspace(DeleteWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
        })
    )
    .unwrap();
    assert_eq!(
        status(
            astro
                .get_workspace(GetWorkspaceInput {
                    organization_id: None,
                    workspace_id: ws.id.clone(),
                })
                .await
        ),
        Some(404)
    );

    // The audit log: gzip NDJSON on the wire, decompressed by the client (as fetch does).
    let log = call!(
        called,
        astro.get_organization_audit_logs(GetOrganizationAuditLogsInput::default())
    )
    .unwrap();
    let text = String::from_utf8(log).expect("NDJSON text, not gzip bytes");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().all(|l| l["organizationId"] == DEMO_ORG));
    assert!(!text.contains(secret.expose()) && !text.contains(new_secret.expose()));
    // Every operation of the organization was served with a success, as the emulator saw it.
    let served: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l["apiVersion"] == "v1" && l["status"].as_u64().is_some_and(|s| s < 300))
        .map(|l| l["operationId"].as_str().unwrap())
        .collect();
    let not_audited: BTreeSet<&str> = called.difference(&served).copied().collect();
    assert_eq!(
        not_audited,
        BTreeSet::from([
            "getOrganizationAuditLogs",
            "getSelfUser",
            "listOrganizations",
            "listPermissionGroups"
        ]),
        "the calls of no organization, and the export itself"
    );

    // Every v1 operation, once through its generated method.
    let all: BTreeSet<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
    assert_eq!(all.len(), 75);
    assert_eq!(
        called, all,
        "every operation of v1 is called through its method"
    );
    // Each request carried the pinned API version.
    let journal = emu.journal().await;
    assert!(journal.len() > all.len());
    for entry in &journal {
        if entry["path"].as_str().unwrap().starts_with("/v1/") {
            assert_eq!(entry["headers"]["x-api-version"], "1.0", "{entry}");
        }
    }
}

#[tokio::test]
async fn v1_errors_carry_field_errors() {
    let emu = emulator(300).await;
    let astro = emu.v1_client();
    let err = astro
        .update_organization(input(json!({"name": "x".repeat(51),
            "billingEmail": "ap@acme.example", "isScimEnabled": false})))
        .await;
    // The name is too long for the core's check: refused before sending.
    let Err(Error::Validation(v)) = err else {
        panic!("{err:?}")
    };
    assert!(v.issues.iter().any(|i| i.path == "name"), "{v}");
    assert!(emu.journal().await.is_empty(), "nothing was sent");
    // A rule only the service knows: a role naming an unknown Workspace.
    let err = astro
        .update_user_roles(input(json!({"userId": LINUS,
            "workspaceRoles": [{"workspaceId": "clnope", "role": "WORKSPACE_AUTHOR"}]})))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status, api.attempts), (400, 1));
    assert_eq!(api.field_errors[0].field, "workspaceRoles[0].workspaceId");
    assert!(api.request_id.is_some());
}

#[tokio::test]
async fn a_v1_list_of_more_than_a_thousand_items_is_paginated() {
    let emu = emulator(300).await;
    let astro = emu.v1_client();
    // 1,050 ranges in one bulk request.
    let ranges: Vec<String> = (0..1050)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    let made = astro
        .bulk_create_allowed_ip_address_ranges(input(json!({"allowedIpAddressRanges": ranges})))
        .await
        .unwrap();
    assert_eq!(made.allowed_ip_address_ranges.len(), 1050);
    emu.clear_journal().await;

    let items: Vec<AllowedIpAddressRange> = astro
        .paginate(ListAllowedIpAddressRangesInput::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 1050);
    let ids: BTreeSet<&str> = items.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 1050, "no item twice");
    let cidrs: Vec<&str> = items.iter().map(|r| r.ip_address_range.as_str()).collect();
    assert_eq!(cidrs[0], "10.0.0.0/24");
    assert_eq!(cidrs[1049], "10.4.25.0/24", "creation order");
    let queries: Vec<String> = emu
        .requests_to("GET", "/allowed-ip-address-ranges")
        .await
        .iter()
        .map(|e| e["query"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(queries.len(), 11);
    assert_eq!(queries[0], "offset=0&limit=100");
    assert_eq!(queries[10], "offset=1000&limit=100");

    // Pages of 1,000, consumed item by item: the second page only when the consumer gets there.
    emu.clear_journal().await;
    let mut stream = astro.paginate(ListAllowedIpAddressRangesInput {
        limit: Some(1000),
        ..Default::default()
    });
    for _ in 0..1000 {
        stream.next().await.unwrap().unwrap();
    }
    assert_eq!(
        emu.requests_to("GET", "/allowed-ip-address-ranges")
            .await
            .len(),
        1
    );
    let mut rest = 0;
    while let Some(_range) = stream.try_next().await.unwrap() {
        rest += 1;
    }
    assert_eq!(rest, 50);
    let queries: Vec<String> = emu
        .requests_to("GET", "/allowed-ip-address-ranges")
        .await
        .iter()
        .map(|e| e["query"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(queries, ["offset=0&limit=1000", "offset=1000&limit=1000"]);
}

#[tokio::test]
async fn a_v1_deployment_is_awaited_until_healthy() {
    let emu = emulator(900).await;
    let astro = emu.v1_client();
    let workspaces = astro
        .list_workspaces(input(json!({"names": ["Sandbox"]})))
        .await
        .unwrap();
    let created = astro
        .create_deployment(input(json!({"name": "awaited",
            "workspaceId": workspaces.workspaces[0].id})))
        .await
        .unwrap();
    assert_eq!(created.status.as_str(), "CREATING");
    let seen: Arc<Mutex<Vec<Change>>> = Arc::default();
    let log = seen.clone();
    let options = WaitOptions::new()
        .interval(Duration::from_millis(50))
        .timeout(Duration::from_secs(20))
        .on_progress(move |p: &WaitProgress| {
            log.lock()
                .unwrap()
                .push((p.previous.clone(), p.current.clone()))
        });
    let healthy = astro
        .wait_for_deployment(
            GetDeploymentInput {
                organization_id: None,
                deployment_id: created.id.clone(),
            },
            options,
        )
        .await
        .unwrap();
    assert_eq!(healthy.id, created.id);
    assert_eq!(healthy.status.as_str(), "HEALTHY");
    let changes: Vec<Change> = seen.lock().unwrap().clone();
    let statuses: Vec<&str> = changes.iter().map(|(_, s)| s.as_str()).collect();
    // Each change once, in lifecycle order (a loaded machine may poll past a short phase).
    let lifecycle = ["CREATING", "DEPLOYING", "HEALTHY"];
    let mut order = statuses
        .iter()
        .map(|s| lifecycle.iter().position(|l| l == s).unwrap());
    let first = order.next().unwrap();
    assert!(
        order
            .try_fold(first, |before, i| (i > before).then_some(i))
            .is_some(),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&"HEALTHY"));
    assert_eq!(changes[0].0, None);
    assert!(statuses.len() >= 2, "it was awaited: {statuses:?}");
}
