//! Pagination with the native client over real HTTP: a stream over more than 1,000 items, one
//! page in memory at a time, `list_all` with its cap, and the cursor's guards.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::collections::BTreeSet;

use astro_platform_client::client::{v1beta1, CallOptions, Error};
use astro_platform_client::v1beta1::inputs::*;
use astro_platform_client::v1beta1::models::{CreateWorkspaceRequest, Sort};
use axum::http::header;
use client_support::{builder, emulator, serve, Emulator};
use futures_util::{StreamExt, TryStreamExt};

/// Adds `n` workspaces (16 requests in flight at a time).
async fn add_workspaces(astro: &v1beta1::Client, n: usize) {
    futures_util::stream::iter(0..n)
        .map(|i| {
            let input = CreateWorkspaceInput {
                organization_id: None,
                body: CreateWorkspaceRequest {
                    name: format!("ws-{i:04}"),
                    description: None,
                    cicd_enforced_default: None,
                },
            };
            async move { astro.create_workspace(input).await.map(|_| ()) }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .unwrap();
}

/// The `offset` and `limit` of every listWorkspaces request, in order.
async fn pages_requested(emu: &Emulator) -> Vec<String> {
    emu.requests_to("GET", "/workspaces")
        .await
        .iter()
        .map(|e| e["query"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_stream_walks_more_than_a_thousand_items_one_page_at_a_time() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    add_workspaces(&astro, 1046).await;
    emu.clear_journal().await;

    // Default page size (100): 11 pages, every item once, in the requested order.
    let input = ListWorkspacesInput {
        sorts: Some(vec![Sort::CreatedAtAsc]),
        ..Default::default()
    };
    let items: Vec<_> = astro.paginate(input.clone()).try_collect().await.unwrap();
    assert_eq!(items.len(), 1050);
    let ids: BTreeSet<&str> = items.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids.len(), 1050, "no item twice");
    let pages = pages_requested(&emu).await;
    assert_eq!(pages.len(), 11);
    assert_eq!(pages[0], "offset=0&limit=100&sorts=createdAt:asc");
    assert_eq!(pages[10], "offset=1000&limit=100&sorts=createdAt:asc");

    // Pages of 1,000: two requests.
    emu.clear_journal().await;
    let mut big = astro.paginate(ListWorkspacesInput {
        limit: Some(1000),
        ..Default::default()
    });
    let mut count = 0;
    while let Some(_workspace) = big.try_next().await.unwrap() {
        count += 1;
    }
    assert_eq!(count, 1050);
    assert_eq!(
        pages_requested(&emu).await,
        ["offset=0&limit=1000", "offset=1000&limit=1000"]
    );

    // Consuming five items fetches one page; the next page only when the consumer gets there.
    emu.clear_journal().await;
    let mut stream = astro.paginate(ListWorkspacesInput {
        limit: Some(100),
        ..Default::default()
    });
    for _ in 0..5 {
        stream.next().await.unwrap().unwrap();
    }
    assert_eq!(pages_requested(&emu).await.len(), 1);
    for _ in 5..101 {
        stream.next().await.unwrap().unwrap();
    }
    assert_eq!(pages_requested(&emu).await.len(), 2);
    // Dropping the stream stops the listing.
    drop(stream);
    assert_eq!(pages_requested(&emu).await.len(), 2);
}

#[tokio::test]
async fn list_all_stops_at_its_cap() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    add_workspaces(&astro, 300).await;
    emu.clear_journal().await;
    let some = astro
        .list_all(
            ListWorkspacesInput {
                limit: Some(100),
                ..Default::default()
            },
            250,
        )
        .await
        .unwrap();
    assert_eq!(some.len(), 250);
    assert_eq!(pages_requested(&emu).await.len(), 3);
    let all = astro
        .list_all(
            ListWorkspacesInput {
                offset: Some(300),
                ..Default::default()
            },
            10_000,
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 4, "from offset 300 of 304");
    let none = astro
        .list_all(ListWorkspacesInput::default(), 0)
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_zero_limit_and_a_failing_page_end_the_listing_with_an_error() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let mut stream = astro.paginate(ListWorkspacesInput {
        limit: Some(0),
        ..Default::default()
    });
    let err = stream.try_next().await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.issues[0].path == "limit"),
        "{err:?}"
    );
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "the stream ends after an error"
    );
    let err = astro
        .list_all(
            ListWorkspacesInput {
                limit: Some(0),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));

    let failing = CallOptions::new().header("x-emulator-fault", "status=404");
    let mut stream = astro.paginate_with(ListWorkspacesInput::default(), failing);
    let err = stream.try_next().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(stream.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn a_server_that_ignores_the_offset_is_caught() {
    // Always the first page of a list of 3, whatever the offset asked.
    let router = axum::Router::new().fallback(|| async {
        let body = r#"{"workspaces":[{"id":"w1","name":"a","cicdEnforcedDefault":false,"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","organizationId":"org"},{"id":"w2","name":"b","cicdEnforcedDefault":false,"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","organizationId":"org"}],"totalCount":3,"limit":2,"offset":0}"#;
        ([(header::CONTENT_TYPE, "application/json")], body)
    });
    let base = serve(router).await;
    let astro = builder::<v1beta1::V1beta1>(&base)
        .organization_id("org")
        .build()
        .unwrap();
    let mut stream = astro.paginate(ListWorkspacesInput {
        limit: Some(2),
        ..Default::default()
    });
    assert_eq!(stream.try_next().await.unwrap().unwrap().id, "w1");
    assert_eq!(stream.try_next().await.unwrap().unwrap().id, "w2");
    let err = stream.try_next().await.unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(
        d.message
            .contains("the server answered offset 0 to a request for offset 2"),
        "{}",
        d.message
    );
}
