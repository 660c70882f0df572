//! The waiters: poll a get operation with a growing interval until the status classification
//! of [`crate::waiters`] says settled or failed, or the deadline passes (the package's
//! `waitForDeployment`, `waitForCluster`, `waitForClusterDeleted`, `waitForDeploy`). The
//! statuses `until` may name come from the status enum of the get operation's response.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::registry::{OperationSpec, ResponseBody};
use crate::retry::FailureKind;
use crate::schema::{EnumType, Type};
use crate::validation::Rule;
use crate::waiters::{self, Progress};

use super::error::{WaitFailure, WaitReason};
use super::send::{execute, input_issue};
use super::{ApiInput, ApiVersion, CallOptions, Client, Error};

/// Default overall limit of a wait (10 minutes, the package's).
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(600);

/// A status change seen by a waiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitProgress {
    /// The status before (`None` on the first poll).
    pub previous: Option<String>,
    /// The status now (`DELETED` once a cluster is gone).
    pub current: String,
    /// Time since the wait started.
    pub elapsed: Duration,
}

type ProgressHook = Arc<dyn Fn(&WaitProgress) + Send + Sync>;

/// Options of a waiter: what to wait for, how long, how often, and who to tell.
#[derive(Clone)]
pub struct WaitOptions {
    until: Option<String>,
    timeout: Duration,
    interval: Duration,
    on_progress: Option<ProgressHook>,
    call: CallOptions,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            until: None,
            timeout: DEFAULT_WAIT_TIMEOUT,
            interval: Duration::from_millis(waiters::DEFAULT_POLL_INTERVAL_MS),
            on_progress: None,
            call: CallOptions::default(),
        }
    }
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("until", &self.until)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("on_progress", &self.on_progress.is_some())
            .field("call", &self.call)
            .finish()
    }
}

impl WaitOptions {
    /// Wait for the waiter's default status (deployments `HEALTHY`, clusters `CREATED`,
    /// deploys `DEPLOYED`) for up to 10 minutes, polling after 5 s, then every ×1.5 up to 60 s.
    pub fn new() -> WaitOptions {
        WaitOptions::default()
    }

    /// The status to wait for (one of the status enum's values, e.g. `DeploymentStatus::Healthy`
    /// or `"HIBERNATING"`).
    pub fn until(mut self, status: impl fmt::Display) -> Self {
        self.until = Some(status.to_string());
        self
    }

    /// The deadline, from the start of the wait (the last sleep is shortened to meet it).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first poll interval (it then grows by half each time, up to 60 s).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Called on every status change (not on every poll). A panicking callback is not caught.
    pub fn on_progress(mut self, hook: impl Fn(&WaitProgress) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(hook));
        self
    }

    /// Options of each poll (headers, timeout). Each poll is one attempt: transient failures
    /// are retried by polling again until the deadline.
    pub fn call_options(mut self, options: CallOptions) -> Self {
        self.call = options;
        self
    }
}

/// A resource a waiter polls: its status as sent on the wire (implemented by the generated
/// models the waiters return).
pub trait Polled {
    /// The `status` field.
    fn status(&self) -> &str;
}

/// Which waiter runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waiter {
    Deployment,
    Cluster,
    ClusterDeleted,
    Deploy,
}

