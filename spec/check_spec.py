#!/usr/bin/env python3
"""Checks every contract in spec/ (spec/*.yaml), or the files given.

Run: python3 spec/check_spec.py [SPEC ...]  (exit 0 when every check passes)

What the generator (codegen/) and the emulator rely on, for any contract, with no list of the
contract's operations or schemas written here (the contract is the source):
- valid OpenAPI 3.0.3 (`openapi-spec-validator`) with a server URL ending in a version segment;
  every `$ref` resolves; operation ids are unique;
- every operation has a summary and a description, bearer security (global or its own), one 2xx
  response; a 204 has no body; every other error response has the `Error` body;
- every path parameter `{x}` is declared, required and a string; array query parameters are
  form-exploded;
- every schema, property and parameter has a description (they become the generated docs);
- every union (`oneOf`) has a discriminator with an explicit mapping covering its members, and
  each member has the selector property, with its mapping value among the selector's values;
- the `x-` extensions are well formed (`x-checks` name two integer properties; `x-enum-name` sits
  on an enum, and one name has one value set);
- every example validates against its schema, with a small validator that dispatches unions on
  their selector (as the API does), itself exercised: a mutated copy of each valid example (a
  required field removed, a value of the wrong type) must be refused.

PyYAML and openapi-spec-validator are required (pinned in spec/requirements.txt, installed by
scripts/setup.sh); a missing one is a failure, not a skip.
"""
import copy
import glob
import os
import sys

REQUIREMENTS = "spec/requirements.txt"
try:
    import yaml
    from openapi_spec_validator import validate as osv_validate
