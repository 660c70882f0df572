// The abort controller of one HTTP attempt, set up in one call from the wasm layer (no Rust
// closures, no per-attempt JS<->wasm round trips for the timer and the listener): aborted by
// the per-attempt timeout (timedOut becomes true) or by the caller's signal. dispose() clears
// the timer and removes the listener from the caller's signal (which may live much longer).

function abortError(message, name) {
  if (typeof DOMException === "function") return new DOMException(message, name);
  const e = new Error(message);
  e.name = name;
  return e;
}

export class AttemptAbort {
  // ms: the timeout (> 0), or 0 for none; caller: the caller's AbortSignal or undefined.
  constructor(ms, caller) {
    const controller = new AbortController();
    this.controller = controller;
    this.timedOut = false;
    this.timer = undefined;
    this.caller = undefined;
    this.onAbort = undefined;
    if (ms > 0) {
      this.timer = setTimeout(() => {
        this.timedOut = true;
        // Always a DOMException, never the caller's arbitrary reason.
        controller.abort(abortError("The request timed out", "TimeoutError"));
      }, ms);
    }
    if (caller != null) {
      this.caller = caller;
      this.onAbort = () => controller.abort(abortError("This operation was aborted", "AbortError"));
      caller.addEventListener("abort", this.onAbort, { once: true });
    }
  }

  get signal() {
    return this.controller.signal;
  }

  dispose() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.caller.removeEventListener("abort", this.onAbort);
    this.timer = undefined;
    this.onAbort = undefined;
    this.caller = undefined;
  }
}
