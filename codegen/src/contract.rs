//! Reads one OpenAPI 3.0 contract (`spec/*.yaml`) into the generator's model of an API: its
//! operations, object schemas, unions and enums, with every `$ref` resolved and every inline
//! enum named. Anything the runtime could not express is an error naming its place in the
//! contract, never a silent guess.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use crate::names::{pascal, union_label};

type Res<T> = Result<T, String>;

/// One API version.
#[derive(Debug)]
pub struct Api {
    /// The module name (`v1beta1`, `v1`): the last segment of the server URL.
    pub module: String,
    /// The contract's path, relative to the repository root.
    pub source: String,
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// The minor version pinned with `X-API-Version` (when the contract defines that header).
    pub api_version: Option<String>,
    pub ops: Vec<Op>,
    pub objects: BTreeMap<String, ObjectDef>,
    pub unions: BTreeMap<String, UnionDef>,
    pub enums: BTreeMap<String, EnumDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct ParamDef {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub ty: Ty,
    pub description: String,
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Op {
    /// camelCase operation id.
    pub id: String,
    pub summary: String,
    pub description: String,
    pub method: String,
    pub path: String,
    pub params: Vec<ParamDef>,
    pub body: Option<Ty>,
    pub body_description: String,
    pub success: u16,
    pub response: Resp,
    /// The JSON bodies of the documented error responses.
    pub error_bodies: Vec<Ty>,
    /// The items field of an offset-paginated list.
    pub list_items: Option<String>,
}

impl Op {
    pub fn pascal(&self) -> String {
        pascal(&self.id)
    }
    pub fn query_params(&self) -> impl Iterator<Item = &ParamDef> {
        self.params.iter().filter(|p| p.location == Location::Query)
    }
    pub fn header_params(&self) -> impl Iterator<Item = &ParamDef> {
        self.params
            .iter()
            .filter(|p| p.location == Location::Header)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resp {
    Empty,
    Json(Ty),
    Binary(String),
}

/// A type as the runtime tables describe it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    Text {
        min: Option<u64>,
        max: Option<u64>,
        date_time: bool,
    },
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Number,
    Boolean,
    Enum(String),
    Array {
        items: Box<Ty>,
        min: u64,
        max: Option<u64>,
        unique: bool,
    },
    Object(String),
    Union(String),
    Map(Box<Ty>),
    Any,
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// `x-secret`: the value is never shown.
    pub secret: bool,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct ObjectDef {
    pub name: String,
    pub description: String,
    /// Wire order: alphabetical (byte order), except that a union variant's selector is first.
    pub fields: Vec<FieldDef>,
    /// `(field, than)`: integer `field` must not be less than integer `than`.
    pub not_less: Vec<(String, String)>,
    pub in_request: bool,
    pub in_response: bool,
}

#[derive(Debug, Clone)]
pub struct UnionDef {
    pub name: String,
    pub description: String,
    pub label: String,
    pub selector: String,
    /// `(selector value, variant object)`, in mapping order.
    pub variants: Vec<(String, String)>,
    pub in_request: bool,
    pub in_response: bool,
}

#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub values: Vec<String>,
    /// Values servers added after the contract's date (`x-later-values`): responses know them.
    pub later: Vec<String>,
    pub description: String,
    pub in_request: bool,
    pub in_response: bool,
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

fn text(v: &Value, key: &str) -> String {
    get(v, key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

fn flag(v: &Value, key: &str) -> bool {
    get(v, key).and_then(Value::as_bool).unwrap_or(false)
}

fn int(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(Value::as_i64)
}

fn uint(v: &Value, key: &str, at: &str) -> Res<Option<u64>> {
    match get(v, key) {
        None => Ok(None),
        Some(x) => x
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("{at}: {key} must be a non-negative integer")),
    }
}

fn mapping<'a>(v: &'a Value, at: &str) -> Res<&'a Mapping> {
    v.as_mapping()
        .ok_or_else(|| format!("{at}: expected a mapping"))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The generated type's name: the schema's key, or its `x-model-name` (for a key that would
/// clash with a TypeScript global such as `Error`).
fn model_name(schema: &Value, key: &str) -> String {
    get(schema, "x-model-name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| key.to_owned())
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let a: BTreeSet<&String> = a.iter().collect();
    let b: BTreeSet<&String> = b.iter().collect();
    a == b
}

/// Where an inline enum sits: names it when the contract gives no `x-enum-name`.
struct Owner<'a> {
    /// `Deployment` (a schema) or `ListDeployments` (an operation's parameter).
    name: &'a str,
    /// The property or parameter name.
    prop: &'a str,
}

struct Reader<'a> {
    doc: &'a Value,
    source: String,
    enums: BTreeMap<String, EnumDef>,
    objects: BTreeMap<String, ObjectDef>,
    unions: BTreeMap<String, UnionDef>,
    pending: Vec<String>,
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Reader<'a> {
    fn resolve<'b>(&self, v: &'b Value, at: &str) -> Res<&'b Value>
    where
        'a: 'b,
    {
        let mut cur = v;
        for _ in 0..16 {
            match get(cur, "$ref").and_then(Value::as_str) {
                None => return Ok(cur),
                Some(r) => {
                    let pointer = r.strip_prefix("#/").ok_or_else(|| {
                        format!("{at}: only local references are supported ({r})")
                    })?;
                    let mut node = self.doc;
                    for part in pointer.split('/') {
                        node = get(node, part)
                            .ok_or_else(|| format!("{at}: unresolved reference {r}"))?;
                    }
                    cur = node;
                }
            }
        }
        Err(format!("{at}: reference chain too long"))
    }

    fn schema(&self, name: &str) -> Res<&'a Value> {
        get(self.doc, "components")
            .and_then(|c| get(c, "schemas"))
            .and_then(|s| get(s, name))
            .ok_or_else(|| format!("{}: no schema {name}", self.source))
    }

    fn enum_type(&mut self, schema: &Value, owner: &Owner, at: &str) -> Res<Ty> {
        let values = strings(get(schema, "enum"));
        if values.is_empty() {
            return Err(format!("{at}: empty enum"));
        }
        let name = match get(schema, "x-enum-name").and_then(Value::as_str) {
            Some(n) => n.to_owned(),
            None => format!("{}{}", pascal(owner.name), pascal(owner.prop)),
        };
        let later = strings(get(schema, "x-later-values"));
        match self.enums.get_mut(&name) {
            Some(existing) if !same_set(&existing.values, &values) => {
                return Err(format!(
                    "{at}: enum name {name} is used for two value sets ({:?} and {values:?}): give one an x-enum-name",
                    existing.values
                ))
            }
            Some(existing) => {
                for v in later {
                    if !existing.later.contains(&v) {
                        existing.later.push(v);
                    }
                }
            }
            None => {
                self.enums.insert(
                    name.clone(),
                    EnumDef {
                        name: name.clone(),
                        values,
                        later,
                        description: text(schema, "description"),
                        in_request: false,
                        in_response: false,
                    },
                );
            }
        }
        Ok(Ty::Enum(name))
    }

    /// The type of `schema` (a property, parameter, items or body schema).
    fn ty(&mut self, schema: &Value, owner: &Owner, at: &str) -> Res<Ty> {
        if let Some(r) = get(schema, "$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix(SCHEMA_PREFIX)
                .ok_or_else(|| format!("{at}: unsupported reference {r}"))?
                .to_owned();
            let target = self.schema(&name)?;
            let model = model_name(target, &name);
            if get(target, "enum").is_some() {
                let o = Owner {
                    name: &name,
                    prop: "",
                };
                return self.enum_type(target, &o, at);
            }
            self.pending.push(name.clone());
            if get(target, "oneOf").is_some() {
                return Ok(Ty::Union(model));
            }
            return Ok(Ty::Object(model));
        }
        for unsupported in ["allOf", "anyOf", "oneOf", "not"] {
            if get(schema, unsupported).is_some() {
                return Err(format!(
                    "{at}: inline {unsupported} is not supported (make it a named schema)"
                ));
            }
        }
        let kind = get(schema, "type").and_then(Value::as_str).unwrap_or("");
        Ok(match kind {
            "string" => {
                if get(schema, "enum").is_some() {
                    return self.enum_type(schema, owner, at);
                }
                let format = text(schema, "format");
                let min = uint(schema, "minLength", at)?;
                let max = uint(schema, "maxLength", at)?;
                let date_time = format == "date-time";
                if min.is_none() && max.is_none() && !date_time {
                    Ty::String
                } else {
                    Ty::Text {
                        min,
                        max,
                        date_time,
                    }
                }
            }
            "integer" => Ty::Integer {
                min: int(schema, "minimum"),
                max: int(schema, "maximum"),
            },
            "number" => Ty::Number,
            "boolean" => Ty::Boolean,
            "array" => {
                let items =
                    get(schema, "items").ok_or_else(|| format!("{at}: array without items"))?;
                let items = self.ty(items, owner, &format!("{at}[]"))?;
                Ty::Array {
                    items: Box::new(items),
                    min: uint(schema, "minItems", at)?.unwrap_or(0),
                    max: uint(schema, "maxItems", at)?,
                    unique: flag(schema, "uniqueItems"),
                }
            }
            "object" => match get(schema, "additionalProperties") {
                Some(Value::Bool(true)) => Ty::Map(Box::new(Ty::Any)),
                Some(ap @ Value::Mapping(m)) => {
                    if m.is_empty() {
                        Ty::Map(Box::new(Ty::Any))
                    } else {
                        Ty::Map(Box::new(self.ty(ap, owner, &format!("{at}{{}}"))?))
                    }
                }
                _ if get(schema, "properties").is_some() => {
                    return Err(format!(
                        "{at}: inline objects are not supported (make it a named schema)"
                    ))
                }
                _ => Ty::Map(Box::new(Ty::Any)),
            },
            "" => Ty::Any,
            other => return Err(format!("{at}: unsupported type {other}")),
        })
    }

    fn object(&mut self, key: &str) -> Res<()> {
        let schema = self.schema(key)?;
        let model = model_name(schema, key);
        let name = model.as_str();
        if self.objects.contains_key(name) || self.unions.contains_key(name) {
            return Ok(());
        }
        let at = format!("{}: components.schemas.{key}", self.source);
        if let Some(one_of) = get(schema, "oneOf") {
            return self.union(name, schema, one_of, &at);
        }
        let required: BTreeSet<String> = strings(get(schema, "required")).into_iter().collect();
        let props = match get(schema, "properties") {
            Some(p) => mapping(p, &at)?.clone(),
            None => Mapping::new(),
        };
        let mut fields = Vec::new();
        for (key, prop) in &props {
            let pname = key
                .as_str()
                .ok_or_else(|| format!("{at}: property names must be strings"))?;
            let fat = format!("{at}.{pname}");
            let owner = Owner { name, prop: pname };
            let ty = self.ty(prop, &owner, &fat)?;
            let description = match text(prop, "description") {
                d if d.is_empty() => match get(prop, "$ref") {
                    Some(_) => text(self.resolve(prop, &fat)?, "description"),
                    None => d,
                },
                d => d,
            };
            fields.push(FieldDef {
                name: pname.to_owned(),
                ty,
                required: required.contains(pname),
                nullable: flag(prop, "nullable"),
                secret: flag(prop, "x-secret"),
                description,
            });
        }
        if let Some(f) = fields
            .iter()
            .find(|f| f.secret && f.ty != Ty::String && !matches!(f.ty, Ty::Text { .. }))
        {
            return Err(format!(
                "{at}.{}: x-secret is supported on strings only",
                f.name
            ));
        }
        for r in &required {
            if !fields.iter().any(|f| &f.name == r) {
                return Err(format!("{at}: required property {r} is not defined"));
            }
        }
        fields.sort_by(|a, b| a.name.cmp(&b.name));
        let mut not_less = Vec::new();
        if let Some(checks) = get(schema, "x-checks").and_then(Value::as_sequence) {
            for c in checks {
                let field = text(c, "notLess");
                let than = text(c, "than");
                let known = |n: &str| {
                    fields
                        .iter()
                        .any(|f| f.name == n && matches!(f.ty, Ty::Integer { .. }))
                };
                if !known(&field) || !known(&than) {
                    return Err(format!(
                        "{at}: x-checks must name two integer properties ({field}, {than})"
                    ));
                }
                not_less.push((field, than));
            }
        }
        self.objects.insert(
            name.to_owned(),
            ObjectDef {
                name: name.to_owned(),
                description: text(schema, "description"),
                fields,
                not_less,
                in_request: false,
                in_response: false,
            },
        );
        Ok(())
    }

    fn union(&mut self, name: &str, schema: &Value, one_of: &Value, at: &str) -> Res<()> {
        let disc = get(schema, "discriminator").ok_or_else(|| {
            format!("{at}: a oneOf needs a discriminator (its selector property)")
        })?;
        let selector = text(disc, "propertyName");
        if selector.is_empty() {
            return Err(format!("{at}: discriminator without propertyName"));
        }
        let map = get(disc, "mapping")
            .and_then(Value::as_mapping)
            .ok_or_else(|| format!("{at}: the discriminator needs an explicit mapping"))?;
        let members: Vec<String> = one_of
            .as_sequence()
            .ok_or_else(|| format!("{at}: oneOf must be a list"))?
            .iter()
            .map(|m| {
                get(m, "$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{at}: oneOf members must be schema references"))
            })
            .collect::<Res<_>>()?;
        let mut variants = Vec::new();
        for (value, target) in map {
            let value = value
                .as_str()
                .ok_or_else(|| format!("{at}: mapping keys must be strings"))?;
            let target = target
                .as_str()
                .and_then(|r| r.strip_prefix(SCHEMA_PREFIX))
                .ok_or_else(|| format!("{at}: mapping values must be schema references"))?;
            if !members.iter().any(|m| m == target) {
                return Err(format!(
                    "{at}: mapping {value} names {target}, which is not in oneOf"
                ));
            }
            variants.push((value.to_owned(), target.to_owned()));
        }
        for m in &members {
            if !variants.iter().any(|(_, t)| t == m) {
                return Err(format!("{at}: {m} has no mapping value"));
            }
        }
        // Variants are read by their schema keys and referred to by their model names.
        let keys: Vec<String> = variants.iter().map(|(_, k)| k.clone()).collect();
        for (_, target) in variants.iter_mut() {
            let schema = self.schema(target)?;
            *target = model_name(schema, target);
        }
        self.unions.insert(
            name.to_owned(),
            UnionDef {
                name: name.to_owned(),
                description: text(schema, "description"),
                label: union_label(name),
                selector: selector.clone(),
                variants: variants.clone(),
                in_request: false,
                in_response: false,
            },
        );
        for ((_, target), key) in variants.iter().zip(&keys) {
            self.object(key)?;
            let obj = self
                .objects
                .get_mut(target)
                .ok_or_else(|| format!("{at}: variant {target} must be an object"))?;
            let pos = obj
                .fields
                .iter()
                .position(|f| f.name == selector)
                .ok_or_else(|| {
                    format!("{at}: variant {target} has no selector property {selector}")
                })?;
            let f = obj.fields.remove(pos);
            if !matches!(f.ty, Ty::Enum(_)) {
                return Err(format!("{at}: {target}.{selector} must be a string enum"));
            }
            obj.fields.insert(0, f);
        }
        Ok(())
    }

