//! Retry policy math: which failures are retried, how long to wait, and how the final error
//! describes every attempt.
//!
//! Everything here is deterministic: no clock, no random source, no I/O. The caller (the wasm
//! layer) passes the current time (`now_unix_ms`) and a uniform random number in `[0, 1]`
//! (`random01`, e.g. `Math.random()`), sleeps for the returned delay, and rebuilds the request.
//!
//! ## Numbering
//! Attempts are numbered from 1: attempt 1 is the first try, attempt 2 the first retry. With the
//! default `max_retries` of 2 a request is tried at most 3 times.
//!
//! ## Which requests are retried
//! Network errors, per-attempt timeouts and the statuses 408, 429, 500, 502, 503 and 504, but only
//! for methods that are safe to repeat (GET and DELETE) unless the caller opts in per call
//! (`retry: true`) for POST: the API has no idempotency keys, so a repeated create could create
//! twice.
//!
//! ## Retry-After
//! A `Retry-After` header on a retryable response (delta-seconds or an HTTP date) replaces the
//! computed backoff. If the server asks for longer than `max_retry_delay_ms`, the client gives up
//! at once with [`GiveUpReason::RetryAfterTooLong`] rather than sleeping less than asked (which the
//! server would likely refuse again) or blocking for longer than the caller allowed. An
//! unparseable `Retry-After` is ignored and the normal backoff applies.

use std::fmt;

use crate::registry::HttpMethod;

/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default base delay of the exponential backoff, in milliseconds.
pub const DEFAULT_BASE_DELAY_MS: u64 = 250;
/// Default ceiling of one computed backoff delay, in milliseconds.
pub const DEFAULT_CAP_DELAY_MS: u64 = 20_000;
/// Default longest `Retry-After` the client is willing to honour, in milliseconds.
pub const DEFAULT_MAX_RETRY_DELAY_MS: u64 = 60_000;

/// The retry settings of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Base of the exponential backoff: the first retry waits up to this long.
    pub base_delay_ms: u64,
    /// No computed backoff delay exceeds this.
    pub cap_delay_ms: u64,
    /// The longest `Retry-After` honoured; a longer one makes the client give up.
    pub max_retry_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            base_delay_ms: DEFAULT_BASE_DELAY_MS,
            cap_delay_ms: DEFAULT_CAP_DELAY_MS,
            max_retry_delay_ms: DEFAULT_MAX_RETRY_DELAY_MS,
        }
    }
}

/// True for the HTTP statuses worth retrying: 408, 429, 500, 502, 503 and 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Whether a method is retried without the caller opting in: GET, PUT and DELETE are
/// idempotent (repeating them has the same effect as doing them once); POST (create, update and
/// actions in this API) and PATCH are not.
pub fn method_is_retried_by_default(method: HttpMethod) -> bool {
    match method {
        HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete => true,
        HttpMethod::Post | HttpMethod::Patch => false,
    }
}

/// Whether a request may be retried at all: idempotent methods always, POST and PATCH only
/// when the caller opted in for this call (`retry: true`).
pub fn retries_allowed(method: HttpMethod, caller_opted_in: bool) -> bool {
    method_is_retried_by_default(method) || caller_opted_in
}

/// What went wrong with one attempt, as far as the retry decision is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The server answered with this HTTP status (an error status).
    Status(u16),
    /// No response: connection refused or reset, DNS failure, body cut off, ...
    Network,
    /// The attempt exceeded its per-attempt timeout.
    Timeout,
}

impl FailureKind {
    /// Network errors, timeouts and the retryable statuses are transient.
    pub fn is_transient(self) -> bool {
        match self {
            FailureKind::Status(status) => is_retryable_status(status),
            FailureKind::Network | FailureKind::Timeout => true,
        }
    }
}

/// The outcome of [`RetryPolicy::next_delay`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Sleep this many milliseconds, then send the next attempt.
    RetryAfter(u64),
    /// Stop and report the failure.
    GiveUp(GiveUpReason),
}

/// Why no further attempt is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiveUpReason {
    /// The failure is not transient (for example HTTP 400, 401, 404).
    NotRetryable { status: u16 },
    /// The method is not idempotent and the caller did not opt in with `retry: true`.
    MethodNotRetried,
    /// All allowed attempts were made.
    RetriesExhausted { attempts: u32 },
    /// The server's `Retry-After` asks for a longer wait than `maxRetryDelayMs` allows.
    RetryAfterTooLong { requested_ms: u64, max_ms: u64 },
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUpReason::NotRetryable { status } => {
                write!(
                    f,
                    "HTTP {status} is not a transient error, so it is not retried"
                )
            }
            GiveUpReason::MethodNotRetried => f.write_str(
                "POST requests are not retried automatically because the API has no idempotency \
                 keys; pass retry: true in the call options to allow it",
            ),
            GiveUpReason::RetriesExhausted { attempts } => {
                let noun = if *attempts == 1 {
                    "attempt"
                } else {
                    "attempts"
                };
                write!(f, "gave up after {attempts} {noun} (maxRetries reached)")
            }
            GiveUpReason::RetryAfterTooLong {
                requested_ms,
                max_ms,
            } => write!(
                f,
                "the server asked to retry after {requested_ms} ms, longer than maxRetryDelayMs \
                 ({max_ms} ms); raise maxRetryDelayMs to wait that long"
            ),
        }
    }
}

