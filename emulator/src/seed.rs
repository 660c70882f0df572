//! The seeded organizations. Ids are fixed (the same on every start), so tests, the demo and
//! `--token TOKEN@ORG_ID` can name them.

use serde_json::{json, Value};

use crate::store::users::user_doc;
use crate::store::{ApiError, Ctx, Db, Obj};
use crate::util::{epoch_ms, rfc3339};

/// The demo organization (listed first).
pub const DEMO_ORG_ID: &str = "cl0acme0org00000000000001";
/// A second organization, for 403 tests with a token scoped to the demo org.
pub const SECOND_ORG_ID: &str = "cl0globex0org000000000002";
/// The user the configured tokens (`--token`, the demo token) belong to: Ada Lovelace, owner
/// of both organizations.
pub const DEMO_USER_ID: &str = "clusr0ada0lovelace0000001";
/// The seeded Team of the demo organization.
pub const DEMO_TEAM_ID: &str = "clteam0data0platform00001";

fn user(id: &str, full_name: &str, username: &str) -> Value {
    json!({ "id": id, "subjectType": "USER", "fullName": full_name, "username": username })
}

fn org_doc(v: Value) -> Obj {
    v.as_object().cloned().unwrap_or_default()
}

fn settle_cluster(db: &mut Db, id: &str) {
    if let Some(c) = db
        .clusters
        .iter_mut()
        .find(|c| c.doc.get("id").and_then(Value::as_str) == Some(id))
    {
        c.phase = None;
        c.doc.insert("status".into(), json!("CREATED"));
    }
}

fn settle_deployment(db: &mut Db, id: &str, status: &str, reason: &str) {
    if let Some(d) = db
        .deployments
        .iter_mut()
        .find(|d| d.doc.get("id").and_then(Value::as_str) == Some(id))
    {
        d.phase = None;
        d.doc.insert("status".into(), json!(status));
        d.doc.insert("statusReason".into(), json!(reason));
    }
}

fn id_of(v: &Value) -> String {
    v.get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn pool_ids(c: &Value) -> Vec<String> {
    c.get("nodePools")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(id_of).collect())
        .unwrap_or_default()
}

