//! The contracts `spec/platform-v1beta1.yaml` and `spec/astro-v1.yaml`, embedded at compile time,
//! turned into routes and JSON Schema validators (OpenAPI 3.0 schemas converted to JSON Schema
//! 2020-12). The same machinery serves both versions; [`ApiVersion`] names the contract.
//!
//! Requests are validated against the spec, never against the client crate's types, so a client
//! bug shows up as a 400 here. Union bodies (`oneOf` + `discriminator`) are checked against the
//! variant their selector property names, never "exactly one of".

use serde_json::{json, Map, Value};

pub const SPEC_YAML: &str = include_str!("../../spec/platform-v1beta1.yaml");
pub const V1_SPEC_YAML: &str = include_str!("../../spec/astro-v1.yaml");

/// Where every v1beta1 API path lives.
pub const BASE_PATH: &str = "/platform/v1beta1";
/// Where every v1 API path lives.
pub const V1_BASE_PATH: &str = "/v1";

/// One served version of the API, each with its own contract and base path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    V1Beta1,
    V1,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 2] = [ApiVersion::V1Beta1, ApiVersion::V1];

    pub fn base_path(self) -> &'static str {
        match self {
            ApiVersion::V1Beta1 => BASE_PATH,
            ApiVersion::V1 => V1_BASE_PATH,
        }
    }

    pub fn contract(self) -> &'static str {
        match self {
            ApiVersion::V1Beta1 => SPEC_YAML,
            ApiVersion::V1 => V1_SPEC_YAML,
        }
    }

    /// `v1beta1` or `v1`.
    pub fn label(self) -> &'static str {
        match self {
            ApiVersion::V1Beta1 => "v1beta1",
            ApiVersion::V1 => "v1",
        }
    }

    /// The version whose base path starts `path`, if any.
    pub fn of_path(path: &str) -> Option<ApiVersion> {
        ApiVersion::ALL.into_iter().find(|v| {
            let base = v.base_path();
            path == base
                || path
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
}

#[derive(Debug, Clone)]
pub struct QueryParam {
    pub name: String,
    pub kind: ParamKind,
    pub item_kind: ParamKind,
    pub required: bool,
}

pub enum BodyCheck {
    /// The operation takes no body.
    None,
    Single {
        required: bool,
        validator: Box<jsonschema::Validator>,
    },
    /// A union chosen by `selector`.
    Union {
        required: bool,
        selector: String,
        variants: Vec<Variant>,
    },
}

/// One member of a union body: the selector value that picks it and its validator.
pub struct Variant {
    pub value: String,
    pub validator: jsonschema::Validator,
    /// Whether the variant's own schema requires the selector property. A body without the
    /// selector can only be one of the variants that do not.
    pub requires_selector: bool,
}

pub struct Operation {
    pub id: String,
    pub method: String,
    pub template: String,
    pub segments: Vec<Segment>,
    pub query_params: Vec<QueryParam>,
    pub query_validator: jsonschema::Validator,
    pub body: BodyCheck,
    /// The status codes the operation documents (its `responses` keys).
    pub statuses: Vec<u16>,
    /// The status classes it documents as ranges (`4XX` -> 4).
    pub ranges: Vec<u16>,
}

/// One problem found in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub rule: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: &str, rule: &str, message: impl Into<String>) -> Issue {
        Issue {
            path: path.to_string(),
            rule: rule.to_string(),
            message: message.into(),
        }
    }
}

/// Renders issues as one message: `name: maxLength: ...; type: required: ...`.
pub fn describe(what: &str, issues: &[Issue]) -> String {
    let parts: Vec<String> = issues
        .iter()
        .map(|i| {
            let path = if i.path.is_empty() {
                "(root)"
            } else {
                i.path.as_str()
            };
            format!("{path}: {}: {}", i.rule, i.message)
        })
        .collect();
    format!("Invalid {what}: {}", parts.join("; "))
}

/// A matched operation and its decoded path parameters.
pub type Routed<'a> = (&'a Operation, Vec<(String, String)>);

pub struct Spec {
    pub version: ApiVersion,
    pub operations: Vec<Operation>,
    doc: Value,
}

fn pointer_get<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    reference.strip_prefix('#').and_then(|p| doc.pointer(p))
}

