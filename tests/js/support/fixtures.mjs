// Realistic payloads, modelled on the API reference samples (responses include a few values the
// server added later, which the client must pass through untouched).

export const TOKEN = "astro-secret-TOKEN-7f3a9c";
export const ORG = "clmaxoarx000008l2c5ayb9pt";

export const subject = {
  apiTokenName: "my-token",
  fullName: "Jane Doe",
  id: "clm8qv74h000008mlf08scq7k",
  subjectType: "USER",
  username: "user1@company.com",
};

export function organization(over = {}) {
  return {
    billingEmail: "billing@company.com",
    createdAt: "2022-11-22T04:37:12T", // malformed on purpose: timestamps stay strings
    createdBy: subject,
    id: ORG,
    isScimEnabled: false,
    managedDomains: [
      {
        createdAt: "2019-08-24T14:15:22Z",
        enforcedLogins: ["password"],
        id: "cln203mz7000008jv0jyz9m3y",
        name: "mycompany.com",
        organizationId: ORG,
        status: "PENDING",
        updatedAt: "2019-08-24T14:15:22Z",
      },
    ],
    name: "My organization",
    paymentMethod: "CREDIT_CARD",
    product: "HOSTED",
    status: "ACTIVE",
    supportPlan: "BUSINESS_CRITICAL",
    trialExpiresAt: "2022-11-22T04:37:12T",
    updatedAt: "2022-11-22T04:37:12T",
    updatedBy: subject,
    ...over,
  };
}

export function cluster(over = {}) {
  return {
    cloudProvider: "AWS",
    createdAt: "2022-11-22T04:37:12Z",
    dbInstanceType: "db.t3.medium",
    id: "clm7k8tgw000008jz97i37y81",
    isLimited: false,
    metadata: { externalIPs: ["35.100.100.1"] },
    name: "my cluster",
    nodePools: [
      {
        cloudProvider: "AWS",
        clusterId: "clm7k8tgw000008jz97i37y81",
        createdAt: "2022-11-22T04:37:12Z",
        id: "clm890zhe000208jr39dd0ubs",
        isDefault: true,
        maxNodeCount: 1,
        name: "default",
        nodeInstanceType: "t3.medium",
        supportedAstroMachines: ["A5", "A10", "A160"],
        updatedAt: "2022-11-22T04:37:12Z",
      },
    ],
    organizationId: ORG,
    podSubnetRange: "172.21.0.0/19",
    providerAccount: "provider-account",
    region: "us-east-1",
    servicePeeringRange: "172.23.0.0/20",
    serviceSubnetRange: "172.22.0.0/22",
    status: "CREATED",
    tags: [{ key: "key1", value: "value1" }],
    tenantId: "your-tenant-id",
    type: "DEDICATED",
    updatedAt: "2022-11-22T04:37:12Z",
    vpcSubnetRange: "172.20.0.0/22",
    workspaceIds: ["clm88rddl000108jwgeka2div"],
    ...over,
  };
}

export function workspace(over = {}) {
  return {
    cicdEnforcedDefault: true,
    createdAt: "2023-09-08T12:00:00Z",
    createdBy: subject,
    description: "This is a test workspace",
    id: "clm8t5u4q000008jq4qoc3036",
    name: "My Workspace",
    organizationId: ORG,
    organizationName: "My Organization",
    updatedAt: "2023-09-08T13:30:00Z",
    updatedBy: subject,
    ...over,
  };
}

export function deployment(over = {}) {
  return {
    airflowVersion: "2.7.2",
    cloudProvider: "azure",
    clusterId: "clmh597sg000208lb2kjhcn8q",
    clusterName: "my cluster",
    contactEmails: ["user1@company.com"],
    createdAt: "2022-11-22T04:37:12Z",
    createdBy: subject,
    dagTarballVersion: "1",
    defaultTaskPodCpu: "0.5",
    defaultTaskPodMemory: "1",
    description: "My deployment description",
    environmentVariables: [{ isSecret: true, key: "my-var", updatedAt: "2022-11-22T04:37:12Z", value: "my-var-value" }],
    executor: "CELERY",
    externalIPs: ["0.0.0.0"],
    id: "clmh57jtm000008lb58fe2wmv",
    imageTag: "my-image-tag",
    imageVersion: "deploy-2023-09-14T19-04",
    isCicdEnforced: true,
    isDagDeployEnabled: true,
    isHighAvailability: true,
    name: "My deployment",
    namespace: "weightless-diameter-8927",
    organizationId: ORG,
    region: "us-east-1",
    resourceQuotaCpu: "160",
    resourceQuotaMemory: "320Gi",
    runtimeVersion: "9.1.0",
    schedulerAu: 5,
    schedulerCpu: "1",
    schedulerMemory: "1Gi",
    schedulerReplicas: 1,
    schedulerSize: "MEDIUM",
    status: "HEALTHY",
    statusReason: "Successfully Deployed",
    taskPodNodePoolId: "clmh5mash000008mia6lnbs0f",
    type: "DEDICATED",
    updatedAt: "2022-11-22T04:37:12Z",
    updatedBy: subject,
    webServerAirflowApiUrl: "myorganization.astronomer-dev.run/d8fe2wmv/api/v1",
    webServerCpu: "0.5",
    webServerIngressHostname: "clmh597sg000208lb2kjhcn8q.astronomer.run/d8fe2wmv",
    webServerMemory: "0.5Gi",
    webServerReplicas: 1,
    webServerUrl: "myorganization.astronomer-dev.run/d8fe2wmv?orgId=org_edxLzpFcLrgEfpD5",
    workerQueues: [
      {
        astroMachine: "A5",
        id: "clmh9vsuf000908midngba9mw",
        isDefault: true,
        maxWorkerCount: 10,
        minWorkerCount: 1,
        name: "My worker queue",
        nodePoolId: "clmh9yjcn000a08mi8dsgbno9",
        podCpu: "1",
        podMemory: "2Gi",
        workerConcurrency: 20,
      },
    ],
    workloadIdentity: "string",
    workspaceId: "clmh58o7d000108lb74ktc9o64",
    workspaceName: "my-workspace",
    ...over,
  };
}

