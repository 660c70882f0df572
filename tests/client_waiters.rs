//! The native client's waiters against the emulator's lifecycle (CREATING -> DEPLOYING ->
//! HEALTHY, CREATING -> CREATED, deletion), with progress, deadlines, `until` checks,
//! transient errors, failure statuses and cancellation by dropping.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use astro_platform_client::client::{
    v1beta1, CallOptions, Error, WaitOptions, WaitProgress, WaitReason,
};
use astro_platform_client::v1beta1::inputs::*;
use astro_platform_client::v1beta1::models::*;
use astro_platform_client::validation::Rule;
use axum::http::header;
use client_support::{builder, dedicated, emulator, eventually, input, serve, Emulator};
use serde_json::json;

type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

/// Wait options polling every 50 ms, recording every status change.
fn recorded(timeout: Duration) -> (WaitOptions, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let options = WaitOptions::new()
        .interval(Duration::from_millis(50))
        .timeout(timeout)
        .on_progress(move |p: &WaitProgress| {
            log.lock()
                .unwrap()
                .push((p.previous.clone(), p.current.clone()))
        });
    (options, seen)
}

fn changes(seen: &Seen) -> Vec<(Option<String>, String)> {
    seen.lock().unwrap().clone()
}

fn change(previous: Option<&str>, current: &str) -> (Option<String>, String) {
    (previous.map(str::to_owned), current.to_owned())
}

async fn new_deployment(astro: &v1beta1::Client) -> Deployment {
    let workspaces = astro
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap();
    let sandbox = workspaces
        .workspaces
        .iter()
        .find(|w| w.name == "Sandbox")
        .unwrap();
    let clusters = astro
        .list_clusters(ListClustersInput::default())
        .await
        .unwrap();
    let aws = clusters
        .clusters
        .iter()
        .find(|c| c.name == "aws-prod-use1")
        .unwrap();
    astro
        .create_deployment(input(dedicated(&sandbox.id, &aws.id)))
        .await
        .unwrap()
}

fn get_deployment(id: &str) -> GetDeploymentInput {
    GetDeploymentInput {
        organization_id: None,
        deployment_id: id.to_owned(),
    }
}

#[tokio::test]
async fn a_new_deployment_is_awaited_until_healthy() {
    let emu = emulator(900).await;
    let astro = emu.v1beta1_client();
    let created = new_deployment(&astro).await;
    let (options, seen) = recorded(Duration::from_secs(20));
    let healthy = astro
        .wait_for_deployment(get_deployment(&created.id), options)
        .await
        .unwrap();
    assert_eq!(healthy.status, DeploymentStatus::Healthy);
    assert_eq!(
        changes(&seen),
        [
            change(None, "CREATING"),
            change(Some("CREATING"), "DEPLOYING"),
            change(Some("DEPLOYING"), "HEALTHY")
        ]
    );
}

#[tokio::test]
async fn a_new_cluster_is_awaited_until_created_then_until_deleted() {
    let emu = emulator(900).await;
    let astro = emu.v1beta1_client();
    let cluster = astro
        .create_cluster(input(
            json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "waited",
            "region": "us-east-1", "vpcSubnetRange": "10.0.0.0/16"}),
        ))
        .await
        .unwrap();
    let get = GetClusterInput {
        organization_id: None,
        cluster_id: cluster.id.clone(),
    };
    let (options, seen) = recorded(Duration::from_secs(20));
    let created = astro.wait_for_cluster(get.clone(), options).await.unwrap();
    assert_eq!(created.status, ClusterStatus::Created);
    assert_eq!(
        changes(&seen),
        [
            change(None, "CREATING"),
            change(Some("CREATING"), "CREATED")
        ]
    );

    // Wait for the deletion while it happens.
    let (options, seen) = recorded(Duration::from_secs(20));
    let waiter = {
        let astro = astro.clone();
        let get = get.clone();
        tokio::spawn(async move { astro.wait_for_cluster_deleted(get, options).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    astro
        .delete_cluster(DeleteClusterInput {
            organization_id: None,
            cluster_id: cluster.id.clone(),
        })
        .await
        .unwrap();
    waiter.await.unwrap().unwrap();
    assert_eq!(
        changes(&seen),
        [change(None, "CREATED"), change(Some("CREATED"), "DELETED")]
    );
}

#[tokio::test]
async fn a_wait_ends_at_its_deadline_with_the_last_status() {
    let emu = emulator(60_000).await;
    let astro = emu.v1beta1_client();
    let created = new_deployment(&astro).await;
    let started = Instant::now();
    let (options, _) = recorded(Duration::from_millis(300));
    let err = astro
        .wait_for_deployment(get_deployment(&created.id), options)
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_secs(3),
        "{took:?}"
    );
    let Error::Wait(w) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (w.waiter, w.reason, w.last_status.as_deref()),
        ("waitForDeployment", WaitReason::TimedOut, Some("CREATING"))
    );
    assert_eq!(
        err.to_string(),
        "waitForDeployment: not HEALTHY within 300 ms (last status \"CREATING\")"
    );
}

