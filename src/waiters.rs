//! Status classification and poll timing for the waiters (`waitForDeployment`,
//! `waitForCluster`, `waitForClusterDeleted`). No clock and no I/O: the wasm layer polls, passes
//! each status here, and sleeps for the interval computed here.
//!
//! ## Deployments
//! Statuses: CREATING, DEPLOYING, HEALTHY, UNHEALTHY, UNKNOWN and (later) HIBERNATING. The wait is
//! settled when the status equals `until` (default HEALTHY); with `until` HEALTHY, HIBERNATING
//! also settles (a hibernating development deployment is healthy but asleep). No deployment
//! status fails the wait at once: UNHEALTHY and UNKNOWN are passed through while a deployment
//! rolls out, so they count as pending and the wait's timeout decides. An empty or unknown
//! status is pending too.
//!
//! ## Clusters
//! Statuses: CREATING, CREATED, CREATE_FAILED, UPDATING and later UPDATE_FAILED,
//! UPGRADE_PENDING, ACCESS_DENIED, FAILING_OVER, FAILOVER_FAILED. Settled when the status equals
//! `until` (default CREATED). CREATE_FAILED, UPDATE_FAILED, ACCESS_DENIED and FAILOVER_FAILED
//! fail the wait at once (unless one of them is what the caller waits for). An empty status,
//! seen right after create, is pending.
//!
//! Status comparison is exact (the API sends upper case).
//!
//! ## Deploys (v1)
//! Statuses: INITIALIZED, DEPLOYED, FAILED. Settled when the status equals `until` (default
//! DEPLOYED, which a deploy reaches once finalized); FAILED fails the wait at once.
//!
//! The statuses an `until` may name are those of the API's status enum (the generated tables),
//! later values included.
//!
//! ## Poll interval
//! Polls start at `intervalMs` (default 5 s) and grow by half each time (×1.5, integer
//! arithmetic), up to 60 s: 5 s, 7.5 s, 11.25 s, ... A caller's `intervalMs` above the ceiling is
//! used as is. The last sleep is shortened so the wait's deadline is not overshot.
//!
//! ## Errors while polling
//! Transient failures (network errors, timeouts, 408/429/5xx as in [`crate::retry`]) do not end a
//! wait: the waiter keeps polling until its deadline. Other errors (401, 403, 404 except for
//! `waitForClusterDeleted`) end it.

use crate::retry::{is_retryable_status, FailureKind};
use crate::schema::EnumType;

/// Default status `waitForDeployment` waits for.
pub const DEFAULT_DEPLOYMENT_UNTIL: &str = "HEALTHY";
/// Default status `waitForCluster` waits for.
pub const DEFAULT_CLUSTER_UNTIL: &str = "CREATED";
/// Default status `waitForDeploy` waits for.
pub const DEFAULT_DEPLOY_UNTIL: &str = "DEPLOYED";
/// Default first poll interval, in milliseconds.
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 5_000;
/// Poll intervals never grow beyond this, in milliseconds.
pub const MAX_POLL_INTERVAL_MS: u64 = 60_000;

/// Cluster statuses that end a wait with a failure.
pub const CLUSTER_FAILURE_STATUSES: [&str; 4] = [
    "CREATE_FAILED",
    "UPDATE_FAILED",
    "ACCESS_DENIED",
    "FAILOVER_FAILED",
];

/// Where a waited-for resource stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The awaited state is reached: resolve.
    Settled,
    /// Not yet: poll again.
    Pending,
    /// It will not get there: fail now with this reason.
    Failed(String),
}

/// Classify a deployment status against the awaited one.
pub fn classify_deployment(status: &str, until: &str) -> Progress {
    if status == until || (until == "HEALTHY" && status == "HIBERNATING") {
        Progress::Settled
    } else {
        Progress::Pending
    }
}

/// Classify a cluster status against the awaited one.
pub fn classify_cluster(status: &str, until: &str) -> Progress {
    if status == until {
        Progress::Settled
    } else if CLUSTER_FAILURE_STATUSES.contains(&status) {
        Progress::Failed(format!(
            "cluster status is {status}, which will not become {until}"
        ))
    } else {
        Progress::Pending
    }
}

/// Classify a deploy's status (v1: INITIALIZED, DEPLOYED, FAILED) against the awaited one: a
/// FAILED deploy will not get anywhere else.
pub fn classify_deploy(status: &str, until: &str) -> Progress {
    if status == until {
        Progress::Settled
    } else if status == "FAILED" {
        Progress::Failed(format!("the deploy failed, so it will not become {until}"))
    } else {
        Progress::Pending
    }
}

/// `waitForClusterDeleted`: classify the HTTP status of a getCluster poll. 404 means deleted;
/// 200 means still there; transient failures are retried by polling again; anything else fails.
pub fn classify_cluster_deleted(http_status: u16) -> Progress {
    match http_status {
        404 => Progress::Settled,
        200..=299 => Progress::Pending,
        status if is_retryable_status(status) => Progress::Pending,
        status => Progress::Failed(format!(
            "getCluster answered HTTP {status} while waiting for the cluster to be deleted"
        )),
    }
}

/// Check the `until` of a waiter against the statuses the API's status enum knows (the
/// contract's values and the later ones, e.g. the generated `DEPLOYMENT_STATUS` table), so a
/// typo does not make the wait run to its timeout.
pub fn validate_until(until: &str, statuses: &EnumType) -> Result<(), String> {
    if statuses.known().any(|s| s == until) {
        Ok(())
    } else {
        let all: Vec<&str> = statuses.known().collect();
        Err(format!(
            "until must be one of {}; got {until:?}",
            all.join(", ")
        ))
    }
}

/// The interval before the next poll: `initial_ms` for the first (pass `previous_ms` 0), then
/// ×1.5 each time, at most `max_ms` (but never below `initial_ms`: a caller asking for a longer
/// interval than the ceiling gets it).
pub fn next_poll_interval(previous_ms: u64, initial_ms: u64, max_ms: u64) -> u64 {
    let ceiling = max_ms.max(initial_ms);
    if previous_ms == 0 {
        return initial_ms.min(ceiling);
    }
    let grown = previous_ms.saturating_add(previous_ms / 2);
    grown.max(initial_ms).min(ceiling)
}

/// How long to sleep before the next poll given the elapsed time and the wait's timeout:
/// the interval, shortened to the time left; `None` once the deadline has passed (the wait
/// times out).
pub fn poll_sleep_ms(interval_ms: u64, elapsed_ms: u64, timeout_ms: u64) -> Option<u64> {
    let left = timeout_ms
        .checked_sub(elapsed_ms)
        .filter(|left| *left > 0)?;
    Some(interval_ms.min(left))
}

/// Whether a failed poll should be retried by polling again (transient) rather than ending the
/// wait. Same rule as request retries: network errors, timeouts, 408, 429, 500, 502, 503, 504.
pub fn is_transient_poll_error(failure: FailureKind) -> bool {
    failure.is_transient()
}
