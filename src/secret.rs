//! Secrets the API sends or takes (an API token's value, a connection's password): the
//! contract marks them `x-secret`, the generated models hold them as [`Secret`], and nothing the
//! crate writes for people (`Debug`, error messages, the wasm client's `prepare`) shows them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string that is never shown: `Debug` prints `Secret([redacted])`. The value goes over the
/// wire as the plain string (serde reads and writes it as is) and to the caller through
/// [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

/// What stands in for a secret wherever it would be shown.
pub const REDACTED: &str = "[redacted]";

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself: for sending it where it belongs, never for logging.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value, taking it out of the wrapper.
    pub fn into_inner(self) -> String {
        self.0
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

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_never_debug_printed_and_travels_as_a_plain_string() {
        let s = Secret::new("astro-secret-value");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{:?}", Some(&s)), "Some(Secret([redacted]))");
        assert_eq!(
            serde_json::to_string(&s).ok().as_deref(),
            Some("\"astro-secret-value\"")
        );
        let back: Option<Secret> = serde_json::from_str("\"x\"").ok();
        assert_eq!(back.as_ref().map(Secret::expose), Some("x"));
    }
}
