// Error classes of astro-platform-client. The wasm layer imports this module (as a
// wasm-bindgen snippet) and the package entry re-exports the same module, so the errors
// the client rejects with are instances of the classes users import.
//
// Every constructor takes one plain object of fields; `message` is the human-readable text.

function fieldsOf(init) {
  return init !== null && typeof init === "object" ? init : {};
}

/** Base class of every error the client raises. */
export class AstroError extends Error {
  constructor(init) {
    const f = fieldsOf(init);
    super(typeof f.message === "string" ? f.message : "Astro client error",
      f.cause !== undefined ? { cause: f.cause } : undefined);
    this.name = "AstroError";
  }
}

/** The API answered with an error status (4xx/5xx). */
export class AstroApiError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroApiError";
    this.operation = f.operation ?? "";
    this.status = f.status ?? 0;
    this.requestId = f.requestId;
    this.fieldErrors = Array.isArray(f.fieldErrors) ? f.fieldErrors : [];
    this.body = f.body ?? "";
    this.attempts = f.attempts ?? 1;
    this.failures = f.failures ?? [];
  }
}

/** The input was rejected before anything was sent. */
export class AstroValidationError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroValidationError";
    this.operation = f.operation;
    this.issues = Array.isArray(f.issues) ? f.issues : [];
  }
}

/** The request did not get a response (connection refused, DNS, TLS, CORS, reset). */
export class AstroNetworkError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroNetworkError";
    this.operation = f.operation ?? "";
    this.attempts = f.attempts ?? 1;
    this.failures = f.failures ?? [];
  }
}

/** An attempt took longer than `timeoutMs`. */
export class AstroTimeoutError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroTimeoutError";
    this.operation = f.operation ?? "";
    this.timeoutMs = f.timeoutMs ?? 0;
    this.attempts = f.attempts ?? 1;
    this.failures = f.failures ?? [];
  }
}

/** The response could not be read or did not match the API's schema. */
export class AstroDecodeError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroDecodeError";
    this.operation = f.operation ?? "";
    this.status = f.status ?? 0;
  }
}

/** A waiter gave up: timed out, or the resource reached a failure state. */
export class AstroWaitError extends AstroError {
  constructor(init) {
    const f = fieldsOf(init);
    super(f);
    this.name = "AstroWaitError";
    this.reason = f.reason ?? "timeout";
    this.lastSeen = f.lastSeen;
  }
}
