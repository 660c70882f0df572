//! Percent-encoding of path segments and query strings.
//!
//! A path parameter always becomes exactly ONE path segment: every byte outside the RFC 3986
//! unreserved set (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, so `/`, `?`, `#`, `%`, spaces
//! and non-ASCII text can never change the route. Segments that a server or proxy would read
//! as `.` or `..` are refused (see [`segment_problem`]).
//!
//! Query strings repeat the key for arrays (`sorts=name:asc&sorts=createdAt:desc`). Query
//! values are encoded like path segments except that `:` stays readable (it is allowed in
//! a query by RFC 3986 and appears in every sort key).
//!
//! Request bodies are written by [`encode_body`] from the checked JSON value and its schema
//! table.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::schema::{Field, Type};

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `s` to `out`, escaping every byte `keep` refuses as `%XX`.
fn encode_into(out: &mut String, s: &str, keep: impl Fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of kept bytes are copied whole; they are ASCII, so each run ends on a character
    // boundary and slicing `s` there cannot fail.
    let mut run_start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if keep(b) {
            continue;
        }
        out.push_str(s.get(run_start..i).unwrap_or(""));
        out.push('%');
        for nibble in [b >> 4, b & 0x0F] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
        run_start = i + 1;
    }
    out.push_str(s.get(run_start..).unwrap_or(""));
}

fn encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s, keep);
    out
}

/// Encodes `s` as one path segment (everything but unreserved characters is escaped).
pub fn encode_path_segment(s: &str) -> String {
    encode(s, is_unreserved)
}

/// Appends `s`, encoded as one path segment, to `out` (what [`encode_path_segment`] returns).
pub fn push_path_segment(out: &mut String, s: &str) {
    encode_into(out, s, is_unreserved);
}

/// Encodes a query key or value (unreserved characters and `:` are kept).
pub fn encode_query_component(s: &str) -> String {
    encode(s, |b| is_unreserved(b) || b == b':')
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes once (invalid escapes are kept as they are). Bytes that do not form
/// UTF-8 are replaced by U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex);
            let lo = bytes.get(i + 2).copied().and_then(hex);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why `id` cannot be a path segment, if it cannot: it is empty, or it percent-decodes
/// (repeatedly, to defeat double encoding) to `.` or `..`.
pub fn segment_problem(id: &str) -> Option<&'static str> {
    const DOT_SEGMENT: &str = "must not be \".\" or \"..\" (or an encoded form of them): it would change the request path";
    if id.is_empty() {
        return Some("must not be empty");
    }
    // Without a `%` nothing decodes: the text is what it is (no copy).
    if !id.contains('%') {
        return (id == "." || id == "..").then_some(DOT_SEGMENT);
    }
    let mut current = id.to_owned();
    // Each round either shortens the text or stops; a handful of rounds is plenty.
    for _ in 0..8 {
        if current == "." || current == ".." {
            return Some(DOT_SEGMENT);
        }
        let next = percent_decode(&current);
        if next == current {
            break;
        }
        current = next;
    }
    None
}

/// Builds a query string (without the leading `?`) from key/value pairs, in order.
/// Keys may repeat (arrays).
pub fn query_string<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_query_component(k.as_ref()));
        out.push('=');
        out.push_str(&encode_query_component(v.as_ref()));
    }
    out
}

/// Writes a request body that [`check`](crate::validation::check) accepted for `ty` as
/// compact JSON text, straight from the checked value: an object's fields in the order of its
/// table (alphabetical, a union's selector first), absent fields omitted. This is byte for
/// byte what `serde_json::to_string` of the typed request model gives (tests/proptests.rs
/// proves it), without linking the typed (de)serializers.
///
/// The value must have passed `check` without issues: `null`s on known fields are then
/// removed and integral floats normalized to integers. Should a part of it not match `ty`
/// anyway, that part is written as it is (still valid JSON).
pub fn encode_body(ty: &Type, value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(ty, value, &mut out);
    out
}

fn write_value(ty: &Type, value: &Value, out: &mut String) {
    match (ty, value) {
        (Type::Object(object), Value::Object(map)) => write_fields(object.fields, map, out),
        (Type::Union(union), Value::Object(map)) => {
            let selected = map.get(union.selector).and_then(Value::as_str);
            let object = match selected {
                Some(tag) => union
                    .variants
                    .iter()
                    .find(|v| v.value == tag)
                    .map(|v| v.object),
                None => union.shared,
            };
            match object {
                Some(object) => write_fields(object.fields, map, out),
                None => write_leaf(value, out),
            }
        }
        (Type::Array(array), Value::Array(items)) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(&array.items, v, out);
            }
            out.push(']');
        }
        (Type::Map(values), Value::Object(map)) => {
            out.push('{');
            for (i, (key, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_leaf(&Value::String(key.clone()), out);
                out.push(':');
                write_value(values, v, out);
            }
            out.push('}');
        }
        _ => write_leaf(value, out),
    }
}

fn write_fields(fields: &[Field], map: &Map<String, Value>, out: &mut String) {
    out.push('{');
    let mut first = true;
    for field in fields {
        match map.get(field.name) {
            None => {}
            Some(Value::Null) if !field.nullable => {}
            Some(v) => {
                if !first {
                    out.push(',');
                }
                first = false;
                // Field names are fixed ASCII names from the contract: nothing to escape.
                out.push('"');
                out.push_str(field.name);
                out.push_str("\":");
                write_value(&field.ty, v, out);
            }
        }
    }
    out.push('}');
}

/// A string, number or boolean (or, defensively, anything else) as compact JSON: serde_json's
/// own writer, so escapes and number forms are those of the typed serialization.
fn write_leaf(value: &Value, out: &mut String) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{value}");
}

/// Replaces the value of every secret field (`x-secret`) of a checked body of type `ty` with
/// `[redacted]`: what a request looks like when shown (the wasm client's `prepare`).
pub fn redact_secrets(ty: &Type, value: &mut Value) {
    match (ty, value) {
        (Type::Object(object), Value::Object(map)) => redact_fields(object.fields, map),
        (Type::Union(union), Value::Object(map)) => {
            let selected = map.get(union.selector).and_then(Value::as_str);
            let object = match selected {
                Some(tag) => union
                    .variants
                    .iter()
                    .find(|v| v.value == tag)
                    .map(|v| v.object),
                None => union.shared,
            };
            if let Some(object) = object {
                redact_fields(object.fields, map);
            }
        }
        (Type::Array(array), Value::Array(items)) => {
            for v in items {
                redact_secrets(&array.items, v);
            }
        }
        (Type::Map(values), Value::Object(map)) => {
            for v in map.values_mut() {
                redact_secrets(values, v);
            }
        }
        _ => {}
    }
}

fn redact_fields(fields: &[Field], map: &mut Map<String, Value>) {
    for field in fields {
        if let Some(v) = map.get_mut(field.name) {
            if field.secret && v.is_string() {
                *v = Value::String(crate::secret::REDACTED.to_owned());
            } else {
                redact_secrets(&field.ty, v);
            }
        }
    }
}
