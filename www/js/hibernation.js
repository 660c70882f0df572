// Hibernation (v1): a development deployment is put to sleep (for a while, or until woken) and
// woken, and its status is watched live while it changes: the package's waiter until it reports
// HIBERNATING, then a poll every second that shows the wake-up when it comes.
import { $, formatDate, h, openDialog, statusBadge, statusStep, tablePager, toast } from "./dom.js";
import { attempt, clearIssues, reportError } from "./error-display.js";

const WATCH_EVERY_MS = 1000;
const statusOf = (v) => (typeof v === "string" ? v : v?.status);
const activeOverride = (d) => {
  const o = d.scalingSpec?.hibernationSpec?.override;
  return o && o.isActive !== false && o.isHibernating !== undefined ? o : null;
};

function overrideText(d) {
  const o = activeOverride(d);
  if (!o) return h("span", { class: "muted" }, "—");
  const until = o.overrideUntil ? `until ${formatDate(o.overrideUntil)}` : "";
  if (o.isHibernating) return `Asleep ${until || "until woken"}`;
  return `Kept awake ${until || "until the override is removed"}`;
}

export function initHibernation(ctx) {
  const dialog = $("#hib-dialog");
  const form = $("#hib-form");
  const card = $("#hib-watch");
  const log = $("#hib-watch-log");
  const statusLine = $("#hib-watch-status");
  let target = null; // the deployment the dialog is for
  let watch = null; // { controller, dep, last, started, timer } while a deployment is watched

  const pager = tablePager({
    container: $("#hib-pager"), label: "deployments", tbody: $("#hib-rows"), columns: 6, empty: "No deployments.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listDeployments({ organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"] });
      return { items: page.deployments || [], total: page.totalCount };
    },
    row,
    onError: (err) => reportError(err, { context: "Listing deployments" }),
  });

  function row(d) {
    const dev = Boolean(d.isDevelopmentMode);
    const asleep = d.status === "HIBERNATING";
    const button = (label, onclick, disabled) => h("button", {
      type: "button", class: "btn btn-small", "aria-label": `${label} ${d.name}`, disabled, onclick: (e) => onclick(d, e.currentTarget),
    }, label);
    return h("tr", { dataset: { id: d.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, d.name), h("span", { class: "cell-sub" }, d.id)),
      h("td", {}, d.workspaceName || ctx.workspaceName(d.workspaceId)),
      h("td", {}, dev ? "Development" : h("span", { class: "muted", title: "Only development deployments hibernate" }, "Production")),
      h("td", {}, statusBadge(d.status)),
      h("td", {}, overrideText(d)),
      h("td", { class: "col-actions" },
        dev ? [button("Hibernate", openHibernate, asleep), button("Wake", wake, !asleep && !activeOverride(d))] : null,
        button("Watch", (x) => startWatch(x), false)));
  }

  // ---- hibernate ----
  function showCustom() {
    $("#hib-custom-field").hidden = form.elements.until.value !== "custom";
  }

  function openHibernate(d) {
    target = d;
    clearIssues(form);
    form.reset();
    showCustom();
    $("#hib-dialog-title").textContent = `Hibernate “${d.name}”`;
    openDialog(dialog);
  }

  async function hibernate(event) {
    event.preventDefault();
    const d = target;
    const input = { organizationId: ctx.orgId, deploymentId: d.id, isHibernating: true };
    const until = form.elements.until.value;
    if (until === "custom") {
      // datetime-local is local time; an empty one is passed on for the package to refuse at the field.
      const local = form.elements.overrideUntil.value;
      input.overrideUntil = local ? new Date(local).toISOString() : "";
    } else if (until) {
      input.overrideUntil = new Date(Date.now() + Number(until) * 1000).toISOString();
    }
    const ok = await attempt({ form, button: $("#hib-submit"), context: `Hibernating “${d.name}”` }, async () => {
      await ctx.astro.updateDeploymentHibernationOverride(input);
      dialog.close();
      toast(`“${d.name}” is going to sleep.`);
    });
    if (ok) await startWatch(d, "HIBERNATING");
  }

  function wake(d, button) {
    return attempt({ button, context: `Waking “${d.name}”` }, async () => {
      await ctx.astro.deleteDeploymentHibernationOverride({ organizationId: ctx.orgId, deploymentId: d.id });
      toast(`“${d.name}” is waking up.`);
      startWatch(d);
    });
  }

  // ---- the live status ----
  function record(status, reason) {
    const run = watch;
    if (!run || !status || status === run.last) return;
    run.last = status;
    log.append(statusStep(performance.now() - run.started, status, reason));
    statusLine.textContent = `“${run.dep.name}” is ${status}${reason ? `: ${reason}` : ""}.`;
    pager.reload();
  }

  function stopWatch() {
    if (!watch) return;
    clearTimeout(watch.timer);
    watch.controller.abort();
    watch = null;
    card.hidden = true;
  }

  /** Watch `d`: first with the waiter until it reports `until` (when given), then by polling. */
  async function startWatch(d, until) {
    stopWatch();
    const run = { controller: new AbortController(), dep: d, last: null, started: performance.now(), timer: 0 };
    watch = run;
    $("#hib-watch-title").textContent = `Status of “${d.name}”`;
    log.replaceChildren();
    card.hidden = false;
    record(d.status, d.statusReason);
    try {
      if (until) {
        const reached = await ctx.astro.waitForDeployment(
          { organizationId: ctx.orgId, deploymentId: d.id, until },
          { intervalMs: WATCH_EVERY_MS, timeoutMs: 5 * 60 * 1000, signal: run.controller.signal, onProgress: ({ current }) => record(statusOf(current)) },
        );
        record(reached.status, reached.statusReason);
      }
      await poll(run);
    } catch (err) {
      if (run.controller.signal.aborted) return;
      stopWatch();
      reportError(err, { context: `Watching “${d.name}”` });
    }
  }

  async function poll(run) {
    if (watch !== run) return;
    const d = await ctx.astro.getDeployment({ organizationId: ctx.orgId, deploymentId: run.dep.id }, { signal: run.controller.signal });
    if (watch !== run) return;
    record(d.status, d.statusReason);
    run.timer = setTimeout(() => poll(run).catch((err) => {
      if (run.controller.signal.aborted) return;
      stopWatch();
      reportError(err, { context: `Watching “${run.dep.name}”` });
    }), WATCH_EVERY_MS);
  }

  form.elements.until.addEventListener("change", showCustom);
  form.addEventListener("submit", hibernate);
  $("#hib-watch-close").addEventListener("click", stopWatch);

  return {
    reset() { stopWatch(); return undefined; },
    shown: () => pager.go(0),
    left: stopWatch,
    stop: stopWatch,
  };
}
