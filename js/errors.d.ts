/** One problem found in an input; nothing was sent. */
export interface ValidationIssue {
  /** Where in the input, e.g. "workerQueues[0].name" ("" for the input itself). */
  path: string;
  /** Which rule failed (`ValidationRule` is generated from the core's `Rule` enum). */
  rule: ValidationRule | (string & {});
  message: string;
}

/** Why one attempt of a call failed (one entry per attempt on the final error). */
export interface AttemptFailure {
  attempt: number;
  /** "api" (HTTP error status), "network" or "timeout". */
  kind: "api" | "network" | "timeout";
  status?: number;
  message: string;
}

/** Base class of every error the client raises. */
export class AstroError extends Error {
  constructor(init?: { message?: string; cause?: unknown });
}

/** One field the server found at fault (`fieldErrors` of a v1 error body). */
export interface AstroFieldError {
  /** A machine-readable code ("" when the server sent none). */
  code: string;
  /** The field, as the server names it. */
  field: string;
  message: string;
}

/** The API answered with an error status (4xx/5xx). */
export class AstroApiError extends AstroError {
  constructor(init?: Partial<Omit<AstroApiError, "name" | "stack">>);
  readonly operation: string;
  readonly status: number;
  readonly requestId: string | undefined;
  /** The fields the server found at fault (v1 error bodies; empty otherwise). */
  readonly fieldErrors: AstroFieldError[];
  /** The raw response body text. */
  readonly body: string;
  readonly attempts: number;
  readonly failures: AttemptFailure[];
}

/** The input was rejected before anything was sent. */
export class AstroValidationError extends AstroError {
  constructor(init?: Partial<Omit<AstroValidationError, "name" | "stack">>);
  readonly operation: string | undefined;
  readonly issues: ValidationIssue[];
}

/** The request got no response (connection refused, DNS, TLS, CORS, reset). */
export class AstroNetworkError extends AstroError {
  constructor(init?: Partial<Omit<AstroNetworkError, "name" | "stack">>);
  readonly operation: string;
  readonly attempts: number;
  readonly failures: AttemptFailure[];
}

/** An attempt took longer than `timeoutMs`. */
export class AstroTimeoutError extends AstroError {
  constructor(init?: Partial<Omit<AstroTimeoutError, "name" | "stack">>);
  readonly operation: string;
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly failures: AttemptFailure[];
}

/** The response could not be read or did not match the API's schema. */
export class AstroDecodeError extends AstroError {
  constructor(init?: Partial<Omit<AstroDecodeError, "name" | "stack">>);
  readonly operation: string;
  readonly status: number;
}

/** A waiter gave up: it timed out, or the resource reached a failure state. */
export class AstroWaitError extends AstroError {
  constructor(init?: Partial<Omit<AstroWaitError, "name" | "stack">>);
  /** "timeout" or "failed". */
  readonly reason: "timeout" | "failed";
  /** The last resource seen while waiting (undefined if none was fetched). */
  readonly lastSeen: unknown;
}
