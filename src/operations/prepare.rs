//! `prepare`: one JSON object (path params, query params and body fields side by side) ->
//! a validated, encoded HTTP request. Nothing here does I/O.

use serde_json::{Map, Value};

use super::{HttpMethod, Operation};
use crate::encoding::{encode_body, encode_path_segment, query_string, segment_problem};
use crate::models::requests::{
    self as rq, Product, RequestCloudProvider, RequestClusterType, RequestDeploymentType, Sort,
    SupportPlan,
};
use crate::validation::{
    check, opt, req, type_name, Field, Issue, Kind, Rule, ValidationError, STR,
};

/// Where requests go and the default Organization for organization-scoped operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestContext<'a> {
    /// E.g. `https://api.astronomer.io/platform/v1beta1` (a trailing `/` is ignored).
    pub base_url: &'a str,
    /// Used when the input has no `organizationId`.
    pub default_organization_id: Option<&'a str>,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    pub method: HttpMethod,
    /// Base URL + encoded path + query string.
    pub url: String,
    /// `accept: application/json`, plus `content-type: application/json` when a body is sent.
    pub headers: Vec<(String, String)>,
    /// Compact JSON text of the body, exactly as `serde_json::to_string` of the typed request
    /// body writes it: fields in a stable (alphabetical) order, a union's selector first, no
    /// `null`s. Written from the checked input by [`encode_body`], so the typed
    /// (de)serializers are not needed to build a request.
    pub body: Option<String>,
}

/// What an operation takes.
struct Spec {
    /// `/organizations/{organizationId}` (every operation but listOrganizations).
    org: bool,
    /// The collection under the Organization (`clusters`, `cluster-options`, ...).
    resource: Option<&'static str>,
    /// The id parameter of one item (`clusterId`, ...).
    id: Option<&'static str>,
    query: &'static [Field],
    body: Option<Kind>,
}

const OFFSET: Field = opt(
    "offset",
    Kind::Int {
        min: Some(0),
        max: None,
    },
);
/// 0..=1000 on the organization, cluster and workspace lists.
const LIMIT_1000: Field = opt(
    "limit",
    Kind::Int {
        min: Some(0),
        max: Some(1000),
    },
);
/// listDeployments: >= 0, no maximum.
const LIMIT: Field = opt(
    "limit",
    Kind::Int {
        min: Some(0),
        max: None,
    },
);
const SORTS: Field = opt(
    "sorts",
    Kind::Array {
        item: &Kind::Enum(Sort::VALUES),
        min_items: 0,
        unique: false,
    },
);
const STRINGS: Kind = Kind::Array {
    item: &STR,
    min_items: 0,
    unique: false,
};

static Q_LIST_ORGANIZATIONS: [Field; 5] = [
    opt("supportPlan", Kind::Enum(SupportPlan::VALUES)),
    opt("product", Kind::Enum(Product::VALUES)),
    OFFSET,
    LIMIT_1000,
    SORTS,
];
static Q_GET_ORGANIZATION: [Field; 1] = [opt("isLookUpOnly", Kind::Bool)];
static Q_LIST_CLUSTERS: [Field; 4] = [
    opt("provider", Kind::Enum(RequestCloudProvider::VALUES)),
    OFFSET,
    LIMIT_1000,
    SORTS,
];
static Q_CLUSTER_OPTIONS: [Field; 2] = [
    opt("provider", Kind::Enum(RequestCloudProvider::VALUES)),
    req("type", Kind::Enum(RequestClusterType::VALUES)),
];
static Q_DEPLOYMENT_OPTIONS: [Field; 3] = [
    opt("deploymentId", STR),
    opt("deploymentType", Kind::Enum(RequestDeploymentType::VALUES)),
    opt("cloudProvider", Kind::Enum(RequestCloudProvider::VALUES)),
];
static Q_LIST_WORKSPACES: [Field; 4] = [opt("workspaceIds", STRINGS), OFFSET, LIMIT_1000, SORTS];
static Q_LIST_DEPLOYMENTS: [Field; 5] = [
    opt("deploymentIds", STRINGS),
    opt("workspaceIds", STRINGS),
    OFFSET,
    LIMIT,
    SORTS,
];

