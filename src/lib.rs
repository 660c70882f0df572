//! Typed client for the Astro API: v1beta1 (the Platform API's 20 operations) and v1 (the GA
//! API), each generated from its contract in `spec/`.
//!
//! The core (every module but `client` and `wasm`) does no I/O: it knows each version's
//! operations and models, builds and validates requests, and checks and decodes responses,
//! generically over the generated tables ([`registry`], [`schema`]). Two layers add I/O:
//!
//! - `client` (feature `client`, native targets): an async [`Client`](client::Client) on
//!   reqwest and tokio, with a typed method per operation, retries, timeouts, pagination and
//!   waiters. Its module docs have a quick start.
//! - `wasm` (compiled only for `wasm32`): transport over the platform `fetch` (called from
//!   `js/transport.js`), timers and the JavaScript surface of the npm package.
//!
//! See ARCHITECTURE.md. Without any I/O layer, the core is used like this:
//!
//! ```
//! use astro_platform_client::decoding::{decode_response, Response};
//! use astro_platform_client::operations::{prepare, HttpMethod, Operation, RequestContext};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ctx = RequestContext {
//!     base_url: "https://api.astronomer.io/platform/v1beta1",
//!     default_organization_id: Some("org1"),
//! };
//! let req = prepare(Operation::ListWorkspaces, serde_json::json!({ "limit": 10 }), &ctx)?;
//! assert_eq!(req.method, HttpMethod::Get);
//! assert_eq!(req.url, "https://api.astronomer.io/platform/v1beta1/organizations/org1/workspaces?limit=10");
//! // Send it with any HTTP client, then decode what came back:
//! let body = r#"{"limit":10,"offset":0,"totalCount":0,"workspaces":[]}"#;
//! let decoded = decode_response(Operation::ListWorkspaces, 200, Some("application/json"), body)?;
//! assert!(matches!(decoded, Response::WorkspacesPaginated(page) if page.total_count == 0));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(all(feature = "client", not(target_arch = "wasm32")))]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod client;
pub mod decoding;
pub mod encoding;
mod enums;
pub mod error;
#[cfg(feature = "v1beta1")]
pub mod models;
pub mod numbers;
pub mod operations;
pub mod pagination;
pub mod registry;
pub mod retry;
pub mod schema;
pub mod secret;
pub mod validation;
pub mod waiters;

#[cfg(feature = "v1")]
pub mod v1;
#[cfg(feature = "v1beta1")]
pub mod v1beta1;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
