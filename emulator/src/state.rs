//! The shared state of a running emulator: both contracts, the store, the journal, the audit
//! log, fault counters and the configuration.

use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use crate::audit::AuditLog;
use crate::config::Config;
use crate::fault::{FaultCounters, FaultSpec};
use crate::persist::Persist;
use crate::spec::{ApiVersion, Spec};
use crate::store::Db;

pub struct Inner {
    pub db: Db,
    /// Bumped on every change; `--data` writes the newest version only.
    pub version: u64,
}

pub struct AppState {
    pub v1beta1: Spec,
    pub v1: Spec,
    pub inner: Mutex<Inner>,
    pub seed: Db,
    pub persist: Option<Persist>,
    pub config: Config,
    pub journal: Mutex<VecDeque<Value>>,
    pub audit: AuditLog,
    pub counters: FaultCounters,
    pub global_fault: Option<FaultSpec>,
}

impl AppState {
    pub fn spec(&self, version: ApiVersion) -> &Spec {
        match version {
            ApiVersion::V1Beta1 => &self.v1beta1,
            ApiVersion::V1 => &self.v1,
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn www_dir(&self) -> Option<&std::path::Path> {
        self.config.www.as_deref()
    }

    pub fn pkg_dir(&self) -> Option<&std::path::Path> {
        self.config.pkg.as_deref()
    }
}
