//! The waiters: `waitForDeployment`, `waitForCluster`, `waitForClusterDeleted` and (v1)
//! `waitForDeploy`. Each polls a get operation with a growing interval until the status
//! classification of `crate::waiters` says settled or failed, or the wait's deadline passes. The
//! statuses an `until` may name come from the status enum of the get operation's response.

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::registry::{OperationSpec, ResponseBody};
use crate::retry::FailureKind;
use crate::schema::{EnumType, Type};
use crate::waiters::{self, Progress};

use super::api;
use super::call::{execute_value, input_to_json, to_ms, Success};
use super::errors::{ClientError, IssueData};
use super::options::{opt_signal, CallOptions, Config};
use super::timers::{now_ms, sleep};

/// Default overall limit of a wait (10 minutes).
const DEFAULT_WAIT_TIMEOUT_MS: f64 = 600_000.0;

#[derive(Clone, Copy)]
pub(crate) enum Target {
    Deployment,
    Cluster,
    ClusterDeleted,
    Deploy,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Deployment => "waitForDeployment",
            Target::Cluster => "waitForCluster",
            Target::ClusterDeleted => "waitForClusterDeleted",
            Target::Deploy => "waitForDeploy",
        }
    }

    /// The get operation the waiter polls.
    fn op(self) -> Result<&'static OperationSpec, ClientError> {
        let name = match self {
            Target::Deployment => "getDeployment",
            Target::Cluster | Target::ClusterDeleted => "getCluster",
            Target::Deploy => "getDeploy",
        };
        api::API.operation(name).ok_or_else(|| {
            invalid(
                self,
                "",
                "enum",
                format!(
                    "{} is not available in the {} API (it has no {name})",
                    self.name(),
                    api::API.name
                ),
            )
        })
    }
}

/// The enum of the `status` field of what `op` returns.
fn status_enum(op: &OperationSpec) -> Option<&'static EnumType> {
    match op.response {
        ResponseBody::Json(Type::Object(object)) => match object.field("status")?.ty {
            Type::Enum(e) => Some(e),
            _ => None,
        },
        _ => None,
    }
}

struct WaitOptions {
    timeout_ms: f64,
    interval_ms: f64,
    on_progress: Option<Function>,
    call: CallOptions,
}

fn invalid(target: Target, path: &str, rule: &str, message: impl Into<String>) -> ClientError {
    ClientError::validation(Some(target.name()), IssueData::new(path, rule, message))
}

fn number(
    options: &JsValue,
    key: &str,
    target: Target,
    min: f64,
) -> Result<Option<f64>, ClientError> {
    let v = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= min => Ok(Some(n)),
        _ => Err(invalid(
            target,
            &format!("options.{key}"),
            "minimum",
            format!(
                "options.{key} must be a number >= {}",
                crate::numbers::display_f64(min)
            ),
        )),
    }
}

fn wait_options(options: &JsValue, target: Target) -> Result<WaitOptions, ClientError> {
    if options.is_undefined() || options.is_null() {
        return Ok(WaitOptions {
            timeout_ms: DEFAULT_WAIT_TIMEOUT_MS,
            interval_ms: waiters::DEFAULT_POLL_INTERVAL_MS as f64,
            on_progress: None,
            call: CallOptions {
                max_retries: Some(0),
                ..CallOptions::default()
            },
        });
    }
    if !options.is_object() {
        return Err(invalid(
            target,
            "options",
            "type",
            "wait options must be an object",
        ));
    }
    let on_progress = Reflect::get(options, &"onProgress".into()).unwrap_or(JsValue::UNDEFINED);
    let on_progress = if on_progress.is_undefined() || on_progress.is_null() {
        None
    } else {
        Some(on_progress.dyn_into::<Function>().map_err(|_| {
            invalid(
                target,
                "options.onProgress",
                "type",
                "onProgress must be a function",
            )
        })?)
    };
    Ok(WaitOptions {
        timeout_ms: number(options, "timeoutMs", target, 0.0)?.unwrap_or(DEFAULT_WAIT_TIMEOUT_MS),
        interval_ms: number(options, "intervalMs", target, 1.0)?
            .unwrap_or(waiters::DEFAULT_POLL_INTERVAL_MS as f64),
        on_progress,
        // Each poll is one attempt: the waiter itself keeps polling through transient errors.
        call: CallOptions {
            signal: opt_signal(options, "signal", "options.signal")?,
            max_retries: Some(0),
            ..CallOptions::default()
        },
    })
}

fn failure_kind(err: &ClientError) -> Option<FailureKind> {
    match err {
        ClientError::Api { status, .. } => Some(FailureKind::Status(*status)),
        ClientError::Network { .. } => Some(FailureKind::Network),
        ClientError::Timeout { .. } => Some(FailureKind::Timeout),
        _ => None,
    }
}

