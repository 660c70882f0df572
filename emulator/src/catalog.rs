//! Static option catalogs: runtime releases, machines, cluster options per provider.

use serde_json::{json, Value};

pub struct RuntimeRelease {
    pub version: &'static str,
    pub airflow: &'static str,
    pub date: &'static str,
    pub airflow_db_migration: bool,
}

pub const RUNTIME_RELEASES: &[RuntimeRelease] = &[
    RuntimeRelease {
        version: "8.8.0",
        airflow: "2.6.3",
        date: "2023-07-17T00:00:00Z",
        airflow_db_migration: false,
    },
    RuntimeRelease {
        version: "9.0.0",
        airflow: "2.7.0",
        date: "2023-08-18T00:00:00Z",
        airflow_db_migration: true,
    },
    RuntimeRelease {
        version: "9.1.0",
        airflow: "2.7.1",
        date: "2023-09-07T00:00:00Z",
        airflow_db_migration: false,
    },
    RuntimeRelease {
        version: "9.2.0",
        airflow: "2.7.2",
        date: "2023-10-13T00:00:00Z",
        airflow_db_migration: false,
    },
    RuntimeRelease {
        version: "9.4.0",
        airflow: "2.7.3",
        date: "2023-11-08T00:00:00Z",
        airflow_db_migration: false,
    },
    RuntimeRelease {
        version: "9.5.0",
        airflow: "2.7.3",
        date: "2023-11-29T00:00:00Z",
        airflow_db_migration: false,
    },
    RuntimeRelease {
        version: "10.0.0",
        airflow: "2.8.0",
        date: "2023-12-18T00:00:00Z",
        airflow_db_migration: true,
    },
];

pub fn runtime_release(version: &str) -> Option<&'static RuntimeRelease> {
    RUNTIME_RELEASES.iter().find(|r| r.version == version)
}

pub struct WorkerMachine {
    pub name: &'static str,
    pub cpu: &'static str,
    pub memory: &'static str,
    pub cpu_cores: u32,
    pub concurrency_default: u64,
    pub concurrency_ceiling: u64,
}

pub const WORKER_MACHINES: &[WorkerMachine] = &[
    WorkerMachine {
        name: "A5",
        cpu: "1",
        memory: "2Gi",
        cpu_cores: 1,
        concurrency_default: 5,
        concurrency_ceiling: 30,
    },
    WorkerMachine {
        name: "A10",
        cpu: "2",
        memory: "4Gi",
        cpu_cores: 2,
        concurrency_default: 10,
        concurrency_ceiling: 60,
    },
    WorkerMachine {
        name: "A20",
        cpu: "4",
        memory: "8Gi",
        cpu_cores: 4,
        concurrency_default: 20,
        concurrency_ceiling: 120,
    },
    WorkerMachine {
        name: "A40",
        cpu: "8",
        memory: "16Gi",
        cpu_cores: 8,
        concurrency_default: 40,
        concurrency_ceiling: 240,
    },
    WorkerMachine {
        name: "A60",
        cpu: "12",
        memory: "24Gi",
        cpu_cores: 12,
        concurrency_default: 60,
        concurrency_ceiling: 360,
    },
];

/// Machines v1 offers beyond v1beta1's A5..A60 (v1beta1's options do not list them).
pub const LARGE_WORKER_MACHINES: &[WorkerMachine] = &[
    WorkerMachine {
        name: "A120",
        cpu: "24",
        memory: "48Gi",
        cpu_cores: 24,
        concurrency_default: 120,
        concurrency_ceiling: 720,
    },
    WorkerMachine {
        name: "A160",
        cpu: "32",
        memory: "64Gi",
        cpu_cores: 32,
        concurrency_default: 160,
        concurrency_ceiling: 960,
    },
];

pub fn worker_machine(name: &str) -> Option<&'static WorkerMachine> {
    WORKER_MACHINES
        .iter()
        .chain(LARGE_WORKER_MACHINES)
        .find(|m| m.name == name)
}

/// One `WorkerMachine` entry of the deployment options.
pub fn worker_machine_option(m: &WorkerMachine) -> Value {
    json!({
        "name": m.name,
        "spec": { "cpu": m.cpu, "memory": m.memory, "ephemeralStorage": "10Gi", "concurrency": m.concurrency_default },
        "concurrency": range((1, m.concurrency_ceiling, m.concurrency_default)),
    })
}

