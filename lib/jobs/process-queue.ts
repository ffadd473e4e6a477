import { getDatabase } from "@/lib/db/client";
import { startJobQueue, type JobQueue, type JobQueueOptions } from "./job-queue";
import { startScheduledJobs } from "./scheduled/start-scheduled-jobs";

// One queue per process, on the process database; Next.js re-evaluates modules in development.
const holder = globalThis as unknown as { __tetherJobQueue?: Promise<JobQueue> };

/** Starts (once) the job queue and the scheduled jobs of this process; call it at server start. */
export function ensureJobQueue(options: JobQueueOptions = {}): Promise<JobQueue> {
  holder.__tetherJobQueue ??= getDatabase()
    .then(async (database) => {
      const queue = await startJobQueue(database, options);
      try {
        await startScheduledJobs(queue, database.prisma, { work: options.work !== false });
      } catch (error) {
        await queue.stop().catch(() => undefined);
        throw error;
      }
      return queue;
    })
    .catch((error: unknown) => {
      holder.__tetherJobQueue = undefined;
      throw error;
    });
  return holder.__tetherJobQueue;
}

export async function stopJobQueue(): Promise<void> {
  const running = holder.__tetherJobQueue;
  holder.__tetherJobQueue = undefined;
  if (running) await (await running).stop();
}
