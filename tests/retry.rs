//! Native tests of the retry policy math (src/retry.rs).
#![allow(clippy::indexing_slicing)]

use astro_platform_client::operations::{HttpMethod, Operation};
use astro_platform_client::retry::{
    is_retryable_status, method_is_retried_by_default, parse_http_date_ms, parse_retry_after,
    retries_allowed, AttemptLog, Decision, Failure, FailureKind, GiveUpReason, RetryPolicy,
};

/// 2026-11-28 15:00:00 UTC.
const NOW_MS: u64 = 1_795_878_000_000;

#[test]
fn default_policy_matches_the_documented_numbers() {
    let p = RetryPolicy::default();
    assert_eq!(p.max_retries, 2);
    assert_eq!(p.base_delay_ms, 250);
    assert_eq!(p.cap_delay_ms, 20_000);
    assert_eq!(p.max_retry_delay_ms, 60_000);
}

#[test]
fn retryable_statuses_are_exactly_the_six() {
    let retryable: Vec<u16> = (0..=u16::MAX).filter(|s| is_retryable_status(*s)).collect();
    assert_eq!(retryable, vec![408, 429, 500, 502, 503, 504]);
}

#[test]
fn idempotent_methods_are_retried_and_post_only_on_opt_in() {
    assert!(method_is_retried_by_default(HttpMethod::Get));
    assert!(method_is_retried_by_default(HttpMethod::Delete));
    assert!(!method_is_retried_by_default(HttpMethod::Post));
    assert!(retries_allowed(HttpMethod::Get, false));
    assert!(retries_allowed(HttpMethod::Delete, true));
    assert!(!retries_allowed(HttpMethod::Post, false));
    assert!(retries_allowed(HttpMethod::Post, true));
    // Per operation: creates and updates are not retried by default, everything else is.
    for op in Operation::ALL {
        let name = op.name();
        let mutating = name.starts_with("create") || name.starts_with("update");
        assert_eq!(
            method_is_retried_by_default(op.method()),
            !mutating,
            "{name}"
        );
    }
}

#[test]
fn backoff_ceiling_doubles_from_base_up_to_cap() {
    let p = RetryPolicy::default();
    let ceilings: Vec<u64> = (0..10).map(|i| p.backoff_ceiling_ms(i)).collect();
    assert_eq!(
        ceilings,
        vec![250, 500, 1000, 2000, 4000, 8000, 16_000, 20_000, 20_000, 20_000]
    );
}

#[test]
fn backoff_is_full_jitter_between_zero_and_ceiling() {
    let p = RetryPolicy::default();
    assert_eq!(p.backoff_delay_ms(0, 0.0), 0);
    assert_eq!(p.backoff_delay_ms(0, 1.0), 250);
    assert_eq!(p.backoff_delay_ms(0, 0.5), 125);
    assert_eq!(p.backoff_delay_ms(2, 0.25), 250);
    assert_eq!(p.backoff_delay_ms(3, 0.999_999), 2000);
    for i in 0..40u32 {
        for k in 0..=100 {
            let r = f64::from(k) / 100.0;
            let d = p.backoff_delay_ms(i, r);
            assert!(d <= p.backoff_ceiling_ms(i), "index {i} r {r} gave {d}");
        }
    }
    // Monotonic in the random number for a fixed index.
    let mut last = 0;
    for k in 0..=1000 {
        let d = p.backoff_delay_ms(5, f64::from(k) / 1000.0);
        assert!(d >= last);
        last = d;
    }
    assert_eq!(last, 8000);
}

#[test]
fn backoff_with_out_of_range_random_is_clamped() {
    let p = RetryPolicy::default();
    assert_eq!(p.backoff_delay_ms(1, -3.0), 0);
    assert_eq!(p.backoff_delay_ms(1, 7.0), 500);
    assert_eq!(p.backoff_delay_ms(1, f64::NAN), 0);
    assert_eq!(p.backoff_delay_ms(1, f64::INFINITY), 500);
    assert_eq!(p.backoff_delay_ms(1, f64::NEG_INFINITY), 0);
}

