import { ensureJobQueue, stopJobQueue } from "@/lib/jobs/process-queue";
import { logger } from "@/lib/logger";

const holder = globalThis as unknown as { __tetherBackgroundStarted?: boolean };

/**
 * Starts what runs beside the web server: the job queue (outbound work of every job definition) and the scheduled jobs (pg-boss on
 * the same database; in-process on the embedded PGlite). TETHER_WORKERS=0 only queues and schedules
 * jobs (another instance works them).
 */
export async function startBackgroundWork(): Promise<void> {
  if (holder.__tetherBackgroundStarted) return;
  holder.__tetherBackgroundStarted = true;
  try {
    await ensureJobQueue({ work: process.env.TETHER_WORKERS !== "0" });
    logger.info("job queue and scheduled jobs started");
    const stop = () => void stopJobQueue().catch(() => undefined);
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } catch (err) {
    holder.__tetherBackgroundStarted = false;
    logger.error({ err }, "the job queue could not start; outbox rows stay pending until it does");
  }
}
