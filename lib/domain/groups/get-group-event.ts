import type { Db } from "@/lib/db/client";
import type { Level, Prisma } from "@/lib/generated/prisma/client";
import { parseStoredFrames, parseStoredUser, type EventUser, type StoredFrames } from "@/lib/domain/events/stored-event";
import { parseStoredSdkPayload, type SdkEventDetail } from "@/lib/domain/events/stored-sdk-payload";
import { eventTags } from "./tag-summary";

export interface GroupEventDetail {
  id: string;
  eventId: string;
  timestamp: string;
  level: Level;
  title: string;
  message: string | null;
  culprit: string | null;
  exceptionType: string | null;
  exceptionValue: string | null;
  stack: StoredFrames;
  tags: Record<string, string>;
  user: EventUser | null;
  release: string | null;
  environment: string | null;
  platform: string | null;
  transaction: string | null;
  /** What the SDK sent (exception chain, breadcrumbs, request, contexts); null for JSON API events. */
  sdk: SdkEventDetail | null;
  /** The neighbours in time, for older/newer links (null at either end). */
  olderId: string | null;
  newerId: string | null;
}

const eventSelect = {
  id: true,
  eventId: true,
  timestamp: true,
  level: true,
  title: true,
  message: true,
  culprit: true,
  exceptionType: true,
  exceptionValue: true,
  frames: true,
  tags: true,
  userData: true,
  userTag: true,
  environment: true,
  platform: true,
  transaction: true,
  payload: true,
  release: { select: { version: true } },
} satisfies Prisma.EventSelect;

type Position = { timestamp: Date; id: string };

// Events are ordered by (timestamp, id), the order of the (groupId, timestamp desc) index.
function neighbour(db: Db, groupId: string, at: Position, direction: "older" | "newer") {
  const where: Prisma.EventWhereInput =
    direction === "older"
      ? { groupId, OR: [{ timestamp: { lt: at.timestamp } }, { timestamp: at.timestamp, id: { lt: at.id } }] }
      : { groupId, OR: [{ timestamp: { gt: at.timestamp } }, { timestamp: at.timestamp, id: { gt: at.id } }] };
  const order = direction === "older" ? "desc" : "asc";
  return db.event.findFirst({ where, orderBy: [{ timestamp: order }, { id: order }], select: { id: true } });
}

/**
 * One of the group's events in full — the one asked for, else the latest — with the ids of the
 * events just before and after it. Null when the group has no such event (or none at all).
 */
export async function getGroupEvent(db: Db, input: { groupId: string; eventId?: string | null }): Promise<GroupEventDetail | null> {
  const row = input.eventId
    ? await db.event.findFirst({ where: { id: input.eventId, groupId: input.groupId }, select: eventSelect })
    : await db.event.findFirst({ where: { groupId: input.groupId }, orderBy: [{ timestamp: "desc" }, { id: "desc" }], select: eventSelect });
  if (!row) return null;
  const [older, newer] = await Promise.all([neighbour(db, input.groupId, row, "older"), neighbour(db, input.groupId, row, "newer")]);
  const user = parseStoredUser(row.userData);
  return {
    id: row.id,
    eventId: row.eventId,
    timestamp: row.timestamp.toISOString(),
    level: row.level,
    title: row.title,
    message: row.message,
    culprit: row.culprit,
    exceptionType: row.exceptionType,
    exceptionValue: row.exceptionValue,
    stack: parseStoredFrames(row.frames),
    tags: eventTags({ tags: row.tags, environment: null, release: null }),
    // The user tag ("id:42") stands in when only it was kept.
    user: user ?? (row.userTag ? { id: row.userTag, email: null, username: null, ipAddress: null } : null),
    release: row.release?.version ?? null,
    environment: row.environment,
    platform: row.platform,
    transaction: row.transaction,
    sdk: parseStoredSdkPayload(row.payload, { platform: row.platform, transaction: row.transaction }),
    olderId: older?.id ?? null,
    newerId: newer?.id ?? null,
  };
}
