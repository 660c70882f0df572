// Environment objects (v1): Airflow variables, connections, environment variables and metrics
// exports of a workspace or a deployment: paged list, create, links of a workspace object to its
// deployments, delete. Secret values are sent once and never shown (the API masks them).
import {
  $, checkInput, field, fillGroups, h, itemInput, numberInput, openDialog, readForm, selectInput, tablePager, textInput, toast,
} from "./dom.js";
import { afterConfirm, attempt, clearIssues, reportError, showIssues } from "./error-display.js";

const TYPES = [
  { value: "ENVIRONMENT_VARIABLE", label: "Environment variable", key: "environmentVariable" },
  { value: "AIRFLOW_VARIABLE", label: "Airflow variable", key: "airflowVariable" },
  { value: "CONNECTION", label: "Airflow connection", key: "connection" },
  { value: "METRICS_EXPORT", label: "Metrics export", key: "metricsExport" },
];
const typeOf = (objectType) => TYPES.find((t) => t.value === objectType) || TYPES[0];
// Fields the API masks when read (a link's override of one cannot be sent back unless it came back).
const SECRET_FIELDS = { connection: ["password"], metricsExport: ["password", "basicToken"] };
const secretInput = (name) => textInput(name, "", { type: "password", autocomplete: "new-password" });

/** The value of an object, as far as it can be shown. */
function valueSummary(o) {
  const s = o[typeOf(o.objectType).key] || {};
  if (o.objectType === "CONNECTION") {
    const text = `${s.type}://${s.login ? `${s.login}@` : ""}${s.host || ""}${s.port ? `:${s.port}` : ""}${s.schema ? `/${s.schema}` : ""}`;
    return [h("code", {}, text), (o.setFields || []).includes("password") ? h("span", { class: "cell-sub" }, "password set (hidden)") : null];
  }
  if (o.objectType === "METRICS_EXPORT") return [h("code", {}, s.endpoint || ""), h("span", { class: "cell-sub" }, s.authType ? `auth ${s.authType}` : "no auth")];
  return s.isSecret ? h("span", { class: "muted" }, "secret (hidden)") : h("code", {}, s.value ?? "");
}

/** A link as updateEnvironmentObject takes it back, overrides included; null when a masked secret keeps it from being sent back. */
function linkRequest(o, link) {
  const { key } = typeOf(o.objectType);
  const overrides = link[`${key}Overrides`];
  const out = { scope: "DEPLOYMENT", scopeEntityId: link.scopeEntityId };
  if (!overrides || !(link.setFields || []).length) return out;
  const secret = [...(SECRET_FIELDS[key] || []), ...(o[key]?.isSecret ? ["value"] : [])];
  if (secret.some((f) => link.setFields.includes(f) && !overrides[f])) return null;
  return { ...out, overrides: { [key]: overrides } };
}

