//! From a routed, authenticated and validated call to the store: one module per API version
//! maps each operation id of its contract to the store and renders the answer. Routing itself
//! is generic (the contract's paths); an operation no module knows answers 501, which the
//! tests rule out for every operation of both contracts.

use serde_json::Value;

use crate::audit::AuditLog;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::spec::ApiVersion;
use crate::store::{Ctx, Db};

pub mod v1;
pub mod v1beta1;

/// One call, ready for the store.
pub struct Call<'a> {
    pub op: &'a str,
    pub org: &'a str,
    pub params: &'a [(String, String)],
    pub query: &'a Value,
    pub body: &'a Value,
    pub caller: &'a Caller,
    pub audit: &'a AuditLog,
}

impl Call<'_> {
    /// A path parameter ("" when the path has none of that name).
    pub fn param(&self, name: &str) -> String {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// What an operation answers.
pub enum Reply {
    Json(Value),
    NoContent,
    Bytes {
        content_type: &'static str,
        encoding: Option<&'static str>,
        bytes: Vec<u8>,
    },
}

impl From<Value> for Reply {
    fn from(v: Value) -> Reply {
        Reply::Json(v)
    }
}

pub fn not_implemented(version: ApiVersion, op: &str) -> ApiError {
    ApiError::new(
        501,
        format!(
            "Operation {op} ({}) is not implemented by the emulator",
            version.label()
        ),
    )
}

pub fn run(
    version: ApiVersion,
    db: &mut Db,
    call: &Call<'_>,
    ctx: &mut Ctx,
) -> Result<Reply, ApiError> {
    match version {
        ApiVersion::V1Beta1 => v1beta1::run(db, call, ctx),
        ApiVersion::V1 => v1::run(db, call, ctx),
    }
}

/// The union variant the server picks for a body that does not name one (v1 `createDeployment`
/// without `type`): with `clusterId`, the cluster's type (DEDICATED or HYBRID); otherwise
/// STANDARD.
pub fn infer_variant(
    version: ApiVersion,
    op: &str,
    org: &str,
    body: &Value,
    db: &Db,
) -> Option<String> {
    if version != ApiVersion::V1 || op != "createDeployment" {
        return None;
    }
    match body.get("clusterId").and_then(Value::as_str) {
        Some(id) => {
            let kind = db
                .clusters
                .iter()
                .find(|c| {
                    c.doc.get("id").and_then(Value::as_str) == Some(id)
                        && c.doc.get("organizationId").and_then(Value::as_str) == Some(org)
                })
                .and_then(|c| c.doc.get("type").and_then(Value::as_str))
                .unwrap_or("DEDICATED");
            Some(kind.to_string())
        }
        None => Some("STANDARD".to_string()),
    }
}
