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
  const attempt = job.data.attemptOffset + job.retryCount + 1;
  const started = Date.now();
  let externalKey: string | null = null;
  const record = async (outcome: SyncOutcome, details: { reason?: string; error?: string }) => {
    // The change's own "pending" row becomes the first attempt's result, so the history shows one
    // row per attempt instead of a "pending" that never resolves; later attempts add rows.
    const claimed = await db.syncEvent.updateMany({
      where: { jobId: job.id, outcome: "pending" },
      data: { outcome, externalKey, attempt, durationMs: Date.now() - started, reason: details.reason ?? null, error: details.error ?? null },
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