/// Follows `$ref`s (any `#/...` pointer) until a non-reference object.
fn deref<'a>(doc: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                value =
                    pointer_get(doc, r).ok_or_else(|| format!("spec: unresolved reference {r}"))?
            }
            None => return Ok(value),
        }
    }
    Err("spec: reference chain too long".to_string())
}

/// Converts an OpenAPI 3.0 schema to JSON Schema 2020-12.
fn convert(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                match k.as_str() {
                    "$ref" => {
                        let r = v.as_str().unwrap_or_default();
                        let target = match r.strip_prefix("#/components/schemas/") {
                            Some(name) => format!("#/$defs/{name}"),
                            None => r.to_string(),
                        };
                        out.insert(k.clone(), Value::String(target));
                    }
                    // The contracts' rule between two fields (worker queues: maxWorkerCount >=
                    // minWorkerCount) becomes the custom keyword `notLess`.
                    "x-checks" => {
                        out.insert(NOT_LESS.to_string(), v.clone());
                    }
                    // Other extension keys (x-enum-name, x-later-values, x-model-name, ...)
                    // are for generators; JSON Schema ignores them.
                    _ if k.starts_with("x-") => {}
                    "nullable" | "discriminator" | "example" | "examples" | "xml"
                    | "externalDocs" | "deprecated" | "readOnly" | "writeOnly" | "description"
                    | "title" => {}
                    "exclusiveMinimum" | "exclusiveMaximum" if v.is_boolean() => {}
                    "properties" | "$defs" | "patternProperties" => {
                        let props = v
                            .as_object()
                            .map(|m| m.iter().map(|(pk, pv)| (pk.clone(), convert(pv))).collect())
                            .unwrap_or_default();
                        out.insert(k.clone(), Value::Object(props));
                    }
                    "enum" | "required" | "default" | "const" => {
                        out.insert(k.clone(), v.clone());
                    }
                    _ => {
                        out.insert(k.clone(), convert(v));
                    }
                }
            }
            // OpenAPI 3.0 exclusive bounds are booleans next to minimum/maximum.
            for (flag, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if map.get(flag) == Some(&Value::Bool(true)) {
                    if let Some(b) = out.remove(bound) {
                        out.insert(flag.to_string(), b);
                    }
                }
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) => {
                        out.insert("type".into(), json!([t, "null"]));
                    }
                    Some(_) => {}
                    None => {
                        if let Some(Value::Array(e)) = out.get_mut("enum") {
                            e.push(Value::Null);
                        }
                    }
                }
                if let Some(Value::Array(e)) = out.get_mut("enum") {
                    if !e.contains(&Value::Null) {
                        e.push(Value::Null);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

/// Adds `additionalProperties: false` to every object schema with `properties` that does not
/// say otherwise (request bodies only).
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if map.contains_key("properties")
                && !map.contains_key("additionalProperties")
                && !map.contains_key("allOf")
            {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

fn param_kind(schema: &Value) -> ParamKind {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => ParamKind::Integer,
        Some("number") => ParamKind::Number,
        Some("boolean") => ParamKind::Boolean,
        Some("array") => ParamKind::Array,
        _ => ParamKind::String,
    }
}

impl Spec {
    /// Parses the embedded v1beta1 contract and compiles every validator.
    pub fn load() -> Result<Spec, String> {
        Spec::load_version(ApiVersion::V1Beta1)
    }

    /// Parses the embedded contract of `version` and compiles every validator.
    pub fn load_version(version: ApiVersion) -> Result<Spec, String> {
        Spec::from_yaml_for(version.contract(), version)
    }

    pub fn from_yaml(text: &str) -> Result<Spec, String> {
        Spec::from_yaml_for(text, ApiVersion::V1Beta1)
    }

    pub fn from_yaml_for(text: &str, version: ApiVersion) -> Result<Spec, String> {
        let doc: Value =
            serde_yaml::from_str(text).map_err(|e| format!("spec: not valid YAML: {e}"))?;
        let defs: Map<String, Value> = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
            .unwrap_or_default();
        let defs = Value::Object(defs);
        // Request bodies reject unknown fields even where the spec leaves it open.
        let strict_defs = strict(&defs);
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("spec: no paths")?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            let item = deref(&doc, item)?;
            let shared_params: Vec<Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(op) = item.get(method) else { continue };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("spec: {method} {template} has no operationId"))?
                    .to_string();
                let mut params = shared_params.clone();
                params.extend(
                    op.get("parameters")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default(),
                );
                let mut query_params = Vec::new();
                let mut props = Map::new();
                let mut required = Vec::new();
                for p in &params {
                    let p = deref(&doc, p)?;
                    if p.get("in").and_then(Value::as_str) != Some("query") {
                        continue;
                    }
                    let name = p
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    let schema = deref(&doc, p.get("schema").unwrap_or(&Value::Null))?;
                    let kind = param_kind(schema);
                    let item_kind = schema
                        .get("items")
                        .map(|i| deref(&doc, i).map(param_kind))
                        .transpose()?
                        .unwrap_or(ParamKind::String);
                    let req = p.get("required").and_then(Value::as_bool).unwrap_or(false);
                    if req {
                        required.push(Value::String(name.clone()));
                    }
                    props.insert(name.clone(), convert(p.get("schema").unwrap_or(&json!({}))));
                    query_params.push(QueryParam {
                        name,
                        kind,
                        item_kind,
                        required: req,
                    });
                }
                let query_schema = json!({
                    "type": "object",
                    "properties": props,
                    "required": required,
                    "additionalProperties": false,
                    "$defs": defs,
                });
                let query_validator = compile(&query_schema, &format!("{id} query"))?;
                let body = match op.get("requestBody") {
                    None => BodyCheck::None,
                    Some(rb) => {
                        let rb = deref(&doc, rb)?;
                        let required = rb.get("required").and_then(Value::as_bool).unwrap_or(false);
                        let raw =
                            rb.pointer("/content/application~1json/schema")
                                .ok_or_else(|| {
                                    format!("spec: {id} body has no application/json schema")
                                })?;
                        body_check(&doc, &strict_defs, raw, required, &id)?
                    }
                };
                let relative = template
                    .strip_prefix(version.base_path())
                    .unwrap_or(template);
                let segments = relative
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(
                        |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => Segment::Param(name.to_string()),
                            None => Segment::Literal(s.to_string()),
                        },
                    )
                    .collect();
                let statuses = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|r| r.keys().filter_map(|k| k.parse::<u16>().ok()).collect())
                    .unwrap_or_default();
                let ranges = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|r| {
                        r.keys()
                            .filter_map(|k| {
                                k.strip_suffix("XX").and_then(|d| d.parse::<u16>().ok())
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                operations.push(Operation {
                    id,
                    method: method.to_ascii_uppercase(),
                    template: relative.to_string(),
                    segments,
                    query_params,
                    query_validator,
                    body,
                    statuses,
                    ranges,
                });
            }
        }
        Ok(Spec {
            version,
            operations,
            doc,
        })
    }

    /// A validator for the body of `operation_id`'s response with `status` (for self-checks).
    pub fn response_validator(
        &self,
        operation_id: &str,
        status: u16,
    ) -> Result<Option<jsonschema::Validator>, String> {
        let paths = self
            .doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("spec: no paths")?;
        for item in paths.values() {
            let item = deref(&self.doc, item)?;
            for method in ["get", "post", "put", "patch", "delete"] {
                let Some(op) = item.get(method) else { continue };
                if op.get("operationId").and_then(Value::as_str) != Some(operation_id) {
                    continue;
                }
                let responses = op.get("responses").ok_or("spec: no responses")?;
                let range = format!("{}XX", status / 100);
                let Some(resp) = responses
                    .get(status.to_string())
                    .or_else(|| responses.get(range.as_str()))
                    .or_else(|| responses.get("default"))
                else {
                    return Err(format!(
                        "spec: {operation_id} documents no {status} response"
                    ));
                };
                let resp = deref(&self.doc, resp)?;
                let Some(schema) = resp.pointer("/content/application~1json/schema") else {
                    return Ok(None);
                };
                let defs: Map<String, Value> = self
                    .doc
                    .pointer("/components/schemas")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
                    .unwrap_or_default();
                let root = with_defs(convert(schema), &Value::Object(defs));
                return compile(&root, &format!("{operation_id} {status} response")).map(Some);
            }
        }
        Err(format!("spec: no operation {operation_id}"))
    }

    /// Finds the operation for `method` and a path relative to [`BASE_PATH`] (segments already
    /// percent-decoded). `Err(methods)`: no operation for this method; `methods` lists the ones
    /// the path has (the `Allow` header of a 405), empty when the path does not exist (404).
    pub fn route<'a>(
        &'a self,
        method: &str,
        segments: &[String],
    ) -> Result<Routed<'a>, Vec<&'a str>> {
        let mut allowed: Vec<&'a str> = Vec::new();
        for op in &self.operations {
            if op.segments.len() != segments.len() {
                continue;
            }
            let mut params = Vec::new();
            let matched = op
                .segments
                .iter()
                .zip(segments)
                .all(|(pat, seg)| match pat {
                    Segment::Literal(l) => l == seg,
                    Segment::Param(name) => {
                        params.push((name.clone(), seg.clone()));
                        true
                    }
                });
            if !matched {
                continue;
            }
            if op.method.eq_ignore_ascii_case(method) {
                return Ok((op, params));
            }
            if !allowed.iter().any(|m| m.eq_ignore_ascii_case(&op.method)) {
                allowed.push(op.method.as_str());
            }
        }
        Err(allowed)
    }

    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// Enum values the spec allows for `Schema.property` (used by self-checks in tests).
    pub fn enum_values(&self, schema: &str, property: &str) -> Vec<String> {
        self.doc
            .pointer(&format!(
                "/components/schemas/{schema}/properties/{property}/enum"
            ))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn with_defs(schema: Value, defs: &Value) -> Value {
    match schema {
        Value::Object(mut m) => {
            m.insert("$defs".to_string(), defs.clone());
            Value::Object(m)
        }
        other => json!({ "allOf": [other], "$defs": defs }),
    }
}

/// Whether the schema `reference` points at lists `property` as required.
fn requires(doc: &Value, reference: &Value, property: &str) -> Result<bool, String> {
    Ok(deref(doc, reference)?
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|p| p.as_str() == Some(property))))
}

