import { randomUUID } from "node:crypto";
import type { WriteBatch } from "@/lib/db/write-batch";
import { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * The same row as recordSyncEvent, buffered with the change's other writes (sent as one statement
 * before its transaction commits). Returns the row's id.
 */
export function bufferSyncEvent(writes: WriteBatch, input: SyncEventInput): string {
  const id = randomUUID();
  const payload = input.payload === undefined ? null : JSON.stringify(input.payload);
  writes.add(Prisma.sql`
    INSERT INTO "SyncEvent" (id, "organizationId", "integrationId", provider, direction, kind, outcome, "groupId", "externalKey",
                             reason, error, attempt, "deliveryId", "jobId", job, "durationMs", payload, "createdAt")
    VALUES (${id}, ${input.organizationId}, ${input.integrationId}, ${input.provider}::"IntegrationProvider", ${input.direction}::"SyncDirection",
            ${input.kind}::"SyncKind", ${input.outcome}::"SyncOutcome", ${input.groupId ?? null}, ${input.externalKey ?? null},
            ${input.reason ?? null}, ${input.error ?? null}, ${input.attempt ?? 1}, ${input.deliveryId ?? null}, ${input.jobId ?? null},
            ${input.job ?? null}, ${input.durationMs ?? null}, ${payload}::jsonb, ${new Date()})`);
  return id;
}
