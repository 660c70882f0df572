//! Drift between the Rust models and `spec/platform-v1beta1.yaml`, in both directions.
//!
//! For every object schema of the spec that has a Rust type, this test compares:
//! - the property set: every spec property exists in the Rust type and vice versa;
//! - requiredness: a spec-required property is required in Rust, an optional one optional;
//! - the type of each property (string / number / boolean / array / named type);
//! - enum sets: a strict Rust enum has exactly the spec's values; a lenient (response) enum
//!   knows every spec value, and any extra known value must be one of the values the server
//!   added after the reference's date (`LATER_VALUES`, from /work/shared/reference/README.md):
//!   responses must recognize those, the spec lists only the reference's values.
//!
//! Two independent views of the Rust types are used, so neither can hide a drift:
//! 1. the TypeScript declaration tsify derives from the type (`Tsify::DECL`), which reflects
//!    the serde names and the `field?:` optional markers: property set, types, enum lists;
//! 2. serde itself: an instance built from the spec (every property set) must decode and
//!    re-encode to the same JSON; removing a required property must make decoding fail and
//!    removing an optional one must not; every spec enum value must decode, and a value outside
//!    the set must be refused by strict enums and kept by lenient ones.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};

use astro_platform_client::models::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use tsify::Tsify;

/// Values the server added after the reference's date (README "Values the server added
/// later"). Lenient response enums know them; the spec lists only the reference's values.
const LATER_VALUES: &[&str] = &[
    "UPDATE_FAILED",
    "UPGRADE_PENDING",
    "ACCESS_DENIED",
    "FAILING_OVER",
    "FAILOVER_FAILED",
    "HIBERNATING",
    "ASTRO",
    "EXTRA_LARGE",
    "A120",
    "A160",
];

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/platform-v1beta1.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// A parsed TypeScript declaration.
#[derive(Debug)]
enum Decl {
    /// `export interface X { a: T; b?: U; }`: property -> (optional, TS type).
    Interface(BTreeMap<String, (bool, String)>),
    /// `export type X = "A" | "B" | (string & {});` or without the open tail.
    StringUnion { values: Vec<String>, lenient: bool },
}

fn parse_decl(decl: &str) -> Decl {
    let body: Vec<&str> = decl
        .lines()
        .map(str::trim)
        .filter(|l| !(l.starts_with("/**") || l.starts_with('*') || l.starts_with("*/")))
        .collect();
    let head = body.first().copied().unwrap_or_default();
    if head.starts_with("export interface ") {
        let mut props = BTreeMap::new();
        for line in &body[1..] {
            if *line == "}" {
                break;
            }
            let line = line
                .strip_suffix(';')
                .unwrap_or_else(|| panic!("odd line {line:?}"));
            let (name, ty) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("odd line {line:?}"));
            let (name, optional) = match name.strip_suffix('?') {
                Some(n) => (n, true),
                None => (name, false),
            };
            props.insert(name.to_string(), (optional, ty.to_string()));
        }
        Decl::Interface(props)
    } else if let Some(rest) = head.strip_prefix("export type ") {
        let (_, rhs) = rest.split_once(" = ").unwrap();
        let rhs = rhs.trim_end_matches(';');
        let mut values = Vec::new();
        let mut lenient = false;
        for part in rhs.split(" | ") {
            if part == "(string & {})" {
                lenient = true;
            } else {
                let v = part
                    .strip_prefix('"')
                    .and_then(|p| p.strip_suffix('"'))
                    .unwrap_or_else(|| panic!("not a string literal: {part:?} in {decl}"));
                values.push(v.to_string());
            }
        }
        Decl::StringUnion { values, lenient }
    } else {
        panic!("unexpected declaration: {decl}")
    }
}

/// One Rust type under comparison, with serde probes that do not need the static type.
struct Model {
    rust_name: &'static str,
    decl: &'static str,
    /// For a variant of a request union: the selector property and this variant's value.
    /// The Rust variant struct does not hold the selector (the union enum's serde tag does),
    /// so decoding goes through the union type with the selector set.
    tag: Option<(&'static str, &'static str)>,
    /// JSON -> decode -> re-encode.
    roundtrip: fn(&Value) -> Result<Value, String>,
}