#[test]
fn huge_attempt_numbers_do_not_overflow() {
    let p = RetryPolicy::default();
    for i in [31, 32, 62, 63, 64, 65, 1000, u32::MAX - 1, u32::MAX] {
        assert_eq!(p.backoff_ceiling_ms(i), 20_000, "index {i}");
        assert_eq!(p.backoff_delay_ms(i, 1.0), 20_000, "index {i}");
    }
    let extreme = RetryPolicy {
        max_retries: u32::MAX,
        base_delay_ms: u64::MAX,
        cap_delay_ms: u64::MAX,
        max_retry_delay_ms: u64::MAX,
    };
    assert_eq!(extreme.backoff_ceiling_ms(0), u64::MAX);
    assert_eq!(extreme.backoff_ceiling_ms(1), u64::MAX);
    assert_eq!(extreme.backoff_delay_ms(u32::MAX, 1.0), u64::MAX);
    assert_eq!(extreme.backoff_delay_ms(3, 0.5), 1u64 << 63);
    assert_eq!(
        extreme.next_delay(u32::MAX, true, FailureKind::Network, None, 1.0, NOW_MS),
        Decision::RetryAfter(u64::MAX)
    );
    let zero = RetryPolicy {
        base_delay_ms: 0,
        ..RetryPolicy::default()
    };
    assert_eq!(zero.backoff_delay_ms(u32::MAX, 1.0), 0);
}

#[test]
fn retry_after_delta_seconds() {
    assert_eq!(parse_retry_after("0", NOW_MS), Some(0));
    assert_eq!(parse_retry_after("1", NOW_MS), Some(1000));
    assert_eq!(parse_retry_after("120", NOW_MS), Some(120_000));
    assert_eq!(parse_retry_after("  7 ", NOW_MS), Some(7000));
    assert_eq!(parse_retry_after("007", NOW_MS), Some(7000));
    // Saturates instead of overflowing.
    assert_eq!(
        parse_retry_after("99999999999999999999999999999", NOW_MS),
        Some(u64::MAX)
    );
    assert_eq!(
        parse_retry_after("18446744073709551", NOW_MS),
        Some(18_446_744_073_709_551_000)
    );
    assert_eq!(
        parse_retry_after("18446744073709552", NOW_MS),
        Some(u64::MAX)
    );
}

#[test]
fn retry_after_rejects_garbage() {
    for bad in [
        "",
        " ",
        "-1",
        "+1",
        "abc",
        "1.5",
        "1e3",
        "0x10",
        "١",
        "1 2",
        "Wed",
        "GMT",
        "Wed, 21 Oct 2015 07:28:00",
        "Wed, 21 Oct 2015 07:28:00 PST",
        "Wed, 32 Oct 2015 07:28:00 GMT",
        "Wed, 31 Nov 2015 07:28:00 GMT",
        "Wed, 29 Feb 2015 07:28:00 GMT",
        "Wed, 21 Foo 2015 07:28:00 GMT",
        "Wed, 21 Oct 2015 24:00:00 GMT",
        "Wed, 21 Oct 2015 07:60:00 GMT",
        "Wed, 21 Oct 2015 07:28:61 GMT",
        "Wed, 21 Oct 2015 7:28:00 GMT",
        "Wed, 21 Oct 2015 07:28 GMT",
        "Wed, 21 Oct 2015 07:28:00:00 GMT",
        "Wed, 21 Oct 15 07:28:00 GMT",
        "Wed, 1 Oct 2015 07:28:00 GMT",
        "Xyz, 21 Oct 2015 07:28:00 GMT",
        "Wed 21 Oct 2015 07:28:00 GMT",
        "Wednesday, 21-Oct-2015 07:28:00 GMT",
        "Wednesday, 21-Oct-15-1 07:28:00 GMT",
        "Wed Oct 21 07:28:00 15",
        "Wed Oct 210 07:28:00 2015",
        "Wed, 00 Oct 2015 07:28:00 GMT",
        "Wed, 21 Oct 0x15 07:28:00 GMT",
        "Wed, 21 Oct 2015 -7:28:00 GMT",
    ] {
        assert_eq!(parse_retry_after(bad, NOW_MS), None, "{bad:?}");
    }
}

#[test]
fn retry_after_http_date_relative_to_now() {
    // 2015-10-21 07:28:00 UTC = 1445412480 s.
    let now = 1_445_412_480_000 - 90_500;
    assert_eq!(
        parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
        Some(90_500)
    );
    // Exactly now, and in the past, give 0.
    assert_eq!(
        parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480_000),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", NOW_MS),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW_MS),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Sat, 28 Nov 2026 15:00:30 GMT", NOW_MS),
        Some(30_000)
    );
    // Far future saturates nothing: it is just large.
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", 0),
        Some(253_402_300_799_000)
    );
}

#[test]
fn http_date_forms_agree() {
    let expected = 784_111_777_000; // 1994-11-06 08:49:37 UTC
    assert_eq!(
        parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT", NOW_MS),
        Some(expected)
    );
    assert_eq!(
        parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT", NOW_MS),
        Some(expected)
    );
    assert_eq!(
        parse_http_date_ms("Sun Nov  6 08:49:37 1994", NOW_MS),
        Some(expected)
    );
    assert_eq!(
        parse_http_date_ms("Sun Nov 06 08:49:37 1994", NOW_MS),
        Some(expected)
    );
}

