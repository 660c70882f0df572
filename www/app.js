// Demo admin console for the Astro API, built on the astro-platform-client package: the v1 entry
// by default, the v1beta1 one when the connect form asks for it.
import { VERSIONS, loadPackage } from "./js/api.js";
import { $, $$, h, setBusy } from "./js/dom.js";
import { clearBanner, clearIssues, reportError, showBanner } from "./js/error-display.js";
import { initWorkspaces } from "./js/workspaces.js";
import { initDeployments } from "./js/deployments.js";
import { initClusters } from "./js/clusters.js";
import { initTokens } from "./js/tokens.js";
import { initPeople } from "./js/people.js";
import { initLogs } from "./js/logs.js";
import { initHibernation } from "./js/hibernation.js";
import { initEnvironment } from "./js/environment.js";

/** Shared state handed to every section. */
const ctx = {
  astro: null,
  version: "v1", // the API version of the connected client
  orgId: "",
  workspaces: [], // all workspaces of the organization (for names and selects)
  deployments: [], // all deployments of the organization, refreshed by the pages that need them
  async refreshWorkspaces() {
    ctx.workspaces = await ctx.astro.listAll("listWorkspaces", { organizationId: ctx.orgId, sorts: ["name:asc"] }, { maxItems: 1000 });
    for (const fn of ctx.onWorkspaces) fn(ctx.workspaces);
    return ctx.workspaces;
  },
  onWorkspaces: [],
  async refreshDeployments() {
    ctx.deployments = await ctx.astro.listAll("listDeployments", { organizationId: ctx.orgId, sorts: ["name:asc"] }, { maxItems: 1000 });
    return ctx.deployments;
  },
  workspaceName(id) {
    const ws = ctx.workspaces.find((w) => w.id === id);
    return ws ? ws.name : id;
  },
  deploymentName(id) {
    const d = ctx.deployments.find((x) => x.id === id);
    return d ? d.name : id;
  },
};

const sections = {};
let current = ""; // the tab shown

/** Whether a panel can be used with the connected API version (new pages need v1). */
const usable = (name) => {
  const needs = $(`#panel-${name}`).dataset.requires;
  return !needs || needs === ctx.version;
};

function showTab(name) {
  if (current && current !== name) sections[current]?.left?.();
  current = name;
  for (const tab of $$(".tab")) {
    if (tab.dataset.tab === name) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  for (const key of Object.keys(sections)) $(`#panel-${key}`).hidden = key !== name;
  if (usable(name)) sections[name]?.shown?.();
}

/** Show the v1-only pages' content, or their note, for the connected version. */
function applyVersion() {
  for (const panel of $$(".panel[data-requires]")) {
    const ok = panel.dataset.requires === ctx.version;
    for (const el of $$("[data-version-only]", panel)) el.hidden = !ok;
    $(".needs-version", panel).hidden = ok;
  }
  $("#brand-sub").textContent = `${VERSIONS[ctx.version].label} · demo`;
}

async function chooseOrganization(orgId) {
  ctx.orgId = orgId;
  clearBanner();
  for (const s of Object.values(sections)) s.left?.();
  try {
    await ctx.refreshWorkspaces();
  } catch (err) {
    reportError(err, { context: "Loading workspaces" });
  }
  await Promise.all(Object.keys(sections).filter(usable).map((name) => sections[name].reset()));
  if (current && usable(current)) sections[current].shown?.();
}

async function connect(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const submit = $("button[type=submit]", form);
  clearIssues(form);
  clearBanner();
  const version = form.elements.version.value;
  const baseUrl = form.elements.baseUrl.value.trim();
  const token = form.elements.token.value.trim();
  setBusy(submit, true);
  try {
    const lib = await loadPackage(version);
    const astro = new lib.AstroClient({ token, baseUrl });
    const page = await astro.listOrganizations({ sorts: ["name:asc"] });
    const orgs = page.organizations || [];
    if (orgs.length === 0) throw new Error("This token can see no organization.");
    ctx.astro = astro;
    ctx.version = version;
    applyVersion();
    const select = $("#org-select");
    select.replaceChildren(...orgs.map((o) => h("option", { value: o.id }, o.name || o.id)));
    $("#session-url").textContent = `${new URL(baseUrl, location.href).host} · ${version}`;
    $("#session-url").title = baseUrl;
    current = "";
    await chooseOrganization(orgs[0].id);
    showTab("workspaces");
    // Shown once ready: a tab chosen while the organization loaded would be undone by showTab.
    $("#connect-view").hidden = true;
    $("#app-view").hidden = false;
    $("#session").hidden = false;
    $(".tab[aria-current=page]").focus();
  } catch (err) {
    reportError(err, { form, context: "Connecting" });
  } finally {
    setBusy(submit, false);
  }
}

function disconnect() {
  for (const s of Object.values(sections)) {
    s.left?.();
    s.stop?.();
  }
  ctx.astro = null;
  ctx.orgId = "";
  current = "";
  $("#app-view").hidden = true;
  $("#session").hidden = true;
  $("#connect-view").hidden = false;
  clearBanner();
  $("#connect-token").focus();
}

function init() {
  const form = $("#connect-form");
  const defaultUrl = (version) => `${location.origin}${VERSIONS[version].basePath}`;
  form.elements.version.value = "v1";
  form.elements.baseUrl.value = defaultUrl("v1");
  form.elements.token.value = "astro-demo-token";
  // Switching the version moves a default base URL along (a URL the user typed stays).
  let shownVersion = "v1";
  form.elements.version.addEventListener("change", () => {
    const version = form.elements.version.value;
    if (form.elements.baseUrl.value.trim() === defaultUrl(shownVersion)) form.elements.baseUrl.value = defaultUrl(version);
    shownVersion = version;
  });
  form.addEventListener("submit", connect);
  $("#disconnect").addEventListener("click", disconnect);
  $("#banner-close").addEventListener("click", clearBanner);
  $("#org-select").addEventListener("change", (e) => chooseOrganization(e.target.value));
  for (const tab of $$(".tab")) tab.addEventListener("click", () => showTab(tab.dataset.tab));

  sections.workspaces = initWorkspaces(ctx);
  sections.deployments = initDeployments(ctx);
  sections.clusters = initClusters(ctx);
  sections.tokens = initTokens(ctx);
  sections.people = initPeople(ctx);
  sections.logs = initLogs(ctx);
  sections.hibernation = initHibernation(ctx);
  sections.environment = initEnvironment(ctx);
  // Leaving the page takes what a section shows once (a new API token's value) away with it.
  window.addEventListener("pagehide", () => { for (const s of Object.values(sections)) s.left?.(); });
  form.elements.token.focus();
}

window.addEventListener("unhandledrejection", (e) => showBanner(e.reason));
init();
