// A TypeScript consumer of the packed package, compiled with `tsc --strict --noEmit` (see
// tests/js/types.test.mjs). It resolves "astro-platform-client" by name through the package's
// `exports`/`types`. Each `@ts-expect-error` line must be a type error; tsc fails if it is not.
import {
  AstroClient,
  AstroError,
  AstroApiError,
  AstroValidationError,
  AstroNetworkError,
  AstroTimeoutError,
  AstroDecodeError,
  AstroWaitError,
} from "astro-platform-client";
import type {
  Organization,
  OrganizationsPaginated,
  Cluster,
  ClustersPaginated,
  ClusterOptions,
  Workspace,
  WorkspacesPaginated,
  Deployment,
  DeploymentsPaginated,
  DeploymentOptions,
  CreateDeploymentInput,
  CreateClusterInput,
  CreateWorkspaceInput,
  PreparedRequest,
  ValidationIssue,
  WaitProgress,
  AstroRequestInfo,
  AstroResponseInfo,
  CallOptions,
} from "astro-platform-client";

declare const signal: AbortSignal;

const astro = new AstroClient({
  token: "t",
  baseUrl: "https://api.astronomer.io/platform/v1beta1",
  organizationId: "org",
  timeoutMs: 30000,
  headers: { "x-team": "data" },
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  maxRetries: 2,
  maxRetryDelayMs: 60000,
  maxResponseBytes: 32 * 1024 * 1024,
  onRequest: (info: AstroRequestInfo) => void info.attempt.toFixed(0),
  onResponse: (info: AstroResponseInfo) => void (info.status ?? 0).toFixed(0),
});
new AstroClient({ tokenProvider: async () => "rotating" });
new AstroClient({ tokenProvider: () => "sync" });
new AstroClient();

export async function results(): Promise<void> {
  const orgs: OrganizationsPaginated = await astro.listOrganizations();
  const org: Organization | undefined = orgs.organizations[0];
  const o2: Organization = await astro.getOrganization({ organizationId: org?.id ?? "x", isLookUpOnly: true });
  const o3: Organization = await astro.updateOrganization({ billingEmail: "b@c.com", isScimEnabled: false, name: o2.name });
  const n: number = orgs.totalCount + orgs.limit + orgs.offset;
  void o3;
  void n;

  const clusters: ClustersPaginated = await astro.listClusters({ provider: "AWS", limit: 10, offset: 0, sorts: ["name:asc", "createdAt:desc"] });
  const c: Cluster = await astro.getCluster({ clusterId: clusters.clusters[0]?.id ?? "c" });
  const status: string = c.status; // response enums admit unknown strings
  void status;
  const opts: ClusterOptions[] = await astro.getClusterOptions({ type: "DEDICATED", provider: "GCP" });
  void opts;
  const updated: Cluster = await astro.updateCluster({ clusterId: c.id, name: "n", k8sTags: [{ key: "k", value: "v" }] });
  void updated;
  const deleted: void = await astro.deleteCluster({ clusterId: c.id });
  void deleted;

  const ws: Workspace = await astro.createWorkspace({ name: "Data", description: "d" }, { signal, timeoutMs: 5000 });
  const wsList: WorkspacesPaginated = await astro.listWorkspaces({ workspaceIds: [ws.id], sorts: ["updatedAt:desc"] });
  const ws2: Workspace = await astro.updateWorkspace({ workspaceId: ws.id, name: "n", description: "d", cicdEnforcedDefault: true });
  await astro.getWorkspace({ workspaceId: ws2.id });
  await astro.deleteWorkspace({ workspaceId: ws.id });
  void wsList;

  const dopts: DeploymentOptions = await astro.getDeploymentOptions({ deploymentType: "STANDARD", cloudProvider: "AWS" });
  const version: string | undefined = dopts.runtimeReleases[0]?.version;
  void version;
  const deps: DeploymentsPaginated = await astro.listDeployments({ workspaceIds: ["w"], deploymentIds: ["d"], limit: 5000 });
  const d: Deployment = await astro.getDeployment({ deploymentId: deps.deployments[0]?.id ?? "d" });
  const executor: string | undefined = d.executor;
  void executor;
  const gone: void = await astro.deleteDeployment({ deploymentId: d.id });
  void gone;

  const prepared: PreparedRequest = await astro.prepare("createWorkspace", { name: "Data" });
  const method: "GET" | "POST" | "DELETE" = prepared.method;
  const body: string | undefined = prepared.body;
  void method;
  void body;

  for await (const item of astro.paginate("listDeployments", { workspaceIds: ["w"], limit: 50 })) {
    const dep: Deployment = item;
    void dep;
  }
  for await (const page of astro.paginate("listWorkspaces", {}).pages()) {
    const p: WorkspacesPaginated = page;
    void p;
  }
  const all: Workspace[] = await astro.listAll("listWorkspaces", {}, { maxItems: 500 });
  void all;

  const healthy: Deployment = await astro.waitForDeployment(
    { deploymentId: d.id },
    { timeoutMs: 600000, intervalMs: 5000, signal, onProgress: (p: WaitProgress) => void `${p.previous ?? "-"} -> ${p.current} after ${p.elapsedMs}` },
  );
  const created: Cluster = await astro.waitForCluster({ clusterId: c.id, until: "CREATED" });
  await astro.waitForClusterDeleted({ clusterId: c.id });
  void healthy;
  void created;
}

