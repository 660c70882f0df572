// Deployment logs (v1): a search by source, time range and text, paged as the API pages it
// (offset and limit, the same searchId), and a follow mode that polls for lines written since.
import { LOG_SOURCES } from "./api.js";
import { $, Pager, field, fillSelect, h, itemInput } from "./dom.js";
import { attempt, clearIssues, reportError } from "./error-display.js";

const FOLLOW_EVERY_MS = 2000;
// Each poll asks for the seconds since the previous one plus this margin (lines can be written a
// little late); the lines already shown are recognised and left out.
const FOLLOW_MARGIN_S = 10;
const FOLLOW_MAX_LINES = 2000; // older lines leave the screen beyond this while following
const FOLLOW_PAGE = 500;

const lineKey = (l) => `${l.timestamp}\u0000${l.source}\u0000${l.raw}`;
const pad = (n) => String(n).padStart(2, "0");

function timeText(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function lineEl(l, fresh = false) {
  return h("li", { class: fresh ? "log-line is-new" : "log-line", dataset: { source: l.source } },
    h("time", { class: "log-time", datetime: new Date(l.timestamp * 1000).toISOString() }, timeText(l.timestamp)),
    h("span", { class: "log-source" }, l.source),
    h("span", { class: "log-raw" }, l.raw));
}

export function initLogs(ctx) {
  const form = $("#logs-form");
  const list = $("#logs-lines");
  const status = $("#logs-status");
  const followBox = $("#logs-follow");
  let query = null; // the search on screen, without paging
  let searchId; // the API's id of that search, sent back for its further pages
  let seen = new Set(); // keys of the lines on screen
  let follow = null; // { controller, timer, since, added } while following

  $("#logs-source-list").replaceChildren(...LOG_SOURCES.map((s) => field(s, itemInput("sources", s, true))));

  function showRange() {
    const custom = form.elements.range.value === "custom";
    $("#logs-from-field").hidden = !custom;
    $("#logs-to-field").hidden = !custom;
  }

  /** The search the form describes; what is left empty is left out (the package names what is missing). */
  function readQuery() {
    const el = form.elements;
    const q = { organizationId: ctx.orgId };
    if (el.deploymentId.value) q.deploymentId = el.deploymentId.value;
    const sources = [...form.querySelectorAll("input[name=sources]:checked")].map((c) => c.value);
    if (sources.length) q.sources = sources;
    if (el.range.value === "custom") {
      // datetime-local is the browser's local time; the API takes RFC 3339.
      if (el.startDate.value) q.startDate = new Date(el.startDate.value).toISOString();
      if (el.endDate.value) q.endDate = new Date(el.endDate.value).toISOString();
    } else if (el.range.value) {
      q.range = Number(el.range.value);
    }
    const text = el.searchText.value.trim();
    if (text) q.searchText = text;
    return q;
  }

  // ---- a page of the search ----
  let loadFailed = false;
  let latest = 0; // only the latest search is shown (an earlier one that answers later is dropped)
  const pager = new Pager($("#logs-pager"), "lines", async (offset, limit) => {
    const mine = ++latest;
    try {
      const page = await ctx.astro.getDeploymentLogs({ ...query, offset, limit, ...(searchId ? { searchId } : {}) });
      if (mine !== latest) return undefined;
      searchId = page.searchId;
      const results = page.results || [];
      list.replaceChildren(...results.map((l) => lineEl(l)));
      seen = new Set(results.map(lineKey));
      status.textContent = results.length ? "" : "No log lines match.";
      loadFailed = false;
      return { count: results.length, more: results.length === limit && offset + limit < page.maxNumResults };
    } catch (err) {
      if (mine !== latest) return undefined;
      loadFailed = true;
      reportError(err, { form, context: "Reading the logs" });
      return undefined;
    }
  }, 100, [10, 50, 100, 200]);

  async function search(event) {
    event?.preventDefault();
    stopFollow();
    clearIssues(form);
    query = readQuery();
    searchId = undefined;
    list.replaceChildren();
    await attempt({ button: $("#logs-submit"), context: "Reading the logs" }, () => pager.go(0));
    if (!loadFailed && followBox.checked) startFollow();
  }

  // ---- follow ----
  function startFollow() {
    stopFollow();
    if (!query || loadFailed) return;
    follow = { controller: new AbortController(), timer: 0, since: Date.now(), added: 0 };
    pager.hold(true);
    followStatus();
    follow.timer = setTimeout(poll, FOLLOW_EVERY_MS);
  }

  function stopFollow() {
    if (!follow) return;
    clearTimeout(follow.timer);
    follow.controller.abort();
    follow = null;
    pager.hold(false);
    status.textContent = "";
  }

  function followStatus() {
    status.textContent = `Following: new lines are added every ${FOLLOW_EVERY_MS / 1000} s, whatever the time range (${follow.added} so far).`;
  }

  async function poll() {
    const run = follow;
    if (!run) return;
    const started = Date.now();
    const back = Math.ceil((started - run.since) / 1000) + FOLLOW_MARGIN_S;
    const { startDate, endDate, range, ...rest } = query;
    try {
      const page = await ctx.astro.getDeploymentLogs({ ...rest, range: back, offset: 0, limit: FOLLOW_PAGE }, { signal: run.controller.signal });
      if (follow !== run) return;
      run.since = started;
      const fresh = (page.results || []).filter((l) => !seen.has(lineKey(l))).sort((a, b) => a.timestamp - b.timestamp);
      if (fresh.length) {
        const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
        for (const l of fresh) seen.add(lineKey(l));
        list.append(...fresh.map((l) => lineEl(l, true)));
        while (list.children.length > FOLLOW_MAX_LINES) list.firstElementChild.remove();
        if (atEnd) list.scrollTop = list.scrollHeight;
        run.added += fresh.length;
      }
      followStatus();
      run.timer = setTimeout(poll, FOLLOW_EVERY_MS);
    } catch (err) {
      if (run.controller.signal.aborted) return;
      stopFollow();
      followBox.checked = false;
      reportError(err, { context: "Following the logs" });
    }
  }

  followBox.addEventListener("change", () => (followBox.checked ? startFollow() : stopFollow()));
  form.elements.range.addEventListener("change", showRange);
  form.elements.deploymentId.addEventListener("change", () => search());
  form.addEventListener("submit", search);
  showRange();

  function leave() {
    stopFollow();
    followBox.checked = false;
  }

  return {
    reset() { leave(); query = null; list.replaceChildren(); status.textContent = ""; return undefined; },
    async shown() {
      const ok = await attempt({ context: "Loading deployments" }, () => ctx.refreshDeployments());
      if (!ok) return;
      fillSelect(form.elements.deploymentId, ctx.deployments.map((d) => ({ value: d.id, label: `${d.name} · ${ctx.workspaceName(d.workspaceId)}` })));
      if (!query) await search();
    },
    left: leave,
  };
}