export function initEnvironment(ctx) {
  const filter = $("#env-filter");
  const dialog = $("#env-dialog");
  const form = $("#env-form");
  const body = $("#env-form-body");
  const linksDialog = $("#env-links-dialog");
  const linksForm = $("#env-links-form");
  let linking = null; // the object whose links are edited

  const ownerName = (scope, id) => (scope === "WORKSPACE" ? ctx.workspaceName(id) : ctx.deploymentName(id));
  const workspaceDeployments = (wsId) => ctx.deployments.filter((d) => d.workspaceId === wsId);

  const pager = tablePager({
    container: $("#env-pager"), label: "objects", tbody: $("#env-rows"), columns: 6, empty: "No environment objects here.",
    fetch: async (offset, limit) => {
      const [kind, id] = filter.value.split(":");
      const input = { organizationId: ctx.orgId, offset, limit, sorts: ["objectKey:asc"] };
      if (kind === "ws") input.workspaceId = id;
      if (kind === "dep") input.deploymentId = id;
      const page = await ctx.astro.listEnvironmentObjects(input);
      return { items: page.environmentObjects || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing environment objects" }),
  });

  function appliesTo(o) {
    if (o.scope !== "WORKSPACE") return h("span", { class: "muted" }, "Its deployment");
    const names = (list) => (list || []).map((l) => ctx.deploymentName(l.scopeEntityId));
    if (o.autoLinkDeployments) {
      const except = names(o.excludeLinks);
      return `Every deployment of the workspace${except.length ? `, except ${except.join(", ")}` : ""}`;
    }
    const linked = names(o.links);
    return linked.length ? h("span", { class: "chips" }, linked.map((n) => h("span", { class: "chip" }, n))) : h("span", { class: "muted" }, "No deployment yet");
  }

  function row(o) {
    const inherited = o.sourceScope && o.sourceScopeEntityId;
    return h("tr", { dataset: { id: o.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, o.objectKey), o.description ? h("span", { class: "cell-sub" }, o.description) : null),
      h("td", {}, typeOf(o.objectType).label),
      h("td", {}, ownerName(o.scope, o.scopeEntityId), h("span", { class: "cell-sub" }, inherited ? "through a link" : o.scope.toLowerCase())),
      h("td", {}, valueSummary(o)),
      h("td", {}, appliesTo(o)),
      h("td", { class: "col-actions" },
        o.scope === "WORKSPACE" && !inherited
          ? h("button", { type: "button", class: "btn btn-small", "aria-label": `Links of ${o.objectKey}`, onclick: () => openLinks(o) }, "Links")
          : null,
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Delete ${o.objectKey}`, onclick: () => remove(o) }, "Delete")));
  }

  function fillFilter() {
    fillGroups(filter, [
      { items: [{ value: "", label: "All objects" }] },
      { label: "Owned by a workspace", items: ctx.workspaces.map((w) => ({ value: `ws:${w.id}`, label: w.name })) },
      { label: "Applying to a deployment", items: ctx.deployments.map((d) => ({ value: `dep:${d.id}`, label: d.name })) },
    ]);
  }

  // ---- create ----
  /** The deployments of a workspace as link checkboxes, with the auto-link switch. */
  function linkFields(wsId, linked = [], auto = false) {
    const deps = workspaceDeployments(wsId);
    return h("fieldset", { class: "fs", "data-path-prefix": "links" }, h("legend", {}, "Applies to"),
      field("Every deployment of the workspace, present and future", checkInput("autoLinkDeployments", auto)),
      deps.length
        ? h("div", { class: "check-list" }, deps.map((d) => field(d.name, itemInput("links", d.id, linked.includes(d.id)))))
        : h("p", { class: "muted" }, "This workspace has no deployment yet."));
  }

  function valueFields(type) {
    const k = type.key;
    if (type.value === "CONNECTION") {
      return h("fieldset", { class: "fs", "data-path-prefix": k }, h("legend", {}, "Connection"),
        h("div", { class: "grid-2" },
          field("Connection type", textInput(`${k}.type`, "", { placeholder: "postgres" })),
          field("Host", textInput(`${k}.host`, "")),
          field("Port", numberInput(`${k}.port`, "", { min: 1, max: 65535 })),
          field("Schema", textInput(`${k}.schema`, "")),
          field("Login", textInput(`${k}.login`, "")),
          field("Password", secretInput(`${k}.password`), "Stored as a secret: never shown again.")));
    }
    if (type.value === "METRICS_EXPORT") {
      return h("fieldset", { class: "fs", "data-path-prefix": k }, h("legend", {}, "Metrics export"),
        field("Endpoint", textInput(`${k}.endpoint`, "", { placeholder: "https://prometheus.example/api/v1/write" })),
        h("div", { class: "grid-2" },
          field("Exporter", selectInput(`${k}.exporterType`, ["PROMETHEUS"], "PROMETHEUS")),
          field("Authentication", selectInput(`${k}.authType`, [{ value: "", label: "None" }, "BASIC", "AUTH_TOKEN"], "")),
          field("User name (BASIC)", textInput(`${k}.username`, "")),
          field("Password (BASIC)", secretInput(`${k}.password`)),
          field("Token (AUTH_TOKEN)", secretInput(`${k}.basicToken`), "Secrets are never shown again.")));
    }
    return h("fieldset", { class: "fs", "data-path-prefix": k }, h("legend", {}, "Value"),
      field("Value", textInput(`${k}.value`, "")),
      field("Secret: store it write-only, never show it again", checkInput(`${k}.isSecret`, false)));
  }

  /** Render the form; `seed` keeps the choices that decide its shape. */
  function render(seed = {}) {
    const scope = seed.scope || "WORKSPACE";
    const owners = scope === "WORKSPACE"
      ? ctx.workspaces.map((w) => ({ value: w.id, label: w.name }))
      : ctx.deployments.map((d) => ({ value: d.id, label: `${d.name} · ${ctx.workspaceName(d.workspaceId)}` }));
    const owner = owners.some((o) => o.value === seed.scopeEntityId) ? seed.scopeEntityId : owners[0]?.value;
    const type = typeOf(seed.objectType);
    body.replaceChildren(
      h("fieldset", { class: "fs" }, h("legend", {}, "Object"),
        h("div", { class: "grid-2" },
          field("Owner", selectInput("scope", [{ value: "WORKSPACE", label: "A workspace" }, { value: "DEPLOYMENT", label: "A deployment" }], scope, { "data-role": "shape" })),
          field(scope === "WORKSPACE" ? "Workspace" : "Deployment", selectInput("scopeEntityId", owners, owner, { "data-role": "shape" })),
          field("Type", selectInput("objectType", TYPES, type.value, { "data-role": "shape" })),
          field("Key", textInput("objectKey", seed.objectKey ?? "", { spellcheck: "false" }), "The variable's name, or the connection id.")),
        field("Description", h("textarea", { name: "description", rows: 2, dataset: { kind: "string" }, value: seed.description ?? "" }))),
      valueFields(type),
      scope === "WORKSPACE" ? linkFields(owner, seed.links || [], seed.autoLinkDeployments) : null,
    );
  }

  body.addEventListener("change", (e) => {
    if (e.target.dataset?.role !== "shape") return;
    const { scope, scopeEntityId, objectType, objectKey, description } = readForm(form);
    render({ scope, scopeEntityId, objectType, objectKey, description });
  });

  async function openCreate() {
    clearIssues(form);
    const ok = await attempt({ context: "Loading deployments" }, () => ctx.refreshDeployments());
    if (!ok) return;
    const [kind, id] = filter.value.split(":");
    render(kind === "dep" ? { scope: "DEPLOYMENT", scopeEntityId: id } : { scope: "WORKSPACE", scopeEntityId: id });
    openDialog(dialog);
  }

  /** links: the checked deployment ids, as the API's link objects. */
  const asLinks = (ids) => (ids || []).map((id) => ({ scope: "DEPLOYMENT", scopeEntityId: id }));

  async function submit(event) {
    event.preventDefault();
    const input = { organizationId: ctx.orgId, ...readForm(form) };
    if (input.scope === "WORKSPACE") input.links = asLinks(input.links);
    await attempt({ form, button: $("#env-submit"), context: "Creating the environment object" }, async () => {
      await ctx.astro.createEnvironmentObject(input);
      dialog.close();
      toast(`${typeOf(input.objectType).label} “${input.objectKey}” created.`);
      await pager.reload();
    });
  }

  // ---- links of a workspace object ----
  function openLinks(o) {
    linking = o;
    clearIssues(linksForm);
    $("#env-links-title").textContent = `Where “${o.objectKey}” applies`;
    const fixed = (o.links || []).filter((l) => !linkRequest(o, l)).map((l) => ctx.deploymentName(l.scopeEntityId));
    const linksBody = $("#env-links-body");
    linksBody.replaceChildren(linkFields(o.scopeEntityId, (o.links || []).map((l) => l.scopeEntityId), o.autoLinkDeployments));
    $("#env-links-submit").disabled = fixed.length > 0;
    if (fixed.length) {
      linksBody.append(h("p", { class: "notice" },
        `The links to ${fixed.join(", ")} carry secret overrides that the API does not show, so the console cannot send them back: change these links with the API directly.`));
    }
    openDialog(linksDialog);
  }

  async function saveLinks(event) {
    event.preventDefault();
    const o = linking;
    const chosen = readForm(linksForm);
    const current = new Map((o.links || []).map((l) => [l.scopeEntityId, l]));
    const input = {
      organizationId: ctx.orgId,
      environmentObjectId: o.id,
      autoLinkDeployments: chosen.autoLinkDeployments,
      // the links kept go back with their overrides; updateEnvironmentObject replaces the list
      links: (chosen.links || []).map((id) => (current.has(id) ? linkRequest(o, current.get(id)) : asLinks([id])[0])),
    };
    if (input.links.includes(null)) {
      showIssues(linksForm, [{ path: "links", message: "A link with secret overrides cannot be sent back from here." }]);
      return;
    }
    await attempt({ form: linksForm, button: $("#env-links-submit"), context: `Saving the links of “${o.objectKey}”` }, async () => {
      await ctx.astro.updateEnvironmentObject(input);
      linksDialog.close();
      toast(`Links of “${o.objectKey}” saved.`);
      await pager.reload();
    });
  }

  function remove(o) {
    return afterConfirm({
      title: `Delete “${o.objectKey}”?`,
      text: "The object and its links are removed; the deployments no longer get it. This cannot be undone.",
      ok: "Delete object",
      context: `Deleting “${o.objectKey}”`,
    }, async () => {
      await ctx.astro.deleteEnvironmentObject({ organizationId: ctx.orgId, environmentObjectId: o.id });
      toast(`“${o.objectKey}” deleted.`);
      await pager.reload();
    });
  }

  $("#env-create").addEventListener("click", openCreate);
  form.addEventListener("submit", submit);
  linksForm.addEventListener("submit", saveLinks);
  filter.addEventListener("change", () => pager.go(0));
  // Typed secrets leave the page with the dialog.
  dialog.addEventListener("close", () => body.replaceChildren());

  return {
    reset() { filter.value = ""; return undefined; },
    async shown() {
      await attempt({ context: "Loading deployments" }, () => ctx.refreshDeployments());
      fillFilter();
      return pager.go(0);
    },
  };
}
