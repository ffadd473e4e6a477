import { createHash } from "node:crypto";
import { PgBoss, fromPglite, type JobResult, type JobWithMetadata } from "pg-boss";
import type { Database } from "@/lib/db/client";
import { clearOutboxDispatcher, setOutboxDispatcher, type OutboxRequest } from "@/lib/domain/sync-history/outbox";
import type { SyncEvent } from "@/lib/generated/prisma/client";
import { integrationProviders } from "@/lib/integrations/providers";
import type { ProviderRegistry } from "@/lib/integrations/provider-capabilities";
import { logger } from "@/lib/logger";
import { queueNameOf, type AnyJobDefinition, type RetryPolicy } from "./job-definition";
import { definitionOfOutboxRow, jobDefinitions, type JobDefinitionRegistry } from "./job-definitions";
import { readJobData, runJobAttempt, type JobMeta } from "./run-job-attempt";

export interface JobQueueOptions {
  /** The providers handlers call; the process's registry by default. */
  providers?: ProviderRegistry;
  /** The job definitions worked and dispatched; every definition by default. */
  definitions?: JobDefinitionRegistry;
  /** Overrides every definition's attempts (tests lower it). */
  maxAttempts?: number;
  /** Overrides every definition's first retry delay and its ceiling (the delay doubles, with jitter). */
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
  pollingIntervalSeconds?: number;
  /** Workers per instance, each fetching up to batchSize jobs and running them concurrently. */
  localConcurrency?: number;
  batchSize?: number;
  /** false: only send jobs (another instance works them). */
  work?: boolean;
  /**
   * Tests only: also re-sweep from this process every so many seconds. Servers re-sweep through the
   * scheduled job "outbound-sync-sweep" (lib/jobs/scheduled), once a minute across all instances.
   */
  sweepIntervalSeconds?: number;
  /** pg-boss's cron pass and its forwarding worker (30 s and 5 s by default); lowered by tests. */
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
}

/** A row younger than this may still be on its way to the queue from the request that wrote it. */
export const SWEEP_MIN_AGE_SECONDS = 10;

