//! The in-memory state and the behaviour of the operations of both API versions (one store:
//! v1 and v1beta1 read and write the same records; rendering per version is in `render`).
//!
//! Resources are kept as JSON objects in their wire shape; fields that depend on other
//! resources or on time (status, workspaceName, clusterName, organizationName) are computed
//! when a resource is rendered. Request bodies reach this module already validated against
//! the spec, so here only the service's own rules are checked.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

use crate::util::{new_id, rfc3339, short_token};

mod allowed_ip_ranges;
mod clusters;
mod deployments;
mod deploys;
mod environment_objects;
mod hibernation;
mod logs;
mod options;
mod organizations;
mod roles;
mod teams;
pub mod tokens;
pub mod users;
mod workspaces;

pub use crate::error::{bad_field, ApiError, FieldError};
pub use logs::LogEvent;
pub use tokens::{hash_secret, TokenRec};

pub use deployments::{standard_cluster_id, token};

pub type Obj = Map<String, Value>;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum PhaseKind {
    Created,
    Updated,
}

/// When a resource last started a lifecycle transition; `None` = its stored status is final.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub kind: PhaseKind,
    pub since_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rec {
    pub doc: Obj,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// A Deployment's hibernation override (v1), if one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation: Option<hibernation::Override>,
}

impl Rec {
    pub fn new(doc: Obj, phase: Option<Phase>) -> Rec {
        Rec {
            doc,
            phase,
            hibernation: None,
        }
    }
}

/// The whole state. The collections after `deployments` came with v1; files written before
/// them load with those empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Db {
    pub organizations: Vec<Obj>,
    pub clusters: Vec<Rec>,
    pub workspaces: Vec<Obj>,
    pub deployments: Vec<Rec>,
    /// Users (global); each holds its roles per organization under `orgRoles`.
    #[serde(default)]
    pub users: Vec<Obj>,
    #[serde(default)]
    pub teams: Vec<Obj>,
    #[serde(default)]
    pub invites: Vec<Obj>,
    #[serde(default)]
    pub custom_roles: Vec<Obj>,
    /// API tokens and agent tokens; only a hash of each secret is kept.
    #[serde(default)]
    pub tokens: Vec<TokenRec>,
    #[serde(default)]
    pub allowed_ip_ranges: Vec<Obj>,
    #[serde(default)]
    pub environment_objects: Vec<Obj>,
    #[serde(default)]
    pub deploys: Vec<Obj>,
    /// What happened to each Deployment, read back by getDeploymentLogs.
    #[serde(default)]
    pub events: Vec<LogEvent>,
}

/// A 400 from the service's own rules. A message of the form `field: detail` names the field.
pub(crate) fn bad(message: impl Into<String>) -> ApiError {
    let message = message.into();
    match message.split_once(": ") {
        Some((field, detail)) if !field.is_empty() && !field.contains(' ') => {
            bad_field(field, detail)
        }
        _ => ApiError::new(400, message),
    }
}

pub(crate) fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new(404, format!("{what} '{id}' not found in this Organization"))
}

/// One API day in milliseconds of API time.
pub const DAY_MS: u64 = 86_400_000;

/// Who is calling and when.
pub struct Ctx {
    pub now_ms: u64,
    pub lifecycle_ms: u64,
    /// How long one API day lasts on the emulator's compressed clock (real milliseconds).
    pub day_ms: u64,
    pub subject: Value,
    pub rng: fastrand::Rng,
    /// `http://host:port` of this emulator, for the URLs it hands out (deploy uploads).
    pub origin: String,
}

impl Ctx {
    /// A context for code that runs outside a request (the seed).
    pub fn detached(now_ms: u64, subject: Value, seed: u64) -> Ctx {
        Ctx {
            now_ms,
            lifecycle_ms: 0,
            day_ms: DAY_MS,
            subject,
            rng: fastrand::Rng::with_seed(seed),
            origin: "http://127.0.0.1:8788".to_string(),
        }
    }
    pub(crate) fn now(&self) -> String {
        rfc3339(self.now_ms)
    }
    pub(crate) fn id(&mut self) -> String {
        new_id(&mut self.rng)
    }
    /// Real milliseconds that `api_ms` of API time take on the compressed clock.
    pub fn compress(&self, api_ms: u64) -> u64 {
        let scaled = u128::from(api_ms) * u128::from(self.day_ms) / u128::from(DAY_MS);
        u64::try_from(scaled).unwrap_or(u64::MAX)
    }
}

pub(crate) fn s<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

pub(crate) fn sget<'a>(o: &'a Obj, key: &str) -> &'a str {
    o.get(key).and_then(Value::as_str).unwrap_or_default()
}

pub(crate) fn u(o: &Value, key: &str) -> u64 {
    o.get(key).and_then(Value::as_u64).unwrap_or(0)
}

pub(crate) fn b(o: &Value, key: &str) -> bool {
    o.get(key).and_then(Value::as_bool).unwrap_or(false)
}

pub(crate) fn put(o: &mut Obj, key: &str, v: Value) {
    o.insert(key.to_string(), v);
}

/// Copies `key` from the request body when present.
pub(crate) fn copy_opt(o: &mut Obj, body: &Value, key: &str) {
    if let Some(v) = body.get(key) {
        put(o, key, v.clone());
    }
}

// ------------------------------------------------------------------------------ paging