fn spec(op: Operation) -> Spec {
    use Operation as O;
    let (org, resource, id) = match op {
        O::ListOrganizations => (false, None, None),
        O::GetOrganization | O::UpdateOrganization => (true, None, None),
        O::ListClusters | O::CreateCluster => (true, Some("clusters"), None),
        O::GetCluster | O::UpdateCluster | O::DeleteCluster => {
            (true, Some("clusters"), Some("clusterId"))
        }
        O::GetClusterOptions => (true, Some("cluster-options"), None),
        O::GetDeploymentOptions => (true, Some("deployment-options"), None),
        O::ListWorkspaces | O::CreateWorkspace => (true, Some("workspaces"), None),
        O::GetWorkspace | O::UpdateWorkspace | O::DeleteWorkspace => {
            (true, Some("workspaces"), Some("workspaceId"))
        }
        O::ListDeployments | O::CreateDeployment => (true, Some("deployments"), None),
        O::GetDeployment | O::UpdateDeployment | O::DeleteDeployment => {
            (true, Some("deployments"), Some("deploymentId"))
        }
    };
    let query: &'static [Field] = match op {
        O::ListOrganizations => &Q_LIST_ORGANIZATIONS,
        O::GetOrganization => &Q_GET_ORGANIZATION,
        O::ListClusters => &Q_LIST_CLUSTERS,
        O::GetClusterOptions => &Q_CLUSTER_OPTIONS,
        O::GetDeploymentOptions => &Q_DEPLOYMENT_OPTIONS,
        O::ListWorkspaces => &Q_LIST_WORKSPACES,
        O::ListDeployments => &Q_LIST_DEPLOYMENTS,
        _ => &[],
    };
    let body = match op {
        O::UpdateOrganization => Some(Kind::Object(&rq::UPDATE_ORGANIZATION)),
        O::CreateCluster => Some(Kind::Union(&rq::CREATE_CLUSTER)),
        O::UpdateCluster => Some(Kind::Object(&rq::UPDATE_CLUSTER)),
        O::CreateWorkspace => Some(Kind::Object(&rq::CREATE_WORKSPACE)),
        O::UpdateWorkspace => Some(Kind::Object(&rq::UPDATE_WORKSPACE)),
        O::CreateDeployment => Some(Kind::Union(&rq::CREATE_DEPLOYMENT)),
        O::UpdateDeployment => Some(Kind::Union(&rq::UPDATE_DEPLOYMENT)),
        _ => None,
    };
    Spec {
        org,
        resource,
        id,
        query,
        body,
    }
}

/// The path parameters of `op`, in URL order (`organizationId` first when the operation is
/// organization-scoped).
pub fn path_params(op: Operation) -> Vec<&'static str> {
    let spec = spec(op);
    let mut out = Vec::new();
    if spec.org {
        out.push("organizationId");
    }
    out.extend(spec.id);
    out
}

/// The query parameters of `op`, in the order they are written to the URL.
pub fn query_params(op: Operation) -> &'static [Field] {
    spec(op).query
}

/// The description of `op`'s body, if it takes one.
pub fn body_kind(op: Operation) -> Option<Kind> {
    spec(op).body
}

/// Takes a path parameter out of the input (or the default), checking it is one safe segment.
fn path_param(
    map: &mut Map<String, Value>,
    name: &str,
    default: Option<&str>,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    let (value, from_default) = match map.remove(name) {
        Some(Value::String(s)) => (s, false),
        None | Some(Value::Null) => match default {
            Some(d) => (d.to_owned(), true),
            None => {
                let hint = if name == "organizationId" {
                    " (pass it, or set a default organizationId on the client)"
                } else {
                    ""
                };
                issues.push(Issue::new(name, Rule::Required, format!("required{hint}")));
                return None;
            }
        },
        Some(other) => {
            issues.push(Issue::new(
                name,
                Rule::Type,
                format!("expected string, got {}", type_name(&other)),
            ));
            return None;
        }
    };
    if let Some(problem) = segment_problem(&value) {
        let origin = if from_default {
            " (the client's default organizationId)"
        } else {
            ""
        };
        issues.push(Issue::new(
            name,
            Rule::PathSegment,
            format!("{problem}{origin}"),
        ));
        return None;
    }
    Some(value)
}

