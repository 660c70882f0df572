// One HTTP attempt, in JS (the wasm layer calls `send` once per attempt and awaits one promise):
// the request goes to the global `fetch` as (url, init), or to the `fetch` option as a `Request`
// (what pkg/README.md promises it), bounded by the per-attempt timeout and the caller's signal;
// the body is read under the maxResponseBytes cap. The promise always resolves, with an outcome:
//   {kind: 0, status, contentType, requestId, retryAfter, body}  a response (body: a Uint8Array,
//                                                                or a string when it had no stream)
//   {kind: 1, message}  no response (network)     {kind: 2}  the timeout elapsed
//   {kind: 3, reason}   the caller's signal fired  {kind: 4, status}  body over maxResponseBytes
//   {kind: 5, message}  the request could not be built
// `requestId` and `retryAfter` are read from a 2xx response only when `meta` is set (the
// onResponse hook), always from the others.
//
// Timeouts: one shared timer for every pending attempt (set for the earliest deadline) instead of
// a setTimeout and clearTimeout per attempt. In Node it is unref'd while no attempt is pending, so
// it never keeps a process alive by itself; an attempt keeps it referenced while it runs.

const OK = 0;
const NETWORK = 1;
const TIMEOUT = 2;
const ABORTED = 3;
const TOO_LARGE = 4;
const BUILD = 5;

function abortError(message, name) {
  if (typeof DOMException === "function") return new DOMException(message, name);
  const e = new Error(message);
  e.name = name;
  return e;
}

function isAborted(signal) {
  try {
    return !!signal.aborted;
  } catch {
    return false;
  }
}

// The signal's reason (an AbortError DOMException when aborted without one).
function abortReason(signal) {
  let reason;
  try {
    reason = signal.reason;
  } catch {
    reason = undefined;
  }
  return reason === undefined ? abortError("This operation was aborted", "AbortError") : reason;
}

// An error's message, with its cause's message or code (Node's fetch says "fetch failed" and
// puts the reason in `cause`).
function describe(err) {
  const text = (v) => {
    if (typeof v === "string") return v;
    try {
      const m = v.message;
      return typeof m === "string" ? m : undefined;
    } catch {
      return undefined;
    }
  };
  let out = text(err) ?? "fetch failed";
  try {
    const cause = err.cause;
    if (cause !== undefined && cause !== null) {
      const m = text(cause);
      let code;
      try {
        code = typeof cause.code === "string" ? cause.code : undefined;
      } catch {
        code = undefined;
      }
      if (m !== undefined && m !== "") out = `${out} (${m})`;
      else if (code !== undefined) out = `${out} (${code})`;
    }
  } catch {
    // no readable cause
  }
  return out;
}

// ---- the shared deadline timer
const pending = new Set();
let timer;
let timerAt = Infinity;
// Node's timers have ref/unref; elsewhere a timer never keeps anything alive.
let timerRef = false;

function fire() {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const a of pending) {
    if (a.deadline <= now) {
      pending.delete(a);
      a.timedOut = true;
      // Always a DOMException, never the caller's arbitrary reason.
      a.controller.abort(abortError("The request timed out", "TimeoutError"));
    } else if (a.deadline < next) {
      next = a.deadline;
    }
  }
  if (next !== Infinity) arm(next, now);
}

function arm(at, now) {
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(fire, Math.max(0, Math.ceil(at - now)));
  timerRef = true;
  if (pending.size === 0) unref();
}

function unref() {
  if (timerRef && timer !== undefined && typeof timer.unref === "function") {
    timer.unref();
    timerRef = false;
  }
}

function watch(a, ms) {
  const now = performance.now();
  a.deadline = now + ms;
  pending.add(a);
  if (a.deadline < timerAt) arm(a.deadline, now);
  else if (!timerRef && typeof timer.ref === "function") {
    timer.ref();
    timerRef = true;
  }
}

function unwatch(a) {
  if (pending.delete(a) && pending.size === 0) unref();
}

// ---- one attempt
function headerOf(headers, name) {
  try {
    const v = headers.get(name);
    return v === null ? undefined : v;
  } catch {
    return undefined;
  }
}

// A Content-Length value (digits only); anything else counts as absent.
function contentLength(value) {
  if (value === undefined) return undefined;
  const digits = value.trim();
  return /^[0-9]+$/.test(digits) ? Number(digits) : undefined;
}

