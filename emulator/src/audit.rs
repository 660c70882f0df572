//! The audit log: one line per API call the emulator served for an Organization (who, what,
//! when, the answer's status), exported by getOrganizationAuditLogs as gzip-compressed NDJSON.
//! A line names the caller by id and name, never by token value. Kept in memory (the last
//! 10,000 calls), cleared by `POST /__emulator/reset`.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::Write;
use std::sync::Mutex;

use crate::util::rfc3339;

pub const AUDIT_CAP: usize = 10_000;

struct Entry {
    organization_id: String,
    at_ms: u64,
    line: Value,
}

/// What one served call looks like in the audit log.
pub struct Served<'a> {
    pub organization_id: &'a str,
    pub at_ms: u64,
    pub request_id: &'a str,
    pub api_version: &'a str,
    pub operation_id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    /// The caller's `BasicSubjectProfile`.
    pub actor: &'a Value,
}

#[derive(Default)]
pub struct AuditLog {
    entries: Mutex<VecDeque<Entry>>,
}

impl AuditLog {
    pub fn record(&self, call: Served<'_>) {
        let actor = call.actor;
        let name = actor
            .get("apiTokenName")
            .or_else(|| actor.get("username"))
            .cloned()
            .unwrap_or(Value::Null);
        let line = json!({
            "timestamp": rfc3339(call.at_ms),
            "organizationId": call.organization_id,
            "requestId": call.request_id,
            "apiVersion": call.api_version,
            "operationId": call.operation_id,
            "method": call.method,
            "path": call.path,
            "status": call.status,
            "actor": {
                "id": actor.get("id").cloned().unwrap_or(Value::Null),
                "subjectType": actor.get("subjectType").cloned().unwrap_or(Value::Null),
                "name": name,
            },
        });
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= AUDIT_CAP {
            entries.pop_front();
        }
        entries.push_back(Entry {
            organization_id: call.organization_id.to_string(),
            at_ms: call.at_ms,
            line,
        });
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The NDJSON text (one JSON object per line, oldest first) of `org`'s calls in the window.
    pub fn ndjson(&self, org: &str, start_ms: Option<u64>, end_ms: Option<u64>) -> String {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        for e in entries.iter().filter(|e| e.organization_id == org) {
            if start_ms.is_some_and(|s| e.at_ms < s) || end_ms.is_some_and(|end| e.at_ms > end) {
                continue;
            }
            out.push_str(&e.line.to_string());
            out.push('\n');
        }
        out
    }

    /// [`AuditLog::ndjson`], gzip-compressed.
    pub fn export(
        &self,
        org: &str,
        start_ms: Option<u64>,
        end_ms: Option<u64>,
    ) -> Result<Vec<u8>, String> {
        let text = self.ndjson(org, start_ms, end_ms);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes())
            .map_err(|e| format!("cannot compress the audit log: {e}"))?;
        gz.finish()
            .map_err(|e| format!("cannot compress the audit log: {e}"))
    }
}
