//! The generated registry and schema tables say what the contracts in `spec/` say.
//!
//! The contracts are read here independently of the generator (serde_norway, `$ref`s followed
//! by hand), and every operation (method, path template, parameters with their types, bounds,
//! enums and requiredness, body, success status and type) and every schema the tables hold
//! (properties, requiredness, nullability, types, enums, limits, union selectors and mappings)
//! is compared with the static data `cargo run -p codegen` wrote. A reading mistake of the
//! generator shows up here; the models are held to the tables by tests/decoding_agreement.rs,
//! the request bodies by tests/proptests.rs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use astro_platform_client::registry::{Api, OperationSpec, ResponseBody, Segment};
use astro_platform_client::schema::{Format, Object, Type, Union};
use serde_json::Value;

fn contract(file: &str) -> Value {
    let path = format!("{}/spec/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            doc,
            doc.pointer(r.strip_prefix('#').unwrap())
                .unwrap_or_else(|| panic!("no {r}")),
        ),
        None => schema,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

fn int(schema: &Value, key: &str) -> Option<i64> {
    schema
        .get(key)
        .map(|v| v.as_i64().unwrap_or_else(|| panic!("{key}: {v}")))
}

/// The model name of a schema (`x-model-name`, else its key).
fn model_name<'a>(doc: &'a Value, schema_ref: &'a str) -> &'a str {
    let key = schema_ref.rsplit('/').next().unwrap();
    doc.pointer(schema_ref.strip_prefix('#').unwrap())
        .and_then(|s| s.get("x-model-name"))
        .and_then(Value::as_str)
        .unwrap_or(key)
}

struct Checker<'a> {
    doc: &'a Value,
    seen: BTreeSet<&'static str>,
    compared: usize,
}

