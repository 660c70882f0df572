//! Native tests of the waiter classification and poll timing (src/waiters.rs).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use astro_platform_client::retry::FailureKind;
use astro_platform_client::v1beta1::tables::{CLUSTER_STATUS, DEPLOYMENT_STATUS};
use astro_platform_client::waiters::{
    classify_cluster, classify_cluster_deleted, classify_deploy, classify_deployment,
    is_transient_poll_error, next_poll_interval, poll_sleep_ms, validate_until, Progress,
    DEFAULT_CLUSTER_UNTIL, DEFAULT_DEPLOYMENT_UNTIL, DEFAULT_DEPLOY_UNTIL,
    DEFAULT_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS,
};

#[test]
fn defaults() {
    assert_eq!(DEFAULT_DEPLOYMENT_UNTIL, "HEALTHY");
    assert_eq!(DEFAULT_CLUSTER_UNTIL, "CREATED");
    assert_eq!(DEFAULT_DEPLOY_UNTIL, "DEPLOYED");
    assert_eq!(DEFAULT_POLL_INTERVAL_MS, 5_000);
    assert_eq!(MAX_POLL_INTERVAL_MS, 60_000);
}

#[test]
fn deployment_reaches_healthy() {
    let seq = [
        "",
        "CREATING",
        "DEPLOYING",
        "UNHEALTHY",
        "DEPLOYING",
        "HEALTHY",
    ];
    let progress: Vec<Progress> = seq
        .iter()
        .map(|s| classify_deployment(s, "HEALTHY"))
        .collect();
    let settled_at = progress.iter().position(|p| *p == Progress::Settled);
    assert_eq!(settled_at, Some(5));
    assert!(progress[..5].iter().all(|p| *p == Progress::Pending));
}

#[test]
fn hibernating_settles_a_wait_for_healthy_only() {
    assert_eq!(
        classify_deployment("HIBERNATING", "HEALTHY"),
        Progress::Settled
    );
    assert_eq!(
        classify_deployment("HIBERNATING", "HIBERNATING"),
        Progress::Settled
    );
    assert_eq!(
        classify_deployment("HIBERNATING", "DEPLOYING"),
        Progress::Pending
    );
    assert_eq!(
        classify_deployment("HEALTHY", "HIBERNATING"),
        Progress::Pending
    );
}

#[test]
fn no_deployment_status_fails_the_wait_at_once() {
    for status in DEPLOYMENT_STATUS
        .known()
        .chain(["", "SOMETHING_NEW", "healthy"])
    {
        let p = classify_deployment(status, "HEALTHY");
        assert!(
            matches!(p, Progress::Settled | Progress::Pending),
            "{status}: {p:?}"
        );
    }
    assert_eq!(
        classify_deployment("UNHEALTHY", "HEALTHY"),
        Progress::Pending
    );
    assert_eq!(classify_deployment("UNKNOWN", "HEALTHY"), Progress::Pending);
    // Comparison is exact.
    assert_eq!(classify_deployment("healthy", "HEALTHY"), Progress::Pending);
}

#[test]
fn waiting_for_another_deployment_status() {
    assert_eq!(
        classify_deployment("UNHEALTHY", "UNHEALTHY"),
        Progress::Settled
    );
    assert_eq!(
        classify_deployment("HEALTHY", "DEPLOYING"),
        Progress::Pending
    );
}

#[test]
fn cluster_reaches_created_through_an_empty_status() {
    let seq = ["", "CREATING", "CREATING", "CREATED"];
    let progress: Vec<Progress> = seq.iter().map(|s| classify_cluster(s, "CREATED")).collect();
    assert_eq!(
        progress,
        vec![
            Progress::Pending,
            Progress::Pending,
            Progress::Pending,
            Progress::Settled
        ]
    );
}

#[test]
fn cluster_failure_statuses_fail_at_once() {
    for status in [
        "CREATE_FAILED",
        "UPDATE_FAILED",
        "ACCESS_DENIED",
        "FAILOVER_FAILED",
    ] {
        match classify_cluster(status, "CREATED") {
            Progress::Failed(reason) => {
                assert!(reason.contains(status), "{reason}");
                assert!(reason.contains("CREATED"), "{reason}");
            }
            other => panic!("{status} gave {other:?}"),
        }
    }
    for status in [
        "CREATING",
        "UPDATING",
        "UPGRADE_PENDING",
        "FAILING_OVER",
        "",
        "NEW_THING",
    ] {
        assert_eq!(
            classify_cluster(status, "CREATED"),
            Progress::Pending,
            "{status}"
        );
    }
    // Waiting for a failure status explicitly settles on it.
    assert_eq!(
        classify_cluster("CREATE_FAILED", "CREATE_FAILED"),
        Progress::Settled
    );
    // Another failure while waiting for UPDATING still fails.
    assert!(matches!(
        classify_cluster("UPDATE_FAILED", "UPDATING"),
        Progress::Failed(_)
    ));
}

#[test]
fn cluster_deleted_waits_for_404() {
    assert_eq!(classify_cluster_deleted(200), Progress::Pending);
    assert_eq!(classify_cluster_deleted(404), Progress::Settled);
    for transient in [408, 429, 500, 502, 503, 504] {
        assert_eq!(classify_cluster_deleted(transient), Progress::Pending);
    }
    for fatal in [400, 401, 403, 409, 501] {
        match classify_cluster_deleted(fatal) {
            Progress::Failed(reason) => assert!(reason.contains(&fatal.to_string())),
            other => panic!("{fatal} gave {other:?}"),
        }
    }
}

