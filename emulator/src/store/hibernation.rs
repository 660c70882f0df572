//! Hibernation overrides: a development-mode Deployment can be put to sleep (or kept awake)
//! until `overrideUntil`, on the compressed clock; deleting the override wakes it.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::*;
use crate::util::parse_rfc3339;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub is_hibernating: bool,
    /// As the client sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_until: Option<String>,
    /// When the override ends in real time (its duration compressed); `None`: until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_ms: Option<u64>,
}

impl Override {
    pub fn active(&self, now_ms: u64) -> bool {
        self.until_ms.is_none_or(|u| now_ms < u)
    }

    /// `DeploymentHibernationOverride`.
    pub fn render(&self, now_ms: u64) -> Value {
        let mut out =
            json!({ "isActive": self.active(now_ms), "isHibernating": self.is_hibernating });
        if let (Some(o), Some(until)) = (out.as_object_mut(), &self.override_until) {
            o.insert("overrideUntil".into(), json!(until));
        }
        out
    }
}

/// Whether a Deployment record is hibernating now.
pub fn hibernating(rec: &Rec, now_ms: u64) -> bool {
    rec.hibernation
        .as_ref()
        .is_some_and(|o| o.is_hibernating && o.active(now_ms))
}

impl Db {
    pub fn set_hibernation_override(
        &mut self,
        org: &str,
        dep: &str,
        body: &Value,
        ctx: &Ctx,
    ) -> Result<Value, ApiError> {
        let i = self.deployment_index(org, dep)?;
        let rec = self
            .deployments
            .get(i)
            .ok_or_else(|| not_found("Deployment", dep))?;
        if !b(&Value::Object(rec.doc.clone()), "isDevelopmentMode") {
            return Err(ApiError::new(
                400,
                format!("Deployment '{dep}' is not in development mode (isDevelopmentMode); only such Deployments hibernate"),
            ));
        }
        let Some(is_hibernating) = body.get("isHibernating").and_then(Value::as_bool) else {
            // null: no preference, the override is removed.
            self.delete_hibernation_override(org, dep, ctx)?;
            return Ok(json!({ "isActive": false }));
        };
        let until = match s(body, "overrideUntil") {
            None => None,
            Some(text) => {
                let at = parse_rfc3339(text).ok_or_else(|| {
                    bad_field(
                        "overrideUntil",
                        format!("'{text}' is not an RFC 3339 date-time"),
                    )
                })?;
                if at <= ctx.now_ms {
                    return Err(bad_field(
                        "overrideUntil",
                        format!("{text} is not in the future"),
                    ));
                }
                Some((
                    text.to_string(),
                    ctx.now_ms.saturating_add(ctx.compress(at - ctx.now_ms)),
                ))
            }
        };
        let o = Override {
            is_hibernating,
            override_until: until.as_ref().map(|u| u.0.clone()),
            until_ms: until.as_ref().map(|u| u.1),
        };
        let out = o.render(ctx.now_ms);
        if let Some(rec) = self.deployments.get_mut(i) {
            rec.hibernation = Some(o);
        }
        let what = if is_hibernating {
            "Hibernating"
        } else {
            "Kept awake"
        };
        let till = until
            .as_ref()
            .map(|u| format!(" until {}", u.0))
            .unwrap_or_else(|| " until the override is removed".into());
        self.log(
            org,
            dep,
            ctx.now_ms,
            "scheduler",
            &format!("{what}{till} (hibernation override)"),
        );
        if let Some((_, end)) = until {
            let next = if is_hibernating {
                "Waking up: the hibernation override ended"
            } else {
                "The keep-awake override ended"
            };
            self.log(org, dep, end, "scheduler", next);
        }
        Ok(out)
    }

    pub fn delete_hibernation_override(
        &mut self,
        org: &str,
        dep: &str,
        ctx: &Ctx,
    ) -> Result<(), ApiError> {
        let i = self.deployment_index(org, dep)?;
        let was = self
            .deployments
            .get_mut(i)
            .and_then(|r| r.hibernation.take());
        if was
            .as_ref()
            .is_some_and(|o| o.is_hibernating && o.active(ctx.now_ms))
        {
            self.log(
                org,
                dep,
                ctx.now_ms,
                "scheduler",
                "Waking up: the hibernation override was removed",
            );
        }
        // Future-dated lines of the removed override no longer happen.
        let now = ctx.now_ms;
        self.events.retain(|e| {
            !(e.deployment_id == dep && e.at_ms > now && e.raw.contains("override ended"))
        });
        Ok(())
    }
}
