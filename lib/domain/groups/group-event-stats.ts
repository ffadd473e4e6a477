import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { groupSparklines, SPARKLINE_DAYS, sparklineStart } from "./group-sparklines";

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
  "14d": { unit: "day", size: DAY_MS, count: SPARKLINE_DAYS },
};

/** A UTC instant as PostgreSQL's zone-less timestamp literal, which is how GroupEventBucket.hour is stored. */
const utcTimestamp = (ms: number) => new Date(ms).toISOString().slice(0, -1);

/**
 * Events per UTC hour in [from, to), keyed by the hour's start in epoch milliseconds, from the
 * hourly counts ingestion keeps (GroupEventBucket): at most 24 rows, whatever the group's volume.
 * "hour" is stored without a zone, in UTC, so the bounds go in as zone-less literals and the
 * epoch is UTC whatever the session's time zone.
 */
async function countEventsPerHour(db: Db, input: { groupId: string; from: number; to: number }): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<{ start: number; count: number }[]>`
    SELECT (extract(epoch FROM "hour") * 1000)::float8 AS start, "count"
    FROM "GroupEventBucket"
    WHERE "groupId" = ${input.groupId}
      AND "hour" >= ${utcTimestamp(input.from)}::timestamp
      AND "hour" < ${utcTimestamp(input.to)}::timestamp`;
  return new Map(rows.map((row) => [Number(row.start), row.count]));
}

/** Per-bucket counts keyed by the bucket's start: hours directly, days as the list's sparkline sums them. */
async function countEventsPerBucket(db: Db, input: { groupId: string; unit: "hour" | "day"; from: number; to: number; now: Date }): Promise<Map<number, number>> {
  if (input.unit === "hour") return countEventsPerHour(db, input);
  const days = (await groupSparklines(db, [input.groupId], input.now)).get(input.groupId) ?? [];
  const first = sparklineStart(input.now).getTime();
  return new Map(days.map((count, i) => [first + i * DAY_MS, count]));
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
  const counts = await countEventsPerBucket(db, { groupId: input.groupId, unit: shape.unit, from, to: currentStart + shape.size, now: new Date(now) });
  const buckets = Array.from({ length: shape.count }, (_, i) => {
    const start = from + i * shape.size;
    return { start: new Date(start).toISOString(), count: counts.get(start) ?? 0 };
  });
  return { period: input.period, buckets };
}
