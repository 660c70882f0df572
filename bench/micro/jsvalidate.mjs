// A hand-written JS check of a parsed DeploymentsPaginated with the same rules as the core's
// typed decode (required fields, JSON types, arrays; enums lenient; unknown fields ignored).
// Only to measure what "JSON.parse, then check the object in JS" would cost (bench/PROFILE.md).
const str = (v) => typeof v === "string";
const optStr = (v) => v === undefined || typeof v === "string";
const optBool = (v) => v === undefined || typeof v === "boolean";
const int = (v) => Number.isInteger(v);
const optInt = (v) => v === undefined || Number.isInteger(v);
const optArr = (v, f) => v === undefined || (Array.isArray(v) && v.every(f));
const obj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

const profile = (p) => obj(p) && str(p.id) && optStr(p.subjectType) && optStr(p.username) && optStr(p.fullName) && optStr(p.apiTokenName) && optStr(p.avatarUrl);
const env = (e) => obj(e) && str(e.key) && optStr(e.value) && typeof e.isSecret === "boolean" && str(e.updatedAt);
const queue = (q) => obj(q) && str(q.id) && str(q.name) && typeof q.isDefault === "boolean" && optStr(q.astroMachine) && optStr(q.nodePoolId) && int(q.minWorkerCount) && int(q.maxWorkerCount) && int(q.workerConcurrency) && optStr(q.podCpu) && optStr(q.podMemory);
const S = ["description", "workspaceName", "clusterId", "clusterName", "cloudProvider", "region", "type", "statusReason", "executor", "runtimeVersion", "airflowVersion", "namespace", "imageRepository", "imageTag", "imageVersion", "dagTarballVersion", "defaultTaskPodCpu", "defaultTaskPodMemory", "resourceQuotaCpu", "resourceQuotaMemory", "schedulerCpu", "schedulerMemory", "schedulerSize", "taskPodNodePoolId", "webServerAirflowApiUrl", "webServerCpu", "webServerIngressHostname", "webServerMemory", "webServerUrl", "workloadIdentity"];
const R = ["id", "name", "organizationId", "workspaceId", "status", "createdAt", "updatedAt"];
export function deployment(d) {
  if (!obj(d)) return false;
  for (const k of R) if (!str(d[k])) return false;
  for (const k of S) if (!optStr(d[k])) return false;
  return optBool(d.isCicdEnforced) && optBool(d.isDagDeployEnabled) && optBool(d.isHighAvailability) && optInt(d.schedulerAu) && optInt(d.schedulerReplicas) && optInt(d.webServerReplicas) &&
    optArr(d.contactEmails, str) && optArr(d.externalIPs, str) && optArr(d.environmentVariables, env) && optArr(d.workerQueues, queue) &&
    (d.createdBy === undefined || profile(d.createdBy)) && (d.updatedBy === undefined || profile(d.updatedBy));
}
export const page = (p) => obj(p) && Array.isArray(p.deployments) && p.deployments.every(deployment) && int(p.limit) && int(p.offset) && int(p.totalCount);
