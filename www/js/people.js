// Teams and users (v1): teams with their members (add, remove), users with their roles (change
// them), invites (send, withdraw).
import { ORGANIZATION_ROLES, WORKSPACE_ROLES, isAstroError } from "./api.js";
import {
  $, emptyRow, field, fillSelect, formatDate, h, itemInput, openDialog, readForm, selectInput, statusBadge, tablePager, toast,
} from "./dom.js";
import { afterConfirm, attempt, clearIssues, reportError } from "./error-display.js";

const personName = (u) => u.fullName || u.username || u.userId || u.id;

export function initPeople(ctx) {
  let users = []; // every user of the organization (for the member choices)
  let team = null; // the team whose members are shown

  async function loadUsers() {
    users = await ctx.astro.listAll("listUsers", { organizationId: ctx.orgId, sorts: ["fullName:asc"] }, { maxItems: 1000 });
    return users;
  }

  // ---------------------------------------------------------------- teams
  const teamDialog = $("#team-dialog");
  const teamForm = $("#team-form");

  const teams = tablePager({
    container: $("#team-pager"), label: "teams", tbody: $("#team-rows"), columns: 5, empty: "No teams yet.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listTeams({ organizationId: ctx.orgId, offset, limit, sorts: ["name:asc"] });
      return { items: page.teams || [], total: page.totalCount };
    },
    row: (t) => h("tr", { dataset: { id: t.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, t.name), h("span", { class: "cell-sub" }, t.id)),
      h("td", { class: "cell-desc" }, t.description || h("span", { class: "muted" }, "—")),
      h("td", {}, t.organizationRole),
      h("td", {}, String(t.rolesCount ?? "—")),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Members of ${t.name}`, onclick: () => showMembers(t) }, "Members"),
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Delete ${t.name}`, onclick: () => removeTeam(t) }, "Delete"))),
    onError: (err) => reportError(err, { context: "Listing teams" }),
  });

  async function openTeamForm() {
    clearIssues(teamForm);
    teamForm.reset();
    fillSelect(teamForm.elements.organizationRole, ORGANIZATION_ROLES, { value: "ORGANIZATION_MEMBER" });
    await attempt({ context: "Loading users" }, async () => {
      await loadUsers();
      $("#team-members").replaceChildren(...users.map((u) => field(`${personName(u)} (${u.username})`, itemInput("memberIds", u.id, false))));
      openDialog(teamDialog);
    });
  }

  async function createTeam(event) {
    event.preventDefault();
    const input = { organizationId: ctx.orgId, ...readForm(teamForm) };
    await attempt({ form: teamForm, button: $("#team-submit"), context: "Creating the team" }, async () => {
      const created = await ctx.astro.createTeam(input);
      teamDialog.close();
      toast(`Team “${created.name}” created.`);
      await teams.reload();
      await showMembers(created);
    });
  }

  function removeTeam(t) {
    return afterConfirm({
      title: `Delete team “${t.name}”?`,
      text: "Its members lose the roles they hold through it. This cannot be undone.",
      ok: "Delete team",
      context: `Deleting team “${t.name}”`,
    }, async () => {
      await ctx.astro.deleteTeam({ organizationId: ctx.orgId, teamId: t.id });
      if (team?.id === t.id) closeMembers();
      toast(`Team “${t.name}” deleted.`);
      await teams.reload();
    });
  }

  // ---------------------------------------------------------------- members of a team
  const membersCard = $("#members");
  const membersForm = $("#members-form");

  const members = tablePager({
    container: $("#members-pager"), label: "members", tbody: $("#members-rows"), columns: 4, empty: "No members yet.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listTeamMembers({ organizationId: ctx.orgId, teamId: team.id, offset, limit, sorts: ["fullName:asc"] });
      return { items: page.teamMembers || [], total: page.totalCount };
    },
    row: (m) => h("tr", { dataset: { id: m.userId } },
      h("th", { scope: "row" }, personName(m)),
      h("td", {}, m.username),
      h("td", {}, formatDate(m.createdAt)),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Remove ${personName(m)} from the team`, onclick: () => removeMember(m) }, "Remove"))),
    onError: (err) => reportError(err, { context: "Listing team members" }),
  });

  /** Offer the users who are not in the team yet. */
  async function fillMemberChoices() {
    const [all, current] = await Promise.all([
      loadUsers(),
      ctx.astro.listAll("listTeamMembers", { organizationId: ctx.orgId, teamId: team.id }, { maxItems: 1000 }),
    ]);
    const inTeam = new Set(current.map((m) => m.userId));
    const free = all.filter((u) => !inTeam.has(u.id)).map((u) => ({ value: u.id, label: `${personName(u)} (${u.username})` }));
    fillSelect(membersForm.elements.memberIds, free, { value: "", placeholder: free.length ? "Choose a user" : "Every user is a member" });
  }

  async function showMembers(t) {
    team = t;
    clearIssues(membersForm);
    $("#members-title").textContent = `Members of “${t.name}”`;
    membersCard.hidden = false;
    await attempt({ context: "Loading team members" }, async () => {
      await Promise.all([members.go(0), fillMemberChoices()]);
    });
    membersCard.scrollIntoView({ block: "nearest" });
  }

  function closeMembers() {
    team = null;
    membersCard.hidden = true;
  }

  async function addMember(event) {
    event.preventDefault();
    const chosen = membersForm.elements.memberIds.value;
    const input = { organizationId: ctx.orgId, teamId: team.id, memberIds: chosen ? [chosen] : [] };
    await attempt({ form: membersForm, button: $("#members-add"), context: "Adding the member" }, async () => {
      await ctx.astro.addTeamMembers(input);
      toast("Member added.");
      await Promise.all([members.reload(), fillMemberChoices()]);
    });
  }

  function removeMember(m) {
    const t = team;
    return afterConfirm({
      title: `Remove ${personName(m)} from “${t.name}”?`,
      text: "They lose the roles they hold through this team.",
      ok: "Remove member",
      context: "Removing the member",
    }, async () => {
      await ctx.astro.removeTeamMember({ organizationId: ctx.orgId, teamId: t.id, memberId: m.userId });
      toast(`${personName(m)} removed from “${t.name}”.`);
      await Promise.all([members.reload(), fillMemberChoices()]);
    });
  }

  // ---------------------------------------------------------------- users and their roles
  const rolesDialog = $("#roles-dialog");
  const rolesForm = $("#roles-form");
  let editing = null; // the user whose roles are edited

  const userList = tablePager({
    container: $("#user-pager"), label: "users", tbody: $("#user-rows"), columns: 5, empty: "No users.",
    fetch: async (offset, limit) => {
      const page = await ctx.astro.listUsers({ organizationId: ctx.orgId, offset, limit, sorts: ["fullName:asc"] });
      return { items: page.users || [], total: page.totalCount };
    },
    row: (u) => h("tr", { dataset: { id: u.id } },
      h("th", { scope: "row" }, h("span", { class: "cell-title" }, personName(u)), h("span", { class: "cell-sub" }, u.username)),
      h("td", {}, statusBadge(u.status)),
      h("td", { class: "cell-role" }, u.organizationRole || "—"),
      h("td", {}, (u.workspaceRoles || []).length
        ? h("span", { class: "chips" }, u.workspaceRoles.map((r) => h("span", { class: "chip" }, `${ctx.workspaceName(r.workspaceId)}: ${r.role}`)))
        : h("span", { class: "muted" }, "—")),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small", "aria-label": `Edit the roles of ${personName(u)}`, onclick: () => editRoles(u) }, "Edit roles"))),
    onError: (err) => reportError(err, { context: "Listing users" }),
  });

  function editRoles(u) {
    editing = u;
    clearIssues(rolesForm);
    $("#roles-dialog-title").textContent = `Roles of ${personName(u)}`;
    fillSelect(rolesForm.elements.organizationRole, ORGANIZATION_ROLES, { value: u.organizationRole || "ORGANIZATION_MEMBER" });
    const held = new Map((u.workspaceRoles || []).map((r) => [r.workspaceId, r.role]));
    $("#roles-workspaces").replaceChildren(...ctx.workspaces.map((w) => field(w.name,
      selectInput(undefined, [{ value: "", label: "No role" }, ...WORKSPACE_ROLES], held.get(w.id) ?? "", { dataset: { workspaceId: w.id } }))));
    const kept = (u.deploymentRoles || []).length + (u.dagRoles || []).length;
    $("#roles-note").textContent = kept ? `Their ${kept} deployment and DAG role(s) stay as they are.` : "";
    openDialog(rolesDialog);
  }

  async function saveRoles(event) {
    event.preventDefault();
    const u = editing;
    // updateUserRoles replaces every list: the deployment and DAG roles go back unchanged.
    const input = {
      organizationId: ctx.orgId,
      userId: u.id,
      organizationRole: rolesForm.elements.organizationRole.value,
      workspaceRoles: [...$("#roles-workspaces").querySelectorAll("select")]
        .filter((s) => s.value)
        .map((s) => ({ workspaceId: s.dataset.workspaceId, role: s.value })),
      deploymentRoles: u.deploymentRoles || [],
      dagRoles: u.dagRoles || [],
    };
    await attempt({ form: rolesForm, button: $("#roles-submit"), context: `Changing the roles of ${personName(u)}` }, async () => {
      await ctx.astro.updateUserRoles(input);
      rolesDialog.close();
      toast(`Roles of ${personName(u)} saved.`);
      await userList.reload();
    });
  }

  // ---------------------------------------------------------------- invites
  // The API lists no invites, so the ones sent from this tab are remembered for the tab
  // (sessionStorage: ids, addresses and roles, nothing secret) to be withdrawn later.
  const invForm = $("#inv-form");
  const invKey = () => `astro-console.invites.${ctx.orgId}`;
  const sentInvites = () => JSON.parse(sessionStorage.getItem(invKey()) || "[]");
  const keepInvites = (list) => sessionStorage.setItem(invKey(), JSON.stringify(list));

  function renderInvites() {
    const list = sentInvites();
    $("#inv-rows").replaceChildren(...(list.length ? list.map((i) => h("tr", { dataset: { id: i.inviteId } },
      h("th", { scope: "row" }, i.email),
      h("td", {}, i.role),
      h("td", {}, formatDate(i.expiresAt)),
      h("td", { class: "col-actions" },
        h("button", { type: "button", class: "btn btn-small btn-danger-ghost", "aria-label": `Withdraw the invite of ${i.email}`, onclick: () => withdraw(i) }, "Withdraw"))))
      : [emptyRow(4, "No invites sent from this tab.")]));
  }

  async function invite(event) {
    event.preventDefault();
    const input = { organizationId: ctx.orgId, ...readForm(invForm) };
    await attempt({ form: invForm, button: $("#inv-submit"), context: "Sending the invite" }, async () => {
      const sent = await ctx.astro.createUserInvite(input);
      keepInvites([...sentInvites(), { inviteId: sent.inviteId, email: input.inviteeEmail, role: input.role, expiresAt: sent.expiresAt }]);
      invForm.elements.inviteeEmail.value = "";
      toast(`Invite sent to ${input.inviteeEmail}.`);
      renderInvites();
      await userList.reload();
    });
  }

  function withdraw(i) {
    const drop = () => keepInvites(sentInvites().filter((x) => x.inviteId !== i.inviteId));
    return afterConfirm({
      title: `Withdraw the invite of ${i.email}?`,
      text: "The invitation can no longer be accepted; a pending invitee leaves the organization.",
      ok: "Withdraw invite",
      context: `Withdrawing the invite of ${i.email}`,
    }, async () => {
      try {
        await ctx.astro.deleteUserInvite({ organizationId: ctx.orgId, inviteId: i.inviteId });
      } catch (err) {
        // Gone already (accepted, expired or withdrawn elsewhere): forget it, and say why.
        if (isAstroError(err, "AstroApiError") && err.status === 404) { drop(); renderInvites(); }
        throw err;
      }
      drop();
      toast(`Invite of ${i.email} withdrawn.`);
      renderInvites();
      await userList.reload();
    });
  }

  $("#team-create").addEventListener("click", openTeamForm);
  teamForm.addEventListener("submit", createTeam);
  $("#members-close").addEventListener("click", closeMembers);
  membersForm.addEventListener("submit", addMember);
  rolesForm.addEventListener("submit", saveRoles);
  invForm.addEventListener("submit", invite);
  fillSelect(invForm.elements.role, ORGANIZATION_ROLES, { value: "ORGANIZATION_MEMBER" });

  return {
    reset() { closeMembers(); return undefined; },
    shown() {
      renderInvites();
      return Promise.all([teams.go(0), userList.go(0), team ? members.reload() : null]);
    },
  };
}
