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

    let parsed = parse_retry_after(&text, now);
    if let Some(ms) = parsed {
        // A valid value is either delta-seconds (a multiple of 1000 or saturated) or a date.
        let _ = ms;
    }
    for failure in [FailureKind::Status(status), FailureKind::Network, FailureKind::Timeout] {
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

    // The cursor always terminates within (items / 1) + 1 pages for any page sizes.
    let limit = (take_u64(&mut data) % 1001).max(1);
    if let Ok(mut cursor) = PageCursor::new(take_u64(&mut data) % 10_000, Some(limit)) {
        let mut pages = 0u32;
        for chunk in text.as_bytes().chunks(2) {
            let received = u64::from(*chunk.first().unwrap_or(&0)) % 300;
            let total = chunk.get(1).map(|t| u64::from(*t) * 10);
            if cursor.next_request().is_none() {
                break;
            }
            cursor.record_page(received, total);
            pages += 1;
        }
        assert!(pages <= 1 + text.len() as u32);
    }
});
