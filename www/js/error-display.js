// Error display: AstroValidationError issues inline at their field, everything else in the banner
// (an API error that names fields shows at them as well).
import { isAstroError } from "./api.js";
import { $, $$, confirmAction, h, setBusy } from "./dom.js";

const banner = () => $("#banner");

export function clearBanner() {
  banner().hidden = true;
}

/** Show an error in the banner. API errors show status, operation and requestId. */
export function showBanner(err, context) {
  const meta = [];
  let title;
  let message = err && err.message ? err.message : String(err);
  if (isAstroError(err, "AstroApiError")) {
    title = `${context ? `${context} failed` : "Request failed"}: HTTP ${err.status}`;
    meta.push(["Status", String(err.status)]);
    if (err.operation) meta.push(["Operation", err.operation]);
    meta.push(["Request ID", err.requestId || "(none)"]);
  } else if (isAstroError(err, "AstroValidationError")) {
    title = `${context ? `${context}: ` : ""}the request was not sent`;
    message = (err.issues || []).map((i) => `${i.path || "(input)"}: ${i.message}`).join("; ") || message;
    if (err.operation) meta.push(["Operation", err.operation]);
  } else if (isAstroError(err)) {
    title = `${context ? `${context} failed` : "Request failed"}: ${err.name}`;
    if (err.operation) meta.push(["Operation", err.operation]);
    if (err.attempts) meta.push(["Attempts", String(err.attempts)]);
  } else {
    title = context ? `${context} failed` : "Something went wrong";
  }
  $("#banner-title").textContent = title;
  $("#banner-message").textContent = message;
  $("#banner-meta").replaceChildren(...meta.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  banner().hidden = false;
  $("#banner-close").focus({ preventScroll: true });
}

/** Turn an issue path into the control name used in forms: JSON pointer or dotted, with [i] indices. */
export function normalizePath(path) {
  let p = String(path || "").trim();
  if (p.startsWith("/")) {
    p = p.slice(1).split("/").map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`)).join("").replace(/^\./, "");
  }
  return p.replace(/^(\$|body)\.?/, "").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

export function clearIssues(form) {
  for (const el of $$("[aria-invalid=true]", form)) {
    el.removeAttribute("aria-invalid");
    const describedBy = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("err-"));
    if (describedBy.length) el.setAttribute("aria-describedby", describedBy.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  for (const el of $$(".field-error", form)) el.remove();
  const box = $("[data-form-errors]", form);
  if (box) { box.replaceChildren(); box.hidden = true; }
}

let errorSeq = 0;

/** Find the control an issue names; falls back to the nearest named parent path. */
function controlFor(form, path) {
  let p = normalizePath(path);
  while (p) {
    const el = form.querySelector(`[name="${CSS.escape(p)}"]`);
    if (el) return el;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  const group = form.querySelector(`[data-path-prefix="${CSS.escape(normalizePath(path).split(/[.[]/)[0])}"]`);
  return group || null;
}

/**
 * Show issues ({path, message}) inline next to their fields; the ones no field matches go to the
 * form's error box. Returns true.
 */
export function showIssues(form, issues) {
  clearIssues(form);
  const unplaced = [];
  let first = null;
  for (const issue of issues) {
    const control = controlFor(form, issue.path);
    if (!control) { unplaced.push(issue); continue; }
    const id = `err-${++errorSeq}`;
    const msg = h("p", { class: "field-error", id }, issue.message);
    const field = control.closest(".field, .q-cell") || control.parentElement;
    field.append(msg);
    control.setAttribute("aria-invalid", "true");
    const describedBy = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", describedBy ? `${describedBy} ${id}` : id);
    if (!first) first = control;
  }
  if (unplaced.length) {
    const box = $("[data-form-errors]", form);
    box.replaceChildren(h("p", {}, "The request was not sent:"),
      h("ul", {}, unplaced.map((i) => h("li", {}, `${i.path || "(input)"}: ${i.message}`))));
    box.hidden = false;
  }
  if (first) {
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  } else if (unplaced.length) {
    $("[data-form-errors]", form).scrollIntoView({ block: "nearest" });
  }
  return true;
}

/**
 * Route an error: validation issues inline when a form is given, everything else to the banner.
 * An API error whose body names fields (v1 `fieldErrors`) is shown at those fields too.
 */
export function reportError(err, { form, context } = {}) {
  if (form && isAstroError(err, "AstroValidationError")) return showIssues(form, err.issues || []);
  showBanner(err, context);
  if (form && isAstroError(err, "AstroApiError") && err.fieldErrors?.length) {
    const issues = err.fieldErrors.map((f) => ({ path: f.field, message: f.message }));
    if (issues.some((i) => controlFor(form, i.path))) showIssues(form, issues);
  }
  return false;
}

/**
 * Run `action` (a form's submit, a button's click): clears the old errors, marks `button` busy
 * meanwhile and reports a failure (at the fields it names, when a form is given). Resolves to
 * true when the action succeeded.
 */
export async function attempt({ form, button, context }, action) {
  if (form) clearIssues(form);
  clearBanner();
  setBusy(button, true);
  try {
    await action();
    return true;
  } catch (err) {
    reportError(err, { form, context });
    return false;
  } finally {
    setBusy(button, false);
  }
}

/** Ask in the confirm dialog ({title, text, ok}), then attempt `action`. Resolves true when done. */
export async function afterConfirm({ title, text, ok, context }, action) {
  if (!(await confirmAction({ title, text, ok }))) return false;
  return attempt({ context }, action);
}
