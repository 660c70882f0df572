//! Request validation: every violation is collected (never just the first), each with the
//! field path (`workerQueues[1].name`, `scheduler.au`, `k8sTags[0]`) and the rule it breaks.
//!
//! Validation walks a `serde_json::Value` over the generated schema tables
//! ([`crate::schema`]) in their strict reading; the same tables then write the request body
//! from the checked value ([`encode_body`](crate::encoding::encode_body)).
//!
//! Conventions:
//! - `null` for a known field means "absent": it is removed (so an optional field is simply
//!   not sent, and a required one is reported as `required`), except for a field the contract
//!   marks `nullable`, where `null` is a value. Unknown fields are always reported (rule
//!   `unknownField`), even when `null`, so a typo is never silently dropped.
//! - Integers must be integers: `1.5` is a `type` error; `5.0` is accepted and normalized to
//!   `5`; a number outside the 64-bit range is reported (`minimum`/`maximum`), never a panic.
//! - String lengths count Unicode characters (code points), not bytes.
//! - A union body is dispatched on its selector (see [`crate::schema::Union`]). A selector value
//!   that names no variant is reported with rule `enum`; a missing selector that the union
//!   needs, with rule `variant`. A field that only another variant has is `unknownField`, and
//!   the message names the variant(s) that do have it.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::numbers::display_f64;
use crate::schema::{ArrayType, Check, Format, IntegerRange, Object, TextRules, Type, Union};

/// The rule an [`Issue`] breaks. Serialized as camelCase text (`"maxLength"`); its TypeScript
/// type is `ValidationRule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(type_prefix = "Validation")]
pub enum Rule {
    /// A required field or parameter is missing.
    Required,
    /// The value has the wrong JSON type (the message names the expected type).
    Type,
    /// The value is not one of the allowed values (the message lists them).
    Enum,
    /// A string is not in the required format (an RFC 3339 date-time).
    Format,
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
    /// An array has more items than allowed.
    MaxItems,
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
    /// Every rule, in declaration order.
    pub const ALL: [Rule; 15] = [
        Rule::Required,
        Rule::Type,
        Rule::Enum,
        Rule::Format,
        Rule::MaxLength,
        Rule::MinLength,
        Rule::Minimum,
        Rule::Maximum,
        Rule::UniqueItems,
        Rule::MinItems,
        Rule::MaxItems,
        Rule::UnknownField,
        Rule::PathSegment,
        Rule::Variant,
        Rule::InsecureTransport,
    ];