fn push_query(name: &'static str, value: &Value, out: &mut Vec<(&'static str, String)>) {
    match value {
        Value::String(s) => out.push((name, s.clone())),
        Value::Bool(b) => out.push((name, b.to_string())),
        Value::Number(n) => out.push((name, n.to_string())),
        Value::Array(items) => {
            for item in items {
                push_query(name, item, out);
            }
        }
        Value::Null | Value::Object(_) => {}
    }
}

fn fail(op: Operation, issues: Vec<Issue>) -> ValidationError {
    ValidationError {
        operation: Some(op.name()),
        issues,
    }
}

/// Validates `input` for `op` and builds the request. `input` is one JSON object holding the
/// path parameters, query parameters and body fields side by side (`null` or absent input
/// counts as `{}`). Every problem is reported at once; nothing is sent on error.
pub fn prepare(
    op: Operation,
    input: Value,
    ctx: &RequestContext,
) -> Result<PreparedRequest, ValidationError> {
    let spec = spec(op);
    let mut map = match input {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            let message = format!(
                "expected the input to be an object, got {}",
                type_name(&other)
            );
            return Err(fail(op, vec![Issue::new("", Rule::Type, message)]));
        }
    };
    let mut issues = Vec::new();

    let mut path = String::from("/organizations");
    if spec.org {
        if let Some(org) = path_param(
            &mut map,
            "organizationId",
            ctx.default_organization_id,
            &mut issues,
        ) {
            path.push('/');
            path.push_str(&encode_path_segment(&org));
        }
    }
    if let Some(resource) = spec.resource {
        path.push('/');
        path.push_str(resource);
    }
    if let Some(id) = spec.id {
        if let Some(value) = path_param(&mut map, id, None, &mut issues) {
            path.push('/');
            path.push_str(&encode_path_segment(&value));
        }
    }

    let mut query = Vec::new();
    for field in spec.query {
        match map.remove(field.name) {
            None | Some(Value::Null) => {
                if field.required {
                    issues.push(Issue::new(field.name, Rule::Required, "required"));
                }
            }
            Some(mut value) => {
                let before = issues.len();
                check(&field.kind, &mut value, field.name, &mut issues);
                if issues.len() == before {
                    push_query(field.name, &value, &mut query);
                }
            }
        }
    }

    let body = match spec.body {
        Some(kind) => {
            let mut value = Value::Object(map);
            check(&kind, &mut value, "", &mut issues);
            if issues.is_empty() {
                Some(encode_body(&kind, &value))
            } else {
                None
            }
        }
        None => {
            let mut accepted: Vec<&str> = Vec::new();
            if spec.org {
                accepted.push("organizationId");
            }
            accepted.extend(spec.id);
            accepted.extend(spec.query.iter().map(|f| f.name));
            let list = if accepted.is_empty() {
                "none".to_owned()
            } else {
                accepted.join(", ")
            };
            for key in map.keys() {
                issues.push(Issue::new(
                    key.clone(),
                    Rule::UnknownField,
                    format!("unknown parameter {key:?}: {} takes {list}", op.name()),
                ));
            }
            None
        }
    };

    if !issues.is_empty() {
        return Err(fail(op, issues));
    }

    let mut url = ctx.base_url.trim_end_matches('/').to_owned();
    url.push_str(&path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query_string(&query));
    }
    let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
    if body.is_some() {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    Ok(PreparedRequest {
        method: op.method(),
        url,
        headers,
        body,
    })
}
