//! The JavaScript surface (compiled for wasm32 only): `AstroClient`, transport over `fetch`,
//! timers, and the error classes of `js/errors.js`.

mod bridge;
mod call;
mod client;
mod errors;
mod options;
mod timers;
mod transport;
mod types;