    fn drain(&mut self) -> Res<()> {
        while let Some(name) = self.pending.pop() {
            self.object(&name)?;
        }
        Ok(())
    }
}

fn response(reader: &mut Reader, op: &Value, id: &str, at: &str) -> Res<(u16, Resp)> {
    let responses = get(op, "responses")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{at}: no responses"))?;
    let mut success = None;
    for (code, r) in responses {
        let code = match code {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if let Ok(n) = code.parse::<u16>() {
            if (200..300).contains(&n) && success.is_none() {
                success = Some((n, r));
            }
        }
    }
    let (status, r) = success.ok_or_else(|| format!("{at}: no 2xx response"))?;
    let r = reader.resolve(r, at)?;
    let content = get(r, "content").and_then(Value::as_mapping);
    let resp = match content {
        None => Resp::Empty,
        Some(c) if c.is_empty() => Resp::Empty,
        Some(c) => {
            let (media, body) = c
                .iter()
                .next()
                .ok_or_else(|| format!("{at}: empty content"))?;
            let media = media.as_str().unwrap_or_default().to_owned();
            if media == "application/json" {
                let schema =
                    get(body, "schema").ok_or_else(|| format!("{at}: response without schema"))?;
                let owner = Owner {
                    name: id,
                    prop: "response",
                };
                Resp::Json(reader.ty(schema, &owner, &format!("{at}.response"))?)
            } else {
                Resp::Binary(media)
            }
        }
    };
    if status == 204 && resp != Resp::Empty {
        return Err(format!("{at}: a 204 cannot have a body"));
    }
    Ok((status, resp))
}

/// The JSON bodies of the non-2xx responses of `op`.
fn error_bodies(reader: &mut Reader, op: &Value, id: &str, at: &str) -> Res<Vec<Ty>> {
    let mut out = Vec::new();
    let Some(responses) = get(op, "responses").and_then(Value::as_mapping) else {
        return Ok(out);
    };
    for (code, r) in responses {
        let code = match code {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if code.starts_with('2') {
            continue;
        }
        let r = reader.resolve(r, at)?;
        if let Some(schema) = get(r, "content")
            .and_then(|c| get(c, "application/json"))
            .and_then(|c| get(c, "schema"))
        {
            let owner = Owner {
                name: id,
                prop: "error",
            };
            let schema = schema.clone();
            out.push(reader.ty(&schema, &owner, &format!("{at}: {code}"))?);
        }
    }
    Ok(out)
}

/// Reads the contract at `path` (`source` is how generated files name it).
pub fn read(text_yaml: &str, source: &str) -> Res<Api> {
    let doc: Value =
        serde_yaml::from_str(text_yaml).map_err(|e| format!("{source}: not YAML: {e}"))?;
    let info = get(&doc, "info").ok_or_else(|| format!("{source}: no info"))?;
    let base_url = get(&doc, "servers")
        .and_then(Value::as_sequence)
        .and_then(|s| s.first())
        .map(|s| text(s, "url"))
        .ok_or_else(|| format!("{source}: no servers[0].url"))?;
    let module = base_url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    if module.is_empty() || !module.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "{source}: the server URL must end in a version segment (got {base_url})"
        ));
    }
    let version_header = get(&doc, "components")
        .and_then(|c| get(c, "parameters"))
        .and_then(Value::as_mapping)
        .map(|params| {
            params.values().any(|p| {
                text(p, "in") == "header" && text(p, "name").eq_ignore_ascii_case("x-api-version")
            })
        })
        .unwrap_or(false);
    let api_version = if version_header {
        let v = text(info, "version");
        Some(v.trim_start_matches('v').to_owned())
    } else {
        None
    };
    let mut reader = Reader {
        doc: &doc,
        source: source.to_owned(),
        enums: BTreeMap::new(),
        objects: BTreeMap::new(),
        unions: BTreeMap::new(),
        pending: Vec::new(),
    };
    let paths = get(&doc, "paths")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{source}: no paths"))?;
    let mut ops = Vec::new();
    let mut ids = BTreeSet::new();
    for (path, item) in paths {
        let path = path
            .as_str()
            .ok_or_else(|| format!("{source}: path keys must be strings"))?;
        let item = mapping(item, path)?;
        let shared_params: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for (method, op) in item {
            let method = method.as_str().unwrap_or_default();
            if !["get", "post", "put", "patch", "delete"].contains(&method) {
                continue;
            }
            let at = format!("{source}: {} {path}", method.to_uppercase());
            let id = text(op, "operationId");
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(format!(
                    "{at}: operationId must be alphanumeric (got {id:?})"
                ));
            }
            let mut chars = id.chars();
            let id: String = match chars.next() {
                Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
                None => String::new(),
            };
            if !ids.insert(id.clone()) {
                return Err(format!("{at}: operationId {id} is used twice"));
            }
            let at = format!("{at} ({id})");
            let mut params = Vec::new();
            let own: Vec<Value> = get(op, "parameters")
                .and_then(Value::as_sequence)
                .cloned()
                .unwrap_or_default();
            for raw in shared_params.iter().chain(own.iter()) {
                let p = reader.resolve(raw, &at)?.clone();
                let name = text(&p, "name");
                let location = match text(&p, "in").as_str() {
                    "path" => Location::Path,
                    "query" => Location::Query,
                    "header" => Location::Header,
                    other => {
                        return Err(format!(
                            "{at}: parameter {name}: unsupported location {other:?}"
                        ))
                    }
                };
                if location == Location::Query {
                    if let Some(style) = get(&p, "style").and_then(Value::as_str) {
                        if style != "form"
                            || get(&p, "explode").and_then(Value::as_bool) == Some(false)
                        {
                            return Err(format!("{at}: parameter {name}: only form-exploded query parameters are supported"));
                        }
                    }
                }
                let schema = get(&p, "schema")
                    .cloned()
                    .ok_or_else(|| format!("{at}: parameter {name} has no schema"))?;
                let pat = format!("{at}: parameter {name}");
                let owner_name = pascal(&id);
                let owner = Owner {
                    name: &owner_name,
                    prop: &name,
                };
                let ty = reader.ty(&schema, &owner, &pat)?;
                if location == Location::Path && ty != Ty::String {
                    return Err(format!("{pat}: path parameters must be plain strings"));
                }
                if let Ty::Array { items, .. } = &ty {
                    if matches!(
                        **items,
                        Ty::Array { .. } | Ty::Object(_) | Ty::Union(_) | Ty::Map(_)
                    ) {
                        return Err(format!(
                            "{pat}: arrays of structured values cannot be query parameters"
                        ));
                    }
                }
                if matches!(ty, Ty::Object(_) | Ty::Union(_) | Ty::Map(_)) {
                    return Err(format!("{pat}: object parameters are not supported"));
                }
                let default = get(&schema, "default").map(|d| match d {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                });
                params.push(ParamDef {
                    name,
                    location,
                    required: flag(&p, "required") || location == Location::Path,
                    ty,
                    description: text(&p, "description"),
                    default,
                });
            }
            let template_params: Vec<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            let declared: Vec<&str> = params
                .iter()
                .filter(|p| p.location == Location::Path)
                .map(|p| p.name.as_str())
                .collect();
            let mut a = template_params.clone();
            let mut b = declared.clone();
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                return Err(format!("{at}: path parameters {declared:?} do not match the template {template_params:?}"));
            }
            let (body, body_description) = match get(op, "requestBody") {
                None => (None, String::new()),
                Some(rb) => {
                    let rb = reader.resolve(rb, &at)?.clone();
                    let schema = get(&rb, "content")
                        .and_then(|c| get(c, "application/json"))
                        .and_then(|c| get(c, "schema"))
                        .cloned()
                        .ok_or_else(|| {
                            format!("{at}: the request body must be application/json with a schema")
                        })?;
                    let owner_name = pascal(&id);
                    let owner = Owner {
                        name: &owner_name,
                        prop: "body",
                    };
                    let ty = reader.ty(&schema, &owner, &format!("{at}: body"))?;
                    if !matches!(ty, Ty::Object(_) | Ty::Union(_)) {
                        return Err(format!(
                            "{at}: the request body must be a named object schema"
                        ));
                    }
                    if !flag(&rb, "required") {
                        return Err(format!("{at}: optional request bodies are not supported"));
                    }
                    (Some(ty), text(&rb, "description"))
                }
            };
            let (success, resp) = response(&mut reader, op, &id, &at)?;
            let error_bodies = error_bodies(&mut reader, op, &id, &at)?;
            ops.push(Op {
                id,
                summary: text(op, "summary"),
                description: text(op, "description"),
                method: method.to_uppercase(),
                path: path.to_owned(),
                params,
                body,
                body_description,
                success,
                response: resp,
                error_bodies,
                list_items: None,
            });
        }
    }
    // Every component schema gets a model, reachable or not (the error body, for one).
    let all: Vec<String> = get(&doc, "components")
        .and_then(|c| get(c, "schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for name in all {
        let schema = reader.schema(&name)?;
        if get(schema, "enum").is_some() {
            let owner = Owner {
                name: &name,
                prop: "",
            };
            reader.enum_type(
                schema,
                &owner,
                &format!("{source}: components.schemas.{name}"),
            )?;
        } else {
            reader.pending.push(name);
        }
    }
    reader.drain()?;
    let mut api = Api {
        module,
        source: source.to_owned(),
        title: text(info, "title"),
        description: text(info, "description"),
        base_url,
        api_version,
        ops,
        objects: reader.objects,
        unions: reader.unions,
        enums: reader.enums,
    };
    mark_usage(&mut api);
    for i in 0..api.ops.len() {
        let items = list_items(&api, &api.ops[i]);
        api.ops[i].list_items = items;
    }
    check_inputs(&api)?;
    Ok(api)
}