fn model<T: Tsify + Serialize + DeserializeOwned>(rust_name: &'static str) -> Model {
    Model {
        rust_name,
        decl: T::DECL,
        tag: None,
        roundtrip: |v| {
            let t: T = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
            serde_json::to_value(&t).map_err(|e| e.to_string())
        },
    }
}

/// A variant `V` of the request union `U`, selected by `tag = value`.
fn variant<U: Serialize + DeserializeOwned, V: Tsify>(
    rust_name: &'static str,
    tag: &'static str,
    value: &'static str,
) -> Model {
    Model {
        rust_name,
        decl: V::DECL,
        tag: Some((tag, value)),
        roundtrip: |v| {
            let u: U = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
            serde_json::to_value(&u).map_err(|e| e.to_string())
        },
    }
}

/// Spec schema name -> Rust model for the request schemas (`src/models/requests.rs`).
/// The union schemas themselves (`oneOf` + discriminator) are covered through their variants.
fn request_models() -> Vec<(&'static str, Model)> {
    use astro_platform_client::models::requests::*;
    vec![
        (
            "UpdateOrganizationRequest",
            model::<UpdateOrganizationRequest>("UpdateOrganizationRequest"),
        ),
        ("ClusterK8sTag", model::<ClusterK8sTag>("ClusterK8sTag")),
        (
            "CreateNodePoolRequest",
            model::<CreateNodePoolRequest>("CreateNodePoolRequest"),
        ),
        (
            "UpdateNodePoolRequest",
            model::<UpdateNodePoolRequest>("UpdateNodePoolRequest"),
        ),
        (
            "CreateAwsClusterRequest",
            variant::<CreateClusterRequest, CreateAwsClusterRequest>(
                "CreateAwsClusterRequest",
                "cloudProvider",
                "AWS",
            ),
        ),
        (
            "CreateAzureClusterRequest",
            variant::<CreateClusterRequest, CreateAzureClusterRequest>(
                "CreateAzureClusterRequest",
                "cloudProvider",
                "AZURE",
            ),
        ),
        (
            "CreateGcpClusterRequest",
            variant::<CreateClusterRequest, CreateGcpClusterRequest>(
                "CreateGcpClusterRequest",
                "cloudProvider",
                "GCP",
            ),
        ),
        (
            "UpdateClusterRequest",
            model::<UpdateClusterRequest>("UpdateClusterRequest"),
        ),
        (
            "CreateWorkspaceRequest",
            model::<CreateWorkspaceRequest>("CreateWorkspaceRequest"),
        ),
        (
            "UpdateWorkspaceRequest",
            model::<UpdateWorkspaceRequest>("UpdateWorkspaceRequest"),
        ),
        (
            "WorkerQueueRequest",
            model::<WorkerQueueRequest>("WorkerQueueRequest"),
        ),
        (
            "HybridWorkerQueueRequest",
            model::<HybridWorkerQueueRequest>("HybridWorkerQueueRequest"),
        ),
        (
            "DeploymentInstanceSpecRequest",
            model::<DeploymentInstanceSpecRequest>("DeploymentInstanceSpecRequest"),
        ),
        (
            "DeploymentEnvironmentVariableRequest",
            model::<DeploymentEnvironmentVariableRequest>("DeploymentEnvironmentVariableRequest"),
        ),
        (
            "CreateDedicatedDeploymentRequest",
            variant::<CreateDeploymentRequest, CreateDedicatedDeploymentRequest>(
                "CreateDedicatedDeploymentRequest",
                "type",
                "DEDICATED",
            ),
        ),
        (
            "CreateHybridDeploymentRequest",
            variant::<CreateDeploymentRequest, CreateHybridDeploymentRequest>(
                "CreateHybridDeploymentRequest",
                "type",
                "HYBRID",
            ),
        ),
        (
            "CreateStandardDeploymentRequest",
            variant::<CreateDeploymentRequest, CreateStandardDeploymentRequest>(
                "CreateStandardDeploymentRequest",
                "type",
                "STANDARD",
            ),
        ),
        (
            "UpdateDedicatedDeploymentRequest",
            variant::<UpdateDeploymentRequest, UpdateDedicatedDeploymentRequest>(
                "UpdateDedicatedDeploymentRequest",
                "type",
                "DEDICATED",
            ),
        ),
        (
            "UpdateHybridDeploymentRequest",
            variant::<UpdateDeploymentRequest, UpdateHybridDeploymentRequest>(
                "UpdateHybridDeploymentRequest",
                "type",
                "HYBRID",
            ),
        ),
        (
            // STANDARD has the DEDICATED fields: one Rust struct serves both variants.
            "UpdateStandardDeploymentRequest",
            variant::<UpdateDeploymentRequest, UpdateDedicatedDeploymentRequest>(
                "UpdateDedicatedDeploymentRequest",
                "type",
                "STANDARD",
            ),
        ),
    ]
}

