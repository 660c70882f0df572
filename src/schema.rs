//! The API's schemas as static tables: one description of every value, used **strictly** for
//! request input ([`crate::validation`]) and **leniently** for responses
//! ([`crate::decoding::check_response`] and, in the package, `js/check.js`).
//!
//! The tables are generated from the contracts in `spec/` by `cargo run -p codegen` (see
//! `src/v1beta1/tables.rs`, `src/v1/tables.rs`); nothing here knows any schema by name.
//!
//! | construct | request (strict) | response (lenient) |
//! |---|---|---|
//! | object | unknown fields refused, `required` fields present | unknown fields ignored, `required` fields present and not `null` |
//! | enum | one of the listed values | any string (servers add values) |
//! | string limits, formats | checked | not checked |
//! | integer bounds, array limits | checked | not checked (integers must still fit an `i64`) |
//! | union | dispatched on its selector (see [`Union`]) | the selected variant when the selector names one, else any object |
//!
//! Every type is `Copy` and a few bytes wide (nested descriptions are `&'static`), so the tables
//! of a whole API are small static data, not code.

/// What a value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Type {
    /// Any string.
    String,
    /// A string with length bounds or a format.
    Text(&'static TextRules),
    /// A whole number that fits an `i64`, within the bounds.
    Integer(&'static IntegerRange),
    /// A finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A string from a fixed set (strict for requests, any string in responses).
    Enum(&'static EnumType),
    /// An array.
    Array(&'static ArrayType),
    /// An object with known fields.
    Object(&'static Object),
    /// An object whose variant is chosen by a selector field.
    Union(&'static Union),
    /// An object used as a map from any key to values of this type.
    Map(&'static Type),
    /// Any JSON value.
    Any,
}

/// Bounds and format of a string (lengths count Unicode code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRules {
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub format: Format,
}

/// A string format the client checks in requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No format.
    None,
    /// An RFC 3339 date-time (`2026-01-28T10:00:00Z`).
    DateTime,
}

/// Bounds of an integer (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerRange {
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

/// An integer without bounds.
pub static ANY_INTEGER: IntegerRange = IntegerRange {
    minimum: None,
    maximum: None,
};

/// A named set of string values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumType {
    /// The type's name (`DeploymentStatus`).
    pub name: &'static str,
    /// The values, in the contract's order: what a request may send.
    pub values: &'static [&'static str],
    /// Values servers added after the contract's date (`x-later-values`): responses may carry
    /// them (and any other string), and the typed models know them by name.
    pub later_values: &'static [&'static str],
}

impl EnumType {
    /// Every value this client knows: the contract's and the later ones.
    pub fn known(&self) -> impl Iterator<Item = &'static str> {
        self.values.iter().chain(self.later_values.iter()).copied()
    }
}

/// An array and its limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArrayType {
    pub items: Type,
    pub min_items: u32,
    pub max_items: Option<u32>,
    /// No item may appear twice.
    pub unique: bool,
}

/// One field of an object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The wire name (`workerQueues`).
    pub name: &'static str,
    pub ty: Type,
    /// Must be present (and, unless `nullable`, not `null`).
    pub required: bool,
    /// `null` is a value of its own (not "absent").
    pub nullable: bool,
    /// The value is a secret (`x-secret`): never shown (see [`crate::secret`]).
    pub secret: bool,
}

/// An object schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Object {
    /// The schema's name in the contract (and the Rust model's name).
    pub name: &'static str,
    /// The known fields, in wire order (alphabetical; a union's selector first).
    pub fields: &'static [Field],
    /// Rules between fields, checked on requests once the fields themselves are valid.
    pub checks: &'static [Check],
}

impl Object {
    /// The field called `name`, if the object has one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A rule between two fields of an object (the contract's `x-checks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Integer field `field` must not be less than integer field `than`.
    NotLess {
        field: &'static str,
        than: &'static str,
    },
}

/// A request body whose shape depends on a selector field (`type`, `cloudProvider`).
///
/// Validation dispatches on the selector, never on "exactly one variant matches" (the
/// variants overlap). With the selector present, its value picks the variant. Without it, the
/// candidates are the variants that do not require it: one candidate is validated as that
/// variant; several are validated together ([`Union::shared`]): the fields they all have are
/// checked, and a field no candidate has is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Union {
    /// The schema's name (`CreateDeploymentRequest`).
    pub name: &'static str,
    /// What the body describes, for messages (`deployment`).
    pub label: &'static str,
    /// The selector field's wire name.
    pub selector: &'static str,
    pub variants: &'static [Variant],
    /// The fields of the variants that do not require the selector, for a body without it:
    /// a field every candidate has keeps its type (and is required if every candidate
    /// requires it); a field only some candidates have is [`Type::Any`] unless they agree.
    /// `None` when every variant requires the selector.
    pub shared: Option<&'static Object>,
}

/// One variant of a [`Union`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variant {
    /// The selector value that picks it (`DEDICATED`).
    pub value: &'static str,
    pub object: &'static Object,
}

impl Type {
    /// Whether a value of this type can hold a secret field somewhere.
    pub fn carries_secret(&self) -> bool {
        self.carries_secret_within(0)
    }

    fn carries_secret_within(&self, depth: u32) -> bool {
        if depth > 16 {
            return false;
        }
        let object_has = |o: &Object| {
            o.fields
                .iter()
                .any(|f| f.secret || f.ty.carries_secret_within(depth + 1))
        };
        match self {
            Type::Array(a) => a.items.carries_secret_within(depth + 1),
            Type::Map(t) => t.carries_secret_within(depth + 1),
            Type::Object(o) => object_has(o),
            Type::Union(u) => u.variants.iter().any(|v| object_has(v.object)),
            _ => false,
        }
    }

    /// The JSON type a value of this type has, for messages (`string`, `integer`, ...).
    pub fn json_type(&self) -> &'static str {
        match self {
            Type::String | Type::Text(_) | Type::Enum(_) => "string",
            Type::Integer(_) => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
            Type::Array(_) => "array",
            Type::Object(_) | Type::Union(_) | Type::Map(_) => "object",
            Type::Any => "any value",
        }
    }
}

impl Field {
    /// A field that must be present.
    pub const fn required(name: &'static str, ty: Type) -> Field {
        Field {
            name,
            ty,
            required: true,
            nullable: false,
            secret: false,
        }
    }

    /// A field that may be absent.
    pub const fn optional(name: &'static str, ty: Type) -> Field {
        Field {
            name,
            ty,
            required: false,
            nullable: false,
            secret: false,
        }
    }

    /// The same field, with `null` as a value of its own.
    pub const fn nullable(self) -> Field {
        Field {
            nullable: true,
            ..self
        }
    }

    /// The same field, holding a secret.
    pub const fn secret(self) -> Field {
        Field {
            secret: true,
            ..self
        }
    }
}

impl ArrayType {
    /// An array of `items` without limits.
    pub const fn of(items: Type) -> ArrayType {
        ArrayType {
            items,
            min_items: 0,
            max_items: None,
            unique: false,
        }
    }
}