/// Builds the seed state. Deterministic: same ids and timestamps on every call.
pub fn seed() -> Result<Db, ApiError> {
    let mut db = Db::default();
    let ada = user(
        "clusr0ada0lovelace0000001",
        "Ada Lovelace",
        "ada@acme.example",
    );
    let grace = user(
        "clusr0grace0hopper000002",
        "Grace Hopper",
        "grace@acme.example",
    );
    let hank = user(
        "clusr0hank0scorpio000003",
        "Hank Scorpio",
        "hank@globex.example",
    );
    let t = |y, mo, d| rfc3339(epoch_ms(y, mo, d, 9, 30));

    db.organizations.push(org_doc(json!({
        "id": DEMO_ORG_ID,
        "name": "Acme Analytics",
        "billingEmail": "billing@acme.example",
        "isScimEnabled": false,
        "managedDomains": [{
            "id": "cldom0acme0example0000001", "name": "acme.example", "organizationId": DEMO_ORG_ID,
            "status": "VERIFIED", "enforcedLogins": ["password", "google"],
            "createdAt": t(2023, 3, 15), "updatedAt": t(2023, 3, 16),
        }],
        "paymentMethod": "INVOICE",
        "product": "HOSTED",
        "status": "ACTIVE",
        "supportPlan": "BUSINESS_CRITICAL",
        "createdAt": t(2023, 3, 14),
        "updatedAt": t(2023, 9, 1),
        "createdBy": ada,
        "updatedBy": grace,
    })));
    db.organizations.push(org_doc(json!({
        "id": SECOND_ORG_ID,
        "name": "Globex Corporation",
        "billingEmail": "accounts@globex.example",
        "isScimEnabled": true,
        "managedDomains": [],
        "paymentMethod": "CREDIT_CARD",
        "product": "HYBRID",
        "status": "ACTIVE",
        "supportPlan": "STANDARD",
        "createdAt": t(2023, 5, 2),
        "updatedAt": t(2023, 5, 2),
        "createdBy": hank,
        "updatedBy": hank,
    })));

    let mut ctx = Ctx::detached(epoch_ms(2023, 4, 1, 10, 0), ada.clone(), 20_231_201);
    let day = 86_400_000;
    let org = DEMO_ORG_ID;

    // Workspaces.
    let de = db.create_workspace(org, &json!({"name": "Data Engineering", "description": "Ingestion and ETL pipelines", "cicdEnforcedDefault": true}), &mut ctx)?;
    ctx.now_ms += day;
    let an = db.create_workspace(org, &json!({"name": "Analytics", "description": "Reporting and dashboards", "cicdEnforcedDefault": false}), &mut ctx)?;
    ctx.now_ms += day;
    ctx.subject = grace.clone();
    let ml = db.create_workspace(org, &json!({"name": "Machine Learning", "description": "Feature pipelines and model training", "cicdEnforcedDefault": true}), &mut ctx)?;
    ctx.now_ms += day;
    let _sandbox = db.create_workspace(org, &json!({"name": "Sandbox", "description": "Experiments; safe to delete", "cicdEnforcedDefault": false}), &mut ctx)?;
    ctx.now_ms += 3 * day;
    let (de, an, ml) = (id_of(&de), id_of(&an), id_of(&ml));

    // Clusters.
    ctx.subject = ada.clone();
    let aws = db.create_cluster(org, &json!({
        "cloudProvider": "AWS", "type": "DEDICATED", "name": "aws-prod-use1", "region": "us-east-1",
        "vpcSubnetRange": "172.20.0.0/19", "workspaceIds": [de, an],
        "k8sTags": [{"key": "team", "value": "data-platform"}, {"key": "env", "value": "prod"}],
        "nodePools": [
            {"name": "default", "isDefault": true, "maxNodeCount": 20, "nodeInstanceType": "m5.xlarge"},
            {"name": "high-memory", "isDefault": false, "maxNodeCount": 10, "nodeInstanceType": "m5.4xlarge"},
        ],
    }), &mut ctx)?;
    ctx.now_ms += day;
    let azure = db.create_cluster(org, &json!({
        "cloudProvider": "AZURE", "type": "DEDICATED", "name": "azure-eu-west", "region": "westeurope",
        "vpcSubnetRange": "172.20.0.0/19", "tenantId": "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", "workspaceIds": [de],
    }), &mut ctx)?;
    ctx.now_ms += day;
    let gcp = db.create_cluster(org, &json!({
        "cloudProvider": "GCP", "type": "HYBRID", "name": "gcp-hybrid-usc1", "region": "us-central1",
        "vpcSubnetRange": "172.20.0.0/22", "podSubnetRange": "172.21.0.0/19",
        "servicePeeringRange": "172.23.0.0/20", "serviceSubnetRange": "172.22.0.0/22",
        "providerAccount": "acme-astro-prod", "dbInstanceType": "db-custom-4-16384", "workspaceIds": [ml],
        "nodePools": [
            {"name": "default", "isDefault": true, "maxNodeCount": 15, "nodeInstanceType": "e2-standard-4"},
            {"name": "large", "isDefault": false, "maxNodeCount": 6, "nodeInstanceType": "e2-standard-8"},
        ],
    }), &mut ctx)?;
    ctx.now_ms += day;
    let aws_h = db.create_cluster(org, &json!({
        "cloudProvider": "AWS", "type": "HYBRID", "name": "aws-hybrid-euc1", "region": "eu-central-1",
        "vpcSubnetRange": "172.30.0.0/20", "providerAccount": "123456789012", "dbInstanceType": "db.m6g.large",
        "workspaceIds": [de],
    }), &mut ctx)?;
    for c in [&aws, &azure, &gcp, &aws_h] {
        settle_cluster(&mut db, &id_of(c));
    }
    ctx.now_ms += 2 * day;
    let gcp_pools = pool_ids(&gcp);
    let aws_h_pools = pool_ids(&aws_h);

    // Deployments.
    let common = |name: &str, kind: &str, ws: &str, executor: &str, runtime: &str| {
        json!({ "name": name, "type": kind, "workspaceId": ws, "executor": executor, "astroRuntimeVersion": runtime,
                "isCicdEnforced": false, "isDagDeployEnabled": true })
    };
    let merge = |mut a: Value, extra: Value| {
        if let (Some(a), Some(extra)) = (a.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                a.insert(k.clone(), v.clone());
            }
        }
        a
    };
    let sized = |size: &str, ha: bool| {
        json!({ "schedulerSize": size, "isHighAvailability": ha, "defaultTaskPodCpu": "0.5", "defaultTaskPodMemory": "1Gi",
                "resourceQuotaCpu": "160", "resourceQuotaMemory": "320Gi" })
    };
    let mut settled: Vec<(String, &str, &str)> = Vec::new();

    let etl = db.create_deployment(org, &merge(merge(common("etl-prod", "DEDICATED", &de, "CELERY", "9.5.0"), sized("MEDIUM", true)), json!({
        "clusterId": id_of(&aws), "description": "Nightly ingestion from the operational databases",
        "workerQueues": [
            {"name": "default", "isDefault": true, "astroMachine": "A10", "minWorkerCount": 1, "maxWorkerCount": 10, "workerConcurrency": 16},
            {"name": "heavy", "isDefault": false, "astroMachine": "A40", "minWorkerCount": 0, "maxWorkerCount": 5, "workerConcurrency": 32},
        ],
    })), &mut ctx)?;
    let etl_id = id_of(&etl);
    ctx.now_ms += day;
    let mut upd = merge(
        merge(
            common("etl-prod", "DEDICATED", &de, "CELERY", "9.5.0"),
            sized("MEDIUM", true),
        ),
        json!({
            "description": "Nightly ingestion from the operational databases",
            "contactEmails": ["ada@acme.example", "oncall-data@acme.example"],
            "environmentVariables": [
                {"key": "AIRFLOW__CORE__PARALLELISM", "value": "64", "isSecret": false},
                {"key": "WAREHOUSE_PASSWORD", "value": "s3cr3t-not-shown", "isSecret": true},
            ],
        }),
    );
    if let Some(o) = upd.as_object_mut() {
        o.remove("astroRuntimeVersion");
    }
    db.update_deployment(org, &etl_id, &upd, &mut ctx)?;
    settled.push((etl_id, "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;

    let stg = db.create_deployment(
        org,
        &merge(
            merge(
                common("etl-staging", "DEDICATED", &de, "KUBERNETES", "9.4.0"),
                sized("SMALL", false),
            ),
            json!({
                "clusterId": id_of(&azure), "description": "Staging copy of etl-prod",
            }),
        ),
        &mut ctx,
    )?;
    settled.push((id_of(&stg), "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;
    ctx.subject = grace.clone();
    let rep = db.create_deployment(org, &merge(merge(common("marketing-reports", "STANDARD", &an, "CELERY", "9.2.0"), sized("SMALL", false)), json!({
        "cloudProvider": "AWS", "region": "us-east-1", "description": "Weekly marketing KPIs",
    })), &mut ctx)?;
    settled.push((id_of(&rep), "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;
    let fin = db.create_deployment(
        org,
        &merge(
            merge(
                common(
                    "finance-dashboards",
                    "STANDARD",
                    &an,
                    "KUBERNETES",
                    "10.0.0",
                ),
                sized("SMALL", false),
            ),
            json!({
                "cloudProvider": "GCP", "region": "us-central1",
            }),
        ),
        &mut ctx,
    )?;
    settled.push((id_of(&fin), "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;
    let train = db.create_deployment(org, &merge(common("model-training", "HYBRID", &ml, "KUBERNETES", "9.5.0"), json!({
        "clusterId": id_of(&gcp), "scheduler": {"au": 10, "replicas": 2}, "description": "GPU-free model training",
        "taskPodNodePoolId": gcp_pools.get(1).cloned().unwrap_or_default(),
    })), &mut ctx)?;
    settled.push((id_of(&train), "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;
    let feat = db.create_deployment(org, &merge(common("feature-pipeline", "HYBRID", &ml, "CELERY", "9.4.0"), json!({
        "clusterId": id_of(&gcp), "scheduler": {"au": 5, "replicas": 1},
        "workerQueues": [
            {"name": "default", "isDefault": true, "nodePoolId": gcp_pools.first().cloned().unwrap_or_default(), "minWorkerCount": 1, "maxWorkerCount": 8, "workerConcurrency": 16},
            {"name": "large", "isDefault": false, "nodePoolId": gcp_pools.get(1).cloned().unwrap_or_default(), "minWorkerCount": 0, "maxWorkerCount": 4, "workerConcurrency": 8},
        ],
    })), &mut ctx)?;
    settled.push((id_of(&feat), "HEALTHY", "Successfully Deployed"));
    ctx.now_ms += day;
    let legacy = db.create_deployment(org, &merge(common("legacy-ingest", "HYBRID", &de, "CELERY", "8.8.0"), json!({
        "clusterId": id_of(&aws_h), "scheduler": {"au": 5, "replicas": 1}, "description": "Old ingestion, being retired",
        "workerQueues": [
            {"name": "default", "isDefault": true, "nodePoolId": aws_h_pools.first().cloned().unwrap_or_default(), "minWorkerCount": 0, "maxWorkerCount": 2, "workerConcurrency": 8},
        ],
    })), &mut ctx)?;
    settled.push((
        id_of(&legacy),
        "UNHEALTHY",
        "Scheduler is restarting (CrashLoopBackOff)",
    ));

    // The second organization.
    ctx.subject = hank;
    ctx.now_ms = epoch_ms(2023, 5, 3, 14, 0);
    let ops = db.create_workspace(SECOND_ORG_ID, &json!({"name": "Operations", "description": "Globex operations", "cicdEnforcedDefault": false}), &mut ctx)?;
    ctx.now_ms += day;
    let gc = db.create_cluster(SECOND_ORG_ID, &json!({
        "cloudProvider": "AWS", "type": "DEDICATED", "name": "globex-usw2", "region": "us-west-2",
        "vpcSubnetRange": "10.40.0.0/19", "workspaceIds": [id_of(&ops)],
    }), &mut ctx)?;
    settle_cluster(&mut db, &id_of(&gc));
    ctx.now_ms += day;
    let gd = db.create_deployment(
        SECOND_ORG_ID,
        &merge(
            merge(
                common("ops-etl", "DEDICATED", &id_of(&ops), "CELERY", "9.1.0"),
                sized("SMALL", false),
            ),
            json!({
                "clusterId": id_of(&gc),
            }),
        ),
        &mut ctx,
    )?;
    settled.push((id_of(&gd), "HEALTHY", "Successfully Deployed"));

    for (id, status, reason) in settled {
        settle_deployment(&mut db, &id, status, reason);
    }
    seed_people(&mut db, &de, &ml, &ada);
    Ok(db)
}

/// Users with their roles, and one Team.
fn seed_people(db: &mut Db, data_engineering: &str, machine_learning: &str, ada: &Value) {
    let people = [
        (
            DEMO_USER_ID,
            "Ada Lovelace",
            "ada@acme.example",
            "2023-03-14T09:30:00Z",
        ),
        (
            "clusr0grace0hopper000002",
            "Grace Hopper",
            "grace@acme.example",
            "2023-03-20T09:30:00Z",
        ),
        (
            "clusr0hank0scorpio000003",
            "Hank Scorpio",
            "hank@globex.example",
            "2023-05-02T09:30:00Z",
        ),
        (
            "clusr0linus0pauling00004",
            "Linus Pauling",
            "linus@acme.example",
            "2023-06-01T09:30:00Z",
        ),
    ];
    for (id, name, username, at) in people {
        db.users.push(user_doc(id, name, username, "ACTIVE", at));
    }
    db.set_org_roles(DEMO_USER_ID, DEMO_ORG_ID, "ORGANIZATION_OWNER");
    db.set_org_roles(DEMO_USER_ID, SECOND_ORG_ID, "ORGANIZATION_OWNER");
    db.set_org_roles(
        "clusr0grace0hopper000002",
        DEMO_ORG_ID,
        "ORGANIZATION_MEMBER",
    );
    db.set_org_roles(
        "clusr0hank0scorpio000003",
        SECOND_ORG_ID,
        "ORGANIZATION_OWNER",
    );
    db.set_org_roles(
        "clusr0linus0pauling00004",
        DEMO_ORG_ID,
        "ORGANIZATION_MEMBER",
    );
    let grace_roles = json!([{ "workspaceId": machine_learning, "role": "WORKSPACE_OWNER" }]);
    if let Some(Value::Object(r)) = db
        .users
        .iter_mut()
        .find(|u| u.get("id").and_then(Value::as_str) == Some("clusr0grace0hopper000002"))
        .and_then(|u| u.get_mut("orgRoles"))
        .and_then(|r| r.get_mut(DEMO_ORG_ID))
    {
        r.insert("workspaceRoles".into(), grace_roles);
    }
    db.teams.push(org_doc(json!({
        "id": DEMO_TEAM_ID, "organizationId": DEMO_ORG_ID, "name": "Data Platform",
        "description": "Owns the ingestion pipelines", "isIdpManaged": false,
        "organizationRole": "ORGANIZATION_MEMBER",
        "workspaceRoles": [{ "workspaceId": data_engineering, "role": "WORKSPACE_OPERATOR" }],
        "deploymentRoles": [], "dagRoles": [],
        "memberIds": [DEMO_USER_ID, "clusr0grace0hopper000002"],
        "createdAt": "2023-04-10T09:30:00Z", "updatedAt": "2023-04-10T09:30:00Z",
        "createdBy": ada, "updatedBy": ada,
    })));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_complete() {
        let a = seed();
        let b = seed();
        assert!(a.is_ok(), "{a:?}");
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        assert_eq!(
            serde_json::to_string(&a).ok(),
            serde_json::to_string(&b).ok()
        );
        assert_eq!(a.organizations.len(), 2);
        assert!(a.workspaces.len() >= 4);
        let kinds: Vec<&str> = a
            .deployments
            .iter()
            .filter_map(|d| d.doc.get("type").and_then(Value::as_str))
            .collect();
        for k in ["DEDICATED", "HYBRID", "STANDARD"] {
            assert!(kinds.contains(&k), "no {k} deployment");
        }
        let providers: Vec<&str> = a
            .clusters
            .iter()
            .filter_map(|c| c.doc.get("cloudProvider").and_then(Value::as_str))
            .collect();
        for p in ["AWS", "AZURE", "GCP"] {
            assert!(providers.contains(&p), "no {p} cluster");
        }
    }
}
