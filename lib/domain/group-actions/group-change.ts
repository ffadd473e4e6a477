import type { Db } from "@/lib/db/client";
import { randomUUID } from "node:crypto";
import type { ActivityType, Group, GroupAssignee, GroupHistoryStatus, GroupResolution, Prisma } from "@/lib/generated/prisma/client";
import { publishGroupEvents, type GroupEvent, type GroupEventBase } from "@/lib/domain/group-events";
import { dispatchOutboundSync, type OutboundSyncRequest } from "@/lib/domain/sync-history/request-outbound-sync";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type Tx = Prisma.TransactionClient;

/** What a committed change still has to do: tell subscribers, and hand pending syncs to the queue. */
export interface AfterCommit {
  events: GroupEvent[];
  outbound: OutboundSyncRequest[];
}

/**
 * Runs one change in one transaction; events and outbound syncs are released only after it
 * committed, and a failure there never undoes or fails the change.
 */
export async function runGroupChange<T>(db: Db, change: (tx: Tx, after: AfterCommit) => Promise<T>): Promise<T> {
  const after: AfterCommit = { events: [], outbound: [] };
  const result = await db.$transaction((tx) => change(tx, after), { timeout: 20_000, maxWait: 20_000 });
  try {
    await dispatchOutboundSync(after.outbound);
  } catch (err) {
    // The rows stay pending; the queue picks them up again when it (re)starts.
    logger.error({ err }, "handing outbound syncs to the queue failed");
  }
  await publishGroupEvents(after.events);
  return result;
}

/**
 * Locks the group row for the rest of the transaction, so concurrent changes of one group run
 * one after the other and each sees the previous one's trail. A group of another organization is
 * reported exactly like a missing one.
 */
export async function lockGroup(tx: Tx, organizationId: string, groupId: string): Promise<LockedGroup> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT g.id FROM "Group" g JOIN "Project" p ON p.id = g."projectId"
    WHERE g.id = ${groupId} AND p."organizationId" = ${organizationId}
    FOR UPDATE OF g`;
  if (rows.length === 0) throw notFound("Group not found");
  // A separate statement on purpose: under READ COMMITTED a statement that waited for the lock
  // still reads other tables as of its start, so the assignee and resolution must be read after.
  return readLockedGroup(tx, groupId);
}

export type LockedGroup = Group & { assignee: GroupAssignee | null; resolution: GroupResolution | null };

type LockedGroupRow = Group & {
  assigneeId: string | null;
  assigneeProjectId: string | null;
  assigneeUserId: string | null;
  assigneeTeamId: string | null;
  assigneeCreatedAt: Date | null;
  resolutionId: string | null;
  resolutionReleaseId: string | null;
  resolutionType: GroupResolution["type"] | null;
  resolutionCurrentReleaseVersion: string | null;
  resolutionActorId: string | null;
  resolutionCreatedAt: Date | null;
};

/** The group with its assignee and resolution in one round trip (it runs in every group change). */
async function readLockedGroup(tx: Tx, groupId: string): Promise<LockedGroup> {
  const [row] = await tx.$queryRaw<LockedGroupRow[]>`
    SELECT g.id, g."projectId", g."shortId", g.fingerprint, g.title, g.culprit, g.message,
           g.level::text AS level, g.status::text AS status, g.substatus::text AS substatus, g."statusDetails",
           g."firstSeen", g."lastSeen", g."timesSeen", g."resolvedAt", g."firstReleaseId", g."createdAt", g."updatedAt",
           ga.id AS "assigneeId", ga."projectId" AS "assigneeProjectId", ga."userId" AS "assigneeUserId",
           ga."teamId" AS "assigneeTeamId", ga."createdAt" AS "assigneeCreatedAt",
           gr.id AS "resolutionId", gr."releaseId" AS "resolutionReleaseId", gr.type::text AS "resolutionType",
           gr."currentReleaseVersion" AS "resolutionCurrentReleaseVersion", gr."actorId" AS "resolutionActorId",
           gr."createdAt" AS "resolutionCreatedAt"
      FROM "Group" g
      LEFT JOIN "GroupAssignee" ga ON ga."groupId" = g.id
      LEFT JOIN "GroupResolution" gr ON gr."groupId" = g.id
     WHERE g.id = ${groupId}`;
  if (!row) throw notFound("Group not found");
  const {
    assigneeId, assigneeProjectId, assigneeUserId, assigneeTeamId, assigneeCreatedAt,
    resolutionId, resolutionReleaseId, resolutionType, resolutionCurrentReleaseVersion, resolutionActorId, resolutionCreatedAt,
    ...group
  } = row;
  return {
    ...group,
    assignee:
      assigneeId && assigneeProjectId && assigneeCreatedAt
        ? { id: assigneeId, groupId: group.id, projectId: assigneeProjectId, userId: assigneeUserId, teamId: assigneeTeamId, createdAt: assigneeCreatedAt }
        : null,
    resolution:
      resolutionId && resolutionReleaseId && resolutionType && resolutionCreatedAt
        ? {
            id: resolutionId,
            groupId: group.id,
            releaseId: resolutionReleaseId,
            type: resolutionType,
            currentReleaseVersion: resolutionCurrentReleaseVersion,
            actorId: resolutionActorId,
            createdAt: resolutionCreatedAt,
          }
        : null,
  };
}

/**
 * Appends to the group's history chain; the previous entry is the one nothing points to yet.
 * Finding it and inserting is one statement (it runs in every group change); callers hold the
 * group's lock, so the chain cannot fork in between. Entries only ever point within their group,
 * so "nothing points to it" is asked of the group's rows (its index) and not of the whole table.
 */
export async function appendGroupHistory(
  tx: Tx,
  entry: { groupId: string; status: GroupHistoryStatus; actorUserId: string | null; source: string; releaseId?: string | null; at: Date },
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "GroupHistory" (id, "groupId", status, "actorUserId", "releaseId", "previousId", source, "createdAt")
    SELECT ${randomUUID()}, ${entry.groupId}, ${entry.status}::"GroupHistoryStatus", ${entry.actorUserId}, ${entry.releaseId ?? null},
           (SELECT h.id FROM "GroupHistory" h
             WHERE h."groupId" = ${entry.groupId}
               AND NOT EXISTS (SELECT 1 FROM "GroupHistory" n WHERE n."groupId" = h."groupId" AND n."previousId" = h.id)
             ORDER BY h."createdAt" DESC, h.id DESC LIMIT 1),
           ${entry.source}, ${entry.at}`;
}

export function recordActivity(
  tx: Tx,
  entry: { groupId: string; type: ActivityType; userId: string | null; data: Prisma.InputJsonObject; at: Date },
) {
  return tx.activity.create({ data: { groupId: entry.groupId, type: entry.type, userId: entry.userId, data: entry.data, createdAt: entry.at } });
}

/** What every domain event of one change says: which group, who, from where, when. */
export function changeEventBase(
  input: { organizationId: string; source: GroupEventBase["source"] },
  group: { id: string; projectId: string },
  actorUserId: string | null,
  at: Date,
): GroupEventBase {
  return { organizationId: input.organizationId, projectId: group.projectId, groupId: group.id, actorUserId, source: input.source, occurredAt: at };
}
