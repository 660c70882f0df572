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
//! Request bodies are written by [`encode_body`] from the checked JSON value and its
//! validation description.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::validation::{Field, Kind};

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Encodes `s` as one path segment (everything but unreserved characters is escaped).
pub fn encode_path_segment(s: &str) -> String {
    encode(s, is_unreserved)
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
    if id.is_empty() {
        return Some("must not be empty");
    }
    let mut current = id.to_owned();
    // Each round either shortens the text or stops; a handful of rounds is plenty.
    for _ in 0..8 {
        if current == "." || current == ".." {
            return Some("must not be \".\" or \"..\" (or an encoded form of them): it would change the request path");
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

/// Writes a request body that [`check`](crate::validation::check) accepted for `kind` as
/// compact JSON text, straight from the checked value: an object's fields in the order of
/// its description (the typed request structs declare them in the same, alphabetical,
/// order), a union's selector first, absent fields omitted. This is byte for byte what
/// `serde_json::to_string` of the typed request body gives (tests/proptests.rs proves it),
/// without linking the typed (de)serializers.
///
/// The value must have passed `check` without issues: `null`s on known fields are then
/// removed and integral floats normalized to integers. Should a part of it not match `kind`
/// anyway, that part is written as it is (still valid JSON).
pub fn encode_body(kind: &Kind, value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(kind, value, &mut out);
    out
}

fn write_value(kind: &Kind, value: &Value, out: &mut String) {
    match (kind, value) {
        (Kind::Object(shape), Value::Object(map)) => write_fields(None, shape.fields, map, out),
        (Kind::Union(union), Value::Object(map)) => {
            let chosen = map.get(union.tag).and_then(Value::as_str).and_then(|tag| {
                union
                    .variants
                    .iter()
                    .find(|(name, _)| *name == tag)
                    .map(|(name, shape)| (*name, shape.fields))
            });
            match chosen {
                Some((name, fields)) => write_fields(Some((union.tag, name)), fields, map, out),
                None => write_leaf(value, out),
            }
        }
        (Kind::Array { item, .. }, Value::Array(items)) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, v, out);
            }
            out.push(']');
        }
        _ => write_leaf(value, out),
    }
}

fn write_key(name: &str, first: &mut bool, out: &mut String) {
    if !*first {
        out.push(',');
    }
    *first = false;
    // Field names are fixed camelCase ASCII: nothing to escape.
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

fn write_fields(
    tag: Option<(&str, &str)>,
    fields: &[Field],
    map: &Map<String, Value>,
    out: &mut String,
) {
    out.push('{');
    let mut first = true;
    if let Some((key, variant)) = tag {
        write_key(key, &mut first, out);
        out.push('"');
        out.push_str(variant);
        out.push('"');
    }
    for field in fields {
        match map.get(field.name) {
            None | Some(Value::Null) => {}
            Some(v) => {
                write_key(field.name, &mut first, out);
                write_value(&field.kind, v, out);
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

/// `f` as Rust's `{}` writes it (`0.5`, `1e-7` as `0.0000001`, `30000` for `30000.0`, `NaN`,
/// `inf`), without core's float formatting: the shortest digits come from serde_json's
/// number writer, which the package links anyway, and are laid out here. Where two shortest
/// digit strings are equally close (an exact tie, e.g. `601802576832194.25` at 16 digits),
/// serde_json keeps the even one and Rust the upper one; the tie is detected exactly and
/// resolved Rust's way. Messages that show a user's number use this so the wasm carries one
/// float formatter, not two.
pub fn display_f64(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let a = f.abs();
    if a.is_infinite() {
        out.push_str("inf");
        return out;
    }
    // Integral and below 2^53: every digit is significant, so the integer is the text (the
    // cast is exact).
    if a.fract() == 0.0 && a < 9_007_199_254_740_992.0 {
        let _ = write!(out, "{}", a as u64);
        return out;
    }
    let text = match serde_json::Number::from_f64(a) {
        Some(n) => n.to_string(),
        None => return out,
    };
    // The value is 0.DIGITS x 10^point.
    let mut digits: Vec<u8> = Vec::with_capacity(24);
    let (mut point, mut exp) = (0i32, 0i32);
    let (mut after_point, mut in_exp, mut exp_negative) = (false, false, false);
    for b in text.bytes() {
        match b {
            b'.' => after_point = true,
            b'e' | b'E' => in_exp = true,
            b'-' => exp_negative = true,
            b'0'..=b'9' if in_exp => {
                exp = exp.saturating_mul(10).saturating_add(i32::from(b - b'0'))
            }
            b'0' if digits.is_empty() => point -= i32::from(after_point),
            b'0'..=b'9' => {
                digits.push(b);
                point += i32::from(!after_point);
            }
            _ => {}
        }
    }
    point += if exp_negative { -exp } else { exp };
    trim_zeros(&mut digits);
    if is_upper_tie(a, &digits, point) && round_up(&mut digits) {
        point += 1;
    }
    trim_zeros(&mut digits);
    let len = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let zeros = |out: &mut String, n: i32| (0..n).for_each(|_| out.push('0'));
    if point <= 0 {
        out.push_str("0.");
        zeros(&mut out, -point);
    }
    for (i, d) in (0i32..).zip(&digits) {
        if i == point && point > 0 {
            out.push('.');
        }
        out.push(char::from(*d));
    }
    zeros(&mut out, point - len);
    out
}

fn trim_zeros(digits: &mut Vec<u8>) {
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
}

/// `x * base^exp`, if it fits.
fn times_pow(x: u128, base: u128, exp: i32) -> Option<u128> {
    (0..exp).try_fold(x, |acc, _| acc.checked_mul(base))
}

/// Whether `a` (positive) lies exactly halfway between `0.DIGITS x 10^point` and the next
/// number of as many digits: then Rust writes the upper one. Exact integer arithmetic: with
/// `a = m x 2^q` (`m` odd) and the midpoint `n x 10^e` (`n` ending in 5, so odd), equality
/// needs `q = e` when both are fractions (same number of fractional digits) and otherwise
/// holds in 128 bits whenever it can hold (`m x 2^q = n x 10^e` with `q = e` again, `m` below
/// 2^53).
fn is_upper_tie(a: f64, digits: &[u8], point: i32) -> bool {
    let d = digits.iter().try_fold(0u128, |acc, b| {
        acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    });
    let Some(n) = d.and_then(|d| d.checked_mul(10)?.checked_add(5)) else {
        return false;
    };
    let e = point - i32::try_from(digits.len()).unwrap_or(0) - 1;
    let bits = a.to_bits();
    let biased = i32::try_from(bits >> 52).unwrap_or(0);
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut q) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return false;
    }
    let zeros = m.trailing_zeros();
    m >>= zeros;
    q += i32::try_from(zeros).unwrap_or(0);
    let m = u128::from(m);
    if q < 0 && e < 0 {
        q == e && times_pow(m, 5, -e) == Some(n)
    } else if q >= 0 && e >= 0 {
        let left = times_pow(m, 2, q);
        left.is_some() && left == times_pow(n, 10, e)
    } else {
        false
    }
}

/// Adds one unit in the last place of `digits`; true when that adds a digit in front
/// (`999` -> `1000`).
fn round_up(digits: &mut Vec<u8>) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return false;
        }
    }
    digits.insert(0, b'1');
    true
}
