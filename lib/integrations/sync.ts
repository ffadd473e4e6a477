import { applyAssignment } from "@/lib/domain/group-actions/assign-group";
import { SYSTEM_ACTOR, type ChangeSource } from "@/lib/domain/group-actions/change-context";
import { applyDeassignment } from "@/lib/domain/group-actions/deassign-group";
import { readLockedGroup, type PendingChange, type Tx } from "@/lib/domain/group-actions/group-change";
import { applyResolution, type Resolution } from "@/lib/domain/group-actions/resolve-group";
import { applyUnresolve } from "@/lib/domain/group-actions/unresolve-group";
import { bufferSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { configEnables } from "@/lib/domain/integrations/config-enables";
import { Prisma, type IntegrationProvider } from "@/lib/generated/prisma/client";

// Inbound sync shared by providers: an external tracker says an issue's assignee (or status)
// changed, and every group linked to that issue, in every organization that wants it, follows
// (spec §4). It runs inside the webhook's transaction (lib/integrations/webhook.ts), so the groups'
// changes, their sync history and the delivery's claim commit or roll back together.

export interface LinkedGroup {
  groupId: string;
  organizationId: string;
  projectId: string;
  externalIssueId: string;
  /** False when the webhook's assignee state is older than one already applied to this issue. */
  fresh: boolean;
}

/** An organization actively linked to an integration, with its settings for it. */
export interface OrganizationLink {
  organizationId: string;
  config: Prisma.JsonValue;
}

/** The linked organizations whose config turns `configKey` on. */
export function organizationsEnabling(links: readonly OrganizationLink[], configKey: string): string[] {
  return links.filter((link) => configEnables(link.config, configKey)).map((link) => link.organizationId);
}

/**
 * Locks the groups of those organizations linked to the external issue `key` of this integration
 * (FOR UPDATE, in the order the links were made, so concurrent webhooks queue up instead of
 * deadlocking), in one statement: it runs on every webhook. With `assigneeStateAt`, the same
 * statement also records the issue's assignee as known at that time, unless a newer one was
 * (`fresh` false: the webhook is stale); that update locks the issue's row, so two deliveries for
 * one issue cannot both pass with the older applied last.
 */
export async function lockGroupsLinkedToExternalIssue(
  tx: Tx,
  input: { integrationId: string; key: string; organizationIds: string[]; assigneeStateAt?: Date | null; candidateEmail?: string | null },
): Promise<{ groups: LinkedGroup[]; candidates: CandidateAssignee[] }> {
  if (input.organizationIds.length === 0) return { groups: [], candidates: [] };
  const at = input.assigneeStateAt ?? null;
  const rows = await tx.$queryRaw<(LinkedGroup & { candidates: { userId: string; projectId: string | null }[] })[]>`
    WITH fresh AS (
      UPDATE "ExternalIssue" SET "assigneeSyncedAt" = ${at}
       WHERE ${at}::timestamp IS NOT NULL AND "integrationId" = ${input.integrationId} AND key = ${input.key}
         AND "organizationId" = ANY(${input.organizationIds}) AND ("assigneeSyncedAt" IS NULL OR "assigneeSyncedAt" <= ${at})
      RETURNING id)
    SELECT gl."groupId", p."organizationId", g."projectId", ei.id AS "externalIssueId",
           (${at}::timestamp IS NULL OR ei.id IN (SELECT id FROM fresh)) AS fresh,
           ${candidateAssigneesJson(input.candidateEmail ?? null)} AS candidates
      FROM "ExternalIssue" ei
      JOIN "GroupLink" gl ON gl."externalIssueId" = ei.id
      JOIN "Group" g ON g.id = gl."groupId"
      JOIN "Project" p ON p.id = g."projectId"
     WHERE ei."integrationId" = ${input.integrationId} AND ei.key = ${input.key}
       AND ei."organizationId" = ANY(${input.organizationIds}) AND p."organizationId" = ei."organizationId"
     ORDER BY gl."createdAt", gl.id
       FOR UPDATE OF g`;
  return { groups: rows.map(({ candidates: _candidates, ...group }) => group), candidates: groupCandidates(rows[0]?.candidates ?? []) };
}

/** A user who may take an external issue's assignee: active, with this verified email, and the projects they reach. */
export interface CandidateAssignee {
  userId: string;
  projectIds: Set<string>;
}

/**
 * Active users with this verified email (case-insensitive), each with the projects they reach
 * through active team memberships (organization membership alone is not enough), as one JSON
 * array: a subquery of the statement that locks the linked groups, so it costs no round trip.
 */
function candidateAssigneesJson(email: string | null): Prisma.Sql {
  if (!email) return Prisma.sql`'[]'::json`;
  return Prisma.sql`(
    SELECT COALESCE(json_agg(json_build_object('userId', ue."userId", 'projectId', pt."projectId") ORDER BY ue."createdAt", ue."userId"), '[]'::json)
      FROM "UserEmail" ue
      JOIN "User" u ON u.id = ue."userId" AND u."isActive"
      LEFT JOIN "OrganizationMember" om ON om."userId" = u.id
      LEFT JOIN "TeamMember" tm ON tm."memberId" = om.id AND tm."isActive"
      LEFT JOIN "ProjectTeam" pt ON pt."teamId" = tm."teamId"
     WHERE ue.email = ${email.trim().toLowerCase()} AND ue."isVerified")`;
}

function groupCandidates(rows: readonly { userId: string; projectId: string | null }[]): CandidateAssignee[] {
  const byUser = new Map<string, Set<string>>();
  for (const row of rows) {
    const projects = byUser.get(row.userId) ?? new Set<string>();
    if (row.projectId) projects.add(row.projectId);
    byUser.set(row.userId, projects);
  }
  return [...byUser].map(([userId, projectIds]) => ({ userId, projectIds }));
}

export type InboundOutcome =
  | { groupId: string; organizationId: string; outcome: "applied" }
  | { groupId: string; organizationId: string; outcome: "skipped"; reason: string };

export interface InboundAssigneeChange {
  provider: IntegrationProvider;
  integrationId: string;
  externalKey: string;
  /** null = the external issue was unassigned. */
  email: string | null;
  /** When the provider says the issue last changed; older than what was applied = stale. */
  providerUpdatedAt: Date | null;
  deliveryId: string | null;
  /** The integration's active organization links (read with the webhook's sender). */
  organizationLinks: readonly OrganizationLink[];
}

/**
 * syncGroupAssigneeInbound: applies an external assignee change to every linked group of every
 * organization with reverse assignment sync, each with its SyncEvent, in the caller's transaction.
 */
export async function syncGroupAssigneeInbound(tx: Tx, pending: PendingChange, change: InboundAssigneeChange): Promise<InboundOutcome[]> {
  const organizationIds = organizationsEnabling(change.organizationLinks, "sync_reverse_assignment");
  const { groups, candidates } = await lockGroupsLinkedToExternalIssue(tx, {
    integrationId: change.integrationId,
    key: change.externalKey,
    organizationIds,
    assigneeStateAt: change.providerUpdatedAt,
    candidateEmail: change.email,
  });
  const source: ChangeSource = { kind: "integration", integrationId: change.integrationId };
  const outcomes: InboundOutcome[] = [];

  for (const linked of groups) {
    const outcome = await assignLinkedGroup(tx, pending, linked, change, candidates, source);
    bufferSyncEvent(pending.writes, {
      organizationId: linked.organizationId,
      integrationId: change.integrationId,
      provider: change.provider,
      direction: "inbound",
      kind: "assignee",
      outcome: outcome.outcome,
      reason: outcome.outcome === "skipped" ? outcome.reason : change.email ? `assigned to ${change.email}` : "unassigned",
      groupId: linked.groupId,
      externalKey: change.externalKey,
      deliveryId: change.deliveryId,
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

async function assignLinkedGroup(
  tx: Tx,
  pending: PendingChange,
  linked: LinkedGroup,
  change: InboundAssigneeChange,
  candidates: readonly CandidateAssignee[],
  source: ChangeSource,
): Promise<InboundOutcome> {
  const skipped = (reason: string): InboundOutcome => ({ groupId: linked.groupId, organizationId: linked.organizationId, outcome: "skipped", reason });
  if (!linked.fresh) return skipped("stale: a newer assignee change was already applied");
  // Read after the lock was taken (lockGroupsLinkedToExternalIssue): the assignee is current.
  const group = await readLockedGroup(tx, linked.groupId);
  const input = { organizationId: linked.organizationId, groupId: linked.groupId, actor: SYSTEM_ACTOR, source };
  let changed: boolean;
  if (!change.email) {
    changed = (await applyDeassignment(tx, pending, group, input)).changed;
  } else {
    const user = candidates.find((candidate) => candidate.projectIds.has(group.projectId));
    if (!user) return skipped(`assignee not found: no active user with the verified email ${change.email} on a team of this project`);
    const assignee = { type: "user", id: user.userId } as const;
    // candidateAssignees checked activity and team reach on this project: no second lookup.
    changed = (await applyAssignment(tx, pending, group, { ...input, assignee }, { ...assignee, email: change.email })).changed;
  }
  if (!changed) return skipped("already in that state");
  return { groupId: linked.groupId, organizationId: linked.organizationId, outcome: "applied" };
}

/** An inbound resolve names no version, so "in a named release" is not among its choices. */
type InboundResolutionKind = Exclude<Resolution["kind"], "in_release">;

export type InboundStatusChange = {
  provider: IntegrationProvider;
  integrationId: string;
  externalKey: string;
  action: "resolve" | "unresolve";
  deliveryId: string | null;
  /** Per organization: how to resolve (now, or in a release when every project has one). */
  resolutionFor: (organizationId: string) => InboundResolutionKind;
  organizationIds: string[];
};

/**
 * syncGroupStatusInbound: the external issue crossed into or out of "resolved"; linked groups of
 * the given organizations follow, in the caller's transaction. A group already resolved keeps its
 * resolution; changes made here are never sent back to the same integration (the change's source
 * is that integration).
 */
export async function syncGroupStatusInbound(tx: Tx, pending: PendingChange, change: InboundStatusChange): Promise<InboundOutcome[]> {
  const { groups } = await lockGroupsLinkedToExternalIssue(tx, { integrationId: change.integrationId, key: change.externalKey, organizationIds: change.organizationIds });
  const source: ChangeSource = { kind: "integration", integrationId: change.integrationId };
  const outcomes: InboundOutcome[] = [];
  // Release-based strategies apply only when every affected project has a release (§3.2 step 5);
  // asked only when some organization wants one.
  const wantsRelease = change.action === "resolve" && groups.some((g) => change.resolutionFor(g.organizationId) !== "now");
  const everyProjectHasRelease = wantsRelease && (await everyProjectHasARelease(tx, groups.map((g) => g.projectId)));

  for (const linked of groups) {
    const group = await readLockedGroup(tx, linked.groupId);
    const input = { organizationId: linked.organizationId, groupId: linked.groupId, actor: SYSTEM_ACTOR, source };
    let result: InboundOutcome;
    if (change.action === "resolve") {
      if (group.status === "resolved") {
        result = { groupId: group.id, organizationId: linked.organizationId, outcome: "skipped", reason: "already resolved; its resolution is kept" };
      } else {
        const wanted = change.resolutionFor(linked.organizationId);
        const resolution: Resolution = { kind: everyProjectHasRelease ? wanted : "now" };
        await applyResolution(tx, pending, group, { ...input, resolution });
        result = { groupId: group.id, organizationId: linked.organizationId, outcome: "applied" };
      }
    } else {
      const { changed } = await applyUnresolve(tx, pending, group, input);
      result = changed
        ? { groupId: group.id, organizationId: linked.organizationId, outcome: "applied" }
        : { groupId: group.id, organizationId: linked.organizationId, outcome: "skipped", reason: "already unresolved" };
    }
    bufferSyncEvent(pending.writes, {
      organizationId: linked.organizationId,
      integrationId: change.integrationId,
      provider: change.provider,
      direction: "inbound",
      kind: "status",
      outcome: result.outcome,
      reason: result.outcome === "skipped" ? result.reason : change.action === "resolve" ? "resolved" : "unresolved",
      groupId: linked.groupId,
      externalKey: change.externalKey,
      deliveryId: change.deliveryId,
    });
    outcomes.push(result);
  }
  return outcomes;
}

async function everyProjectHasARelease(tx: Tx, projectIds: string[]): Promise<boolean> {
  const unique = [...new Set(projectIds)];
  const withRelease = await tx.release.findMany({ where: { projectId: { in: unique } }, distinct: ["projectId"], select: { projectId: true } });
  return withRelease.length === unique.length;
}
