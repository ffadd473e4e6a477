import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/domain/group-actions/group-change";
import type { PreparedEvent } from "./prepare-event";

export interface EventToStore {
  groupId: string;
  /** The group's project (Event.projectId: what metric alerts count by). */
  projectId: string;
  releaseId: string | null;
  event: PreparedEvent;
}

export const storedEventKey = (groupId: string, eventId: string) => `${groupId}:${eventId}`;

/**
 * Inserts the events in one statement from one JSON parameter. Prisma's createMany binds every
 * field of every row separately, which cost several times as much for a batch of 100.
 * A (group, event id) pair already stored is skipped, never counted twice (nor are its user and
 * hour, see below); returns the `groupId:eventId` keys actually inserted.
 *
 * The same statement raises the counters of the groups in `countInto` (known groups; a group
 * created by this batch was created with them) by the events actually inserted: times seen,
 * first/last seen only ever widen, and the level follows the newest event — the batch's last
 * among equal timestamps — so a late event from the past does not overwrite what a newer one said.
 */
export async function storeEvents(tx: Tx, rows: readonly EventToStore[], receivedAt: Date, options: { countInto?: readonly string[]; now?: Date } = {}): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const records = rows.map(({ groupId, projectId, releaseId, event }, ord) => ({
    ord,
    id: randomUUID(),
    group_id: groupId,
    project_id: projectId,
    event_id: event.eventId,
    ts: event.timestamp.toISOString(),
    level: event.level,
    message: event.message,
    title: event.title,
    culprit: event.culprit,
    exception_type: event.exceptionType,
    exception_value: event.exceptionValue,
    frames: event.frames ?? null,
    tags: event.tags ?? null,
    user_tag: event.userTag,
    user_data: event.userData ?? null,
    release_id: releaseId,
    environment: event.environment,
    platform: event.platform,
    transaction: event.transaction,
    payload: event.payload ?? null,
  }));
  // Timestamps travel as ISO strings and are stored as UTC, as Prisma stores DateTime.
  // The same statement keeps the list's aggregates from the rows actually inserted (a re-sent event
  // is skipped, so counted once): new distinct users go to GroupUser and raise Group.userCount,
  // and each (group, hour) adds its events to GroupEventBucket. The callers hold the groups' locks.
  const inserted = await tx.$queryRaw<{ groupId: string; eventId: string }[]>`
    WITH input AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS e(ord int, id text, group_id text, project_id text, event_id text, ts text, level text,
        message text, title text, culprit text, exception_type text, exception_value text, frames jsonb, tags jsonb,
        user_tag text, user_data jsonb, release_id text, environment text, platform text, transaction text, payload jsonb)
    ), inserted AS (
      INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "level", "message", "title", "culprit",
        "exceptionType", "exceptionValue", "frames", "tags", "userTag", "userData", "releaseId", "environment",
        "platform", "transaction", "payload")
      SELECT e.id, e.group_id, e.project_id, e.event_id, (e.ts::timestamptz AT TIME ZONE 'UTC'), (${receivedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'),
        e.level::"Level", e.message, e.title, e.culprit, e.exception_type, e.exception_value,
        e.frames, e.tags, e.user_tag, e.user_data, e.release_id, e.environment, e.platform, e.transaction, e.payload
      FROM input AS e
      ORDER BY e.ord
      ON CONFLICT ("groupId", "eventId") DO NOTHING
      RETURNING "id", "groupId", "eventId", "timestamp", "userTag", "level"
    ), new_users AS (
      INSERT INTO "GroupUser" ("groupId", "userTag")
      SELECT DISTINCT "groupId", "userTag" FROM inserted WHERE "userTag" IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING "groupId"
    ), counted AS (
      SELECT i."groupId", count(*)::int AS n, min(i."timestamp") AS earliest, max(i."timestamp") AS latest,
        (array_agg(i."level" ORDER BY i."timestamp" DESC, e.ord DESC))[1] AS level
      FROM inserted i JOIN input e ON e.id = i.id
      WHERE i."groupId" = ANY(${options.countInto ?? []}::text[])
      GROUP BY i."groupId"
    ), group_counters AS (
      -- One UPDATE per group row: two sub-statements of one WITH must never update the same row.
      UPDATE "Group" AS g SET
        "userCount" = g."userCount" + COALESCE(u.added, 0),
        "timesSeen" = g."timesSeen" + COALESCE(c.n, 0),
        "firstSeen" = LEAST(g."firstSeen", c.earliest),
        "lastSeen" = GREATEST(g."lastSeen", c.latest),
        "level" = CASE WHEN c.latest >= g."lastSeen" THEN c.level ELSE g."level" END,
        "updatedAt" = CASE WHEN c.n IS NULL THEN g."updatedAt" ELSE ${(options.now ?? new Date()).toISOString()}::timestamptz AT TIME ZONE 'UTC' END
      FROM (SELECT "groupId", count(*)::int AS added FROM new_users GROUP BY "groupId") AS u
        FULL JOIN counted AS c USING ("groupId")
      WHERE g."id" = COALESCE(u."groupId", c."groupId")
    ), buckets AS (
      INSERT INTO "GroupEventBucket" ("groupId", "hour", "count")
      SELECT "groupId", date_trunc('hour', "timestamp"), count(*)::int FROM inserted GROUP BY 1, 2
      ON CONFLICT ("groupId", "hour") DO UPDATE SET "count" = "GroupEventBucket"."count" + excluded."count"
    )
    SELECT "groupId", "eventId" FROM inserted`;
  return new Set(inserted.map((row) => storedEventKey(row.groupId, row.eventId)));
}
