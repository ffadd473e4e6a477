import type { Prisma } from "@/lib/generated/prisma/client";
import { InteractionResponseType } from "discord-api-types/v10";
import type { InboundWebhook } from "@/lib/integrations/webhook";
import { discordAppSettings, type DiscordAppSettings } from "./app-settings";
import { answerCommand } from "./commands";
import { findInteractionContext, type InteractionContext, type InteractionNote } from "./interaction-context";
import { INTERACTION_TYPES, interactionSchema, type Interaction } from "./interaction-payload";
import type { InteractionReply } from "./interaction-reply";
import { verifyInteractionSignature } from "./interaction-signature";
import { answerMessageComponent } from "./message-components";

// POST /api/discord/interactions on the shared webhook pipeline (behaviour.md §9.1): the Ed25519
// signature over `timestamp + raw body` is checked before anything is parsed ([R]; Sentry parses
// first); PING is answered without touching the database; commands and components run in one
// transaction with their sync-history row and the claim of the interaction id, so a replayed
// request (the same signed body again within the replay window) changes nothing.

/** Interactions are small; Discord's largest (a select with resolved users) stays far below this. */
export const INTERACTION_BODY_LIMIT = 256 * 1024;

export interface InteractionSender {
  settings: DiscordAppSettings;
}

/** null: answer 200 with an empty body (autocomplete, modal submits, types Tether does not use). */
export type InteractionResult = InteractionReply | null;

let cachedSettings: { key: string; settings: ReturnType<typeof discordAppSettings> } | undefined;
/** The settings, parsed again only when the environment changed (tests switch it; PINGs are hot). */
function currentDiscordSettings(): ReturnType<typeof discordAppSettings> {
  const env = process.env;
  const key = [env.DISCORD_APPLICATION_ID, env.DISCORD_PUBLIC_KEY, env.DISCORD_BOT_TOKEN, env.DISCORD_API_BASE_URL].join("\u0000");
  if (cachedSettings?.key !== key) cachedSettings = { key, settings: discordAppSettings(env) };
  return cachedSettings.settings;
}

export const discordInteractionsWebhook: InboundWebhook<InteractionSender, Interaction, InteractionContext, InteractionResult> = {
  provider: "discord",
  bodyLimit: INTERACTION_BODY_LIMIT,

  async authenticate({ request, body }) {
    const configured = currentDiscordSettings();
    if (!configured.configured) {
      return { ok: false, reason: "not_configured", message: `Discord is not configured on this Tether: ${configured.problems.join("; ")}` };
    }
    const check = verifyInteractionSignature({
      publicKey: configured.settings.publicKey,
      signature: request.headers.get("x-signature-ed25519"),
      timestamp: request.headers.get("x-signature-timestamp"),
      body: await body(),
    });
    return check.ok ? { ok: true, sender: { settings: configured.settings } } : { ok: false, reason: check.failure, message: check.message };
  },

  payload: interactionSchema,
  describeInvalidPayload: (error) => `The body is not a Discord interaction: ${error.issues[0]?.path.join(".") ?? ""} ${error.issues[0]?.message ?? ""}`.trim(),

  answerWithoutChange({ payload }) {
    if (payload.type === INTERACTION_TYPES.ping) return { type: InteractionResponseType.Pong };
    if (payload.type !== INTERACTION_TYPES.command && payload.type !== INTERACTION_TYPES.component) return null;
    return undefined;
  },

  deliveryId: ({ payload }) => ({ id: payload.id, scope: payload.application_id }),

  prepare: ({ db, payload }) => findInteractionContext(db, payload),

  async apply({ db, tx, pending, payload, plan: context, record }) {
    const notes: InteractionNote = {};
    const note = (detail: InteractionNote) => Object.assign(notes, detail);
    const handlerContext = { db, tx, pending, interaction: payload, context, note };
    const reply = payload.type === INTERACTION_TYPES.command ? await answerCommand(handlerContext) : await answerMessageComponent(handlerContext);
    record({
      // Commands and refused clicks name no group: the row belongs to the guild's organization, so its sync history shows it.
      organizationId: notes.organizationId ?? context.integration?.organizationId ?? null,
      integrationId: context.integration?.id ?? null,
      kind: "interaction",
      groupId: notes.groupId ?? null,
      outcome: notes.outcome ?? "applied",
      reason: notes.reason ?? null,
      externalKey: context.channelId,
      payload: interactionSummary(payload, context),
    });
    return reply;
  },
};

/** What the sync history shows of an interaction: what was asked, where and by whom (never the token). */
function interactionSummary(interaction: Interaction, context: InteractionContext): Prisma.InputJsonValue {
  return {
    type: interaction.type,
    ...(interaction.data?.name !== undefined ? { command: interaction.data.name } : {}),
    ...(interaction.data?.custom_id !== undefined ? { customId: interaction.data.custom_id } : {}),
    ...(interaction.data?.values ? { values: interaction.data.values } : {}),
    guildId: context.guildId,
    channelId: context.channelId,
    discordUserId: context.discordUserId,
    userId: context.user?.id ?? null,
  };
}
