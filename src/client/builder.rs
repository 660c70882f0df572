//! [`ClientBuilder`]: the client's options, checked once by [`ClientBuilder::build`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::retry::RetryPolicy;
use crate::validation::{Issue, Rule, ValidationError};

use super::secret::{clean_token, Secret, TokenProvider};
use super::send::{Auth, Inner};
use super::{ApiVersion, Client, Error};

/// Default per-attempt timeout (the package's `timeoutMs`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default largest response body accepted, in bytes (32 MiB, the package's `maxResponseBytes`).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// The most retries a client may be configured with.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// The `user-agent` sent unless [`ClientBuilder::user_agent`] replaces it.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "astro-platform-client/",
    env!("CARGO_PKG_VERSION"),
    " (rust)"
);

enum AuthOption {
    None,
    Token(Secret),
    Provider(Arc<dyn TokenProvider>),
}

enum VersionHeader {
    /// The version the contract pins (`API.api_version`), if any.
    Default,
    Set(String),
    Off,
}

/// Options of a [`Client`]. Every setter takes and returns the builder; nothing is checked
/// until [`build`](ClientBuilder::build), which reports every problem at once.
///
/// | option | default |
/// |---|---|
/// | [`base_url`](Self::base_url) | the version's production URL (`https://api.astronomer.io/platform/v1beta1`, `https://api.astronomer.io/v1`) |
/// | [`token`](Self::token) / [`token_provider`](Self::token_provider) | none (requests go without `authorization`) |
/// | [`organization_id`](Self::organization_id) | none (organization-scoped inputs must name one) |
/// | [`timeout`](Self::timeout) | 30 s per attempt |
/// | [`max_retries`](Self::max_retries) | 2 (3 attempts at most) |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default`]: backoff from 250 ms up to 20 s, `Retry-After` up to 60 s |
/// | [`max_response_bytes`](Self::max_response_bytes) | 32 MiB |
/// | [`api_version`](Self::api_version) | the contract's pinned minor version (v1: `1.0`; v1beta1: none) |
/// | [`user_agent`](Self::user_agent) | `astro-platform-client/<version> (rust)` |
/// | [`header`](Self::header) | none |
/// | [`http_client`](Self::http_client) | a `reqwest::Client` with rustls (ring) and the platform's trust store |
pub struct ClientBuilder<V> {
    base_url: Option<String>,
    organization_id: Option<String>,
    auth: AuthOption,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: u64,
    headers: Vec<(String, String)>,
    user_agent: Option<String>,
    api_version: VersionHeader,
    http: Option<reqwest::Client>,
    version: PhantomData<fn() -> V>,
}

impl<V: ApiVersion> Default for ClientBuilder<V> {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl<V: ApiVersion> fmt::Debug for ClientBuilder<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match self.auth {
            AuthOption::None => "none",
            AuthOption::Token(_) => "token ([redacted])",
            AuthOption::Provider(_) => "token provider",
        };
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("api", &V::api().name)
            .field("base_url", &self.base_url)
            .field("organization_id", &self.organization_id)
            .field("auth", &auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("headers", &header_names)
            .field("http_client", &self.http.is_some())
            .finish()
    }
}

impl<V: ApiVersion> ClientBuilder<V> {
    /// A builder with the defaults in the table above.
    pub fn new() -> ClientBuilder<V> {
        ClientBuilder {
            base_url: None,
            organization_id: None,
            auth: AuthOption::None,
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            headers: Vec::new(),
            user_agent: None,
            api_version: VersionHeader::Default,
            http: None,
            version: PhantomData,
        }
    }