impl RetryPolicy {
    /// The full-jitter exponential backoff before retry number `retry_index + 1`
    /// (`retry_index` 0 is the first retry): a delay drawn uniformly from
    /// `[0, min(cap_delay_ms, base_delay_ms * 2^retry_index)]` using `random01`.
    ///
    /// `random01` is clamped into `[0, 1]` (NaN counts as 0). Huge indexes saturate at the cap;
    /// nothing overflows.
    pub fn backoff_delay_ms(&self, retry_index: u32, random01: f64) -> u64 {
        let ceiling = self.backoff_ceiling_ms(retry_index);
        let r = if random01.is_nan() {
            0.0
        } else {
            random01.clamp(0.0, 1.0)
        };
        // `as` from f64 to u64 saturates and maps NaN to 0; the `min` keeps rounding at the
        // top of a large ceiling from stepping over it.
        let delay = (ceiling as f64 * r).round() as u64;
        delay.min(ceiling)
    }

    /// The upper bound of [`backoff_delay_ms`](Self::backoff_delay_ms) for a retry index.
    pub fn backoff_ceiling_ms(&self, retry_index: u32) -> u64 {
        // 2^retry_index, saturating at u64::MAX from 64 on (a zero base stays zero).
        let factor = 1u64.checked_shl(retry_index).unwrap_or(u64::MAX);
        self.base_delay_ms
            .saturating_mul(factor)
            .min(self.cap_delay_ms)
    }

    /// Decide what to do after attempt number `attempt` (1 = the first try) failed.
    ///
    /// * `retry_allowed`: see [`retries_allowed`] (idempotent method or caller opt-in).
    /// * `failure`: what went wrong.
    /// * `retry_after`: the raw `Retry-After` header value of the response, if any.
    /// * `random01`: uniform random number in `[0, 1]` for the jitter.
    /// * `now_unix_ms`: current time, used to resolve an HTTP-date `Retry-After`.
    pub fn next_delay(
        &self,
        attempt: u32,
        retry_allowed: bool,
        failure: FailureKind,
        retry_after: Option<&str>,
        random01: f64,
        now_unix_ms: u64,
    ) -> Decision {
        if let FailureKind::Status(status) = failure {
            if !is_retryable_status(status) {
                return Decision::GiveUp(GiveUpReason::NotRetryable { status });
            }
        }
        if !retry_allowed {
            return Decision::GiveUp(GiveUpReason::MethodNotRetried);
        }
        if attempt > self.max_retries {
            return Decision::GiveUp(GiveUpReason::RetriesExhausted {
                attempts: attempt.max(1),
            });
        }
        let server_delay = match failure {
            FailureKind::Status(_) => {
                retry_after.and_then(|value| parse_retry_after(value, now_unix_ms))
            }
            FailureKind::Network | FailureKind::Timeout => None,
        };
        match server_delay {
            Some(requested_ms) if requested_ms > self.max_retry_delay_ms => {
                Decision::GiveUp(GiveUpReason::RetryAfterTooLong {
                    requested_ms,
                    max_ms: self.max_retry_delay_ms,
                })
            }
            Some(requested_ms) => Decision::RetryAfter(requested_ms),
            None => {
                Decision::RetryAfter(self.backoff_delay_ms(attempt.saturating_sub(1), random01))
            }
        }
    }
}

/// One failed attempt, kept for the final error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based attempt number.
    pub attempt: u32,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// What went wrong, for people.
    pub reason: String,
}

impl Failure {
    /// The server answered with an error status; `message` is the API's message (may be empty).
    pub fn http(attempt: u32, status: u16, message: &str) -> Failure {
        Failure {
            attempt,
            status: Some(status),
            reason: message.to_owned(),
        }
    }

    /// No response arrived (connection failure, reset, body cut off).
    pub fn network(attempt: u32, message: &str) -> Failure {
        let reason = if message.is_empty() {
            "network error".to_owned()
        } else {
            format!("network error: {message}")
        };
        Failure {
            attempt,
            status: None,
            reason,
        }
    }

    /// The attempt exceeded its timeout.
    pub fn timeout(attempt: u32, timeout_ms: u64) -> Failure {
        Failure {
            attempt,
            status: None,
            reason: format!("timed out after {timeout_ms} ms"),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.status, self.reason.is_empty()) {
            (Some(status), true) => write!(f, "HTTP {status}"),
            (Some(status), false) => write!(f, "HTTP {status}: {}", self.reason),
            (None, _) => f.write_str(&self.reason),
        }
    }
}

/// Every failed attempt of one call, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttemptLog {
    failures: Vec<Failure>,
}

impl AttemptLog {
    pub fn new() -> AttemptLog {
        AttemptLog::default()
    }

