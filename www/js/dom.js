// Small DOM helpers: element builder, formatting, dialogs, a pager.

/** Build an element. attrs: class, on<event>, dataset, value/checked (set as properties), others as attributes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  let value;
  let checked;
  for (const [key, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (key === "class") el.className = v;
    else if (key === "dataset") Object.assign(el.dataset, v);
    else if (key === "value") value = v;
    else if (key === "checked") checked = v;
    else if (key.startsWith("on") && typeof v === "function") el.addEventListener(key.slice(2), v);
    else if (v === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  if (value !== undefined) el.value = String(value);
  if (checked !== undefined) el.checked = Boolean(checked);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

export function formatDate(text) {
  if (!text) return "—";
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

const STATUS_TONE = {
  HEALTHY: "ok", CREATED: "ok", ACTIVE: "ok",
  CREATING: "busy", DEPLOYING: "busy", UPDATING: "busy", HIBERNATING: "idle", UPGRADE_PENDING: "busy",
  UNHEALTHY: "bad", CREATE_FAILED: "bad", UPDATE_FAILED: "bad", ACCESS_DENIED: "bad", FAILOVER_FAILED: "bad",
};

export function statusBadge(status) {
  const text = status || "UNKNOWN";
  return h("span", { class: `badge badge-${STATUS_TONE[text] || "idle"}` }, text);
}

export function emptyRow(columns, text) {
  return h("tr", { class: "empty-row" }, h("td", { colspan: columns }, text));
}

/** Definition list from [label, value] pairs (value may be a node). */
export function defList(pairs) {
  return h("dl", { class: "deflist" },
    pairs.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

/** Open a <dialog> modally; wires [data-close] buttons once. Escape closes it natively. */
export function openDialog(dialog) {
  if (!dialog.dataset.wired) {
    dialog.dataset.wired = "1";
    for (const btn of $$("[data-close]", dialog)) btn.addEventListener("click", () => dialog.close());
  }
  if (!dialog.open) dialog.showModal();
  const first = $("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea", dialog);
  (first || dialog).focus();
}

/** Ask for confirmation in the confirm dialog. Resolves true when confirmed. */
export function confirmAction({ title, text, ok = "Delete" }) {
  const dialog = $("#confirm-dialog");
  const form = $("#confirm-form");
  $("#confirm-title").textContent = title;
  $("#confirm-text").textContent = text;
  $("#confirm-ok").textContent = ok;
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer) => {
      if (done) return;
      done = true;
      form.removeEventListener("submit", onSubmit);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onSubmit = (e) => { e.preventDefault(); finish(true); };
    const onClose = () => finish(false);
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener("close", onClose);
    openDialog(dialog);
    $("#confirm-ok").focus();
  });
}

/**
 * A pager for offset/limit lists. load(offset, limit) must resolve to the total count.
 * Renders "1–10 of 23", previous/next buttons and a page-size select into `container`.
 */
export class Pager {
  constructor(container, label, load, limit = 10) {
    this.container = container;
    this.label = label;
    this.load = load;
    this.offset = 0;
    this.limit = limit;
    this.total = 0;
    this.info = h("span", { class: "pager-info", "aria-live": "polite" });
    this.prev = h("button", { type: "button", class: "btn btn-small", "aria-label": `Previous page of ${label}`, onclick: () => this.go(this.offset - this.limit) }, "‹ Previous");
    this.next = h("button", { type: "button", class: "btn btn-small", "aria-label": `Next page of ${label}`, onclick: () => this.go(this.offset + this.limit) }, "Next ›");
    const sizeId = `${container.id}-size`;
    this.size = h("select", { id: sizeId, onchange: () => { this.limit = Number(this.size.value); this.go(0); } },
      [5, 10, 20, 50].map((n) => h("option", { value: n }, String(n))));
    this.size.value = String(limit);
    container.replaceChildren(
      this.info,
      h("span", { class: "pager-controls" },
        h("label", { for: sizeId, class: "inline-label" }, "Per page"), this.size, this.prev, this.next),
    );
    this.render();
  }

  async go(offset) {
    const target = Math.max(0, offset);
    const total = await this.load(target, this.limit);
    if (total === undefined) return; // load failed; keep the old position
    this.offset = target;
    this.total = total;
    // Step back if the page became empty (after a delete on the last page).
    if (this.offset > 0 && this.offset >= this.total) return this.go(Math.max(0, this.total - this.limit));
    this.render();
  }

  reload() { return this.go(this.offset); }

  render() {
    const from = this.total === 0 ? 0 : this.offset + 1;
    const to = Math.min(this.offset + this.limit, this.total);
    this.info.textContent = `${from}–${to} of ${this.total} ${this.label}`;
    this.prev.disabled = this.offset <= 0;
    this.next.disabled = this.offset + this.limit >= this.total;
  }
}

let toastTimer = 0;
/** Show a short success message in the status region. */
export function toast(text) {
  const el = $("#toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}