/// Marks which objects, unions and enums requests and responses reach.
fn mark_usage(api: &mut Api) {
    let mut req = Vec::new();
    let mut resp = Vec::new();
    for op in &api.ops {
        for p in &op.params {
            req.push(p.ty.clone());
        }
        if let Some(b) = &op.body {
            req.push(b.clone());
        }
        if let Resp::Json(t) = &op.response {
            resp.push(t.clone());
        }
        resp.extend(op.error_bodies.iter().cloned());
    }
    for (roots, is_request) in [(req, true), (resp, false)] {
        let mut stack = roots;
        let mut seen = BTreeSet::new();
        while let Some(t) = stack.pop() {
            match t {
                Ty::Enum(n) => {
                    if let Some(e) = api.enums.get_mut(&n) {
                        if is_request {
                            e.in_request = true;
                        } else {
                            e.in_response = true;
                        }
                    }
                }
                Ty::Array { items, .. } | Ty::Map(items) => stack.push(*items),
                Ty::Object(n) => {
                    if !seen.insert(n.clone()) {
                        continue;
                    }
                    if let Some(o) = api.objects.get_mut(&n) {
                        if is_request {
                            o.in_request = true;
                        } else {
                            o.in_response = true;
                        }
                        stack.extend(o.fields.iter().map(|f| f.ty.clone()));
                    }
                }
                Ty::Union(n) => {
                    if !seen.insert(n.clone()) {
                        continue;
                    }
                    if let Some(u) = api.unions.get_mut(&n) {
                        if is_request {
                            u.in_request = true;
                        } else {
                            u.in_response = true;
                        }
                        stack.extend(u.variants.iter().map(|(_, o)| Ty::Object(o.clone())));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The items field of an offset-paginated list: a GET with `offset` and `limit` query
/// parameters whose response object has `offset`, `limit`, `totalCount` and one (required)
/// array field.
fn list_items(api: &Api, op: &Op) -> Option<String> {
    if op.method != "GET" {
        return None;
    }
    let has = |n: &str| op.query_params().any(|p| p.name == n);
    if !has("offset") || !has("limit") {
        return None;
    }
    let Resp::Json(Ty::Object(name)) = &op.response else {
        return None;
    };
    let obj = api.objects.get(name)?;
    let field = |n: &str| {
        obj.fields
            .iter()
            .any(|f| f.name == n && matches!(f.ty, Ty::Integer { .. }))
    };
    if !field("offset") || !field("limit") || !field("totalCount") {
        return None;
    }
    // The items: the one required array field (RolesPaginated also has an optional
    // `defaultRoles`), or the one array field.
    let arrays: Vec<&FieldDef> = obj
        .fields
        .iter()
        .filter(|f| matches!(f.ty, Ty::Array { .. }))
        .collect();
    let required: Vec<&FieldDef> = arrays.iter().copied().filter(|f| f.required).collect();
    match (required.as_slice(), arrays.as_slice()) {
        ([one], _) | (_, [one]) => Some(one.name.clone()),
        _ => None,
    }
}

/// Path, query and body fields sit side by side in one input object: no two may share a name.
fn check_inputs(api: &Api) -> Res<()> {
    for op in &api.ops {
        let mut names = BTreeSet::new();
        for p in &op.params {
            if p.location == Location::Header {
                continue;
            }
            if !names.insert(p.name.clone()) {
                return Err(format!(
                    "{}: {}: parameter {} is declared twice",
                    api.source, op.id, p.name
                ));
            }
        }
        let body_fields: Vec<String> = match &op.body {
            Some(Ty::Object(n)) => api
                .objects
                .get(n)
                .map(|o| o.fields.iter().map(|f| f.name.clone()).collect())
                .unwrap_or_default(),
            Some(Ty::Union(n)) => api
                .unions
                .get(n)
                .map(|u| {
                    u.variants
                        .iter()
                        .filter_map(|(_, o)| api.objects.get(o))
                        .flat_map(|o| o.fields.iter().map(|f| f.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for f in body_fields {
            if names.contains(&f) {
                return Err(format!(
                    "{}: {}: body field {f} has the name of a parameter (inputs hold both side by side)",
                    api.source, op.id
                ));
            }
        }
    }
    Ok(())
}