export function clusterOptions() {
  const inst = { cpu: 4, memory: "16Gi", name: "e2-standard-4" };
  const region = { bannedInstances: ["t3.medium"], limited: true, name: "us-east-1" };
  return [
    {
      databaseInstances: [inst],
      defaultDatabaseInstance: inst,
      defaultNodeInstance: inst,
      defaultPodSubnetRange: "172.21.0.0/19",
      defaultRegion: region,
      defaultServicePeeringRange: "172.23.0.0/20",
      defaultServiceSubnetRange: "172.22.0.0/22",
      defaultVpcSubnetRange: "172.20.0.0/19",
      nodeCountDefault: 20,
      nodeCountMax: 100,
      nodeCountMin: 2,
      nodeInstances: [inst],
      provider: "AZURE",
      regions: [region],
    },
  ];
}

export function deploymentOptions() {
  const range = { ceiling: "10", default: "5", floor: "1" };
  const irange = { ceiling: 10, default: 5, floor: 1 };
  const spec = { concurrency: 10, cpu: "1", ephemeralStorage: "10Gi", memory: "2Gi" };
  return {
    executors: ["CELERY", "KUBERNETES", "ASTRO"],
    resourceQuotas: {
      defaultPodSize: { cpu: range, memory: range },
      resourceQuota: { cpu: range, memory: range },
    },
    runtimeReleases: [
      {
        airflowDatabaseMigration: false,
        airflowVersion: "2.7.1",
        channel: "stable",
        releaseDate: "2022-11-22T04:37:12Z",
        stellarDatabaseMigration: false,
        version: "9.1.0",
      },
    ],
    schedulerMachines: [{ name: "SMALL", spec }],
    workerMachines: [{ concurrency: irange, name: "A5", spec }],
    workerQueues: { maxWorkers: irange, minWorkers: irange, workerConcurrency: irange },
    workloadIdentityOptions: [{ label: "workload-label", role: "workload-role" }],
  };
}

export const workerQueue = {
  astroMachine: "A5",
  isDefault: true,
  maxWorkerCount: 1,
  minWorkerCount: 0,
  name: "default",
  workerConcurrency: 5,
};

export const createDedicatedDeployment = {
  astroRuntimeVersion: "9.1.0",
  clusterId: "clmh9g6zj000008mg77if5wa2",
  defaultTaskPodCpu: "0.5",
  defaultTaskPodMemory: "1Gi",
  description: "My deployment description",
  executor: "CELERY",
  isCicdEnforced: true,
  isDagDeployEnabled: true,
  isHighAvailability: false,
  name: "My deployment",
  resourceQuotaCpu: "160",
  resourceQuotaMemory: "320Gi",
  schedulerSize: "MEDIUM",
  type: "DEDICATED",
  workerQueues: [workerQueue],
  workspaceId: "clmh8ol3x000008jo656y4285",
};

export const createHybridDeployment = {
  astroRuntimeVersion: "9.1.0",
  clusterId: "clmh9g6zj000008mg77if5wa2",
  executor: "KUBERNETES",
  isCicdEnforced: false,
  isDagDeployEnabled: true,
  name: "Hybrid deployment",
  scheduler: { au: 5, replicas: 1 },
  taskPodNodePoolId: "clmh5mash000008mia6lnbs0f",
  type: "HYBRID",
  workerQueues: [
    { isDefault: true, maxWorkerCount: 2, minWorkerCount: 0, name: "default", nodePoolId: "clmh9yjcn000a08mi8dsgbno9", workerConcurrency: 16 },
  ],
  workspaceId: "clmh8ol3x000008jo656y4285",
};

