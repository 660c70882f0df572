//! astro-emulator: a local stand-in of the Astro API v1 (under `/v1`) and the Astro Platform
//! API v1beta1 (under `/platform/v1beta1`), both served from one store.
//!
//! Stateful (optionally persisted with `--data`), validating every request against the
//! version's contract (`spec/astro-v1.yaml`, `spec/platform-v1beta1.yaml`), with real API
//! tokens, fault injection and test hooks. See README.md.

#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod dispatch;
pub mod error;
pub mod fault;
pub mod persist;
pub mod pipeline;
pub mod render;
pub mod respond;
pub mod seed;
pub mod server;
pub mod spec;
pub mod state;
pub mod statics;
pub mod store;
pub mod util;

pub use config::{Config, TokenSpec};
pub use server::{start, RunningServer};
