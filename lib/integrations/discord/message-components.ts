import { ComponentType, InteractionResponseType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APISelectMenuOption } from "discord-api-types/v10";
import { Prisma } from "@/lib/generated/prisma/client";
import { applyArchive } from "@/lib/domain/group-actions/archive-group";
import { applyAssignment } from "@/lib/domain/group-actions/assign-group";
import type { AssigneeRef } from "@/lib/domain/group-actions/assignee-rules";
import type { ChangeInput, ChangeResult } from "@/lib/domain/group-actions/change-context";
import { lockGroup, newPendingChange, type LockedGroup, type PendingChange, type Tx } from "@/lib/domain/group-actions/group-change";
import { applyMarkOngoing } from "@/lib/domain/group-actions/mark-ongoing";
import { applyResolution, type Resolution } from "@/lib/domain/group-actions/resolve-group";
import { applyUnresolve } from "@/lib/domain/group-actions/unresolve-group";
import { AppError } from "@/lib/errors";
import { componentCustomId, parseComponentCustomId, type ComponentAction } from "./component-custom-id";
import type { InteractionHandlerContext } from "./interaction-context";
import { ephemeralReply, type InteractionReply } from "./interaction-reply";

// Buttons and selects on Tether's messages (behaviour.md §9.4): the checks in the spec's order
// (linked user, group, organization membership), then the first action whose name the custom_id
// starts with. Every change goes through the group-action domain functions acting as the linked
// user, with source {kind: "discord", integrationId}, so its activity, history, sync history and
// outbound Jira sync are those of any other change. [R] An action the domain refuses (a release
// resolve without releases, an assignee off the project's teams, an unknown user or team) answers
// its reason in an ephemeral message and changes nothing, where Sentry claims success.

export const NO_IDENTITY = "You need to link your Discord account to your Tether account to do that. You can do this with `/link`.";
export const INVALID_GROUP_ID = "Invalid group ID.";
export const NOT_IN_ORG = "You must be a member of the org this issue belongs to in order to act on it.";

export const ASSIGNEE_UPDATED = "Assignee has been updated.";
export const RESOLVED = "The issue has been resolved.";
export const RESOLVED_IN_NEXT_RELEASE = "The issue will be resolved in the next release.";
export const RESOLVED_IN_CURRENT_RELEASE = "The issue will be resolved in the current release.";
export const UNRESOLVED = "The issue has been unresolved.";
export const MARKED_ONGOING = "The issue has been marked as ongoing.";
export const ARCHIVED = "The issue will be archived until it escalates.";

/** Discord's limits for one select menu. */
export const SELECT_MAX_OPTIONS = 25;
const SELECT_LABEL_MAX = 100;

/** The resolve dialog's choices (§9.4), in the spec's order. */
export const RESOLVE_TARGETS = [
  { label: "Immediately", value: "immediately" },
  { label: "In the next release", value: "inNextRelease" },
  { label: "In the current release", value: "inCurrentRelease" },
] as const;

export interface TargetGroup {
  id: string;
  projectId: string;
  organizationId: string;
}

export async function answerMessageComponent(ctx: InteractionHandlerContext): Promise<InteractionReply> {
  const customId = ctx.interaction.data?.custom_id ?? "";
  const { user, integration } = ctx.context;
  // 1. Unlinked (also: no guild, an unknown guild, a removed integration: §9.2 finds no user).
  if (!user || !integration) {
    ctx.note({ outcome: "skipped", reason: "unlinked user" });
    return ephemeralReply(NO_IDENTITY);
  }
  // 2. The group: well-formed, existing, and of an organization that has this guild's integration.
  const parsed = parseComponentCustomId(customId);
  const found = parsed.groupId ? await findTargetGroup(ctx.tx, parsed.groupId, integration.id, user.id) : null;
  if (!found) {
    ctx.note({ outcome: "skipped", reason: "invalid group id" });
    return ephemeralReply(INVALID_GROUP_ID);
  }
  const { group, isMember } = found;
  ctx.note({ organizationId: group.organizationId, groupId: group.id });
  // 3. Acting on a group needs membership of its organization.
  if (!isMember) {
    ctx.note({ outcome: "skipped", reason: "not a member of the organization" });
    return ephemeralReply(NOT_IN_ORG);
  }
  // 4. The action.
  if (!parsed.action) {
    ctx.note({ outcome: "skipped", reason: "unknown action" });
    return ephemeralReply(INVALID_GROUP_ID);
  }
  const change: ChangeInput = {
    organizationId: group.organizationId,
    groupId: group.id,
    actor: { userId: user.id },
    source: { kind: "discord", integrationId: integration.id },
  };
  return ACTIONS[parsed.action]({ ctx, group, change, values: ctx.interaction.data?.values ?? [] });
}

interface ActionInput {
  ctx: InteractionHandlerContext;
  group: TargetGroup;
  change: ChangeInput;
  values: readonly string[];
}

