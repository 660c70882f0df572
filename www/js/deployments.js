// Deployments: filtered, paged list; detail; create and edit forms driven by getDeploymentOptions;
// live progress after create with waitForDeployment; delete.
import {
  $, $$, checkInput as check, defList, field, formatDate, h, numberInput as num, openDialog, readForm, selectInput as select,
  statusBadge, statusStep, tablePager, textInput as text, toast,
} from "./dom.js";
import { afterConfirm, attempt, clearBanner, clearIssues, reportError } from "./error-display.js";

const TYPES = ["STANDARD", "DEDICATED", "HYBRID"];
const PROVIDERS = ["AWS", "AZURE", "GCP"];
const DEFAULT_REGION = { AWS: "us-east-1", AZURE: "eastus", GCP: "us-central1" };
const STEPS = ["CREATING", "DEPLOYING", "HEALTHY"];
const QUEUE_EXECUTORS = ["CELERY", "ASTRO"]; // executors that run worker queues (ASTRO: v1)

const rangeHint = (r, unit = "") => (r ? `Default ${r.default}${unit} · allowed ${r.floor}–${r.ceiling}${unit}` : undefined);

/** The form's input, with the gaps of removed worker queues closed. */
function readDeploymentForm(form) {
  const out = readForm(form);
  if (Array.isArray(out.workerQueues)) out.workerQueues = out.workerQueues.filter(Boolean);
  return out;
}

// ---------- the section ----------

