import type { Db } from "@/lib/db/client";
import type { JobQueue } from "../job-queue";
import { outboundSyncSweepJob } from "./outbound-sync-sweep";
import { startScheduledJob, type ScheduledJobsOptions } from "./scheduled-job";
import { signInThrottleCleanupJob } from "./sign-in-throttle-cleanup";
import { metricAlertEvaluationJob } from "./metric-alert-evaluation";

/** Registers Tether's periodic work on the process's queue (pg-boss on Tether's database). */
export async function startScheduledJobs(queue: Pick<JobQueue, "boss" | "sweepPending">, db: Db, options: ScheduledJobsOptions): Promise<void> {
  for (const job of [outboundSyncSweepJob(queue), signInThrottleCleanupJob(db), metricAlertEvaluationJob(db)]) {
    await startScheduledJob(queue.boss, job, options);
  }
}
