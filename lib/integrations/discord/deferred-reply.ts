import { InteractionResponseType, MessageFlags } from "discord-api-types/v10";
import type { Db } from "@/lib/db/client";
import { dispatchOutbox, enqueueOutboxJob, type OutboxRequest } from "@/lib/domain/sync-history/outbox";
import type { SyncEventInput } from "@/lib/domain/sync-history/record-sync-event";
import {
  discordFollowUpJob,
  INTERACTION_TOKEN_LIFETIME_MS,
  sealInteractionToken,
  withoutLinks,
  sendDiscordFollowUp,
  type DiscordFollowUpPayload,
} from "@/lib/jobs/definitions/discord-follow-up";
import { receiveWebhook, type WebhookOutcome } from "@/lib/integrations/webhook";
import { logger } from "@/lib/logger";
import { INTERACTION_TYPES, type Interaction } from "./interaction-payload";
import type { InteractionReply } from "./interaction-reply";
import { discordInteractionsWebhook, type InteractionResult } from "./interactions";

// Discord shows "This interaction failed" when it has no answer within 3 seconds. An interaction
// whose work is still running after DISCORD_DEFERRED_AFTER_MS (2 s by default; the database is
// slow, a group's lock is held) is answered with a deferred response instead — type 5 (ephemeral
// "thinking…") for a command, type 6 for a component — and its work goes on in the background.
// Its real reply then goes through the interaction's webhook as a job of the outbox
// (lib/jobs/definitions/discord-follow-up.ts): when the deadline passed before the work's
// transaction ended, the follow-up's outbox row is written in that transaction, so the change and
// its reply commit together; otherwise (the work finished later, or failed) in one of its own.

export const DEFAULT_DEFERRED_AFTER_MS = 2_000;
/** Past 2.5 s the deferred answer itself could miss Discord's 3 s. */
const MAX_DEFERRED_AFTER_MS = 2_500;

/** The reply to a deferred interaction whose work failed: its transaction rolled back. */
export const DEFERRED_WORK_FAILED = "Tether could not finish this action and nothing was changed. Please try again.";

/** DISCORD_DEFERRED_AFTER_MS: milliseconds (0–2500) before an unfinished interaction is deferred. */
export function deferredAfterMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.DISCORD_DEFERRED_AFTER_MS?.trim();
  if (!raw) return DEFAULT_DEFERRED_AFTER_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > MAX_DEFERRED_AFTER_MS) {
    logger.warn({ value: raw }, `DISCORD_DEFERRED_AFTER_MS must be an integer from 0 to ${MAX_DEFERRED_AFTER_MS}; using ${DEFAULT_DEFERRED_AFTER_MS}`);
    return DEFAULT_DEFERRED_AFTER_MS;
  }
  return value;
}

export type InteractionOutcome = WebhookOutcome<InteractionResult> | { status: "deferred"; response: InteractionReply };

type RecordedRow = Omit<SyncEventInput, "provider" | "direction" | "deliveryId">;

interface DeferralState {
  receivedAt: number;
  /** The verified interaction, once the pipeline reached the database with it. */
  interaction: Interaction | null;
  deferred: boolean;
  /** The interaction's sync-history row (organization, group, channel of the follow-up's row). */
  recorded: RecordedRow | null;
  /** The follow-up written inside the work's transaction. */
  followUp: OutboxRequest | null;
}

/**
 * Runs an interaction through the webhook pipeline and answers within the deadline: its outcome
 * when the work finished in time, else a deferred response while the work finishes and its reply
 * is queued as a follow-up. Only commands and components can be deferred (PINGs and other types
 * never wait on the database).
 */
export async function receiveInteractionInTime(db: Db, request: Request, options: { afterMs?: number } = {}): Promise<InteractionOutcome> {
  const state: DeferralState = { receivedAt: Date.now(), interaction: null, deferred: false, recorded: null, followUp: null };
  const inner = discordInteractionsWebhook;
  const webhook: typeof discordInteractionsWebhook = {
    ...inner,
    prepare(input) {
      state.interaction = input.payload;
      return inner.prepare(input);
    },
    async apply(ctx) {
      const record = (row: RecordedRow) => {
        state.recorded = row;
        ctx.record(row);
      };
      const reply = await inner.apply({ ...ctx, record });
      // Answered deferred already: the reply is queued with the change, both commit or neither.
      const payload = state.deferred && state.interaction && reply ? followUpPayload(state, state.interaction, reply) : null;
      if (payload) state.followUp = await enqueueFollowUp(ctx.tx, payload);
      return reply;
    },
  };

  const work = receiveWebhook(db, request, webhook);
  const afterMs = options.afterMs ?? deferredAfterMs();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), afterMs);
  });
  const first = await Promise.race([work.then(() => "done" as const, () => "done" as const), deadline]);
  clearTimeout(timer);
  const interaction = state.interaction;
  // In time, or not deferrable (still verifying, a PING): the work's own outcome, however long.
  if (first === "done" || !interaction || !isDeferrable(interaction)) return work;

  state.deferred = true;
  void work.then(
    (outcome) => finishDeferred(db, state, interaction, outcome),
    (error: unknown) => finishDeferred(db, state, interaction, error instanceof Error ? error : new Error(String(error))),
  );
  return { status: "deferred", response: deferredResponse(interaction) };
}