function utf8Length(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

class TooLarge {}

async function readBody(response, status, maxBytes, declared) {
  const stream = response.body;
  if (stream === null || stream === undefined) {
    if (status === 204 || status === 304) return "";
    const got = await response.text();
    const text = typeof got === "string" ? got : "";
    if (text.length * 3 > maxBytes && utf8Length(text) > maxBytes) throw new TooLarge();
    return text;
  }
  if (declared !== undefined) {
    const array = new Uint8Array(await response.arrayBuffer());
    // Content-Length counts encoded bytes: check what was actually received too.
    if (array.length > maxBytes) throw new TooLarge();
    return array;
  }
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = await reader.read();
    let done = true;
    let value;
    if ((typeof chunk === "object" && chunk !== null) || typeof chunk === "function") {
      try {
        done = !!chunk.done;
        if (!done) value = chunk.value;
      } catch {
        done = true;
      }
    }
    if (done) break;
    if (!(value instanceof Uint8Array)) continue;
    if (total + value.length > maxBytes) {
      reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    total += value.length;
    chunks.push(value);
  }
  reader.releaseLock();
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

// headerText: "name\0value\0name\0value..." (names are lowercase tokens, values have no NUL).
export async function send(fetchFn, method, url, headerText, body, timeoutMs, caller, maxBytes, meta) {
  if (caller != null && isAborted(caller)) return { kind: ABORTED, reason: abortReason(caller) };
  const headers = Object.create(null);
  if (headerText !== "") {
    const parts = headerText.split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  }
  const init = { method, headers };
  if (body !== undefined) init.body = body;
  // The attempt's own controller, aborted by the timeout and by the caller's signal (both gone
  // when this returns). With neither, the request carries no signal at all (a fetch follows
  // every signal a request carries: not free).
  let a;
  let onAbort;
  if (timeoutMs > 0 || caller != null) {
    try {
      const controller = new AbortController();
      if (caller != null) {
        const abort = () => controller.abort(abortError("This operation was aborted", "AbortError"));
        caller.addEventListener("abort", abort, { once: true });
        onAbort = abort;
      }
      a = { controller, timedOut: false, deadline: Infinity };
      init.signal = controller.signal;
    } catch (e) {
      return { kind: BUILD, message: `AbortController is unavailable: ${describe(e)}` };
    }
    if (timeoutMs > 0) watch(a, timeoutMs);
  }
  const classify = (err) => {
    if (caller != null && isAborted(caller)) return { kind: ABORTED, reason: abortReason(caller) };
    if (a !== undefined && a.timedOut) return { kind: TIMEOUT };
    return { kind: NETWORK, message: describe(err) };
  };
  try {
    let returned;
    if (fetchFn === undefined) {
      try {
        returned = fetch(url, init);
      } catch (e) {
        return classify(e);
      }
    } else {
      let request;
      try {
        request = new Request(url, init);
      } catch (e) {
        return { kind: BUILD, message: String(e) };
      }
      try {
        returned = fetchFn(request);
      } catch (e) {
        return classify(e);
      }
    }
    let response;
    try {
      response = await returned;
    } catch (e) {
      return classify(e);
    }
    let status;
    try {
      status = typeof response === "object" && response !== null ? response.status : undefined;
    } catch {
      status = undefined;
    }
    if (typeof status !== "number") return { kind: NETWORK, message: "fetch resolved with something that is not a Response" };
    // As a u16 (what the wasm layer reads).
    status &= 0xffff;
    let h;
    try {
      h = response.headers;
    } catch {
      h = undefined;
    }
    const contentType = headerOf(h, "content-type");
    const success = status >= 200 && status < 300;
    const withMeta = meta || !success;
    const requestId = withMeta ? headerOf(h, "x-request-id") : undefined;
    const retryAfter = withMeta ? headerOf(h, "retry-after") : undefined;
    const declared = contentLength(headerOf(h, "content-length"));
    if (declared !== undefined && declared > maxBytes) {
      try {
        const s = response.body;
        if (s) s.cancel().catch(() => {});
      } catch {
        // nothing to cancel
      }
      return { kind: TOO_LARGE, status };
    }
    let read;
    try {
      read = await readBody(response, status, maxBytes, declared);
    } catch (e) {
      if (e instanceof TooLarge) return { kind: TOO_LARGE, status };
      return classify(e);
    }
    return { kind: OK, status, contentType, requestId, retryAfter, body: read };
  } finally {
    if (a !== undefined) unwatch(a);
    if (onAbort !== undefined) {
      try {
        caller.removeEventListener("abort", onAbort);
      } catch {
        // a signal whose removeEventListener throws keeps the (once) listener
      }
    }
  }
}