export const createStandardDeployment = {
  astroRuntimeVersion: "9.1.0",
  cloudProvider: "GCP",
  region: "us-central1",
  defaultTaskPodCpu: "0.25",
  defaultTaskPodMemory: "0.5Gi",
  executor: "CELERY",
  isCicdEnforced: false,
  isDagDeployEnabled: false,
  isHighAvailability: false,
  name: "Standard deployment",
  resourceQuotaCpu: "10",
  resourceQuotaMemory: "20Gi",
  schedulerSize: "SMALL",
  type: "STANDARD",
  workspaceId: "clmh8ol3x000008jo656y4285",
};

export const updateDedicatedDeployment = {
  contactEmails: ["user1@company.com"],
  defaultTaskPodCpu: "0.5",
  defaultTaskPodMemory: "1",
  description: "My deployment description",
  environmentVariables: [{ isSecret: false, key: "my-var", value: "my-var-value" }],
  executor: "CELERY",
  isCicdEnforced: true,
  isDagDeployEnabled: true,
  isHighAvailability: true,
  name: "My deployment",
  resourceQuotaCpu: "160",
  resourceQuotaMemory: "320Gi",
  schedulerSize: "LARGE",
  type: "DEDICATED",
  workerQueues: [{ ...workerQueue, id: "clmha1mzc000b08mi96n182au", maxWorkerCount: 3 }],
  workloadIdentity: "arn:aws:iam::123456789:role/AirflowS3Logs-clmk2qqia000008mhff3ndjr0",
  workspaceId: "clmh7vdf4000008lhhlnk9t6o",
};

export const updateHybridDeployment = {
  contactEmails: [],
  environmentVariables: [{ isSecret: true, key: "API_KEY", value: "s3cr3t-value" }],
  executor: "CELERY",
  isCicdEnforced: false,
  isDagDeployEnabled: true,
  name: "Hybrid deployment",
  scheduler: { au: 10, replicas: 2 },
  type: "HYBRID",
  workerQueues: [
    { id: "q1", isDefault: true, maxWorkerCount: 4, minWorkerCount: 1, name: "default", nodePoolId: "np1", workerConcurrency: 16 },
  ],
  workspaceId: "clmh7vdf4000008lhhlnk9t6o",
};

export const updateStandardDeployment = {
  defaultTaskPodCpu: "1",
  defaultTaskPodMemory: "2Gi",
  environmentVariables: [],
  executor: "KUBERNETES",
  isCicdEnforced: true,
  isDagDeployEnabled: true,
  isHighAvailability: false,
  name: "Standard deployment",
  resourceQuotaCpu: "20",
  resourceQuotaMemory: "40Gi",
  schedulerSize: "SMALL",
  type: "STANDARD",
  workspaceId: "clmh7vdf4000008lhhlnk9t6o",
};

export const createAwsCluster = {
  cloudProvider: "AWS",
  dbInstanceType: "db.t3.medium",
  k8sTags: [{ key: "team", value: "data" }],
  name: "aws cluster",
  nodePools: [{ isDefault: true, maxNodeCount: 10, name: "default", nodeInstanceType: "m5.xlarge" }],
  providerAccount: "123456789012",
  region: "us-east-1",
  type: "HYBRID",
  vpcSubnetRange: "172.20.0.0/22",
  workspaceIds: ["ws-a", "ws-b"],
};

export const createAzureCluster = {
  cloudProvider: "AZURE",
  name: "azure cluster",
  region: "westus2",
  tenantId: "your-tenant-id",
  type: "DEDICATED",
  vpcSubnetRange: "172.20.0.0/19",
};

export const createGcpCluster = {
  cloudProvider: "GCP",
  name: "gcp cluster",
  podSubnetRange: "172.21.0.0/19",
  region: "us-central1",
  servicePeeringRange: "172.23.0.0/20",
  serviceSubnetRange: "172.22.0.0/22",
  type: "DEDICATED",
  vpcSubnetRange: "172.20.0.0/22",
};

export const updateCluster = {
  dbInstanceType: "db.t3.large",
  k8sTags: [{ key: "key1", value: "value1" }],
  name: "My cluster",
  nodePools: [{ id: "clm8bvk8b000008l9deowc5lx", isDefault: true, maxNodeCount: 10, name: "my-nodepool", nodeInstanceType: "t3.medium" }],
  workspaceIds: [],
};

export function apiError(status, message, requestId = `req-${status}-abc`) {
  return { message, requestId, statusCode: status };
}

/** Own enumerable and non-enumerable properties, message and stack, cause chain: as text. */
export function everythingIn(err) {
  const seen = new Set();
  const walk = (v, depth) => {
    if (v === null || typeof v !== "object" || depth > 6 || seen.has(v)) {
      return typeof v === "function" ? String(v.name) : v;
    }
    seen.add(v);
    const out = {};
    for (const k of Object.getOwnPropertyNames(v)) {
      try {
        out[k] = walk(v[k], depth + 1);
      } catch {
        out[k] = "<unreadable>";
      }
    }
    if (v instanceof Error) {
      out.__message = v.message;
      out.__stack = v.stack;
      out.__name = v.name;
      out.__cause = walk(v.cause, depth + 1);
      out.__string = String(v);
    }
    return out;
  };
  return JSON.stringify(walk(err, 0));
}
