// Clusters: paged list, detail, and cluster options for a provider.
import { $, defList, formatDate, h, openDialog, statusBadge, tablePager } from "./dom.js";
import { attempt, clearBanner, reportError } from "./error-display.js";

export function initClusters(ctx) {
  const rows = $("#cl-rows");
  const result = $("#clo-result");
  let loaded = false;

  const pager = tablePager({
    container: $("#cl-pager"), label: "clusters", tbody: rows, columns: 7, empty: "No clusters in this organization.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listClusters({ organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"] });
      loaded = true;
      return { items: page.clusters || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing clusters" }),
  });

  function row(c) {
    return h("tr", { dataset: { id: c.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, c.name), h("span", { class: "cell-sub" }, c.id)),
      h("td", {}, c.type || "—"),
      h("td", {}, c.cloudProvider || "—"),
      h("td", {}, c.region || "—"),
      h("td", {}, String((c.nodePools || []).length)),
      h("td", {}, statusBadge(c.status)),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Details of ${c.name}`, onclick: () => showDetail(c.id) }, "Details")));
  }

  async function showDetail(id) {
    clearBanner();
    try {
      const c = await ctx.astro.getCluster({ organizationId: ctx.orgId, clusterId: id });
      $("#detail-title").textContent = `Cluster “${c.name}”`;
      const pools = c.nodePools || [];
      $("#detail-body").replaceChildren(
        defList([
          ["Status", statusBadge(c.status)],
          ["ID", h("code", {}, c.id)],
          ["Type", c.type],
          ["Provider / region", [c.cloudProvider, c.region].filter(Boolean).join(" · ")],
          ["Provider account", c.providerAccount],
          ["Database instance", c.dbInstanceType],
          ["VPC subnet", c.vpcSubnetRange],
          ["Pod subnet", c.podSubnetRange],
          ["Service subnet", c.serviceSubnetRange],
          ["External IPs", (c.metadata?.externalIPs || []).join(", ")],
          ["Workspaces", (c.workspaceIds || []).map((w) => ctx.workspaceName(w)).join(", ") || "All"],
          ["Tags", (c.tags || []).map((t) => `${t.key}=${t.value}`).join(", ")],
          ["Created", formatDate(c.createdAt)],
          ["Updated", formatDate(c.updatedAt)],
        ]),
        h("section", { class: "detail-section" }, h("h3", {}, "Node pools"),
          pools.length
            ? h("table", { class: "table table-compact" },
              h("thead", {}, h("tr", {}, ["Name", "Instance type", "Max nodes", "Astro machines", "Default"].map((t) => h("th", { scope: "col" }, t)))),
              h("tbody", {}, pools.map((p) => h("tr", {},
                h("td", {}, p.name), h("td", {}, p.nodeInstanceType), h("td", {}, String(p.maxNodeCount)),
                h("td", {}, (p.supportedAstroMachines || []).join(", ") || "—"), h("td", {}, p.isDefault ? "Yes" : "")))))
            : h("p", { class: "muted" }, "No node pools.")),
      );
      openDialog($("#detail-dialog"));
    } catch (err) {
      reportError(err, { context: "Loading the cluster" });
    }
  }

  const instanceTable = (caption, list) => h("table", { class: "table table-compact" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ["Name", "CPU", "Memory"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, (list || []).map((i) => h("tr", {}, h("td", {}, i.name), h("td", {}, String(i.cpu)), h("td", {}, i.memory)))));

  async function showOptions(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const button = form.querySelector("button[type=submit]");
    await attempt({ button, context: "Loading cluster options" }, async () => {
      const list = await ctx.astro.getClusterOptions({ organizationId: ctx.orgId, type: form.elements.type.value, provider: form.elements.provider.value });
      result.replaceChildren(...(list.length ? list.map((o) => h("article", { class: "option-block" },
        h("h4", {}, `${o.provider} · ${form.elements.type.value}`),
        defList([
          ["Default region", o.defaultRegion?.name],
          ["Regions", h("span", { class: "chips" }, (o.regions || []).map((r) => h("span", { class: "chip" }, r.name, r.limited ? " (limited)" : "")))],
          ["Node count", `${o.nodeCountMin}–${o.nodeCountMax}, default ${o.nodeCountDefault}`],
          ["Default node instance", o.defaultNodeInstance ? `${o.defaultNodeInstance.name} (${o.defaultNodeInstance.cpu} CPU, ${o.defaultNodeInstance.memory})` : undefined],
          ["Default database", o.defaultDatabaseInstance ? `${o.defaultDatabaseInstance.name} (${o.defaultDatabaseInstance.cpu} CPU, ${o.defaultDatabaseInstance.memory})` : undefined],
          ["Default VPC subnet", o.defaultVpcSubnetRange],
          ["Default pod subnet", o.defaultPodSubnetRange],
          ["Default service subnet", o.defaultServiceSubnetRange],
          ["Default service peering", o.defaultServicePeeringRange],
        ]),
        h("div", { class: "grid-2" }, instanceTable("Node instances", o.nodeInstances), instanceTable("Database instances", o.databaseInstances))))
        : [h("p", { class: "muted" }, "No options for this provider.")]));
    });
  }

  $("#clo-form").addEventListener("submit", showOptions);

  return {
    reset() { loaded = false; result.replaceChildren(); rows.replaceChildren(); return undefined; },
    shown() { return loaded ? pager.reload() : pager.go(0); },
  };
}
