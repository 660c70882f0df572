#!/usr/bin/env bash
# The emulator against its own contracts: schemathesis (pinned in requirements.txt, installed into
# build/schemathesis-venv) runs every operation of spec/platform-v1beta1.yaml against the
# emulator's /platform/v1beta1 routes, then every operation of spec/astro-v1.yaml against its /v1
# routes, on a fresh emulator (reset between the two) on an ephemeral loopback port, with the demo
# token.
#   Checks (ST_CHECKS to override): no 5xx, every response conforms to its documented schema,
#   every status code is documented (except for getOrganizationAuditLogs, whose contract lists
#   no error answer at all, so any 4xx would count as undocumented).
#   Bounded and repeatable: fixed seed, no example database, one worker, and a hard time limit
#   per contract. v1beta1: --max-examples ST_MAX_EXAMPLES (30) within ST_TIMEOUT s (300);
#   v1 (75 operations): ST_V1_MAX_EXAMPLES (30) within ST_V1_TIMEOUT s (600). Measured on the
#   2-core machine: v1beta1 2,827 cases in 34 s, v1 8,563 cases in 129 s.
#   ST_APIS="v1beta1 v1" picks the contracts to run.
# Exits non-zero on any failure. Reports: build/schemathesis-report/<api>/ (JUnit XML).
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '\033[1m[schemathesis]\033[0m %s\n' "$*"; }

VENV=build/schemathesis-venv
REQ=tests/schemathesis/requirements.txt
EMULATOR=${ASTRO_EMULATOR:-target/release/astro-emulator}
CHECKS=${ST_CHECKS:-not_a_server_error,response_schema_conformance,status_code_conformance}
SEED=${ST_SEED:-1337}
APIS=${ST_APIS:-v1beta1 v1}

[[ -x "$EMULATOR" ]] || { log "missing $EMULATOR (cargo build --release -p astro-emulator)"; exit 1; }

stamp="$VENV/.requirements.sha256"
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [[ ! -x "$VENV/bin/st" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  log "installing pinned schemathesis into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$REQ"
  echo "$want" > "$stamp"
fi
log "$("$VENV/bin/st" --version 2>/dev/null || true)"

out=$(mktemp)
"$EMULATOR" --port 0 >"$out" 2>&1 &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$out" && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$out"; log "the emulator exited"; exit 1; }
  sleep 0.1
done
origin=$(grep -o 'listening on http://[^ ]*' "$out" | head -1 | sed 's/listening on //; s:/$::')
[[ -n "$origin" ]] || { cat "$out"; log "the emulator did not start"; exit 1; }
token=$(grep -o '^token: [^ @]*' "$out" | head -1 | sed 's/token: //')
token=${token:-astro-demo-token}
log "emulator at $origin (pid $emu_pid); checks: $CHECKS; seed $SEED; contracts: $APIS"

ROOT=$PWD
rc=0
for api in $APIS; do
  case "$api" in
    v1beta1) spec=spec/platform-v1beta1.yaml; base=/platform/v1beta1
             examples=${ST_MAX_EXAMPLES:-30}; timeout_s=${ST_TIMEOUT:-300}; extra=() ;;
    v1)      spec=spec/astro-v1.yaml; base=/v1
             examples=${ST_V1_MAX_EXAMPLES:-30}; timeout_s=${ST_V1_TIMEOUT:-600}
             extra=(--header "X-API-Version: 1.0") ;;
    *) log "unknown contract '$api' in ST_APIS"; exit 2 ;;
  esac
  report=build/schemathesis-report/$api
  mkdir -p "$report"
  config=$report/schemathesis.toml
  # Point part of the generated path parameters at real resources, so the run reaches the
  # emulator's logic instead of stopping at "not found" (the rest stay random). For v1, a few
  # resources the seed lacks are made first (a token, a custom role, an environment object, an
  # allowed IP range, a deploy, an invite, an agent token).
  python3 - "$origin" "$base" "$token" "$config" "$api" "$CHECKS" <<'PY'
import json, sys, urllib.request
origin, base_path, token, out, api, checks = sys.argv[1:7]
base = origin + base_path
# Each contract starts from the seed.
urllib.request.urlopen(urllib.request.Request(origin + "/__emulator/reset", data=b"", method="POST"), timeout=10).read()
def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read()
        return json.loads(text) if text else None
