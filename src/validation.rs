//! Input validation: every violation is collected (never just the first), each with the
//! field path (`workerQueues[1].name`, `scheduler.au`, `k8sTags[0]`) and the rule it breaks.
//!
//! Validation is data-driven: a request body is described by a small static [`Shape`]
//! (field name, [`Kind`], required flag) or a [`Union`] of shapes chosen by a selector field.
//! [`check`] walks a `serde_json::Value` against such a description; the same description
//! then writes the request body from the checked value
//! ([`encode_body`](crate::encoding::encode_body)), byte for byte what the typed struct's
//! serialization gives, so a request never goes through the typed (de)serializers.
//!
//! Conventions:
//! - `null` for a known field means "absent": it is removed (so an optional field is simply
//!   not sent, and a required one is reported as `required`). Unknown fields are always
//!   reported (rule `unknownField`), even when `null`, so a typo is never silently dropped.
//! - Integers must be integers: `1.5` is a `type` error; `5.0` is accepted and normalized to
//!   `5`; a number outside the 64-bit range is reported (`minimum`/`maximum`), never a panic.
//! - String lengths count Unicode characters (code points), not bytes.
//! - A union whose selector is missing is reported with rule `variant`; a selector value
//!   that names no variant is reported with rule `enum`. A field that only another variant
//!   has is `unknownField`, and the message names the variant(s) that do have it.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::encoding::display_f64;

/// The rule an [`Issue`] breaks. Serialized as camelCase text (`"maxLength"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// A required field or parameter is missing.
    Required,
    /// The value has the wrong JSON type (the message names the expected type).
    Type,
    /// The value is not one of the allowed values (the message lists them).
    Enum,
    /// A string is longer than allowed (in characters).
    MaxLength,
    /// A string is shorter than allowed (in characters).
    MinLength,
    /// A number is below the minimum.
    Minimum,
    /// A number is above the maximum.
    Maximum,
    /// An array holds the same item twice.
    UniqueItems,
    /// An array has fewer items than allowed.
    MinItems,
    /// A field that the body or operation does not have (a typo, or another variant's field).
    UnknownField,
    /// A path parameter that is empty or would change the route (`.`, `..`, `%2e`).
    PathSegment,
    /// The selector of a union body (`type`, `cloudProvider`) is missing.
    Variant,
    /// A token would be sent over plain http to a host that is not loopback
    /// (used by the wasm layer on path `baseUrl`).
    InsecureTransport,
}

impl Rule {
    /// The rule's wire name (`"maxLength"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Type => "type",
            Rule::Enum => "enum",
            Rule::MaxLength => "maxLength",
            Rule::MinLength => "minLength",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinItems => "minItems",
            Rule::UnknownField => "unknownField",
            Rule::PathSegment => "pathSegment",
            Rule::Variant => "variant",
            Rule::InsecureTransport => "insecureTransport",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One violation: where (`path`), which rule, and a message a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The field path, e.g. `workerQueues[1].name`; empty for the input as a whole.
    pub path: String,
    pub rule: Rule,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, rule: Rule, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(input)"
        } else {
            self.path.as_str()
        };
        write!(f, "{path}: {} [{}]", self.message, self.rule)
    }
}

/// The input of an operation is invalid; nothing was sent. Holds every issue found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    /// The operation name (`"createDeployment"`), when known.
    pub operation: Option<&'static str>,
    pub issues: Vec<Issue>,
}

impl ValidationError {
    /// An error with one issue (e.g. the wasm layer's `insecureTransport` on `baseUrl`).
    pub fn single(
        operation: Option<&'static str>,
        path: impl Into<String>,
        rule: Rule,
        message: impl Into<String>,
    ) -> ValidationError {
        ValidationError {
            operation,
            issues: vec![Issue::new(path, rule, message)],
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        let plural = if n == 1 { "issue" } else { "issues" };
        match self.operation {
            Some(op) => write!(f, "invalid input for {op} ({n} {plural})")?,
            None => write!(f, "invalid input ({n} {plural})")?,
        }
        for issue in &self.issues {
            write!(f, "\n  - {issue}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string with optional length bounds (in characters).
    Str {
        min: Option<usize>,
        max: Option<usize>,
    },
    Bool,
    /// An integer with optional bounds.
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// A string that must be one of the listed values.
    Enum(&'static [&'static str]),
    /// An array of items.
    Array {
        item: &'static Kind,
        min_items: usize,
        unique: bool,
    },
    /// An object with a fixed set of fields.
    Object(&'static Shape),
    /// An object whose fields depend on a selector field.
    Union(&'static Union),
}

/// A plain string without bounds.
pub const STR: Kind = Kind::Str {
    min: None,
    max: None,
};

/// A field of an object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name (camelCase).
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

/// A required field.
pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        required: true,
        kind,
    }
}

/// An optional field.
pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        required: false,
        kind,
    }
}

/// An extra check over a whole object (e.g. `minWorkerCount <= maxWorkerCount`); runs only
/// when the object's fields are otherwise valid. Arguments: the object, its path, the sink.
pub type ObjectCheck = fn(&Map<String, Value>, &str, &mut Vec<Issue>);

/// The description of an object.
#[derive(Debug)]
pub struct Shape {
    /// The schema name, used in messages (`"WorkerQueueRequest"`).
    pub name: &'static str,
    pub fields: &'static [Field],
    pub check: Option<ObjectCheck>,
}

/// An object whose variant is chosen by the string value of `tag`.
#[derive(Debug)]
pub struct Union {
    /// The selector field (`"type"`, `"cloudProvider"`).
    pub tag: &'static str,
    /// What the object is, for messages (`"deployment"`).
    pub label: &'static str,
    /// Selector value and the fields of that variant (the selector itself excluded).
    pub variants: &'static [(&'static str, &'static Shape)],
}

/// Joins an object path and a field name (`scheduler` + `au` -> `scheduler.au`).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The JSON type name of a value, for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Str { .. } | Kind::Enum(_) => "string",
        Kind::Bool => "boolean",
        Kind::Int { .. } => "integer",
        Kind::Array { .. } => "array",
        Kind::Object(_) | Kind::Union(_) => "object",
    }
}