function isDeferrable(interaction: Interaction): boolean {
  return interaction.type === INTERACTION_TYPES.command || interaction.type === INTERACTION_TYPES.component;
}

/** Type 5 (ephemeral) for a command: Discord shows "thinking…"; type 6 for a component: the message stays as it is. */
export function deferredResponse(interaction: Interaction): InteractionReply {
  return interaction.type === INTERACTION_TYPES.command
    ? { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }
    : { type: InteractionResponseType.DeferredMessageUpdate };
}

async function finishDeferred(db: Db, state: DeferralState, interaction: Interaction, outcome: InteractionOutcome | Error): Promise<void> {
  try {
    if (outcome instanceof Error) {
      logger.error({ err: outcome, interactionId: interaction.id }, "deferred Discord interaction failed");
      await queueAfterwards(db, followUpPayload({ ...state, recorded: null }, interaction, { type: InteractionResponseType.ChannelMessageWithSource, data: { content: DEFERRED_WORK_FAILED, flags: MessageFlags.Ephemeral } }));
      return;
    }
    if (outcome.status === "duplicate") {
      // A replay: the original request's reply is the one to show; this one sends nothing.
      logger.info({ interactionId: interaction.id }, "deferred replay of a handled interaction: no follow-up");
      return;
    }
    if (outcome.status !== "applied" || !outcome.result) return;
    if (state.followUp) await dispatchOutbox([state.followUp]);
    else await queueAfterwards(db, followUpPayload(state, interaction, outcome.result));
  } catch (err) {
    logger.error({ err, interactionId: interaction.id }, "queueing the follow-up of a deferred Discord interaction failed");
  }
}

/** Queues a follow-up after the work's transaction; if even that write fails, tries Discord directly once. */
async function queueAfterwards(db: Db, payload: DiscordFollowUpPayload | null): Promise<void> {
  if (!payload) return;
  let request: OutboxRequest;
  try {
    request = await db.$transaction((tx) => enqueueFollowUp(tx, payload));
  } catch (err) {
    logger.error({ err, interactionId: payload.interactionId }, "writing a Discord follow-up failed; sending it directly");
    await sendDiscordFollowUp(payload);
    return;
  }
  await dispatchOutbox([request]);
}

function enqueueFollowUp(tx: Parameters<typeof enqueueOutboxJob>[0], payload: DiscordFollowUpPayload): Promise<OutboxRequest> {
  return enqueueOutboxJob(tx, discordFollowUpJob, payload, { reason: "deferred reply queued" });
}

/**
 * The follow-up that delivers `reply`: a command's reply and a select's type-7 update edit the
 * deferred original; a button's type-4 reply is a new ephemeral message (editing the original
 * would overwrite the alert the button is on).
 */
function followUpPayload(state: Pick<DeferralState, "receivedAt" | "recorded">, interaction: Interaction, reply: InteractionReply): DiscordFollowUpPayload | null {
  if (reply.type !== InteractionResponseType.ChannelMessageWithSource && reply.type !== InteractionResponseType.UpdateMessage) return null;
  const data = reply.data ?? {};
  const editOriginal = interaction.type === INTERACTION_TYPES.command || reply.type === InteractionResponseType.UpdateMessage;
  return {
    applicationId: interaction.application_id,
    interactionId: interaction.id,
    sealedToken: sealInteractionToken(interaction.token, data.content ?? ""),
    target: editOriginal ? "edit_original" : "create",
    message: {
      content: withoutLinks(data.content ?? ""),
      embeds: (data.embeds ?? []) as unknown as Array<Record<string, unknown>>,
      components: (data.components ?? []) as unknown as Array<Record<string, unknown>>,
      ...(data.flags === undefined ? {} : { flags: Number(data.flags) }),
    },
    expiresAt: new Date(state.receivedAt + INTERACTION_TOKEN_LIFETIME_MS).toISOString(),
    organizationId: state.recorded?.organizationId ?? null,
    integrationId: state.recorded?.integrationId ?? null,
    groupId: state.recorded?.groupId ?? null,
    channelId: interaction.channel_id ?? null,
  };
}