const ACTIONS: Record<ComponentAction, (input: ActionInput) => Promise<InteractionReply>> = {
  async assign_dialog({ ctx, group }) {
    const options = await assigneeOptions(ctx.tx, group);
    ctx.note({ outcome: "applied", reason: options.omitted > 0 ? `assign dialog (${options.omitted} assignees beyond Discord's 25 not shown)` : "assign dialog" });
    return ephemeralReply("", {
      components: [selectRow(componentCustomId("assign", group), "Select Assignee...", options.options)],
    });
  },

  async assign({ ctx, group, change, values }) {
    const assignee = parseAssigneeValue(values[0]);
    if (!assignee) {
      ctx.note({ outcome: "skipped", reason: "assign: no user or team chosen" });
      return ephemeralReply("The assignee was not changed: choose a user or a team from the list.");
    }
    const result = await act(ctx, group, (tx, pending, locked) => applyAssignment(tx, pending, locked, { ...change, assignee }));
    if (!result.ok) return refused(ctx, "assign", "The assignee was not changed", result.message);
    ctx.note({ outcome: result.changed ? "applied" : "skipped", reason: result.changed ? `assign ${assignee.type}:${assignee.id}` : "assign: already the assignee" });
    return ephemeralReply(ASSIGNEE_UPDATED, { type: InteractionResponseType.UpdateMessage });
  },

  async resolve_dialog({ ctx, group }) {
    ctx.note({ outcome: "applied", reason: "resolve dialog" });
    const options = RESOLVE_TARGETS.map((target) => ({ label: target.label, value: target.value, default: false }));
    return ephemeralReply("", { components: [selectRow(componentCustomId("resolve", group), "Select the resolution target", options)] });
  },

  async resolve({ ctx, group, change, values }) {
    const fromSelect = ctx.interaction.data?.component_type === ComponentType.StringSelect || values.length > 0;
    const target = fromSelect ? values[0] : undefined;
    const [resolution, text]: [Resolution, string] =
      target === "inNextRelease"
        ? [{ kind: "in_next_release" }, RESOLVED_IN_NEXT_RELEASE]
        : target === "inCurrentRelease"
          ? [{ kind: "in_current_release" }, RESOLVED_IN_CURRENT_RELEASE]
          : // "immediately", and any other value (§9.4).
            [{ kind: "now" }, RESOLVED];
    const result = await act(ctx, group, (tx, pending, locked) => applyResolution(tx, pending, locked, { ...change, resolution }));
    if (!result.ok) return refused(ctx, "resolve", "The issue was not resolved", result.message);
    ctx.note({ outcome: result.changed ? "applied" : "skipped", reason: result.changed ? `resolve ${resolution.kind}` : "resolve: already resolved" });
    // A select answers in the dialog it came from (type 7); the alert's button adds a message (type 4).
    return ephemeralReply(text, { type: fromSelect ? InteractionResponseType.UpdateMessage : InteractionResponseType.ChannelMessageWithSource });
  },

  async unresolve({ ctx, group, change }) {
    return statusChange(ctx, group, "unresolve", UNRESOLVED, (tx, pending, locked) => applyUnresolve(tx, pending, locked, change));
  },

  async mark_ongoing({ ctx, group, change }) {
    return statusChange(ctx, group, "mark ongoing", MARKED_ONGOING, (tx, pending, locked) => applyMarkOngoing(tx, pending, locked, change));
  },

  async archive({ ctx, group, change }) {
    return statusChange(ctx, group, "archive", ARCHIVED, (tx, pending, locked) => applyArchive(tx, pending, locked, { ...change, condition: { until: "escalating" } }));
  },
};

export type GroupAction = (tx: Tx, pending: PendingChange, group: LockedGroup) => Promise<ChangeResult>;

async function statusChange(ctx: InteractionHandlerContext, group: TargetGroup, name: string, text: string, action: GroupAction): Promise<InteractionReply> {
  const result = await act(ctx, group, action);
  if (!result.ok) return refused(ctx, name, `The issue was not changed (${name})`, result.message);
  ctx.note({ outcome: result.changed ? "applied" : "skipped", reason: result.changed ? name : `${name}: nothing to change` });
  return ephemeralReply(text);
}

function refused(ctx: InteractionHandlerContext, name: string, prefix: string, message: string): InteractionReply {
  ctx.note({ outcome: "skipped", reason: `${name} refused: ${message}` });
  return ephemeralReply(`${prefix}: ${message}`);
}

export type ActResult = { ok: true; changed: boolean } | { ok: false; message: string };

/**
 * Runs one group action under the group's lock, all or nothing: its buffered writes go to a
 * pending change of its own, sent inside a savepoint, and handed to the interaction's change
 * (events, outbound syncs) only when the action succeeded. A refusal (AppError) rolls back to the
 * savepoint, so whatever the action wrote before refusing is undone while the interaction's own
 * sync-history row still commits. Anything else is Tether failing and fails the interaction.
 */
