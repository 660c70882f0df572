//! TypeScript declarations of the option objects and the generic methods (merged into the
//! `AstroClient` class declaration by interface merging). The operation maps
//! (`OperationInputs`, `OperationResults`, `ListOperations`) and the per-operation methods are
//! generated from the contract (`src/<version>/typescript.rs`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Passed to `onRequest` before each attempt. Never contains the Authorization header. */
export interface AstroRequestInfo {
  operation: OperationName;
  method: AstroHttpMethod;
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
  /** Default: the API's production URL (`https://api.astronomer.io/v1` for v1,
   * `https://api.astronomer.io/platform/v1beta1` for v1beta1). */
  baseUrl?: string;
  /** The `X-API-Version` sent with every request. v1 pins the contract's minor version
   * (`"1.0"`) by default, so a newer minor version cannot change what the types promise;
   * v1beta1 sends none unless this is set. */
  apiVersion?: string;
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
  method: AstroHttpMethod;
  url: string;
  /** Lowercase header names. `authorization` (when a token is set) reads `Bearer [redacted]`:
   * the token itself never appears in what `prepare` returns. */
  headers: Record<string, string>;
  body?: string;
}

/** A success the contract does not type (the v1 audit logs: gzipped NDJSON). */
export interface AstroBinaryResponse extends AsyncIterable<unknown> {
  /** The bytes as received. */
  readonly bytes: Uint8Array;
  /** The response's media type. */
  readonly contentType: string;
  /** Whether `bytes` are gzip-compressed. */
  readonly gzipped: boolean;
  /** The content, gunzipped when needed (at most `maxResponseBytes`). */
  data(): Promise<Uint8Array>;
  /** The content as UTF-8 text. */
  text(): Promise<string>;
  /** The NDJSON records, one parsed value per line (also what `for await` iterates). */
  records(): AsyncGenerator<unknown, void, undefined>;
}

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
  /** Calls any operation by name: `request("listDeployments", input, options)`. */
  request<K extends OperationName>(operation: K, input?: OperationInputs[K], options?: CallOptions): Promise<OperationResults[K]>;
  /** What a call would send (method, URL, headers, body; the token redacted); sends nothing. */
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

/// The deploy waiter, for the API that has deploys (v1).
#[cfg(not(feature = "v1beta1"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_DEPLOY_WAITER: &'static str = r#"
export interface WaitForDeployInput {
  deploymentId: string;
  deployId: string;
  organizationId?: string;
  /** Default "DEPLOYED"; a FAILED deploy fails the wait. */
  until?: DeployStatus;
}
export interface AstroClient {
  /** Polls getDeploy until the deploy is DEPLOYED (FAILED fails the wait at once). */
  waitForDeploy(input: WaitForDeployInput, options?: WaitOptions): Promise<Deploy>;
}
"#;