/// One `SchedulerMachine` entry of the deployment options.
pub fn scheduler_machine_option(size: &str) -> Option<Value> {
    scheduler_size(size).map(|(au, cpu, mem)| {
        json!({ "name": size, "spec": { "cpu": cpu, "memory": mem, "ephemeralStorage": "10Gi", "concurrency": au * 2 } })
    })
}

/// Scheduler size -> (AU, cpu, memory).
pub fn scheduler_size(size: &str) -> Option<(u64, &'static str, &'static str)> {
    match size {
        "SMALL" => Some((5, "1", "2Gi")),
        "MEDIUM" => Some((10, "2", "4Gi")),
        "LARGE" => Some((20, "4", "8Gi")),
        "EXTRA_LARGE" => Some((40, "8", "16Gi")),
        _ => None,
    }
}

/// Worker count and concurrency ranges (floor, ceiling, default).
pub const MIN_WORKERS: (u64, u64, u64) = (0, 30, 1);
pub const MAX_WORKERS: (u64, u64, u64) = (1, 30, 10);
pub const WORKER_CONCURRENCY: (u64, u64, u64) = (1, 360, 16);

fn range(r: (u64, u64, u64)) -> Value {
    json!({ "floor": r.0, "ceiling": r.1, "default": r.2 })
}

pub fn deployment_options(workload_identities: Vec<Value>) -> Value {
    let scheduler_machines: Vec<Value> = ["SMALL", "MEDIUM", "LARGE"]
        .iter()
        .filter_map(|s| scheduler_size(s).map(|(au, cpu, mem)| (s, au, cpu, mem)))
        .map(|(s, au, cpu, mem)| {
            json!({ "name": s, "spec": { "cpu": cpu, "memory": mem, "ephemeralStorage": "10Gi", "concurrency": au * 2 } })
        })
        .collect();
    let worker_machines: Vec<Value> = WORKER_MACHINES
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "spec": { "cpu": m.cpu, "memory": m.memory, "ephemeralStorage": "10Gi", "concurrency": m.concurrency_default },
                "concurrency": range((1, m.concurrency_ceiling, m.concurrency_default)),
            })
        })
        .collect();
    let releases: Vec<Value> = RUNTIME_RELEASES
        .iter()
        .map(|r| {
            json!({
                "version": r.version,
                "airflowVersion": r.airflow,
                "channel": "stable",
                "releaseDate": r.date,
                "airflowDatabaseMigration": r.airflow_db_migration,
                "stellarDatabaseMigration": false,
            })
        })
        .collect();
    json!({
        "executors": ["CELERY", "KUBERNETES"],
        "resourceQuotas": {
            "defaultPodSize": {
                "cpu": { "floor": "0.25", "ceiling": "6", "default": "1" },
                "memory": { "floor": "0.5Gi", "ceiling": "12Gi", "default": "2Gi" },
            },
            "resourceQuota": {
                "cpu": { "floor": "2", "ceiling": "1600", "default": "160" },
                "memory": { "floor": "4Gi", "ceiling": "3200Gi", "default": "320Gi" },
            },
        },
        "runtimeReleases": releases,
        "schedulerMachines": scheduler_machines,
        "workerMachines": worker_machines,
        "workerQueues": {
            "maxWorkers": range(MAX_WORKERS),
            "minWorkers": range(MIN_WORKERS),
            "workerConcurrency": range(WORKER_CONCURRENCY),
        },
        "workloadIdentityOptions": workload_identities,
    })
}

pub struct Provider {
    pub name: &'static str,
    pub regions: &'static [&'static str],
    pub node_instances: &'static [(&'static str, u64, &'static str)],
    pub db_instances: &'static [(&'static str, u64, &'static str)],
    pub standard_regions: &'static [&'static str],
}

pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "AWS",
        regions: &[
            "us-east-1",
            "us-east-2",
            "us-west-2",
            "eu-central-1",
            "eu-west-1",
            "ap-southeast-2",
        ],
        node_instances: &[
            ("m5.xlarge", 4, "16Gi"),
            ("m5.2xlarge", 8, "32Gi"),
            ("m5.4xlarge", 16, "64Gi"),
            ("t3.medium", 2, "4Gi"),
            ("t3.xlarge", 4, "16Gi"),
        ],
        db_instances: &[
            ("db.m6g.large", 2, "8Gi"),
            ("db.m6g.xlarge", 4, "16Gi"),
            ("db.t3.medium", 2, "4Gi"),
        ],
        standard_regions: &["us-east-1", "us-west-2", "eu-west-1"],
    },
    Provider {
        name: "AZURE",
        regions: &[
            "eastus2",
            "westus2",
            "westeurope",
            "northeurope",
            "australiaeast",
        ],
        node_instances: &[
            ("Standard_D4d_v5", 4, "16Gi"),
            ("Standard_D8d_v5", 8, "32Gi"),
            ("Standard_D16d_v5", 16, "64Gi"),
        ],
        db_instances: &[
            ("Standard_D2ds_v4", 2, "8Gi"),
            ("Standard_D4ds_v4", 4, "16Gi"),
        ],
        standard_regions: &["eastus2", "westeurope"],
    },
    Provider {
        name: "GCP",
        regions: &[
            "us-central1",
            "us-east4",
            "europe-west1",
            "europe-west4",
            "asia-northeast1",
        ],
        node_instances: &[
            ("e2-standard-4", 4, "16Gi"),
            ("e2-standard-8", 8, "32Gi"),
            ("n2-standard-16", 16, "64Gi"),
        ],
        db_instances: &[
            ("db-custom-2-8192", 2, "8Gi"),
            ("db-custom-4-16384", 4, "16Gi"),
        ],
        standard_regions: &["us-central1", "europe-west4"],
    },
];

pub fn provider(name: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.name == name)
}

fn instance(i: &(&str, u64, &str)) -> Value {
    json!({ "name": i.0, "cpu": i.1, "memory": i.2 })
}

fn region(name: &str, limited: bool) -> Value {
    json!({ "name": name, "limited": limited, "bannedInstances": [] })
}

pub fn cluster_options(provider: &Provider, hybrid: bool) -> Value {
    let regions: Vec<Value> = provider
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| region(r, i + 1 == provider.regions.len()))
        .collect();
    let nodes: Vec<Value> = provider.node_instances.iter().map(instance).collect();
    let dbs: Vec<Value> = provider.db_instances.iter().map(instance).collect();
    let first = |list: &[Value]| list.first().cloned().unwrap_or(Value::Null);
    let mut out = json!({
        "provider": provider.name,
        "regions": regions,
        "defaultRegion": region(provider.regions.first().copied().unwrap_or("us-east-1"), false),
        "nodeInstances": nodes,
        "defaultNodeInstance": first(&nodes),
        "databaseInstances": dbs,
        "defaultDatabaseInstance": first(&dbs),
        "defaultVpcSubnetRange": "172.20.0.0/19",
        "nodeCountMin": if hybrid { 1 } else { 2 },
        "nodeCountMax": if hybrid { 50 } else { 100 },
        "nodeCountDefault": 20,
    });
    if provider.name == "GCP" {
        if let Some(o) = out.as_object_mut() {
            o.insert("defaultPodSubnetRange".into(), json!("172.21.0.0/19"));
            o.insert("defaultServicePeeringRange".into(), json!("172.23.0.0/20"));
            o.insert("defaultServiceSubnetRange".into(), json!("172.22.0.0/22"));
        }
    }
    out
}

/// CPU cores of a node instance type (unknown types count as 4 cores).
pub fn instance_cores(provider: &str, instance_type: &str) -> u64 {
    self::provider(provider)
        .and_then(|p| p.node_instances.iter().find(|i| i.0 == instance_type))
        .map(|i| i.1)
        .unwrap_or(4)
}

/// The Astro machines that fit on a node of `cores` cores.
pub fn supported_machines(cores: u64) -> Vec<Value> {
    WORKER_MACHINES
        .iter()
        .filter(|m| u64::from(m.cpu_cores) < cores.max(2))
        .map(|m| Value::String(m.name.to_string()))
        .collect()
}