impl Checker<'_> {
    /// `ty` describes `schema` (at `at`), strictly: every property, bound and value.
    fn ty(&mut self, ty: &Type, schema: &Value, at: &str) {
        self.compared += 1;
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = model_name(self.doc, r);
            match ty {
                Type::Object(o) => assert_eq!(o.name, name, "{at}"),
                Type::Union(u) => assert_eq!(u.name, name, "{at}"),
                Type::Enum(e) => assert_eq!(e.name, name, "{at}"),
                other => panic!("{at}: a reference to {name} became {other:?}"),
            }
        }
        let schema = resolve(self.doc, schema);
        let kind = schema.get("type").and_then(Value::as_str);
        match ty {
            Type::String => {
                assert_eq!(kind, Some("string"), "{at}");
                for k in ["enum", "minLength", "maxLength"] {
                    assert!(schema.get(k).is_none(), "{at}: the contract has {k}");
                }
                assert_ne!(
                    schema.get("format").and_then(Value::as_str),
                    Some("date-time"),
                    "{at}"
                );
            }
            Type::Text(rules) => {
                assert_eq!(kind, Some("string"), "{at}");
                assert_eq!(
                    int(schema, "minLength").map(|n| n as u32),
                    rules.min_length,
                    "{at}: minLength"
                );
                assert_eq!(
                    int(schema, "maxLength").map(|n| n as u32),
                    rules.max_length,
                    "{at}: maxLength"
                );
                let date_time = schema.get("format").and_then(Value::as_str) == Some("date-time");
                assert_eq!(rules.format == Format::DateTime, date_time, "{at}: format");
            }
            Type::Integer(range) => {
                assert_eq!(kind, Some("integer"), "{at}");
                assert_eq!(int(schema, "minimum"), range.minimum, "{at}: minimum");
                assert_eq!(int(schema, "maximum"), range.maximum, "{at}: maximum");
            }
            Type::Number => assert_eq!(kind, Some("number"), "{at}"),
            Type::Boolean => assert_eq!(kind, Some("boolean"), "{at}"),
            Type::Enum(e) => {
                let theirs: BTreeSet<String> = strings(schema.get("enum")).into_iter().collect();
                let ours: BTreeSet<String> = e.values.iter().map(|v| v.to_string()).collect();
                assert_eq!(ours, theirs, "{at}: enum {}", e.name);
                let later: BTreeSet<String> =
                    strings(schema.get("x-later-values")).into_iter().collect();
                let known: BTreeSet<String> =
                    e.later_values.iter().map(|v| v.to_string()).collect();
                assert!(
                    later.is_subset(&known),
                    "{at}: later values {later:?} of {}",
                    e.name
                );
            }
            Type::Array(a) => {
                assert_eq!(kind, Some("array"), "{at}");
                assert_eq!(
                    int(schema, "minItems").unwrap_or(0) as u32,
                    a.min_items,
                    "{at}: minItems"
                );
                assert_eq!(
                    int(schema, "maxItems").map(|n| n as u32),
                    a.max_items,
                    "{at}: maxItems"
                );
                assert_eq!(
                    schema
                        .get("uniqueItems")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    a.unique,
                    "{at}: uniqueItems"
                );
                self.ty(&a.items, &schema["items"], &format!("{at}[]"));
            }
            Type::Map(values) => {
                assert_eq!(kind, Some("object"), "{at}");
                let ap = &schema["additionalProperties"];
                if ap.as_object().is_some_and(|m| !m.is_empty()) {
                    self.ty(values, ap, &format!("{at}{{}}"));
                } else {
                    assert_eq!(**values, Type::Any, "{at}: free-form map");
                }
            }
            Type::Any => assert!(
                kind.is_none() || schema.as_object().is_some_and(|m| m.is_empty()),
                "{at}: {schema}"
            ),
            Type::Object(o) => self.object(o, schema, None, at),
            Type::Union(u) => self.union(u, schema, at),
        }
    }

    fn object(&mut self, o: &'static Object, schema: &Value, selector: Option<&str>, at: &str) {
        if !self.seen.insert(o.name) {
            return;
        }
        let props = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{at}: no properties"));
        let ours: Vec<&str> = o.fields.iter().map(|f| f.name).collect();
        let mut theirs: Vec<&str> = props.keys().map(String::as_str).collect();
        // Wire order: alphabetical (byte order), a union variant's selector first.
        theirs.sort_unstable();
        if let Some(sel) = selector {
            theirs.retain(|n| *n != sel);
            theirs.insert(0, sel);
        }
        assert_eq!(ours, theirs, "{at} ({}): properties in wire order", o.name);
        let required: BTreeSet<String> = strings(schema.get("required")).into_iter().collect();
        for f in o.fields {
            let prop = &props[f.name];
            assert_eq!(
                f.required,
                required.contains(f.name),
                "{at}.{}: required",
                f.name
            );
            assert_eq!(
                f.nullable,
                prop.get("nullable")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                "{at}.{}: nullable",
                f.name
            );
            self.ty(&f.ty, prop, &format!("{}.{}", o.name, f.name));
        }
        let checks = schema
            .get("x-checks")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        assert_eq!(o.checks.len(), checks, "{at}: x-checks");
    }

    fn union(&mut self, u: &'static Union, schema: &Value, at: &str) {
        let disc = &schema["discriminator"];
        assert_eq!(disc["propertyName"], u.selector, "{at}: selector");
        let mapping = disc["mapping"].as_object().unwrap();
        let values: Vec<&str> = u.variants.iter().map(|v| v.value).collect();
        assert_eq!(
            values,
            mapping.keys().map(String::as_str).collect::<Vec<_>>(),
            "{at}: variants"
        );
        for v in u.variants {
            let target = mapping[v.value].as_str().unwrap();
            assert_eq!(
                v.object.name,
                model_name(self.doc, target),
                "{at}<{}>",
                v.value
            );
            let variant = self.doc.pointer(target.strip_prefix('#').unwrap()).unwrap();
            self.object(
                v.object,
                variant,
                Some(u.selector),
                &format!("{at}<{}>", v.value),
            );
        }
    }

    fn operation(&mut self, op: &'static OperationSpec, method: &str, path: &str, o: &Value) {
        let at = op.name;
        assert_eq!(op.method.as_str(), method.to_uppercase(), "{at}: method");
        assert_eq!(op.path_template(), path, "{at}: path");
        assert!(!op.summary.is_empty(), "{at}: summary");
        let params: Vec<&Value> = o["parameters"]
            .as_array()
            .map(|a| a.iter().map(|p| resolve(self.doc, p)).collect())
            .unwrap_or_default();
        let of = |loc: &str| {
            params
                .iter()
                .copied()
                .filter(|p| p["in"] == loc)
                .collect::<Vec<_>>()
        };
        let path_params: BTreeSet<&str> = of("path")
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let ours: BTreeSet<&str> = op
            .path
            .iter()
            .filter_map(|s| match s {
                Segment::Param(p) => Some(*p),
                Segment::Literal(_) => None,
            })
            .collect();
        assert_eq!(ours, path_params, "{at}: path parameters");
        for (loc, ours) in [("query", op.query), ("header", op.headers)] {
            let theirs = of(loc);
            let names: Vec<&str> = theirs.iter().map(|p| p["name"].as_str().unwrap()).collect();
            assert_eq!(
                ours.iter().map(|p| p.name).collect::<Vec<_>>(),
                names,
                "{at}: {loc} parameters, in order"
            );
            for (p, spec) in ours.iter().zip(&theirs) {
                assert_eq!(
                    p.required,
                    spec["required"].as_bool().unwrap_or(false),
                    "{at}?{}",
                    p.name
                );
                self.ty(&p.ty, &spec["schema"], &format!("{at}?{}", p.name));
            }
        }
        match (
            op.body,
            o.pointer("/requestBody/content/application~1json/schema"),
        ) {
            (Some(body), Some(schema)) => self.ty(&body.ty, schema, &format!("{at} body")),
            (None, None) => {}
            (ours, theirs) => panic!("{at}: body {ours:?} vs {theirs:?}"),
        }
        let responses = o["responses"].as_object().unwrap();
        let (status, response) = responses.iter().find(|(k, _)| k.starts_with('2')).unwrap();
        assert_eq!(
            op.success_status.to_string(),
            *status,
            "{at}: success status"
        );
        let response = resolve(self.doc, response);
        match (
            op.response,
            response.get("content").and_then(Value::as_object),
        ) {
            (ResponseBody::Empty, None) => {}
            (ResponseBody::Json(ty), Some(c)) => self.ty(
                &ty,
                &c["application/json"]["schema"],
                &format!("{at} response"),
            ),
            (ResponseBody::Binary { media_type }, Some(c)) => {
                assert!(c.contains_key(media_type), "{at}: {media_type}")
            }
            (ours, theirs) => panic!("{at}: response {ours:?} vs {theirs:?}"),
        }
    }
}

