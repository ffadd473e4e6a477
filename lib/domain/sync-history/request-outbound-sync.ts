import type { IntegrationProvider, Prisma } from "@/lib/generated/prisma/client";
import type { ChangeSource } from "@/lib/domain/group-actions/change-context";
import { recordSyncEvent } from "./record-sync-event";
import { configEnables } from "@/lib/domain/integrations/config-enables";

type Tx = Prisma.TransactionClient;
export type OutboundSyncKind = "assignee" | "status";

/** Which organization-integration config key enables each outbound kind (missing key = off). */
export const OUTBOUND_CONFIG_KEY: Record<OutboundSyncKind, string> = {
  assignee: "sync_forward_assignment",
  status: "sync_status_forward",
};

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

export type OutboundDispatcher = (requests: readonly OutboundSyncRequest[]) => Promise<void>;

const holder = globalThis as unknown as { __tetherOutboundDispatcher?: OutboundDispatcher | null };

/** The running job queue registers itself here; without one, pending rows wait for the next start. */
export function setOutboundDispatcher(dispatcher: OutboundDispatcher): void {
  holder.__tetherOutboundDispatcher = dispatcher;
}

/** Unregisters a stopping queue, unless another one has registered since. */
export function clearOutboundDispatcher(dispatcher: OutboundDispatcher): void {
  if (holder.__tetherOutboundDispatcher === dispatcher) holder.__tetherOutboundDispatcher = null;
}

export async function dispatchOutboundSync(requests: readonly OutboundSyncRequest[]): Promise<void> {
  const dispatcher = holder.__tetherOutboundDispatcher;
  if (!dispatcher || requests.length === 0) return;
  await dispatcher(requests);
}
