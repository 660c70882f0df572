//! astro-emulator: a local stand-in of the Astro Platform API v1beta1.
//!
//! Stateful (optionally persisted with `--data`), validating every request against
//! `spec/platform-v1beta1.yaml`, with fault injection and test hooks. See README.md.

#![forbid(unsafe_code)]

pub mod catalog;
pub mod config;
pub mod fault;
pub mod persist;
pub mod seed;
pub mod server;
pub mod spec;
pub mod statics;
pub mod store;
pub mod util;

pub use config::{Config, TokenSpec};
pub use server::{start, RunningServer};
