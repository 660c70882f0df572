//! One trivial test, run by wasm-bindgen-test-runner in a service worker.
#![cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_service_worker);

#[wasm_bindgen_test]
fn one_plus_one() {
    assert_eq!(1 + 1, runner_stall_sw::two());
}

#[wasm_bindgen_test]
fn snippets() {
    assert_eq!(runner_stall_sw::five(), 5);
}
