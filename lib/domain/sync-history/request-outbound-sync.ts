import type { IntegrationProvider, Prisma } from "@/lib/generated/prisma/client";
import type { ChangeSource } from "@/lib/domain/group-actions/change-context";
import { recordSyncEvent } from "./record-sync-event";

type Tx = Prisma.TransactionClient;
export type OutboundSyncKind = "assignee" | "status";

/** Which organization-integration config key enables each outbound kind (missing key = off). */
const CONFIG_KEY: Record<OutboundSyncKind, string> = {
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

function configEnables(config: Prisma.JsonValue, key: string): boolean {
  return typeof config === "object" && config !== null && !Array.isArray(config) && config[key] === true;
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
  const links = await tx.groupLink.findMany({
    where: {
      groupId: input.groupId,
      externalIssue: { organizationId: input.organizationId, integration: { status: "active" } },
    },
    select: { externalIssue: { select: { id: true, key: true, integrationId: true, integration: { select: { provider: true } } } } },
  });
  if (links.length === 0) return [];
  const installs = await tx.organizationIntegration.findMany({
    where: { organizationId: input.organizationId, status: "active", integrationId: { in: links.map((l) => l.externalIssue.integrationId) } },
    select: { integrationId: true, config: true },
  });
  const enabled = new Set(installs.filter((i) => configEnables(i.config, CONFIG_KEY[input.kind])).map((i) => i.integrationId));
  const requests: OutboundSyncRequest[] = [];
  for (const { externalIssue } of links) {
    if (!enabled.has(externalIssue.integrationId)) continue;
    if (input.source.integrationId === externalIssue.integrationId) continue;
    const row = await recordSyncEvent(tx, {
      organizationId: input.organizationId,
      integrationId: externalIssue.integrationId,
      provider: externalIssue.integration.provider,
      direction: "outbound",
      kind: input.kind,
      outcome: "pending",
      groupId: input.groupId,
      externalKey: externalIssue.key,
      reason: input.reason ?? "queued",
      attempt: 0,
      payload: { externalIssueId: externalIssue.id, source: input.source },
    });
    requests.push({
      syncEventId: row.id,
      organizationId: input.organizationId,
      groupId: input.groupId,
      kind: input.kind,
      externalIssueId: externalIssue.id,
      integrationId: externalIssue.integrationId,
      provider: externalIssue.integration.provider,
    });
  }
  return requests;
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
