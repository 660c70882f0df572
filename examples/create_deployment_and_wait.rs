//! Creates a STANDARD Deployment in a Workspace and waits until it is HEALTHY, printing each
//! status change; deletes it afterwards when `ASTRO_DELETE_AFTER=1`.
//!
//! ```sh
//! ASTRO_API_TOKEN=... ASTRO_ORGANIZATION_ID=... ASTRO_WORKSPACE_ID=... \
//!   cargo run --features client --example create_deployment_and_wait
//! ```
//! Without `ASTRO_WORKSPACE_ID` the first Workspace is used; `ASTRO_BASE_URL` points the client
//! elsewhere (the emulator: `http://127.0.0.1:8788/platform/v1beta1`).

use std::time::Duration;

use astro_platform_client::client::{v1beta1, WaitOptions, WaitProgress};
use astro_platform_client::v1beta1::inputs::*;
use astro_platform_client::v1beta1::models::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = v1beta1::Client::builder()
        .token(std::env::var("ASTRO_API_TOKEN")?)
        .organization_id(std::env::var("ASTRO_ORGANIZATION_ID")?);
    if let Ok(url) = std::env::var("ASTRO_BASE_URL") {
        builder = builder.base_url(url);
    }
    let astro = builder.build()?;

    let workspace_id = match std::env::var("ASTRO_WORKSPACE_ID") {
        Ok(id) => id,
        Err(_) => {
            let first = astro
                .list_workspaces(ListWorkspacesInput {
                    limit: Some(1),
                    ..Default::default()
                })
                .await?;
            first
                .workspaces
                .into_iter()
                .next()
                .ok_or("the Organization has no Workspace")?
                .id
        }
    };
    // The newest runtime the API offers.
    let options = astro
        .get_deployment_options(GetDeploymentOptionsInput::default())
        .await?;
    let runtime = options
        .runtime_releases
        .first()
        .ok_or("no runtime release offered")?
        .version
        .clone();

    let deployment = astro
        .create_deployment(CreateDeploymentInput {
            organization_id: None,
            body: CreateDeploymentRequest::Standard(CreateStandardDeploymentRequest {
                r#type: RequestDeploymentType::Standard,
                name: "example-from-rust".into(),
                description: Some("created by examples/create_deployment_and_wait.rs".into()),
                workspace_id,
                astro_runtime_version: runtime,
                cloud_provider: Some(RequestCloudProvider::Aws),
                region: std::env::var("ASTRO_REGION").ok(),
                cluster_id: None,
                executor: RequestExecutor::Celery,
                scheduler_size: RequestSchedulerSize::Small,
                is_cicd_enforced: false,
                is_dag_deploy_enabled: true,
                is_high_availability: false,
                default_task_pod_cpu: "0.25".into(),
                default_task_pod_memory: "0.5Gi".into(),
                resource_quota_cpu: "10".into(),
                resource_quota_memory: "20Gi".into(),
                worker_queues: None,
            }),
        })
        .await?;
    println!(
        "created {} ({}), status {}",
        deployment.name, deployment.id, deployment.status
    );

    let get = GetDeploymentInput {
        organization_id: None,
        deployment_id: deployment.id.clone(),
    };
    let wait = WaitOptions::new()
        .timeout(Duration::from_secs(15 * 60))
        .interval(Duration::from_secs(1))
        .on_progress(|p: &WaitProgress| {
            println!(
                "  {:>6.1} s  {} -> {}",
                p.elapsed.as_secs_f64(),
                p.previous.as_deref().unwrap_or("-"),
                p.current
            );
        });
    let healthy = astro.wait_for_deployment(get, wait).await?;
    println!(
        "{} is {}: {}",
        healthy.name,
        healthy.status,
        healthy.web_server_url.as_deref().unwrap_or("(no URL)")
    );

    if std::env::var("ASTRO_DELETE_AFTER").as_deref() == Ok("1") {
        astro
            .delete_deployment(DeleteDeploymentInput {
                organization_id: None,
                deployment_id: deployment.id,
            })
            .await?;
        println!("deleted");
    }
    Ok(())
}