    /// Where requests go, e.g. `http://127.0.0.1:8788/platform/v1beta1` for the emulator. Must
    /// be `https://`, or `http://` to a loopback host (the token is never sent in clear over a
    /// network); no query, fragment or credentials.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API token, sent as `authorization: Bearer <token>` (a leading `Bearer ` is
    /// accepted and stripped).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = AuthOption::Token(token.into());
        self
    }

    /// A provider asked for the token before every attempt (replaces [`token`](Self::token)).
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.auth = AuthOption::Provider(Arc::new(provider));
        self
    }

    /// The Organization used when an input leaves `organization_id` out.
    pub fn organization_id(mut self, id: impl Into<String>) -> Self {
        self.organization_id = Some(id.into());
        self
    }

    /// The longest one attempt may take, from sending the request to the last byte of the
    /// body (retries get their own).
    pub fn timeout(mut self, per_attempt: Duration) -> Self {
        self.timeout = Some(per_attempt);
        self
    }

    /// No per-attempt timeout (a stalled server then blocks the call until it is dropped).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Retries after the first attempt (0 disables retrying; at most 10).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The longest `Retry-After` honoured: a server asking for longer makes the call fail at
    /// once (with the server's answer) rather than sleep.
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.retry.max_retry_delay_ms = duration_ms(delay);
        self
    }

    /// The whole retry policy (number of retries, backoff base and cap, longest
    /// `Retry-After`).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read, in bytes (at least 1). A larger body fails the call
    /// with [`Error::BodyTooLarge`] before it is read in full.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// An extra header sent with every request (replaces a header of the same name the client
    /// would send, except `authorization` when a token is set).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The `user-agent` header.
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// The minor version pinned with the `X-API-Version` header (v1: `1.0` by default).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = VersionHeader::Set(version.into());
        self
    }

    /// Sends no `X-API-Version` header (the server's latest minor version answers).
    pub fn no_api_version(mut self) -> Self {
        self.api_version = VersionHeader::Off;
        self
    }

    /// The `reqwest::Client` to send with (its connection pool, proxy and TLS settings). The
    /// client's own timeout, retries and body cap still apply. Start from
    /// [`http_client_builder`](super::http_client_builder): a plain `reqwest::Client::new()`
    /// panics unless the program installed a rustls crypto provider.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the options and builds the client. Every problem is reported at once as an
    /// [`Error::Validation`] whose issue paths name the options (`base_url`, `token`, ...).
    pub fn build(self) -> Result<Client<V>, Error> {
        let api = V::api();
        let mut issues = Vec::new();

        let raw_base = self.base_url.as_deref().unwrap_or(api.default_base_url);
        let base = check_base_url(raw_base, &mut issues);

        let auth = match self.auth {
            AuthOption::None => Auth::None,
            AuthOption::Provider(p) => Auth::Provider(p),
            AuthOption::Token(raw) => match clean_token(&raw, "token") {
                Ok(token) => match bearer(&token) {
                    Some(header) => Auth::Token { token, header },
                    None => Auth::None,
                },
                Err(issue) => {
                    issues.push(issue);
                    Auth::None
                }
            },
        };
        if let Some((_, true)) = &base {
            if !matches!(auth, Auth::None) {
                issues.push(Issue::new(
                    "base_url",
                    Rule::InsecureTransport,
                    format!(
                        "refusing to send the API token over plain http:// to {raw_base}: use \
                         https://, or http:// only to a loopback host (127.0.0.0/8, ::1, localhost)"
                    ),
                ));
            }
        }

        if self.organization_id.as_deref() == Some("") {
            issues.push(Issue::new(
                "organization_id",
                Rule::MinLength,
                "organization_id is empty",
            ));
        }
        if self.timeout == Some(Duration::ZERO) {
            issues.push(Issue::new(
                "timeout",
                Rule::Minimum,
                "timeout must be longer than 0 (no_timeout() turns it off)",
            ));
        }
        if self.retry.max_retries > MAX_RETRIES_LIMIT {
            issues.push(Issue::new(
                "max_retries",
                Rule::Maximum,
                format!("max_retries must be at most {MAX_RETRIES_LIMIT}"),
            ));
        }
        if self.max_response_bytes == 0 {
            issues.push(Issue::new(
                "max_response_bytes",
                Rule::Minimum,
                "max_response_bytes must be at least 1",
            ));
        }

        let mut headers = HeaderMap::new();
        let agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        match HeaderValue::from_str(agent) {
            Ok(value) => {
                headers.insert(USER_AGENT, value);
            }
            Err(_) => issues.push(Issue::new(
                "user_agent",
                Rule::Type,
                "user_agent contains characters not allowed in a header",
            )),
        }
        let version = match self.api_version {
            VersionHeader::Default => api.api_version.map(str::to_owned),
            VersionHeader::Set(v) => Some(v),
            VersionHeader::Off => None,
        };
        if let Some(v) = version {
            let valid = !v.is_empty()
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            match HeaderValue::from_str(&v) {
                Ok(value) if valid => {
                    headers.insert(HeaderName::from_static("x-api-version"), value);
                }
                _ => issues.push(Issue::new(
                    "api_version",
                    Rule::Type,
                    format!("api_version {v:?} is not a version such as \"1.0\""),
                )),
            }
        }
        for (name, value) in &self.headers {
            let path = format!("headers.{name}");
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(n), Ok(mut v)) => {
                    // Extra headers may carry credentials of their own.
                    v.set_sensitive(true);
                    headers.insert(n, v);
                }
                (Err(_), _) => issues.push(Issue::new(
                    path,
                    Rule::Type,
                    format!("{name:?} is not a valid header name"),
                )),
                (_, Err(_)) => issues.push(Issue::new(
                    path,
                    Rule::Type,
                    format!("header {name} contains a control character or a non-ASCII character"),
                )),
            }
        }

        let http = match self.http {
            Some(http) => Some(http),
            None => match default_http_client() {
                Ok(http) => Some(http),
                Err(message) => {
                    issues.push(Issue::new("http_client", Rule::Type, message));
                    None
                }
            },
        };

        match (base, http) {
            (Some((base, _)), Some(http)) if issues.is_empty() => Ok(Client::from_inner(Inner {
                http,
                base,
                organization_id: self.organization_id,
                auth,
                headers,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            })),
            _ => Err(Error::Validation(ValidationError {
                operation: None,
                issues,
            })),
        }
    }
}

