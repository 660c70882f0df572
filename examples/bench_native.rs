//! The native benchmark: the client (`v1beta1::Client`) against plain reqwest + serde_json on
//! the same loopback server, in one run, interleaved.
//!
//! ```sh
//! cargo run --profile bench-native --features client --example bench_native            # ~1 min
//! cargo run --profile bench-native --features client --example bench_native -- --quick # ~15 s
//! cargo run --profile bench-native --features client --example bench_native -- --single # getDeployment
//! cargo run --profile bench-native --features client --example bench_native -- --only client 2000
//! ```
//!
//! The server (axum, on its own thread and runtime) answers with pre-serialized bodies: one
//! Deployment of about 2 KB (getDeployment) and pages of 100 and 1,000 Deployments
//! (listDeployments), the shapes of `bench/fixtures.mjs`. Both contenders use a
//! `reqwest::Client` built the same way (`client::http_client_builder`), send the same token,
//! and end with the same typed model:
//!
//! - client: `astro.get_deployment(input)` / `astro.list_deployments(input)` (validation,
//!   request building, headers, the attempt loop, the body cap, the response check against the
//!   contract's tables, decoding into the model);
//! - plain: `http.get(url).bearer_auth(token).send()`, a status check, `.bytes()`, then
//!   `serde_json::from_slice::<Model>`;
//! - plain with a timeout: the same inside `tokio::time::timeout` of 30 s, the client's default
//!   per-attempt timeout (the share of the client's time that is its timer).
//!
//! The calls alternate one by one (which contender goes first rotates too); the report gives
//! each contender's median time per call, the ratio of the medians, and the median of the
//! ratios of the calls made one after the other (the steadier figure on a busy machine). It
//! never fails on a number.

#![recursion_limit = "256"]

use std::time::{Duration, Instant};

use astro_platform_client::client::{http_client_builder, v1beta1};
use astro_platform_client::v1beta1::inputs::{GetDeploymentInput, ListDeploymentsInput};
use astro_platform_client::v1beta1::models::{Deployment, DeploymentsPaginated};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, Uri};
use axum::routing::get;
use serde_json::{json, Value};

const ORG: &str = "clmh59gt0000308lbgswe5fvh";
const TOKEN: &str = "bench-token-0123456789abcdef";
/// The client's default per-attempt timeout, given to the third contender.
const PER_ATTEMPT: Duration = Duration::from_secs(30);

/// A cuid-like id, distinct per (prefix, index) (as in bench/fixtures.mjs).
fn cuid(prefix: &str, i: u64) -> String {
    let n = i * 7919 + 104_729;
    let mut digits = String::new();
    let mut v = n;
    while v > 0 {
        let d = u32::try_from(v % 36).unwrap_or(0);
        digits.insert(0, char::from_digit(d, 36).unwrap_or('0'));
        v /= 36;
    }
    let body = format!("{digits:0>8}");
    let mut id = format!("cl{prefix}{body}0000008lb58fe2wmv");
    id.truncate(25);
    id
}

fn timestamp(i: u64) -> String {
    format!("2023-09-{:02}T{:02}:{:02}:00Z", 1 + i % 28, i % 24, i % 60)
}

