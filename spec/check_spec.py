#!/usr/bin/env python3
"""Sanity checks for spec/platform-v1beta1.yaml.

Run: python3 spec/check_spec.py [SPEC]  (exit 0 when every check passes)

Checks the things other parts of the project rely on: the 20 operations (ids, methods, paths,
status codes, bearer security), that every $ref resolves, that every schema the Rust models and
the emulator name exists, the union request bodies (discriminator, mapping, required lists),
the stated constraints, and that every example in the document validates against its schema.
The small validator below dispatches unions on the discriminator, as the API server does, and
is itself tested against bodies that must be rejected.
It also runs `openapi-spec-validator`. Both PyYAML and openapi-spec-validator are required (pinned
in spec/requirements.txt, installed by scripts/setup.sh); a missing one is a failure, not a skip.
"""
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
SPEC = os.path.join(HERE, "platform-v1beta1.yaml")

ORG = "/organizations/{organizationId}"
OPERATIONS = {
    # operationId: (method, path, status codes)
    "listOrganizations": ("get", "/organizations", ["200", "400", "401", "403", "500"]),
    "getOrganization": ("get", ORG, ["200", "400", "401", "403", "404", "500"]),
    "updateOrganization": ("post", ORG, ["200", "400", "401", "403", "404", "500"]),
    "listClusters": ("get", ORG + "/clusters", ["200", "400", "401", "403", "500"]),
    "createCluster": ("post", ORG + "/clusters", ["200", "400", "401", "403", "404", "412", "500"]),
    "getCluster": ("get", ORG + "/clusters/{clusterId}", ["200", "400", "401", "403", "404", "500"]),
    "updateCluster": ("post", ORG + "/clusters/{clusterId}", ["200", "400", "401", "403", "404", "412", "500"]),
    "deleteCluster": ("delete", ORG + "/clusters/{clusterId}", ["204", "400", "401", "403", "404", "500"]),
    "getClusterOptions": ("get", ORG + "/cluster-options", ["200", "400", "401", "403", "404", "500"]),
    "getDeploymentOptions": ("get", ORG + "/deployment-options", ["200", "400", "401", "403", "500"]),
    "listWorkspaces": ("get", ORG + "/workspaces", ["200", "400", "401", "403", "500"]),
    "createWorkspace": ("post", ORG + "/workspaces", ["200", "400", "401", "403", "404", "500"]),
    "getWorkspace": ("get", ORG + "/workspaces/{workspaceId}", ["200", "400", "401", "403", "404", "500"]),
    "updateWorkspace": ("post", ORG + "/workspaces/{workspaceId}", ["200", "400", "401", "403", "404", "500"]),
    "deleteWorkspace": ("delete", ORG + "/workspaces/{workspaceId}", ["204", "400", "401", "403", "404", "500"]),
    "listDeployments": ("get", ORG + "/deployments", ["200", "400", "401", "403", "500"]),
    "createDeployment": ("post", ORG + "/deployments", ["200", "400", "401", "403", "500"]),
    "getDeployment": ("get", ORG + "/deployments/{deploymentId}", ["200", "400", "401", "403", "404", "500"]),
    "updateDeployment": ("post", ORG + "/deployments/{deploymentId}", ["200", "400", "401", "403", "404", "500"]),
    "deleteDeployment": ("delete", ORG + "/deployments/{deploymentId}", ["204", "400", "401", "403", "404", "500"]),
}

# operationId -> (200 schema name, or "[X]" for an array of X; request body schema or None)
BODIES = {
    "listOrganizations": ("OrganizationsPaginated", None),
    "getOrganization": ("Organization", None),
    "updateOrganization": ("Organization", "UpdateOrganizationRequest"),
    "listClusters": ("ClustersPaginated", None),
    "createCluster": ("Cluster", "CreateClusterRequest"),
    "getCluster": ("Cluster", None),
    "updateCluster": ("Cluster", "UpdateClusterRequest"),
    "getClusterOptions": ("[ClusterOptions]", None),
    "getDeploymentOptions": ("DeploymentOptions", None),
    "listWorkspaces": ("WorkspacesPaginated", None),
    "createWorkspace": ("Workspace", "CreateWorkspaceRequest"),
    "getWorkspace": ("Workspace", None),
    "updateWorkspace": ("Workspace", "UpdateWorkspaceRequest"),
    "listDeployments": ("DeploymentsPaginated", None),
    "createDeployment": ("Deployment", "CreateDeploymentRequest"),
    "getDeployment": ("Deployment", None),
    "updateDeployment": ("Deployment", "UpdateDeploymentRequest"),
}

