//! Routing is generic over the contracts: every operation of each contract reaches a handler
//! (never the router's 404/405, never a 501 "not implemented").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use astro_emulator::spec::{ApiVersion, Segment, Spec};
use common::*;

#[tokio::test]
async fn every_operation_of_each_contract_is_answered_by_a_handler() {
    let emu = start(config()).await;
    for version in ApiVersion::ALL {
        let spec = Spec::load_version(version).unwrap();
        let base = match version {
            ApiVersion::V1Beta1 => emu.api.clone(),
            ApiVersion::V1 => emu.v1.clone(),
        };
        assert!(!spec.operations.is_empty());
        for op in &spec.operations {
            let path: Vec<String> = op
                .segments
                .iter()
                .map(|s| match s {
                    Segment::Literal(l) => l.clone(),
                    Segment::Param(p) if p == "organizationId" => DEMO_ORG.to_string(),
                    Segment::Param(_) => "clnotthere0000000000000000".to_string(),
                })
                .collect();
            let url = format!("{base}/{}", path.join("/"));
            let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
            let body = (!matches!(op.body, astro_emulator::spec::BodyCheck::None))
                .then(|| "{}".to_string());
            let r = emu.raw(method, &url, Some(TOKEN), &[], body).await;
            let what = format!(
                "{} {} {} -> {} {}",
                version.label(),
                op.id,
                url,
                r.status,
                r.text
            );
            assert_ne!(r.status, 501, "{what}");
            assert_ne!(r.status, 405, "{what}");
            assert!(!r.text.contains("No API operation at"), "{what}");
            assert!(!r.text.contains("not implemented"), "{what}");
        }
    }
}
