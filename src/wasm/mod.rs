//! The JavaScript surface (compiled for wasm32 only): `AstroClient`, transport over `fetch`,
//! timers, and the error classes of `js/errors.js`. Public so the wasm-bindgen test suites
//! (tests/wasm_*.rs) can drive `AstroClient` from Rust; JavaScript users get it from the package.
//!
//! The client speaks one API version, chosen at build time: `v1beta1` when that feature is on,
//! else `v1` (the package builds one module per version, so each entry carries only its own
//! version's tables). Everything here is generic over that version's registry ([`api::API`]).

mod binary;
mod bridge;
mod call;
mod client;
mod errors;
mod options;
mod paginate;
mod timers;
mod transport;
mod types;
mod wait;

#[cfg(feature = "v1beta1")]
pub(crate) use crate::v1beta1 as api;

#[cfg(all(feature = "v1", not(feature = "v1beta1")))]
pub(crate) use crate::v1 as api;

#[cfg(not(any(feature = "v1beta1", feature = "v1")))]
compile_error!("the wasm layer needs an API version: enable the `v1beta1` or the `v1` feature");

pub use client::AstroClient;

/// The promise of every asynchronous method. The future is boxed to one type, so
/// `future_to_promise`'s polling machinery is compiled once rather than once per method.
pub(crate) fn to_promise(
    future: impl std::future::Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>
        + 'static,
) -> js_sys::Promise {
    let boxed: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>>,
    > = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}