/// Spec schema name -> Rust model. Response schemas; request schemas join when
/// `src/models/requests.rs` provides them (see `request_models`).
fn response_models() -> Vec<(&'static str, Model)> {
    vec![
        ("Error", model::<ErrorBody>("ErrorBody")),
        (
            "BasicSubjectProfile",
            model::<BasicSubjectProfile>("BasicSubjectProfile"),
        ),
        ("Organization", model::<Organization>("Organization")),
        (
            "OrganizationsPaginated",
            model::<OrganizationsPaginated>("OrganizationsPaginated"),
        ),
        ("ManagedDomain", model::<ManagedDomain>("ManagedDomain")),
        ("Cluster", model::<Cluster>("Cluster")),
        (
            "ClustersPaginated",
            model::<ClustersPaginated>("ClustersPaginated"),
        ),
        (
            "ClusterMetadata",
            model::<ClusterMetadata>("ClusterMetadata"),
        ),
        ("ClusterTag", model::<ClusterTag>("ClusterTag")),
        ("NodePool", model::<NodePool>("NodePool")),
        ("ClusterOptions", model::<ClusterOptions>("ClusterOptions")),
        (
            "ProviderInstanceType",
            model::<ProviderInstanceType>("ProviderInstanceType"),
        ),
        ("ProviderRegion", model::<ProviderRegion>("ProviderRegion")),
        (
            "DeploymentOptions",
            model::<DeploymentOptions>("DeploymentOptions"),
        ),
        (
            "ResourceQuotaOptions",
            model::<ResourceQuotaOptions>("ResourceQuotaOptions"),
        ),
        ("ResourceOption", model::<ResourceOption>("ResourceOption")),
        ("ResourceRange", model::<ResourceRange>("ResourceRange")),
        ("Range", model::<Range>("Range")),
        ("RuntimeRelease", model::<RuntimeRelease>("RuntimeRelease")),
        (
            "SchedulerMachine",
            model::<SchedulerMachine>("SchedulerMachine"),
        ),
        ("MachineSpec", model::<MachineSpec>("MachineSpec")),
        ("WorkerMachine", model::<WorkerMachine>("WorkerMachine")),
        (
            "WorkerQueueOptions",
            model::<WorkerQueueOptions>("WorkerQueueOptions"),
        ),
        (
            "WorkloadIdentityOption",
            model::<WorkloadIdentityOption>("WorkloadIdentityOption"),
        ),
        ("Workspace", model::<Workspace>("Workspace")),
        (
            "WorkspacesPaginated",
            model::<WorkspacesPaginated>("WorkspacesPaginated"),
        ),
        ("Deployment", model::<Deployment>("Deployment")),
        (
            "DeploymentsPaginated",
            model::<DeploymentsPaginated>("DeploymentsPaginated"),
        ),
        (
            "DeploymentEnvironmentVariable",
            model::<DeploymentEnvironmentVariable>("DeploymentEnvironmentVariable"),
        ),
        ("WorkerQueue", model::<WorkerQueue>("WorkerQueue")),
    ]
}

