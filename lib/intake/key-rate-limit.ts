import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { IngestionKey } from "@/lib/domain/projects/find-active-key-for-ingestion";

// A key's rateLimitPerMinute counts events per calendar minute of the database's clock, in one
// ProjectKeyRateWindow row per key, so every Tether instance on the database shares the count.
// One statement per request, and none for a key without a limit.

/**
 * Counts `events` against the key's limit for this minute, or throws 429 (nothing counted) when
 * they do not fit. The row's window moves to the current minute the first time it is used in it.
 */
export async function consumeKeyRate(db: Db, key: IngestionKey, events: number, now: number = Date.now()): Promise<void> {
  const limit = key.rateLimitPerMinute;
  if (limit === null || events === 0) return;
  if (events > limit) throw rateLimited(now);
  const counted = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "ProjectKeyRateWindow" AS w ("keyId", "windowStart", "count")
    VALUES (${key.keyId}, date_trunc('minute', now()), ${events})
    ON CONFLICT ("keyId") DO UPDATE SET
      "count" = CASE WHEN w."windowStart" = EXCLUDED."windowStart" THEN w."count" + EXCLUDED."count" ELSE EXCLUDED."count" END,
      "windowStart" = EXCLUDED."windowStart"
    WHERE w."windowStart" <> EXCLUDED."windowStart" OR w."count" + EXCLUDED."count" <= ${limit}
    RETURNING "count"`;
  if (counted.length === 0) throw rateLimited(now);
}

/**
 * 429 as relay answers it: Retry-After in seconds, and X-Sentry-Rate-Limits
 * (`retry_after:categories:scope:reason_code`; no categories means every kind of data) so SDKs
 * hold back until the next minute instead of retrying at once.
 */
export function rateLimited(now: number): AppError {
  const retryAfter = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
  return new AppError(429, "rate_limited", `This key's events-per-minute limit is reached; retry in ${retryAfter} s`, undefined, {
    "retry-after": String(retryAfter),
    "x-sentry-rate-limits": `${retryAfter}::key:key_quota`,
  });
}