fn status_of(value: &JsValue) -> String {
    Reflect::get(value, &"status".into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn report(hook: Option<&Function>, previous: Option<&str>, current: &str, elapsed: f64) {
    if let Some(h) = hook {
        let info = Object::new();
        let prev = previous
            .map(JsValue::from_str)
            .unwrap_or(JsValue::UNDEFINED);
        let _ = Reflect::set(&info, &"previous".into(), &prev);
        let _ = Reflect::set(&info, &"current".into(), &JsValue::from_str(current));
        let _ = Reflect::set(&info, &"elapsedMs".into(), &JsValue::from_f64(elapsed));
        // A throwing progress callback does not end the wait.
        let _ = h.call1(&JsValue::UNDEFINED, &info);
    }
}

/// Runs a waiter to the end.
pub(crate) async fn wait(
    config: Rc<Config>,
    target: Target,
    input: JsValue,
    options: JsValue,
) -> Result<JsValue, ClientError> {
    let opts = wait_options(&options, target)?;
    let op = target.op()?;
    let mut fields = match input_to_json(Some(target.name()), &input)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let until = match fields.remove("until") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(invalid(target, "until", "type", "until must be a string")),
    };
    let default_until = match target {
        Target::Deployment => Some(waiters::DEFAULT_DEPLOYMENT_UNTIL),
        Target::Cluster => Some(waiters::DEFAULT_CLUSTER_UNTIL),
        Target::Deploy => Some(waiters::DEFAULT_DEPLOY_UNTIL),
        Target::ClusterDeleted => None,
    };
    let until = match default_until {
        Some(default) => {
            let u = until.unwrap_or_else(|| default.to_owned());
            if let Some(statuses) = status_enum(op) {
                waiters::validate_until(&u, statuses)
                    .map_err(|m| invalid(target, "until", "enum", m))?;
            }
            u
        }
        None => {
            if until.is_some() {
                return Err(invalid(
                    target,
                    "until",
                    "unknownField",
                    "waitForClusterDeleted takes no until",
                ));
            }
            String::new()
        }
    };
    let started = now_ms();
    let mut previous: Option<String> = None;
    let mut last_seen = JsValue::UNDEFINED;
    let mut interval: u64 = 0;
    loop {
        let polled = execute_value(&config, op, Value::Object(fields.clone()), &opts.call).await;
        let elapsed = now_ms() - started;
        match polled {
            Ok(Success::Value(value)) => {
                let status = status_of(&value);
                if previous.as_deref() != Some(status.as_str()) {
                    report(
                        opts.on_progress.as_ref(),
                        previous.as_deref(),
                        &status,
                        elapsed,
                    );
                    previous = Some(status.clone());
                }
                last_seen = value.clone();
                let progress = match target {
                    Target::Deployment => waiters::classify_deployment(&status, &until),
                    Target::Cluster => waiters::classify_cluster(&status, &until),
                    Target::Deploy => waiters::classify_deploy(&status, &until),
                    Target::ClusterDeleted => waiters::classify_cluster_deleted(200),
                };
                match progress {
                    Progress::Settled => return Ok(value),
                    Progress::Failed(message) => {
                        return Err(ClientError::Wait {
                            reason: "failed",
                            message: format!("{}: {message}", target.name()),
                            last_seen,
                        })
                    }
                    Progress::Pending => {}
                }
            }
            Ok(Success::NoContent) => {}
            Err(ClientError::Api { status: 404, .. })
                if matches!(target, Target::ClusterDeleted) =>
            {
                if previous.is_some() {
                    report(
                        opts.on_progress.as_ref(),
                        previous.as_deref(),
                        "DELETED",
                        elapsed,
                    );
                }
                return Ok(JsValue::UNDEFINED);
            }
            Err(err) => {
                let transient = failure_kind(&err).is_some_and(waiters::is_transient_poll_error);
                if !transient {
                    return Err(err);
                }
            }
        }
        interval = waiters::next_poll_interval(
            interval,
            to_ms(opts.interval_ms),
            waiters::MAX_POLL_INTERVAL_MS,
        );
        match waiters::poll_sleep_ms(interval, to_ms(now_ms() - started), to_ms(opts.timeout_ms)) {
            Some(ms) => sleep(ms as f64, opts.call.signal.as_ref())
                .await
                .map_err(ClientError::Aborted)?,
            None => {
                let seen = if previous.is_some() {
                    format!(" (last status {:?})", previous.unwrap_or_default())
                } else {
                    String::new()
                };
                let goal = if until.is_empty() {
                    "deleted".to_owned()
                } else {
                    until.clone()
                };
                return Err(ClientError::Wait {
                    reason: "timeout",
                    message: format!(
                        "{}: not {goal} within {} ms{seen}",
                        target.name(),
                        crate::numbers::display_f64(opts.timeout_ms)
                    ),
                    last_seen,
                });
            }
        }
    }
}
