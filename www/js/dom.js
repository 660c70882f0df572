// Small DOM helpers: element builder, formatting, dialogs, a pager, busy buttons.

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

// ---------- form building blocks: controls named by the input path they fill ----------

let fieldSeq = 0;

/** A labelled control, with an optional hint. */
export function field(label, control, hint) {
  const id = control.id || `f-${++fieldSeq}`;
  control.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  if (control.type === "checkbox") {
    return h("div", { class: "field field-check" }, control, h("label", { for: id }, label), hintEl);
  }
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

export const textInput = (name, value, attrs = {}) => h("input", { type: "text", name, value: value ?? "", autocomplete: "off", dataset: { kind: "string" }, ...attrs });
export const numberInput = (name, value, range = {}, attrs = {}) => h("input", {
  type: "number", name, value: value ?? "", min: range.floor ?? range.min, max: range.ceiling ?? range.max, step: 1,
  inputmode: "numeric", dataset: { kind: "number" }, ...attrs,
});
export const checkInput = (name, value, attrs = {}) => h("input", { type: "checkbox", name, checked: Boolean(value), dataset: { kind: "bool" }, ...attrs });
/** A checkbox that adds `value` to the array at `name` when checked. */
export const itemInput = (name, value, checked, attrs = {}) => h("input", { type: "checkbox", name, value, checked: Boolean(checked), dataset: { kind: "item" }, ...attrs });
export function selectInput(name, choices, value, attrs = {}) {
  const el = h("select", { name, dataset: { kind: "string" }, ...attrs },
    choices.map((c) => (typeof c === "string" ? h("option", { value: c }, c) : h("option", { value: c.value }, c.label))));
  if (value !== undefined && value !== null && choices.some((c) => (typeof c === "string" ? c : c.value) === value)) el.value = value;
  return el;
}

/** Set a value at a path like `workerQueues[0].name` or `scheduler.au`. */
function setPath(obj, path, value) {
  const keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let cur = obj;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) { cur[key] = value; return; }
    const nextIsIndex = /^\d+$/.test(keys[i + 1]);
    if (cur[key] === undefined) cur[key] = nextIsIndex ? [] : {};
    cur = cur[key];
  });
}

/**
 * Read the named, enabled controls with a data-kind (string, number, bool, item) into one input
 * object. Empty strings and numbers are left out; checked items collect into an array.
 */
export function readForm(form) {
  const out = {};
  const items = new Map();
  for (const el of $$("[name][data-kind]", form)) {
    if (el.disabled) continue;
    const kind = el.dataset.kind;
    let value;
    if (kind === "item") {
      if (!items.has(el.name)) items.set(el.name, []);
      if (el.checked) items.get(el.name).push(el.value);
      continue;
    }
    if (kind === "bool") value = el.type === "checkbox" ? el.checked : el.value === "true";
    else if (kind === "number") {
      const raw = el.value.trim();
      if (raw === "") continue;
      value = Number(raw);
    } else {
      value = el.value.trim();
      if (value === "" && !("keepEmpty" in el.dataset)) continue;
    }
    setPath(out, el.name, value);
  }
  for (const [name, list] of items) setPath(out, name, list);
  return out;
}

