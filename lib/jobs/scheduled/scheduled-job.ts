import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/logger";

/** Periodic work that must run on one instance at a time, however many share the database. */
export interface ScheduledJob {
  /** The pg-boss queue (and schedule) name. */
  name: string;
  /** Five-field cron, in UTC; pg-boss fires at most once a minute. */
  cron: string;
  /** Returns figures stored as the job's output. */
  run(): Promise<Record<string, number>>;
}

export interface ScheduledJobsOptions {
  /** false (TETHER_WORKERS=0): keep the schedules, let another instance work the jobs. */
  work: boolean;
  pollingIntervalSeconds?: number;
}

/**
 * pg-boss's cron pass runs on one instance per interval and files one job per tick, so however
 * many instances call this, each tick is one job worked by one of them. "stately" keeps a slow
 * run from overlapping the next tick's: one job waiting and one running at most.
 */
export async function startScheduledJob(boss: PgBoss, job: ScheduledJob, options: ScheduledJobsOptions): Promise<void> {
  if (!(await boss.getQueue(job.name))) {
    await boss.createQueue(job.name, { policy: "stately", retryLimit: 0, expireInSeconds: 300 });
  }
  await boss.schedule(job.name, job.cron, null, { tz: "UTC" });
  if (!options.work) return;
  await boss.work(job.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 10 }, async () => {
    try {
      return await job.run();
    } catch (err) {
      // Failed, not retried: the next tick does the same work again.
      logger.warn({ err, job: job.name }, "scheduled job failed");
      throw err;
    }
  });
}