export function initDeployments(ctx) {
  const rows = $("#dep-rows");
  const filter = $("#dep-filter");
  const dialog = $("#dep-dialog");
  const form = $("#dep-form");
  const body = $("#dep-form-body");
  let clusters = null; // all clusters of the organization, loaded on first need
  let optionsCache = new Map();
  let state = null; // { mode: "create" | "edit", dep, type }
  let watch = null; // AbortController of the running progress watch

  const pager = tablePager({
    container: $("#dep-pager"), label: "deployments", tbody: rows, columns: 7, empty: "No deployments here.",
    fetch: async (offset, limit) => {
      const input = { organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"] };
      if (filter.value) input.workspaceIds = [filter.value];
      const page = await ctx.astro.listDeployments(input);
      return { items: page.deployments || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing deployments" }),
  });

  function row(d) {
    return h("tr", { dataset: { id: d.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, d.name), h("span", { class: "cell-sub" }, d.id)),
      h("td", {}, d.workspaceName || ctx.workspaceName(d.workspaceId)),
      h("td", {}, d.type || "—"),
      h("td", {}, d.executor || "—"),
      h("td", {}, d.runtimeVersion || "—"),
      h("td", {}, statusBadge(d.status)),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Details of ${d.name}`, onclick: () => showDetail(d.id) }, "Details"),
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Edit ${d.name}`, onclick: () => openEdit(d.id) }, "Edit"),
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Delete ${d.name}`, onclick: () => remove(d) }, "Delete")));
  }

  // ---- workspace filter ----
  ctx.onWorkspaces.push((list) => {
    const keep = filter.value;
    filter.replaceChildren(h("option", { value: "" }, "All workspaces"), ...list.map((w) => h("option", { value: w.id }, w.name)));
    filter.value = list.some((w) => w.id === keep) ? keep : "";
  });
  filter.addEventListener("change", () => pager.go(0));

  // ---- detail ----
  async function showDetail(id) {
    clearBanner();
    try {
      const d = await ctx.astro.getDeployment({ organizationId: ctx.orgId, deploymentId: id });
      $("#detail-title").textContent = `Deployment “${d.name}”`;
      const queues = d.workerQueues || [];
      $("#detail-body").replaceChildren(...[
        defList([
          ["Status", h("span", {}, statusBadge(d.status), d.statusReason ? ` ${d.statusReason}` : "")],
          ["ID", h("code", {}, d.id)],
          ["Workspace", d.workspaceName || ctx.workspaceName(d.workspaceId)],
          ["Type", d.type],
          ["Cluster", d.clusterName || d.clusterId],
          ["Cloud / region", [d.cloudProvider, d.region].filter(Boolean).join(" · ")],
          ["Runtime", d.runtimeVersion ? `${d.runtimeVersion}${d.airflowVersion ? ` (Airflow ${d.airflowVersion})` : ""}` : undefined],
          ["Executor", d.executor],
          ["Scheduler", d.schedulerSize || (d.schedulerAu ? `${d.schedulerAu} AU × ${d.schedulerReplicas ?? 1}` : undefined)],
          ["Task pod default", d.defaultTaskPodCpu ? `${d.defaultTaskPodCpu} CPU · ${d.defaultTaskPodMemory}` : undefined],
          ["Resource quota", d.resourceQuotaCpu ? `${d.resourceQuotaCpu} CPU · ${d.resourceQuotaMemory}` : undefined],
          ["High availability", d.isHighAvailability === undefined ? undefined : d.isHighAvailability ? "Yes" : "No"],
          ["Development mode", d.isDevelopmentMode === undefined ? undefined : d.isDevelopmentMode ? "Yes (can hibernate)" : "No"],
          ["CI/CD enforced", d.isCicdEnforced ? "Yes" : "No"],
          ["DAG deploys", d.isDagDeployEnabled ? "Enabled" : "Disabled"],
          ["Web server", d.webServerUrl],
          ["Namespace", d.namespace],
          ["Created", `${formatDate(d.createdAt)}${d.createdBy ? ` by ${d.createdBy.fullName || d.createdBy.apiTokenName || d.createdBy.username || d.createdBy.id}` : ""}`],
          ["Updated", formatDate(d.updatedAt)],
        ]),
        queues.length ? h("section", { class: "detail-section" }, h("h3", {}, "Worker queues"),
          h("table", { class: "table table-compact" },
            h("thead", {}, h("tr", {}, ["Name", "Machine / node pool", "Workers", "Concurrency", "Default"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, queues.map((q) => h("tr", {},
              h("td", {}, q.name), h("td", {}, q.astroMachine || q.nodePoolId || "—"),
              h("td", {}, `${q.minWorkerCount}–${q.maxWorkerCount}`), h("td", {}, String(q.workerConcurrency)),
              h("td", {}, q.isDefault ? "Yes" : "")))))) : null,
      ].filter(Boolean));
      openDialog($("#detail-dialog"));
    } catch (err) {
      reportError(err, { context: "Loading the deployment" });
    }
  }

  // ---- options and clusters ----
  async function loadClusters() {
    if (!clusters) clusters = await ctx.astro.listAll("listClusters", { organizationId: ctx.orgId }, { maxItems: 1000 });
    return clusters;
  }

  async function loadOptions(input) {
    const key = JSON.stringify(input);
    if (!optionsCache.has(key)) optionsCache.set(key, await ctx.astro.getDeploymentOptions({ organizationId: ctx.orgId, ...input }));
    return optionsCache.get(key);
  }

  /** Render the form for state.type from options, prefilled with `seed` (an input-shaped object). */
  async function render(seed) {
    const { mode, dep } = state;
    const type = state.type;
    const hybrid = type === "HYBRID";
    const allClusters = type === "STANDARD" ? [] : await loadClusters();
    const typeClusters = allClusters.filter((c) => c.type === type);
    const clusterId = seed.clusterId ?? dep?.clusterId ?? typeClusters[0]?.id;
    const cluster = allClusters.find((c) => c.id === clusterId);
    const provider = type === "STANDARD" ? (seed.cloudProvider || "AWS") : cluster?.cloudProvider;
    const opts = mode === "edit"
      ? await loadOptions({ deploymentId: dep.id })
      : await loadOptions({ deploymentType: type, ...(provider ? { cloudProvider: String(provider).toUpperCase() } : {}) });

    const executors = opts.executors?.length ? opts.executors : ["CELERY", "KUBERNETES"];
    const executor = executors.includes(seed.executor) ? seed.executor : executors[0];
    const rq = opts.resourceQuotas || {};
    const pod = rq.defaultPodSize || {};
    const quota = rq.resourceQuota || {};
    const wq = opts.workerQueues || {};
    const machines = (opts.workerMachines || []).map((m) => ({ value: m.name, label: m.spec ? `${m.name} — ${m.spec.cpu} CPU, ${m.spec.memory}` : m.name }));
    const nodePools = (cluster?.nodePools || []).map((p) => ({ value: p.id, label: `${p.name} (${p.nodeInstanceType})` }));

    const basics = h("fieldset", { class: "fs" }, h("legend", {}, "Basics"),
      h("div", { class: "grid-2" },
        field("Workspace", select("workspaceId", ctx.workspaces.map((w) => ({ value: w.id, label: w.name })), seed.workspaceId)),
        mode === "create"
          ? field("Type", select("type", TYPES, type, { "data-role": "type" }))
          : field("Type", h("input", { type: "text", value: type, disabled: true })),
      ),
      field("Name", text("name", seed.name, { "aria-required": "true" }), "At most 500 characters."),
      field("Description", h("textarea", { name: "description", rows: 2, dataset: { kind: "string" }, value: seed.description ?? "" })),
      type === "STANDARD"
        ? (mode === "create"
          ? h("div", { class: "grid-2" },
            field("Cloud provider", select("cloudProvider", PROVIDERS, provider, { "data-role": "provider" })),
            field("Region", text("region", seed.region ?? DEFAULT_REGION[provider])))
          : null)
        : (mode === "create"
          ? (typeClusters.length
            ? field("Cluster", select("clusterId", typeClusters.map((c) => ({ value: c.id, label: `${c.name} · ${c.cloudProvider} ${c.region}` })), clusterId, { "data-role": "cluster" }))
            : h("p", { class: "notice" }, `This organization has no ${type} cluster. Choose another type.`))
          : field("Cluster", h("input", { type: "text", value: dep.clusterName || dep.clusterId || "", disabled: true }))),
    );

    const runtime = h("fieldset", { class: "fs" }, h("legend", {}, "Runtime and scheduler"),
      h("div", { class: "grid-2" },
        mode === "create"
          ? field("Astro Runtime", select("astroRuntimeVersion", (opts.runtimeReleases || []).map((r) => ({
            value: r.version, label: `${r.version} · Airflow ${r.airflowVersion}${r.channel && r.channel !== "stable" ? ` (${r.channel})` : ""}`,
          })), seed.astroRuntimeVersion))
          : field("Astro Runtime", h("input", { type: "text", value: dep.runtimeVersion || "", disabled: true })),
        field("Executor", select("executor", executors, executor, { "data-role": "executor" })),
      ),
      hybrid
        ? h("div", { class: "grid-2" },
          field("Scheduler AU", num("scheduler.au", seed.scheduler?.au ?? 5, { min: 5, max: 24 }), "5–24 AU"),
          field("Scheduler replicas", num("scheduler.replicas", seed.scheduler?.replicas ?? 1, { min: 1, max: 4 }), "1–4"))
        : h("div", { class: "grid-2" },
          field("Scheduler size", select("schedulerSize", (opts.schedulerMachines || []).map((m) => ({
            value: m.name, label: m.spec ? `${m.name} — ${m.spec.cpu} CPU, ${m.spec.memory}` : m.name,
          })), seed.schedulerSize)),
          h("div", { class: "field-stack" },
            field("High availability", check("isHighAvailability", seed.isHighAvailability)))),
      hybrid && nodePools.length
        ? field("Task pod node pool", select("taskPodNodePoolId", [{ value: "", label: "Cluster default" }, ...nodePools], seed.taskPodNodePoolId ?? ""))
        : null,
    );

    const resources = hybrid ? null : h("fieldset", { class: "fs" }, h("legend", {}, "Resources"),
      h("div", { class: "grid-4" },
        field("Task pod CPU", text("defaultTaskPodCpu", seed.defaultTaskPodCpu ?? pod.cpu?.default), rangeHint(pod.cpu)),
        field("Task pod memory", text("defaultTaskPodMemory", seed.defaultTaskPodMemory ?? pod.memory?.default), rangeHint(pod.memory)),
        field("Quota CPU", text("resourceQuotaCpu", seed.resourceQuotaCpu ?? quota.cpu?.default), rangeHint(quota.cpu)),
        field("Quota memory", text("resourceQuotaMemory", seed.resourceQuotaMemory ?? quota.memory?.default), rangeHint(quota.memory)),
      ));

    const deploys = h("fieldset", { class: "fs fs-inline" }, h("legend", {}, "Deploys"),
      field("Enforce CI/CD deploys", check("isCicdEnforced", seed.isCicdEnforced)),
      field("DAG deploys", check("isDagDeployEnabled", seed.isDagDeployEnabled ?? true)),
      // v1 only, on create (a production deployment cannot become a development one later).
      ctx.version === "v1" && mode === "create" && !hybrid
        ? field("Development mode (can hibernate)", check("isDevelopmentMode", seed.isDevelopmentMode))
        : null);

    let queuesSection = null;
    if (QUEUE_EXECUTORS.includes(executor)) {
      const defaults = {
        minWorkerCount: wq.minWorkers?.default ?? 0,
        maxWorkerCount: wq.maxWorkers?.default ?? 10,
        workerConcurrency: wq.workerConcurrency?.default ?? 5,
      };
      const queues = seed.workerQueues?.length ? seed.workerQueues : [{ name: "default", isDefault: true, ...defaults }];
      const list = h("div", { class: "queues", "data-path-prefix": "workerQueues" });
      const renderQueues = (qs) => {
        list.replaceChildren(
          h("div", { class: "q-row q-head", "aria-hidden": "true" },
            ["Name", hybrid ? "Node pool" : "Worker machine", "Min workers", "Max workers", "Concurrency", ""].map((c) => h("span", {}, c))),
          ...qs.map((q, i) => {
            const n = `workerQueues[${i}]`;
            const label = (what) => `Worker queue ${i + 1} ${what}`;
            return h("div", { class: "q-row", role: "group", "aria-label": `Worker queue ${i + 1}${q.isDefault ? " (default)" : ""}` },
              q.id ? h("input", { type: "hidden", name: `${n}.id`, value: q.id, dataset: { kind: "string" } }) : null,
              h("input", { type: "hidden", name: `${n}.isDefault`, value: String(i === 0), dataset: { kind: "bool" } }),
              h("div", { class: "q-cell" }, text(`${n}.name`, q.name, { "aria-label": label("name") })),
              h("div", { class: "q-cell" }, hybrid
                ? select(`${n}.nodePoolId`, nodePools, q.nodePoolId, { "aria-label": label("node pool") })
                : select(`${n}.astroMachine`, machines, q.astroMachine, { "aria-label": label("worker machine") })),
              h("div", { class: "q-cell" }, num(`${n}.minWorkerCount`, q.minWorkerCount, wq.minWorkers, { "aria-label": label("minimum workers") })),
              h("div", { class: "q-cell" }, num(`${n}.maxWorkerCount`, q.maxWorkerCount, wq.maxWorkers, { "aria-label": label("maximum workers") })),
              h("div", { class: "q-cell" }, num(`${n}.workerConcurrency`, q.workerConcurrency, wq.workerConcurrency, { "aria-label": label("concurrency") })),
              h("div", { class: "q-cell q-tools" }, i === 0
                ? h("span", { class: "badge badge-idle" }, "default")
                : h("button", {
                  type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Remove worker queue ${i + 1}`,
                  onclick: () => { const cur = readDeploymentForm(form).workerQueues || []; cur.splice(i, 1); renderQueues(cur); },
                }, "Remove")));
          }),
        );
      };
      renderQueues(queues);
      queuesSection = h("fieldset", { class: "fs" }, h("legend", {}, "Worker queues"),
        h("p", { class: "hint" }, `Workers ${wq.minWorkers ? `min ${wq.minWorkers.floor}–${wq.minWorkers.ceiling}` : ""}${wq.maxWorkers ? `, max ${wq.maxWorkers.floor}–${wq.maxWorkers.ceiling}` : ""}${wq.workerConcurrency ? `, concurrency ${wq.workerConcurrency.floor}–${wq.workerConcurrency.ceiling}` : ""}. The first queue is the default queue.`),
        list,
        h("button", {
          type: "button", class: "btn btn-small",
          onclick: () => {
            const cur = readDeploymentForm(form).workerQueues || [];
            cur.push({ name: `queue-${cur.length + 1}`, ...defaults });
            renderQueues(cur);
            $$(".q-row", list).at(-1)?.querySelector("input[type=text]")?.focus();
          },
        }, "Add worker queue"));
    }

    body.replaceChildren(...[basics, runtime, resources, deploys, queuesSection].filter(Boolean));
    form.dataset.ready = "true";
  }

  /** Re-render after a choice that changes the available options, keeping what the user typed. */
  async function rerender(changes = {}) {
    const seed = { ...readDeploymentForm(form), ...changes };
    try {
      await render(seed);
    } catch (err) {
      reportError(err, { context: "Loading deployment options" });
    }
  }

  body.addEventListener("change", (e) => {
    const role = e.target.dataset?.role;
    if (role === "type") {
      state.type = e.target.value;
      rerender({ clusterId: undefined, workerQueues: undefined });
    } else if (role === "provider" || role === "cluster" || role === "executor") {
      rerender();
    }
  });

  async function openCreate() {
    clearBanner();
    clearIssues(form);
    state = { mode: "create", dep: null, type: "STANDARD" };
    $("#dep-dialog-title").textContent = "New deployment";
    $("#dep-submit").textContent = "Create deployment";
    const ws = ctx.workspaces.find((w) => w.id === filter.value) || ctx.workspaces[0];
    if (!ws) { reportError(new Error("Create a workspace first."), { context: "New deployment" }); return; }
    try {
      await render({ workspaceId: ws.id, isCicdEnforced: Boolean(ws.cicdEnforcedDefault) });
      openDialog(dialog);
    } catch (err) {
      reportError(err, { context: "Loading deployment options" });
    }
  }

  async function openEdit(id) {
    clearBanner();
    clearIssues(form);
    try {
      const dep = await ctx.astro.getDeployment({ organizationId: ctx.orgId, deploymentId: id });
      state = { mode: "edit", dep, type: dep.type || "STANDARD" };
      $("#dep-dialog-title").textContent = `Edit “${dep.name}”`;
      $("#dep-submit").textContent = "Save changes";
      await render({
        workspaceId: dep.workspaceId, name: dep.name, description: dep.description, executor: dep.executor,
        schedulerSize: dep.schedulerSize, isHighAvailability: dep.isHighAvailability,
        scheduler: { au: dep.schedulerAu, replicas: dep.schedulerReplicas }, taskPodNodePoolId: dep.taskPodNodePoolId,
        defaultTaskPodCpu: dep.defaultTaskPodCpu, defaultTaskPodMemory: dep.defaultTaskPodMemory,
        resourceQuotaCpu: dep.resourceQuotaCpu, resourceQuotaMemory: dep.resourceQuotaMemory,
        isCicdEnforced: dep.isCicdEnforced, isDagDeployEnabled: dep.isDagDeployEnabled,
        workerQueues: (dep.workerQueues || []).map((q) => ({
          id: q.id, name: q.name, astroMachine: q.astroMachine, nodePoolId: q.nodePoolId,
          minWorkerCount: q.minWorkerCount, maxWorkerCount: q.maxWorkerCount, workerConcurrency: q.workerConcurrency,
        })),
      });
      openDialog(dialog);
    } catch (err) {
      reportError(err, { context: "Loading the deployment" });
    }
  }

  async function submit(event) {
    event.preventDefault();
    if (!state) return;
    clearIssues(form);
    clearBanner();
    const button = $("#dep-submit");
    const input = readDeploymentForm(form);
    input.organizationId = ctx.orgId;
    input.type = state.type;
    const context = state.mode === "create" ? "Creating the deployment" : "Saving the deployment";
    await attempt({ form, button, context }, async () => {
      if (state.mode === "create") {
        const dep = await ctx.astro.createDeployment(input);
        dialog.close();
        await pager.reload();
        watchProgress(dep);
      } else {
        const dep = state.dep;
        input.deploymentId = dep.id;
        // The update body replaces the variable list: send the current one back unchanged.
        input.environmentVariables = (dep.environmentVariables || []).map((v) => {
          const out = { key: v.key, isSecret: Boolean(v.isSecret) };
          if (v.value !== undefined && !v.isSecret) out.value = v.value;
          return out;
        });
        if (Array.isArray(dep.contactEmails)) input.contactEmails = dep.contactEmails;
        if (dep.workloadIdentity) input.workloadIdentity = dep.workloadIdentity;
        const updated = await ctx.astro.updateDeployment(input);
        dialog.close();
        toast(`Deployment “${updated.name}” saved.`);
        await pager.reload();
      }
    });
  }

  // ---- live progress after create ----
  const panel = $("#dep-progress");
  const log = $("#dep-progress-log");
  const statusLine = $("#dep-progress-status");
  let watched = null;

  function stopWatch() {
    if (watch) watch.abort();
    watch = null;
  }

  function markSteps(status) {
    const at = STEPS.indexOf(status);
    for (const li of $$("#dep-progress-steps li")) {
      const i = STEPS.indexOf(li.dataset.step);
      li.classList.toggle("done", at >= 0 && (i < at || (status === "HEALTHY" && i === at)));
      li.classList.toggle("current", i === at && status !== "HEALTHY");
      if (i === at) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    }
  }

  async function watchProgress(dep) {
    stopWatch();
    const controller = new AbortController();
    watch = controller;
    watched = dep;
    const started = performance.now();
    let last = null;
    const record = (status, elapsedMs) => {
      if (!status || status === last) return;
      last = status;
      log.append(statusStep(elapsedMs, status));
      markSteps(status);
      statusLine.textContent = status === "HEALTHY" ? "" : `Status: ${status}…`;
      pager.reload();
    };
    $("#dep-progress-title").textContent = `Creating “${dep.name}”`;
    panel.classList.remove("is-done", "is-failed");
    log.replaceChildren();
    panel.hidden = false;
    record(dep.status || "CREATING", 0);
    const statusOf = (v) => (typeof v === "string" ? v : v?.status);
    try {
      const final = await ctx.astro.waitForDeployment(
        { deploymentId: dep.id, organizationId: ctx.orgId, until: "HEALTHY" },
        {
          intervalMs: 1000,
          timeoutMs: 10 * 60 * 1000,
          signal: controller.signal,
          onProgress: ({ current, elapsedMs }) => record(statusOf(current), elapsedMs ?? performance.now() - started),
        },
      );
      record(statusOf(final) || "HEALTHY", performance.now() - started);
      panel.classList.add("is-done");
      $("#dep-progress-title").textContent = `Created “${dep.name}”`;
      statusLine.textContent = `“${dep.name}” is HEALTHY after ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    } catch (err) {
      if (controller.signal.aborted) return;
      panel.classList.add("is-failed");
      statusLine.textContent = `Stopped waiting: ${err.message}`;
      reportError(err, { context: "Waiting for the deployment" });
    } finally {
      if (watch === controller) watch = null;
    }
  }

  $("#dep-progress-close").addEventListener("click", () => { stopWatch(); panel.hidden = true; watched = null; });

  // ---- delete ----
  function remove(d) {
    return afterConfirm({
      title: `Delete deployment “${d.name}”?`,
      text: "The deployment and its Airflow environment are deleted. This cannot be undone.",
      ok: "Delete deployment",
      context: `Deleting deployment “${d.name}”`,
    }, async () => {
      await ctx.astro.deleteDeployment({ organizationId: ctx.orgId, deploymentId: d.id });
      if (watched && watched.id === d.id) { stopWatch(); panel.hidden = true; watched = null; }
      toast(`Deployment “${d.name}” deleted.`);
      await pager.reload();
    });
  }

  $("#dep-create").addEventListener("click", openCreate);
  form.addEventListener("submit", submit);

  return {
    reset() {
      stopWatch();
      panel.hidden = true;
      clusters = null;
      optionsCache = new Map();
      filter.value = "";
      return pager.go(0);
    },
    stop: stopWatch,
    shown: () => pager.reload(),
  };
}
