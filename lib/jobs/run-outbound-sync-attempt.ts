import type { Db } from "@/lib/db/client";
import { recordSyncEvent } from "@/lib/domain/sync-history/record-sync-event";
import type { SyncOutcome } from "@/lib/generated/prisma/client";
import { PermanentSyncError, RetryAfterError, type IssueSyncProviderRegistry, type OutboundSyncResult } from "@/lib/integrations/provider";
import { loadOutboundSyncContext, type OutboundSyncJobData } from "./outbound-sync-context";

export interface AttemptJob {
  id: string;
  data: OutboundSyncJobData;
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

/**
 * One attempt of an outbound sync: reads the current state, calls the provider, and writes one
 * SyncEvent for what happened (applied, skipped, retrying or failed).
 */
export async function runOutboundSyncAttempt(db: Db, providers: IssueSyncProviderRegistry, job: AttemptJob, maxAttempts: number): Promise<AttemptVerdict> {
  if (await alreadySettled(db, job)) return { next: "done" };
  const attempt = job.data.attemptOffset + job.retryCount + 1;
  const started = Date.now();
  let externalKey: string | null = null;
  const record = async (outcome: SyncOutcome, details: { reason?: string; error?: string }) => {
    // The change's own "pending" row becomes the first attempt's result, so the history shows one
    // row per attempt instead of a "pending" that never resolves; later attempts add rows.
    // The row is claimed by its id too: the job can run before its sender recorded the job id
    // on the row (or the sender crashed in between).
    const ownRow = job.data.syncEventId ? [{ id: job.data.syncEventId, jobId: null }] : [];
    const claimed = await db.syncEvent.updateMany({
      where: { outcome: "pending", OR: [{ jobId: job.id }, ...ownRow] },
      data: { jobId: job.id, outcome, externalKey, attempt, durationMs: Date.now() - started, reason: details.reason ?? null, error: details.error ?? null },
    });
    if (claimed.count > 0) return;
    await recordSyncEvent(db, {
      organizationId: job.data.organizationId,
      integrationId: job.data.integrationId,
      provider: job.data.provider,
      direction: "outbound",
      kind: job.data.kind,
      outcome,
      groupId: job.data.groupId,
      externalKey,
      attempt,
      jobId: job.id,
      durationMs: Date.now() - started,
      payload: { externalIssueId: job.data.externalIssueId },
      ...details,
    });
  };

  try {
    const loaded = await loadOutboundSyncContext(db, job.data);
    externalKey = loaded.externalKey;
    if (!loaded.ok) {
      await record("skipped", { reason: loaded.reason });
      return { next: "done" };
    }
    const provider = providers.get(job.data.provider);
    if (!provider) {
      await record("skipped", { reason: `no outbound sync for ${job.data.provider}` });
      return { next: "done" };
    }
    const ctx = { ...loaded.ctx, db, attempt };
    const result: OutboundSyncResult =
      job.data.kind === "assignee" ? await provider.syncAssigneeOutbound(ctx) : await provider.syncStatusOutbound(ctx);
    await record(result.outcome, result.outcome === "skipped" ? { reason: result.reason } : { reason: result.detail });
    return { next: "done" };
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const last = attempt >= maxAttempts;
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
async function alreadySettled(db: Db, job: AttemptJob): Promise<boolean> {
  const final = await db.syncEvent.count({ where: { jobId: job.id, outcome: { in: ["applied", "skipped", "failed"] } } });
  if (final > 0) return true;
  if (!job.data.syncEventId) return false;
  const row = await db.syncEvent.findUnique({ where: { id: job.data.syncEventId }, select: { outcome: true, jobId: true } });
  return row !== null && row.outcome !== "pending" && row.jobId !== job.id;
}