get = lambda path: call("GET", path)
orgs = [o["id"] for o in get("/organizations")["organizations"]]
org = orgs[0]
o = f"/organizations/{org}"
ids = {
    "organizationId": orgs,
    "clusterId": [c["id"] for c in get(f"{o}/clusters")["clusters"]],
    "workspaceId": [w["id"] for w in get(f"{o}/workspaces")["workspaces"]],
    "deploymentId": [d["id"] for d in get(f"{o}/deployments")["deployments"]],
}
if api == "v1":
    dep, ws = ids["deploymentId"][0], ids["workspaceId"][0]
    call("POST", f"{o}/tokens", {"name": "st", "role": "ORGANIZATION_MEMBER", "scope": "ORGANIZATION"})
    call("POST", f"{o}/roles", {"name": "st-role", "scopeType": "DEPLOYMENT", "permissions": ["deployment.get"]})
    call("POST", f"{o}/environment-objects", {"objectKey": "ST_VAR", "objectType": "ENVIRONMENT_VARIABLE",
         "scope": "WORKSPACE", "scopeEntityId": ws, "autoLinkDeployments": True, "environmentVariable": {"value": "v"}})
    call("POST", f"{o}/allowed-ip-address-ranges", {"ipAddressRange": "192.0.2.0/24"})
    deploy = call("POST", f"{o}/deployments/{dep}/deploys", {"type": "IMAGE_ONLY"})
    invite = call("POST", f"{o}/invites", {"inviteeEmail": "st@acme.example", "role": "ORGANIZATION_MEMBER"})
    agent = call("POST", f"{o}/deployments/{dep}/agent-tokens", {"name": "st-agent"})
    roles = [r["id"] for r in get(f"{o}/roles")["roles"]]
    users = [u["id"] for u in get(f"{o}/users")["users"]]
    ids.update({
        "tokenId": [t["id"] for t in get(f"{o}/tokens")["tokens"]],
        "customRoleId": roles, "roleId": roles,
        "teamId": [t["id"] for t in get(f"{o}/teams")["teams"]],
        "userId": users, "memberId": users,
        "environmentObjectId": [e["id"] for e in get(f"{o}/environment-objects")["environmentObjects"] if "id" in e],
        "allowedIpAddressRangeId": [r["id"] for r in get(f"{o}/allowed-ip-address-ranges")["allowedIpAddressRanges"]],
        "deployId": [deploy["id"]], "inviteId": [invite["inviteId"]], "agentTokenId": [agent["id"]],
    })
lines = ["# generated by tests/schemathesis/run.sh from the emulator's seed"]
for name, values in ids.items():
    if values:
        lines += [f"[dictionaries.{name}]", "values = " + json.dumps(values), ""]
lines.append("[parameters]")
for name, values in ids.items():
    if values:
        lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}')
# The checks are set here rather than with --checks, which would override the per-operation
# setting below.
lines += ["", "[checks]", "enabled = false"] + [f"{c}.enabled = true" for c in checks.split(",") if c]
if api == "v1" and "status_code_conformance" in checks:
    # Its contract lists no error answer, so any 4xx would be "undocumented".
    lines += ["", "[[operations]]", 'include-operation-id = "getOrganizationAuditLogs"',
              "checks.status_code_conformance.enabled = false"]
open(out, "w").write("\n".join(lines) + "\n")
print(f"{api}: seeded ids:", {k: len(v) for k, v in ids.items()})
PY
  log "$api: $spec at $origin$base; max examples $examples; time limit ${timeout_s}s"
  started=$(date +%s)
  set +e
  # Run from inside the report folder so schemathesis's own cache (.schemathesis/) lands there.
  (cd "$report" && timeout --kill-after=10 "$timeout_s" "$ROOT/$VENV/bin/st" \
    --config-file "$ROOT/$config" run "$ROOT/$spec" \
    --url "$origin$base" \
    --header "Authorization: Bearer $token" \
    "${extra[@]}" \
    --max-examples "$examples" \
    --seed "$SEED" \
    --generation-database none \
    --workers 1 \
    --request-timeout 10 \
    --no-color \
    --report junit --report-dir .)
  api_rc=$?
  set -e
  if [[ $api_rc -eq 124 || $api_rc -eq 137 ]]; then log "$api: timed out after ${timeout_s}s"; fi
  log "$api: exit code $api_rc after $(( $(date +%s) - started ))s"
  [[ $api_rc -eq 0 ]] || rc=$api_rc
  kill -0 "$emu_pid" 2>/dev/null || { log "the emulator died during the run:"; cat "$out"; exit 1; }
done
log "exit code $rc"
exit $rc
