//! v1 people and permissions: users, invites, Teams and their members, roles, custom roles,
//! role templates, permission groups, getSelfUser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

const GRACE: &str = "clusr0grace0hopper000002";
const LINUS: &str = "clusr0linus0pauling00004";

#[tokio::test]
async fn self_user_and_users_with_roles() {
    let emu = start(config()).await;
    let r = emu
        .v1(
            "getSelfUser",
            Method::GET,
            &format!("{}/users/self", emu.v1),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.json["fullName"].as_str()),
        (200, Some("Ada Lovelace"))
    );
    assert!(r.json["roles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["role"] == "ORGANIZATION_OWNER" && x["scope"]["entityId"] == DEMO_ORG));
    let r = emu
        .v1_call(
            SCOPED,
            "getSelfUser",
            Method::GET,
            &format!("{}/users/self?createIfNotExist=false", emu.v1),
            None,
        )
        .await;
    assert_eq!(r.json["organizationId"], DEMO_ORG);
    let users = emu.v1_org("/users");
    let r = emu
        .v1(
            "listUsers",
            Method::GET,
            &format!("{users}?sorts=fullName:asc"),
            None,
        )
        .await;
    let names: Vec<&str> = r.json["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["fullName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Grace Hopper", "Linus Pauling"]);
    let r = emu
        .v1(
            "getUser",
            Method::GET,
            &emu.v1_org(&format!("/users/{LINUS}")),
            None,
        )
        .await;
    assert_eq!(r.json["organizationRole"], "ORGANIZATION_MEMBER");
    assert_error(
        &emu.v1("getUser", Method::GET, &emu.v1_org("/users/clnope"), None)
            .await,
        404,
    );
    // Role changes show in listings and filters.
    let de = emu
        .first_id("/workspaces", "workspaces", |w| {
            w["name"] == "Data Engineering"
        })
        .await;
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let body = json!({"organizationRole": "ORGANIZATION_BILLING_ADMIN", "workspaceRoles": [{"workspaceId": de, "role": "WORKSPACE_AUTHOR"}],
        "deploymentRoles": [{"deploymentId": etl, "role": "DEPLOYMENT_ADMIN"}]});
    let r = emu
        .v1(
            "updateUserRoles",
            Method::POST,
            &emu.v1_org(&format!("/users/{LINUS}/roles")),
            Some(&body),
        )
        .await;
    assert_eq!(
        r.json["organizationRole"], "ORGANIZATION_BILLING_ADMIN",
        "{}",
        r.text
    );
    let r = emu
        .v1(
            "listUsers",
            Method::GET,
            &format!("{users}?workspaceId={de}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["users"][0]["id"], LINUS);
    let r = emu
        .v1(
            "listUsers",
            Method::GET,
            &format!("{users}?deploymentId={etl}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    let bad = json!({"workspaceRoles": [{"workspaceId": "clnope", "role": "WORKSPACE_AUTHOR"}]});
    let r = emu
        .v1(
            "updateUserRoles",
            Method::POST,
            &emu.v1_org(&format!("/users/{LINUS}/roles")),
            Some(&bad),
        )
        .await;
    assert_error(&r, 400);
    assert_eq!(
        r.json["fieldErrors"][0]["field"],
        "workspaceRoles[0].workspaceId"
    );
    // Invites add a pending user; withdrawing the invite removes it again.
    let r = emu
        .v1(
            "createUserInvite",
            Method::POST,
            &emu.v1_org("/invites"),
            Some(&json!({"inviteeEmail": "new@acme.example", "role": "ORGANIZATION_MEMBER"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let invite = r.json["inviteId"].as_str().unwrap().to_string();
    assert_eq!(r.json["inviter"]["fullName"], "Ada Lovelace");
    let r = emu
        .v1(
            "listUsers",
            Method::GET,
            &format!("{users}?limit=100"),
            None,
        )
        .await;
    assert!(r.json["users"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["username"] == "new@acme.example" && u["status"] == "PENDING"));
    let r = emu
        .v1(
            "createUserInvite",
            Method::POST,
            &emu.v1_org("/invites"),
            Some(&json!({"inviteeEmail": "grace@acme.example", "role": "ORGANIZATION_MEMBER"})),
        )
        .await;
    assert_error(&r, 400);
    let r = emu
        .v1(
            "deleteUserInvite",
            Method::DELETE,
            &emu.v1_org(&format!("/invites/{invite}")),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    let r = emu
        .v1(
            "listUsers",
            Method::GET,
            &format!("{users}?limit=100"),
            None,
        )
        .await;
    assert!(!r.text.contains("new@acme.example"));
    assert_error(
        &emu.v1(
            "deleteUserInvite",
            Method::DELETE,
            &emu.v1_org(&format!("/invites/{invite}")),
            None,
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn teams_members_and_roles() {
    let emu = start(config()).await;
    let teams = emu.v1_org("/teams");
    let r = emu.v1("listTeams", Method::GET, &teams, None).await;
    assert_eq!(r.json["totalCount"], 1);
    let r = emu.v1("createTeam", Method::POST, &teams, Some(&json!({"name": "Analysts", "description": "BI", "memberIds": [LINUS], "organizationRole": "ORGANIZATION_MEMBER"}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["id"].as_str().unwrap().to_string();
    assert_error(
        &emu.v1(
            "createTeam",
            Method::POST,
            &teams,
            Some(&json!({"name": "Analysts"})),
        )
        .await,
        400,
    );
    assert_error(
        &emu.v1(
            "createTeam",
            Method::POST,
            &teams,
            Some(&json!({"name": "X", "memberIds": ["clnope"]})),
        )
        .await,
        400,
    );
    let one = emu.v1_org(&format!("/teams/{id}"));
    let members = format!("{one}/members");
    let r = emu
        .v1(
            "addTeamMembers",
            Method::POST,
            &members,
            Some(&json!({"memberIds": [GRACE]})),
        )
        .await;
    assert_eq!(r.status, 204);
    let r = emu
        .v1(
            "listTeamMembers",
            Method::GET,
            &format!("{members}?sorts=username:asc"),
            None,
        )
        .await;
    let names: Vec<&str> = r.json["teamMembers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["grace@acme.example", "linus@acme.example"]);
    let r = emu
        .v1(
            "listUserTeams",
            Method::GET,
            &emu.v1_org(&format!("/users/{GRACE}/teams")),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 2, "{}", r.text);
    let r = emu
        .v1(
            "removeTeamMember",
            Method::DELETE,
            &format!("{members}/{LINUS}"),
            None,
        )
        .await;
    assert_eq!(r.status, 204);
    assert_error(
        &emu.v1(
            "removeTeamMember",
            Method::DELETE,
            &format!("{members}/{LINUS}"),
            None,
        )
        .await,
        404,
    );
    let r = emu.v1("listTeamMembers", Method::GET, &members, None).await;
    assert_eq!(r.json["totalCount"], 1);
    // Roles: visible on the Team and through the listing filters.
    let ml = emu
        .first_id("/workspaces", "workspaces", |w| {
            w["name"] == "Machine Learning"
        })
        .await;
    let r = emu.v1("updateTeamRoles", Method::POST, &format!("{one}/roles"), Some(&json!({"organizationRole": "ORGANIZATION_MEMBER", "workspaceRoles": [{"workspaceId": ml, "role": "WORKSPACE_OPERATOR"}]}))).await;
    assert_eq!(
        r.json["workspaceRoles"][0]["workspaceId"],
        ml.as_str(),
        "{}",
        r.text
    );
    let r = emu.v1("getTeam", Method::GET, &one, None).await;
    assert_eq!(r.json["workspaceRoles"][0]["role"], "WORKSPACE_OPERATOR");
    assert_eq!(r.json["rolesCount"], 2);
    let r = emu
        .v1(
            "listTeams",
            Method::GET,
            &format!("{teams}?workspaceId={ml}"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["teams"][0]["id"], id.as_str());
    assert_error(
        &emu.v1(
            "updateTeamRoles",
            Method::POST,
            &format!("{one}/roles"),
            Some(&json!({"organizationRole": "KING"})),
        )
        .await,
        400,
    );
    let r = emu
        .v1(
            "updateTeam",
            Method::POST,
            &one,
            Some(&json!({"name": "Analysts 2", "description": "renamed"})),
        )
        .await;
    assert_eq!(r.json["name"], "Analysts 2");
    let r = emu
        .v1(
            "listTeams",
            Method::GET,
            &format!("{teams}?names=Analysts%202&sorts=name:asc"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    let r = emu.v1("deleteTeam", Method::DELETE, &one, None).await;
    assert_eq!(r.status, 204);
    assert_error(&emu.v1("getTeam", Method::GET, &one, None).await, 404);
    assert_error(
        &emu.v1("listTeamMembers", Method::GET, &members, None).await,
        404,
    );
}

#[tokio::test]
async fn custom_roles_templates_and_permission_groups() {
    let emu = start(config()).await;
    let r = emu
        .v1(
            "listPermissionGroups",
            Method::GET,
            &format!(
                "{}/authorization/permission-groups?scopeType=DEPLOYMENT",
                emu.v1
            ),
            None,
        )
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    let r = emu
        .v1(
            "listRoleTemplates",
            Method::GET,
            &emu.v1_org("/role-templates?scopeTypes=WORKSPACE"),
            None,
        )
        .await;
    assert!(r
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["scopeType"] == "WORKSPACE"));
    let roles = emu.v1_org("/roles");
    let body = json!({"name": "Deployer", "description": "deploys only", "scopeType": "DEPLOYMENT", "permissions": ["deployment.get", "deployment.deploys.create"]});
    let r = emu
        .v1("createCustomRole", Method::POST, &roles, Some(&body))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["id"].as_str().unwrap().to_string();
    let bad = json!({"name": "Bad", "scopeType": "DEPLOYMENT", "permissions": ["deployment.fly"]});
    let r = emu
        .v1("createCustomRole", Method::POST, &roles, Some(&bad))
        .await;
    assert_error(&r, 400);
    assert_eq!(r.json["fieldErrors"][0]["field"], "permissions[0]");
    let r = emu
        .v1(
            "listRoles",
            Method::GET,
            &format!("{roles}?includeDefaultRoles=true&scopeTypes=DEPLOYMENT"),
            None,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert!(r.json["defaultRoles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["name"] == "DEPLOYMENT_ADMIN"));
    // One path template, two parameter names: GET roleId, POST/DELETE customRoleId.
    let one = emu.v1_org(&format!("/roles/{id}"));
    let r = emu.v1("getCustomRole", Method::GET, &one, None).await;
    assert_eq!(r.json["permissions"].as_array().unwrap().len(), 2);
    let r = emu
        .v1(
            "updateCustomRole",
            Method::POST,
            &one,
            Some(&json!({"name": "Deployer", "permissions": ["deployment.get"]})),
        )
        .await;
    assert_eq!(r.json["permissions"], json!(["deployment.get"]));
    // A token with the custom role; the role cannot go while the token uses it.
    let etl = emu
        .first_id("/deployments", "deployments", |d| d["name"] == "etl-prod")
        .await;
    let r = emu
        .v1(
            "createApiToken",
            Method::POST,
            &emu.v1_org("/tokens"),
            Some(&json!({"name": "t", "role": id, "scope": "DEPLOYMENT", "entityId": etl})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let token_id = r.json["id"].as_str().unwrap().to_string();
    let secret = r.json["token"].as_str().unwrap().to_string();
    // Read-only custom role: reads, cannot write.
    assert_eq!(
        emu.raw(
            Method::GET,
            &emu.v1_org(&format!("/deployments/{etl}")),
            Some(&secret),
            &[],
            None
        )
        .await
        .status,
        200
    );
    assert_error(
        &emu.raw(
            Method::DELETE,
            &emu.v1_org(&format!("/deployments/{etl}")),
            Some(&secret),
            &[],
            None,
        )
        .await,
        403,
    );
    assert_error(
        &emu.v1("deleteCustomRole", Method::DELETE, &one, None).await,
        400,
    );
    assert_eq!(
        emu.v1(
            "deleteApiToken",
            Method::DELETE,
            &emu.v1_org(&format!("/tokens/{token_id}")),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        emu.v1("deleteCustomRole", Method::DELETE, &one, None)
            .await
            .status,
        204
    );
    assert_error(&emu.v1("getCustomRole", Method::GET, &one, None).await, 404);
}
