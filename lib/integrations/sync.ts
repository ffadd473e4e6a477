import type { Db } from "@/lib/db/client";
import { applyAssignment } from "@/lib/domain/group-actions/assign-group";
import { SYSTEM_ACTOR, type ChangeSource } from "@/lib/domain/group-actions/change-context";
import { applyDeassignment } from "@/lib/domain/group-actions/deassign-group";
import { lockGroup, runGroupChange, type Tx } from "@/lib/domain/group-actions/group-change";
import { applyResolution, type Resolution } from "@/lib/domain/group-actions/resolve-group";
import { applyUnresolve } from "@/lib/domain/group-actions/unresolve-group";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import { configEnables } from "@/lib/domain/integrations/config-enables";
import type { IntegrationProvider, Prisma } from "@/lib/generated/prisma/client";

// Inbound sync shared by providers: an external tracker says an issue's assignee changed, and
// every group linked to that issue, in every organization that wants it, follows (spec §4).

export interface LinkedGroup {
  groupId: string;
  organizationId: string;
  projectId: string;
  externalIssueId: string;
}

/** An organization actively linked to an integration, with its settings for it. */
export interface OrganizationLink {
  organizationId: string;
  config: Prisma.JsonValue;
}

export function activeOrganizationLinks(db: Db, integrationId: string): Promise<OrganizationLink[]> {
  return db.organizationIntegration.findMany({ where: { integrationId, status: "active" }, select: { organizationId: true, config: true } });
}

/** The linked organizations whose config turns `configKey` on. */
export function organizationsEnabling(links: readonly OrganizationLink[], configKey: string): string[] {
  return links.filter((link) => configEnables(link.config, configKey)).map((link) => link.organizationId);
}

/** Groups in those organizations linked to the external issue `key` of this integration (one query: it runs on every webhook). */
export async function groupsLinkedToExternalIssue(db: Db, input: { integrationId: string; key: string; organizationIds: string[] }): Promise<LinkedGroup[]> {
  if (input.organizationIds.length === 0) return [];
  const rows = await db.$queryRaw<LinkedGroup[]>`
    SELECT gl."groupId", p."organizationId", g."projectId", ei.id AS "externalIssueId"
      FROM "ExternalIssue" ei
      JOIN "GroupLink" gl ON gl."externalIssueId" = ei.id
      JOIN "Group" g ON g.id = gl."groupId"
      JOIN "Project" p ON p.id = g."projectId"
     WHERE ei."integrationId" = ${input.integrationId} AND ei.key = ${input.key}
       AND ei."organizationId" = ANY(${input.organizationIds}) AND p."organizationId" = ei."organizationId"
     ORDER BY gl."createdAt"`;
  return rows;
}

/**
 * Active users with this verified email (case-insensitive), each with the projects they reach
 * through active team memberships. Organization membership alone is not enough.
 */
export async function candidateAssignees(db: Db, email: string): Promise<{ userId: string; projectIds: Set<string> }[]> {
  const rows = await db.$queryRaw<{ userId: string; projectId: string | null }[]>`
    SELECT ue."userId", pt."projectId"
      FROM "UserEmail" ue
      JOIN "User" u ON u.id = ue."userId" AND u."isActive"
      LEFT JOIN "OrganizationMember" om ON om."userId" = u.id
      LEFT JOIN "TeamMember" tm ON tm."memberId" = om.id AND tm."isActive"
      LEFT JOIN "ProjectTeam" pt ON pt."teamId" = tm."teamId"
     WHERE ue.email = ${email.trim().toLowerCase()} AND ue."isVerified"
     ORDER BY ue."createdAt", ue."userId"`;
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
  /** The integration's active organization links (the webhook has just read them). */
  organizationLinks: readonly OrganizationLink[];
}

/**
 * syncGroupAssigneeInbound: applies an external assignee change to every linked group of every
 * organization with reverse assignment sync. Each group's change and its SyncEvent commit together.
 */
