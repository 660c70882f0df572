//! Typed client for the Astro Platform API (v1beta1).
//!
//! The core (every module but `wasm`) does no I/O: it knows the API's models, builds and
//! validates requests, and decodes responses. The `wasm` module, compiled only for
//! `wasm32`, adds transport (the platform `fetch` through gloo-net), timers and the
//! JavaScript surface. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod decoding;
pub mod encoding;
pub mod error;
pub mod models;
pub mod operations;
pub mod pagination;
pub mod retry;
pub mod validation;
pub mod waiters;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
