//! wasm-bindgen-test suite: AstroClient in Node against the real emulator over loopback.
//! Run with scripts/test-wasm.sh.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

mod wasm_common;

use wasm_bindgen_test::wasm_bindgen_test;

shared_suite!();

// Runs in Node (the default of wasm-bindgen-test).

#[wasm_bindgen_test]
fn runs_where_expected() {
    assert!(
        js_sys::Reflect::has(&js_sys::global(), &"process".into()).unwrap(),
        "runs in Node"
    );
}
