import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Level, Prisma } from "@/lib/generated/prisma/client";
import { badRequest } from "@/lib/errors";
import { omitBlank } from "./list-groups-query";
import { eventTags } from "./tag-summary";

export interface GroupEventView {
  id: string;
  eventId: string;
  timestamp: string;
  level: Level;
  title: string;
  message: string | null;
  release: string | null;
  environment: string | null;
  userTag: string | null;
  tags: Record<string, string>;
}

export interface GroupEventPage {
  events: GroupEventView[];
  nextCursor: string | null;
}


export const groupEventsQuerySchema = z.object({
  cursor: omitBlank(z.string().max(200).optional()),
  limit: omitBlank(z.coerce.number().int().min(1).max(100).default(20)),
});
export type GroupEventsQuery = z.infer<typeof groupEventsQuerySchema>;

interface Position {
  timestamp: Date;
  id: string;
}

// The cursor is the last event shown (time and id), so new events arriving never shift a page.
export function encodeEventCursor(position: Position): string {
  return Buffer.from(`${position.timestamp.getTime()}|${position.id}`, "utf8").toString("base64url");
}

export function decodeEventCursor(cursor: string): Position {
  const [time, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const timestamp = new Date(Number(time));
  if (extra !== undefined || !id || !/^\d+$/.test(time ?? "") || Number.isNaN(timestamp.getTime())) throw badRequest("Invalid cursor");
  return { timestamp, id };
}

/** A group's events, newest first, a page at a time. */
export async function listGroupEvents(db: Db, groupId: string, query: GroupEventsQuery): Promise<GroupEventPage> {
  const after = query.cursor ? decodeEventCursor(query.cursor) : null;
  const where: Prisma.EventWhereInput = after
    ? { groupId, OR: [{ timestamp: { lt: after.timestamp } }, { timestamp: after.timestamp, id: { lt: after.id } }] }
    : { groupId };
  const rows = await db.event.findMany({
    where,
    orderBy: [{ timestamp: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      eventId: true,
      timestamp: true,
      level: true,
      title: true,
      message: true,
      environment: true,
      userTag: true,
      tags: true,
      release: { select: { version: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => {
      const release = row.release?.version ?? null;
      return {
        id: row.id,
        eventId: row.eventId,
        timestamp: row.timestamp.toISOString(),
        level: row.level,
        title: row.title,
        message: row.message,
        release,
        environment: row.environment,
        userTag: row.userTag,
        tags: eventTags({ tags: row.tags, environment: null, release: null }),
      };
    }),
    nextCursor: rows.length > query.limit && last ? encodeEventCursor(last) : null,
  };
}