/// One Deployment of about 2 KB, like bench/fixtures.mjs's `deployment(i)`.
fn deployment(i: u64) -> Value {
    let id = cuid("dp", i);
    let ns = format!("weightless-diameter-{}", (8927 + i) % 10_000);
    let celery = i % 5 != 4;
    let statuses = [
        "HEALTHY",
        "HEALTHY",
        "HEALTHY",
        "DEPLOYING",
        "UNHEALTHY",
        "CREATING",
    ];
    let regions = ["us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"];
    let machines = ["A5", "A10", "A20", "A40", "A60"];
    let pick = |list: &[&'static str], k: u64| {
        list.get(usize::try_from(k).unwrap_or(0) % list.len())
            .copied()
            .unwrap_or("")
    };
    let profile = |k: u64| {
        if k % 3 == 0 {
            json!({"id": cuid("ap", k % 97), "subjectType": "SERVICEKEY", "apiTokenName": format!("ci-token-{}", k % 97)})
        } else {
            json!({"id": cuid("us", k % 53), "subjectType": "USER", "username": format!("user{}@company.com", k % 53),
                "fullName": format!("Jane Doe {}", k % 53), "avatarUrl": format!("https://avatars.example.com/u/{}.png", k % 53)})
        }
    };
    let queues = if celery {
        json!([
            {"id": cuid("wq", i * 2), "name": "default", "isDefault": true, "astroMachine": pick(&machines, i),
             "minWorkerCount": 1, "maxWorkerCount": 10, "workerConcurrency": 16, "podCpu": "1", "podMemory": "2Gi"},
            {"id": cuid("wq", i * 2 + 1), "name": "heavy-tasks", "isDefault": false, "astroMachine": "A20",
             "minWorkerCount": 0, "maxWorkerCount": 4, "workerConcurrency": 8, "podCpu": "4", "podMemory": "8Gi"}
        ])
    } else {
        json!([])
    };
    let short = id
        .get(id.len().saturating_sub(8)..)
        .unwrap_or("")
        .to_owned();
    json!({
        "id": id, "name": format!("Deployment {i} ({})", pick(&["etl", "ml", "reporting", "ingest"], i)),
        "description": format!("Airflow environment {i} for the data platform team; owned by squad {}.", i % 17),
        "organizationId": ORG, "workspaceId": cuid("ws", i % 40), "workspaceName": format!("workspace-{}", i % 40),
        "clusterId": cuid("cs", i % 8), "clusterName": format!("cluster-{}", i % 8), "cloudProvider": "aws",
        "region": pick(&regions, i), "type": "DEDICATED", "status": pick(&statuses, i),
        "statusReason": "Successfully Deployed", "executor": if celery { "CELERY" } else { "KUBERNETES" },
        "runtimeVersion": "9.1.0", "airflowVersion": "2.7.2", "namespace": ns,
        "contactEmails": [format!("owner{}@company.com", i % 31), "data-platform@company.com"],
        "environmentVariables": [
            {"key": "AIRFLOW__CORE__PARALLELISM", "value": "64", "isSecret": false, "updatedAt": timestamp(i)},
            {"key": "SNOWFLAKE_ACCOUNT", "value": format!("acct-{}", i % 13), "isSecret": false, "updatedAt": timestamp(i)},
            {"key": "SNOWFLAKE_PASSWORD", "isSecret": true, "updatedAt": timestamp(i)}
        ],
        "externalIPs": ["35.172.10.4", "52.4.88.120"],
        "imageRepository": format!("images.astronomer.cloud/{ns}/airflow"),
        "imageTag": format!("deploy-2023-09-14T19-04-{i}"), "imageVersion": format!("deploy-2023-09-14T19-04-{i}"),
        "dagTarballVersion": (1 + i % 9).to_string(), "isCicdEnforced": i % 2 == 0, "isDagDeployEnabled": true,
        "isHighAvailability": i % 3 == 0, "defaultTaskPodCpu": "0.5", "defaultTaskPodMemory": "1Gi",
        "resourceQuotaCpu": "160", "resourceQuotaMemory": "320Gi", "schedulerAu": 5, "schedulerCpu": "1",
        "schedulerMemory": "2Gi", "schedulerReplicas": 1, "schedulerSize": pick(&["SMALL", "MEDIUM", "LARGE"], i),
        "webServerAirflowApiUrl": format!("{ORG}.astronomer.run/d{short}/api/v1"), "webServerCpu": "0.5",
        "webServerIngressHostname": format!("{ORG}.astronomer.run"), "webServerMemory": "1Gi",
        "webServerReplicas": 1, "webServerUrl": format!("{ORG}.astronomer.run/d{short}"),
        "workerQueues": queues, "workloadIdentity": format!("arn:aws:iam::123456789012:role/{ns}"),
        "createdAt": timestamp(i), "updatedAt": timestamp(i + 1), "createdBy": profile(i), "updatedBy": profile(i + 1)
    })
}