/// The custom keyword carrying the contracts' `x-checks`: a list of `{notLess: A, than: B}`,
/// each meaning "integer field A must not be less than integer field B" when both are present.
pub const NOT_LESS: &str = "notLess";

struct NotLess {
    pairs: Vec<(String, String)>,
}

impl NotLess {
    /// The first broken pair, as `field: detail`.
    fn broken(&self, instance: &Value) -> Option<String> {
        let obj = instance.as_object()?;
        self.pairs.iter().find_map(|(big, small)| {
            let (a, b) = (obj.get(big)?.as_i64()?, obj.get(small)?.as_i64()?);
            (a < b).then(|| format!("{big}: {a} is less than {small} ({b})"))
        })
    }
}

impl<'i> jsonschema::Keyword<'i> for NotLess {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        match self.broken(instance) {
            Some(message) => Err(jsonschema::ValidationError::custom(message)),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.broken(instance).is_none()
    }
}

fn not_less_factory<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>> {
    let pairs = value
        .as_array()
        .map(|checks| {
            checks
                .iter()
                .filter_map(|c| {
                    let big = c.get("notLess")?.as_str()?.to_string();
                    let small = c.get("than")?.as_str()?.to_string();
                    Some((big, small))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Box::new(NotLess { pairs }))
}

fn compile(schema: &Value, what: &str) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(false)
        .with_keyword(NOT_LESS, not_less_factory)
        .build(schema)
        .map_err(|e| format!("spec: cannot compile the {what} schema: {e}"))
}

fn body_check(
    doc: &Value,
    defs: &Value,
    raw: &Value,
    required: bool,
    id: &str,
) -> Result<BodyCheck, String> {
    let resolved = deref(doc, raw)?;
    if let Some(variants) = resolved.get("oneOf").and_then(Value::as_array) {
        let mapping = resolved
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object);
        let declared = resolved
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str);
        let (selector, out) = match (declared, mapping) {
            (Some(selector), Some(mapping)) => {
                let mut out = Vec::new();
                for (value, target) in mapping {
                    let target = json!({ "$ref": target.as_str().unwrap_or_default() });
                    let schema = with_defs(convert(&target), defs);
                    out.push(Variant {
                        value: value.clone(),
                        validator: compile(&schema, &format!("{id} {value} body"))?,
                        requires_selector: requires(doc, &target, selector)?,
                    });
                }
                (selector.to_string(), out)
            }
            _ => {
                // No mapping: the selector is the declared property, else the one the reference
                // names for this body, else any enum property all variants share. Each of its
                // values goes to the variant whose name contains it (CreateAwsClusterRequest: AWS).
                let mut candidates: Vec<String> = Vec::new();
                if let Some(d) = declared {
                    candidates.push(d.to_string());
                }
                candidates.push(
                    if id.to_ascii_lowercase().contains("cluster") {
                        "cloudProvider"
                    } else {
                        "type"
                    }
                    .to_string(),
                );
                if let Some(first) = variants.first() {
                    if let Some(props) = deref(doc, first)?
                        .get("properties")
                        .and_then(Value::as_object)
                    {
                        candidates.extend(
                            props
                                .iter()
                                .filter(|(_, v)| v.get("enum").is_some())
                                .map(|(k, _)| k.clone()),
                        );
                    }
                }
                let mut chosen = None;
                for selector in candidates {
                    let mut out = Vec::new();
                    let mut covered = 0;
                    for v in variants {
                        let target = v.get("$ref").and_then(Value::as_str).unwrap_or_default();
                        let name = target
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_ascii_lowercase();
                        let values: Vec<String> = deref(doc, v)?
                            .pointer(&format!("/properties/{selector}/enum"))
                            .and_then(Value::as_array)
                            .map(|a| {
                                a.iter()
                                    .filter_map(|x| x.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        let mut hit = false;
                        for value in values {
                            if name.contains(&value.to_ascii_lowercase()) {
                                let schema = with_defs(strict(&convert(v)), defs);
                                out.push(Variant {
                                    value: value.clone(),
                                    validator: compile(&schema, &format!("{id} {value} body"))?,
                                    requires_selector: requires(doc, v, &selector)?,
                                });
                                hit = true;
                            }
                        }
                        covered += usize::from(hit);
                    }
                    if covered == variants.len() && !out.is_empty() {
                        chosen = Some((selector, out));
                        break;
                    }
                }
                chosen.unwrap_or_default()
            }
        };
        if out.is_empty() {
            return Err(format!(
                "spec: {id}: cannot tell the union's variants apart"
            ));
        }
        return Ok(BodyCheck::Union {
            required,
            selector,
            variants: out,
        });
    }
    let schema = with_defs(strict(&convert(raw)), defs);
    Ok(BodyCheck::Single {
        required,
        validator: Box::new(compile(&schema, &format!("{id} body"))?),
    })
}

/// `/workerQueues/0/name` -> `workerQueues[0].name`.
pub fn pointer_to_path(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

fn join_path(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// Every issue the validator finds in `instance`, named by field path and rule.
pub fn issues(validator: &jsonschema::Validator, instance: &Value) -> Vec<Issue> {
    use jsonschema::error::ValidationErrorKind as K;
    let mut out = Vec::new();
    for err in validator.iter_errors(instance) {
        let base = pointer_to_path(err.instance_path().as_str());
        match err.kind() {
            K::AdditionalProperties { unexpected } => {
                for name in unexpected {
                    out.push(Issue::new(
                        &join_path(&base, name),
                        "unknownField",
                        "is not a known field of this object",
                    ));
                }
            }
            K::Required { property } => {
                let name = property
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| property.to_string());
                out.push(Issue::new(
                    &join_path(&base, &name),
                    "required",
                    "is required",
                ));
            }
            K::Custom { keyword, message } if keyword == NOT_LESS => {
                let (field, detail) = message.split_once(": ").unwrap_or(("", message));
                out.push(Issue::new(&join_path(&base, field), NOT_LESS, detail));
            }
            K::Type { .. } => out.push(Issue::new(&base, "type", err.to_string())),
            K::Enum { .. } => out.push(Issue::new(&base, "enum", err.to_string())),
            other => out.push(Issue::new(&base, other.keyword(), err.to_string())),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.rule.cmp(&b.rule)));
    out.dedup();
    out
}

/// Validates a request body for `op`. `body` is `None` when the request had no body.
pub fn check_body(op: &Operation, body: Option<&Value>) -> Result<(), Vec<Issue>> {
    check_body_with(op, body, None).map(|_| ())
}

/// Validates a request body for `op`. `body` is `None` when the request had no body.
/// `inferred` is the server's choice of union variant for a body without its selector, used
/// when more than one variant allows the selector to be absent (v1 `createDeployment`).
/// `Ok(Some(value))`: the selector was absent and the body was checked as variant `value`.
pub fn check_body_with(
    op: &Operation,
    body: Option<&Value>,
    inferred: Option<&str>,
) -> Result<Option<String>, Vec<Issue>> {
    let found = match (&op.body, body) {
        (BodyCheck::None, _) => return Ok(None),
        (BodyCheck::Single { required, .. } | BodyCheck::Union { required, .. }, None) => {
            if *required {
                vec![Issue::new(
                    "",
                    "required",
                    "a JSON request body is required",
                )]
            } else {
                Vec::new()
            }
        }
        (BodyCheck::Single { validator, .. }, Some(v)) => issues(validator, v),
        (
            BodyCheck::Union {
                selector, variants, ..
            },
            Some(v),
        ) => {
            let Some(obj) = v.as_object() else {
                let issue = Issue::new("", "type", format!("{v} is not of type \"object\""));
                return Err(vec![issue]);
            };
            let allowed: Vec<&str> = variants.iter().map(|x| x.value.as_str()).collect();
            let (variant, chosen) = match obj.get(selector.as_str()) {
                Some(sel) => {
                    let Some(variant) = variants
                        .iter()
                        .find(|x| Some(x.value.as_str()) == sel.as_str())
                    else {
                        let detail = format!(
                            "{sel} is not one of {}; it selects the body variant",
                            allowed.join(", ")
                        );
                        return Err(vec![Issue::new(selector, "enum", detail)]);
                    };
                    (variant, None)
                }
                None => {
                    let open: Vec<&Variant> =
                        variants.iter().filter(|x| !x.requires_selector).collect();
                    let pick = match open.as_slice() {
                        [only] => Some(*only),
                        [] => None,
                        several => inferred
                            .and_then(|want| several.iter().copied().find(|x| x.value == want)),
                    };
                    let Some(variant) = pick else {
                        let detail = format!(
                            "is required: it selects the body variant ({})",
                            allowed.join(", ")
                        );
                        return Err(vec![Issue::new(selector, "required", detail)]);
                    };
                    (variant, Some(variant.value.clone()))
                }
            };
            let found = issues(&variant.validator, v);
            if found.is_empty() {
                return Ok(chosen);
            }
            found
        }
    };
    if found.is_empty() {
        Ok(None)
    } else {
        Err(found)
    }
}

/// Builds the JSON object the query validator checks from decoded `(name, value)` pairs.
/// Array parameters collect repeated keys; numbers and booleans are parsed (kept as text if
/// they do not parse, so the validator reports a type error).
pub fn query_object(op: &Operation, pairs: &[(String, String)]) -> Value {
    let mut obj = Map::new();
    for (name, raw) in pairs {
        let param = op.query_params.iter().find(|p| &p.name == name);
        let kind = param.map(|p| p.kind).unwrap_or(ParamKind::String);
        let scalar = |k: ParamKind, raw: &str| -> Value {
            match k {
                ParamKind::Integer => raw
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(raw.to_string())),
                ParamKind::Number => raw
                    .parse::<f64>()
                    .ok()
                    .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                    .unwrap_or_else(|| Value::String(raw.to_string())),
                ParamKind::Boolean => match raw {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(raw.to_string()),
                },
                _ => Value::String(raw.to_string()),
            }
        };
        if kind == ParamKind::Array {
            let item = scalar(param.map(|p| p.item_kind).unwrap_or(ParamKind::String), raw);
            match obj.get_mut(name) {
                Some(Value::Array(a)) => a.push(item),
                _ => {
                    obj.insert(name.clone(), Value::Array(vec![item]));
                }
            }
        } else if obj.contains_key(name) {
            // A scalar given twice: keep both so the validator reports a type error.
            let prev = obj.remove(name).unwrap_or(Value::Null);
            obj.insert(name.clone(), json!([prev, scalar(kind, raw)]));
        } else {
            obj.insert(name.clone(), scalar(kind, raw));
        }
    }
    Value::Object(obj)
}

#[cfg(test)]
#[allow(clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const MINI: &str = r#"
openapi: 3.0.3
info: {title: t, version: v}
paths:
  /organizations/{organizationId}/things:
    get:
      operationId: listThings
      parameters:
        - {name: organizationId, in: path, required: true, schema: {type: string}}
        - {$ref: '#/components/parameters/Limit'}
        - {name: tags, in: query, schema: {type: array, items: {type: string, enum: [a, b]}}}
        - {name: flag, in: query, schema: {type: boolean}}
      responses:
        '200': {description: ok}
    post:
      operationId: createThing
      parameters:
        - {name: organizationId, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateThing'}
      responses:
        '200': {description: ok}
  /organizations/{organizationId}/shapes:
    post:
      operationId: createShape
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shape'}
      responses:
        '200': {description: ok}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, minimum: 0, maximum: 10, exclusiveMaximum: true}}
  schemas:
    CreateThing:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 3}
        note: {type: string, nullable: true}
        inner: {$ref: '#/components/schemas/Inner'}
    Inner:
      type: object
      properties:
        n: {type: integer, minimum: 1}
    Shape:
      oneOf:
        - $ref: '#/components/schemas/CircleShape'
        - $ref: '#/components/schemas/SquareShape'
    CircleShape:
      type: object
      required: [kind, r]
      properties:
        kind: {type: string, enum: [CIRCLE, SQUARE]}
        r: {type: integer}
    SquareShape:
      type: object
      required: [kind, side]
      properties:
        kind: {type: string, enum: [CIRCLE, SQUARE]}
        side: {type: integer}
"#;

    fn rules(found: &[Issue]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|i| (i.path.clone(), i.rule.clone()))
            .collect()
    }

    #[test]
    fn converts_openapi_and_validates_queries_and_bodies() {
        let spec = Spec::from_yaml(MINI);
        assert!(spec.is_ok(), "{:?}", spec.err());
        let Ok(spec) = spec else { return };
        let segs: Vec<String> = ["organizations", "o1", "things"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let Ok((op, params)) = spec.route("GET", &segs) else {
            panic!("no route")
        };
        assert_eq!(op.id, "listThings");
        assert_eq!(
            params,
            vec![("organizationId".to_string(), "o1".to_string())]
        );
        assert_eq!(spec.route("PUT", &segs).err(), Some(vec!["GET", "POST"]));
        assert_eq!(spec.route("GET", &segs[..2]).err(), Some(vec![]));
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let q = query_object(
            op,
            &pairs(&[
                ("limit", "9"),
                ("tags", "a"),
                ("tags", "b"),
                ("flag", "true"),
            ]),
        );
        assert_eq!(q, json!({"limit": 9, "tags": ["a", "b"], "flag": true}));
        assert!(issues(&op.query_validator, &q).is_empty());
        // exclusiveMaximum: true (OpenAPI 3.0) becomes a numeric bound.
        let q = query_object(
            op,
            &pairs(&[
                ("limit", "10"),
                ("tags", "c"),
                ("flag", "yes"),
                ("other", "1"),
            ]),
        );
        let found = rules(&issues(&op.query_validator, &q));
        for want in [
            ("limit", "exclusiveMaximum"),
            ("tags[0]", "enum"),
            ("flag", "type"),
            ("other", "unknownField"),
        ] {
            assert!(
                found.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} not in {found:?}"
            );
        }

        let Ok((create, _)) = spec.route("POST", &segs) else {
            panic!("no route")
        };
        assert!(check_body(
            create,
            Some(&json!({"name": "abc", "note": null, "inner": {"n": 1}}))
        )
        .is_ok());
        let Err(found) = check_body(
            create,
            Some(&json!({"name": "abcd", "inner": {"n": 0, "x": 1}, "typo": 1})),
        ) else {
            panic!("should fail");
        };
        let found = rules(&found);
        for want in [
            ("name", "maxLength"),
            ("inner.n", "minimum"),
            ("inner.x", "unknownField"),
            ("typo", "unknownField"),
        ] {
            assert!(
                found.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} not in {found:?}"
            );
        }
        assert_eq!(
            check_body(create, None).map_err(|e| rules(&e)),
            Err(vec![(String::new(), "required".to_string())])
        );
    }

    #[test]
    fn unions_dispatch_on_the_selector_without_a_discriminator() {
        let Ok(spec) = Spec::from_yaml(MINI) else {
            panic!("spec")
        };
        let Some(op) = spec.operation("createShape") else {
            panic!("op")
        };
        assert!(check_body(op, Some(&json!({"kind": "CIRCLE", "r": 2}))).is_ok());
        // Valid for SQUARE but the selector says CIRCLE: the CIRCLE rules apply.
        let found =
            check_body(op, Some(&json!({"kind": "CIRCLE", "side": 2}))).map_err(|e| rules(&e));
        assert_eq!(
            found,
            Err(vec![
                ("r".into(), "required".into()),
                ("side".into(), "unknownField".into())
            ])
        );
        let found = check_body(op, Some(&json!({"side": 2}))).map_err(|e| rules(&e));
        assert_eq!(found, Err(vec![("kind".into(), "required".into())]));
        let found = check_body(op, Some(&json!({"kind": "HEXAGON"}))).map_err(|e| rules(&e));
        assert_eq!(found, Err(vec![("kind".into(), "enum".into())]));
        let found = check_body(op, Some(&json!([1]))).map_err(|e| rules(&e));
        assert_eq!(found, Err(vec![(String::new(), "type".into())]));
    }

    #[test]
    fn pointers_become_paths() {
        assert_eq!(
            pointer_to_path("/workerQueues/0/astroMachine"),
            "workerQueues[0].astroMachine"
        );
        assert_eq!(pointer_to_path(""), "");
        assert_eq!(pointer_to_path("/a~1b/c~0d"), "a/b.c~d");
    }

    #[test]
    fn the_contract_loads() {
        let spec = Spec::load();
        assert!(spec.is_ok(), "{:?}", spec.err());
        assert_eq!(spec.map(|s| s.operations.len()).unwrap_or(0), 20);
        let v1 = Spec::load_version(ApiVersion::V1);
        assert!(v1.is_ok(), "{:?}", v1.err());
        let Ok(v1) = v1 else { return };
        assert_eq!(v1.operations.len(), 75);
        // One path template, two parameter names (roleId for GET, customRoleId otherwise).
        let segs: Vec<String> = ["organizations", "o1", "roles", "r1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let Ok((get, params)) = v1.route("GET", &segs) else {
            panic!("no GET route")
        };
        assert_eq!(
            (get.id.as_str(), params.get(1).map(|p| p.0.as_str())),
            ("getCustomRole", Some("roleId"))
        );
        let Ok((del, params)) = v1.route("DELETE", &segs) else {
            panic!("no DELETE route")
        };
        assert_eq!(
            (del.id.as_str(), params.get(1).map(|p| p.0.as_str())),
            ("deleteCustomRole", Some("customRoleId"))
        );
    }

    #[test]
    fn x_keys_are_stripped_and_x_checks_enforced() {
        let Ok(spec) = Spec::load() else {
            panic!("spec")
        };
        let Some(op) = spec.operation("createDeployment") else {
            panic!("op")
        };
        let mut body = json!({
            "type": "DEDICATED", "name": "n", "workspaceId": "w", "clusterId": "c", "astroRuntimeVersion": "9.5.0",
            "executor": "CELERY", "isCicdEnforced": false, "isDagDeployEnabled": true, "isHighAvailability": false,
            "schedulerSize": "SMALL", "defaultTaskPodCpu": "0.5", "defaultTaskPodMemory": "1Gi",
            "resourceQuotaCpu": "10", "resourceQuotaMemory": "20Gi",
            "workerQueues": [{"name": "default", "isDefault": true, "astroMachine": "A10", "minWorkerCount": 1,
                "maxWorkerCount": 3, "workerConcurrency": 8}],
        });
        assert!(check_body(op, Some(&body)).is_ok());
        body["workerQueues"][0]["minWorkerCount"] = json!(5);
        let found = check_body(op, Some(&body)).map_err(|e| rules(&e));
        assert_eq!(
            found,
            Err(vec![(
                "workerQueues[0].maxWorkerCount".into(),
                NOT_LESS.into()
            )])
        );
        let converted = convert(
            &json!({"type": "string", "x-enum-name": "E", "x-later-values": ["B"], "enum": ["A"]}),
        );
        assert_eq!(converted, json!({"type": "string", "enum": ["A"]}));
    }

    #[test]
    fn optional_selectors_fall_back_to_the_variant_that_allows_it() {
        let Ok(v1) = Spec::load_version(ApiVersion::V1) else {
            panic!("spec")
        };
        let Some(update) = v1.operation("updateCluster") else {
            panic!("op")
        };
        let body = json!({"name": "n", "k8sTags": []});
        assert_eq!(
            check_body_with(update, Some(&body), None),
            Ok(Some("DEDICATED".to_string()))
        );
        let Some(create) = v1.operation("createDeployment") else {
            panic!("op")
        };
        let body = json!({"name": "n", "workspaceId": "w"});
        let found = check_body_with(create, Some(&body), None).map_err(|e| rules(&e));
        assert_eq!(found, Err(vec![("type".into(), "required".into())]));
        assert_eq!(
            check_body_with(create, Some(&body), Some("STANDARD")),
            Ok(Some("STANDARD".to_string()))
        );
    }
}
