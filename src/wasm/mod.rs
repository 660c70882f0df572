//! The JavaScript surface (compiled for wasm32 only): `AstroClient`, transport over `fetch`,
//! timers, and the error classes of `js/errors.js`. Public so the wasm-bindgen test suites
//! (tests/wasm_*.rs) can drive `AstroClient` from Rust; JavaScript users get it from the package.

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

pub use client::AstroClient;