fn page(count: u64) -> Bytes {
    let items: Vec<Value> = (0..count).map(deployment).collect();
    Bytes::from(
        json!({"deployments": items, "totalCount": 10_000, "limit": count, "offset": 0})
            .to_string(),
    )
}

/// Starts the fixed-body server on its own thread; returns its base URL.
fn start_server() -> Result<String, Box<dyn std::error::Error>> {
    let single = Bytes::from(deployment(7).to_string());
    let (page100, page1000) = (page(100), page(1000));
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let router = axum::Router::new()
        .route(
            "/platform/v1beta1/organizations/{org}/deployments/{id}",
            get(move |Path((_org, _id)): Path<(String, String)>| {
                let body = single.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], body) }
            }),
        )
        .route(
            "/platform/v1beta1/organizations/{org}/deployments",
            get(move |uri: Uri| {
                let big = uri
                    .query()
                    .is_some_and(|q| q.split('&').any(|p| p == "limit=1000"));
                let body = if big {
                    page1000.clone()
                } else {
                    page100.clone()
                };
                async move { ([(header::CONTENT_TYPE, "application/json")], body) }
            }),
        );
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        if let Ok(runtime) = runtime {
            runtime.block_on(async move {
                if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                    let _ = axum::serve(listener, router).await;
                }
            });
        }
    });
    Ok(format!("http://{addr}"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Single,
    Page100,
    Page1000,
}

impl Case {
    fn name(self) -> &'static str {
        match self {
            Case::Single => "getDeployment (1 object, ~2 KB)",
            Case::Page100 => "listDeployments, 100 items",
            Case::Page1000 => "listDeployments, 1,000 items",
        }
    }
    fn limit(self) -> i64 {
        if self == Case::Page1000 {
            1000
        } else {
            100
        }
    }
}

struct Contenders {
    astro: v1beta1::Client,
    plain: reqwest::Client,
    base: String,
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

impl Contenders {
    async fn client(&self, case: Case) -> Res<usize> {
        Ok(match case {
            Case::Single => {
                let d = self
                    .astro
                    .get_deployment(GetDeploymentInput {
                        organization_id: None,
                        deployment_id: cuid("dp", 7),
                    })
                    .await?;
                d.name.len()
            }
            _ => {
                let p = self
                    .astro
                    .list_deployments(ListDeploymentsInput {
                        limit: Some(case.limit()),
                        ..Default::default()
                    })
                    .await?;
                p.deployments.len()
            }
        })
    }

    async fn plain(&self, case: Case) -> Res<usize> {
        let url = match case {
            Case::Single => format!(
                "{}/platform/v1beta1/organizations/{ORG}/deployments/{}",
                self.base,
                cuid("dp", 7)
            ),
            _ => format!(
                "{}/platform/v1beta1/organizations/{ORG}/deployments?limit={}",
                self.base,
                case.limit()
            ),
        };
        let response = self
            .plain
            .get(url)
            .bearer_auth(TOKEN)
            .header(header::ACCEPT, "application/json")
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()).into());
        }
        let bytes = response.bytes().await?;
        Ok(match case {
            Case::Single => serde_json::from_slice::<Deployment>(&bytes)?.name.len(),
            _ => serde_json::from_slice::<DeploymentsPaginated>(&bytes)?
                .deployments
                .len(),
        })
    }
}

/// The times of one case.
#[derive(Default)]
struct Samples {
    client: Vec<Duration>,
    plain: Vec<Duration>,
    timed: Vec<Duration>,
    /// client / plain of each pair of calls made one after the other.
    pairs: Vec<f64>,
    /// client / plain-with-a-timeout of the same round.
    timed_pairs: Vec<f64>,
}