RESPONSE_SCHEMAS = """Organization OrganizationsPaginated BasicSubjectProfile ManagedDomain Cluster
ClustersPaginated ClusterMetadata ClusterTag NodePool ClusterOptions ProviderInstanceType
ProviderRegion DeploymentOptions ResourceQuotaOptions ResourceOption Range RuntimeRelease
SchedulerMachine MachineSpec WorkerMachine WorkerQueueOptions WorkloadIdentityOption Workspace
WorkspacesPaginated Deployment DeploymentsPaginated DeploymentEnvironmentVariable WorkerQueue
Error""".split()
REQUEST_SCHEMAS = """UpdateOrganizationRequest CreateClusterRequest CreateAwsClusterRequest
CreateAzureClusterRequest CreateGcpClusterRequest ClusterK8sTag CreateNodePoolRequest
UpdateClusterRequest UpdateNodePoolRequest CreateWorkspaceRequest UpdateWorkspaceRequest
CreateDeploymentRequest CreateDedicatedDeploymentRequest CreateHybridDeploymentRequest
CreateStandardDeploymentRequest UpdateDeploymentRequest UpdateDedicatedDeploymentRequest
UpdateHybridDeploymentRequest UpdateStandardDeploymentRequest WorkerQueueRequest
HybridWorkerQueueRequest DeploymentInstanceSpecRequest
DeploymentEnvironmentVariableRequest""".split()
# Helper schemas that are not in the list above (documented in spec/README.md).
EXTRA_SCHEMAS = {"ResourceRange"}

UNIONS = {
    "CreateClusterRequest": ("cloudProvider", {
        "AWS": "CreateAwsClusterRequest", "AZURE": "CreateAzureClusterRequest",
        "GCP": "CreateGcpClusterRequest"}),
    "CreateDeploymentRequest": ("type", {
        "DEDICATED": "CreateDedicatedDeploymentRequest", "HYBRID": "CreateHybridDeploymentRequest",
        "STANDARD": "CreateStandardDeploymentRequest"}),
    "UpdateDeploymentRequest": ("type", {
        "DEDICATED": "UpdateDedicatedDeploymentRequest", "HYBRID": "UpdateHybridDeploymentRequest",
        "STANDARD": "UpdateStandardDeploymentRequest"}),
}

_CLUSTER_REQ = ["cloudProvider", "name", "region", "type", "vpcSubnetRange"]
_DED_CREATE_REQ = ["astroRuntimeVersion", "clusterId", "defaultTaskPodCpu", "defaultTaskPodMemory",
                   "executor", "isCicdEnforced", "isDagDeployEnabled", "isHighAvailability", "name",
                   "resourceQuotaCpu", "resourceQuotaMemory", "schedulerSize", "type", "workspaceId"]
_DED_UPDATE_REQ = ["defaultTaskPodCpu", "defaultTaskPodMemory", "environmentVariables", "executor",
                   "isCicdEnforced", "isDagDeployEnabled", "isHighAvailability", "name",
                   "resourceQuotaCpu", "resourceQuotaMemory", "schedulerSize", "type", "workspaceId"]
