//! Client options (`AstroClientOptions`) and call options (`CallOptions`), read from plain JS
//! objects and checked once.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use super::api;
use super::errors::{ClientError, IssueData};

const DEFAULT_TIMEOUT_MS: f64 = 30_000.0;
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RETRY_DELAY_MS: f64 = 60_000.0;
const DEFAULT_MAX_RESPONSE_BYTES: f64 = 32.0 * 1024.0 * 1024.0;
const MAX_RETRIES_LIMIT: u32 = 10;

/// The client's configuration.
pub(crate) struct Config {
    pub token: Option<String>,
    pub token_provider: Option<Function>,
    /// Without a trailing slash.
    pub base_url: String,
    /// Plain http:// to a host that is not loopback (calls with a token are refused).
    pub insecure_base_url: bool,
    pub organization_id: Option<String>,
    /// The `X-API-Version` sent with every request: the `apiVersion` option, else the minor
    /// version the contract pins (v1: `1.0`); none for an API without versions (v1beta1).
    pub api_version: Option<String>,
    /// 0 = no per-attempt timeout.
    pub timeout_ms: f64,
    pub headers: Vec<(String, String)>,
    pub fetch: Option<Function>,
    pub max_retries: u32,
    pub max_retry_delay_ms: f64,
    pub max_response_bytes: f64,
    pub on_request: Option<Function>,
    pub on_response: Option<Function>,
}

/// Options of one call.
#[derive(Default)]
pub(crate) struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<f64>,
    pub headers: Vec<(String, String)>,
    pub max_retries: Option<u32>,
    pub retry: Option<bool>,
}

fn invalid(path: &str, rule: &str, message: impl Into<String>) -> ClientError {
    ClientError::validation(None, IssueData::new(path, rule, message))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn opt_string(obj: &JsValue, key: &str, path: &str) -> Result<Option<String>, ClientError> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| invalid(path, "type", format!("{path} must be a string")))
}

fn opt_function(obj: &JsValue, key: &str, path: &str) -> Result<Option<Function>, ClientError> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|_| invalid(path, "type", format!("{path} must be a function")))
}

/// A finite number >= `min` (an integer bound, so the message needs no float formatting).
fn opt_number(obj: &JsValue, key: &str, path: &str, min: u32) -> Result<Option<f64>, ClientError> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    let n = v
        .as_f64()
        .ok_or_else(|| invalid(path, "type", format!("{path} must be a number")))?;
    if !n.is_finite() {
        return Err(invalid(
            path,
            "type",
            format!("{path} must be a finite number"),
        ));
    }
    if n < f64::from(min) {
        return Err(invalid(
            path,
            "minimum",
            format!("{path} must be at least {min}"),
        ));
    }
    Ok(Some(n))
}

fn opt_count(obj: &JsValue, key: &str, path: &str, max: u32) -> Result<Option<u32>, ClientError> {
    match opt_number(obj, key, path, 0)? {
        None => Ok(None),
        Some(n) if n.fract() != 0.0 => Err(invalid(
            path,
            "type",
            format!("{path} must be a whole number"),
        )),
        Some(n) if n > f64::from(max) => Err(invalid(
            path,
            "maximum",
            format!("{path} must be at most {max}"),
        )),
        // In range 0..=max and whole, so the conversion is exact.
        Some(n) => Ok(Some(n as u32)),
    }
}

/// Reads a `Record<string, string>` of extra headers and checks names and values.
fn opt_headers(obj: &JsValue, key: &str, path: &str) -> Result<Vec<(String, String)>, ClientError> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(Vec::new());
    }
    if !v.is_object() || js_sys::Array::is_array(&v) {
        return Err(invalid(
            path,
            "type",
            format!("{path} must be an object of strings"),
        ));
    }
    let mut out = Vec::new();
    for entry in Object::entries(v.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let here = format!("{path}.{name}");
        let value = pair
            .get(1)
            .as_string()
            .ok_or_else(|| invalid(&here, "type", format!("header {name} must be a string")))?;
        if name.is_empty() || !name.bytes().all(is_token_char) {
            return Err(invalid(
                &here,
                "type",
                format!("{name:?} is not a valid header name"),
            ));
        }
        if value
            .chars()
            .any(|c| (c.is_control() && c != '\t') || u32::from(c) > 0xff)
        {
            return Err(invalid(
                &here,
                "type",
                format!("header {name} contains a control character or a character above U+00FF"),
            ));
        }
        out.push((name.to_ascii_lowercase(), value));
    }
    Ok(out)
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Strips a `Bearer ` prefix and checks that the token can go in a header.
pub(crate) fn clean_token(raw: &str, path: &str) -> Result<String, ClientError> {
    let trimmed = raw.trim_matches(|c| c == ' ' || c == '\t');
    let token = match trimmed.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => trimmed.get(7..).unwrap_or("").trim_start(),
        _ => trimmed,
    };
    if token.is_empty() {
        return Err(invalid(path, "minLength", format!("{path} is empty")));
    }
    // Never echo the token itself in the message.
    if !token.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(invalid(
            path,
            "type",
            format!("{path} contains characters not allowed in a header (CR, LF, spaces, control or non-ASCII characters)"),
        ));
    }
    Ok(token.to_owned())
}

