//! Path-segment and query encoding: output is plain ASCII from the allowed set, decoding gives
//! the input back, and a value accepted as a path segment can never become `.` or `..`.
#![no_main]

use astro_platform_client::encoding::{
    encode_path_segment, encode_query_component, percent_decode, query_string, segment_problem,
};
use libfuzzer_sys::fuzz_target;

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Every byte is unreserved (or in `extra`), or part of a `%XX` escape with upper-case hex.
fn well_formed(encoded: &str, extra: &[u8]) {
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |c: u8| c.is_ascii_digit() || (b'A'..=b'F').contains(&c);
            assert!(i + 2 < bytes.len(), "cut escape in {encoded}");
            assert!(hex(bytes[i + 1]) && hex(bytes[i + 2]), "{encoded}");
            i += 3;
        } else {
            assert!(unreserved(b) || extra.contains(&b), "{encoded}");
            i += 1;
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let segment = encode_path_segment(&text);
    well_formed(&segment, &[]);
    assert!(!segment.contains('/'));
    assert_eq!(percent_decode(&segment), text);

    let component = encode_query_component(&text);
    well_formed(&component, b":");
    assert_eq!(percent_decode(&component), text);

    // Accepted ids: the encoded segment is never a dot segment, even after decoding.
    if segment_problem(&text).is_none() {
        assert!(!text.is_empty());
        assert_ne!(segment, ".");
        assert_ne!(segment, "..");
        assert_ne!(percent_decode(&text), "..");
    }
    let _ = percent_decode(&text);

    // Pairs split at U+FFFD (what invalid bytes became): one `k=v` per pair, joined by `&`.
    let parts: Vec<&str> = text.split('\u{fffd}').collect();
    let pairs: Vec<(&str, &str)> = parts
        .chunks(2)
        .map(|c| (c[0], *c.get(1).unwrap_or(&"")))
        .collect();
    let query = query_string(&pairs);
    if !pairs.is_empty() {
        assert_eq!(query.split('&').count(), pairs.len());
        for (piece, (k, v)) in query.split('&').zip(&pairs) {
            let (ek, ev) = piece.split_once('=').expect("key=value");
            assert_eq!(percent_decode(ek), *k);
            assert_eq!(percent_decode(ev), *v);
        }
    }
});