/// Every string enum type the models use, by TypeScript name.
fn enum_decls() -> BTreeMap<&'static str, &'static str> {
    use astro_platform_client::models::requests as rq;
    BTreeMap::from([
        ("RequestCloudProvider", rq::RequestCloudProvider::DECL),
        ("RequestClusterType", rq::RequestClusterType::DECL),
        ("RequestDeploymentType", rq::RequestDeploymentType::DECL),
        ("RequestExecutor", rq::RequestExecutor::DECL),
        ("RequestSchedulerSize", rq::RequestSchedulerSize::DECL),
        ("RequestAstroMachine", rq::RequestAstroMachine::DECL),
        ("CloudProvider", CloudProvider::DECL),
        ("SubjectType", SubjectType::DECL),
        ("OrganizationStatus", OrganizationStatus::DECL),
        ("OrganizationProduct", OrganizationProduct::DECL),
        ("OrganizationSupportPlan", OrganizationSupportPlan::DECL),
        ("OrganizationPaymentMethod", OrganizationPaymentMethod::DECL),
        ("ManagedDomainStatus", ManagedDomainStatus::DECL),
        ("ClusterType", ClusterType::DECL),
        ("ClusterStatus", ClusterStatus::DECL),
        ("DeploymentStatus", DeploymentStatus::DECL),
        ("DeploymentType", DeploymentType::DECL),
        ("Executor", Executor::DECL),
        ("SchedulerSize", SchedulerSize::DECL),
        ("AstroMachine", AstroMachine::DECL),
    ])
}

struct Checker<'a> {
    schemas: &'a Map<String, Value>,
    /// Spec schema name -> Rust TypeScript name.
    names: BTreeMap<&'a str, &'a str>,
    enums: BTreeMap<&'static str, &'static str>,
    problems: Vec<String>,
}

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