export async function syncGroupAssigneeInbound(db: Db, change: InboundAssigneeChange): Promise<InboundOutcome[]> {
  const organizationIds = organizationsEnabling(change.organizationLinks, "sync_reverse_assignment");
  // Independent reads: side by side, so the webhook waits for one round trip instead of two.
  const [groups, candidates] = await Promise.all([
    groupsLinkedToExternalIssue(db, { integrationId: change.integrationId, key: change.externalKey, organizationIds }),
    change.email ? candidateAssignees(db, change.email) : [],
  ]);
  const source: ChangeSource = { kind: "integration", integrationId: change.integrationId };
  const outcomes: InboundOutcome[] = [];

  for (const linked of groups) {
    const outcome = await runGroupChange(db, async (tx, pending): Promise<InboundOutcome> => {
      const record = (result: InboundOutcome) =>
        recordSyncEvent(tx, {
          organizationId: linked.organizationId,
          integrationId: change.integrationId,
          provider: change.provider,
          direction: "inbound",
          kind: "assignee",
          outcome: result.outcome,
          reason: result.outcome === "skipped" ? result.reason : change.email ? `assigned to ${change.email}` : "unassigned",
          groupId: linked.groupId,
          externalKey: change.externalKey,
          deliveryId: change.deliveryId,
        }).then(() => result);

      if (change.providerUpdatedAt && !(await claimNewerAssigneeState(tx, linked.externalIssueId, change.providerUpdatedAt))) {
        return record({ groupId: linked.groupId, organizationId: linked.organizationId, outcome: "skipped", reason: "stale: a newer assignee change was already applied" });
      }
      const group = await lockGroup(tx, linked.organizationId, linked.groupId);
      let changed: boolean;
      if (!change.email) {
        changed = (await applyDeassignment(tx, pending, group, { organizationId: linked.organizationId, groupId: linked.groupId, actor: SYSTEM_ACTOR, source })).changed;
      } else {
        const user = candidates.find((candidate) => candidate.projectIds.has(group.projectId));
        if (!user) {
          return record({
            groupId: linked.groupId,
            organizationId: linked.organizationId,
            outcome: "skipped",
            reason: `assignee not found: no active user with the verified email ${change.email} on a team of this project`,
          });
        }
        changed = (
          await applyAssignment(tx, pending, group, {
            organizationId: linked.organizationId,
            groupId: linked.groupId,
            actor: SYSTEM_ACTOR,
            source,
            assignee: { type: "user", id: user.userId },
          })
        ).changed;
      }
      if (!changed) {
        return record({ groupId: linked.groupId, organizationId: linked.organizationId, outcome: "skipped", reason: "already in that state" });
      }
      return record({ groupId: linked.groupId, organizationId: linked.organizationId, outcome: "applied" });
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Records that the external issue's assignee is now known as of `updatedAt`, unless a newer state
 * was already recorded (then the webhook is stale: false). Check and write are one statement that
 * locks the row, so two deliveries for one issue cannot both pass with the older one applied last.
 */
async function claimNewerAssigneeState(tx: Tx, externalIssueId: string, updatedAt: Date): Promise<boolean> {
  const claimed = await tx.$executeRaw`
    UPDATE "ExternalIssue" SET "assigneeSyncedAt" = ${updatedAt}
     WHERE id = ${externalIssueId} AND ("assigneeSyncedAt" IS NULL OR "assigneeSyncedAt" <= ${updatedAt})`;
  return claimed > 0;
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
 * the given organizations follow. A group already resolved keeps its resolution; changes made here
 * are never sent back to the same integration (the change's source is that integration).
 */
export async function syncGroupStatusInbound(db: Db, change: InboundStatusChange): Promise<InboundOutcome[]> {
  const groups = await groupsLinkedToExternalIssue(db, { integrationId: change.integrationId, key: change.externalKey, organizationIds: change.organizationIds });
  const source: ChangeSource = { kind: "integration", integrationId: change.integrationId };
  const outcomes: InboundOutcome[] = [];
  // Release-based strategies apply only when every affected project has a release (§3.2 step 5);
  // asked only when some organization wants one.
  const wantsRelease = change.action === "resolve" && groups.some((g) => change.resolutionFor(g.organizationId) !== "now");
  const everyProjectHasRelease = wantsRelease && (await everyProjectHasARelease(db, groups.map((g) => g.projectId)));

  for (const linked of groups) {
    const outcome = await runGroupChange(db, async (tx, pending): Promise<InboundOutcome> => {
      const group = await lockGroup(tx, linked.organizationId, linked.groupId);
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
      await recordSyncEvent(tx, {
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
      return result;
    });
    outcomes.push(outcome);
  }
  return outcomes;
}

async function everyProjectHasARelease(db: Db, projectIds: string[]): Promise<boolean> {
  const unique = [...new Set(projectIds)];
  const withRelease = await db.release.findMany({ where: { projectId: { in: unique } }, distinct: ["projectId"], select: { projectId: true } });
  return withRelease.length === unique.length;
}