export async function act(ctx: Pick<InteractionHandlerContext, "tx" | "pending">, group: TargetGroup, action: GroupAction): Promise<ActResult> {
  const { tx } = ctx;
  let locked: LockedGroup;
  try {
    locked = await lockGroup(tx, group.organizationId, group.id);
  } catch (error) {
    // Deleted since it was found: as if it never existed.
    if (error instanceof AppError) return { ok: false, message: INVALID_GROUP_ID };
    throw error;
  }
  const own = newPendingChange();
  await tx.$executeRaw`SAVEPOINT discord_component_action`;
  try {
    const result = await action(tx, own, locked);
    await own.writes.flush(tx);
    await tx.$executeRaw`RELEASE SAVEPOINT discord_component_action`;
    ctx.pending.events.push(...own.events);
    ctx.pending.outbound.push(...own.outbound);
    for (const [groupId, tail] of own.historyTail) ctx.pending.historyTail.set(groupId, tail);
    return { ok: true, changed: result.changed };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT discord_component_action`;
    return { ok: false, message: error.message };
  }
}

/** The group, if it exists in an organization that has this guild's integration, and whether the user is a member there. */
async function findTargetGroup(tx: Tx, groupId: string, integrationId: string, userId: string): Promise<{ group: TargetGroup; isMember: boolean } | null> {
  const [row] = await tx.$queryRaw<Array<TargetGroup & { isMember: boolean }>>(Prisma.sql`
    SELECT g.id, g."projectId", p."organizationId",
           EXISTS (SELECT 1 FROM "OrganizationMember" om WHERE om."organizationId" = p."organizationId" AND om."userId" = ${userId}) AS "isMember"
      FROM "Group" g
      JOIN "Project" p ON p.id = g."projectId"
     WHERE g.id = ${groupId}
       AND EXISTS (SELECT 1 FROM "OrganizationIntegration" oi
                    WHERE oi."organizationId" = p."organizationId" AND oi."integrationId" = ${integrationId} AND oi.status = 'active')`);
  if (!row) return null;
  const { isMember, ...group } = row;
  return { group, isMember };
}

/** `user:<id>` or `team:<id>`, the values of the assign dialog. */
function parseAssigneeValue(value: string | undefined): AssigneeRef | null {
  const match = /^(user|team):([A-Za-z0-9_-]{1,64})$/.exec(value ?? "");
  return match ? { type: match[1] as AssigneeRef["type"], id: match[2] as string } : null;
}

/**
 * The assign dialog's options: the project's teams by label ("#slug"), then the users who can be
 * assigned (active members of those teams, each once) by display name (name, else email), the
 * current assignee marked default. Discord allows 25 options: beyond that the list is cut, keeping
 * the current assignee (in place of the last option shown when it would have been cut).
 */
export async function assigneeOptions(tx: Tx, group: { id: string; projectId: string }): Promise<{ options: APISelectMenuOption[]; omitted: number }> {
  const teams = await tx.$queryRaw<Array<{ id: string; slug: string }>>`
      SELECT t.id, t.slug FROM "Team" t JOIN "ProjectTeam" pt ON pt."teamId" = t.id WHERE pt."projectId" = ${group.projectId}`;
  const users = await tx.$queryRaw<Array<{ id: string; name: string | null; email: string }>>`
      SELECT DISTINCT u.id, u.name, u.email
        FROM "ProjectTeam" pt
        JOIN "TeamMember" tm ON tm."teamId" = pt."teamId" AND tm."isActive"
        JOIN "OrganizationMember" om ON om.id = tm."memberId"
        JOIN "User" u ON u.id = om."userId" AND u."isActive"
       WHERE pt."projectId" = ${group.projectId}`;
  const assignees = await tx.$queryRaw<Array<{ userId: string | null; teamId: string | null }>>`
      SELECT "userId", "teamId" FROM "GroupAssignee" WHERE "groupId" = ${group.id}`;
  const current = assignees[0];
  const byLabel = (a: { label: string; value: string }, b: { label: string; value: string }) => compare(a.label, b.label) || compare(a.value, b.value);
  const teamOptions = teams
    .map((team) => ({ label: clip(`#${team.slug}`), value: `team:${team.id}`, default: current?.teamId === team.id }))
    .sort(byLabel);
  const userOptions = users
    .map((user) => ({ label: clip(user.name?.trim() || user.email), value: `user:${user.id}`, default: current?.userId === user.id }))
    .sort(byLabel);
  const all = [...teamOptions, ...userOptions];
  if (all.length <= SELECT_MAX_OPTIONS) return { options: all, omitted: 0 };
  const shown = all.slice(0, SELECT_MAX_OPTIONS);
  const currentOption = all.find((option) => option.default);
  if (currentOption && !shown.includes(currentOption)) shown[SELECT_MAX_OPTIONS - 1] = currentOption;
  return { options: shown, omitted: all.length - SELECT_MAX_OPTIONS };
}

/** Code-point order, as Sentry's `sorted` gives: the same on every server, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clip(label: string): string {
  return label.length > SELECT_LABEL_MAX ? `${label.slice(0, SELECT_LABEL_MAX - 1)}…` : label;
}

function selectRow(customId: string, placeholder: string, options: APISelectMenuOption[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: customId, placeholder, min_values: 1, max_values: 1, disabled: false, options }],
  };
}