export function formatDate(text) {
  if (!text) return "—";
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

const STATUS_TONE = {
  HEALTHY: "ok", CREATED: "ok", ACTIVE: "ok",
  CREATING: "busy", DEPLOYING: "busy", UPDATING: "busy", HIBERNATING: "sleep", UPGRADE_PENDING: "busy", PENDING: "busy",
  UNHEALTHY: "bad", CREATE_FAILED: "bad", UPDATE_FAILED: "bad", ACCESS_DENIED: "bad", FAILOVER_FAILED: "bad",
};

export function statusBadge(status) {
  const text = status || "UNKNOWN";
  return h("span", { class: `badge badge-${STATUS_TONE[text] || "idle"}` }, text);
}

/** One line of a status timeline: the time since the start, the status and an optional note. */
export function statusStep(elapsedMs, status, note) {
  return h("li", {}, h("span", { class: "log-time" }, `${(elapsedMs / 1000).toFixed(1)} s`), " ", statusBadge(status),
    note ? h("span", { class: "step-note" }, note) : null);
}

/** Mark a button busy (disabled, aria-busy) or not. */
export function setBusy(button, on) {
  if (!button) return;
  button.disabled = on;
  button.setAttribute("aria-busy", String(on));
}

/** Replace a select's options: items are strings or {value, label}; keeps `value` when offered. */
export function fillSelect(select, items, { value = select.value, placeholder } = {}) {
  const opts = items.map((c) => (typeof c === "string" ? h("option", { value: c }, c) : h("option", { value: c.value }, c.label)));
  select.replaceChildren(...(placeholder !== undefined ? [h("option", { value: "" }, placeholder)] : []), ...opts);
  if ([...select.options].some((o) => o.value === value)) select.value = value;
  return select;
}

/**
 * Replace a select's options with groups [{label, items}] ({value, label} items; a group without a
 * label stands at the top level). Keeps the chosen value when it is still offered, else the first.
 */
export function fillGroups(select, groups) {
  const keep = select.value;
  const option = (c) => h("option", { value: c.value }, c.label);
  select.replaceChildren(...groups.filter((g) => g.items.length).map((g) => (g.label ? h("optgroup", { label: g.label }, g.items.map(option)) : g.items.map(option))).flat());
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  return select;
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
 * A pager for offset/limit lists. load(offset, limit) resolves to the total count, or, for a list
 * that tells no total, to {count, more}: the items on the page and whether a next page may exist;
 * undefined when it failed. Renders "1–10 of 23" (or "1–10"), previous/next buttons and a
 * page-size select into `container`.
 */
export class Pager {
  constructor(container, label, load, limit = 10, sizes = [5, 10, 20, 50]) {
    this.container = container;
    this.label = label;
    this.load = load;
    this.offset = 0;
    this.limit = limit;
    this.total = 0;
    this.more = null; // for lists without a total: whether a next page may exist
    this.info = h("span", { class: "pager-info", "aria-live": "polite" });
    this.prev = h("button", { type: "button", class: "btn btn-small", "aria-label": `Previous page of ${label}`, onclick: () => this.go(this.offset - this.limit) }, "‹ Previous");
    this.next = h("button", { type: "button", class: "btn btn-small", "aria-label": `Next page of ${label}`, onclick: () => this.go(this.offset + this.limit) }, "Next ›");
    const sizeId = `${container.id}-size`;
    this.size = h("select", { id: sizeId, onchange: () => { this.limit = Number(this.size.value); this.go(0); } },
      sizes.map((n) => h("option", { value: n }, String(n))));
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
    const result = await this.load(target, this.limit);
    if (result === undefined) return; // load failed; keep the old position
    this.offset = target;
    if (typeof result === "object") {
      this.total = target + result.count;
      this.more = result.more;
      return this.render();
    }
    this.total = result;
    this.more = null;
    // Step back if the page became empty (after a delete on the last page).
    if (this.offset > 0 && this.offset >= this.total) return this.go(Math.max(0, this.total - this.limit));
    this.render();
  }

  /** Turn the previous/next buttons off (a list that grows by itself) or back on. */
  hold(on) {
    this.held = on;
    this.render();
  }

  reload() { return this.go(this.offset); }

  render() {
    const from = this.total === 0 ? 0 : this.offset + 1;
    const to = Math.min(this.offset + this.limit, this.total);
    if (this.more === null) this.info.textContent = `${from}–${to} of ${this.total} ${this.label}`;
    else this.info.textContent = this.total > this.offset ? `${from}–${to} ${this.label}` : `No ${this.label} from ${this.offset + 1} on`;
    this.prev.disabled = Boolean(this.held) || this.offset <= 0;
    this.next.disabled = Boolean(this.held) || (this.more === null ? this.offset + this.limit >= this.total : !this.more);
  }
}

/**
 * A Pager over a table body. fetch(offset, limit) resolves to {items, total}; each item becomes a
 * row(item); a failure goes to onError and keeps the old page. Only the latest load is shown (an
 * earlier one that answers later is dropped).
 */
export function tablePager({ container, label, tbody, columns, empty, fetch, row, onError, limit }) {
  let latest = 0;
  return new Pager(container, label, async (offset, size) => {
    const mine = ++latest;
    try {
      const { items, total } = await fetch(offset, size);
      if (mine !== latest) return undefined;
      tbody.replaceChildren(...(items.length ? items.map(row) : [emptyRow(columns, empty)]));
      return total ?? items.length;
    } catch (err) {
      if (mine === latest) onError(err);
      return undefined;
    }
  }, limit);
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
