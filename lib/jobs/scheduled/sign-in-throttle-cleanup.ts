import type { Db } from "@/lib/db/client";
import { dropLapsedSignInCounters } from "@/lib/auth/sign-in-throttle";
import type { ScheduledJob } from "./scheduled-job";

export const SIGN_IN_THROTTLE_CLEANUP_JOB = "sign-in-throttle-cleanup";

/** Keeps the sign-in counters as small as the recent traffic, off the sign-in path. */
export function signInThrottleCleanupJob(db: Db): ScheduledJob {
  return {
    name: SIGN_IN_THROTTLE_CLEANUP_JOB,
    cron: "*/10 * * * *",
    run: async () => ({ dropped: await dropLapsedSignInCounters(db) }),
  };
}