/// Compares `api` with the contract `file`; returns how many types were compared.
fn compare(api: &Api, file: &str) -> usize {
    compare_doc(api, &contract(file), file)
}

fn compare_doc(api: &Api, doc: &Value, file: &str) -> usize {
    let doc = doc.clone();
    let mut checker = Checker {
        doc: &doc,
        seen: BTreeSet::new(),
        compared: 0,
    };
    let mut names = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, o) in item.as_object().unwrap() {
            let id = o["operationId"].as_str().unwrap();
            let mut c = id.chars();
            let name = c.next().unwrap().to_ascii_lowercase().to_string() + c.as_str();
            let op = api
                .operation(&name)
                .unwrap_or_else(|| panic!("{file}: {name} is not in the registry"));
            checker.operation(op, method, path, o);
            names.push(name);
        }
    }
    // (serde_json's maps are sorted, so the contract's order is not visible here.)
    let mut registry: Vec<&str> = api.operations.iter().map(|op| op.name).collect();
    registry.sort_unstable();
    names.sort_unstable();
    assert_eq!(
        registry, names,
        "{file}: the registry holds the contract's operations"
    );
    assert_eq!(
        api.default_base_url,
        doc["servers"][0]["url"].as_str().unwrap()
    );
    checker.compared
}

#[cfg(feature = "v1beta1")]
#[test]
fn v1beta1_tables_match_the_contract() {
    let compared = compare(
        &astro_platform_client::v1beta1::API,
        "platform-v1beta1.yaml",
    );
    assert!(compared > 300, "{compared}");
    assert_eq!(astro_platform_client::v1beta1::API.api_version, None);
}

#[cfg(feature = "v1")]
#[test]
fn v1_tables_match_the_contract() {
    let compared = compare(&astro_platform_client::v1::API, "astro-v1.yaml");
    assert!(compared > 1000, "{compared}");
    assert_eq!(astro_platform_client::v1::API.operations.len(), 75);
    // The contract defines the X-API-Version header: v1.0 pins minor version 1.0.
    assert_eq!(astro_platform_client::v1::API.api_version, Some("1.0"));
}

/// The comparison is not vacuous: a contract that differs in one fact fails it.
#[cfg(feature = "v1beta1")]
#[test]
fn a_changed_fact_fails_the_comparison() {
    let api = &astro_platform_client::v1beta1::API;
    let base = contract("platform-v1beta1.yaml");
    let edits: [(&str, Value); 6] = [
        ("/components/schemas/CreateWorkspaceRequest/properties/name/maxLength", Value::from(51)),
        ("/components/schemas/Deployment/required/0", Value::from("webServerUrl")),
        ("/components/schemas/WorkerQueue/properties/minWorkerCount/type", Value::from("number")),
        ("/paths/~1organizations/get/parameters/2/schema/minimum", Value::from(1)),
        ("/components/schemas/CreateDeploymentRequest/discriminator/propertyName", Value::from("kind")),
        ("/paths/~1organizations~1{organizationId}~1workspaces~1{workspaceId}/delete/responses/204", Value::Null),
    ];
    for (pointer, value) in edits {
        let mut doc = base.clone();
        let target = doc
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}"));
        if value.is_null() {
            *target = serde_json::json!({"description": "moved"});
            let responses = doc.pointer_mut("/paths/~1organizations~1{organizationId}~1workspaces~1{workspaceId}/delete/responses").unwrap();
            let moved = responses.as_object_mut().unwrap().remove("204").unwrap();
            responses
                .as_object_mut()
                .unwrap()
                .insert("200".into(), moved);
        } else {
            *target = value;
        }
        let outcome = std::panic::catch_unwind(|| compare_doc(api, &doc, "edited"));
        assert!(outcome.is_err(), "an edit at {pointer} went unnoticed");
    }
}