/// The median of ratios.
fn median_ratio(ratios: &mut [f64]) -> f64 {
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Res<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, batch) = if quick { (6, 20) } else { (20, 40) };
    let base = start_server()?;
    let astro = v1beta1::Client::builder()
        .base_url(format!("{base}/platform/v1beta1"))
        .token(TOKEN)
        .organization_id(ORG)
        .http_client(http_client_builder()?.build()?)
        .build()?;
    let contenders = Contenders {
        astro,
        plain: http_client_builder()?.build()?,
        base,
    };

    // `--only client|plain N` makes N getDeployment calls of one contender (after 500 of each
    // to warm up) and prints the time per call: for a profiler or an instruction count
    // (`valgrind --tool=callgrind`, the difference of two values of N).
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--only") {
        let who = args.get(at + 1).map(String::as_str).unwrap_or("");
        let calls: u32 = args
            .get(at + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        for _ in 0..500 {
            contenders.client(Case::Single).await?;
            contenders.plain(Case::Single).await?;
        }
        let started = Instant::now();
        for _ in 0..calls {
            match who {
                "client" => contenders.client(Case::Single).await?,
                "plain" => contenders.plain(Case::Single).await?,
                _ => return Err("--only takes client or plain, then a number of calls".into()),
            };
        }
        let per_call = micros(started.elapsed()) / f64::from(calls.max(1));
        println!("{who}: {calls} calls of getDeployment, {per_call:.1} µs per call");
        return Ok(());
    }

    // `--single` measures getDeployment alone (for a profiler: `perf record ... -- --single`).
    let cases: &[Case] = if std::env::args().any(|a| a == "--single") {
        &[Case::Single]
    } else {
        &[Case::Single, Case::Page100, Case::Page1000]
    };
    // Both agree on what came back, and everything is warm.
    for &case in cases {
        let (a, b) = (
            contenders.client(case).await?,
            contenders.plain(case).await?,
        );
        if a != b {
            return Err(format!("{}: the client read {a}, plain reqwest {b}", case.name()).into());
        }
        for _ in 0..batch {
            contenders.client(case).await?;
            contenders.plain(case).await?;
        }
    }

    // Calls alternate one by one (client, plain, timed, then plain, timed, client, ...), so all
    // see the same machine: the ratios of each round are kept as well as each one's times.
    let mut samples: Vec<Samples> = cases.iter().map(|_| Samples::default()).collect();
    for round in 0..rounds {
        for (case, s) in cases.iter().zip(samples.iter_mut()) {
            let n = if *case == Case::Page1000 {
                batch / 4
            } else {
                batch
            };
            for i in 0..n {
                let mut times = [Duration::ZERO; 3];
                for k in 0..3 {
                    let who = (i + round + k) % 3;
                    let started = Instant::now();
                    match who {
                        0 => contenders.client(*case).await?,
                        1 => contenders.plain(*case).await?,
                        _ => tokio::time::timeout(PER_ATTEMPT, contenders.plain(*case))
                            .await
                            .map_err(|_| "plain reqwest timed out")??,
                    };
                    if let Some(slot) = times.get_mut(who) {
                        *slot = started.elapsed();
                    }
                }
                let [c, p, t] = times;
                s.client.push(c);
                s.plain.push(p);
                s.timed.push(t);
                s.pairs.push(ratio(c, p));
                s.timed_pairs.push(ratio(c, t));
            }
        }
    }

    println!("Native client vs plain reqwest + serde_json on one loopback server ({rounds} rounds, calls interleaved)\n");
    println!("| case | client (median) | plain reqwest + serde_json (median) | ratio of medians | median of paired ratios | plain with a 30 s timeout (median) | median of paired ratios to it |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (case, s) in cases.iter().zip(samples.iter_mut()) {
        let (c, p, t) = (
            median(&mut s.client),
            median(&mut s.plain),
            median(&mut s.timed),
        );
        println!(
            "| {} | {:.0} µs | {:.0} µs | {:.3}× | {:.3}× | {:.0} µs | {:.3}× |",
            case.name(),
            micros(c),
            micros(p),
            ratio(c, p),
            median_ratio(&mut s.pairs),
            micros(t),
            median_ratio(&mut s.timed_pairs),
        );
    }
    println!(
        "\n{} calls per contender, profile bench-native.",
        samples.iter().map(|s| s.client.len()).sum::<usize>()
    );
    Ok(())
}