# Required lists as request-body-variants.json states them.
REQUIRED = {
    "UpdateOrganizationRequest": ["billingEmail", "isScimEnabled", "name"],
    "CreateAwsClusterRequest": _CLUSTER_REQ,
    "CreateAzureClusterRequest": _CLUSTER_REQ,
    "CreateGcpClusterRequest": _CLUSTER_REQ + ["podSubnetRange", "servicePeeringRange",
                                               "serviceSubnetRange"],
    "UpdateClusterRequest": ["k8sTags", "name"],
    "ClusterK8sTag": [],
    "CreateNodePoolRequest": ["maxNodeCount", "name", "nodeInstanceType"],
    "UpdateNodePoolRequest": ["maxNodeCount", "name", "nodeInstanceType"],
    "CreateWorkspaceRequest": ["name"],
    "UpdateWorkspaceRequest": ["cicdEnforcedDefault", "description", "name"],
    "CreateDedicatedDeploymentRequest": _DED_CREATE_REQ,
    "CreateHybridDeploymentRequest": ["astroRuntimeVersion", "clusterId", "executor",
                                      "isCicdEnforced", "isDagDeployEnabled", "name", "scheduler",
                                      "type", "workspaceId"],
    "CreateStandardDeploymentRequest": [f for f in _DED_CREATE_REQ if f != "clusterId"],
    "UpdateDedicatedDeploymentRequest": _DED_UPDATE_REQ,
    "UpdateHybridDeploymentRequest": ["environmentVariables", "executor", "isCicdEnforced",
                                      "isDagDeployEnabled", "name", "scheduler", "type",
                                      "workspaceId"],
    "UpdateStandardDeploymentRequest": _DED_UPDATE_REQ,
    "WorkerQueueRequest": ["astroMachine", "isDefault", "maxWorkerCount", "minWorkerCount", "name",
                           "workerConcurrency"],
    "HybridWorkerQueueRequest": ["isDefault", "maxWorkerCount", "minWorkerCount", "name",
                                 "nodePoolId", "workerConcurrency"],
    "DeploymentInstanceSpecRequest": ["au", "replicas"],
    "DeploymentEnvironmentVariableRequest": ["isSecret", "key"],
    "Error": ["message", "requestId", "statusCode"],
}

# (schema, property path, keyword, expected value)
CONSTRAINTS = [
    ("UpdateOrganizationRequest", "name", "maxLength", 50),
    ("CreateWorkspaceRequest", "name", "maxLength", 50),
    ("UpdateWorkspaceRequest", "name", "maxLength", 50),
    ("WorkerQueueRequest", "name", "maxLength", 63),
    ("HybridWorkerQueueRequest", "name", "maxLength", 63),
    ("WorkerQueueRequest", "minWorkerCount", "minimum", 0),
    ("WorkerQueueRequest", "maxWorkerCount", "minimum", 1),
    ("WorkerQueueRequest", "workerConcurrency", "minimum", 1),
    ("HybridWorkerQueueRequest", "minWorkerCount", "minimum", 0),
    ("HybridWorkerQueueRequest", "maxWorkerCount", "minimum", 1),
    ("HybridWorkerQueueRequest", "workerConcurrency", "minimum", 1),
    ("WorkerQueueRequest", "astroMachine", "enum", ["A5", "A10", "A20", "A40", "A60"]),
    ("DeploymentInstanceSpecRequest", "au", "minimum", 5),
    ("DeploymentInstanceSpecRequest", "au", "maximum", 24),
    ("DeploymentInstanceSpecRequest", "replicas", "minimum", 1),
    ("DeploymentInstanceSpecRequest", "replicas", "maximum", 4),
    ("Error", "statusCode", "minimum", 400),
    ("Error", "statusCode", "maximum", 600),
    ("CreateAwsClusterRequest", "workspaceIds", "uniqueItems", True),
    ("UpdateClusterRequest", "workspaceIds", "uniqueItems", True),
    ("Cluster", "status", "enum", ["CREATING", "CREATED", "CREATE_FAILED", "UPDATING"]),
    ("Deployment", "status", "enum", ["CREATING", "DEPLOYING", "HEALTHY", "UNHEALTHY", "UNKNOWN"]),
    ("Deployment", "executor", "enum", ["CELERY", "KUBERNETES"]),
    ("Deployment", "schedulerSize", "enum", ["SMALL", "MEDIUM", "LARGE"]),
    ("SchedulerMachine", "name", "enum", ["SMALL", "MEDIUM", "LARGE"]),
    ("WorkerMachine", "name", "enum", ["A5", "A10", "A20", "A40", "A60"]),
    ("WorkerQueue", "astroMachine", "enum", ["A5", "A10", "A20", "A40", "A60"]),
]
for _v in ("CreateDedicatedDeploymentRequest", "CreateHybridDeploymentRequest",
           "CreateStandardDeploymentRequest", "UpdateDedicatedDeploymentRequest",
           "UpdateHybridDeploymentRequest", "UpdateStandardDeploymentRequest"):
    CONSTRAINTS += [(_v, "name", "maxLength", 500), (_v, "description", "maxLength", 1000),
                    (_v, "workerQueues", "minItems", 1),
                    (_v, "type", "enum", ["DEDICATED", "HYBRID", "STANDARD"]),
                    (_v, "executor", "enum", ["CELERY", "KUBERNETES"])]

