//! Lists the Deployments of an Organization (the first page, up to 50).
//!
//! ```sh
//! ASTRO_API_TOKEN=... ASTRO_ORGANIZATION_ID=... cargo run --features client --example list_deployments
//! # against the emulator (`make emulator && target/release/astro-emulator`):
//! ASTRO_BASE_URL=http://127.0.0.1:8788/platform/v1beta1 ASTRO_API_TOKEN=astro-demo-token \
//!   ASTRO_ORGANIZATION_ID=cl0acme0org00000000000001 cargo run --features client --example list_deployments
//! ```

use astro_platform_client::client::v1beta1;
use astro_platform_client::v1beta1::inputs::ListDeploymentsInput;
use astro_platform_client::v1beta1::models::Sort;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = v1beta1::Client::builder()
        .token(std::env::var("ASTRO_API_TOKEN")?)
        .organization_id(std::env::var("ASTRO_ORGANIZATION_ID")?);
    if let Ok(url) = std::env::var("ASTRO_BASE_URL") {
        builder = builder.base_url(url);
    }
    let astro = builder.build()?;

    let page = astro
        .list_deployments(ListDeploymentsInput {
            limit: Some(50),
            sorts: Some(vec![Sort::NameAsc]),
            ..Default::default()
        })
        .await?;
    println!(
        "{} of {} Deployments:",
        page.deployments.len(),
        page.total_count
    );
    for d in &page.deployments {
        let workspace = d.workspace_name.as_deref().unwrap_or(&d.workspace_id);
        println!("  {:<24} {:<10} {workspace}", d.name, d.status.as_str());
    }
    Ok(())
}
