import { getDatabase } from "@/lib/db/client";
import { startOutboundSyncQueue, type OutboundSyncQueue, type OutboundSyncQueueOptions } from "./outbound-sync-queue";
import { startScheduledJobs } from "./scheduled/start-scheduled-jobs";

// One queue per process, on the process database; Next.js re-evaluates modules in development.
const holder = globalThis as unknown as { __tetherOutboundSyncQueue?: Promise<OutboundSyncQueue> };

/** Starts (once) the outbound-sync queue and the scheduled jobs of this process; call it at server start. */
export function ensureOutboundSyncQueue(options: OutboundSyncQueueOptions = {}): Promise<OutboundSyncQueue> {
  holder.__tetherOutboundSyncQueue ??= getDatabase()
    .then(async (database) => {
      const queue = await startOutboundSyncQueue(database, options);
      try {
        await startScheduledJobs(queue, database.prisma, { work: options.work !== false });
      } catch (error) {
        await queue.stop().catch(() => undefined);
        throw error;
      }
      return queue;
    })
    .catch((error: unknown) => {
      holder.__tetherOutboundSyncQueue = undefined;
      throw error;
    });
  return holder.__tetherOutboundSyncQueue;
}

export async function stopOutboundSyncQueue(): Promise<void> {
  const running = holder.__tetherOutboundSyncQueue;
  holder.__tetherOutboundSyncQueue = undefined;
  if (running) await (await running).stop();
}
