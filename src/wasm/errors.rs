//! The errors the client rejects with, built as instances of the classes in `js/errors.js`
//! (the same module the package entry re-exports, so `instanceof` works for users).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::FieldError;
use crate::numbers::display_f64;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    type AstroApiError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroApiError;

    type AstroValidationError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroValidationError;

    type AstroNetworkError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroNetworkError;

    type AstroTimeoutError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroTimeoutError;

    type AstroDecodeError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroDecodeError;

    type AstroWaitError;
    #[wasm_bindgen(constructor)]
    fn new(init: &Object) -> AstroWaitError;
}

/// One problem with an input (`{path, rule, message}` in JS).
#[derive(Debug, Clone)]
pub(crate) struct IssueData {
    pub path: String,
    pub rule: String,
    pub message: String,
}

impl IssueData {
    pub fn new(path: &str, rule: &str, message: impl Into<String>) -> IssueData {
        IssueData {
            path: path.to_owned(),
            rule: rule.to_owned(),
            message: message.into(),
        }
    }
}

/// Why one attempt failed; kept on the final error as `failures`.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub attempt: u32,
    pub kind: &'static str,
    pub status: Option<u16>,
    pub message: String,
}

/// Every failure of a call, before it becomes a JS error object.
#[derive(Debug)]
pub(crate) enum ClientError {
    Validation {
        operation: Option<String>,
        issues: Vec<IssueData>,
    },
    Api {
        operation: String,
        status: u16,
        message: String,
        request_id: Option<String>,
        field_errors: Vec<FieldError>,
        body: String,
        attempts: u32,
        failures: Vec<Failure>,
    },
    Network {
        operation: String,
        message: String,
        attempts: u32,
        failures: Vec<Failure>,
    },
    Timeout {
        operation: String,
        timeout_ms: f64,
        attempts: u32,
        failures: Vec<Failure>,
    },
    Decode {
        operation: String,
        status: u16,
        message: String,
    },
    Wait {
        reason: &'static str,
        message: String,
        last_seen: JsValue,
    },
    /// The caller's signal fired: the call rejects with `signal.reason` as is.
    Aborted(JsValue),
}

struct Fields(Object);

impl Fields {
    fn new() -> Fields {
        Fields(Object::new())
    }
    fn set(self, key: &str, value: impl Into<JsValue>) -> Fields {
        // Reflect.set on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }
    fn set_opt_str(self, key: &str, value: Option<&str>) -> Fields {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }
}

fn failures_array(failures: &[Failure]) -> Array {
    failures
        .iter()
        .map(|f| {
            let o = Fields::new()
                .set("attempt", f.attempt)
                .set("kind", f.kind)
                .set("message", f.message.as_str());
            match f.status {
                Some(s) => o.set("status", s).0,
                None => o.0,
            }
        })
        .collect()
}

fn field_errors_array(errors: &[FieldError]) -> Array {
    errors
        .iter()
        .map(|e| {
            Fields::new()
                .set("code", e.code.as_str())
                .set("field", e.field.as_str())
                .set("message", e.message.as_str())
                .0
        })
        .collect()
}

pub(crate) fn issues_array(issues: &[IssueData]) -> Array {
    issues
        .iter()
        .map(|i| {
            Fields::new()
                .set("path", i.path.as_str())
                .set("rule", i.rule.as_str())
                .set("message", i.message.as_str())
                .0
        })
        .collect()
}

impl ClientError {
    pub fn validation(operation: Option<&str>, issue: IssueData) -> ClientError {
        ClientError::Validation {
            operation: operation.map(str::to_owned),
            issues: vec![issue],
        }
    }

    /// The JS error object (or, for an abort, the signal's reason).
    pub fn into_js(self) -> JsValue {
        match self {
            ClientError::Validation { operation, issues } => {
                let message = validation_message(operation.as_deref(), &issues);
                let f = Fields::new()
                    .set("message", message)
                    .set_opt_str("operation", operation.as_deref())
                    .set("issues", issues_array(&issues));
                AstroValidationError::new(&f.0).into()
            }
            ClientError::Api {
                operation,
                status,
                message,
                request_id,
                field_errors,
                body,
                attempts,
                failures,
            } => {
                let f = Fields::new()
                    .set("message", message)
                    .set("operation", operation)
                    .set("status", status)
                    .set_opt_str("requestId", request_id.as_deref())
                    .set("fieldErrors", field_errors_array(&field_errors))
                    .set("body", body)
                    .set("attempts", attempts)
                    .set("failures", failures_array(&failures));
                AstroApiError::new(&f.0).into()
            }
            ClientError::Network {
                operation,
                message,
                attempts,
                failures,
            } => {
                let f = Fields::new()
                    .set("message", message)
                    .set("operation", operation)
                    .set("attempts", attempts)
                    .set("failures", failures_array(&failures));
                AstroNetworkError::new(&f.0).into()
            }
            ClientError::Timeout {
                operation,
                timeout_ms,
                attempts,
                failures,
            } => {
                let f = Fields::new()
                    .set(
                        "message",
                        format!(
                            "{operation}: no response within {} ms",
                            display_f64(timeout_ms)
                        ),
                    )
                    .set("operation", operation)
                    .set("timeoutMs", timeout_ms)
                    .set("attempts", attempts)
                    .set("failures", failures_array(&failures));
                AstroTimeoutError::new(&f.0).into()
            }
            ClientError::Decode {
                operation,
                status,
                message,
            } => {
                let f = Fields::new()
                    .set("message", message)
                    .set("operation", operation)
                    .set("status", status);
                AstroDecodeError::new(&f.0).into()
            }
            ClientError::Wait {
                reason,
                message,
                last_seen,
            } => {
                let f = Fields::new()
                    .set("message", message)
                    .set("reason", reason)
                    .set("lastSeen", last_seen);
                AstroWaitError::new(&f.0).into()
            }
            ClientError::Aborted(reason) => reason,
        }
    }
}

fn validation_message(operation: Option<&str>, issues: &[IssueData]) -> String {
    let list: Vec<String> = issues
        .iter()
        .map(|i| {
            if i.path.is_empty() {
                i.message.clone()
            } else {
                format!("{}: {}", i.path, i.message)
            }
        })
        .collect();
    match operation {
        Some(op) => format!("{op}: invalid input: {}", list.join("; ")),
        None => format!("invalid input: {}", list.join("; ")),
    }
}
