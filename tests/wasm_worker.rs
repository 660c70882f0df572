//! wasm-bindgen-test suite: AstroClient in a service worker in headless Chromium against the real emulator over loopback.
//! Run with scripts/test-wasm.sh.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

mod wasm_common;

use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_service_worker);

#[wasm_bindgen_test]
async fn organizations() {
    wasm_common::organizations().await;
}

#[wasm_bindgen_test]
async fn clusters() {
    wasm_common::clusters().await;
}

#[wasm_bindgen_test]
async fn options() {
    wasm_common::options().await;
}

#[wasm_bindgen_test]
async fn workspaces() {
    wasm_common::workspaces().await;
}

#[wasm_bindgen_test]
async fn deployments() {
    wasm_common::deployments().await;
}

#[wasm_bindgen_test]
async fn api_error() {
    wasm_common::api_error().await;
}

#[wasm_bindgen_test]
async fn validation_error() {
    wasm_common::validation_error().await;
}

#[wasm_bindgen_test]
async fn prepare_sends_nothing() {
    wasm_common::prepare_sends_nothing().await;
}

#[wasm_bindgen_test]
async fn network_error() {
    wasm_common::network_error().await;
}

#[wasm_bindgen_test]
fn runs_where_expected() {
    assert_eq!(wasm_common::global_kind(), "ServiceWorkerGlobalScope");
}

#[wasm_bindgen_test]
async fn pagination_exact_offsets() {
    wasm_common::pagination_exact_offsets().await;
}

#[wasm_bindgen_test]
async fn retry_503_then_success_with_hooks() {
    wasm_common::retry_503_then_success_with_hooks().await;
}

#[wasm_bindgen_test]
async fn post_not_retried() {
    wasm_common::post_not_retried().await;
}

#[wasm_bindgen_test]
async fn retry_after_honoured() {
    wasm_common::retry_after_honoured().await;
}

#[wasm_bindgen_test]
async fn timeout() {
    wasm_common::timeout().await;
}

#[wasm_bindgen_test]
async fn abort_during_fetch() {
    wasm_common::abort_during_fetch().await;
}

#[wasm_bindgen_test]
async fn abort_during_backoff() {
    wasm_common::abort_during_backoff().await;
}

#[wasm_bindgen_test]
async fn waiters() {
    wasm_common::waiters().await;
}

#[wasm_bindgen_test]
async fn throwing_hooks_do_not_break_calls() {
    wasm_common::throwing_hooks_do_not_break_calls().await;
}

#[wasm_bindgen_test]
async fn hostile_responses() {
    wasm_common::hostile_responses().await;
}