impl Checker<'_> {
    fn schema(&self, name: &str) -> &Value {
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("spec has no schema {name}"))
    }

    /// A JSON value for a property schema, every optional part filled in.
    fn instance(&self, s: &Value) -> Value {
        if let Some(r) = ref_name(s) {
            return self.instance(self.schema(r));
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            return e[0].clone();
        }
        match s.get("type").and_then(Value::as_str) {
            Some("string") => json!("x"),
            Some("integer") => json!(3),
            Some("number") => json!(2.5),
            Some("boolean") => json!(true),
            Some("array") => json!([self.instance(&s["items"])]),
            Some("object") => {
                let mut m = Map::new();
                for (k, p) in s
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    m.insert(k.clone(), self.instance(p));
                }
                Value::Object(m)
            }
            other => panic!("unsupported schema type {other:?}: {s}"),
        }
    }

    /// Compares a spec property schema with the TypeScript type of the Rust field.
    fn compare_type(&mut self, at: &str, s: &Value, ts: &str) {
        if let Some(r) = ref_name(s) {
            let want = self.names.get(r).copied().unwrap_or(r);
            if ts != want {
                self.problems.push(format!(
                    "{at}: spec type {r} (Rust {want}), Rust field has {ts}"
                ));
            }
            return;
        }
        let spec_enum: Option<Vec<String>> = s
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect());
        match s.get("type").and_then(Value::as_str) {
            Some("array") => match ts.strip_suffix("[]") {
                Some(inner) => self.compare_type(&format!("{at}[]"), &s["items"], inner),
                None => self.problems.push(format!("{at}: spec array, Rust {ts}")),
            },
            Some("integer" | "number") => {
                if ts != "number" {
                    self.problems.push(format!("{at}: spec number, Rust {ts}"));
                }
            }
            Some("boolean") => {
                if ts != "boolean" {
                    self.problems.push(format!("{at}: spec boolean, Rust {ts}"));
                }
            }
            Some("string") => match (spec_enum, self.enums.get(ts).map(|d| parse_decl(d))) {
                (None, None) if ts == "string" => {}
                (None, Some(Decl::StringUnion { lenient: true, .. })) => {
                    // A plain string in the spec, a lenient enum in Rust: any string decodes.
                }
                (Some(want), Some(Decl::StringUnion { values, lenient })) => {
                    let want: BTreeSet<_> = want.into_iter().collect();
                    let have: BTreeSet<_> = values.into_iter().collect();
                    let missing: Vec<_> = want.difference(&have).collect();
                    let extra: Vec<_> = have.difference(&want).collect();
                    if !missing.is_empty() {
                        self.problems.push(format!(
                            "{at}: Rust enum {ts} lacks spec values {missing:?}"
                        ));
                    }
                    if lenient {
                        let undocumented: Vec<_> = extra
                            .iter()
                            .filter(|v| !LATER_VALUES.contains(&v.as_str()))
                            .collect();
                        if !undocumented.is_empty() {
                            self.problems.push(format!(
                                "{at}: lenient enum {ts} knows values the spec does not list and that are not documented later values: {undocumented:?}"
                            ));
                        }
                    } else if !extra.is_empty() {
                        self.problems.push(format!(
                            "{at}: strict enum {ts} has values the spec does not: {extra:?}"
                        ));
                    }
                }
                (spec_enum, _) => self.problems.push(format!(
                    "{at}: spec string (enum {spec_enum:?}), Rust type {ts} does not match"
                )),
            },
            other => self
                .problems
                .push(format!("{at}: unsupported spec type {other:?}")),
        }
    }

    fn check(&mut self, spec_name: &str, m: &Model) {
        let s = self.schema(spec_name).clone();
        let Decl::Interface(fields) = parse_decl(m.decl) else {
            self.problems.push(format!(
                "{spec_name}: Rust {} is not an object type",
                m.rust_name
            ));
            return;
        };
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let required: BTreeSet<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap())
            .collect();

        // 1. Declaration view: names, optional markers, types, enums.
        for (name, ps) in &props {
            let at = format!("{spec_name}.{name}");
            if let Some((tag, value)) = m.tag.filter(|(t, _)| t == name) {
                // The selector: required, and this variant's value is one the spec allows.
                let allowed = ps
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.contains(&json!(value)));
                if !required.contains(tag) || !allowed {
                    self.problems.push(format!(
                        "{at}: selector {tag}={value} must be required and allowed by the spec"
                    ));
                }
                continue;
            }
            match fields.get(name) {
                None => self.problems.push(format!(
                    "{at}: in the spec, missing from Rust {}",
                    m.rust_name
                )),
                Some((optional, ts)) => {
                    let spec_optional = !required.contains(name.as_str());
                    if *optional != spec_optional {
                        self.problems.push(format!(
                            "{at}: spec says {}, Rust says {}",
                            if spec_optional {
                                "optional"
                            } else {
                                "required"
                            },
                            if *optional { "optional" } else { "required" }
                        ));
                    }
                    if ts.contains("null") {
                        self.problems.push(format!(
                            "{at}: Rust type {ts} admits null (missing #[tsify(optional)]?)"
                        ));
                    }
                    self.compare_type(&at, ps, ts);
                }
            }
        }
        if let Some((tag, _)) = m.tag {
            if !props.contains_key(tag) {
                self.problems.push(format!(
                    "{spec_name}: the spec has no selector property {tag}"
                ));
            }
        }
        for name in fields.keys() {
            if !props.contains_key(name) {
                self.problems.push(format!(
                    "{spec_name}.{name}: in Rust {}, missing from the spec",
                    m.rust_name
                ));
            }
        }
        for r in &required {
            if !props.contains_key(*r) {
                self.problems.push(format!(
                    "{spec_name}: required {r} is not a property of the spec schema"
                ));
            }
        }

        // 2. serde view.
        let mut full = self.instance(&s);
        if let Some((tag, value)) = m.tag {
            full[tag] = json!(value);
        }
        match (m.roundtrip)(&full) {
            Err(e) => {
                self.problems.push(format!("{spec_name}: an instance built from the spec does not decode: {e}"));
                return;
            }
            Ok(back) if back != full => self.problems.push(format!(
                "{spec_name}: an instance built from the spec does not round-trip:\n  in:  {full}\n  out: {back}"
            )),
            Ok(_) => {}
        }
        for name in props.keys() {
            let mut v = full.clone();
            v.as_object_mut().unwrap().remove(name);
            let decoded = (m.roundtrip)(&v).is_ok();
            let spec_required = required.contains(name.as_str());
            if spec_required && decoded {
                self.problems.push(format!(
                    "{spec_name}.{name}: required by the spec, but Rust decodes without it"
                ));
            }
            if !spec_required && !decoded {
                self.problems.push(format!(
                    "{spec_name}.{name}: optional in the spec, but Rust fails without it"
                ));
            }
        }
        for (name, ps) in &props {
            let (item, wrap): (&Value, fn(Value) -> Value) = match ps.get("items") {
                Some(items) => (items, |x| json!([x])),
                None => (ps, |x| x),
            };
            let Some(values) = item.get("enum").and_then(Value::as_array) else {
                continue;
            };
            if m.tag.is_some_and(|(t, _)| t == name) {
                continue; // another selector value picks another variant
            }
            for value in values {
                let mut v = full.clone();
                v[name] = wrap(value.clone());
                if (m.roundtrip)(&v).ok().as_ref() != Some(&v) {
                    self.problems.push(format!(
                        "{spec_name}.{name}: spec value {value} does not decode and re-encode"
                    ));
                }
            }
            let ts = fields
                .get(name)
                .map(|(_, t)| t.trim_end_matches("[]"))
                .unwrap_or_default();
            let lenient = matches!(
                self.enums.get(ts).map(|d| parse_decl(d)),
                Some(Decl::StringUnion { lenient: true, .. })
            );
            let mut v = full.clone();
            v[name] = wrap(json!("NOT_A_SPEC_VALUE"));
            let kept = (m.roundtrip)(&v).ok().as_ref() == Some(&v);
            if lenient && !kept {
                self.problems.push(format!(
                    "{spec_name}.{name}: lenient enum does not keep an unknown value"
                ));
            }
            if !lenient && kept {
                self.problems.push(format!(
                    "{spec_name}.{name}: strict enum accepts a value outside the spec"
                ));
            }
        }
    }
}

