import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import type { Prisma, SyncOutcome } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import type { ProviderRegistry } from "@/lib/integrations/provider-capabilities";
import type { AnyJobDefinition } from "./job-definition";

/** The runner's own keys beside the payload in a pg-boss job's data. */
const jobMetaSchema = z.object({
  /** Attempts made by earlier jobs of this chain (a Retry-After re-schedules as a new job). */
  attemptOffset: z.number().int().min(0),
  /** The outbox row this job sends (absent on a chain's later jobs), so the job can settle it. */
  syncEventId: z.string().min(1).optional(),
});
export type JobMeta = z.infer<typeof jobMetaSchema>;

export interface AttemptJob {
  id: string;
  /** The payload's keys and the runner's (JobMeta), flat. */
  data: unknown;
  /** pg-boss's retries of this job so far. */
  retryCount: number;
}

/** What the queue must do after an attempt: nothing more, retry with backoff, or re-schedule after a delay. */
export type AttemptVerdict =
  | { next: "done" }
  | { next: "retry"; error: Error }
  | { next: "retry_after"; seconds: number; attempt: number }
  /** Out of attempts: the job ends failed in pg-boss too (its retries are used up). */
  | { next: "dead"; error: Error };

/** Reads a job's data: its meta and its payload, or why it cannot be run. */
export function readJobData(definition: AnyJobDefinition, data: unknown): { ok: true; meta: JobMeta; payload: unknown } | { ok: false; meta: Partial<JobMeta>; error: string } {
  const meta = jobMetaSchema.safeParse(data);
  const payload = definition.payload.safeParse(data);
  if (meta.success && payload.success) return { ok: true, meta: meta.data, payload: payload.data };
  const syncEventId = (data as { syncEventId?: unknown } | null)?.syncEventId;
  const issues = [...(meta.success ? [] : meta.error.issues), ...(payload.success ? [] : payload.error.issues)];
  return {
    ok: false,
    meta: typeof syncEventId === "string" ? { syncEventId } : {},
    error: `invalid ${definition.name} payload: ${issues.map((issue) => `${issue.path.join(".") || "(root)"} ${issue.message}`).join("; ")}`,
  };
}

/**
 * One attempt of a job: runs its definition's handler on the payload and writes one SyncEvent for
 * what happened (applied, skipped, retrying or failed). A payload that does not parse is recorded
 * as failed on its outbox row and never retried: retrying cannot fix it.
 */
export async function runJobAttempt(
  db: Db,
  definition: AnyJobDefinition,
  job: AttemptJob,
  options: { providers: ProviderRegistry; maxAttempts: number },
): Promise<AttemptVerdict> {
  const data = readJobData(definition, job.data);
  if (!data.ok) {
    await settleInvalid(db, job, data.meta.syncEventId, data.error);
    return { next: "done" };
  }
  const { meta, payload } = data;
  if (await alreadySettled(db, job.id, meta.syncEventId)) return { next: "done" };
  const attempt = meta.attemptOffset + job.retryCount + 1;
  const started = Date.now();
  let externalKey: string | null = null;
  const record = async (outcome: SyncOutcome, details: { reason?: string; error?: string }) => {
    // The change's own "pending" row becomes the first attempt's result, so the history shows one
    // row per attempt instead of a "pending" that never resolves; later attempts add rows.
    // The row is claimed by its id too: the job can run before its sender recorded the job id
    // on the row (or the sender crashed in between).
    const ownRow = meta.syncEventId ? [{ id: meta.syncEventId, jobId: null }] : [];
    const claimed = await db.syncEvent.updateMany({
      where: { outcome: "pending", OR: [{ jobId: job.id }, ...ownRow] },
      data: { jobId: job.id, outcome, externalKey, attempt, durationMs: Date.now() - started, reason: details.reason ?? null, error: details.error ?? null },
    });
    if (claimed.count > 0) return;
    const history = definition.history(payload);
    await recordSyncEvent(db, {
      ...history,
      direction: "outbound",
      outcome,
      externalKey,
      attempt,
      jobId: job.id,
      durationMs: Date.now() - started,
      payload: history.payload ?? (payload as Prisma.InputJsonValue),
      ...details,
    });
  };

  try {
    const result = await definition.handler(payload, {
      db,
      providers: options.providers,
      attempt,
      jobId: job.id,
      setExternalKey: (key) => {
        externalKey = key;
      },
    });
    await record(result.outcome, result.outcome === "skipped" ? { reason: result.reason } : { reason: result.detail });
    return { next: "done" };
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const last = attempt >= options.maxAttempts;
    if (error instanceof PermanentSyncError || last) {
      await record("failed", { error: error.message, reason: last ? `gave up after ${attempt} attempts` : "not retryable" });
      return last ? { next: "dead", error } : { next: "done" };
    }
    if (error instanceof RetryAfterError) {
      await record("retrying", { error: error.message, reason: `provider asked to wait ${error.seconds}s` });
      return { next: "retry_after", seconds: error.seconds, attempt };
    }
    await record("retrying", { error: error.message });
    return { next: "retry", error };
  }
}

/**
 * A job run again after it already settled (the worker died between recording the outcome and
 * completing the job) or sent for a row another job already settled does nothing: each outbox
 * row is sent once.
 */
async function alreadySettled(db: Db, jobId: string, syncEventId: string | undefined): Promise<boolean> {
  const final = await db.syncEvent.count({ where: { jobId, outcome: { in: ["applied", "skipped", "failed"] } } });
  if (final > 0) return true;
  if (!syncEventId) return false;
  const row = await db.syncEvent.findUnique({ where: { id: syncEventId }, select: { outcome: true, jobId: true } });
  return row !== null && row.outcome !== "pending" && row.jobId !== jobId;
}

/** Records a job that cannot be run on its outbox row; without one, the log is all there is. */
async function settleInvalid(db: Db, job: AttemptJob, syncEventId: string | undefined, error: string): Promise<void> {
  const settled = syncEventId
    ? await db.syncEvent.updateMany({
        where: { id: syncEventId, outcome: "pending" },
        data: { jobId: job.id, outcome: "failed", attempt: job.retryCount + 1, reason: "not retryable", error },
      })
    : { count: 0 };
  if (settled.count === 0) {
    logger.error({ jobId: job.id, error }, "job with an invalid payload dropped");
  }
}
