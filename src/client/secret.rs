//! The API token: [`Secret`] (never shown by `Debug`) and [`TokenProvider`] (a fresh token per
//! attempt), and the check that a token can go in a header.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::validation::{Issue, Rule};

/// A boxed error, what a [`TokenProvider`] may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A token that `Debug` shows as `Secret([redacted])`. It has no `Display`, so it cannot end
/// up in a message by accident; [`expose_secret`](Secret::expose_secret) is the one way to read
/// it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The token itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// Gives the token for each attempt (called once per attempt, retries included, so it can
/// refresh an expiring token; cache in the provider if fetching one is expensive).
///
/// Any `Fn() -> impl Future<Output = Result<T, E>>` is a provider, with `T` a `String`, `&str`
/// or [`Secret`] and `E` any error:
///
/// ```
/// # use astro_platform_client::client::{v1beta1, Error};
/// # fn demo() -> Result<(), Error> {
/// let astro = v1beta1::Client::builder()
///     .token_provider(|| async { Ok::<_, std::io::Error>(std::env::var("ASTRO_API_TOKEN").unwrap_or_default()) })
///     .build()?;
/// # Ok(())
/// # }
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, T, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
    T: Into<Secret>,
    E: Into<BoxError>,
{
    fn token(&self) -> TokenFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map(Into::into).map_err(Into::into) })
    }
}

/// Strips a `Bearer ` prefix and checks that the token can go in a header (the rules of the
/// package's `token` option). The message never quotes the token.
pub(crate) fn clean_token(raw: &Secret, path: &str) -> Result<Secret, Issue> {
    let trimmed = raw.0.trim_matches(|c| c == ' ' || c == '\t');
    let token = match trimmed.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => {
            trimmed.get(7..).unwrap_or("").trim_start()
        }
        _ => trimmed,
    };
    if token.is_empty() {
        return Err(Issue::new(
            path,
            Rule::MinLength,
            format!("{path} is empty"),
        ));
    }
    if !token.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(Issue::new(
            path,
            Rule::Type,
            format!(
                "{path} contains characters not allowed in a header (CR, LF, spaces, control or \
                 non-ASCII characters)"
            ),
        ));
    }
    Ok(Secret(token.to_owned()))
}

/// Replaces every occurrence of the token in `text` (what a server echoed back) with
/// `[redacted]`.
pub(crate) fn scrub(text: String, token: Option<&Secret>) -> String {
    match token {
        Some(t) if !t.0.is_empty() && text.contains(t.0.as_str()) => {
            text.replace(t.0.as_str(), "[redacted]")
        }
        _ => text,
    }
}
