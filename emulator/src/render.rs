//! Rendering the shared records per API version. The store answers in the v1beta1 shape; v1
//! adds the fields its contract requires (a Deployment's `apiUrl`, `uiUrl`, hibernation; an
//! Organization's product plans and flags; a cluster's disaster-recovery flags), and v1beta1
//! drops what only v1 knows (a HIBERNATING Deployment shows as UNKNOWN there, an enum v1beta1
//! lacks).

use serde_json::{json, Map, Value};

use crate::catalog;
use crate::store::Db;

/// Deployment fields that only v1 bodies set.
const V1_ONLY_DEPLOYMENT_FIELDS: [&str; 6] = [
    "scalingSpec",
    "remoteExecution",
    "isDevelopmentMode",
    "drWorkloadIdentity",
    "desiredDagTarballVersion",
    "dagTarballVersion",
];

fn obj(v: &mut Value) -> Option<&mut Map<String, Value>> {
    v.as_object_mut()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Applies `f` to every item of the list field `field` of a page.
pub fn each(page: &mut Value, field: &str, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Array(items)) = page.get_mut(field) {
        items.iter_mut().for_each(&mut f);
    }
}

pub fn v1beta1_deployment(d: &mut Value) {
    if let Some(o) = obj(d) {
        for k in V1_ONLY_DEPLOYMENT_FIELDS {
            o.remove(k);
        }
        if o.get("status").and_then(Value::as_str) == Some("HIBERNATING") {
            o.insert("status".into(), json!("UNKNOWN"));
            o.insert(
                "statusReason".into(),
                json!("Hibernating (v1beta1 has no HIBERNATING status)"),
            );
        }
    }
}

pub fn v1_deployment(d: &mut Value, db: &Db, now_ms: u64) {
    let id = text(d, "id").to_string();
    let org = text(d, "organizationId").to_string();
    let host = text(d, "webServerAirflowApiUrl")
        .trim_end_matches("/api/v1")
        .to_string();
    let runtime = text(d, "runtimeVersion").to_string();
    let rec = db
        .deployments
        .iter()
        .find(|r| r.doc.get("id").and_then(Value::as_str) == Some(id.as_str()));
    let over = rec.and_then(|r| r.hibernation.clone());
    let Some(o) = obj(d) else { return };
    o.insert("apiUrl".into(), json!(format!("https://{host}/api/v2")));
    o.insert("uiUrl".into(), json!(format!("https://{host}?orgId={org}")));
    o.insert("astroRuntimeVersion".into(), json!(runtime));
    if let Some(w) = o.get("workloadIdentity").cloned() {
        o.insert("effectiveWorkloadIdentity".into(), w);
    }
    if !o.contains_key("imageTag") {
        o.insert("imageTag".into(), json!(""));
    }
    let hibernating = over
        .as_ref()
        .is_some_and(|h| h.is_hibernating && h.active(now_ms));
    if let Some(h) = &over {
        let mut spec = o.get("scalingSpec").cloned().unwrap_or_else(|| json!({}));
        if let Some(s) = spec.as_object_mut() {
            let mut hs = s
                .get("hibernationSpec")
                .cloned()
                .unwrap_or_else(|| json!({}));
            if let Some(m) = hs.as_object_mut() {
                m.insert("override".into(), h.render(now_ms));
            }
            s.insert("hibernationSpec".into(), hs);
        }
        o.insert("scalingSpec".into(), spec);
    }
    let mut status = json!({ "isHibernating": hibernating });
    if let (Some(s), Some(h)) = (
        status.as_object_mut(),
        over.as_ref().filter(|h| h.active(now_ms)),
    ) {
        s.insert(
            "reason".into(),
            json!(if h.is_hibernating {
                "Hibernation override"
            } else {
                "Keep-awake override"
            }),
        );
        if let Some(until) = &h.override_until {
            s.insert("nextEventAt".into(), json!(until));
            s.insert(
                "nextEventType".into(),
                json!(if h.is_hibernating {
                    "WAKE"
                } else {
                    "HIBERNATE"
                }),
            );
        }
    }
    o.insert(
        "scalingStatus".into(),
        json!({ "hibernationStatus": status }),
    );
}

pub fn v1_organization(org: &mut Value, db: &Db) {
    let id = text(org, "id").to_string();
    let plan = text(org, "supportPlan").to_string();
    let has_ranges = db.has_allowed_ip_ranges(&id);
    let Some(o) = obj(org) else { return };
    for k in [
        "allowEnhancedSupportAccess",
        "shouldEnforceDedicatedClusters",
        "hasAiFeaturesDisabled",
        "isBlockedEnableAiFeatures",
    ] {
        if !o.contains_key(k) {
            o.insert(k.into(), json!(false));
        }
    }
    o.insert("hasAllowedIpAddressRanges".into(), json!(has_ranges));
    let plan_name = match plan.as_str() {
        "" | "INTERNAL_STANDARD" => "STANDARD",
        other => other,
    };
    o.insert(
        "productPlans".into(),
        json!([{ "astronomerProduct": "ASTRO", "organizationId": id, "productPlanId": format!("plan-{}", plan_name.to_lowercase()), "productPlanName": plan_name }]),
    );
}

pub fn v1_cluster(c: &mut Value) {
    if let Some(o) = obj(c) {
        o.entry("drRegion").or_insert(json!(""));
        o.entry("isDrEnabled").or_insert(json!(false));
    }
}

/// v1's deployment options also list the larger machines and the EXTRA_LARGE scheduler.
pub fn v1_deployment_options(opts: &mut Value) {
    if let Some(Value::Array(machines)) = opts.get_mut("workerMachines") {
        machines.extend(
            catalog::LARGE_WORKER_MACHINES
                .iter()
                .map(catalog::worker_machine_option),
        );
    }
    if let Some(Value::Array(machines)) = opts.get_mut("schedulerMachines") {
        if let Some(m) = catalog::scheduler_machine_option("EXTRA_LARGE") {
            machines.push(m);
        }
    }
    if let Some(Value::Array(executors)) = opts.get_mut("executors") {
        executors.push(json!("ASTRO"));
    }
}
