import type { Db } from "@/lib/db/client";
import { badRequest, notFound } from "@/lib/errors";
import { ISSUE_SYNC_JOB, dispatchOutboundSync, type OutboundSyncRequest } from "./request-outbound-sync";
import { recordSyncEvent } from "./record-sync-event";
import { isRetryableSync } from "./retryable-sync";

/**
 * Queues a failed outbound sync again (the dashboard's "retry"). It sends the group's state as it
 * is now, not as it was when the sync failed. Scoped by organization when the caller gives one.
 */
export async function retryFailedSync(db: Db, syncEventId: string, scope: { organizationId?: string } = {}): Promise<{ syncEventId: string }> {
  const failed = await db.syncEvent.findFirst({
    where: { id: syncEventId, ...(scope.organizationId ? { organizationId: scope.organizationId } : {}) },
  });
  if (!failed) throw notFound("Sync event not found");
  const payload = failed.payload as { externalIssueId?: unknown } | null;
  if (!isRetryableSync(failed)) throw badRequest("Only a failed outbound assignee or status sync can be retried");
  const kind = failed.kind;
  if (!failed.groupId || !failed.organizationId || !failed.integrationId || typeof payload?.externalIssueId !== "string") {
    throw badRequest("This sync can no longer be retried: its group or issue is gone");
  }
  const pending = await recordSyncEvent(db, {
    organizationId: failed.organizationId,
    integrationId: failed.integrationId,
    provider: failed.provider,
    direction: "outbound",
    kind,
    outcome: "pending",
    groupId: failed.groupId,
    externalKey: failed.externalKey,
    reason: `retry of ${failed.id}`,
    attempt: 0,
    job: ISSUE_SYNC_JOB,
    payload: { externalIssueId: payload.externalIssueId, retryOf: failed.id },
  });
  const request: OutboundSyncRequest = {
    syncEventId: pending.id,
    organizationId: failed.organizationId,
    groupId: failed.groupId,
    kind,
    externalIssueId: payload.externalIssueId,
    integrationId: failed.integrationId,
    provider: failed.provider,
  };
  await dispatchOutboundSync([request]);
  return { syncEventId: pending.id };
}
