import type { Db } from "@/lib/db/client";
import type { ActivityType, GroupHistoryStatus, Prisma } from "@/lib/generated/prisma/client";
import { publishGroupEvents, type GroupEvent, type GroupEventBase } from "@/lib/domain/group-events";
import { dispatchOutboundSync, type OutboundSyncRequest } from "@/lib/domain/sync-history/request-outbound-sync";
import { notFound } from "@/lib/http/errors";
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
export async function lockGroup(tx: Tx, organizationId: string, groupId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT g.id FROM "Group" g JOIN "Project" p ON p.id = g."projectId"
    WHERE g.id = ${groupId} AND p."organizationId" = ${organizationId}
    FOR UPDATE OF g`;
  if (rows.length === 0) throw notFound("Group not found");
  return tx.group.findUniqueOrThrow({ where: { id: groupId }, include: { assignee: true, resolution: true } });
}

export type LockedGroup = Awaited<ReturnType<typeof lockGroup>>;

/** Appends to the group's history chain; the previous entry is the one nothing points to yet. */
export async function appendGroupHistory(
  tx: Tx,
  entry: { groupId: string; status: GroupHistoryStatus; actorUserId: string | null; source: string; releaseId?: string | null; at: Date },
) {
  const previous = await tx.groupHistory.findFirst({
    where: { groupId: entry.groupId, next: { none: {} } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return tx.groupHistory.create({
    data: {
      groupId: entry.groupId,
      status: entry.status,
      actorUserId: entry.actorUserId,
      releaseId: entry.releaseId ?? null,
      previousId: previous?.id ?? null,
      source: entry.source,
      createdAt: entry.at,
    },
  });
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
