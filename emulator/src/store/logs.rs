//! Deployment logs: lines written when something happens to a Deployment (created, updated,
//! worker queues scaled, deploys, hibernation), read back by getDeploymentLogs with its source,
//! time-window, text and paging filters. A line may be dated in the future (the end of a
//! lifecycle or of a hibernation override); it shows once that time has come.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::*;
use crate::util::parse_rfc3339;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEvent {
    pub organization_id: String,
    pub deployment_id: String,
    pub at_ms: u64,
    pub source: String,
    pub raw: String,
}

/// The most lines kept per Deployment (the oldest go first).
pub const MAX_LINES_PER_DEPLOYMENT: usize = 500;

impl Db {
    pub(crate) fn log(&mut self, org: &str, dep: &str, at_ms: u64, source: &str, message: &str) {
        let level = if message.starts_with("ERROR") {
            ""
        } else {
            "INFO - "
        };
        let raw = format!("[{}] {{{source}}} {level}{message}", rfc3339(at_ms));
        self.events.push(LogEvent {
            organization_id: org.to_string(),
            deployment_id: dep.to_string(),
            at_ms,
            source: source.to_string(),
            raw,
        });
        let mine = self
            .events
            .iter()
            .filter(|e| e.deployment_id == dep)
            .count();
        if mine > MAX_LINES_PER_DEPLOYMENT {
            if let Some(i) = self.events.iter().position(|e| e.deployment_id == dep) {
                self.events.remove(i);
            }
        }
    }

    pub fn deployment_logs(
        &self,
        org: &str,
        dep: &str,
        query: &Value,
        ctx: &mut Ctx,
    ) -> Result<Value, ApiError> {
        self.deployment_index(org, dep)?;
        let sources = query_strings(query, "sources").unwrap_or_default();
        let date = |key: &str| -> Result<Option<u64>, ApiError> {
            match s(query, key) {
                None => Ok(None),
                Some(text) => parse_rfc3339(text).map(Some).ok_or_else(|| {
                    bad_field(key, format!("'{text}' is not an RFC 3339 date-time"))
                }),
            }
        };
        let (start, end) = (date("startDate")?, date("endDate")?);
        if start.is_some() != end.is_some() {
            return Err(bad_field(
                if start.is_some() {
                    "endDate"
                } else {
                    "startDate"
                },
                "startDate and endDate go together",
            ));
        }
        let range_start = match query.get("range").and_then(Value::as_i64) {
            Some(secs) if secs > 0 => ctx
                .now_ms
                .saturating_sub(u64::try_from(secs).unwrap_or(0).saturating_mul(1000)),
            Some(secs) if secs < 0 => return Err(bad_field("range", "must not be negative")),
            _ => 0,
        };
        let text = s(query, "searchText").map(str::to_lowercase);
        let nonneg = |key: &str, default: u64| -> Result<u64, ApiError> {
            match query.get(key).and_then(Value::as_i64) {
                None => Ok(default),
                Some(n) => u64::try_from(n).map_err(|_| bad_field(key, "must not be negative")),
            }
        };
        let (offset, limit, max) = (
            nonneg("offset", 0)?,
            nonneg("limit", 100)?,
            nonneg("maxNumResults", 1000)?,
        );
        let matches: Vec<&LogEvent> = self
            .events
            .iter()
            .filter(|e| e.organization_id == org && e.deployment_id == dep && e.at_ms <= ctx.now_ms)
            .filter(|e| sources.iter().any(|s| s == &e.source))
            .filter(|e| e.at_ms >= range_start)
            .filter(|e| start.is_none_or(|st| e.at_ms >= st) && end.is_none_or(|en| e.at_ms <= en))
            .filter(|e| {
                text.as_ref()
                    .is_none_or(|t| e.raw.to_lowercase().contains(t))
            })
            .take(usize::try_from(max).unwrap_or(usize::MAX))
            .collect();
        let results: Vec<Value> = matches
            .iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|e| json!({ "raw": e.raw, "source": e.source, "timestamp": e.at_ms as f64 / 1000.0 }))
            .collect();
        let search_id = match s(query, "searchId") {
            Some(id) => id.to_string(),
            None => format!("search_{}", short_token(&mut ctx.rng, 16)),
        };
        Ok(json!({
            "limit": limit, "offset": offset, "maxNumResults": max, "resultCount": results.len(),
            "results": results, "searchId": search_id,
        }))
    }
}