#[tokio::test]
async fn until_must_be_a_status_of_the_enum() {
    let emu = emulator(900).await;
    let astro = emu.v1beta1_client();
    let deployments = astro
        .list_deployments(ListDeploymentsInput::default())
        .await
        .unwrap();
    let unhealthy = deployments
        .deployments
        .iter()
        .find(|d| d.name == "legacy-ingest")
        .unwrap();
    emu.clear_journal().await;

    let err = astro
        .wait_for_deployment(
            get_deployment(&unhealthy.id),
            WaitOptions::new().until("HEALTHYY"),
        )
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (v.operation, v.issues[0].path.as_str(), v.issues[0].rule),
        (Some("waitForDeployment"), "until", Rule::Enum)
    );
    assert!(
        v.issues[0].message.contains("HIBERNATING"),
        "{}",
        v.issues[0].message
    );
    let err = astro
        .wait_for_cluster_deleted(
            GetClusterInput {
                organization_id: None,
                cluster_id: "c".into(),
            },
            WaitOptions::new().until("CREATED"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.issues[0].rule == Rule::UnknownField),
        "{err:?}"
    );
    assert!(emu.journal().await.is_empty(), "nothing was polled");

    // A status of the enum other than the default, already reached: one poll.
    let settled = astro
        .wait_for_deployment(
            get_deployment(&unhealthy.id),
            WaitOptions::new().until(DeploymentStatus::Unhealthy),
        )
        .await
        .unwrap();
    assert_eq!(settled.status, DeploymentStatus::Unhealthy);
    assert_eq!(emu.journal().await.len(), 1);
}

#[tokio::test]
async fn transient_errors_keep_the_wait_going_and_others_end_it() {
    let emu = emulator(900).await;
    let astro = emu.v1beta1_client();
    let deployments = astro
        .list_deployments(ListDeploymentsInput::default())
        .await
        .unwrap();
    let healthy = deployments
        .deployments
        .iter()
        .find(|d| d.name == "etl-prod")
        .unwrap();
    emu.clear_journal().await;
    let flaky = CallOptions::new().header("x-emulator-fault", "status=503; times=2; key=poll");
    let options = WaitOptions::new()
        .interval(Duration::from_millis(20))
        .call_options(flaky);
    let done = astro
        .wait_for_deployment(get_deployment(&healthy.id), options)
        .await
        .unwrap();
    assert_eq!(done.status, DeploymentStatus::Healthy);
    let statuses: Vec<u64> = emu
        .journal()
        .await
        .iter()
        .map(|e| e["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [503, 503, 200], "each poll is a single attempt");

    let err = astro
        .wait_for_deployment(get_deployment("clnope"), WaitOptions::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn a_failure_status_ends_a_cluster_wait_at_once() {
    let router = axum::Router::new().fallback(|| async {
        let body = json!({"id": "c1", "name": "broken", "cloudProvider": "AWS", "type": "DEDICATED",
            "region": "us-east-1", "organizationId": "org", "status": "CREATE_FAILED",
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
        (
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
    });
    let base = serve(router).await;
    let astro = builder::<v1beta1::V1beta1>(&base)
        .organization_id("org")
        .build()
        .unwrap();
    let err = astro
        .wait_for_cluster(
            GetClusterInput {
                organization_id: None,
                cluster_id: "c1".into(),
            },
            WaitOptions::new(),
        )
        .await
        .unwrap_err();
    let Error::Wait(w) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (w.reason, w.last_status.as_deref()),
        (WaitReason::Failed, Some("CREATE_FAILED"))
    );
    assert_eq!(
        err.to_string(),
        "waitForCluster: cluster status is CREATE_FAILED, which will not become CREATED"
    );
}

async fn polls(emu: &Emulator) -> usize {
    emu.requests_to("GET", "").await.len()
}

#[tokio::test]
async fn dropping_a_wait_stops_the_polling() {
    let emu = emulator(60_000).await;
    let astro = emu.v1beta1_client();
    let created = new_deployment(&astro).await;
    emu.clear_journal().await;
    let options = WaitOptions::new().interval(Duration::from_millis(30));
    let waiting = {
        let astro = astro.clone();
        let get = get_deployment(&created.id);
        tokio::spawn(async move { astro.wait_for_deployment(get, options).await })
    };
    // Polling, then the future is dropped (abort drops it).
    assert!(eventually(Duration::from_secs(10), || async { polls(&emu).await >= 2 }).await);
    waiting.abort();
    assert!(waiting.await.unwrap_err().is_cancelled());
    let after_drop = polls(&emu).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(polls(&emu).await, after_drop, "no poll after the drop");
}