/// Applies `sorts`, `offset` and `limit` from the validated query and builds the page; only the
/// items on the page are rendered.
pub fn page<T>(
    mut items: Vec<T>,
    query: &Value,
    field: &str,
    doc: impl Fn(&T) -> &Obj,
    render: impl Fn(T) -> Obj,
) -> Value {
    let sorts: Vec<(String, bool)> = query
        .get("sorts")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|s| s.split_once(':'))
                .map(|(k, d)| (k.to_string(), d.eq_ignore_ascii_case("desc")))
                .collect()
        })
        .unwrap_or_default();
    if !sorts.is_empty() {
        items.sort_by(|a, b| {
            for (key, desc) in &sorts {
                let (x, y) = (sort_key(doc(a), key), sort_key(doc(b), key));
                let (x, y) = (x.as_str(), y.as_str());
                let ord = if matches!(
                    key.as_str(),
                    "name" | "fullName" | "username" | "description"
                ) {
                    x.to_lowercase()
                        .cmp(&y.to_lowercase())
                        .then_with(|| x.cmp(y))
                } else {
                    x.cmp(y)
                };
                let ord = if *desc { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        });
    }
    let total = items.len();
    let offset = query.get("offset").and_then(Value::as_u64).unwrap_or(0);
    let limit = query.get("limit").and_then(Value::as_u64).unwrap_or(20);
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(total);
    let count = usize::try_from(limit).unwrap_or(usize::MAX);
    let items: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(count)
        .map(|i| Value::Object(render(i)))
        .collect();
    json!({ field: items, "offset": offset, "limit": limit, "totalCount": total })
}

/// The text a list is sorted by for sort key `key`: the field itself, or the field a sort key
/// of the contract stands for (`ipAddress`, `tokenStartAt`, `createdById`, `userId`).
fn sort_key(doc: &Obj, key: &str) -> String {
    let value = match key {
        "ipAddress" => doc.get("ipAddressRange"),
        "tokenStartAt" => doc.get("startAt"),
        "createdById" => doc.get("createdBy").and_then(|c| c.get("id")),
        "updatedById" => doc.get("updatedBy").and_then(|c| c.get("id")),
        other => doc.get(other),
    };
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) => format!("{:020}", n.as_u64().unwrap_or(0)),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The `names` filter of v1 lists (absent: everything passes).
pub(crate) fn name_in(query: &Value, doc: &Obj) -> bool {
    query_strings(query, "names").is_none_or(|n| n.iter().any(|n| n == sget(doc, "name")))
}

pub(crate) fn query_strings(query: &Value, key: &str) -> Option<Vec<String>> {
    query.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
}

// ---------------------------------------------------------------------------- lifecycle

pub(crate) fn elapsed(phase: Phase, now_ms: u64) -> u64 {
    now_ms.saturating_sub(phase.since_ms)
}

pub(crate) fn deployment_status(rec: &Rec, ctx: &Ctx) -> (String, String) {
    let stored = (
        sget(&rec.doc, "status").to_string(),
        sget(&rec.doc, "statusReason").to_string(),
    );
    if hibernation::hibernating(rec, ctx.now_ms) {
        let until = rec
            .hibernation
            .as_ref()
            .and_then(|h| h.override_until.clone());
        let reason = match until {
            Some(t) => format!("Hibernating until {t} (override)"),
            None => "Hibernating (override)".to_string(),
        };
        return ("HIBERNATING".into(), reason);
    }
    let Some(phase) = rec.phase else {
        return stored;
    };
    let t = elapsed(phase, ctx.now_ms);
    let l = ctx.lifecycle_ms;
    match phase.kind {
        PhaseKind::Created if t < l * 3 / 10 => {
            ("CREATING".into(), "Creating Deployment resources".into())
        }
        PhaseKind::Created if t < l => ("DEPLOYING".into(), "Deploying Airflow components".into()),
        PhaseKind::Updated if t < l / 2 => (
            "DEPLOYING".into(),
            "Rolling out configuration changes".into(),
        ),
        _ => ("HEALTHY".into(), "Successfully Deployed".into()),
    }
}

pub(crate) fn cluster_status(rec: &Rec, ctx: &Ctx) -> String {
    let stored = sget(&rec.doc, "status").to_string();
    let Some(phase) = rec.phase else {
        return stored;
    };
    let t = elapsed(phase, ctx.now_ms);
    match phase.kind {
        PhaseKind::Created if t < ctx.lifecycle_ms => "CREATING".into(),
        PhaseKind::Updated if t < ctx.lifecycle_ms / 2 => "UPDATING".into(),
        _ => "CREATED".into(),
    }
}

// ------------------------------------------------------------------------------ lookups

impl Db {
    pub fn org(&self, id: &str) -> Option<&Obj> {
        self.organizations.iter().find(|o| sget(o, "id") == id)
    }

    pub(crate) fn org_name(&self, id: &str) -> String {
        self.org(id)
            .map(|o| sget(o, "name").to_string())
            .unwrap_or_default()
    }

    pub(crate) fn workspace(&self, org: &str, id: &str) -> Option<&Obj> {
        self.workspaces
            .iter()
            .find(|w| sget(w, "id") == id && sget(w, "organizationId") == org)
    }

    pub(crate) fn cluster(&self, org: &str, id: &str) -> Option<&Rec> {
        self.clusters
            .iter()
            .find(|c| sget(&c.doc, "id") == id && sget(&c.doc, "organizationId") == org)
    }

    pub(crate) fn cluster_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.clusters
            .iter()
            .position(|c| sget(&c.doc, "id") == id && sget(&c.doc, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Cluster '{id}' not found in this Organization"),
                )
            })
    }

    pub(crate) fn workspace_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.workspaces
            .iter()
            .position(|w| sget(w, "id") == id && sget(w, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Workspace '{id}' not found in this Organization"),
                )
            })
    }

    pub(crate) fn deployment_index(&self, org: &str, id: &str) -> Result<usize, ApiError> {
        self.deployments
            .iter()
            .position(|d| sget(&d.doc, "id") == id && sget(&d.doc, "organizationId") == org)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    format!("Deployment '{id}' not found in this Organization"),
                )
            })
    }
}
