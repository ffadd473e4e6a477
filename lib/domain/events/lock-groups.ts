import { randomUUID } from "node:crypto";
import { Prisma, type Level } from "@/lib/generated/prisma/client";
import type { PreparedEvent } from "./prepare-event";

type Tx = Prisma.TransactionClient;

export interface IngestGroup {
  id: string;
  shortId: number;
  fingerprint: string;
  status: "unresolved" | "resolved" | "ignored";
  firstSeen: Date;
  lastSeen: Date;
  level: Level;
  created: boolean;
}

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

interface GroupRow {
  id: string;
  shortId: number;
  fingerprint: string;
  status: IngestGroup["status"];
  firstSeen: Date;
  lastSeen: Date;
  level: Level;
  created: boolean;
}

const groupColumns = Prisma.raw(`id, "shortId", fingerprint, status::text AS status, "firstSeen", "lastSeen", level::text AS level`);

/**
 * Locks the groups these events belong to for the rest of the transaction, creating the missing
 * ones.
 *
 * Known groups only (what almost every batch brings): one statement locks them, ordered by id so
 * every transaction takes the row locks in the same order. It locks nothing unless all of them
 * exist — a batch that must create a group has to take the project row lock before any group
 * lock, or it could wait for the project while holding a group another creator waits for.
 *
 * Creating takes the project row lock first (it hands out short ids), so two batches that both
 * bring a new fingerprint run one after the other and the second finds the first's group instead
 * of violating the (project, fingerprint) unique key. Then one statement locks the existing
 * groups, raises the project's short id counter by the number missing and inserts them.
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
  const inList = Prisma.join(fingerprints);
  const known = await tx.$queryRaw<GroupRow[]>`
    SELECT ${groupColumns}, false AS created FROM "Group"
    WHERE "projectId" = ${input.projectId} AND fingerprint IN (${inList})
      AND (SELECT count(*) FROM "Group" WHERE "projectId" = ${input.projectId} AND fingerprint IN (${inList})) = ${fingerprints.length}
    ORDER BY id FOR UPDATE`;
  if (known.length === fingerprints.length) return byFingerprint(known);
  // Some are missing (or one vanished between the count and the lock, already holding the others:
  // rare, and the project lock below is then taken after group locks, as before).
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${input.projectId} FOR NO KEY UPDATE`;
  const candidates = fingerprints.map((fingerprint, index) => newGroupRecord(input, fingerprint, index));
  // Nobody else creates groups of this project while the project lock is held, so what `locked`
  // does not find is missing; new groups get consecutive short ids in the order of the batch.
  const rows = await tx.$queryRaw<GroupRow[]>`
    WITH locked AS MATERIALIZED (
      SELECT ${groupColumns} FROM "Group"
      WHERE "projectId" = ${input.projectId} AND fingerprint IN (${inList})
      ORDER BY id FOR UPDATE
    ), missing AS MATERIALIZED (
      SELECT c.*, (row_number() OVER (ORDER BY c.ord))::int - 1 AS k
      FROM jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb) AS c(ord int, id text, fingerprint text, title text, culprit text, message text,
        level text, first_seen text, last_seen text, times_seen int, first_release_id text)
      WHERE c.fingerprint NOT IN (SELECT fingerprint FROM locked)
    ), counter AS (
      UPDATE "Project" SET "nextShortId" = "nextShortId" + (SELECT count(*)::int FROM missing)
      WHERE id = ${input.projectId} AND EXISTS (SELECT 1 FROM missing)
      RETURNING "nextShortId" - (SELECT count(*)::int FROM missing) AS first
    ), created AS (
      INSERT INTO "Group" (id, "projectId", "shortId", fingerprint, title, culprit, message, level, status, substatus,
        "firstSeen", "lastSeen", "timesSeen", "firstReleaseId", "updatedAt")
      SELECT m.id, ${input.projectId}, counter.first + m.k, m.fingerprint, m.title, m.culprit, m.message, m.level::"Level",
        'unresolved', 'new', (m.first_seen::timestamptz AT TIME ZONE 'UTC'), (m.last_seen::timestamptz AT TIME ZONE 'UTC'),
        m.times_seen, m.first_release_id, (now() AT TIME ZONE 'UTC')
      FROM missing m CROSS JOIN counter
      RETURNING ${groupColumns}
    )
    SELECT *, false AS created FROM locked
    UNION ALL
    SELECT *, true AS created FROM created`;
  return byFingerprint(rows);
}

function byFingerprint(rows: readonly GroupRow[]): Map<string, IngestGroup> {
  return new Map(rows.map((row) => [row.fingerprint, { ...row }]));
}

function newGroupRecord(input: Parameters<typeof lockOrCreateGroups>[1], fingerprint: string, ord: number) {
  const events = input.eventsByFingerprint.get(fingerprint) ?? [];
  const { earliest, latest } = timeBounds(events);
  return {
    ord,
    id: randomUUID(),
    fingerprint,
    title: earliest.title,
    culprit: earliest.culprit,
    message: earliest.message,
    level: latest.level,
    first_seen: earliest.timestamp.toISOString(),
    last_seen: latest.timestamp.toISOString(),
    // The batch is already free of repeated event ids, and a new group has no stored events.
    times_seen: events.length,
    first_release_id: earliest.release ? (input.releaseIds.get(earliest.release) ?? null) : null,
  };
}
