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
 * hour, see below); returns the
 * `groupId:eventId` keys actually inserted.
 */
export async function storeEvents(tx: Tx, rows: readonly EventToStore[], receivedAt: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const records = rows.map(({ groupId, projectId, releaseId, event }) => ({
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
    WITH inserted AS (
      INSERT INTO "Event" ("id", "groupId", "projectId", "eventId", "timestamp", "receivedAt", "level", "message", "title", "culprit",
        "exceptionType", "exceptionValue", "frames", "tags", "userTag", "userData", "releaseId", "environment",
        "platform", "transaction", "payload")
      SELECT e.id, e.group_id, e.project_id, e.event_id, (e.ts::timestamptz AT TIME ZONE 'UTC'), (${receivedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'),
        e.level::"Level", e.message, e.title, e.culprit, e.exception_type, e.exception_value,
        e.frames, e.tags, e.user_tag, e.user_data, e.release_id, e.environment, e.platform, e.transaction, e.payload
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS e(id text, group_id text, project_id text, event_id text, ts text, level text,
        message text, title text, culprit text, exception_type text, exception_value text, frames jsonb, tags jsonb,
        user_tag text, user_data jsonb, release_id text, environment text, platform text, transaction text, payload jsonb)
      ON CONFLICT ("groupId", "eventId") DO NOTHING
      RETURNING "groupId", "eventId", "timestamp", "userTag"
    ), new_users AS (
      INSERT INTO "GroupUser" ("groupId", "userTag")
      SELECT DISTINCT "groupId", "userTag" FROM inserted WHERE "userTag" IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING "groupId"
    ), user_counts AS (
      UPDATE "Group" AS g SET "userCount" = g."userCount" + n.added
      FROM (SELECT "groupId", count(*)::int AS added FROM new_users GROUP BY "groupId") AS n
      WHERE g."id" = n."groupId"
    ), buckets AS (
      INSERT INTO "GroupEventBucket" ("groupId", "hour", "count")
      SELECT "groupId", date_trunc('hour', "timestamp"), count(*)::int FROM inserted GROUP BY 1, 2
      ON CONFLICT ("groupId", "hour") DO UPDATE SET "count" = "GroupEventBucket"."count" + excluded."count"
    )
    SELECT "groupId", "eventId" FROM inserted`;
  return new Set(inserted.map((row) => storedEventKey(row.groupId, row.eventId)));
}
