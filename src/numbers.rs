//! Number formatting for messages, without core's float formatter (see [`display_f64`]).

use std::fmt::Write;

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
