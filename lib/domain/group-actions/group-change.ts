import type { Db } from "@/lib/db/client";
import { randomUUID } from "node:crypto";
import { Prisma, type ActivityType, type Group, type GroupAssignee, type GroupHistoryStatus, type GroupResolution } from "@/lib/generated/prisma/client";
import { publishGroupEvents, type GroupEvent, type GroupEventBase } from "@/lib/domain/group-events";
import { dispatchOutboundSync, type OutboundSyncRequest } from "@/lib/domain/sync-history/request-outbound-sync";
import type { OutboxRequest } from "@/lib/domain/sync-history/outbox";
import { WriteBatch } from "@/lib/db/write-batch";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type Tx = Prisma.TransactionClient;

/**
 * A change in progress: the trail it writes (sent as one statement just before commit), and what
 * it still has to do once committed — tell this instance's subscribers, hand outbox rows to the queue.
 */
export interface PendingChange {
  writes: WriteBatch;
  events: GroupEvent[];
  /** Outbox rows to hand to the queue after commit: issue syncs, and any other job's rows (alerts). */
  outbound: (OutboundSyncRequest | OutboxRequest)[];
  /** The id of the last history entry buffered per group, so entries of one batch chain in order. */
  historyTail: Map<string, string>;
}

export function newPendingChange(): PendingChange {
  return { writes: new WriteBatch(), events: [], outbound: [], historyTail: new Map() };
}

/**
 * Runs one change in one transaction; its buffered trail is written before the commit, events and
 * outbound syncs are released only after it, and a failure there never undoes or fails the change.
 */
export async function runGroupChange<T>(db: Db, change: (tx: Tx, pending: PendingChange) => Promise<T>): Promise<T> {
  const pending = newPendingChange();
  const result = await db.$transaction(
    async (tx) => {
      const value = await change(tx, pending);
      await pending.writes.flush(tx);
      return value;
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
  await releaseCommittedChange(pending);
  return result;
}

/** After the commit: outbox rows to the queue (a failure leaves them for the sweep), events to subscribers. */
export async function releaseCommittedChange(pending: PendingChange): Promise<void> {
  try {
    await dispatchOutboundSync(pending.outbound);
  } catch (err) {
    // The rows stay pending; the queue picks them up again when it (re)starts.
    logger.error({ err }, "handing outbound syncs to the queue failed");
  }
  await publishGroupEvents(pending.events);
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
export async function readLockedGroup(tx: Tx, groupId: string): Promise<LockedGroup> {
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
 * Appends to the group's history chain; the previous entry is the one nothing points to yet, or
 * the entry this change buffered last for the group. Callers hold the group's lock, so the chain
 * cannot fork in between. Entries only ever point within their group, so "nothing points to it" is
 * asked of the group's rows (its index) and not of the whole table.
 */
export function appendGroupHistory(
  pending: PendingChange,
  entry: { groupId: string; status: GroupHistoryStatus; actorUserId: string | null; source: string; releaseId?: string | null; at: Date },
): void {
  const id = randomUUID();
  const bufferedPrevious = pending.historyTail.get(entry.groupId);
  const previous = bufferedPrevious
    ? Prisma.sql`${bufferedPrevious}`
    : Prisma.sql`(SELECT h.id FROM "GroupHistory" h
                   WHERE h."groupId" = ${entry.groupId}
                     AND NOT EXISTS (SELECT 1 FROM "GroupHistory" n WHERE n."groupId" = h."groupId" AND n."previousId" = h.id)
                   ORDER BY h."createdAt" DESC, h.id DESC LIMIT 1)`;
  pending.historyTail.set(entry.groupId, id);
  pending.writes.add(Prisma.sql`
    INSERT INTO "GroupHistory" (id, "groupId", status, "actorUserId", "releaseId", "previousId", source, "createdAt")
    SELECT ${id}, ${entry.groupId}, ${entry.status}::"GroupHistoryStatus", ${entry.actorUserId}, ${entry.releaseId ?? null},
           ${previous}, ${entry.source}, ${entry.at}`);
}

export function recordActivity(
  pending: PendingChange,
  entry: { groupId: string; type: ActivityType; userId: string | null; data: Prisma.InputJsonObject; at: Date },
): void {
  const data = withIntegrationName(entry.data);
  pending.writes.add(Prisma.sql`
    INSERT INTO "Activity" (id, "groupId", type, "userId", data, "createdAt")
    VALUES (${randomUUID()}, ${entry.groupId}, ${entry.type}::"ActivityType", ${entry.userId}, ${JSON.stringify(data)}::jsonb, ${entry.at})`);
}

/**
 * Activity of a change made through Discord names it as the reference does (`integration:
 * "discord"`, behaviour.md §5 and §9.4), beside the change's source.
 */
function withIntegrationName(data: Prisma.InputJsonObject): Prisma.InputJsonObject {
  const source = data.source;
  const kind = source !== null && typeof source === "object" && !Array.isArray(source) ? (source as Prisma.InputJsonObject).kind : undefined;
  return kind === "discord" ? { ...data, integration: "discord" } : data;
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
