//! Who is calling, and what the credential reaches.
//!
//! Two kinds of bearer tokens are accepted: the configured ones (`--token`; they belong to the
//! seeded demo user and reach every Organization, or the one named with `@ORG_ID`), and the API
//! and agent tokens created through v1 (looked up by the SHA-256 of the presented value). An API
//! token reaches what its scope and role say: its Organization, one Workspace, or one
//! Deployment; a reading role (ORGANIZATION_MEMBER, WORKSPACE_MEMBER, ...) cannot change things.

use axum::http::{header, HeaderMap};
use serde_json::Value;

use crate::config::Config;
use crate::error::ApiError;
use crate::seed::DEMO_USER_ID;
use crate::store::tokens::TokenLookup;
use crate::store::Db;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The n-th `--token`.
    Configured(usize),
    ApiToken(String),
    AgentToken(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Everywhere,
    Organization {
        org: String,
        write: bool,
    },
    Workspace {
        org: String,
        workspace: String,
        write: bool,
    },
    Deployment {
        org: String,
        deployment: String,
        write: bool,
    },
}

impl Reach {
    /// The one Organization the credential is limited to, if any.
    pub fn organization(&self) -> Option<&str> {
        match self {
            Reach::Everywhere => None,
            Reach::Organization { org, .. }
            | Reach::Workspace { org, .. }
            | Reach::Deployment { org, .. } => Some(org),
        }
    }

    fn write(&self) -> bool {
        match self {
            Reach::Everywhere => true,
            Reach::Organization { write, .. }
            | Reach::Workspace { write, .. }
            | Reach::Deployment { write, .. } => *write,
        }
    }
}

pub struct Caller {
    pub credential: Credential,
    /// `BasicSubjectProfile` for `createdBy`, `updatedBy` and the audit log.
    pub subject: Value,
    /// The user behind the credential (configured tokens only).
    pub user_id: Option<String>,
    pub reach: Reach,
}

fn presented(headers: &HeaderMap) -> Result<&str, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new(
            401,
            "Missing Authorization header; send 'Authorization: Bearer <API token>'",
        ));
    };
    let text = value.to_str().unwrap_or_default().trim();
    match text.split_once(' ') {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("bearer") && !rest.trim().is_empty() =>
        {
            Ok(rest.trim())
        }
        _ => Err(ApiError::new(
            401,
            "The Authorization header must use the Bearer scheme",
        )),
    }
}

/// Authenticates the request (401 when that fails) and records the token's use.
pub fn authenticate(
    config: &Config,
    db: &mut Db,
    headers: &HeaderMap,
    now_ms: u64,
) -> Result<Caller, ApiError> {
    let token = presented(headers)?;
    if let Some(i) = config.tokens.iter().position(|t| t.token == token) {
        let reach = match config.tokens.get(i).and_then(|t| t.organization_id.clone()) {
            Some(org) => Reach::Organization { org, write: true },
            None => Reach::Everywhere,
        };
        return Ok(Caller {
            credential: Credential::Configured(i),
            subject: db.user_profile(DEMO_USER_ID),
            user_id: Some(DEMO_USER_ID.to_string()),
            reach,
        });
    }
    let i = match db.use_token(token, now_ms) {
        TokenLookup::Found(i) => i,
        TokenLookup::Expired(name) => {
            return Err(ApiError::new(
                401,
                format!("The API token '{name}' has expired"),
            ));
        }
        TokenLookup::Unknown => {
            return Err(ApiError::new(
                401,
                "The API token is invalid or has expired",
            ))
        }
    };
    let Some(rec) = db.tokens.get(i) else {
        return Err(ApiError::new(401, "The API token is invalid"));
    };
    let id = rec
        .doc
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let name = rec
        .doc
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let org = rec.organization_id.clone();
    let scope = rec
        .doc
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let role = rec
        .doc
        .get("roles")
        .and_then(Value::as_array)
        .and_then(|r| {
            r.iter()
                .find(|r| r.get("entityType").and_then(Value::as_str) == Some(scope.as_str()))
        })
        .cloned()
        .unwrap_or(Value::Null);
    let entity = role
        .get("entityId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let write = db.role_writes(
        &org,
        role.get("role").and_then(Value::as_str).unwrap_or_default(),
    );
    let agent = rec.agent_of.is_some();
    let reach = match scope.as_str() {
        "WORKSPACE" => Reach::Workspace {
            org,
            workspace: entity,
            write,
        },
        "DEPLOYMENT" => Reach::Deployment {
            org,
            deployment: entity,
            write,
        },
        _ => Reach::Organization { org, write },
    };
    let subject =
        serde_json::json!({ "id": id, "subjectType": "SERVICEKEY", "apiTokenName": name });
    let credential = if agent {
        Credential::AgentToken(id)
    } else {
        Credential::ApiToken(id)
    };
    Ok(Caller {
        credential,
        subject,
        user_id: None,
        reach,
    })
}