except ImportError as missing:
    print(f"check_spec: FAILED - {missing.name or missing} is not installed for {sys.executable}; "
          f"install the pinned versions with `pip install -r {REQUIREMENTS}` "
          f"(scripts/setup.sh does it)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
METHODS = ("get", "post", "put", "patch", "delete")


class Failures:
    def __init__(self):
        self.items = []

    def __call__(self, cond, message):
        if not cond:
            self.items.append(message)
        return cond


def resolve(doc, ref):
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(doc, node):
    for _ in range(16):
        if isinstance(node, dict) and "$ref" in node:
            node = resolve(doc, node["$ref"])
        else:
            return node
    raise KeyError("reference chain too long")


def walk_refs(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield path, v
            else:
                yield from walk_refs(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_refs(v, f"{path}/{i}")


# ---------------------------------------------------------------- a small validator
def validate(doc, schema, value, path="$"):
    """Return a list of problems. Unions are dispatched on the discriminator, never by
    trying every variant (the variants overlap)."""
    if "$ref" in schema:
        try:
            target = resolve(doc, schema["$ref"])
        except (KeyError, TypeError):
            return [f"{path}: unresolved $ref {schema['$ref']}"]
        return validate(doc, target, value, path)
    if "oneOf" in schema:
        disc = schema.get("discriminator")
        if not disc:
            return [f"{path}: oneOf without discriminator"]
        if not isinstance(value, dict):
            return [f"{path}: expected object"]
        tag = value.get(disc["propertyName"])
        target = disc["mapping"].get(tag) if isinstance(tag, str) else None
        if target is None:
            return [f"{path}.{disc['propertyName']}: not one of {sorted(disc['mapping'])}"]
        try:
            return validate(doc, resolve(doc, target), value, path)
        except (KeyError, TypeError):
            return [f"{path}: unresolved mapping {target}"]
    if value is None and schema.get("nullable"):
        return []
    errs = []
    t = schema.get("type")
    checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
              "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}
    if t and not checks[t](value):
        return [f"{path}: expected {t}"]
    if "enum" in schema and value not in schema["enum"]:
        errs.append(f"{path}: {value!r} not in enum")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errs.append(f"{path}: longer than {schema['maxLength']}")
    if "minLength" in schema and len(value) < schema["minLength"]:
        errs.append(f"{path}: shorter than {schema['minLength']}")
    if "minimum" in schema and value < schema["minimum"]:
        errs.append(f"{path}: below {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        errs.append(f"{path}: above {schema['maximum']}")
    if t == "array":
        if "minItems" in schema and len(value) < schema["minItems"]:
            errs.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errs.append(f"{path}: more than {schema['maxItems']} items")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            errs.append(f"{path}: items not unique")
        for i, item in enumerate(value):
            errs += validate(doc, schema.get("items", {}), item, f"{path}[{i}]")
    if t == "object":
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errs.append(f"{path}.{name}: required")
        for name, v in value.items():
            if name in props:
                errs += validate(doc, props[name], v, f"{path}.{name}")
            elif schema.get("additionalProperties") is False:
                errs.append(f"{path}.{name}: unknown field")
        for c in schema.get("x-checks", []):
            a, b = value.get(c.get("notLess")), value.get(c.get("than"))
            if isinstance(a, int) and isinstance(b, int) and a < b:
                errs.append(f"{path}.{c['notLess']}: below {c['than']}")
    return errs


def collect_examples(doc):
    """(where, schema, example) for every example next to a schema."""
    out = []
    for name, schema in doc["components"]["schemas"].items():
        if "example" in schema:
            out.append((f"schemas/{name}", schema, schema["example"]))
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            media = []
            if "requestBody" in op:
                media.append(("request", deref(doc, op["requestBody"])["content"].get("application/json", {})))
            for code, resp in op.get("responses", {}).items():
                content = deref(doc, resp).get("content", {})
                if "application/json" in content:
                    media.append((code, content["application/json"]))
            for label, m in media:
                if "example" in m:
                    out.append((f"{op['operationId']} {label}", m["schema"], m["example"]))
    return out


def mutants(doc, schema, example):
    """Copies of a valid example that must be refused: a required field removed, a field of
    another JSON type (top level of an object example)."""
    s = deref(doc, schema)
    if "oneOf" in s and isinstance(example, dict):
        target = s["discriminator"]["mapping"].get(example.get(s["discriminator"]["propertyName"]))
        s = resolve(doc, target) if target else s
    out = []
    if isinstance(example, dict) and s.get("type") == "object":
        for name in s.get("required", []):
            if name in example:
                m = copy.deepcopy(example)
                del m[name]
                out.append((f"without {name}", m))
        for name, value in example.items():
            prop = deref(doc, s.get("properties", {}).get(name, {}))
            if prop.get("nullable") or "type" not in prop:
                continue
            m = copy.deepcopy(example)
            m[name] = 12345 if isinstance(value, str) else "not-the-type"
            out.append((f"{name} of another type", m))
    return out


def check(path):
    rel = os.path.relpath(path)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    fail = Failures()
    fail(doc.get("openapi") == "3.0.3", "openapi must be 3.0.3")
    servers = [s.get("url", "") for s in doc.get("servers", [])]
    fail(len(servers) == 1 and servers[0].rstrip("/").rsplit("/", 1)[-1].isalnum(),
         f"one server whose URL ends in a version segment (got {servers})")
    schemes = doc.get("components", {}).get("securitySchemes", {})
    bearer = {n for n, s in schemes.items() if s.get("type") == "http" and s.get("scheme") == "bearer"}
    fail(bool(bearer), "a bearer security scheme")
    global_security = doc.get("security")
    for what, node in [("info", doc.get("info", {}))]:
        fail(bool(node.get("description")), f"{what}: description")

    # operations
    ids = {}
    for path_, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            if not fail(method in METHODS, f"{path_}: unexpected key {method}"):
                continue
            op_id = op.get("operationId", "")
            where = f"{method.upper()} {path_} ({op_id})"
            fail(op_id and op_id not in ids, f"{where}: missing or repeated operationId")
            ids[op_id] = where
            fail(bool(op.get("summary")), f"{where}: summary")
            fail(bool(op.get("description")), f"{where}: description")
            security = op.get("security", global_security) or []
            fail(any(set(s) & bearer for s in security), f"{where}: bearer security")
            codes = list(op.get("responses", {}))
            fail(sum(1 for c in codes if str(c).startswith("2")) == 1, f"{where}: exactly one 2xx response")
            for code, resp in op.get("responses", {}).items():
                r = deref(doc, resp)
                if str(code) == "204":
                    fail("content" not in r, f"{where}: 204 must have no body")
                elif not str(code).startswith("2"):
                    schema = r.get("content", {}).get("application/json", {}).get("schema")
                    fail(schema is not None and deref(doc, schema) is doc["components"]["schemas"].get("Error"),
                         f"{where} {code}: must use the Error body")
            params = [deref(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
            for p in params:
                fail(bool(p.get("description")), f"{where}: parameter {p.get('name')}: description")
                if p.get("in") == "query" and p.get("schema", {}).get("type") == "array":
                    fail(p.get("style", "form") == "form" and p.get("explode", True) is True,
                         f"{where}: {p.get('name')}: arrays must be form-exploded")
            declared = {p["name"]: p for p in params if p.get("in") == "path"}
            segments = [s[1:-1] for s in path_.split("/") if s.startswith("{")]
            fail(sorted(declared) == sorted(segments), f"{where}: path parameters {sorted(declared)} vs {segments}")
            for seg in segments:
                p = declared.get(seg, {})
                fail(p.get("required") is True and p.get("schema", {}).get("type") == "string",
                     f"{where}: path parameter {seg} must be a required string")
            if "requestBody" in op:
                rb = deref(doc, op["requestBody"])
                fail(rb.get("required") is True and "application/json" in rb.get("content", {}),
                     f"{where}: a required JSON request body")

    # refs
    refs = list(walk_refs(doc))
    for where, ref in refs:
        try:
            resolve(doc, ref)
        except (KeyError, TypeError):
            fail(False, f"unresolved $ref {ref} at {where}")

    # schemas: descriptions, unions, extensions
    schemas = doc["components"]["schemas"]
    enum_names = {}
    def enum_sites(node, where):
        if isinstance(node, dict):
            if "x-enum-name" in node:
                fail("enum" in node, f"{where}: x-enum-name on a schema without enum")
                seen = enum_names.setdefault(node["x-enum-name"], set(node.get("enum", [])))
                fail(seen == set(node.get("enum", [])), f"{where}: x-enum-name {node['x-enum-name']} with other values")
            for k, v in node.items():
                enum_sites(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                enum_sites(v, f"{where}[{i}]")
    enum_sites(doc, "$")
    for name, schema in schemas.items():
        fail(bool(schema.get("description")), f"schemas/{name}: description")
        props = schema.get("properties", {})
        for prop, ps in props.items():
            fail(bool(ps.get("description")), f"{name}.{prop}: description")
        for req in schema.get("required", []):
            fail(req in props, f"{name}: required {req} is not a property")
        for c in schema.get("x-checks", []):
            for key in ("notLess", "than"):
                fail(deref(doc, props.get(c.get(key), {})).get("type") == "integer",
                     f"{name}: x-checks {key} must name an integer property")
        if "oneOf" in schema:
            disc = schema.get("discriminator", {})
            selector, mapping = disc.get("propertyName"), disc.get("mapping", {})
            fail(bool(selector) and bool(mapping), f"{name}: a union needs a discriminator with a mapping")
            members = [m.get("$ref") for m in schema["oneOf"]]
            fail(sorted(set(mapping.values())) == sorted(set(members)),
                 f"{name}: the mapping must cover the oneOf members exactly")
            for value, ref in mapping.items():
                try:
                    variant = resolve(doc, ref)
                except (KeyError, TypeError):
                    continue
                sel = deref(doc, variant.get("properties", {}).get(selector, {}))
                fail(value in sel.get("enum", []), f"{name}: {ref} must allow {selector}={value}")

    # examples validate; the validator refuses their mutants
    examples = collect_examples(doc)
    refused = 0
    for where, schema, example in examples:
        errs = validate(doc, schema, example)
        for e in errs:
            fail(False, f"example {where}: {e}")
        if not errs:
            for label, m in mutants(doc, schema, example):
                fail(bool(validate(doc, schema, m)), f"validator accepted example {where} {label}")
                refused += 1

    try:
        osv_validate(doc)
        official = "openapi-spec-validator ok"
    except Exception as e:  # noqa: BLE001 - report whatever the validator raises
        fail(False, f"openapi-spec-validator: {str(e)[:300]}")
        official = "openapi-spec-validator FAILED"

    if fail.items:
        for item in fail.items:
            print(f"FAIL {rel}: {item}")
        print(f"check_spec: {len(fail.items)} problem(s) in {rel}")
        return 1
    print(f"check_spec: {rel} ok - {len(ids)} operations, {len(schemas)} schemas, {len(refs)} refs "
          f"resolved, {len(examples)} examples valid ({refused} mutants refused), {official}")
    return 0


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "*.yaml")))
    if not files:
        print("check_spec: no contract found", file=sys.stderr)
        return 2
    return max(check(f) for f in files)


if __name__ == "__main__":
    sys.exit(main())
