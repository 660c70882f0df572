// Realistic Deployments for the benchmark: v1beta1 objects built to match
// spec/platform-v1beta1.yaml (Deployment, DeploymentsPaginated, CreateDedicatedDeploymentRequest)
// and v1 objects built to match spec/astro-v1.yaml (Deployment, DeploymentsPaginated).
// Shared by the fixed-body server (responses) and the runners (the createDeployment body).
// Deterministic: the same index always gives the same object.

export const ORG_ID = "clmh59gt0000308lbgswe5fvh";
export const TOTAL = 10_000;
export const TOKEN = "bench-token-0123456789abcdef";

// cuid-like ids (25 chars, lowercase base36), distinct per (prefix, index)
export function cuid(prefix, i) {
  const body = (i * 7919 + 104729).toString(36).padStart(8, "0");
  return ("cl" + prefix + body + "0000008lb58fe2wmv").slice(0, 25);
}

const STATUSES = ["HEALTHY", "HEALTHY", "HEALTHY", "DEPLOYING", "UNHEALTHY", "CREATING"];
const SIZES = ["SMALL", "MEDIUM", "LARGE"];
const REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"];
const MACHINES = ["A5", "A10", "A20", "A40", "A60"];

function ts(i, base = Date.UTC(2023, 8, 14, 19, 4, 0)) {
  return new Date(base + i * 61_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function profile(i) {
  return i % 3 === 0
    ? { id: cuid("ap", i % 97), subjectType: "SERVICEKEY", apiTokenName: `ci-token-${i % 97}` }
    : {
        id: cuid("us", i % 53),
        subjectType: "USER",
        username: `user${i % 53}@company.com`,
        fullName: `Jane Doe ${i % 53}`,
        avatarUrl: `https://avatars.example.com/u/${i % 53}.png`,
      };
}

/** One Deployment (about 2 KB of JSON), distinct id and name per index. */
export function deployment(i) {
  const id = cuid("dp", i);
  const ns = `weightless-diameter-${(8927 + i) % 10000}`;
  const wsIdx = i % 40;
  const celery = i % 5 !== 4;
  return {
    id,
    name: `Deployment ${i} (${["etl", "ml", "reporting", "ingest"][i % 4]})`,
    description: `Airflow environment ${i} for the data platform team; owned by squad ${i % 17}.`,
    organizationId: ORG_ID,
    workspaceId: cuid("ws", wsIdx),
    workspaceName: `workspace-${wsIdx}`,
    clusterId: cuid("cs", i % 8),
    clusterName: `cluster-${i % 8}`,
    cloudProvider: "aws",
    region: REGIONS[i % REGIONS.length],
    type: "DEDICATED",
    status: STATUSES[i % STATUSES.length],
    statusReason: "Successfully Deployed",
    executor: celery ? "CELERY" : "KUBERNETES",
    runtimeVersion: "9.1.0",
    airflowVersion: "2.7.2",
    namespace: ns,
    contactEmails: [`owner${i % 31}@company.com`, "data-platform@company.com"],
    environmentVariables: [
      { key: "AIRFLOW__CORE__PARALLELISM", value: "64", isSecret: false, updatedAt: ts(i) },
      { key: "SNOWFLAKE_ACCOUNT", value: `acct-${i % 13}`, isSecret: false, updatedAt: ts(i) },
      { key: "SNOWFLAKE_PASSWORD", isSecret: true, updatedAt: ts(i) },
    ],
    externalIPs: ["35.172.10.4", "52.4.88.120"],
    imageRepository: `images.astronomer.cloud/${ns}/airflow`,
    imageTag: `deploy-2023-09-14T19-04-${i}`,
    imageVersion: `deploy-2023-09-14T19-04-${i}`,
    dagTarballVersion: String(1 + (i % 9)),
    isCicdEnforced: i % 2 === 0,
    isDagDeployEnabled: true,
    isHighAvailability: i % 3 === 0,
    defaultTaskPodCpu: "0.5",
    defaultTaskPodMemory: "1Gi",
    resourceQuotaCpu: "160",
    resourceQuotaMemory: "320Gi",
    schedulerAu: 5,
    schedulerCpu: "1",
    schedulerMemory: "2Gi",
    schedulerReplicas: 1,
    schedulerSize: SIZES[i % SIZES.length],
    webServerAirflowApiUrl: `clmh59gt0000308lbgswe5fvh.astronomer.run/d${id.slice(-8)}/api/v1`,
    webServerCpu: "0.5",
    webServerIngressHostname: "clmh59gt0000308lbgswe5fvh.astronomer.run",
    webServerMemory: "1Gi",
    webServerReplicas: 1,
    webServerUrl: `clmh59gt0000308lbgswe5fvh.astronomer.run/d${id.slice(-8)}`,
    workerQueues: celery
      ? [
          {
            id: cuid("wq", i * 2),
            name: "default",
            isDefault: true,
            astroMachine: MACHINES[i % MACHINES.length],
            minWorkerCount: 1,
            maxWorkerCount: 10,
            workerConcurrency: 16,
            podCpu: "1",
            podMemory: "2Gi",
          },
          {
            id: cuid("wq", i * 2 + 1),
            name: "heavy-tasks",
            isDefault: false,
            astroMachine: "A20",
            minWorkerCount: 0,
            maxWorkerCount: 4,
            workerConcurrency: 8,
            podCpu: "4",
            podMemory: "8Gi",
          },
        ]
      : [],
    workloadIdentity: `arn:aws:iam::123456789012:role/${ns}`,
    createdAt: ts(i),
    updatedAt: ts(i, Date.UTC(2023, 10, 1)),
    createdBy: profile(i),
    updatedBy: profile(i + 1),
  };
}

/** A realistic createDeployment body: DEDICATED, Celery, two worker queues. */
export function createDedicatedBody() {
  return {
    type: "DEDICATED",
    name: "Nightly ETL",
    description: "Loads the warehouse every night; owned by the data platform team.",
    workspaceId: cuid("ws", 3),
    clusterId: cuid("cs", 2),
    astroRuntimeVersion: "9.1.0",
    executor: "CELERY",
    isCicdEnforced: true,
    isDagDeployEnabled: true,
    isHighAvailability: true,
    defaultTaskPodCpu: "0.5",
    defaultTaskPodMemory: "1Gi",
    resourceQuotaCpu: "160",
    resourceQuotaMemory: "320Gi",
    schedulerSize: "MEDIUM",
    workerQueues: [
      {
        name: "default",
        isDefault: true,
        astroMachine: "A5",
        minWorkerCount: 1,
        maxWorkerCount: 10,
        workerConcurrency: 16,
      },
      {
        name: "heavy-tasks",
        isDefault: false,
        astroMachine: "A20",
        minWorkerCount: 0,
        maxWorkerCount: 4,
        workerConcurrency: 8,
      },
    ],
  };
}

/** The response to createDeployment: the new Deployment, status CREATING. */
export function createdDeployment() {
  const body = createDedicatedBody();
  const d = deployment(TOTAL + 1);
  return {
    ...d,
    name: body.name,
    description: body.description,
    workspaceId: body.workspaceId,
    clusterId: body.clusterId,
    status: "CREATING",
    statusReason: "Deployment is being created",
    executor: body.executor,
    schedulerSize: body.schedulerSize,
    workerQueues: body.workerQueues.map((q, k) => ({ id: cuid("nq", k), ...q, podCpu: "1", podMemory: "2Gi" })),
  };
}

/**
 * One v1 Deployment (spec/astro-v1.yaml), the same Airflow environment as `deployment(i)` in the
 * v1 shape: uppercase cloud provider, `astroRuntimeVersion`, `apiUrl`, `uiUrl`, the effective
 * workload identity, development mode and the scaling status; about 2.3 KB of JSON.
 */
export function deploymentV1(i) {
  const { workloadIdentity, webServerUrl, ...d } = deployment(i);
  return {
    ...d,
    cloudProvider: "AWS",
    astroRuntimeVersion: d.runtimeVersion,
    apiUrl: `https://${d.webServerAirflowApiUrl}`,
    uiUrl: `https://${webServerUrl}`,
    webServerUrl,
    desiredDagTarballVersion: d.dagTarballVersion,
    effectiveWorkloadIdentity: workloadIdentity,
    isDevelopmentMode: i % 4 === 1,
    scalingStatus: { hibernationStatus: { isHibernating: false, reason: "NOT_HIBERNATING" } },
  };
}