/// `authorization: Bearer <token>`, marked sensitive (kept out of `Debug` and HPACK tables).
pub(crate) fn bearer(token: &Secret) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The base URL, and whether it is plain http to a non-loopback host.
fn check_base_url(raw: &str, issues: &mut Vec<Issue>) -> Option<(reqwest::Url, bool)> {
    let mut problem = |message: String| {
        issues.push(Issue::new("base_url", Rule::Type, message));
        None
    };
    let Ok(url) = reqwest::Url::parse(raw) else {
        return problem(format!("base_url {raw:?} is not an absolute URL"));
    };
    let scheme = url.scheme();
    if scheme != "https" && scheme != "http" {
        return problem(format!(
            "base_url must use https:// (or http:// to a loopback host), not {scheme}://"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return problem("base_url must not have a query or a fragment".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return problem("base_url must not contain credentials".to_owned());
    }
    let insecure = scheme == "http" && !url.host_str().is_some_and(is_loopback);
    Some((url, insecure))
}

/// 127.0.0.0/8, ::1 and localhost (the package's rule).
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let lower = host.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// A `reqwest::ClientBuilder` set up the way the client's own is: rustls with the ring
/// provider and the platform's certificate verifier (the system trust store), HTTP/1.1, gzip.
/// Adjust it (proxy, pool, local address, ...) and pass the result to
/// [`ClientBuilder::http_client`].
///
/// reqwest is built without a default crypto provider, so `reqwest::Client::new()` panics
/// unless the program installed one (`rustls::crypto::ring::default_provider().install_default()`);
/// start from this builder instead. No process-wide provider is installed here.
///
/// rustls 0.23.48 deprecates its ring provider because ring has no post-quantum key exchange.
/// ring is kept on purpose: it builds with a plain C compiler (no cmake), and its licence
/// (Apache-2.0 AND ISC) is permissive; aws-lc-rs, the alternative, carries OpenSSL-licensed
/// code. A program that wants post-quantum key exchange installs the aws-lc-rs provider itself
/// and passes its own `reqwest::Client`.
#[allow(deprecated)]
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let fail = |message: String| {
        Error::Validation(ValidationError::single(
            None,
            "http_client",
            Rule::Type,
            message,
        ))
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(Arc::clone(&provider))
        .map_err(|e| fail(format!("cannot set up TLS certificate verification: {e}")))?;
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(reqwest::Client::builder().tls_backend_preconfigured(tls))
}

fn default_http_client() -> Result<reqwest::Client, String> {
    http_client_builder()
        .map_err(|e| e.to_string())?
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}
