// A valid first argument for each of the 20 operations, and which of its fields the hostile
// suite attacks: `str` is a required string field (a path parameter), `enumField`/`maxLen` are
// fields with an enum / a maxLength when the operation has one, `obj` a field holding objects.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./pkg.mjs";

const REQ = path.join(ROOT, "tests/fixtures/requests");
const body = (op) => JSON.parse(readFileSync(path.join(REQ, `${op}.json`), "utf8"));

export const ORG = "clmaxoarx000008l2c5ayb9pt";
const CLUSTER = "clm7k8tgw000008jz97i37y81";
const WS = "clm88rddl000108jwgeka2div";
const DEP = "clmh57jtm000008lb58fe2wmv";

export const OPS = {
  listOrganizations: { base: () => ({ limit: 5 }), str: null, enumField: "product", optionalInput: true },
  getOrganization: { base: () => ({ organizationId: ORG }), str: "organizationId" },
  updateOrganization: { base: () => ({ organizationId: ORG, ...body("updateOrganization") }), str: "organizationId", maxLen: "name" },
  listClusters: { base: () => ({ organizationId: ORG, limit: 5 }), str: "organizationId", enumField: "provider" },
  createCluster: { base: () => ({ organizationId: ORG, ...body("createCluster") }), str: "organizationId", enumField: "cloudProvider", maxLen: "name", obj: "k8sTags" },
  getCluster: { base: () => ({ organizationId: ORG, clusterId: CLUSTER }), str: "clusterId" },
  updateCluster: { base: () => ({ organizationId: ORG, clusterId: CLUSTER, ...body("updateCluster") }), str: "clusterId", maxLen: "name", obj: "nodePools" },
  deleteCluster: { base: () => ({ organizationId: ORG, clusterId: CLUSTER }), str: "clusterId" },
  getClusterOptions: { base: () => ({ organizationId: ORG, type: "DEDICATED" }), str: "organizationId", enumField: "type" },
  getDeploymentOptions: { base: () => ({ organizationId: ORG, deploymentType: "DEDICATED" }), str: "organizationId", enumField: "deploymentType" },
  listWorkspaces: { base: () => ({ organizationId: ORG, limit: 5 }), str: "organizationId" },
  createWorkspace: { base: () => ({ organizationId: ORG, ...body("createWorkspace") }), str: "organizationId", maxLen: "name" },
  getWorkspace: { base: () => ({ organizationId: ORG, workspaceId: WS }), str: "workspaceId" },
  updateWorkspace: { base: () => ({ organizationId: ORG, workspaceId: WS, ...body("updateWorkspace") }), str: "workspaceId", maxLen: "name" },
  deleteWorkspace: { base: () => ({ organizationId: ORG, workspaceId: WS }), str: "workspaceId" },
  listDeployments: { base: () => ({ organizationId: ORG, limit: 5 }), str: "organizationId" },
  createDeployment: { base: () => ({ organizationId: ORG, ...body("createDeployment") }), str: "organizationId", enumField: "executor", maxLen: "name", obj: "workerQueues" },
  getDeployment: { base: () => ({ organizationId: ORG, deploymentId: DEP }), str: "deploymentId" },
  updateDeployment: { base: () => ({ organizationId: ORG, deploymentId: DEP, ...body("updateDeployment") }), str: "deploymentId", enumField: "schedulerSize", maxLen: "name", obj: "workerQueues" },
  deleteDeployment: { base: () => ({ organizationId: ORG, deploymentId: DEP }), str: "deploymentId" },
};

export const OP_NAMES = Object.keys(OPS);