impl Waiter {
    fn name(self) -> &'static str {
        match self {
            Waiter::Deployment => "waitForDeployment",
            Waiter::Cluster => "waitForCluster",
            Waiter::ClusterDeleted => "waitForClusterDeleted",
            Waiter::Deploy => "waitForDeploy",
        }
    }

    fn default_until(self) -> Option<&'static str> {
        match self {
            Waiter::Deployment => Some(waiters::DEFAULT_DEPLOYMENT_UNTIL),
            Waiter::Cluster => Some(waiters::DEFAULT_CLUSTER_UNTIL),
            Waiter::Deploy => Some(waiters::DEFAULT_DEPLOY_UNTIL),
            Waiter::ClusterDeleted => None,
        }
    }

    fn classify(self, status: &str, until: &str) -> Progress {
        match self {
            Waiter::Deployment => waiters::classify_deployment(status, until),
            Waiter::Cluster => waiters::classify_cluster(status, until),
            Waiter::Deploy => waiters::classify_deploy(status, until),
            Waiter::ClusterDeleted => waiters::classify_cluster_deleted(200),
        }
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

fn failure_kind(err: &Error) -> Option<FailureKind> {
    match err {
        Error::Api(e) => Some(FailureKind::Status(e.status)),
        Error::Network(_) => Some(FailureKind::Network),
        Error::Timeout(_) => Some(FailureKind::Timeout),
        _ => None,
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl<V: ApiVersion> Client<V> {
    /// Polls `input`'s get operation until `waiter` settles. `Ok(None)` only for
    /// [`Waiter::ClusterDeleted`] (the cluster is gone).
    pub(crate) async fn wait_for<I>(
        &self,
        input: I,
        waiter: Waiter,
        options: WaitOptions,
    ) -> Result<Option<I::Output>, Error>
    where
        I: ApiInput<V> + Sync,
        I::Output: Polled,
    {
        let name = waiter.name();
        let invalid =
            |path: &str, rule: Rule, message: String| input_issue(name, path, rule, message);
        if options.interval.is_zero() {
            return Err(invalid(
                "interval",
                Rule::Minimum,
                "interval must be longer than 0".to_owned(),
            ));
        }
        let until = match (waiter.default_until(), options.until) {
            (Some(default), until) => {
                let until = until.unwrap_or_else(|| default.to_owned());
                if let Some(statuses) = status_enum(I::spec()) {
                    waiters::validate_until(&until, statuses)
                        .map_err(|m| invalid("until", Rule::Enum, m))?;
                }
                until
            }
            (None, Some(_)) => {
                return Err(invalid(
                    "until",
                    Rule::UnknownField,
                    format!("{name} takes no until"),
                ))
            }
            (None, None) => String::new(),
        };
        // Each poll is one attempt; the wait itself polls again after a transient failure.
        let call = options.call.max_retries(0);
        let report = |previous: Option<&str>, current: &str, elapsed: Duration| {
            if let Some(hook) = &options.on_progress {
                hook(&WaitProgress {
                    previous: previous.map(str::to_owned),
                    current: current.to_owned(),
                    elapsed,
                });
            }
        };

        let started = Instant::now();
        let mut previous: Option<String> = None;
        let mut interval_ms: u64 = 0;
        loop {
            let polled = execute::<I, _>(&self.inner, &input, &call).await;
            let elapsed = started.elapsed();
            match polled {
                Ok(value) => {
                    let status = value.status();
                    if previous.as_deref() != Some(status) {
                        report(previous.as_deref(), status, elapsed);
                        previous = Some(status.to_owned());
                    }
                    match waiter.classify(status, &until) {
                        Progress::Settled => return Ok(Some(value)),
                        Progress::Failed(message) => {
                            return Err(Error::Wait(Box::new(WaitFailure {
                                waiter: name,
                                reason: WaitReason::Failed,
                                message: format!("{name}: {message}"),
                                last_status: previous,
                            })))
                        }
                        Progress::Pending => {}
                    }
                }
                Err(Error::Api(e)) if e.status == 404 && waiter == Waiter::ClusterDeleted => {
                    if previous.is_some() {
                        report(previous.as_deref(), "DELETED", elapsed);
                    }
                    return Ok(None);
                }
                Err(e) => {
                    if !failure_kind(&e).is_some_and(waiters::is_transient_poll_error) {
                        return Err(e);
                    }
                    tracing::debug!(waiter = name, error = %e, "transient failure while polling");
                }
            }
            interval_ms = waiters::next_poll_interval(
                interval_ms,
                millis(options.interval),
                waiters::MAX_POLL_INTERVAL_MS,
            );
            match waiters::poll_sleep_ms(
                interval_ms,
                millis(started.elapsed()),
                millis(options.timeout),
            ) {
                Some(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
                None => {
                    let seen = match &previous {
                        Some(status) => format!(" (last status {status:?})"),
                        None => String::new(),
                    };
                    let goal = if until.is_empty() {
                        "deleted"
                    } else {
                        until.as_str()
                    };
                    return Err(Error::Wait(Box::new(WaitFailure {
                        waiter: name,
                        reason: WaitReason::TimedOut,
                        message: format!(
                            "{name}: not {goal} within {} ms{seen}",
                            millis(options.timeout)
                        ),
                        last_status: previous,
                    })));
                }
            }
        }
    }

    /// [`wait_for`](Client::wait_for) for the waiters that end with the resource.
    pub(crate) async fn wait_for_status<I>(
        &self,
        input: I,
        waiter: Waiter,
        options: WaitOptions,
    ) -> Result<I::Output, Error>
    where
        I: ApiInput<V> + Sync,
        I::Output: Polled,
    {
        match self.wait_for(input, waiter, options).await? {
            Some(value) => Ok(value),
            // Only the deletion waiter ends without a value; it is never called through here.
            None => Err(Error::Wait(Box::new(WaitFailure {
                waiter: waiter.name(),
                reason: WaitReason::Failed,
                message: format!("{}: the resource is gone", waiter.name()),
                last_status: None,
            }))),
        }
    }

    /// [`wait_for`](Client::wait_for) for the deletion waiter.
    pub(crate) async fn wait_for_gone<I>(&self, input: I, options: WaitOptions) -> Result<(), Error>
    where
        I: ApiInput<V> + Sync,
        I::Output: Polled,
    {
        self.wait_for(input, Waiter::ClusterDeleted, options)
            .await
            .map(|_| ())
    }
}