    pub fn push(&mut self, failure: Failure) {
        self.failures.push(failure);
    }

    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Number of attempts recorded (the `attempts` property of the final error).
    pub fn attempts(&self) -> u32 {
        u32::try_from(self.failures.len()).unwrap_or(u32::MAX)
    }

    /// "3 attempts: 1) HTTP 503: busy; 2) network error: reset; 3) HTTP 503: busy".
    pub fn summary(&self) -> String {
        let count = self.failures.len();
        let noun = if count == 1 { "attempt" } else { "attempts" };
        let items: Vec<String> = self
            .failures
            .iter()
            .map(|failure| format!("{}) {failure}", failure.attempt))
            .collect();
        if items.is_empty() {
            "0 attempts".to_owned()
        } else {
            format!("{count} {noun}: {}", items.join("; "))
        }
    }
}

/// Parse a `Retry-After` header value into a delay in milliseconds from `now_unix_ms`.
///
/// Accepts delta-seconds (`"120"`) and HTTP dates in the three forms of RFC 9110 section 5.6.7:
/// IMF-fixdate (`"Sun, 06 Nov 1994 08:49:37 GMT"`), the obsolete RFC 850 form
/// (`"Sunday, 06-Nov-94 08:49:37 GMT"`) and asctime (`"Sun Nov  6 08:49:37 1994"`).
/// A date in the past gives `Some(0)`. Anything else (negative or fractional numbers, garbage,
/// impossible dates) gives `None`. Never panics; huge values saturate.
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = saturating_digits(value);
        return Some(seconds.saturating_mul(1000));
    }
    let date_ms = parse_http_date_ms(value, now_unix_ms)?;
    let now = i128::from(now_unix_ms);
    let delta = i128::from(date_ms).saturating_sub(now).max(0);
    Some(u64::try_from(delta).unwrap_or(u64::MAX))
}

/// Parse an HTTP date into Unix milliseconds (may be negative for dates before 1970).
/// `now_unix_ms` resolves the two-digit year of the RFC 850 form.
pub fn parse_http_date_ms(value: &str, now_unix_ms: u64) -> Option<i64> {
    let tokens: Vec<&str> = value.split_ascii_whitespace().collect();
    match tokens.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, zone] => {
            let weekday = weekday.strip_suffix(',')?;
            if !is_short_weekday(weekday) || !zone.eq_ignore_ascii_case("GMT") || day.len() != 2 {
                return None;
            }
            if year.len() != 4 {
                return None;
            }
            let year = i64::from(parse_digits(year)?);
            to_unix_ms(year, month_number(month)?, parse_digits(day)?, time)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, zone] => {
            let weekday = weekday.strip_suffix(',')?;
            if !is_long_weekday(weekday) || !zone.eq_ignore_ascii_case("GMT") {
                return None;
            }
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || day.len() != 2 || year.len() != 2 {
                return None;
            }
            let year = resolve_two_digit_year(parse_digits(year)?, now_unix_ms);
            to_unix_ms(year, month_number(month)?, parse_digits(day)?, time)
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [weekday, month, day, time, year] => {
            if !is_short_weekday(weekday) || day.is_empty() || day.len() > 2 || year.len() != 4 {
                return None;
            }
            let year = i64::from(parse_digits(year)?);
            to_unix_ms(year, month_number(month)?, parse_digits(day)?, time)
        }
        _ => None,
    }
}

const SHORT_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_short_weekday(token: &str) -> bool {
    SHORT_WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(token))
}

fn is_long_weekday(token: &str) -> bool {
    LONG_WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(token))
}

fn month_number(token: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(token))?;
    u32::try_from(index).ok().map(|i| i + 1)
}

/// Parse 1 to 9 ASCII digits (no sign, no spaces).
fn parse_digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Value of an all-digit string, saturating at `u64::MAX`.
fn saturating_digits(text: &str) -> u64 {
    text.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.saturating_sub(b'0')))
    })
}

/// RFC 9110: a two-digit year that would be more than 50 years in the future means the most
/// recent past year with those digits.
fn resolve_two_digit_year(two_digits: u32, now_unix_ms: u64) -> i64 {
    let now_days = i64::try_from(now_unix_ms / 86_400_000).unwrap_or(i64::MAX / 2);
    let current_year = civil_from_days(now_days).0;
    let century = current_year.div_euclid(100) * 100;
    let mut year = century + i64::from(two_digits);
    if year > current_year + 50 {
        year -= 100;
    }
    year
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

/// Validate a calendar date and an `HH:MM:SS` time, and convert to Unix milliseconds.
fn to_unix_ms(year: i64, month: u32, day: u32, time: &str) -> Option<i64> {
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut parts = time.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || h.len() != 2 || m.len() != 2 || s.len() != 2 {
        return None;
    }
    let (h, m, s) = (parse_digits(h)?, parse_digits(m)?, parse_digits(s)?);
    // 60 seconds admits a leap second.
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
    seconds.checked_mul(1000)
}