    /// The rule's wire name (`"maxLength"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Type => "type",
            Rule::Enum => "enum",
            Rule::Format => "format",
            Rule::MaxLength => "maxLength",
            Rule::MinLength => "minLength",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::UniqueItems => "uniqueItems",
            Rule::MinItems => "minItems",
            Rule::MaxItems => "maxItems",
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

fn type_issue(path: &str, ty: &Type, value: &Value) -> Issue {
    Issue::new(
        path,
        Rule::Type,
        format!("expected {}, got {}", ty.json_type(), type_name(value)),
    )
}

/// Checks `value` (at `path`) against `ty` in the strict (request) reading, pushing every issue
/// found. Integral floats are normalized to integers in place and `null` on known,
/// non-nullable fields is removed.
pub fn check(ty: &Type, value: &mut Value, path: &str, issues: &mut Vec<Issue>) {
    match ty {
        Type::String => {
            if !value.is_string() {
                issues.push(type_issue(path, ty, value));
            }
        }
        Type::Text(rules) => match value {
            Value::String(s) => check_text(rules, s, path, issues),
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Boolean => {
            if !value.is_boolean() {
                issues.push(type_issue(path, ty, value));
            }
        }
        Type::Number => match value {
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => {}
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Integer(range) => check_int(range, value, path, issues),
        Type::Enum(e) => match value {
            Value::String(s) => {
                if !e.values.contains(&s.as_str()) {
                    issues.push(Issue::new(
                        path,
                        Rule::Enum,
                        format!("must be one of {} (got {s:?})", e.values.join(", ")),
                    ));
                }
            }
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Array(array) => match value {
            Value::Array(items) => check_array(array, items, path, issues),
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Object(object) => match value {
            Value::Object(map) => check_object(object, map, path, Within::Plain, issues),
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Union(union) => match value {
            Value::Object(map) => check_union(union, map, path, issues),
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Map(values) => match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    check(values, v, &join(path, key), issues);
                }
            }
            other => issues.push(type_issue(path, ty, other)),
        },
        Type::Any => {}
    }
}

fn check_text(rules: &TextRules, s: &str, path: &str, issues: &mut Vec<Issue>) {
    let len = s.chars().count();
    if let Some(max) = rules.max_length {
        if len > max as usize {
            issues.push(Issue::new(
                path,
                Rule::MaxLength,
                format!("must be at most {max} characters (got {len})"),
            ));
        }
    }
    if let Some(min) = rules.min_length {
        if len < min as usize {
            let what = if min == 1 {
                "must not be empty".to_owned()
            } else {
                format!("must be at least {min} characters (got {len})")
            };
            issues.push(Issue::new(path, Rule::MinLength, what));
        }
    }
    if rules.format == Format::DateTime && !is_date_time(s) {
        issues.push(Issue::new(
            path,
            Rule::Format,
            format!("must be an RFC 3339 date-time such as 2026-01-28T10:00:00Z (got {s:?})"),
        ));
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339 `date-time`; `t`, `z` and a space for
/// `T` accepted as the RFC allows), with the fields in range.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let at = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
    let (Some(_year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":") && at(16, b":")) {
        return false;
    }
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut i = 19;
    if at(i, b".") {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let (Some(h), Some(m)) = (digits(i + 1..i + 3), digits(i + 4..i + 6)) else {
                return false;
            };
            at(i + 3, b":") && i + 6 == b.len() && h <= 23 && m <= 59
        }
        _ => false,
    }
}

fn check_array(array: &ArrayType, items: &mut [Value], path: &str, issues: &mut Vec<Issue>) {
    let n = items.len();
    if n < array.min_items as usize {
        issues.push(Issue::new(
            path,
            Rule::MinItems,
            format!("must have at least {} item(s) (got {n})", array.min_items),
        ));
    }
    if let Some(max) = array.max_items {
        if n > max as usize {
            issues.push(Issue::new(
                path,
                Rule::MaxItems,
                format!("must have at most {max} item(s) (got {n})"),
            ));
        }
    }
    for (i, v) in items.iter_mut().enumerate() {
        check(&array.items, v, &format!("{path}[{i}]"), issues);
    }
    if array.unique {
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

fn check_int(range: &IntegerRange, value: &mut Value, path: &str, issues: &mut Vec<Issue>) {
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
    let (min, max) = (range.minimum, range.maximum);
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

/// How an object is being checked.
#[derive(Clone, Copy)]
enum Within<'a> {
    /// A plain object.
    Plain,
    /// The variant of `union` that `value` selects (or the sole variant a body without the
    /// selector can be): the selector key is allowed and unknown-field messages name the
    /// variants that do have the field.
    Variant(&'a Union, &'a str),
    /// A union body without its selector, checked against the fields its candidates share.
    Shared(&'a Union),
}

/// Checks an object against `object` (strict: unknown fields refused).
fn check_object(
    object: &Object,
    map: &mut Map<String, Value>,
    path: &str,
    within: Within,
    issues: &mut Vec<Issue>,
) {
    let before = issues.len();
    // `null` on a known field means absent (unless the field is nullable).
    map.retain(|k, v| !(v.is_null() && object.field(k).is_some_and(|f| !f.nullable)));
    for key in map.keys() {
        if object.field(key).is_some() {
            continue;
        }
        match within {
            Within::Variant(union, _) if key == union.selector => {}
            Within::Variant(union, variant) => {
                issues.push(unknown_in_variant(union, variant, key, path))
            }
            Within::Shared(union) => issues.push(unknown_in_union(union, key, path)),
            Within::Plain => issues.push(Issue::new(
                join(path, key),
                Rule::UnknownField,
                format!("unknown field {key:?}: {} has no such field", object.name),
            )),
        }
    }
    for f in object
        .fields
        .iter()
        .filter(|f| f.required && !map.contains_key(f.name))
    {
        let why = match within {
            Within::Variant(union, variant) => {
                format!("required (a {variant} {} needs {:?})", union.label, f.name)
            }
            Within::Shared(union) => format!("required (every kind of {} needs it)", union.label),
            Within::Plain => format!("required by {}", object.name),
        };
        issues.push(Issue::new(join(path, f.name), Rule::Required, why));
    }
    for f in object.fields {
        if let Some(v) = map.get_mut(f.name) {
            if v.is_null() && f.nullable {
                continue;
            }
            check(&f.ty, v, &join(path, f.name), issues);
        }
    }
    if issues.len() == before {
        for c in object.checks {
            run_check(c, map, path, issues);
        }
    }
}

fn run_check(check: &Check, map: &Map<String, Value>, path: &str, issues: &mut Vec<Issue>) {
    match check {
        Check::NotLess { field, than } => {
            let value = map.get(*field).and_then(Value::as_i64);
            let bound = map.get(*than).and_then(Value::as_i64);
            if let (Some(value), Some(bound)) = (value, bound) {
                if value < bound {
                    issues.push(Issue::new(
                        join(path, field),
                        Rule::Minimum,
                        format!("must be >= {than} ({bound}) (got {value})"),
                    ));
                }
            }
        }
    }
}

fn owners<'a>(union: &'a Union, key: &str) -> Vec<&'a str> {
    union
        .variants
        .iter()
        .filter(|v| v.object.field(key).is_some())
        .map(|v| v.value)
        .collect()
}

fn unknown_in_variant(union: &Union, variant: &str, key: &str, path: &str) -> Issue {
    let owners = owners(union, key);
    let message = if owners.is_empty() {
        format!(
            "unknown field {key:?}: a {variant} {} has no such field",
            union.label
        )
    } else {
        format!(
            "field {key:?} is not allowed when {} is {variant} (only for {})",
            union.selector,
            owners.join(", ")
        )
    };
    Issue::new(join(path, key), Rule::UnknownField, message)
}

fn unknown_in_union(union: &Union, key: &str, path: &str) -> Issue {
    Issue::new(
        join(path, key),
        Rule::UnknownField,
        format!(
            "unknown field {key:?}: no kind of {} has such a field",
            union.label
        ),
    )
}

fn check_union(union: &Union, map: &mut Map<String, Value>, path: &str, issues: &mut Vec<Issue>) {
    let names: Vec<&str> = union.variants.iter().map(|v| v.value).collect();
    let tag_path = join(path, union.selector);
    let chosen = match map.get(union.selector) {
        None | Some(Value::Null) => {
            if let Some(shared) = union.shared {
                map.remove(union.selector);
                // One candidate: that variant; several: the fields they share.
                match union
                    .variants
                    .iter()
                    .find(|v| std::ptr::eq(v.object, shared))
                {
                    Some(v) => {
                        check_object(shared, map, path, Within::Variant(union, v.value), issues)
                    }
                    None => check_object(shared, map, path, Within::Shared(union), issues),
                }
                return;
            }
            issues.push(Issue::new(
                tag_path,
                Rule::Variant,
                format!(
                    "required: {:?} selects the kind of {} and must be one of {}",
                    union.selector,
                    union.label,
                    names.join(", ")
                ),
            ));
            None
        }
        Some(Value::String(s)) => {
            let found = union.variants.iter().find(|v| v.value == s);
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
        Some(v) => check_object(v.object, map, path, Within::Variant(union, v.value), issues),
        None => {
            // The variant is unknown: only report fields that no variant has.
            for key in map.keys().filter(|k| *k != union.selector) {
                if owners(union, key).is_empty() {
                    issues.push(unknown_in_union(union, key, path));
                }
            }
        }
    }
}