#[test]
fn http_date_known_values() {
    for (text, seconds) in [
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0i64),
        ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
        ("Tue, 29 Feb 2000 23:59:59 GMT", 951_868_799),
        ("Thu, 29 Feb 2024 12:00:00 GMT", 1_709_208_000),
        ("Mon, 01 Mar 2100 00:00:00 GMT", 4_107_542_400),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799),
        ("Sat, 28 Nov 2026 15:00:00 GMT", 1_795_878_000),
    ] {
        assert_eq!(
            parse_http_date_ms(text, NOW_MS),
            Some(seconds * 1000),
            "{text}"
        );
    }
    // 2100 is not a leap year.
    assert_eq!(
        parse_http_date_ms("Mon, 29 Feb 2100 00:00:00 GMT", NOW_MS),
        None
    );
}

#[test]
fn rfc850_two_digit_years_follow_the_fifty_year_rule() {
    // Now is 2026: "76" is 2076 (50 years ahead), "77" would be 2077 (>50) so it is 1977.
    let y2076 = parse_http_date_ms("Wednesday, 01-Jan-76 00:00:00 GMT", NOW_MS);
    let y1977 = parse_http_date_ms("Saturday, 01-Jan-77 00:00:00 GMT", NOW_MS);
    let y2026 = parse_http_date_ms("Thursday, 01-Jan-26 00:00:00 GMT", NOW_MS);
    assert_eq!(y2076, Some(3_345_062_400_000));
    assert_eq!(y1977, Some(220_924_800_000));
    assert_eq!(y2026, Some(1_767_225_600_000));
}

/// Independent, slow civil-date arithmetic (loops over years and months) to cross-check the
/// parser over a wide range of dates.
fn naive_unix_seconds(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> i64 {
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days: i64 = 0;
    for y in 1970..year {
        days += if leap(y) { 366 } else { 365 };
    }
    let month_days = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    for md in month_days.iter().take((month - 1) as usize) {
        days += md;
    }
    days += i64::from(day) - 1;
    days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)
}

