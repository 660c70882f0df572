//! Fault injection: the `x-emulator-fault` header and the global `--fault` flag.
//!
//! Syntax: directives separated by `;`: `latency=MS`, `status=CODE`, `body=json|html|empty`,
//! `retry-after=VALUE`, `drop`, `truncate`, `malformed`, `times=N`, `key=K`.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKind {
    #[default]
    Json,
    Html,
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FaultSpec {
    pub latency_ms: Option<u64>,
    pub status: Option<u16>,
    pub body: BodyKind,
    pub retry_after: Option<String>,
    pub drop: bool,
    pub truncate: bool,
    pub malformed: bool,
    pub times: Option<u64>,
    pub key: Option<String>,
    /// The text as given, trimmed; recorded in the journal.
    pub raw: String,
}

/// Longest accepted latency (10 minutes).
pub const MAX_LATENCY_MS: u64 = 600_000;

impl FaultSpec {
    pub fn parse(text: &str) -> Result<FaultSpec, String> {
        let mut spec = FaultSpec {
            raw: text.trim().to_string(),
            ..FaultSpec::default()
        };
        let mut body_given = false;
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = match part.split_once('=') {
                Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v.trim())),
                None => (part.to_ascii_lowercase(), None),
            };
            let need = |v: Option<&str>| -> Result<String, String> {
                match v {
                    Some(v) if !v.is_empty() => Ok(v.to_string()),
                    _ => Err(format!("directive '{name}' needs a value ({name}=...)")),
                }
            };
            let flag = |v: Option<&str>| -> Result<bool, String> {
                match v {
                    None => Ok(true),
                    Some(_) => Err(format!("directive '{name}' takes no value")),
                }
            };
            match name.as_str() {
                "latency" => {
                    let v = need(value)?;
                    let ms: u64 = v.parse().map_err(|_| format!("latency: '{v}' is not a number of milliseconds"))?;
                    if ms > MAX_LATENCY_MS {
                        return Err(format!("latency: {ms} is above the maximum of {MAX_LATENCY_MS} ms"));
                    }
                    spec.latency_ms = Some(ms);
                }
                "status" => {
                    let v = need(value)?;
                    let code: u16 = v.parse().map_err(|_| format!("status: '{v}' is not an HTTP status code"))?;
                    if !(100..=599).contains(&code) {
                        return Err(format!("status: {code} is outside 100..599"));
                    }
                    spec.status = Some(code);
                }
                "body" => {
                    let v = need(value)?;
                    spec.body = match v.to_ascii_lowercase().as_str() {
                        "json" => BodyKind::Json,
                        "html" => BodyKind::Html,
                        "empty" => BodyKind::Empty,
                        _ => return Err(format!("body: '{v}' is not one of json, html, empty")),
                    };
                    body_given = true;
                }
                "retry-after" => {
                    let v = need(value)?;
                    if !v.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
                        return Err("retry-after: the value must be visible ASCII".to_string());
                    }
                    spec.retry_after = Some(v);
                }
                "drop" => spec.drop = flag(value)?,
                "truncate" => spec.truncate = flag(value)?,
                "malformed" => spec.malformed = flag(value)?,
                "times" => {
                    let v = need(value)?;
                    spec.times = Some(v.parse().map_err(|_| format!("times: '{v}' is not a count"))?);
                }
                "key" => spec.key = Some(need(value)?),
                other => {
                    return Err(format!(
                        "unknown directive '{other}' (known: latency, status, body, retry-after, drop, truncate, malformed, times, key)"
                    ))
                }
            }
        }
        if body_given && spec.status.is_none() {
            return Err("body=... needs status=CODE".to_string());
        }
        let modes = [
            spec.drop,
            spec.truncate,
            spec.malformed,
            spec.status.is_some(),
        ]
        .iter()
        .filter(|m| **m)
        .count();
        if modes > 1 {
            return Err("use at most one of status, drop, truncate, malformed".to_string());
        }
        Ok(spec)
    }

    /// The counter key for `times`.
    fn counter_key(&self) -> String {
        self.key
            .clone()
            .unwrap_or_else(|| format!("spec:{}", self.raw))
    }
}

/// Counts requests per fault key so `times=N` applies to the first N only.
#[derive(Default)]
pub struct FaultCounters {
    counts: Mutex<HashMap<String, u64>>,
}

impl FaultCounters {
    /// Records one request carrying `spec`; returns whether the fault applies to it.
    pub fn admit(&self, spec: &FaultSpec) -> bool {
        let Some(times) = spec.times else { return true };
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let seen = counts.entry(spec.counter_key()).or_insert(0);
        *seen += 1;
        *seen <= times
    }

    pub fn clear(&self) {
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        let s =
            FaultSpec::parse("latency=150; status=503; body=html; retry-after=2; times=1; key=k1");
        assert!(s.is_ok());
        let s = s.unwrap_or_default();
        assert_eq!(s.latency_ms, Some(150));
        assert_eq!(s.status, Some(503));
        assert_eq!(s.body, BodyKind::Html);
        assert_eq!(s.retry_after.as_deref(), Some("2"));
        assert_eq!(s.times, Some(1));
        assert_eq!(s.key.as_deref(), Some("k1"));
        assert_eq!(FaultSpec::parse("drop").map(|s| s.drop), Ok(true));
        for bad in [
            "status=abc",
            "status=700",
            "bogus",
            "body=html",
            "drop; truncate",
            "latency",
            "drop=1",
        ] {
            assert!(FaultSpec::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn counters_limit_times_per_key() {
        let c = FaultCounters::default();
        let s = FaultSpec::parse("status=500; times=2; key=a").unwrap_or_default();
        assert!(c.admit(&s));
        assert!(c.admit(&s));
        assert!(!c.admit(&s));
        let other = FaultSpec::parse("status=500; times=2; key=b").unwrap_or_default();
        assert!(c.admit(&other));
        c.clear();
        assert!(c.admit(&s));
    }
}
