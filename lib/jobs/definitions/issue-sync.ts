import type { Db } from "@/lib/db/client";
import { ISSUE_SYNC_JOB } from "@/lib/domain/sync-history/request-outbound-sync";
import type { ProviderRegistry } from "@/lib/integrations/provider-capabilities";
import { defineJob } from "../job-definition";
import { runJobAttempt, type AttemptJob, type AttemptVerdict } from "../run-job-attempt";
import { issueSyncPayloadSchema, loadIssueSyncContext, type IssueSyncPayload } from "./issue-sync-context";

/** Kept from before job definitions: jobs queued by an older build are still worked after an upgrade. */
export const OUTBOUND_SYNC_QUEUE = "tether-outbound-sync";

/**
 * Pushes a group's assignee or status to one linked external issue (provider capability
 * `issueSync`). It sends the state current when it runs, so changes waiting for one issue and kind
 * coalesce into one job (the singleton key).
 */
export const issueSyncJob = defineJob<IssueSyncPayload>({
  name: ISSUE_SYNC_JOB,
  queue: OUTBOUND_SYNC_QUEUE,
  payload: issueSyncPayloadSchema,
  retry: { attempts: 6, delaySeconds: 5, delayMaxSeconds: 600, expireInSeconds: 120 },
  singletonKey: (payload) => `${payload.groupId}:${payload.kind}:${payload.externalIssueId}`,
  history: (payload) => ({
    organizationId: payload.organizationId,
    integrationId: payload.integrationId,
    provider: payload.provider,
    kind: payload.kind,
    groupId: payload.groupId,
    payload: { externalIssueId: payload.externalIssueId },
  }),
  // Its rows carry the job in their columns (and the issue in the payload), written so before
  // job definitions existed as after: one reading serves both.
  fromOutboxRow: (row) => ({
    organizationId: row.organizationId,
    groupId: row.groupId,
    kind: row.kind,
    externalIssueId: (row.payload as { externalIssueId?: unknown } | null)?.externalIssueId,
    integrationId: row.integrationId,
    provider: row.provider,
  }),
  async handler(payload, ctx) {
    const loaded = await loadIssueSyncContext(ctx.db, payload);
    ctx.setExternalKey(loaded.externalKey);
    if (!loaded.ok) return { outcome: "skipped", reason: loaded.reason };
    const provider = ctx.providers.get(payload.provider)?.issueSync;
    if (!provider) return { outcome: "skipped", reason: `no outbound sync for ${payload.provider}` };
    const syncContext = { ...loaded.ctx, db: ctx.db, attempt: ctx.attempt };
    return payload.kind === "assignee" ? provider.syncAssigneeOutbound(syncContext) : provider.syncStatusOutbound(syncContext);
  },
});

/** One attempt of an issue sync, outside the queue (tests drive re-runs and stray jobs with it). */
export function runOutboundSyncAttempt(db: Db, providers: ProviderRegistry, job: AttemptJob, maxAttempts: number): Promise<AttemptVerdict> {
  return runJobAttempt(db, issueSyncJob, job, { providers, maxAttempts });
}