SORTS = ["name:asc", "name:desc", "createdAt:asc", "createdAt:desc", "updatedAt:asc",
         "updatedAt:desc"]
# operationId -> {query parameter: expected fields}
QUERY = {
    "listOrganizations": {
        "supportPlan": {"enum": ["TRIAL", "BASIC", "STANDARD", "PREMIUM", "BUSINESS_CRITICAL"]},
        "product": {"enum": ["HOSTED", "HYBRID"]},
        "offset": {"minimum": 0, "default": 0},
        "limit": {"minimum": 0, "maximum": 1000, "default": 20},
        "sorts": {"items": SORTS}},
    "getOrganization": {"isLookUpOnly": {"type": "boolean"}},
    "listClusters": {
        "provider": {"enum": ["AWS", "AZURE", "GCP"]},
        "offset": {"minimum": 0, "default": 0},
        "limit": {"minimum": 0, "maximum": 1000, "default": 20},
        "sorts": {"items": SORTS}},
    "getClusterOptions": {
        "provider": {"enum": ["AWS", "AZURE", "GCP"]},
        "type": {"enum": ["DEDICATED", "HYBRID"], "required": True}},
    "getDeploymentOptions": {
        "deploymentId": {"type": "string"},
        "deploymentType": {"enum": ["HYBRID", "DEDICATED", "STANDARD"]},
        "cloudProvider": {"enum": ["AWS", "AZURE", "GCP"]}},
    "listWorkspaces": {
        "workspaceIds": {"items": None},
        "offset": {"minimum": 0, "default": 0},
        "limit": {"minimum": 0, "maximum": 1000, "default": 20},
        "sorts": {"items": SORTS}},
    "listDeployments": {
        "deploymentIds": {"items": None},
        "workspaceIds": {"items": None},
        "offset": {"minimum": 0, "default": 0},
        "limit": {"minimum": 0, "maximum": None, "default": 20},
        "sorts": {"items": SORTS}},
}


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
    if "minimum" in schema and value < schema["minimum"]:
        errs.append(f"{path}: below {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        errs.append(f"{path}: above {schema['maximum']}")
    if t == "array":
        if "minItems" in schema and len(value) < schema["minItems"]:
            errs.append(f"{path}: fewer than {schema['minItems']} items")
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
    return errs


def collect_examples(doc):
    """(where, schema, example) for every example next to a schema."""
    out = []
    for name, schema in doc["components"]["schemas"].items():
        if "example" in schema:
            out.append((f"schemas/{name}", schema, schema["example"]))
    for path, item in doc["paths"].items():
        for method, op in item.items():
            media = []
            if "requestBody" in op:
                media.append(("request", op["requestBody"]["content"]["application/json"]))
            for code, resp in op.get("responses", {}).items():
                if "content" in resp:
                    media.append((code, resp["content"]["application/json"]))
            for label, m in media:
                if "example" in m:
                    out.append((f"{op['operationId']} {label}", m["schema"], m["example"]))
    for name, resp in doc["components"].get("responses", {}).items():
        m = resp.get("content", {}).get("application/json", {})
        if "example" in m:
            out.append((f"responses/{name}", m["schema"], m["example"]))
    return out


def main():
    spec = sys.argv[1] if len(sys.argv) > 1 else SPEC
    with open(spec, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    fail = Failures()
    fail(doc.get("openapi") == "3.0.3", "openapi must be 3.0.3")
    fail([s.get("url") for s in doc.get("servers", [])]
         == ["https://api.astronomer.io/platform/v1beta1"], "servers url")
    bearer = doc["components"]["securitySchemes"].get("bearerAuth", {})
    fail(bearer.get("type") == "http" and bearer.get("scheme") == "bearer", "bearerAuth scheme")

    # operations
    seen = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                fail(False, f"{path}: unexpected key {method}")
                continue
            seen[op.get("operationId")] = (method, path, op)
    fail(set(seen) == set(OPERATIONS),
         f"operationIds differ: extra {set(seen) - set(OPERATIONS)}, "
         f"missing {set(OPERATIONS) - set(seen)}")
    for op_id, (method, path, codes) in OPERATIONS.items():
        if op_id not in seen:
            continue
        m, p, op = seen[op_id]
        fail((m, p) == (method, path), f"{op_id}: {m.upper()} {p}, expected {method.upper()} {path}")
        fail(sorted(op.get("responses", {})) == codes,
             f"{op_id}: responses {sorted(op.get('responses', {}))}, expected {codes}")
        fail(op.get("security") == [{"bearerAuth": []}], f"{op_id}: bearer security missing")
        for code, resp in op.get("responses", {}).items():
            if code == "204":
                fail("content" not in resp, f"{op_id}: 204 must have no body")
            elif code != "200":
                ref = resp.get("$ref", "")
                try:
                    r = resolve(doc, ref) if ref else resp
                    fail(r["content"]["application/json"]["schema"]
                         == {"$ref": "#/components/schemas/Error"},
                         f"{op_id} {code}: must use the Error schema")
                except KeyError:
                    fail(False, f"{op_id} {code}: no JSON body")
        # path parameters: every {x} in the path is declared, required, string
        params = {(q["name"], q["in"]): q for q in op.get("parameters", [])}
        for seg in [s[1:-1] for s in path.split("/") if s.startswith("{")]:
            q = params.get((seg, "path"))
            fail(q is not None and q.get("required") is True
                 and q.get("schema") == {"type": "string"}, f"{op_id}: path parameter {seg}")
        query = {n: q for (n, where), q in params.items() if where == "query"}
        expected_q = QUERY.get(op_id, {})
        fail(set(query) == set(expected_q),
             f"{op_id}: query parameters {sorted(query)}, expected {sorted(expected_q)}")
        for name, exp in expected_q.items():
            q = query.get(name)
            if q is None:
                continue
            s = q["schema"]
            fail(q.get("required", False) == exp.get("required", False), f"{op_id}.{name}: required")
            for key in ("enum", "minimum", "maximum", "default"):
                if key in exp:
                    fail(s.get(key) == exp[key], f"{op_id}.{name}: {key} {s.get(key)} != {exp[key]}")
            if "type" in exp:
                fail(s.get("type") == exp["type"], f"{op_id}.{name}: type")
            if "items" in exp:
                fail(s.get("type") == "array" and q.get("style") == "form"
                     and q.get("explode") is True, f"{op_id}.{name}: form-exploded array")
                fail(s.get("items", {}).get("enum") == exp["items"], f"{op_id}.{name}: item enum")
        # bodies
        want_resp, want_req = BODIES.get(op_id, (None, None))
        if want_resp:
            schema = op["responses"]["200"]["content"]["application/json"]["schema"]
            if want_resp.startswith("["):
                fail(schema.get("type") == "array" and schema.get("items")
                     == {"$ref": f"#/components/schemas/{want_resp[1:-1]}"},
                     f"{op_id}: 200 must be an array of {want_resp[1:-1]}")
            else:
                fail(schema == {"$ref": f"#/components/schemas/{want_resp}"},
                     f"{op_id}: 200 must be {want_resp}")
        if want_req:
            body = op.get("requestBody", {})
            fail(body.get("required") is True and body.get("content", {})
                 .get("application/json", {}).get("schema")
                 == {"$ref": f"#/components/schemas/{want_req}"},
                 f"{op_id}: request body must be {want_req}")
        else:
            fail("requestBody" not in op, f"{op_id}: unexpected request body")

    # refs and schema names
    refs = list(walk_refs(doc))
    for where, ref in refs:
        try:
            resolve(doc, ref)
        except (KeyError, TypeError):
            fail(False, f"unresolved $ref {ref} at {where}")
    schemas = doc["components"]["schemas"]
    for name in RESPONSE_SCHEMAS + REQUEST_SCHEMAS:
        fail(name in schemas, f"schema {name} missing")
    extra = set(schemas) - set(RESPONSE_SCHEMAS) - set(REQUEST_SCHEMAS) - EXTRA_SCHEMAS
    fail(not extra, f"unexpected schemas {sorted(extra)}")
    for name, schema in schemas.items():
        if "oneOf" not in schema:
            fail(schema.get("type") == "object", f"{name}: must be an object schema")
        for prop, ps in schema.get("properties", {}).items():
            fail("format" not in ps, f"{name}.{prop}: no formats (timestamps stay text)")
        if name in REQUEST_SCHEMAS and "oneOf" not in schema:
            fail(schema.get("additionalProperties") is False,
                 f"{name}: request objects reject unknown fields")
        for req in schema.get("required", []):
            fail(req in schema.get("properties", {}), f"{name}: required {req} is not a property")

    for name, (prop, mapping) in UNIONS.items():
        s = schemas.get(name, {})
        fail(s.get("discriminator", {}).get("propertyName") == prop, f"{name}: discriminator")
        fail(s.get("discriminator", {}).get("mapping")
             == {k: f"#/components/schemas/{v}" for k, v in mapping.items()}, f"{name}: mapping")
        fail(s.get("oneOf") == [{"$ref": f"#/components/schemas/{v}"} for v in mapping.values()],
             f"{name}: oneOf list")
        for variant in mapping.values():
            fail(prop in schemas.get(variant, {}).get("required", []),
                 f"{variant}: selector {prop} must be required")
    fail("oneOf" not in schemas.get("UpdateClusterRequest", {}), "UpdateClusterRequest is one object")
    for name, req in REQUIRED.items():
        got = sorted(schemas.get(name, {}).get("required", []))
        fail(got == sorted(req), f"{name}: required {got}, expected {sorted(req)}")
    for name in ("BasicSubjectProfile", "Deployment"):
        prop = "avatarUrl" if name == "BasicSubjectProfile" else "imageRepository"
        fail(prop in schemas[name]["properties"] and prop not in schemas[name].get("required", []),
             f"{name}.{prop}: optional property expected")
    for name, prop, key, want in CONSTRAINTS:
        got = schemas.get(name, {}).get("properties", {}).get(prop, {}).get(key)
        fail(got == want, f"{name}.{prop}: {key} is {got!r}, expected {want!r}")

    # examples validate
    examples = collect_examples(doc)
    fail(len(examples) >= 5, "at least a few examples expected")
    for where, schema, example in examples:
        for e in validate(doc, schema, example):
            fail(False, f"example {where}: {e}")

    # the validator itself: bodies that must be rejected / accepted
    q = {"astroMachine": "A5", "isDefault": True, "maxWorkerCount": 1, "minWorkerCount": 0,
         "name": "default", "workerConcurrency": 1}
    dedicated = {"astroRuntimeVersion": "9.1.0", "clusterId": "c1", "defaultTaskPodCpu": "0.5",
                 "defaultTaskPodMemory": "1", "executor": "CELERY", "isCicdEnforced": True,
                 "isDagDeployEnabled": True, "isHighAvailability": False, "name": "d",
                 "resourceQuotaCpu": "10", "resourceQuotaMemory": "20Gi", "schedulerSize": "SMALL",
                 "type": "DEDICATED", "workspaceId": "w1", "workerQueues": [q]}
    hybrid = {"astroRuntimeVersion": "9.1.0", "clusterId": "c1", "executor": "CELERY",
              "isCicdEnforced": True, "isDagDeployEnabled": True, "name": "h", "type": "HYBRID",
              "workspaceId": "w1", "scheduler": {"au": 5, "replicas": 1},
              "workerQueues": [{k: v for k, v in q.items() if k != "astroMachine"}
                               | {"nodePoolId": "np1"}]}
    standard = {k: v for k, v in dedicated.items() if k != "clusterId"} | {
        "type": "STANDARD", "cloudProvider": "AWS", "region": "us-east-1"}
    create = {"$ref": "#/components/schemas/CreateDeploymentRequest"}
    good = [("dedicated", create, dedicated), ("hybrid", create, hybrid),
            ("standard", create, standard),
            ("gcp cluster", {"$ref": "#/components/schemas/CreateClusterRequest"},
             {"cloudProvider": "GCP", "name": "c", "region": "us-central1", "type": "DEDICATED",
              "vpcSubnetRange": "172.20.0.0/19", "podSubnetRange": "172.21.0.0/19",
              "servicePeeringRange": "172.23.0.0/20", "serviceSubnetRange": "172.22.0.0/22"})]
    bad = [
        ("hybrid without scheduler", create, {k: v for k, v in hybrid.items() if k != "scheduler"}),
        ("hybrid au 25", create, hybrid | {"scheduler": {"au": 25, "replicas": 1}}),
        ("dedicated without clusterId", create,
         {k: v for k, v in dedicated.items() if k != "clusterId"}),
        ("dedicated A120", create, dedicated | {"workerQueues": [q | {"astroMachine": "A120"}]}),
        ("dedicated empty queues", create, dedicated | {"workerQueues": []}),
        ("dedicated queue name 64", create, dedicated | {"workerQueues": [q | {"name": "x" * 64}]}),
        ("dedicated maxWorkerCount 0", create,
         dedicated | {"workerQueues": [q | {"maxWorkerCount": 0}]}),
        ("dedicated scheduler EXTRA_LARGE", create, dedicated | {"schedulerSize": "EXTRA_LARGE"}),
        ("dedicated with scheduler field", create, dedicated | {"scheduler": {"au": 5,
                                                                             "replicas": 1}}),
        ("unknown type", create, dedicated | {"type": "SERVERLESS"}),
        ("name 501", create, dedicated | {"name": "n" * 501}),
        ("gcp without ranges", {"$ref": "#/components/schemas/CreateClusterRequest"},
         {"cloudProvider": "GCP", "name": "c", "region": "r", "type": "DEDICATED",
          "vpcSubnetRange": "x"}),
        ("duplicate workspaceIds", {"$ref": "#/components/schemas/UpdateClusterRequest"},
         {"name": "c", "k8sTags": [], "workspaceIds": ["a", "a"]}),
        ("org name 51", {"$ref": "#/components/schemas/UpdateOrganizationRequest"},
         {"billingEmail": "b@c.d", "isScimEnabled": False, "name": "o" * 51}),
        ("error status 399", {"$ref": "#/components/schemas/Error"},
         {"message": "m", "requestId": "r", "statusCode": 399}),
    ]
    for label, schema, body in good:
        errs = validate(doc, schema, body)
        fail(not errs, f"validator rejected good body {label}: {errs}")
    for label, schema, body in bad:
        fail(bool(validate(doc, schema, body)), f"validator accepted bad body {label}")

    # the official validator (required: imported at the top)
    try:
        osv_validate(doc)
        official = "openapi-spec-validator ok"
    except Exception as e:  # noqa: BLE001 - report whatever the validator raises
        fail(False, f"openapi-spec-validator: {str(e)[:300]}")
        official = "openapi-spec-validator FAILED"

    if fail.items:
        for item in fail.items:
            print("FAIL:", item)
        print(f"check_spec: {len(fail.items)} problem(s) in {os.path.relpath(spec)}")
        return 1
    print(f"check_spec: ok - {len(seen)} operations, {len(schemas)} schemas, {len(refs)} refs "
          f"resolved, {len(examples)} examples valid, {len(good) + len(bad)} validator cases, "
          f"{official}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