#[test]
fn http_date_cross_checked_over_many_dates() {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // 1970-01-01 was a Thursday
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut checked = 0;
    for year in 1970..2200i64 {
        for month in 1..=12u32 {
            let len = match month {
                2 if leap(year) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            for day in [1, 2, 15, 27, 28, len] {
                let (h, m, s) = ((day * 7) % 24, (day * 13) % 60, (day * 31) % 60);
                let secs = naive_unix_seconds(year, month, day, h, m, s);
                let weekday = DAYS[(secs.div_euclid(86_400) % 7) as usize];
                let text = format!(
                    "{weekday}, {day:02} {} {year} {h:02}:{m:02}:{s:02} GMT",
                    MONTHS[(month - 1) as usize]
                );
                assert_eq!(
                    parse_http_date_ms(&text, NOW_MS),
                    Some(secs * 1000),
                    "{text}"
                );
                let asctime = format!(
                    "{weekday} {} {day:>2} {h:02}:{m:02}:{s:02} {year}",
                    MONTHS[(month - 1) as usize]
                );
                assert_eq!(
                    parse_http_date_ms(&asctime, NOW_MS),
                    Some(secs * 1000),
                    "{asctime}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 15_000);
}

#[test]
fn retry_after_never_panics_on_odd_input() {
    let mut inputs: Vec<String> = vec![
        "\u{0}".into(),
        "\u{feff}10".into(),
        "Sun, 06 Nov 1994 08:49:37 GMT\u{0}".into(),
        "Sun, 06 Nov 99999999999 08:49:37 GMT".into(),
        "Sun, 06 Nov 1994 99999999999:49:37 GMT".into(),
        "Sun, 06 Nov 1994 ::: GMT".into(),
        "Sun, 06 Nov 1994 08:49:37: GMT".into(),
        "Sunday, --- 08:49:37 GMT".into(),
        "Sunday, 06-Nov- 08:49:37 GMT".into(),
        "é, 06 Nov 1994 08:49:37 GMT".into(),
        "Sun, é6 Nov 1994 08:49:37 GMT".into(),
        "Sun, 06 Nov 1994 08:4é:37 GMT".into(),
        "9".repeat(10_000),
        "Sun, ".repeat(1000),
    ];
    // Every prefix of a valid date in each form.
    for full in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        for i in 0..full.len() {
            inputs.push(full[..i].to_owned());
            inputs.push(full[i..].to_owned());
        }
    }
    for input in &inputs {
        for now in [0, 1, NOW_MS, u64::MAX] {
            let _ = parse_retry_after(input, now);
        }
    }
    // The full forms parse even with now at the extremes.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", u64::MAX),
        Some(0)
    );
    // (With now = u64::MAX the two-digit year resolves to a year whose milliseconds do not fit
    // in i64: no panic, just None.)
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", u64::MAX),
        None
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", NOW_MS),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 0),
        Some(784_111_777_000)
    );
}

#[test]
fn next_delay_retries_transient_failures_with_backoff() {
    let p = RetryPolicy::default();
    assert_eq!(
        p.next_delay(1, true, FailureKind::Status(503), None, 1.0, NOW_MS),
        Decision::RetryAfter(250)
    );
    assert_eq!(
        p.next_delay(2, true, FailureKind::Status(503), None, 1.0, NOW_MS),
        Decision::RetryAfter(500)
    );
    assert_eq!(
        p.next_delay(1, true, FailureKind::Network, None, 0.5, NOW_MS),
        Decision::RetryAfter(125)
    );
    assert_eq!(
        p.next_delay(2, true, FailureKind::Timeout, None, 0.0, NOW_MS),
        Decision::RetryAfter(0)
    );
    for status in [408, 429, 500, 502, 503, 504] {
        assert!(matches!(
            p.next_delay(1, true, FailureKind::Status(status), None, 0.3, NOW_MS),
            Decision::RetryAfter(_)
        ));
    }
}

#[test]
fn next_delay_gives_up_after_max_retries() {
    let p = RetryPolicy::default();
    assert_eq!(
        p.next_delay(3, true, FailureKind::Status(503), None, 1.0, NOW_MS),
        Decision::GiveUp(GiveUpReason::RetriesExhausted { attempts: 3 })
    );
    let none = RetryPolicy {
        max_retries: 0,
        ..p
    };
    assert_eq!(
        none.next_delay(1, true, FailureKind::Network, None, 1.0, NOW_MS),
        Decision::GiveUp(GiveUpReason::RetriesExhausted { attempts: 1 })
    );
    // Simulate a whole call: attempts 1..=3 fail, we sleep twice then stop.
    let mut sleeps = Vec::new();
    let mut attempt = 1;
    loop {
        match p.next_delay(attempt, true, FailureKind::Status(500), None, 1.0, NOW_MS) {
            Decision::RetryAfter(ms) => sleeps.push(ms),
            Decision::GiveUp(reason) => {
                assert_eq!(reason, GiveUpReason::RetriesExhausted { attempts: 3 });
                break;
            }
        }
        attempt += 1;
    }
    assert_eq!(sleeps, vec![250, 500]);
}

#[test]
fn next_delay_does_not_retry_other_statuses() {
    let p = RetryPolicy::default();
    for status in [400, 401, 403, 404, 409, 412, 422, 501, 505, 599] {
        assert_eq!(
            p.next_delay(1, true, FailureKind::Status(status), Some("1"), 1.0, NOW_MS),
            Decision::GiveUp(GiveUpReason::NotRetryable { status })
        );
    }
}

#[test]
fn next_delay_does_not_retry_post_without_opt_in() {
    let p = RetryPolicy::default();
    let allowed = retries_allowed(HttpMethod::Post, false);
    assert_eq!(
        p.next_delay(1, allowed, FailureKind::Status(503), None, 1.0, NOW_MS),
        Decision::GiveUp(GiveUpReason::MethodNotRetried)
    );
    assert_eq!(
        p.next_delay(1, allowed, FailureKind::Network, None, 1.0, NOW_MS),
        Decision::GiveUp(GiveUpReason::MethodNotRetried)
    );
    let opted_in = retries_allowed(HttpMethod::Post, true);
    assert_eq!(
        p.next_delay(1, opted_in, FailureKind::Status(503), None, 1.0, NOW_MS),
        Decision::RetryAfter(250)
    );
}

#[test]
fn next_delay_honours_retry_after() {
    let p = RetryPolicy::default();
    assert_eq!(
        p.next_delay(1, true, FailureKind::Status(429), Some("3"), 0.0, NOW_MS),
        Decision::RetryAfter(3000)
    );
    assert_eq!(
        p.next_delay(1, true, FailureKind::Status(503), Some("0"), 1.0, NOW_MS),
        Decision::RetryAfter(0)
    );
    assert_eq!(
        p.next_delay(
            2,
            true,
            FailureKind::Status(503),
            Some("Sat, 28 Nov 2026 15:00:12 GMT"),
            1.0,
            NOW_MS
        ),
        Decision::RetryAfter(12_000)
    );
    // A date in the past: retry immediately.
    assert_eq!(
        p.next_delay(
            1,
            true,
            FailureKind::Status(503),
            Some("Wed, 21 Oct 2015 07:28:00 GMT"),
            1.0,
            NOW_MS
        ),
        Decision::RetryAfter(0)
    );
    // Exactly the maximum is honoured.
    assert_eq!(
        p.next_delay(1, true, FailureKind::Status(429), Some("60"), 1.0, NOW_MS),
        Decision::RetryAfter(60_000)
    );
    // Garbage falls back to the backoff.
    for bad in ["-1", "abc", "1.5", ""] {
        assert_eq!(
            p.next_delay(1, true, FailureKind::Status(429), Some(bad), 1.0, NOW_MS),
            Decision::RetryAfter(250),
            "{bad:?}"
        );
    }
}

#[test]
fn next_delay_gives_up_when_retry_after_exceeds_the_maximum() {
    let p = RetryPolicy::default();
    let decision = p.next_delay(1, true, FailureKind::Status(429), Some("61"), 1.0, NOW_MS);
    assert_eq!(
        decision,
        Decision::GiveUp(GiveUpReason::RetryAfterTooLong {
            requested_ms: 61_000,
            max_ms: 60_000
        })
    );
    if let Decision::GiveUp(reason) = decision {
        let text = reason.to_string();
        assert!(text.contains("61000 ms"), "{text}");
        assert!(text.contains("maxRetryDelayMs"), "{text}");
    }
    let patient = RetryPolicy {
        max_retry_delay_ms: 120_000,
        ..p
    };
    assert_eq!(
        patient.next_delay(1, true, FailureKind::Status(429), Some("61"), 1.0, NOW_MS),
        Decision::RetryAfter(61_000)
    );
    // The exhausted check comes first: no giant sleep on the last attempt either.
    assert_eq!(
        p.next_delay(3, true, FailureKind::Status(429), Some("1"), 1.0, NOW_MS),
        Decision::GiveUp(GiveUpReason::RetriesExhausted { attempts: 3 })
    );
}

#[test]
fn retry_after_on_network_errors_is_ignored() {
    let p = RetryPolicy::default();
    assert_eq!(
        p.next_delay(1, true, FailureKind::Network, Some("30"), 1.0, NOW_MS),
        Decision::RetryAfter(250)
    );
}

#[test]
fn give_up_reasons_read_well() {
    assert_eq!(
        GiveUpReason::NotRetryable { status: 404 }.to_string(),
        "HTTP 404 is not a transient error, so it is not retried"
    );
    assert!(GiveUpReason::MethodNotRetried
        .to_string()
        .contains("retry: true"));
    assert_eq!(
        GiveUpReason::RetriesExhausted { attempts: 3 }.to_string(),
        "gave up after 3 attempts (maxRetries reached)"
    );
    assert_eq!(
        GiveUpReason::RetriesExhausted { attempts: 1 }.to_string(),
        "gave up after 1 attempt (maxRetries reached)"
    );
}

#[test]
fn attempt_log_summarises_every_attempt() {
    let mut log = AttemptLog::new();
    assert_eq!(log.attempts(), 0);
    assert_eq!(log.summary(), "0 attempts");
    log.push(Failure::http(1, 503, "Service Unavailable"));
    assert_eq!(log.summary(), "1 attempt: 1) HTTP 503: Service Unavailable");
    log.push(Failure::network(2, "connection reset"));
    log.push(Failure::timeout(3, 30_000));
    log.push(Failure::http(4, 502, ""));
    log.push(Failure::network(5, ""));
    assert_eq!(log.attempts(), 5);
    assert_eq!(
        log.summary(),
        "5 attempts: 1) HTTP 503: Service Unavailable; 2) network error: connection reset; \
         3) timed out after 30000 ms; 4) HTTP 502; 5) network error"
    );
    assert_eq!(log.failures().len(), 5);
    assert_eq!(log.failures()[0].status, Some(503));
    assert_eq!(log.failures()[1].status, None);
    assert_eq!(log.failures()[2].attempt, 3);
}

#[test]
fn transient_classification() {
    assert!(FailureKind::Network.is_transient());
    assert!(FailureKind::Timeout.is_transient());
    assert!(FailureKind::Status(429).is_transient());
    assert!(!FailureKind::Status(404).is_transient());
    assert!(!FailureKind::Status(200).is_transient());
}
