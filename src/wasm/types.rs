//! TypeScript declarations of the option objects and the generic methods (merged into the
//! `AstroClient` class declaration by interface merging).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Passed to `onRequest` before each attempt. Never contains the Authorization header. */
export interface AstroRequestInfo {
  operation: OperationName;
  method: "GET" | "POST" | "DELETE";
  url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
}
/** Passed to `onResponse` after each attempt. */
export interface AstroResponseInfo extends AstroRequestInfo {
  /** HTTP status, when a response arrived. */
  status?: number;
  durationMs: number;
  requestId?: string;
  /** Why the attempt failed, if it did. */
  error?: string;
}
export type RequestInfo = AstroRequestInfo;
export type ResponseInfo = AstroResponseInfo;

/** Options of `new AstroClient(options)`. */
export interface AstroClientOptions {
  /** API token, with or without a "Bearer " prefix. */
  token?: string;
  /** Called before every attempt, for tokens that rotate. */
  tokenProvider?: () => string | Promise<string>;
  /** Default "https://api.astronomer.io/platform/v1beta1". */
  baseUrl?: string;
  /** Default organization for organization-scoped calls. */
  organizationId?: string;
  /** Per attempt, default 30000; 0 disables the timeout. */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch-compatible function used instead of the global fetch. */
  fetch?: typeof fetch;
  /** Retries of GET/DELETE (POST only with the call option `retry: true`); default 2. */
  maxRetries?: number;
  /** Longest Retry-After honoured, default 60000 ms. */
  maxRetryDelayMs?: number;
  /** Largest response body accepted, default 32 MiB. */
  maxResponseBytes?: number;
  onRequest?: (info: AstroRequestInfo) => void;
  onResponse?: (info: AstroResponseInfo) => void;
}

/** Options of one call (argument 2 of every operation method). */
export interface CallOptions {
  /** Cancels the call (in-flight request and retry waits); rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Per attempt; overrides the client's. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  maxRetries?: number;
  /** `true` allows retrying a POST; `false` disables retries for this call. */
  retry?: boolean;
}

/** What a call would send, as returned by `prepare`. */
export interface PreparedRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  /** Lowercase header names, including `authorization`. */
  headers: Record<string, string>;
  body?: string;
}

/** Input type of each operation. */
export interface OperationInputs {
  listOrganizations: ListOrganizationsInput;
  getOrganization: GetOrganizationInput;
  updateOrganization: UpdateOrganizationInput;
  listClusters: ListClustersInput;
  createCluster: CreateClusterInput;
  getCluster: GetClusterInput;
  updateCluster: UpdateClusterInput;
  deleteCluster: DeleteClusterInput;
  getClusterOptions: GetClusterOptionsInput;
  getDeploymentOptions: GetDeploymentOptionsInput;
  listWorkspaces: ListWorkspacesInput;
  createWorkspace: CreateWorkspaceInput;
  getWorkspace: GetWorkspaceInput;
  updateWorkspace: UpdateWorkspaceInput;
  deleteWorkspace: DeleteWorkspaceInput;
  listDeployments: ListDeploymentsInput;
  createDeployment: CreateDeploymentInput;
  getDeployment: GetDeploymentInput;
  updateDeployment: UpdateDeploymentInput;
  deleteDeployment: DeleteDeploymentInput;
}
/** Name of one of the 20 operations. */
export type OperationName = keyof OperationInputs;

/** Page type and item type of the four list operations. */
export interface ListOperations {
  listOrganizations: { page: OrganizationsPaginated; item: Organization };
  listClusters: { page: ClustersPaginated; item: Cluster };
  listWorkspaces: { page: WorkspacesPaginated; item: Workspace };
  listDeployments: { page: DeploymentsPaginated; item: Deployment };
}
export type ListOperationName = keyof ListOperations;

/** An async iterable over the items of a listing, one page fetched at a time. */
export interface AstroPaginator<Item, Page> extends AsyncIterableIterator<Item> {
  next(): Promise<IteratorResult<Item, undefined>>;
  /** Stops the iteration (called by `break` in `for await`). */
  return(): Promise<IteratorResult<Item, undefined>>;
  /** Iterates whole pages instead of items. */
  pages(): AsyncIterableIterator<Page>;
}

export interface ListAllOptions extends CallOptions {
  /** Required cap on the number of items collected. */
  maxItems: number;
}

/** Progress of a waiter: a status change. */
export interface WaitProgress {
  /** Status seen before (undefined on the first poll). */
  previous: string | undefined;
  current: string;
  elapsedMs: number;
}
export interface WaitOptions {
  /** Overall limit, default 600000 (10 minutes). */
  timeoutMs?: number;
  /** First poll interval, default 5000; backs off up to 60000. */
  intervalMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: WaitProgress) => void;
}
export interface WaitForDeploymentInput {
  deploymentId: string;
  organizationId?: string;
  /** Default "HEALTHY" (HIBERNATING also counts). */
  until?: DeploymentStatus;
}
export interface WaitForClusterInput {
  clusterId: string;
  organizationId?: string;
  /** Default "CREATED". */
  until?: ClusterStatus;
}
export interface WaitForClusterDeletedInput {
  clusterId: string;
  organizationId?: string;
}

export interface AstroClient {
  /** What a call would send (method, URL, headers incl. authorization, body); sends nothing. */
  prepare<K extends OperationName>(operation: K, input?: OperationInputs[K]): Promise<PreparedRequest>;
  /** Iterates the items of a list operation, fetching one page at a time. */
  paginate<K extends ListOperationName>(operation: K, input?: OperationInputs[K], options?: CallOptions): AstroPaginator<ListOperations[K]["item"], ListOperations[K]["page"]>;
  /** Collects up to `maxItems` items of a list operation. */
  listAll<K extends ListOperationName>(operation: K, input: OperationInputs[K] | undefined, options: ListAllOptions): Promise<ListOperations[K]["item"][]>;
  /** Polls getDeployment until the status is reached (HEALTHY by default). */
  waitForDeployment(input: WaitForDeploymentInput, options?: WaitOptions): Promise<Deployment>;
  /** Polls getCluster until the status is reached (CREATED by default). */
  waitForCluster(input: WaitForClusterInput, options?: WaitOptions): Promise<Cluster>;
  /** Polls getCluster until it answers 404. */
  waitForClusterDeleted(input: WaitForClusterDeletedInput, options?: WaitOptions): Promise<void>;
}
"#;
