import { Prisma, type Level } from "@/lib/generated/prisma/client";
import type { PreparedEvent } from "./prepare-event";

type Tx = Prisma.TransactionClient;

const groupSelect = {
  id: true,
  shortId: true,
  fingerprint: true,
  status: true,
  firstSeen: true,
  lastSeen: true,
  level: true,
} satisfies Prisma.GroupSelect;

export type IngestGroup = Prisma.GroupGetPayload<{ select: typeof groupSelect }> & { created: boolean };

/** Earliest and latest event of a non-empty list. */
export function timeBounds(events: readonly PreparedEvent[]): { earliest: PreparedEvent; latest: PreparedEvent } {
  let earliest = events[0];
  let latest = events[0];
  for (const event of events) {
    if (event.timestamp < earliest.timestamp) earliest = event;
    if (event.timestamp >= latest.timestamp) latest = event;
  }
  return { earliest, latest };
}

type LockedRow = Omit<IngestGroup, "created">;

async function lockExisting(tx: Tx, projectId: string, fingerprints: string[]): Promise<LockedRow[]> {
  // Ordered by id so every transaction takes the row locks in the same order.
  return tx.$queryRaw<LockedRow[]>`
    SELECT id, "shortId", fingerprint, status::text AS status, "firstSeen", "lastSeen", level::text AS level
    FROM "Group" WHERE "projectId" = ${projectId} AND fingerprint IN (${Prisma.join(fingerprints)})
    ORDER BY id FOR UPDATE`;
}

/**
 * Locks the groups these events belong to for the rest of the transaction, creating the missing
 * ones. Creating takes the project row lock first (it hands out short ids), so two batches that
 * both bring a new fingerprint run one after the other and the second finds the first's group
 * instead of violating the (project, fingerprint) unique key. Batches of known groups only lock
 * their groups, so they run concurrently.
 *
 * The project lock is FOR NO KEY UPDATE, not FOR UPDATE: every batch that inserted a Release (or
 * a Group) already holds a key-share lock on the project row through the foreign key, and FOR
 * UPDATE conflicts with those, so two batches of a deploy each waited for the other's key-share
 * lock: a deadlock. NO KEY UPDATE still serializes the batches that create groups.
 */
export async function lockOrCreateGroups(
  tx: Tx,
  input: { projectId: string; eventsByFingerprint: ReadonlyMap<string, PreparedEvent[]>; releaseIds: ReadonlyMap<string, string> },
): Promise<Map<string, IngestGroup>> {
  const fingerprints = [...input.eventsByFingerprint.keys()];
  const known = await tx.group.count({ where: { projectId: input.projectId, fingerprint: { in: fingerprints } } });
  const mustCreate = known < fingerprints.length;
  if (mustCreate) await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${input.projectId} FOR NO KEY UPDATE`;
  const existing = await lockExisting(tx, input.projectId, fingerprints);
  const groups = new Map<string, IngestGroup>(existing.map((group) => [group.fingerprint, { ...group, created: false }]));
  const missing = fingerprints.filter((fingerprint) => !groups.has(fingerprint));
  if (missing.length === 0) return groups;
  // A group vanished between the count and the lock (deleted meanwhile): start over holding the project lock.
  if (!mustCreate) return lockOrCreateGroupsHoldingProject(tx, input);

  const { nextShortId } = await tx.project.update({
    where: { id: input.projectId },
    data: { nextShortId: { increment: missing.length } },
    select: { nextShortId: true },
  });
  const firstShortId = nextShortId - missing.length;
  const created = await tx.group.createManyAndReturn({
    data: missing.map((fingerprint, index) => newGroupData(input, fingerprint, firstShortId + index)),
    select: groupSelect,
  });
  for (const group of created) groups.set(group.fingerprint, { ...group, created: true });
  return groups;
}

async function lockOrCreateGroupsHoldingProject(tx: Tx, input: Parameters<typeof lockOrCreateGroups>[1]) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${input.projectId} FOR NO KEY UPDATE`;
  return lockOrCreateGroups(tx, input);
}

function newGroupData(
  input: Parameters<typeof lockOrCreateGroups>[1],
  fingerprint: string,
  shortId: number,
): Prisma.GroupCreateManyInput {
  const events = input.eventsByFingerprint.get(fingerprint) ?? [];
  const { earliest, latest } = timeBounds(events);
  const level: Level = latest.level;
  return {
    projectId: input.projectId,
    shortId,
    fingerprint,
    title: earliest.title,
    culprit: earliest.culprit,
    message: earliest.message,
    level,
    status: "unresolved",
    substatus: "new",
    firstSeen: earliest.timestamp,
    lastSeen: latest.timestamp,
    // The batch is already free of repeated event ids, and a new group has no stored events.
    timesSeen: events.length,
    firstReleaseId: earliest.release ? (input.releaseIds.get(earliest.release) ?? null) : null,
  };
}