#[test]
fn until_values_are_validated_against_the_status_enums() {
    // The statuses come from the contract's enums, later values included.
    assert!(DEPLOYMENT_STATUS.known().any(|s| s == "HIBERNATING"));
    assert!(CLUSTER_STATUS.known().any(|s| s == "FAILOVER_FAILED"));
    for s in DEPLOYMENT_STATUS.known() {
        assert!(validate_until(s, &DEPLOYMENT_STATUS).is_ok());
    }
    for s in CLUSTER_STATUS.known() {
        assert!(validate_until(s, &CLUSTER_STATUS).is_ok());
    }
    let err = validate_until("HEALTY", &DEPLOYMENT_STATUS).unwrap_err();
    assert!(
        err.contains("HEALTHY") && err.contains("HIBERNATING") && err.contains("\"HEALTY\""),
        "{err}"
    );
    assert!(validate_until("", &DEPLOYMENT_STATUS).is_err());
    assert!(validate_until("CREATED ", &CLUSTER_STATUS).is_err());
    assert!(validate_until("HEALTHY", &CLUSTER_STATUS).is_err());
}

#[test]
fn deploys_settle_when_deployed_and_fail_when_failed() {
    assert_eq!(classify_deploy("DEPLOYED", "DEPLOYED"), Progress::Settled);
    assert_eq!(
        classify_deploy("INITIALIZED", "DEPLOYED"),
        Progress::Pending
    );
    assert_eq!(
        classify_deploy("SOMETHING_NEW", "DEPLOYED"),
        Progress::Pending
    );
    assert!(
        matches!(classify_deploy("FAILED", "DEPLOYED"), Progress::Failed(m) if m.contains("failed"))
    );
    assert_eq!(classify_deploy("FAILED", "FAILED"), Progress::Settled);
}

#[test]
fn poll_interval_grows_by_half_up_to_the_ceiling() {
    let mut intervals = Vec::new();
    let mut previous = 0;
    for _ in 0..12 {
        previous = next_poll_interval(previous, 5_000, 60_000);
        intervals.push(previous);
    }
    assert_eq!(
        intervals,
        vec![
            5_000, 7_500, 11_250, 16_875, 25_312, 37_968, 56_952, 60_000, 60_000, 60_000, 60_000,
            60_000
        ]
    );
}

#[test]
fn poll_interval_edge_cases() {
    // Integer growth: 1 stays 1 (1 + 1/2 = 1), 2 grows to 3.
    assert_eq!(next_poll_interval(0, 1, 60_000), 1);
    assert_eq!(next_poll_interval(1, 1, 60_000), 1);
    assert_eq!(next_poll_interval(2, 1, 60_000), 3);
    // An interval above the ceiling is used as is.
    assert_eq!(next_poll_interval(0, 90_000, 60_000), 90_000);
    assert_eq!(next_poll_interval(90_000, 90_000, 60_000), 90_000);
    // Huge values saturate.
    assert_eq!(next_poll_interval(u64::MAX, 5_000, u64::MAX), u64::MAX);
    assert_eq!(next_poll_interval(u64::MAX - 1, 1, 60_000), 60_000);
    // A previous value below the initial one is raised to it.
    assert_eq!(next_poll_interval(10, 5_000, 60_000), 5_000);
    // Initial 0 (poll continuously) stays 0 on the first poll and never exceeds the max.
    assert_eq!(next_poll_interval(0, 0, 60_000), 0);
}

#[test]
fn poll_sleep_is_cut_at_the_deadline() {
    assert_eq!(poll_sleep_ms(5_000, 0, 60_000), Some(5_000));
    assert_eq!(poll_sleep_ms(5_000, 58_000, 60_000), Some(2_000));
    assert_eq!(poll_sleep_ms(5_000, 60_000, 60_000), None);
    assert_eq!(poll_sleep_ms(5_000, 70_000, 60_000), None);
    assert_eq!(poll_sleep_ms(0, 10, 60_000), Some(0));
    assert_eq!(poll_sleep_ms(u64::MAX, 0, u64::MAX), Some(u64::MAX));
}

#[test]
fn a_simulated_wait_with_progress_and_timeout() {
    // Statuses returned by successive polls; the wait times out at 40 s.
    let statuses = [
        "CREATING",
        "CREATING",
        "DEPLOYING",
        "DEPLOYING",
        "UNHEALTHY",
        "HEALTHY",
    ];
    let mut elapsed = 0u64;
    let mut interval = 0u64;
    let mut changes = Vec::new();
    let mut previous: Option<&str> = None;
    let mut polls = 0usize;
    let outcome = loop {
        let status = statuses[polls.min(statuses.len() - 1)];
        polls += 1;
        if previous != Some(status) {
            changes.push((previous, status, elapsed));
            previous = Some(status);
        }
        match classify_deployment(status, "HEALTHY") {
            Progress::Settled => break "settled",
            Progress::Failed(_) => break "failed",
            Progress::Pending => {}
        }
        interval = next_poll_interval(interval, 5_000, 60_000);
        match poll_sleep_ms(interval, elapsed, 40_000) {
            Some(sleep) => elapsed += sleep,
            None => break "timeout",
        }
    };
    assert_eq!(outcome, "timeout");
    assert_eq!(
        changes,
        vec![
            (None, "CREATING", 0),
            (Some("CREATING"), "DEPLOYING", 12_500),
            (Some("DEPLOYING"), "UNHEALTHY", 40_000)
        ]
    );
    assert_eq!(elapsed, 40_000);
}

#[test]
fn transient_poll_errors_are_the_retryable_ones() {
    assert!(is_transient_poll_error(FailureKind::Network));
    assert!(is_transient_poll_error(FailureKind::Timeout));
    for s in [408, 429, 500, 502, 503, 504] {
        assert!(is_transient_poll_error(FailureKind::Status(s)));
    }
    for s in [400, 401, 403, 404, 412] {
        assert!(!is_transient_poll_error(FailureKind::Status(s)));
    }
}