fn type_issue(path: &str, kind: &Kind, value: &Value) -> Issue {
    Issue::new(
        path,
        Rule::Type,
        format!("expected {}, got {}", expected(kind), type_name(value)),
    )
}

/// Checks `value` (at `path`) against `kind`, pushing every issue found. Integral floats
/// are normalized to integers in place and `null` known fields are removed.
pub fn check(kind: &Kind, value: &mut Value, path: &str, issues: &mut Vec<Issue>) {
    match kind {
        Kind::Str { min, max } => match value {
            Value::String(s) => {
                let len = s.chars().count();
                if let Some(max) = max {
                    if len > *max {
                        issues.push(Issue::new(
                            path,
                            Rule::MaxLength,
                            format!("must be at most {max} characters (got {len})"),
                        ));
                    }
                }
                if let Some(min) = min {
                    if len < *min {
                        let what = if *min == 1 {
                            "must not be empty".to_owned()
                        } else {
                            format!("must be at least {min} characters (got {len})")
                        };
                        issues.push(Issue::new(path, Rule::MinLength, what));
                    }
                }
            }
            other => issues.push(type_issue(path, kind, other)),
        },
        Kind::Bool => {
            if !value.is_boolean() {
                issues.push(type_issue(path, kind, value));
            }
        }
        Kind::Int { min, max } => check_int(*min, *max, value, path, issues),
        Kind::Enum(allowed) => match value {
            Value::String(s) => {
                if !allowed.contains(&s.as_str()) {
                    issues.push(Issue::new(
                        path,
                        Rule::Enum,
                        format!("must be one of {} (got {s:?})", allowed.join(", ")),
                    ));
                }
            }
            other => issues.push(type_issue(path, kind, other)),
        },
        Kind::Array {
            item,
            min_items,
            unique,
        } => match value {
            Value::Array(items) => {
                if items.len() < *min_items {
                    issues.push(Issue::new(
                        path,
                        Rule::MinItems,
                        format!(
                            "must have at least {min_items} item(s) (got {})",
                            items.len()
                        ),
                    ));
                }
                for (i, v) in items.iter_mut().enumerate() {
                    check(item, v, &format!("{path}[{i}]"), issues);
                }
                if *unique {
                    // Keyed by the item's JSON text: linear, even for long id lists.
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for (i, v) in items.iter().enumerate() {
                        let text = v.to_string();
                        match seen.get(&text) {
                            Some(first) => issues.push(Issue::new(
                                format!("{path}[{i}]"),
                                Rule::UniqueItems,
                                format!("duplicates item {first} ({text}); items must be unique"),
                            )),
                            None => {
                                seen.insert(text, i);
                            }
                        }
                    }
                }
            }
            other => issues.push(type_issue(path, kind, other)),
        },
        Kind::Object(shape) => match value {
            Value::Object(map) => check_object(shape, map, path, None, issues),
            other => issues.push(type_issue(path, kind, other)),
        },
        Kind::Union(union) => match value {
            Value::Object(map) => check_union(union, map, path, issues),
            other => issues.push(type_issue(path, kind, other)),
        },
    }
}

fn check_int(
    min: Option<i64>,
    max: Option<i64>,
    value: &mut Value,
    path: &str,
    issues: &mut Vec<Issue>,
) {
    let n = match value {
        Value::Number(n) => n,
        other => {
            issues.push(Issue::new(
                path,
                Rule::Type,
                format!("expected integer, got {}", type_name(other)),
            ));
            return;
        }
    };
    let int = if let Some(i) = n.as_i64() {
        i
    } else if n.is_u64() {
        // Above i64::MAX.
        issues.push(Issue::new(path, Rule::Maximum, out_of_range(max, true)));
        return;
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        if !f.is_finite() || f.fract() != 0.0 {
            issues.push(Issue::new(
                path,
                Rule::Type,
                format!("expected integer, got {}", display_f64(f)),
            ));
            return;
        }
        // 2^63 as f64; anything at or beyond it does not fit in i64.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if f >= LIMIT {
            issues.push(Issue::new(path, Rule::Maximum, out_of_range(max, true)));
            return;
        }
        if f < -LIMIT {
            issues.push(Issue::new(path, Rule::Minimum, out_of_range(min, false)));
            return;
        }
        // In range and integral: the cast is exact.
        let i = f as i64;
        *value = Value::from(i);
        i
    };
    if let Some(min) = min {
        if int < min {
            issues.push(Issue::new(
                path,
                Rule::Minimum,
                format!("must be >= {min} (got {int})"),
            ));
        }
    }
    if let Some(max) = max {
        if int > max {
            issues.push(Issue::new(
                path,
                Rule::Maximum,
                format!("must be <= {max} (got {int})"),
            ));
        }
    }
}

