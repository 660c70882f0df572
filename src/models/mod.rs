//! One Rust type per schema of the API. Response types are lenient (unknown fields ignored,
//! unknown enum values kept); request types are strict.
pub mod cluster;
pub mod common;
pub mod deployment;
pub mod options;
pub mod organization;
pub mod requests;
pub mod workspace;