/// Parses the base URL; returns (normalized URL, insecure?).
fn parse_base_url(raw: &str) -> Result<(String, bool), ClientError> {
    let url = web_sys::Url::new(raw).map_err(|_| {
        invalid(
            "baseUrl",
            "type",
            format!("baseUrl {raw:?} is not an absolute URL"),
        )
    })?;
    let protocol = url.protocol();
    if protocol != "https:" && protocol != "http:" {
        return Err(invalid(
            "baseUrl",
            "type",
            format!("baseUrl must use https:// (or http:// to a loopback host), not {protocol}"),
        ));
    }
    if !url.search().is_empty() || !url.hash().is_empty() {
        return Err(invalid(
            "baseUrl",
            "type",
            "baseUrl must not have a query or a fragment",
        ));
    }
    if !url.username().is_empty() || !url.password().is_empty() {
        return Err(invalid(
            "baseUrl",
            "type",
            "baseUrl must not contain credentials",
        ));
    }
    let insecure = protocol == "http:" && !is_loopback(&url.hostname());
    let href = url.href();
    Ok((href.trim_end_matches('/').to_owned(), insecure))
}

/// 127.0.0.0/8, ::1 and localhost.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    if host == "::1" || host == "0:0:0:0:0:0:0:1" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.first() == Some(&"127")
        && parts.iter().all(|p| p.parse::<u8>().is_ok())
}

impl Config {
    pub fn from_js(options: &JsValue) -> Result<Config, ClientError> {
        let empty = JsValue::from(Object::new());
        let o = if is_absent(options) {
            &empty
        } else if options.is_object() {
            options
        } else {
            return Err(invalid("", "type", "AstroClient options must be an object"));
        };
        let token = opt_string(o, "token", "token")?
            .map(|t| clean_token(&t, "token"))
            .transpose()?;
        let token_provider = opt_function(o, "tokenProvider", "tokenProvider")?;
        let base = opt_string(o, "baseUrl", "baseUrl")?;
        let (base_url, insecure_base_url) =
            parse_base_url(base.as_deref().unwrap_or(api::API.default_base_url))?;
        let organization_id = opt_string(o, "organizationId", "organizationId")?;
        if organization_id.as_deref() == Some("") {
            return Err(invalid(
                "organizationId",
                "minLength",
                "organizationId is empty",
            ));
        }
        let api_version = match opt_string(o, "apiVersion", "apiVersion")? {
            Some(v)
                if v.is_empty()
                    || !v
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') =>
            {
                return Err(invalid(
                    "apiVersion",
                    "type",
                    format!("apiVersion {v:?} is not a version such as \"1.0\""),
                ));
            }
            Some(v) => Some(v),
            None => api::API.api_version.map(str::to_owned),
        };
        Ok(Config {
            token,
            token_provider,
            base_url,
            insecure_base_url,
            organization_id,
            api_version,
            timeout_ms: opt_number(o, "timeoutMs", "timeoutMs", 0)?.unwrap_or(DEFAULT_TIMEOUT_MS),
            headers: opt_headers(o, "headers", "headers")?,
            fetch: opt_function(o, "fetch", "fetch")?,
            max_retries: opt_count(o, "maxRetries", "maxRetries", MAX_RETRIES_LIMIT)?
                .unwrap_or(DEFAULT_MAX_RETRIES),
            max_retry_delay_ms: opt_number(o, "maxRetryDelayMs", "maxRetryDelayMs", 0)?
                .unwrap_or(DEFAULT_MAX_RETRY_DELAY_MS),
            max_response_bytes: opt_number(o, "maxResponseBytes", "maxResponseBytes", 1)?
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            on_request: opt_function(o, "onRequest", "onRequest")?,
            on_response: opt_function(o, "onResponse", "onResponse")?,
        })
    }

    /// Whether calls carry an Authorization header.
    pub fn has_auth(&self) -> bool {
        self.token.is_some() || self.token_provider.is_some()
    }
}

/// Reads an optional `AbortSignal` (duck-typed, so signals from other realms work).
pub(crate) fn opt_signal(
    obj: &JsValue,
    key: &str,
    path: &str,
) -> Result<Option<AbortSignal>, ClientError> {
    let v = get(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    let looks_like_signal = v.is_object()
        && Reflect::has(&v, &"aborted".into()).unwrap_or(false)
        && get(&v, "addEventListener").is_function();
    if !looks_like_signal {
        return Err(invalid(
            path,
            "type",
            format!("{path} must be an AbortSignal"),
        ));
    }
    Ok(Some(v.unchecked_into()))
}

impl CallOptions {
    pub fn from_js(options: &JsValue) -> Result<CallOptions, ClientError> {
        if is_absent(options) {
            return Ok(CallOptions::default());
        }
        if !options.is_object() || js_sys::Array::is_array(options) || options.is_function() {
            return Err(invalid(
                "options",
                "type",
                "call options must be a plain object",
            ));
        }
        let retry = {
            let v = get(options, "retry");
            if is_absent(&v) {
                None
            } else {
                Some(v.as_bool().ok_or_else(|| {
                    invalid("options.retry", "type", "options.retry must be a boolean")
                })?)
            }
        };
        Ok(CallOptions {
            signal: opt_signal(options, "signal", "options.signal")?,
            timeout_ms: opt_number(options, "timeoutMs", "options.timeoutMs", 0)?,
            headers: opt_headers(options, "headers", "options.headers")?,
            max_retries: opt_count(
                options,
                "maxRetries",
                "options.maxRetries",
                MAX_RETRIES_LIMIT,
            )?,
            retry,
        })
    }
}
