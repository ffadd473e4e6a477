import type { Db } from "@/lib/db/client";

export const SPARKLINE_DAYS = 14;
const DAY_MS = 86_400_000;

/** Midnight UTC of the sparkline's first day: today's is the last of SPARKLINE_DAYS. */
export function sparklineStart(now: Date): Date {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return new Date(today - (SPARKLINE_DAYS - 1) * DAY_MS);
}

/**
 * Events per UTC day over the last SPARKLINE_DAYS days (oldest first, today last) for each group,
 * summed from the hourly GroupEventBucket rows that ingestion keeps, never from Event.
 */
export async function groupSparklines(db: Db, groupIds: readonly string[], now: Date): Promise<Map<string, number[]>> {
  const start = sparklineStart(now);
  const end = new Date(start.getTime() + SPARKLINE_DAYS * DAY_MS);
  const result = new Map(groupIds.map((id) => [id, new Array<number>(SPARKLINE_DAYS).fill(0)]));
  if (groupIds.length === 0) return result;
  const rows = await db.$queryRaw<{ groupId: string; day: number; n: number }[]>`
    SELECT b."groupId", floor((extract(epoch from b."hour") * 1000 - ${start.getTime()}::float8) / ${DAY_MS}::float8)::int AS day, sum(b."count")::int AS n
    FROM "GroupEventBucket" b
    WHERE b."groupId" = ANY(${[...groupIds]}::text[])
      AND b."hour" >= (${start.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND b."hour" < (${end.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    GROUP BY 1, 2`;
  for (const row of rows) {
    const days = result.get(row.groupId);
    if (days && row.day >= 0 && row.day < SPARKLINE_DAYS) days[row.day] = row.n;
  }
  return result;
}
