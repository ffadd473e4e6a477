import { SWEEP_MIN_AGE_SECONDS, type JobQueue } from "../job-queue";
import type { ScheduledJob } from "./scheduled-job";

export const OUTBOUND_SYNC_SWEEP_JOB = "outbound-sync-sweep";

/**
 * The hand-over of a committed change to the queue fails when the database drops the connection
 * at that moment; the change's outbox row stays pending, and this picks it up again without
 * waiting for a restart.
 */
export function outboundSyncSweepJob(queue: Pick<JobQueue, "sweepPending">): ScheduledJob {
  return {
    name: OUTBOUND_SYNC_SWEEP_JOB,
    cron: "* * * * *",
    run: async () => ({ dispatched: await queue.sweepPending(SWEEP_MIN_AGE_SECONDS) }),
  };
}
