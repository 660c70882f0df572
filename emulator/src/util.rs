//! Small helpers: clock, RFC 3339 formatting, ids, request ids.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 if the clock is before 1970).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Formats epoch milliseconds as RFC 3339 UTC with second precision: `2023-11-22T04:37:12Z`.
pub fn rfc3339(ms: u64) -> String {
    let secs = ms / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let (y, mo, d) = civil_from_days(i64::try_from(days).unwrap_or(0));
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Epoch milliseconds of a calendar date-time (UTC), for the seed.
pub fn epoch_ms(y: i64, mo: u32, d: u32, h: u32, mi: u32) -> u64 {
    // days_from_civil
    let y = if mo <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mo = i64::from(mo);
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60;
    u64::try_from(secs).unwrap_or(0) * 1000
}

/// Parses an RFC 3339 date-time (`2024-05-01T10:00:00Z`, fractions and offsets allowed) to epoch
/// milliseconds; `None` for anything else or an instant before 1970.
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = text.get(from..from + len)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let sep = |at: usize, want: &[u8]| bytes.get(at).is_some_and(|b| want.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d, h, mi, sec) = (
        num(0, 4)?,
        num(5, 2)?,
        num(8, 2)?,
        num(11, 2)?,
        num(14, 2)?,
        num(17, 2)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = text.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        let first3: String = frac.chars().chain("000".chars()).take(3).collect();
        millis = first3.parse().ok()?;
    }
    let offset_min = match bytes.get(i) {
        Some(b'Z' | b'z') if i + 1 == bytes.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == bytes.len() && sep(i + 3, b":") => {
            let m = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    let base = i64::try_from(epoch_ms(
        y,
        u32::try_from(mo).ok()?,
        u32::try_from(d).ok()?,
        0,
        0,
    ))
    .ok()?;
    if base == 0 && y != 1970 {
        return None;
    }
    let ms = base + ((h * 60 + mi - offset_min) * 60 + sec) * 1000 + millis;
    u64::try_from(ms).ok()
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn random_chars(rng: &mut fastrand::Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(ALNUM.get(rng.usize(..ALNUM.len())).copied().unwrap_or(b'x')))
        .collect()
}

/// A cuid-like id: 25 characters, starting with `cl`.
pub fn new_id(rng: &mut fastrand::Rng) -> String {
    format!("cl{}", random_chars(rng, 23))
}

/// A fresh request id for the error body and the `x-request-id` header.
pub fn request_id() -> String {
    let mut rng = fastrand::Rng::new();
    format!("req_{}", random_chars(&mut rng, 20))
}

/// A short lowercase token, used in namespaces and URLs.
pub fn short_token(rng: &mut fastrand::Rng, n: usize) -> String {
    random_chars(rng, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_669_091_832_000), "2022-11-22T04:37:12Z");
        assert_eq!(
            rfc3339(epoch_ms(2024, 2, 29, 23, 59)),
            "2024-02-29T23:59:00Z"
        );
        assert_eq!(epoch_ms(2022, 11, 22, 4, 37) + 12_000, 1_669_091_832_000);
    }

    #[test]
    fn parses_rfc3339() {
        assert_eq!(
            parse_rfc3339("2022-11-22T04:37:12Z"),
            Some(1_669_091_832_000)
        );
        assert_eq!(
            parse_rfc3339("2022-11-22T04:37:12.5Z"),
            Some(1_669_091_832_500)
        );
        assert_eq!(
            parse_rfc3339("2022-11-22T06:37:12+02:00"),
            Some(1_669_091_832_000)
        );
        for bad in [
            "2022-11-22",
            "2022-11-22T04:37:12",
            "2022-13-22T04:37:12Z",
            "x",
            "2022-11-22T04:37:12Zjunk",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_look_like_cuids() {
        let mut rng = fastrand::Rng::with_seed(1);
        let id = new_id(&mut rng);
        assert_eq!(id.len(), 25);
        assert!(id.starts_with("cl"));
        assert!(request_id().starts_with("req_"));
    }
}
