//! The async native client (feature `client`): one [`Client`] per API version, with a typed
//! async method per operation, retries, per-attempt timeouts, pagination as a
//! [`Stream`](futures_core::Stream) and waiters, on [reqwest] (rustls with ring, no OpenSSL) and
//! [tokio].
//!
//! It is the same core the npm package runs, with the same policies: requests are built and
//! validated by [`crate::operations`], responses checked and decoded by [`crate::decoding`],
//! retries decided by [`crate::retry`], pages walked by [`crate::pagination`] and waits
//! classified by [`crate::waiters`]. This module adds the transport, the clock and the typed
//! surface (generated from the contracts by `cargo run -p codegen` into `src/client/v1beta1.rs`
//! and `src/client/v1.rs`).
//!
//! # Quick start
//!
//! ```no_run
//! use astro_platform_client::client::{v1beta1, Error};
//! use astro_platform_client::v1beta1::inputs::ListDeploymentsInput;
//!
//! # async fn run() -> Result<(), Error> {
//! let astro = v1beta1::Client::builder()
//!     .token(std::env::var("ASTRO_API_TOKEN").unwrap_or_default())
//!     .organization_id("my-org-id") // the default for organization-scoped operations
//!     .build()?;
//! let page = astro
//!     .list_deployments(ListDeploymentsInput { limit: Some(50), ..Default::default() })
//!     .await?;
//! for deployment in &page.deployments {
//!     println!("{} {}", deployment.name, deployment.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A client of the v1 API is `v1::Client` (`Client<V1>`): the same builder and methods, its
//! own inputs and models ([`crate::v1`]), and the `X-API-Version: 1.0` header on every request
//! (see [`ClientBuilder::api_version`]).
//!
//! # What a call does
//!
//! [`Client::send`] (which every generated method calls) validates the input and builds the
//! request (nothing is sent when the input is invalid: [`Error::Validation`]), adds
//! `authorization: Bearer …`, `user-agent`, `x-api-version` and the extra headers, sends it,
//! reads the body up to [`ClientBuilder::max_response_bytes`], and decodes it into the typed
//! output. Failed attempts are retried with the policy of [`crate::retry`]: network errors,
//! timeouts and HTTP 408/429/500/502/503/504, for GET, PUT and DELETE (POST and PATCH only with
//! [`CallOptions::retry`]), with full-jitter exponential backoff or the server's `Retry-After`.
//! Each attempt is bounded by [`ClientBuilder::timeout`]. Dropping the returned future cancels
//! the call (the connection of the attempt in flight is closed).
//!
//! # Errors
//!
//! Every method returns `Result<T, `[`Error`]`>`: [`Error::Validation`] (with every issue and its
//! field path), [`Error::Api`] (status, message, request id, field errors, raw body, attempts),
//! [`Error::Network`], [`Error::Timeout`], [`Error::Decode`], [`Error::BodyTooLarge`],
//! [`Error::Wait`] and [`Error::TokenProvider`]. The token never appears in them: a server
//! that echoes it back has it replaced by `[redacted]`.
//!
//! # Pagination and waiters
//!
//! [`Client::paginate`] turns any list input into a stream of its items, one page in memory at
//! a time; [`Client::list_all`] collects up to a cap. The waiters (`wait_for_deployment`,
//! `wait_for_cluster`, `wait_for_cluster_deleted`, and `wait_for_deploy` in v1) poll with a
//! growing interval until the awaited status, a failure status or the deadline of
//! [`WaitOptions::timeout`], reporting status changes to [`WaitOptions::on_progress`].
//!
//! # Tracing
//!
//! Each call runs in an `astro.call` span (`operation`, `method`; `status`, `attempts` and
//! `duration_ms` once it ends) and each attempt in an `astro.attempt` span (`operation`,
//! `method`, `attempt`; `status` and `duration_ms`), with `debug` events for the outcome of each
//! attempt and each retry. No span or event carries the token or a request body.

/// The Rust blocks of the README, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod builder;
mod error;
mod pages;
mod secret;
mod send;
mod wait;

#[cfg(feature = "v1")]
pub mod v1;
#[cfg(feature = "v1beta1")]
pub mod v1beta1;

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

pub use builder::{
    http_client_builder, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT, MAX_RETRIES_LIMIT,
};
pub use error::{
    ApiFailure, BodyTooLarge, Error, NetworkFailure, TimeoutFailure, WaitFailure, WaitReason,
};
pub use pages::{Page, Paginated, Paginator};
pub use secret::{BoxError, Secret, TokenFuture, TokenProvider};
pub use send::CallOptions;
#[cfg(feature = "v1")]
pub use v1::V1;
#[cfg(feature = "v1beta1")]
pub use v1beta1::V1beta1;
pub use wait::{Polled, WaitOptions, WaitProgress, DEFAULT_WAIT_TIMEOUT};

use crate::operations::OperationInput;
use crate::registry::Api;

/// An API version the client speaks: the type parameter of [`Client`] ([`V1beta1`], [`V1`]).
pub trait ApiVersion: Send + Sync + 'static {
    /// The version's operations and where it lives.
    fn api() -> &'static Api;
}

/// An operation input of API version `V` (the generated `*Input` types of that version), so a
/// `Client<V1>` only takes v1 inputs.
pub trait ApiInput<V: ApiVersion>: OperationInput {}

/// A client of API version `V`. Cheap to clone (one shared connection pool and configuration);
/// `Send + Sync`, so one client can serve a whole program.
///
/// Build one with [`Client::builder`] (or `v1beta1::Client::builder()`, `v1::Client::builder()`).
/// The typed methods, one per operation, are in the `impl Client<V1beta1>` and `impl Client<V1>`
/// blocks below; [`send`](Client::send) runs any input of the version.
pub struct Client<V> {
    inner: Arc<send::Inner>,
    version: PhantomData<fn() -> V>,
}

impl<V> Clone for Client<V> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
            version: PhantomData,
        }
    }
}

impl<V: ApiVersion> fmt::Debug for Client<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &V::api().name)
            .field("inner", &self.inner)
            .finish()
    }
}

impl<V: ApiVersion> Client<V> {
    /// A builder with the version's defaults (see [`ClientBuilder`]).
    pub fn builder() -> ClientBuilder<V> {
        ClientBuilder::new()
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// The default organization, if one was set.
    pub fn organization_id(&self) -> Option<&str> {
        self.inner.organization_id.as_deref()
    }

    fn from_inner(inner: send::Inner) -> Client<V> {
        Client {
            inner: Arc::new(inner),
            version: PhantomData,
        }
    }
}
