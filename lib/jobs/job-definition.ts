import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma, SyncEvent } from "@/lib/generated/prisma/client";
import type { OutboxSyncEventFields } from "@/lib/domain/sync-history/outbox";
import type { OutboundSyncResult } from "@/lib/integrations/provider";
import type { ProviderRegistry } from "@/lib/integrations/provider-capabilities";

/** pg-boss's retry policy of one definition: attempts in all, exponential backoff (with jitter) between them. */
export interface RetryPolicy {
  /** Attempts before the job is recorded as failed (its dead letter). */
  attempts: number;
  /** First retry delay; doubles each time up to delayMaxSeconds. */
  delaySeconds: number;
  delayMaxSeconds: number;
  /** An attempt running longer than this is taken as crashed and retried. */
  expireInSeconds: number;
}

/** What a handler gets besides its payload. */
export interface JobAttemptContext {
  db: Db;
  /** The providers by name; a handler uses the capability it needs. */
  providers: ProviderRegistry;
  /** 1 for the first attempt (counted across a Retry-After chain). */
  attempt: number;
  jobId: string;
  /** Names the external object in this attempt's history row, also when the attempt then throws. */
  setExternalKey(key: string | null): void;
}

/**
 * Applied or skipped (with the reason), as the sync history shows it. Throw RetryAfterError to be
 * run again after the given time, PermanentSyncError to fail at once, anything else to be retried
 * with the definition's backoff.
 */
export type JobOutcome = OutboundSyncResult;

/**
 * One kind of outbound work. The runner (lib/jobs/job-queue.ts) gives each definition its own
 * pg-boss queue with its retry policy, validates payloads with `payload`, and writes one SyncEvent
 * per attempt; a definition holds only what is particular to its work.
 * Methods (not arrow properties) on purpose: a registry holds definitions of every payload type.
 */
export interface JobDefinition<P> {
  /** Stored on outbox rows (SyncEvent.job); never rename one that may have rows waiting. */
  name: string;
  /** The pg-boss queue; defaults to `tether-job-<name>`. */
  queue?: string;
  /** The job's payload; the reserved keys `attemptOffset` and `syncEventId` are the runner's. */
  payload: z.ZodType<P>;
  retry: RetryPolicy;
  /** Jobs with the same key wait as one (pg-boss singletonKey): the one that runs sends the current state. */
  singletonKey?(payload: P): string;
  /**
   * pg-boss's queue policy: "short" (default) lets one job per singleton key wait; "stately" also
   * runs at most one per key at a time (a job that must not overlap its own repeats).
   */
  policy?: "short" | "stately";
  /** The sync-history fields of this job's attempt rows; their payload defaults to the job's. */
  history(payload: P): OutboxSyncEventFields & { payload?: Prisma.InputJsonValue };
  /** The payload of an outbox row of this job; by default the row's `payload` column. */
  fromOutboxRow?(row: SyncEvent): unknown;
  handler(payload: P, ctx: JobAttemptContext): Promise<JobOutcome>;
}

/** A definition of any payload type, as the registry and the runner hold it (methods take any payload). */
export type AnyJobDefinition = JobDefinition<unknown>;

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export function queueNameOf(definition: Pick<JobDefinition<unknown>, "name" | "queue">): string {
  return definition.queue ?? `tether-job-${definition.name}`;
}
