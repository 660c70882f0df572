// Workspaces: paged list, create, rename, delete.
import { $, formatDate, h, openDialog, tablePager, toast } from "./dom.js";
import { afterConfirm, attempt, clearIssues, reportError } from "./error-display.js";

export function initWorkspaces(ctx) {
  const rows = $("#ws-rows");
  const dialog = $("#ws-dialog");
  const form = $("#ws-form");
  let editing = null; // workspace being renamed, or null when creating

  const pager = tablePager({
    container: $("#ws-pager"), label: "workspaces", tbody: rows, columns: 5, empty: "No workspaces yet.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listWorkspaces({ organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"] });
      return { items: page.workspaces || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing workspaces" }),
  });

  function row(ws) {
    return h("tr", { dataset: { id: ws.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, ws.name), h("span", { class: "cell-sub" }, ws.id)),
      h("td", { class: "cell-desc" }, ws.description || h("span", { class: "muted" }, "—")),
      h("td", {}, ws.cicdEnforcedDefault ? h("span", { class: "badge badge-busy" }, "Enforced") : h("span", { class: "muted" }, "Off")),
      h("td", {}, formatDate(ws.updatedAt || ws.createdAt)),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Rename ${ws.name}`, onclick: () => openForm(ws) }, "Rename"),
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Delete ${ws.name}`, onclick: () => remove(ws) }, "Delete")));
  }

  function openForm(ws) {
    editing = ws || null;
    clearIssues(form);
    form.reset();
    $("#ws-dialog-title").textContent = ws ? `Rename workspace` : "New workspace";
    $("#ws-submit").textContent = ws ? "Save" : "Create workspace";
    if (ws) {
      form.elements.name.value = ws.name || "";
      form.elements.description.value = ws.description || "";
      form.elements.cicdEnforcedDefault.checked = Boolean(ws.cicdEnforcedDefault);
    }
    openDialog(dialog);
  }

  async function submit(event) {
    event.preventDefault();
    const name = form.elements.name.value.trim();
    const description = form.elements.description.value.trim();
    const cicdEnforcedDefault = form.elements.cicdEnforcedDefault.checked;
    const context = editing ? "Renaming the workspace" : "Creating the workspace";
    await attempt({ form, button: $("#ws-submit"), context }, async () => {
      const input = { organizationId: ctx.orgId, cicdEnforcedDefault };
      if (name) input.name = name; // left out when empty: the package reports it as required
      if (editing) {
        // updateWorkspace needs name, description and cicdEnforcedDefault.
        await ctx.astro.updateWorkspace({ ...input, workspaceId: editing.id, description });
        toast(`Workspace renamed to “${name}”.`);
      } else {
        if (description) input.description = description;
        await ctx.astro.createWorkspace(input);
        toast(`Workspace “${name}” created.`);
      }
      dialog.close();
      await Promise.all([pager.reload(), ctx.refreshWorkspaces()]);
    });
  }

  function remove(ws) {
    return afterConfirm({
      title: `Delete workspace “${ws.name}”?`,
      text: "The workspace is removed from the organization. This cannot be undone.",
      ok: "Delete workspace",
      context: `Deleting workspace “${ws.name}”`,
    }, async () => {
      await ctx.astro.deleteWorkspace({ organizationId: ctx.orgId, workspaceId: ws.id });
      toast(`Workspace “${ws.name}” deleted.`);
      await Promise.all([pager.reload(), ctx.refreshWorkspaces()]);
    });
  }

  $("#ws-create").addEventListener("click", () => openForm(null));
  form.addEventListener("submit", submit);

  return {
    reset: () => pager.go(0),
    shown: () => {},
  };
}
