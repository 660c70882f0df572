//! Types shared by several resources: the subject profile, the API error body, and the
//! lenient string enums of responses.
//!
//! Response enums never reject a value: the server adds values over time (cluster statuses,
//! `HIBERNATING`, the `ASTRO` executor, ...), and an unknown value must not make a whole
//! response undecodable. Every enum made by [`lenient_enum!`] keeps unknown strings in an
//! `Other(String)` variant and writes them back unchanged.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Defines a response string enum with known values plus `Other(String)`.
///
/// The enum gets `KNOWN` (the wire strings it knows), `as_str()`, `Display`, `From<&str>`,
/// custom serde (any string decodes; `Other` re-encodes to its string) and a TypeScript
/// declaration `type X = "A" | "B" | (string & {})`, so editors still autocomplete the known
/// values while any string type-checks.
#[macro_export]
macro_rules! lenient_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $ts_name:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this client does not know yet, kept verbatim.
            Other(::std::string::String),
        }

        impl $name {
            /// The wire values this client knows.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Whether the value is one of [`Self::KNOWN`].
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $( $wire => $name::$variant, )+
                    _ => $name::Other(s),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, v: ::std::string::String) -> Result<$name, E> {
                        Ok($name::from(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }

        const _: () = {
            use ::wasm_bindgen::prelude::*;

            #[wasm_bindgen]
            extern "C" {
                #[derive(Clone)]
                #[wasm_bindgen(typescript_type = $ts_name)]
                pub type JsType;
            }

            #[wasm_bindgen(typescript_custom_section)]
            const TS_APPEND_CONTENT: &'static str = <$name as ::tsify::Tsify>::DECL;

            impl ::tsify::Tsify for $name {
                type JsType = JsType;
                const DECL: &'static str = concat!(
                    "export type ", $ts_name, " = ",
                    $( "\"", $wire, "\" | ", )+
                    "(string & {});"
                );
            }
        };
    };
}

lenient_enum! {
    /// A cloud provider. Responses are lenient: the reference shows `"azure"` in lower case
    /// on deployments, which decodes as `Other("azure")` and is written back as is.
    CloudProvider, "CloudProvider" {
        Aws => "AWS",
        Azure => "AZURE",
        Gcp => "GCP",
    }
}

lenient_enum! {
    /// Who created or updated an object.
    SubjectType, "SubjectType" {
        User => "USER",
        Servicekey => "SERVICEKEY",
    }
}

/// A user or API token that created or updated an object.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BasicSubjectProfile {
    /// The API token's name, when the subject is an API token.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub api_token_name: Option<String>,
    /// The URL of the subject's avatar (absent from the reference rendering, kept optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub avatar_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub full_name: Option<String>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub subject_type: Option<SubjectType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub username: Option<String>,
}

/// The API's error body (schema `Error`): `{message, requestId, statusCode}`.
#[derive(Serialize, Deserialize, Tsify, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub message: String,
    pub request_id: String,
    pub status_code: i64,
}