fn run(models: Vec<(&'static str, Model)>) -> Vec<String> {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let mut checker = Checker {
        schemas,
        names: models.iter().map(|(s, m)| (*s, m.rust_name)).collect(),
        enums: enum_decls(),
        problems: Vec::new(),
    };
    for (spec_name, m) in &models {
        checker.check(spec_name, m);
    }
    checker.problems
}

#[test]
fn response_models_match_the_spec() {
    let problems = run(response_models());
    assert!(
        problems.is_empty(),
        "{} drift(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn request_models_match_the_spec() {
    let problems = run(request_models());
    assert!(
        problems.is_empty(),
        "{} drift(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_request_schema_of_the_spec_has_a_model() {
    let spec = spec();
    let models: BTreeSet<&str> = request_models().iter().map(|(s, _)| *s).collect();
    let mut todo: Vec<String> = Vec::new();
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            if let Some(body) = op.get("requestBody") {
                collect_refs(body, &spec, &mut todo);
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            collect_refs(&spec["components"]["schemas"][&name], &spec, &mut todo);
        }
    }
    // A union schema (oneOf) is checked through its variants.
    let unmodelled: Vec<_> = seen
        .iter()
        .filter(|n| !models.contains(n.as_str()))
        .filter(|n| {
            spec["components"]["schemas"][n.as_str()]
                .get("oneOf")
                .is_none()
        })
        .collect();
    assert!(
        unmodelled.is_empty(),
        "request schemas without a Rust model in the drift check: {unmodelled:?}"
    );
    assert!(seen.len() >= 20, "{seen:?}");
}

#[test]
fn every_response_schema_of_the_spec_has_a_model() {
    let spec = spec();
    let models: BTreeSet<&str> = response_models().iter().map(|(s, _)| *s).collect();
    // Schemas reached from a 2xx or error response of any operation, transitively.
    let mut todo: Vec<String> = Vec::new();
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (_, r) in responses {
                collect_refs(r, &spec, &mut todo);
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            collect_refs(&spec["components"]["schemas"][&name], &spec, &mut todo);
        }
    }
    let unmodelled: Vec<_> = seen
        .iter()
        .filter(|n| !models.contains(n.as_str()))
        .collect();
    assert!(
        unmodelled.is_empty(),
        "response schemas without a Rust model in the drift check: {unmodelled:?}"
    );
    assert!(seen.len() >= 29, "{seen:?}");
}

