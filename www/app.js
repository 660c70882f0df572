// Demo admin console for the Astro Platform API, built on the astro-platform-client package.
import { AstroClient } from "/pkg/dist/index.js";
import { $, $$, h } from "./js/dom.js";
import { clearBanner, clearIssues, reportError, showBanner } from "./js/error-display.js";
import { initWorkspaces } from "./js/workspaces.js";
import { initDeployments } from "./js/deployments.js";
import { initClusters } from "./js/clusters.js";

/** Shared state handed to every section. */
const ctx = {
  astro: null,
  orgId: "",
  workspaces: [], // all workspaces of the organization (for names and selects)
  busy(button, on) { if (button) { button.disabled = on; button.setAttribute("aria-busy", String(on)); } },
  async refreshWorkspaces() {
    ctx.workspaces = await ctx.astro.listAll("listWorkspaces", { organizationId: ctx.orgId, sorts: ["name:asc"] }, { maxItems: 1000 });
    for (const fn of ctx.onWorkspaces) fn(ctx.workspaces);
    return ctx.workspaces;
  },
  onWorkspaces: [],
  workspaceName(id) {
    const ws = ctx.workspaces.find((w) => w.id === id);
    return ws ? ws.name : id;
  },
};

const sections = {};

function showTab(name) {
  for (const tab of $$(".tab")) {
    if (tab.dataset.tab === name) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  for (const key of ["workspaces", "deployments", "clusters"]) $(`#panel-${key}`).hidden = key !== name;
  sections[name]?.shown?.();
}

async function chooseOrganization(orgId) {
  ctx.orgId = orgId;
  clearBanner();
  try {
    await ctx.refreshWorkspaces();
  } catch (err) {
    reportError(err, { context: "Loading workspaces" });
  }
  await Promise.all(Object.values(sections).map((s) => s.reset()));
}

async function connect(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const submit = $("button[type=submit]", form);
  clearIssues(form);
  clearBanner();
  const baseUrl = form.elements.baseUrl.value.trim();
  const token = form.elements.token.value.trim();
  ctx.busy(submit, true);
  try {
    const astro = new AstroClient({ token, baseUrl });
    const page = await astro.listOrganizations({ sorts: ["name:asc"] });
    const orgs = page.organizations || [];
    if (orgs.length === 0) throw new Error("This token can see no organization.");
    ctx.astro = astro;
    const select = $("#org-select");
    select.replaceChildren(...orgs.map((o) => h("option", { value: o.id }, o.name || o.id)));
    $("#session-url").textContent = new URL(baseUrl, location.href).host;
    $("#session-url").title = baseUrl;
    $("#connect-view").hidden = true;
    $("#app-view").hidden = false;
    $("#session").hidden = false;
    await chooseOrganization(orgs[0].id);
    showTab("workspaces");
    $(".tab[aria-current=page]").focus();
  } catch (err) {
    reportError(err, { form, context: "Connecting" });
  } finally {
    ctx.busy(submit, false);
  }
}

function disconnect() {
  ctx.astro = null;
  ctx.orgId = "";
  for (const s of Object.values(sections)) s.stop?.();
  $("#app-view").hidden = true;
  $("#session").hidden = true;
  $("#connect-view").hidden = false;
  clearBanner();
  $("#connect-token").focus();
}

function init() {
  const form = $("#connect-form");
  form.elements.baseUrl.value = `${location.origin}/platform/v1beta1`;
  form.elements.token.value = "astro-demo-token";
  form.addEventListener("submit", connect);
  $("#disconnect").addEventListener("click", disconnect);
  $("#banner-close").addEventListener("click", clearBanner);
  $("#org-select").addEventListener("change", (e) => chooseOrganization(e.target.value));
  for (const tab of $$(".tab")) tab.addEventListener("click", () => showTab(tab.dataset.tab));

  sections.workspaces = initWorkspaces(ctx);
  sections.deployments = initDeployments(ctx);
  sections.clusters = initClusters(ctx);
  form.elements.token.focus();
}

window.addEventListener("unhandledrejection", (e) => showBanner(e.reason));
init();
