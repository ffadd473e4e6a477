import { createHash } from "node:crypto";
import { PgBoss, fromPglite, type JobResult, type JobWithMetadata } from "pg-boss";
import type { Database } from "@/lib/db/client";
import { clearOutboundDispatcher, setOutboundDispatcher, type OutboundSyncRequest } from "@/lib/domain/sync-history/request-outbound-sync";
import { issueSyncProviders, type IssueSyncProviderRegistry } from "@/lib/integrations/provider";
import { logger } from "@/lib/logger";
import type { OutboundSyncJobData } from "./outbound-sync-context";
import { runOutboundSyncAttempt } from "./run-outbound-sync-attempt";

export const OUTBOUND_SYNC_QUEUE = "tether-outbound-sync";

export interface OutboundSyncQueueOptions {
  providers?: IssueSyncProviderRegistry;
  /** Attempts per change before it is recorded as failed (dead letter). */
  maxAttempts?: number;
  /** First retry delay; doubles each time (with jitter) up to retryDelayMaxSeconds. */
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

export interface OutboundSyncQueue {
  boss: PgBoss;
  /** Turns committed outbox rows into jobs. */
  dispatch(requests: readonly OutboundSyncRequest[]): Promise<void>;
  /** Dispatches outbox rows a crash (or a stopped queue) left pending, older than minAgeSeconds; returns how many. */
  sweepPending(minAgeSeconds?: number): Promise<number>;
  stop(): Promise<void>;
}

/** One job per group + kind + external issue waiting at a time; it sends the state current when it runs. */
export function outboundSingletonKey(request: Pick<OutboundSyncJobData, "groupId" | "kind" | "externalIssueId">): string {
  return `${request.groupId}:${request.kind}:${request.externalIssueId}`;
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

function createBoss(database: Database, options: OutboundSyncQueueOptions): PgBoss {
  const { cronMonitorIntervalSeconds, cronWorkerIntervalSeconds } = options;
  const scheduling = { ...(cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds } : {}), ...(cronWorkerIntervalSeconds ? { cronWorkerIntervalSeconds } : {}) };
  if (database.pglite) return new PgBoss({ db: fromPglite(database.pglite), ...scheduling });
  if (database.config.kind !== "postgres") throw new Error("PostgreSQL database without a connection string");
  return new PgBoss({ connectionString: database.config.url, max: 4, ...scheduling });
}

/**
 * Starts pg-boss on Tether's own database (in-process on PGlite) and the outbound-sync worker,
 * and registers the queue as the process's outbox dispatcher.
 */
export async function startOutboundSyncQueue(database: Database, options: OutboundSyncQueueOptions = {}): Promise<OutboundSyncQueue> {
  const db = database.prisma;
  const providers = options.providers ?? issueSyncProviders();
  const maxAttempts = options.maxAttempts ?? 6;
  const boss = createBoss(database, options);
  boss.on("error", (err) => logger.error({ err }, "job queue error"));
  await boss.start();
  if (!(await boss.getQueue(OUTBOUND_SYNC_QUEUE))) {
    await boss.createQueue(OUTBOUND_SYNC_QUEUE, {
      policy: "short",
      retryLimit: maxAttempts - 1,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: true,
      retryDelayMax: options.retryDelayMaxSeconds ?? 600,
      expireInSeconds: 120,
    });
  }

  async function send(data: OutboundSyncJobData, options: { startAfterSeconds?: number; id?: string } = {}): Promise<string | null> {
    const { startAfterSeconds, id } = options;
    return boss.send(OUTBOUND_SYNC_QUEUE, data, {
      ...(id ? { id } : {}),
      singletonKey: outboundSingletonKey(data),
      // A re-scheduled chain keeps its overall attempt budget.
      retryLimit: Math.max(0, maxAttempts - 1 - data.attemptOffset),
      ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}),
    });
  }

  async function dispatch(requests: readonly OutboundSyncRequest[]): Promise<void> {
    for (const request of requests) {
      const id = outboxJobId(request.syncEventId);
      const sent = await send({ ...request, attemptOffset: 0 }, { id });
      // Not sent: either this row's job already exists (sent by another instance or an earlier
      // sweep), or another row's job for the issue is queued and will send the current state.
      const exists = sent !== null || (await boss.getJobById(OUTBOUND_SYNC_QUEUE, id)) !== null;
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
      where: { outcome: "pending", direction: "outbound", jobId: null, kind: { in: ["assignee", "status"] }, groupId: { not: null }, createdAt },
      orderBy: { createdAt: "asc" },
      take: 1000,
    });
    const requests: OutboundSyncRequest[] = [];
    for (const row of rows) {
      const payload = row.payload as { externalIssueId?: unknown } | null;
      if (!row.groupId || !row.organizationId || !row.integrationId || typeof payload?.externalIssueId !== "string") continue;
      requests.push({
        syncEventId: row.id,
        organizationId: row.organizationId,
        groupId: row.groupId,
        kind: row.kind === "assignee" ? "assignee" : "status",
        externalIssueId: payload.externalIssueId,
        integrationId: row.integrationId,
        provider: row.provider,
      });
    }
    await dispatch(requests);
    return requests.length;
  }

  async function handle(job: JobWithMetadata<OutboundSyncJobData>): Promise<JobResult> {
    try {
      const verdict = await runOutboundSyncAttempt(db, providers, { id: job.id, data: job.data, retryCount: job.retryCount }, maxAttempts);
      if (verdict.next === "retry" || verdict.next === "dead") return { id: job.id, status: "failed", output: { message: verdict.error.message } };
      if (verdict.next === "retry_after") {
        // pg-boss's own backoff cannot wait for a given time, so the chain continues as a new job.
        const chain: OutboundSyncJobData = { ...job.data, attemptOffset: verdict.attempt };
        // The outbox row is settled already; the chain's next job only adds attempt rows.
        delete chain.syncEventId;
        await send(chain, { startAfterSeconds: Math.max(1, Math.ceil(verdict.seconds)) });
      }
      return { id: job.id, status: "completed" };
    } catch (err) {
      // Tether itself failed (database unreachable…): pg-boss retries the job with backoff.
      logger.error({ err, jobId: job.id }, "outbound sync attempt crashed");
      return { id: job.id, status: "failed", output: { message: err instanceof Error ? err.message : String(err) } };
    }
  }

  if (options.work !== false) {
    await boss.work(
      OUTBOUND_SYNC_QUEUE,
      {
        includeMetadata: true,
        perJobResults: true,
        // Keep fetching while batches come back full instead of waiting a polling interval.
        batchSize: options.batchSize ?? 10,
        burstWhenBatchFull: true,
        localConcurrency: options.localConcurrency ?? 2,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      },
      async (jobs: JobWithMetadata<OutboundSyncJobData>[]) => Promise.all(jobs.map(handle)),
    );
  }
  setOutboundDispatcher(dispatch);
  await sweepPending();
  const sweeper = options.sweepIntervalSeconds
    ? setInterval(() => {
        sweepPending(SWEEP_MIN_AGE_SECONDS).catch((err: unknown) => logger.warn({ err }, "sweeping pending outbound syncs failed"));
      }, options.sweepIntervalSeconds * 1000)
    : undefined;
  sweeper?.unref();

  return {
    boss,
    dispatch,
    sweepPending: (minAgeSeconds?: number) => sweepPending(minAgeSeconds),
    async stop() {
      clearInterval(sweeper);
      clearOutboundDispatcher(dispatch);
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
