import { z } from "zod";
import type { Db } from "@/lib/db/client";

export const EVENT_STATS_PERIODS = ["24h", "14d"] as const;
export type EventStatsPeriod = (typeof EVENT_STATS_PERIODS)[number];

export const groupEventStatsQuerySchema = z.object({
  period: z.enum(EVENT_STATS_PERIODS, { error: "period must be 24h or 14d" }).default("24h"),
});

export interface EventStatsBucket {
  /** The bucket's first instant, UTC, ISO 8601. */
  start: string;
  count: number;
}

export interface GroupEventStats {
  period: EventStatsPeriod;
  buckets: EventStatsBucket[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const SHAPE: Record<EventStatsPeriod, { unit: "hour" | "day"; size: number; count: number }> = {
  "24h": { unit: "hour", size: HOUR_MS, count: 24 },
  "14d": { unit: "day", size: DAY_MS, count: 14 },
};

/** A UTC instant as PostgreSQL's zone-less timestamp literal, which is how Event.timestamp is stored. */
const utcTimestamp = (ms: number) => new Date(ms).toISOString().slice(0, -1);

/**
 * Events per UTC hour or day in [from, to), keyed by the bucket's start in epoch milliseconds.
 * Read from the hourly counts ingestion keeps (GroupEventBucket), so a busy group's two weeks cost
 * at most 336 rows, not one per event. "hour" is stored without a zone, in UTC, so date_trunc
 * and the epoch are UTC whatever the session's time zone; the bounds go in as zone-less literals
 * for the same reason.
 */
async function countEventsPerBucket(db: Db, input: { groupId: string; unit: "hour" | "day"; from: number; to: number }): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ start: number; count: number }[]>`
    SELECT (extract(epoch FROM bucket) * 1000)::float8 AS start, count
    FROM (
      SELECT date_trunc(${input.unit}::text, "hour") AS bucket, sum("count")::int AS count
      FROM "GroupEventBucket"
      WHERE "groupId" = ${input.groupId}
        AND "hour" >= ${utcTimestamp(input.from)}::timestamp
        AND "hour" < ${utcTimestamp(input.to)}::timestamp
      GROUP BY 1
    ) buckets`;
  return new Map(rows.map((row) => [Number(row.start), row.count]));
}

/**
 * A group's events over time: the last 24 hours by hour or the last 14 days by day (UTC), the
 * current hour or day last, every bucket present (zero when nothing arrived).
 */
export async function getGroupEventStats(db: Db, input: { groupId: string; period: EventStatsPeriod; now?: Date }): Promise<GroupEventStats> {
  const shape = SHAPE[input.period];
  const now = (input.now ?? new Date()).getTime();
  const currentStart = now - (now % shape.size);
  const from = currentStart - (shape.count - 1) * shape.size;
  const counts = await countEventsPerBucket(db, { groupId: input.groupId, unit: shape.unit, from, to: currentStart + shape.size });
  const buckets = Array.from({ length: shape.count }, (_, i) => {
    const start = from + i * shape.size;
    return { start: new Date(start).toISOString(), count: counts.get(start) ?? 0 };
  });
  return { period: input.period, buckets };
}
