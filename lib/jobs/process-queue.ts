import { getDatabase } from "@/lib/db/client";
import { startOutboundSyncQueue, type OutboundSyncQueue, type OutboundSyncQueueOptions } from "./outbound-sync-queue";

// One queue per process, on the process database; Next.js re-evaluates modules in development.
const holder = globalThis as unknown as { __tetherOutboundSyncQueue?: Promise<OutboundSyncQueue> };

/** Starts (once) the outbound-sync queue of this process; call it at server start. */
export function ensureOutboundSyncQueue(options: OutboundSyncQueueOptions = {}): Promise<OutboundSyncQueue> {
  holder.__tetherOutboundSyncQueue ??= getDatabase()
    .then((database) => startOutboundSyncQueue(database, options))
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