fn collect_refs(v: &Value, spec: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    let r = x.as_str().unwrap();
                    if let Some(n) = r.strip_prefix("#/components/schemas/") {
                        out.push(n.to_string());
                    } else if let Some(n) = r.strip_prefix("#/components/responses/") {
                        collect_refs(&spec["components"]["responses"][n], spec, out);
                    }
                } else {
                    collect_refs(x, spec, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, spec, out)),
        _ => {}
    }
}

/// The checker itself must notice drift: a model with a missing, an extra and a wrongly
/// optional property, and a strict enum with a value too many, against a spec schema.
#[test]
fn the_checker_catches_drift() {
    #[derive(serde::Serialize, serde::Deserialize, tsify::Tsify)]
    #[serde(rename_all = "camelCase")]
    struct FakeRegion {
        // `name` (required in the spec) is missing; `bannedInstances` is required here but
        // optional in the spec; `extra` is not in the spec.
        banned_instances: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[tsify(optional)]
        limited: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[tsify(optional)]
        extra: Option<String>,
    }
    let problems = run(vec![("ProviderRegion", model::<FakeRegion>("FakeRegion"))]);
    let text = problems.join("\n");
    assert!(
        text.contains("ProviderRegion.name: in the spec, missing from Rust FakeRegion"),
        "{text}"
    );
    assert!(
        text.contains("ProviderRegion.extra: in Rust FakeRegion, missing from the spec"),
        "{text}"
    );
    assert!(
        text.contains("ProviderRegion.bannedInstances: spec says optional, Rust says required"),
        "{text}"
    );
    assert!(
        text.contains(
            "ProviderRegion.bannedInstances: optional in the spec, but Rust fails without it"
        ),
        "{text}"
    );

    let mut checker_enums = enum_decls();
    checker_enums.insert(
        "StrictSize",
        "export type StrictSize = \"SMALL\" | \"MEDIUM\" | \"LARGE\" | \"HUGE\";",
    );
    let spec = spec();
    let mut checker = Checker {
        schemas: spec["components"]["schemas"].as_object().unwrap(),
        names: BTreeMap::new(),
        enums: checker_enums,
        problems: Vec::new(),
    };
    let s = json!({"type": "string", "enum": ["SMALL", "MEDIUM", "LARGE"]});
    checker.compare_type("X.size", &s, "StrictSize");
    checker.compare_type("X.size", &s, "SchedulerSize");
    checker.compare_type("X.size", &s, "string");
    let s = json!({"type": "string", "enum": ["SMALL", "MEDIUM", "LARGE", "GIANT"]});
    checker.compare_type("Y.size", &s, "SchedulerSize");
    let text = checker.problems.join("\n");
    assert!(
        text.contains("X.size: strict enum StrictSize has values the spec does not: [\"HUGE\"]"),
        "{text}"
    );
    assert!(text.contains("X.size: spec string (enum Some([\"SMALL\", \"MEDIUM\", \"LARGE\"])), Rust type string does not match"), "{text}");
    assert!(
        text.contains("Y.size: Rust enum SchedulerSize lacks spec values [\"GIANT\"]"),
        "{text}"
    );
    assert_eq!(checker.problems.len(), 3, "{text}");
}

/// All these types go into one TypeScript declaration file: no two may share a name.
#[test]
fn typescript_names_are_unique() {
    let mut decls: Vec<&str> = response_models().iter().map(|(_, m)| m.decl).collect();
    decls.extend(request_models().iter().map(|(_, m)| m.decl));
    decls.extend(enum_decls().values());
    let mut names = BTreeMap::<String, BTreeSet<&str>>::new();
    for decl in decls {
        let line = decl.lines().find(|l| l.starts_with("export ")).unwrap();
        let name = line.split_whitespace().nth(2).unwrap().to_string();
        names.entry(name).or_default().insert(decl);
    }
    let clashes: Vec<_> = names
        .iter()
        .filter(|(_, d)| d.len() > 1)
        .map(|(n, _)| n)
        .collect();
    assert!(
        clashes.is_empty(),
        "TypeScript names declared twice: {clashes:?}"
    );
    assert!(names.contains_key("ClusterStatus") && names.contains_key("RequestCloudProvider"));
    assert!(names.contains_key("CloudProvider") && names.contains_key("Deployment"));
}
