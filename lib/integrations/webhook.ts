import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma, type IntegrationProvider } from "@/lib/generated/prisma/client";
import { runGroupChange, type PendingChange, type Tx } from "@/lib/domain/group-actions/group-change";
import { bufferSyncEvent, type SyncEventInput } from "@/lib/domain/sync-history/record-sync-event";
import { badRequest } from "@/lib/errors";
import { parseJsonText, readRawBody } from "@/lib/input/request-body";
import { logger } from "@/lib/logger";

// The one inbound-webhook pipeline every provider endpoint runs: authenticate → read a
// size-limited body → parse it with the provider's schema → prepare (remote lookups, outside any
// transaction) → apply the effects, record their sync history and claim the delivery id, all in
// one transaction. A re-delivery finds the claim and changes nothing; a failure rolls the claim
// back with the effects, so the provider's retry is processed again.

/** Who sent a delivery, as the provider's verifier proved it; or why it could not. */
export type WebhookAuthentication<Sender> = { ok: true; sender: Sender } | { ok: false; reason: string; message: string };

/** A provider's delivery id and the scope it is unique in (one site, one application). */
export interface WebhookDeliveryId {
  id: string;
  scope: string;
  /**
   * false: only recorded on the sync history, never claimed, for callbacks whose repeat must be
   * applied again (Jira's install callback re-sent with a new secret).
   */
  claim?: boolean;
}

export interface WebhookApplyContext<Sender, Payload, Plan> {
  db: Db;
  tx: Tx;
  /** The change's buffered writes and after-commit work (group actions take it as is). */
  pending: PendingChange;
  sender: Sender;
  payload: Payload;
  plan: Plan;
  delivery: WebhookDeliveryId | null;
  /** Buffers a sync-history row of this delivery (skips and failures before any group is reached). */
  record(row: Omit<SyncEventInput, "provider" | "direction" | "deliveryId">): void;
}

/** What a provider supplies for one webhook endpoint. */
export interface InboundWebhook<Sender, Payload, Plan, Result> {
  provider: IntegrationProvider;
  /** Bodies larger than this are refused with 413 before they are buffered. */
  bodyLimit: number;
  /**
   * Proves who sent the request. `body()` reads the raw body (size-limited, read once) for
   * verifiers that sign it; others authenticate from headers before anything is read.
   */
  authenticate(input: { db: Db; request: Request; body: () => Promise<string> }): Promise<WebhookAuthentication<Sender>>;
  /**
   * The body's schema, or a function making it per request (a schema that follows settings read
   * from the environment); null for an endpoint whose body carries nothing it uses (it is not read).
   */
  payload: z.ZodType<Payload> | (() => z.ZodType<Payload>) | null;
  /** The 400 message for a body that parsed as JSON but is not the provider's payload. */
  describeInvalidPayload(error: z.ZodError): string;
  /**
   * An answer that needs no database at all (Discord's PING): returned as the result before any
   * delivery is claimed or transaction opened; undefined lets the delivery go on.
   */
  answerWithoutChange?(input: { sender: Sender; payload: Payload }): Result | undefined;
  deliveryId(input: { request: Request; sender: Sender; payload: Payload }): WebhookDeliveryId | null;
  /** Work outside the transaction (calls to the provider's API); its result is the plan apply() follows. */
  prepare(input: { db: Db; sender: Sender; payload: Payload }): Promise<Plan>;
  apply(ctx: WebhookApplyContext<Sender, Payload, Plan>): Promise<Result>;
}

export type WebhookOutcome<Result> =
  | { status: "applied"; result: Result }
  | { status: "duplicate"; delivery: WebhookDeliveryId }
  | { status: "unauthenticated"; reason: string; message: string };

class DuplicateDelivery extends Error {}

export async function receiveWebhook<Sender, Payload, Plan, Result>(
  db: Db,
  request: Request,
  webhook: InboundWebhook<Sender, Payload, Plan, Result>,
): Promise<WebhookOutcome<Result>> {
  let text: Promise<string> | undefined;
  const body = () => (text ??= readRawBody(request, webhook.bodyLimit));

  const authentication = await webhook.authenticate({ db, request, body });
  if (!authentication.ok) return { status: "unauthenticated", reason: authentication.reason, message: authentication.message };
  const sender = authentication.sender;

  const payload = await readPayload(webhook, body);
  const immediate = webhook.answerWithoutChange?.({ sender, payload });
  if (immediate !== undefined) return { status: "applied", result: immediate };

  const delivery = webhook.deliveryId({ request, sender, payload });
  const plan = await webhook.prepare({ db, sender, payload });
  try {
    const result = await runGroupChange(db, async (tx, pending) => {
      let claimed = true;
      if (delivery && delivery.claim !== false) {
        pending.writes.addReturning<{ claimed: number }>(
          Prisma.sql`
            INSERT INTO "WebhookDelivery" (id, provider, "deliveryId", scope, "createdAt")
            VALUES (gen_random_uuid()::text, ${webhook.provider}::"IntegrationProvider", ${delivery.id}, ${delivery.scope}, ${new Date()})
            ON CONFLICT (provider, "deliveryId", scope) DO NOTHING
            RETURNING 1 AS claimed`,
          (rows) => {
            claimed = rows.length > 0;
          },
        );
      }
      const record = (row: Omit<SyncEventInput, "provider" | "direction" | "deliveryId">) =>
        void bufferSyncEvent(pending.writes, { ...row, provider: webhook.provider, direction: "inbound", deliveryId: delivery?.id ?? null });
      const applied = await webhook.apply({ db, tx, pending, sender, payload, plan, delivery, record });
      await pending.writes.flush(tx);
      // Someone else's transaction holds the claim: this is a re-delivery, and all of it is undone.
      if (!claimed) throw new DuplicateDelivery();
      return applied;
    });
    return { status: "applied", result };
  } catch (error) {
    if (!(error instanceof DuplicateDelivery) || !delivery) throw error;
    logger.info({ provider: webhook.provider, deliveryId: delivery.id }, "duplicate webhook delivery ignored");
    return { status: "duplicate", delivery };
  }
}

async function readPayload<Payload>(
  webhook: Pick<InboundWebhook<unknown, Payload, unknown, unknown>, "payload" | "describeInvalidPayload">,
  body: () => Promise<string>,
): Promise<Payload> {
  // An endpoint without a schema declares Payload as undefined.
  if (webhook.payload === null) return undefined as Payload;
  const schema = typeof webhook.payload === "function" ? webhook.payload() : webhook.payload;
  const parsed = schema.safeParse(parseJsonText(await body()));
  if (!parsed.success) throw badRequest(webhook.describeInvalidPayload(parsed.error));
  return parsed.data;
}
