//! Retry-After parsing, retry decisions and the page cursor on arbitrary input: no panic, and
//! the documented bounds hold.
#![no_main]

use astro_platform_client::pagination::PageCursor;
use astro_platform_client::retry::{parse_retry_after, Decision, FailureKind, RetryPolicy};
use libfuzzer_sys::fuzz_target;

fn take_u64(data: &mut &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    for b in bytes.iter_mut() {
        if let Some((first, rest)) = data.split_first() {
            *b = *first;
            *data = rest;
        }
    }
    u64::from_le_bytes(bytes)
}

fuzz_target!(|input: &[u8]| {
    let mut data = input;
    let now = take_u64(&mut data);
    let attempt = take_u64(&mut data) as u32;
    let random01 = f64::from_bits(take_u64(&mut data));
    let status = take_u64(&mut data) as u16;
    let policy = RetryPolicy {
        max_retries: (take_u64(&mut data) % 8) as u32,
        ..RetryPolicy::default()
    };
    let text = String::from_utf8_lossy(data);

    // Delta-seconds parse to a multiple of 1000 (or saturate); nothing else is accepted
    // unless it parses as a date.
    if let Some(ms) = parse_retry_after(&text, now) {
        let trimmed = text.trim();
        if trimmed.bytes().all(|b| b.is_ascii_digit()) {
            assert!(ms % 1000 == 0 || ms == u64::MAX);
        } else {
            assert!(trimmed.contains(':'), "accepted {trimmed:?}");
        }
    }
    for failure in [
        FailureKind::Status(status),
        FailureKind::Network,
        FailureKind::Timeout,
    ] {
        match policy.next_delay(attempt, true, failure, Some(&text), random01, now) {
            Decision::RetryAfter(ms) => {
                assert!(attempt <= policy.max_retries);
                assert!(failure.is_transient());
                assert!(ms <= policy.max_retry_delay_ms.max(policy.cap_delay_ms));
            }
            Decision::GiveUp(reason) => {
                assert!(!reason.to_string().is_empty());
            }
        }
        let delay = policy.backoff_delay_ms(attempt, random01);
        assert!(delay <= policy.cap_delay_ms);
    }

    // The cursor: every non-empty page advances the offset by exactly what was received, an
    // empty page ends it, and nothing is requested after the end.
    let limit = (take_u64(&mut data) % 1001).max(1);
    if let Ok(mut cursor) = PageCursor::new(take_u64(&mut data) % 10_000, Some(limit)) {
        for chunk in text.as_bytes().chunks(2) {
            let Some((offset, asked)) = cursor.next_request() else {
                break;
            };
            assert_eq!(asked, limit);
            let received = u64::from(*chunk.first().unwrap_or(&0)) % 300;
            let total = chunk.get(1).map(|t| u64::from(*t) * 10);
            let outcome = cursor.record_page(received, total);
            assert_eq!(cursor.offset(), offset + received);
            assert!(outcome.keep <= received);
            if received == 0 {
                assert!(outcome.done);
            }
            if outcome.done {
                assert_eq!(cursor.next_request(), None);
            }
        }
    }
});
