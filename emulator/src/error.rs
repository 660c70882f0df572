//! The error an API call answers with: status, message and, where fields are at fault, one
//! entry per field (v1 answers carry them as `fieldErrors`). The request id is added by the
//! server.

use crate::spec::{describe, Issue};

/// One failed check on one request field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    pub field_errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            field_errors: Vec::new(),
        }
    }

    /// An error caused by one field: the message is `field: detail`.
    pub fn field(status: u16, field: &str, code: &str, detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        ApiError {
            status,
            message: format!("{field}: {detail}"),
            field_errors: vec![FieldError {
                field: field.to_string(),
                code: code.to_string(),
                message: detail,
            }],
        }
    }

    /// A 400 listing every issue the contract's validator found in `what`.
    pub fn invalid(what: &str, issues: &[Issue]) -> ApiError {
        ApiError {
            status: 400,
            message: describe(what, issues),
            field_errors: issues
                .iter()
                .map(|i| FieldError {
                    field: if i.path.is_empty() {
                        "(root)".to_string()
                    } else {
                        i.path.clone()
                    },
                    code: i.rule.clone(),
                    message: i.message.clone(),
                })
                .collect(),
        }
    }

    /// The same error with another status (an operation's contract may not list the natural one).
    pub fn with_status(mut self, status: u16) -> ApiError {
        self.status = status;
        self
    }
}

/// A 400 naming the field at fault (the service's own rules).
pub fn bad_field(field: &str, detail: impl Into<String>) -> ApiError {
    ApiError::field(400, field, "invalid", detail)
}
