//! wasm-bindgen-test suite: AstroClient in headless Chromium (a page) against the real emulator over loopback.
//! Run with scripts/test-wasm.sh.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

mod wasm_common;

use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

shared_suite!();

#[wasm_bindgen_test]
fn runs_where_expected() {
    assert_eq!(wasm_common::global_kind(), "Window");
}
