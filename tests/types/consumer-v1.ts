// A TypeScript consumer of the v1 entry, compiled with `tsc --strict --noEmit` (see
// tests/js/types.test.mjs): the generated operation maps, inputs, unions and results, the version
// pin, fieldErrors, binary responses and the deploy waiter. Each `@ts-expect-error` line must be a
// type error; tsc fails if it is not.
import { AstroClient, AstroApiError, AstroValidationError } from "astro-platform-client/v1";
import type {
  ApiToken,
  AstroBinaryResponse,
  AstroFieldError,
  CreateDeploymentInput,
  CreateDeploymentRequest,
  Deploy,
  Deployment,
  DeploymentLog,
  OperationName,
  OperationResults,
  SelfUser,
  UpdateClusterInput,
} from "astro-platform-client/v1";
import * as beta from "astro-platform-client/v1beta1";

const astro = new AstroClient({ token: "t", organizationId: "org", apiVersion: "1.0", timeoutMs: 5000 });

export async function v1(): Promise<void> {
  const me: SelfUser = await astro.getSelfUser();
  void me.id;
  const minimal: CreateDeploymentInput = { name: "d", workspaceId: "w" };
  const created: Deployment = await astro.createDeployment(minimal);
  const typed: CreateDeploymentRequest = { type: "HYBRID", name: "h", workspaceId: "w", scheduler: { au: 5, replicas: 1 } };
  await astro.createDeployment(typed);
  const status: string = created.status;
  void status;
  const logs: DeploymentLog = await astro.getDeploymentLogs({ deploymentId: created.id, sources: ["scheduler", "worker"], searchText: "error" });
  void logs.results.length;
  const token: ApiToken = await astro.rotateApiToken({ tokenId: "tok" });
  void token.token;
  const none: void = await astro.deleteApiToken({ tokenId: "tok" });
  void none;
  const audit: AstroBinaryResponse = await astro.getOrganizationAuditLogs({ startDate: "2026-01-01T00:00:00Z" });
  for await (const record of audit) void record;
  const deploy: Deploy = await astro.waitForDeploy({ deploymentId: created.id, deployId: "dep" }, { timeoutMs: 60000 });
  void deploy.status;
  const cluster: UpdateClusterInput = { clusterId: "c", clusterType: "HYBRID", workspaceIds: ["w"] };
  await astro.updateCluster(cluster);
  for await (const t of astro.paginate("listApiTokens", { limit: 50 })) void (t satisfies ApiToken).name;
  const all: ApiToken[] = await astro.listAll("listApiTokens", {}, { maxItems: 1000 });
  void all;
  const name: OperationName = "bulkCreateAllowedIpAddressRanges";
  void name;
  const generic: OperationResults["getDeployment"] = await astro.request("getDeployment", { deploymentId: "d" });
  void generic.apiUrl;
  try {
    await astro.createApiToken({ name: "ci", role: "ORGANIZATION_MEMBER", scope: "ORGANIZATION" });
  } catch (e) {
    if (e instanceof AstroApiError) {
      const fields: AstroFieldError[] = e.fieldErrors;
      void fields;
    } else if (e instanceof AstroValidationError) {
      void e.issues;
    }
  }

  // @ts-expect-error a HYBRID deployment has no schedulerSize
  const bad1: CreateDeploymentRequest = { type: "HYBRID", name: "h", workspaceId: "w", schedulerSize: "SMALL" };
  void bad1;
  // @ts-expect-error workspaceId is required
  await astro.createDeployment({ name: "d" });
  // @ts-expect-error sources is required
  await astro.getDeploymentLogs({ deploymentId: "d" });
  // @ts-expect-error v1 has no listOrganizations filter supportPlan
  await astro.listOrganizations({ supportPlan: "TRIAL" });
  // @ts-expect-error not an operation of v1
  await astro.request("getDeploymentOptionz", {});
  // @ts-expect-error not a list operation
  astro.paginate("getSelfUser", {});

  // The v1beta1 entry has its own 20 operations only.
  const b = new beta.AstroClient({ token: "t" });
  await b.listOrganizations({ supportPlan: "TRIAL" });
  // @ts-expect-error v1beta1 has no deployment logs
  await b.getDeploymentLogs({ deploymentId: "d", sources: ["worker"] });
}