// Union request bodies narrow on their selector field.
export function describe(input: CreateDeploymentInput): string {
  switch (input.type) {
    case "HYBRID":
      return `${input.scheduler.au} AU x ${input.scheduler.replicas}`;
    case "DEDICATED":
      return `${input.clusterId} ${input.schedulerSize}`;
    case "STANDARD":
      return `${input.cloudProvider ?? "any"} ${input.schedulerSize}`;
    default: {
      const never: never = input;
      return never;
    }
  }
}

export function clusterRegion(input: CreateClusterInput): string {
  if (input.cloudProvider === "GCP") return `${input.region} ${input.podSubnetRange}`;
  if (input.cloudProvider === "AZURE") return `${input.region} ${input.tenantId ?? ""}`;
  return input.region;
}

const dedicated: CreateDeploymentInput = {
  type: "DEDICATED",
  name: "d",
  workspaceId: "w",
  clusterId: "c",
  astroRuntimeVersion: "9.1.0",
  executor: "CELERY",
  schedulerSize: "SMALL",
  defaultTaskPodCpu: "0.5",
  defaultTaskPodMemory: "1Gi",
  resourceQuotaCpu: "10",
  resourceQuotaMemory: "20Gi",
  isCicdEnforced: false,
  isDagDeployEnabled: true,
  isHighAvailability: false,
  workerQueues: [{ name: "default", isDefault: true, astroMachine: "A5", minWorkerCount: 0, maxWorkerCount: 1, workerConcurrency: 5 }],
};
const hybrid: CreateDeploymentInput = {
  type: "HYBRID",
  name: "h",
  workspaceId: "w",
  clusterId: "c",
  astroRuntimeVersion: "9.1.0",
  executor: "KUBERNETES",
  isCicdEnforced: false,
  isDagDeployEnabled: true,
  scheduler: { au: 5, replicas: 1 },
};
const ws: CreateWorkspaceInput = { name: "Data" };
const callOptions: CallOptions = { signal, timeoutMs: 1000, headers: { a: "b" }, maxRetries: 0, retry: true };
void dedicated;
void hybrid;
void ws;
void callOptions;

// Errors: narrowing with instanceof gives the typed fields.
export function explain(e: unknown): string {
  if (e instanceof AstroApiError) return `${e.operation} ${e.status} ${e.requestId ?? ""} ${e.body} ${e.attempts}`;
  if (e instanceof AstroValidationError) return e.issues.map((i: ValidationIssue) => `${i.path} ${i.rule} ${i.message}`).join("\n");
  if (e instanceof AstroTimeoutError) return `${e.operation} ${e.timeoutMs} ${e.attempts}`;
  if (e instanceof AstroNetworkError) return `${e.operation} ${e.attempts}`;
  if (e instanceof AstroDecodeError) return `${e.operation} ${e.status}`;
  if (e instanceof AstroWaitError) return `${e.reason} ${String(e.lastSeen)}`;
  if (e instanceof AstroError) return e.message;
  return String(e);
}

// ---- what must NOT type-check ----

// @ts-expect-error: "CELERI" is not an executor
const badExecutor: CreateDeploymentInput = { ...dedicated, executor: "CELERI" };
// @ts-expect-error: "HUGE" is not a scheduler size
const badSize: CreateDeploymentInput = { ...dedicated, schedulerSize: "HUGE" };
// @ts-expect-error: createWorkspace without its required name
void astro.createWorkspace({ description: "no name" });
// @ts-expect-error: an unknown operation name
void astro.prepare("createWorkspaces", { name: "x" });
// @ts-expect-error: a HYBRID deployment needs its scheduler
const badHybrid: CreateDeploymentInput = { ...hybrid, scheduler: undefined };
// @ts-expect-error: getWorkspace needs a workspaceId
void astro.getWorkspace({});
// @ts-expect-error: sorts values are an enum
void astro.listWorkspaces({ sorts: ["name:up"] });
// @ts-expect-error: paginate is only for list operations
void astro.paginate("getWorkspace", { workspaceId: "w" });
// @ts-expect-error: listAll requires maxItems
void astro.listAll("listWorkspaces", {}, {});
// @ts-expect-error: the cloud provider of a cluster is an enum
void astro.createCluster({ cloudProvider: "IBM", name: "n", region: "r", type: "DEDICATED", vpcSubnetRange: "10.0.0.0/16" });
// @ts-expect-error: a result field that does not exist
void ws.nonexistentField;
void badExecutor;
void badSize;
void badHybrid;