/// Operations a Workspace- or Deployment-scoped token may call without a Workspace or
/// Deployment in the path; their lists are narrowed to what the token reaches.
const NARROW_READS: [&str; 5] = [
    "getOrganization",
    "listWorkspaces",
    "listDeployments",
    "getDeploymentOptions",
    "getClusterOptions",
];

fn denied(what: &str) -> ApiError {
    ApiError::new(403, format!("This API token cannot access {what}"))
}

/// Checks that `reach` covers the call and narrows list queries to it (403 otherwise).
/// `param` reads a path parameter; `deployment_workspace` finds a Deployment's Workspace.
pub fn check_reach(
    reach: &Reach,
    op: &str,
    mutating: bool,
    param: &dyn Fn(&str) -> Option<String>,
    query: &mut Value,
    body: &Value,
    deployment_workspace: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ApiError> {
    if let (Some(scope), Some(org)) = (reach.organization(), param("organizationId")) {
        if scope != org {
            return Err(denied(&format!("Organization '{org}'")));
        }
    }
    if mutating && !reach.write() {
        return Err(ApiError::new(403, "This API token's role can only read"));
    }
    let narrow = |query: &mut Value, key: &str, value: &str| {
        if let Some(o) = query.as_object_mut() {
            let keep = o
                .get(key)
                .and_then(Value::as_array)
                .is_none_or(|a| a.iter().any(|v| v.as_str() == Some(value)));
            let list = if keep {
                vec![Value::String(value.to_string())]
            } else {
                Vec::new()
            };
            // An empty filter list matches nothing.
            o.insert(key.to_string(), Value::Array(list));
        }
    };
    match reach {
        Reach::Everywhere | Reach::Organization { .. } => Ok(()),
        Reach::Workspace { workspace, .. } => {
            if let Some(dep) = param("deploymentId") {
                return match deployment_workspace(&dep) {
                    Some(ws) if &ws != workspace => {
                        Err(denied(&format!("Deployment '{dep}' (another Workspace)")))
                    }
                    _ => Ok(()),
                };
            }
            if let Some(ws) = param("workspaceId") {
                return if &ws == workspace {
                    Ok(())
                } else {
                    Err(denied(&format!("Workspace '{ws}'")))
                };
            }
            match op {
                "listWorkspaces" => narrow(query, "workspaceIds", workspace),
                "listDeployments" => narrow(query, "workspaceIds", workspace),
                "createDeployment"
                    if body.get("workspaceId").and_then(Value::as_str) != Some(workspace) =>
                {
                    return Err(denied("other Workspaces"));
                }
                "createDeployment" => {}
                _ if NARROW_READS.contains(&op) => {}
                _ => return Err(denied(&format!("{op} (its scope is one Workspace)"))),
            }
            Ok(())
        }
        Reach::Deployment { deployment, .. } => {
            if let Some(dep) = param("deploymentId") {
                return if &dep == deployment {
                    Ok(())
                } else {
                    Err(denied(&format!("Deployment '{dep}'")))
                };
            }
            match op {
                "listDeployments" => narrow(query, "deploymentIds", deployment),
                "listWorkspaces" => {
                    let ws = deployment_workspace(deployment).unwrap_or_default();
                    narrow(query, "workspaceIds", &ws);
                }
                _ if NARROW_READS.contains(&op) && param("workspaceId").is_none() => {}
                _ => return Err(denied(&format!("{op} (its scope is one Deployment)"))),
            }
            Ok(())
        }
    }
}
