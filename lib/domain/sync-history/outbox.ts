import type { z } from "zod";
import type { IntegrationProvider, Prisma, SyncKind } from "@/lib/generated/prisma/client";
import { recordSyncEvent } from "./record-sync-event";

type Tx = Prisma.TransactionClient;

/** What the sync history shows of an outbound job: its outbox row and every attempt row. */
export interface OutboxSyncEventFields {
  organizationId: string | null;
  integrationId: string | null;
  provider: IntegrationProvider;
  kind: SyncKind;
  groupId?: string | null;
  externalKey?: string | null;
}

/**
 * A committed outbox row to hand to the job queue: the row's id (its job id derives from it) and
 * the job definition's name and payload.
 */
export interface OutboxRequest {
  syncEventId: string;
  job: string;
  payload: unknown;
}

/**
 * The outbox: writes, in the caller's transaction, the `pending` outbound SyncEvent that stands for
 * one job of `definition`, and returns what to dispatch after commit (dispatchOutbox). A crash
 * between the commit and the dispatch loses nothing: the queue sweeps pending rows on start and
 * every minute. The payload is checked here, so a bad one fails the change, not the job.
 */
export async function enqueueOutboxJob<P>(
  tx: Tx,
  definition: { name: string; payload: z.ZodType<P>; history(payload: P): OutboxSyncEventFields & { payload?: unknown } },
  payload: P,
  /** The row's reason, and fields that differ from the definition's own history fields. */
  fields: Partial<OutboxSyncEventFields> & { reason?: string } = {},
): Promise<OutboxRequest> {
  const parsed = definition.payload.parse(payload);
  // The attempt rows' payload summary is theirs; the outbox row holds the job's payload itself.
  const { payload: _attemptPayload, ...history } = definition.history(parsed);
  const row = await recordSyncEvent(tx, {
    ...history,
    ...fields,
    direction: "outbound",
    outcome: "pending",
    reason: fields.reason ?? "queued",
    attempt: 0,
    job: definition.name,
    payload: parsed as Prisma.InputJsonValue,
  });
  return { syncEventId: row.id, job: definition.name, payload: parsed };
}

export type OutboxDispatcher = (requests: readonly OutboxRequest[]) => Promise<void>;

const holder = globalThis as unknown as { __tetherOutboundDispatcher?: OutboxDispatcher | null };

/** The running job queue registers itself here; without one, pending rows wait for the next sweep. */
export function setOutboxDispatcher(dispatcher: OutboxDispatcher): void {
  holder.__tetherOutboundDispatcher = dispatcher;
}

/** Unregisters a stopping queue, unless another one has registered since. */
export function clearOutboxDispatcher(dispatcher: OutboxDispatcher): void {
  if (holder.__tetherOutboundDispatcher === dispatcher) holder.__tetherOutboundDispatcher = null;
}

/** Hands committed outbox rows to the queue; call it after the transaction that wrote them committed. */
export async function dispatchOutbox(requests: readonly OutboxRequest[]): Promise<void> {
  const dispatcher = holder.__tetherOutboundDispatcher;
  if (!dispatcher || requests.length === 0) return;
  await dispatcher(requests);
}
