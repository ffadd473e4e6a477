import type { Prisma } from "@/lib/generated/prisma/client";
import type { IntegrationProvider, SyncDirection, SyncKind, SyncOutcome } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

export interface SyncEventInput {
  organizationId: string | null;
  integrationId: string | null;
  provider: IntegrationProvider;
  direction: SyncDirection;
  kind: SyncKind;
  outcome: SyncOutcome;
  groupId?: string | null;
  externalKey?: string | null;
  reason?: string | null;
  error?: string | null;
  attempt?: number;
  deliveryId?: string | null;
  jobId?: string | null;
  /** Outbox rows: the job definition that sends the row. */
  job?: string | null;
  durationMs?: number | null;
  payload?: Prisma.InputJsonValue;
}

/**
 * Writes one sync-history row in the caller's transaction, so a change and its record commit
 * (or roll back) together.
 */
export function recordSyncEvent(tx: Tx, input: SyncEventInput) {
  return tx.syncEvent.create({
    data: {
      organizationId: input.organizationId,
      integrationId: input.integrationId,
      provider: input.provider,
      direction: input.direction,
      kind: input.kind,
      outcome: input.outcome,
      groupId: input.groupId ?? null,
      externalKey: input.externalKey ?? null,
      reason: input.reason ?? null,
      error: input.error ?? null,
      attempt: input.attempt ?? 1,
      deliveryId: input.deliveryId ?? null,
      jobId: input.jobId ?? null,
      job: input.job ?? null,
      durationMs: input.durationMs ?? null,
      payload: input.payload,
    },
  });
}
