import type { IntegrationProvider, Prisma } from "@/lib/generated/prisma/client";
import type { ChangeSource } from "@/lib/domain/group-actions/change-context";
import { recordSyncEvent } from "./record-sync-event";
import { configEnables } from "@/lib/domain/integrations/config-enables";
import { clearOutboxDispatcher, dispatchOutbox, setOutboxDispatcher, type OutboxRequest } from "./outbox";

type Tx = Prisma.TransactionClient;
export type OutboundSyncKind = "assignee" | "status";

/** Which organization-integration config key enables each outbound kind (missing key = off). */
export const OUTBOUND_CONFIG_KEY: Record<OutboundSyncKind, string> = {
  assignee: "sync_forward_assignment",
  status: "sync_status_forward",
};

/** The job definition of issue sync (lib/jobs/definitions/issue-sync.ts), as written on its outbox rows. */
export const ISSUE_SYNC_JOB = "issue-sync";

/** An issue-sync outbox row to dispatch: the row's id and the job's payload, flat. */
export interface OutboundSyncRequest {
  syncEventId: string;
  groupId: string;
  kind: OutboundSyncKind;
  externalIssueId: string;
  integrationId: string;
  organizationId: string;
  provider: IntegrationProvider;
}

/**
 * The outbox: inside the change's transaction, writes one `pending` SyncEvent per linked external
 * issue whose integration wants this kind pushed. The queue turns them into jobs after commit (and
 * on start, for any a crash left behind), so a committed change never loses its sync.
 * A change that came from an integration is never sent back to that same integration.
 */
export async function requestOutboundSync(
  tx: Tx,
  input: { organizationId: string; groupId: string; kind: OutboundSyncKind; source: ChangeSource; reason?: string },
): Promise<OutboundSyncRequest[]> {
  const links = await linkedIssuesWithConfig(tx, input.organizationId, input.groupId);
  const key = OUTBOUND_CONFIG_KEY[input.kind];
  const requests: OutboundSyncRequest[] = [];
  for (const link of links) {
    if (!configEnables(link.config, key)) continue;
    if (input.source.integrationId === link.integrationId) continue;
    const row = await recordSyncEvent(tx, {
      organizationId: input.organizationId,
      integrationId: link.integrationId,
      provider: link.provider,
      direction: "outbound",
      kind: input.kind,
      outcome: "pending",
      groupId: input.groupId,
      externalKey: link.key,
      reason: input.reason ?? "queued",
      attempt: 0,
      job: ISSUE_SYNC_JOB,
      payload: { externalIssueId: link.externalIssueId, source: input.source },
    });
    requests.push({
      syncEventId: row.id,
      organizationId: input.organizationId,
      groupId: input.groupId,
      kind: input.kind,
      externalIssueId: link.externalIssueId,
      integrationId: link.integrationId,
      provider: link.provider,
    });
  }
  return requests;
}

interface LinkedIssueWithConfig {
  externalIssueId: string;
  key: string;
  integrationId: string;
  provider: IntegrationProvider;
  /** The organization's config for that integration; null when the organization's link is not active. */
  config: Prisma.JsonValue | null;
}

/**
 * The group's issues on active integrations of this organization, each with the organization's
 * config for its integration: one round trip, since every group change asks.
 */
function linkedIssuesWithConfig(tx: Tx, organizationId: string, groupId: string): Promise<LinkedIssueWithConfig[]> {
  return tx.$queryRaw<LinkedIssueWithConfig[]>`
    SELECT ei.id AS "externalIssueId", ei.key, ei."integrationId", i.provider::text AS provider, oi.config
      FROM "GroupLink" gl
      JOIN "ExternalIssue" ei ON ei.id = gl."externalIssueId" AND ei."organizationId" = ${organizationId}
      JOIN "Integration" i ON i.id = ei."integrationId" AND i.status = 'active'
      LEFT JOIN "OrganizationIntegration" oi
        ON oi."organizationId" = ${organizationId} AND oi."integrationId" = ei."integrationId" AND oi.status = 'active'
     WHERE gl."groupId" = ${groupId}
     ORDER BY gl."createdAt", gl.id`;
}

/** An issue-sync request as the outbox dispatcher takes it (the payload is the request without the row id). */
export function issueSyncOutboxRequest(request: OutboundSyncRequest): OutboxRequest {
  const { syncEventId, ...payload } = request;
  return { syncEventId, job: ISSUE_SYNC_JOB, payload };
}

export const setOutboundDispatcher = setOutboxDispatcher;
export const clearOutboundDispatcher = clearOutboxDispatcher;

/** Hands committed outbox rows to the queue (issue-sync requests and any other job's rows alike). */
export async function dispatchOutboundSync(requests: readonly (OutboundSyncRequest | OutboxRequest)[]): Promise<void> {
  await dispatchOutbox(requests.map((request) => ("job" in request ? request : issueSyncOutboxRequest(request))));
}
