import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { IngestionKey } from "@/lib/domain/projects/find-active-key-for-ingestion";

// A key's rateLimitPerMinute counts events per calendar minute of the database's clock, in one
// ProjectKeyRateWindow row per key, so every Tether instance on the database shares the count.
// One statement per request, and none for a key without a limit.

/**
 * Counts `events` against the key's limit for this minute, or throws 429 (nothing counted) when
 * they do not fit. The row's window moves to the current minute the first time it is used in it.
 * Retry-After is read in the same statement, so it is the database's minute, the one counted in.
 */
export async function consumeKeyRate(db: Db, key: IngestionKey, events: number): Promise<void> {
  const limit = key.rateLimitPerMinute;
  if (limit === null || events === 0) return;
  const [row] = await db.$queryRaw<{ counted: number | null; retryAfter: number }[]>`
    WITH counted AS (
      INSERT INTO "ProjectKeyRateWindow" AS w ("keyId", "windowStart", "count")
      SELECT ${key.keyId}, date_trunc('minute', now()), ${events}::int WHERE ${events}::int <= ${limit}::int
      ON CONFLICT ("keyId") DO UPDATE SET
        "count" = CASE WHEN w."windowStart" = EXCLUDED."windowStart" THEN w."count" + EXCLUDED."count" ELSE EXCLUDED."count" END,
        "windowStart" = EXCLUDED."windowStart"
      WHERE w."windowStart" <> EXCLUDED."windowStart" OR w."count" + EXCLUDED."count" <= ${limit}::int
      RETURNING "count"
    )
    SELECT (SELECT "count" FROM counted) AS counted,
      ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS "retryAfter"`;
  if (row?.counted === null || row?.counted === undefined) throw rateLimited(row?.retryAfter ?? 60);
}

/**
 * Gives back events counted for a request whose ingest then failed (nothing stored), so the SDK's
 * retry is not charged twice. Only the window that counted them, if it is still the current one.
 */
export async function refundKeyRate(db: Db, key: IngestionKey, events: number): Promise<void> {
  if (key.rateLimitPerMinute === null || events === 0) return;
  await db.$executeRaw`
    UPDATE "ProjectKeyRateWindow" SET "count" = GREATEST("count" - ${events}::int, 0)
    WHERE "keyId" = ${key.keyId} AND "windowStart" = date_trunc('minute', now())`;
}

/**
 * 429 as relay answers it: Retry-After in seconds, and X-Sentry-Rate-Limits
 * (`retry_after:categories:scope:reason_code`; no categories means every kind of data) so SDKs
 * hold back until the next minute instead of retrying at once.
 */
export function rateLimited(secondsLeft: number): AppError {
  const retryAfter = Math.min(60, Math.max(1, Math.ceil(secondsLeft)));
  return new AppError(429, "rate_limited", `This key's events-per-minute limit is reached; retry in ${retryAfter} s`, undefined, {
    "retry-after": String(retryAfter),
    "x-sentry-rate-limits": `${retryAfter}::key:key_quota`,
  });
}
