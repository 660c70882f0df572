//! Pages through every Deployment of an Organization as a stream (one page in memory at a
//! time) and counts them by status; then collects up to 500 Workspaces with `list_all`.
//!
//! ```sh
//! ASTRO_API_TOKEN=... ASTRO_ORGANIZATION_ID=... cargo run --features client --example paginate_all
//! ```

use std::collections::BTreeMap;

use astro_platform_client::client::v1beta1;
use astro_platform_client::v1beta1::inputs::{ListDeploymentsInput, ListWorkspacesInput};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = v1beta1::Client::builder()
        .token(std::env::var("ASTRO_API_TOKEN")?)
        .organization_id(std::env::var("ASTRO_ORGANIZATION_ID")?);
    if let Ok(url) = std::env::var("ASTRO_BASE_URL") {
        builder = builder.base_url(url);
    }
    let astro = builder.build()?;

    // `limit` is the page size; the stream asks for the next page when it needs it.
    let mut deployments = astro.paginate(ListDeploymentsInput {
        limit: Some(100),
        ..Default::default()
    });
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    while let Some(deployment) = deployments.try_next().await? {
        *by_status.entry(deployment.status.to_string()).or_default() += 1;
        total += 1;
    }
    println!("{total} Deployments");
    for (status, count) in &by_status {
        println!("  {status:<12} {count}");
    }

    // The same with any stream combinator (futures' TryStreamExt), here collecting names.
    let names: Vec<String> = astro
        .paginate(ListWorkspacesInput::default())
        .map_ok(|w| w.name)
        .try_collect()
        .await?;
    println!("{} Workspaces: {}", names.len(), names.join(", "));

    // `list_all` gathers everything into a Vec, up to a cap.
    let capped = astro.list_all(ListWorkspacesInput::default(), 500).await?;
    println!("list_all kept {} Workspaces (cap 500)", capped.len());
    Ok(())
}
