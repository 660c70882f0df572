//! The two kinds of string enums the generated models use.
//!
//! - [`lenient_enum!`](crate::lenient_enum): an enum that responses reach. It never rejects a
//!   value: servers add values over time (cluster statuses, `HIBERNATING`, the `ASTRO` executor,
//!   ...), and an unknown value must not make a whole response undecodable. Unknown strings are
//!   kept in `Other(String)` and written back unchanged. Its TypeScript type is
//!   `"A" | "B" | (string & {})`: editors still offer the known values, any string type-checks.
//! - [`strict_enum!`](crate::strict_enum): an enum only requests use. It admits the contract's
//!   values only, and so does its TypeScript type (`"A" | "B"`).

/// Defines a response string enum with known values plus `Other(String)`.
///
/// The enum gets `KNOWN` (the wire strings it knows), `as_str()`, `is_known()`, `Display`,
/// `From<&str>`/`From<String>`, serde (any string decodes; `Other` re-encodes to its string)
/// and a TypeScript declaration.
#[macro_export]
macro_rules! lenient_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant, )+
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
                #[wasm_bindgen(typescript_type = $name)]
                pub type JsType;
            }

            #[wasm_bindgen(typescript_custom_section)]
            const TS_APPEND_CONTENT: &'static str = <$name as ::tsify::Tsify>::DECL;

            impl ::tsify::Tsify for $name {
                type JsType = JsType;
                const DECL: &'static str = concat!(
                    "export type ", stringify!($name), " = ",
                    $( "\"", $wire, "\" | ", )+
                    "(string & {});"
                );
            }
        };
    };
}

/// Defines a request string enum: only the listed values, in serde and in TypeScript.
///
/// The enum gets `VALUES` (its wire strings, in the contract's order) and `as_str()`.
#[macro_export]
macro_rules! strict_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::serde::Serialize, ::serde::Deserialize, ::tsify::Tsify, Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every wire value, in the contract's order.
            pub const VALUES: &'static [&'static str] = &[$($wire),+];

            /// The value as sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