export interface JobQueue {
  boss: PgBoss;
  /** Turns committed outbox rows into jobs. */
  dispatch(requests: readonly OutboxRequest[]): Promise<void>;
  /** Dispatches outbox rows a crash (or a stopped queue) left pending, older than minAgeSeconds; returns how many. */
  sweepPending(minAgeSeconds?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The job id of an outbox row, the same on every instance: a second send of the row (another
 * instance's sweep, a sweep racing the request's own hand-over) conflicts on the job's primary key
 * instead of creating a second job.
 */
export function outboxJobId(syncEventId: string): string {
  const hex = createHash("sha256").update(`tether-outbound-sync:${syncEventId}`).digest("hex");
  // Shaped as an RFC 9562 version 8 (custom) UUID: pg-boss's id column is a uuid.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function createBoss(database: Database, options: JobQueueOptions): PgBoss {
  const { cronMonitorIntervalSeconds, cronWorkerIntervalSeconds } = options;
  const scheduling = { ...(cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds } : {}), ...(cronWorkerIntervalSeconds ? { cronWorkerIntervalSeconds } : {}) };
  if (database.pglite) return new PgBoss({ db: fromPglite(database.pglite), ...scheduling });
  if (database.config.kind !== "postgres") throw new Error("PostgreSQL database without a connection string");
  return new PgBoss({ connectionString: database.config.url, max: 4, ...scheduling });
}

/**
 * Starts pg-boss on Tether's own database (in-process on PGlite) with one queue and worker per job
 * definition, registers the queue as the process's outbox dispatcher, and sweeps the outbox rows a
 * crash or a stopped queue left behind. Nothing here knows a definition: adding one touches only
 * lib/jobs/definitions/ and the registry.
 */
export async function startJobQueue(database: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  const db = database.prisma;
  const providers = options.providers ?? integrationProviders;
  const definitions = options.definitions ?? jobDefinitions;
  const policyOf = (definition: AnyJobDefinition): RetryPolicy => ({
    attempts: options.maxAttempts ?? definition.retry.attempts,
    delaySeconds: options.retryDelaySeconds ?? definition.retry.delaySeconds,
    delayMaxSeconds: options.retryDelayMaxSeconds ?? definition.retry.delayMaxSeconds,
    expireInSeconds: definition.retry.expireInSeconds,
  });
  const boss = createBoss(database, options);
  boss.on("error", (err) => logger.error({ err }, "job queue error"));
  await boss.start();
  for (const definition of definitions.values()) {
    const policy = policyOf(definition);
    if (await boss.getQueue(queueNameOf(definition))) continue;
    await boss.createQueue(queueNameOf(definition), {
      policy: definition.policy ?? "short",
      retryLimit: policy.attempts - 1,
      retryDelay: policy.delaySeconds,
      retryBackoff: true,
      retryDelayMax: policy.delayMaxSeconds,
      expireInSeconds: policy.expireInSeconds,
    });
  }

  async function send(definition: AnyJobDefinition, payload: unknown, meta: JobMeta, sendOptions: { startAfterSeconds?: number; id?: string } = {}): Promise<string | null> {
    const { startAfterSeconds, id } = sendOptions;
    const data = { ...(payload as Record<string, unknown>), ...meta };
    return boss.send(queueNameOf(definition), data, {
      ...(id ? { id } : {}),
      ...(definition.singletonKey ? { singletonKey: definition.singletonKey(payload) } : {}),
      // A re-scheduled chain keeps its overall attempt budget.
      retryLimit: Math.max(0, policyOf(definition).attempts - 1 - meta.attemptOffset),
      ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
    });
  }

  async function dispatch(requests: readonly OutboxRequest[]): Promise<void> {
    for (const request of requests) {
      const definition = definitions.get(request.job);
      // A row of a job this build does not know (written by a newer one) waits for an instance that does.
      if (!definition) {
        logger.warn({ job: request.job, syncEventId: request.syncEventId }, "outbox row of an unknown job left pending");
        continue;
      }
      const meta = { attemptOffset: 0, syncEventId: request.syncEventId };
      const read = readJobData(definition, { ...(request.payload as Record<string, unknown>), ...meta });
      if (!read.ok) {
        // Sending it would only fail on every attempt: it is recorded as failed now instead.
        await db.syncEvent.updateMany({ where: { id: request.syncEventId, outcome: "pending", jobId: null }, data: { outcome: "failed", reason: "not retryable", error: read.error } });
        continue;
      }
      const id = outboxJobId(request.syncEventId);
      const sent = await send(definition, read.payload, meta, { id });
      // Not sent: either this row's job already exists (sent by another instance or an earlier
      // sweep), or another row's job with the same singleton key is queued and will send the current state.
      const exists = sent !== null || (await boss.getJobById(queueNameOf(definition), id)) !== null;
      // Only a row still waiting is touched: its job may already have settled it.
      await db.syncEvent.updateMany({
        where: { id: request.syncEventId, outcome: "pending", jobId: null },
        data: exists ? { jobId: id } : { outcome: "skipped", reason: "coalesced: a queued job for this issue will send the current state" },
      });
    }
  }

  async function sweepPending(minAgeSeconds = 0): Promise<number> {
    const createdAt = minAgeSeconds > 0 ? { lt: new Date(Date.now() - minAgeSeconds * 1000) } : undefined;
    const rows = await db.syncEvent.findMany({
      where: {
        outcome: "pending",
        direction: "outbound",
        jobId: null,
        createdAt,
        // Rows of job definitions, and issue syncs written before rows named their job.
        OR: [{ job: { not: null } }, { job: null, kind: { in: ["assignee", "status"] }, groupId: { not: null } }],
      },
      orderBy: { createdAt: "asc" },
      take: 1000,
    });
    const requests: OutboxRequest[] = [];
    for (const row of rows) {
      const definition = definitionOfOutboxRow(definitions, row);
      if (!definition) continue;
      requests.push({ syncEventId: row.id, job: definition.name, payload: payloadOfRow(definition, row) });
    }
    await dispatch(requests);
    return requests.length;
  }

  async function handle(definition: AnyJobDefinition, job: JobWithMetadata<unknown>): Promise<JobResult> {
    try {
      const verdict = await runJobAttempt(db, definition, { id: job.id, data: job.data, retryCount: job.retryCount }, { providers, maxAttempts: policyOf(definition).attempts });
      if (verdict.next === "retry" || verdict.next === "dead") return { id: job.id, status: "failed", output: { message: verdict.error.message } };
      if (verdict.next === "retry_after") {
        // pg-boss's own backoff cannot wait for a given time, so the chain continues as a new job.
        // The outbox row is settled already; the chain's next job only adds attempt rows.
        const read = readJobData(definition, job.data);
        if (read.ok) await send(definition, read.payload, { attemptOffset: verdict.attempt }, { startAfterSeconds: Math.max(1, Math.ceil(verdict.seconds)) });
      }
      return { id: job.id, status: "completed" };
    } catch (err) {
      // Tether itself failed (database unreachable…): pg-boss retries the job with backoff.
      logger.error({ err, jobId: job.id, job: definition.name }, "job attempt crashed");
      return { id: job.id, status: "failed", output: { message: err instanceof Error ? err.message : String(err) } };
    }
  }

  if (options.work !== false) {
    for (const definition of definitions.values()) {
      await boss.work(
        queueNameOf(definition),
        {
          includeMetadata: true,
          perJobResults: true,
          // Keep fetching while batches come back full instead of waiting a polling interval.
          batchSize: options.batchSize ?? 10,
          burstWhenBatchFull: true,
          localConcurrency: options.localConcurrency ?? 2,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs: JobWithMetadata<unknown>[]) => Promise.all(jobs.map((job) => handle(definition, job))),
      );
    }
  }
  setOutboxDispatcher(dispatch);
  await sweepPending();
  const sweeper = options.sweepIntervalSeconds
    ? setInterval(() => {
        sweepPending(SWEEP_MIN_AGE_SECONDS).catch((err: unknown) => logger.warn({ err }, "sweeping the outbox failed"));
      }, options.sweepIntervalSeconds * 1000)
    : undefined;
  sweeper?.unref();

  return {
    boss,
    dispatch,
    sweepPending: (minAgeSeconds?: number) => sweepPending(minAgeSeconds),
    async stop() {
      clearInterval(sweeper);
      clearOutboxDispatcher(dispatch);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

function payloadOfRow(definition: AnyJobDefinition, row: SyncEvent): unknown {
  return definition.fromOutboxRow ? definition.fromOutboxRow(row) : row.payload;
}
