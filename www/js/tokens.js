// API tokens (v1): paged list filtered by scope, create, rotate, delete. A token's value comes
// back from createApiToken and rotateApiToken only; it is shown once, with a copy button, and is
// gone from the page when the user dismisses it or leaves (it is never stored or logged).
import { DEPLOYMENT_ROLES, ORGANIZATION_ROLES, WORKSPACE_ROLES } from "./api.js";
import { $, fillGroups, fillSelect, formatDate, h, openDialog, readForm, tablePager, toast } from "./dom.js";
import { afterConfirm, attempt, clearIssues, reportError } from "./error-display.js";

const SCOPE_LABEL = { ORGANIZATION: "Organization", WORKSPACE: "Workspace", DEPLOYMENT: "Deployment" };

export function initTokens(ctx) {
  const rows = $("#tok-rows");
  const filter = $("#tok-filter");
  const dialog = $("#tok-dialog");
  const form = $("#tok-form");
  let customRoles = null; // the organization's DEPLOYMENT custom roles, loaded on first need

  // ---- the value, shown once ----
  const secret = {
    card: $("#tok-secret"),
    value: $("#tok-secret-value"),
    status: $("#tok-secret-status"),
    tokenId: "",
  };

  function reveal(title, token) {
    secret.tokenId = token.id;
    $("#tok-secret-title").textContent = title;
    secret.value.textContent = token.token || "";
    secret.status.textContent = "";
    secret.card.hidden = false;
    $("#tok-secret-copy").focus();
  }

  function dismiss() {
    secret.value.replaceChildren();
    secret.status.textContent = "";
    secret.tokenId = "";
    secret.card.hidden = true;
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret.value.textContent);
      secret.status.textContent = "Copied to the clipboard.";
    } catch (err) {
      secret.status.textContent = `The browser refused the clipboard (${err.name || "error"}): select the token and copy it by hand.`;
    }
  }

  $("#tok-secret-copy").addEventListener("click", copy);
  $("#tok-secret-done").addEventListener("click", () => { dismiss(); $("#tok-create").focus(); });

  // ---- list ----
  const pager = tablePager({
    container: $("#tok-pager"), label: "API tokens", tbody: rows, columns: 7, empty: "No API tokens here.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listApiTokens({ organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"], ...filterInput() });
      return { items: page.tokens || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing API tokens" }),
  });

  function filterInput() {
    const [kind, id] = filter.value.split(":");
    if (kind === "org") return { includeOnlyOrganizationTokens: true };
    if (kind === "ws") return { workspaceId: id };
    if (kind === "dep") return { deploymentId: id };
    return {};
  }

  function fillFilter() {
    fillGroups(filter, [
      { items: [{ value: "", label: "All tokens" }, { value: "org", label: "Organization tokens" }] },
      { label: "Tokens of a workspace", items: ctx.workspaces.map((w) => ({ value: `ws:${w.id}`, label: w.name })) },
      { label: "Tokens of a deployment", items: ctx.deployments.map((d) => ({ value: `dep:${d.id}`, label: d.name })) },
    ]);
  }

  function entityName(role) {
    if (role.entityType === "WORKSPACE") return ctx.workspaceName(role.entityId);
    if (role.entityType === "DEPLOYMENT") return ctx.deploymentName(role.entityId);
    return "";
  }

  function roleName(role) {
    return customRoles?.find((c) => c.id === role)?.name || role;
  }

  function row(t) {
    const roles = t.roles || [];
    const entity = roles.map(entityName).find(Boolean);
    return h("tr", { dataset: { id: t.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, t.name), h("span", { class: "cell-sub" }, t.description || t.id)),
      h("td", {}, SCOPE_LABEL[t.scope] || t.scope, entity ? h("span", { class: "cell-sub" }, entity) : null),
      h("td", {}, roles.map((r) => roleName(r.role)).join(", ") || "—"),
      h("td", {}, h("code", { title: "Short form of the token, for recognition; not the token" }, t.shortToken)),
      h("td", {}, t.endAt ? formatDate(t.endAt) : h("span", { class: "muted" }, "Never")),
      h("td", {}, t.lastUsedAt ? formatDate(t.lastUsedAt) : h("span", { class: "muted" }, "Never")),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Rotate ${t.name}`, onclick: () => rotate(t) }, "Rotate"),
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Delete ${t.name}`, onclick: () => remove(t) }, "Delete")));
  }

  // ---- create ----
  async function scopeChanged() {
    const scope = form.elements.scope.value;
    const entityField = $("#tok-entity-field");
    entityField.hidden = scope === "ORGANIZATION";
    $("#tok-entity-label").textContent = SCOPE_LABEL[scope];
    if (scope === "WORKSPACE") fillSelect(form.elements.entityId, ctx.workspaces.map((w) => ({ value: w.id, label: w.name })), { placeholder: "Choose a workspace" });
    if (scope === "DEPLOYMENT") fillSelect(form.elements.entityId, ctx.deployments.map((d) => ({ value: d.id, label: d.name })), { placeholder: "Choose a deployment" });
    let roles = ORGANIZATION_ROLES;
    if (scope === "WORKSPACE") roles = WORKSPACE_ROLES;
    if (scope === "DEPLOYMENT") {
      if (!customRoles) {
        customRoles = await ctx.astro.listAll("listRoles", { organizationId: ctx.orgId, scopeTypes: ["DEPLOYMENT"] }, { maxItems: 1000 });
      }
      roles = [...DEPLOYMENT_ROLES, ...customRoles.map((c) => ({ value: c.id, label: `${c.name} (custom role)` }))];
    }
    fillSelect(form.elements.role, roles);
  }

  async function openCreate() {
    clearIssues(form);
    form.reset();
    await attempt({ context: "Loading roles" }, async () => {
      await scopeChanged();
      openDialog(dialog);
    });
  }

  async function submit(event) {
    event.preventDefault();
    const input = { organizationId: ctx.orgId, ...readTokenForm() };
    await attempt({ form, button: $("#tok-submit"), context: "Creating the API token" }, async () => {
      const token = await ctx.astro.createApiToken(input);
      dialog.close();
      form.reset();
      reveal(`Token “${token.name}” created`, token);
      await pager.reload();
    });
  }

  /** The create form as input; controls left empty are left out (the package names what is missing). */
  function readTokenForm() {
    const input = readForm(form);
    if (input.scope === "ORGANIZATION") delete input.entityId;
    return input;
  }

  // ---- rotate and delete ----
  function rotate(t) {
    return afterConfirm({
      title: `Rotate “${t.name}”?`,
      text: "A new value is issued and the current one stops working at once: whatever uses the token needs the new value.",
      ok: "Rotate token",
      context: `Rotating “${t.name}”`,
    }, async () => {
      const token = await ctx.astro.rotateApiToken({ organizationId: ctx.orgId, tokenId: t.id });
      reveal(`New value of “${token.name}”`, token);
      await pager.reload();
    });
  }

  function remove(t) {
    return afterConfirm({
      title: `Delete “${t.name}”?`,
      text: "The token is revoked: requests made with it fail from now on. This cannot be undone.",
      ok: "Delete token",
      context: `Deleting “${t.name}”`,
    }, async () => {
      await ctx.astro.deleteApiToken({ organizationId: ctx.orgId, tokenId: t.id });
      if (secret.tokenId === t.id) dismiss();
      toast(`Token “${t.name}” deleted.`);
      await pager.reload();
    });
  }

  async function refresh() {
    await attempt({ context: "Loading deployments" }, () => ctx.refreshDeployments());
    fillFilter();
    return pager.go(0);
  }

  $("#tok-create").addEventListener("click", openCreate);
  form.elements.scope.addEventListener("change", () => attempt({ context: "Loading roles" }, scopeChanged));
  filter.addEventListener("change", () => pager.go(0));
  form.addEventListener("submit", submit);

  return {
    reset() { dismiss(); customRoles = null; filter.value = ""; return undefined; },
    shown: refresh,
    left: dismiss,
  };
}