fn out_of_range(bound: Option<i64>, upper: bool) -> String {
    match (bound, upper) {
        (Some(b), true) => format!("must be <= {b}"),
        (Some(b), false) => format!("must be >= {b}"),
        (None, _) => "is outside the 64-bit integer range".to_owned(),
    }
}

/// Checks an object against `shape`. `selected` is `(union, variant)` when the object is a
/// union variant: the selector key is then allowed and unknown-field messages name the
/// variants that do have the field.
fn check_object(
    shape: &Shape,
    map: &mut Map<String, Value>,
    path: &str,
    selected: Option<(&Union, &str)>,
    issues: &mut Vec<Issue>,
) {
    let before = issues.len();
    // `null` on a known field means absent.
    map.retain(|k, v| !(v.is_null() && shape.fields.iter().any(|f| f.name == k)));
    for key in map.keys() {
        if shape.fields.iter().any(|f| f.name == key) {
            continue;
        }
        match selected {
            Some((union, _)) if key == union.tag => {}
            Some((union, variant)) => issues.push(unknown_in_variant(union, variant, key, path)),
            None => issues.push(Issue::new(
                join(path, key),
                Rule::UnknownField,
                format!("unknown field {key:?}: {} has no such field", shape.name),
            )),
        }
    }
    let missing: Vec<&Field> = shape
        .fields
        .iter()
        .filter(|f| f.required && !map.contains_key(f.name))
        .collect();
    for f in missing {
        let why = match selected {
            Some((union, variant)) => {
                format!("required (a {variant} {} needs {:?})", union.label, f.name)
            }
            None => format!("required by {}", shape.name),
        };
        issues.push(Issue::new(join(path, f.name), Rule::Required, why));
    }
    for f in shape.fields {
        if let Some(v) = map.get_mut(f.name) {
            check(&f.kind, v, &join(path, f.name), issues);
        }
    }
    if issues.len() == before {
        if let Some(extra) = shape.check {
            extra(map, path, issues);
        }
    }
}

fn unknown_in_variant(union: &Union, variant: &str, key: &str, path: &str) -> Issue {
    let owners: Vec<&str> = union
        .variants
        .iter()
        .filter(|(_, s)| s.fields.iter().any(|f| f.name == key))
        .map(|(name, _)| *name)
        .collect();
    let message = if owners.is_empty() {
        format!(
            "unknown field {key:?}: a {variant} {} has no such field",
            union.label
        )
    } else {
        format!(
            "field {key:?} is not allowed when {} is {variant} (only for {})",
            union.tag,
            owners.join(", ")
        )
    };
    Issue::new(join(path, key), Rule::UnknownField, message)
}

fn check_union(union: &Union, map: &mut Map<String, Value>, path: &str, issues: &mut Vec<Issue>) {
    let names: Vec<&str> = union.variants.iter().map(|(n, _)| *n).collect();
    let tag_path = join(path, union.tag);
    let chosen = match map.get(union.tag) {
        None | Some(Value::Null) => {
            issues.push(Issue::new(
                tag_path,
                Rule::Variant,
                format!(
                    "required: {:?} selects the kind of {} and must be one of {}",
                    union.tag,
                    union.label,
                    names.join(", ")
                ),
            ));
            None
        }
        Some(Value::String(s)) => {
            let found = union.variants.iter().find(|(n, _)| n == s);
            if found.is_none() {
                issues.push(Issue::new(
                    tag_path,
                    Rule::Enum,
                    format!("must be one of {} (got {s:?})", names.join(", ")),
                ));
            }
            found
        }
        Some(other) => {
            issues.push(Issue::new(
                tag_path,
                Rule::Type,
                format!("expected string, got {}", type_name(other)),
            ));
            None
        }
    };
    match chosen {
        Some((name, shape)) => check_object(shape, map, path, Some((union, name)), issues),
        None => {
            // The variant is unknown: only report fields that no variant has.
            for key in map.keys().filter(|k| *k != union.tag) {
                let known = union
                    .variants
                    .iter()
                    .any(|(_, s)| s.fields.iter().any(|f| f.name == key));
                if !known {
                    issues.push(Issue::new(
                        join(path, key),
                        Rule::UnknownField,
                        format!(
                            "unknown field {key:?}: no kind of {} has such a field",
                            union.label
                        ),
                    ));
                }
            }
        }
    }
}
