import { z } from "zod";
import { openSecrets, sealSecrets } from "@/lib/crypto/secrets";
import { PermanentSyncError } from "@/lib/integrations/provider";
import { discordAppSettings } from "@/lib/integrations/discord/app-settings";
import { callDiscord, DiscordApiError } from "@/lib/integrations/discord/discord-api";
import { defineJob } from "../job-definition";

// The reply of an interaction that was answered with a deferred response (type 5 or 6) because
// its work took longer than Discord waits: sent through the interaction's webhook once the work
// is done. The webhook is authorized by the interaction token in its path (no bot token), and the
// token is valid 15 minutes: after that a follow-up cannot be delivered and is recorded as such.
// The token is a credential for those 15 minutes, so the outbox row (which the sync history
// shows) holds it sealed with TETHER_SECRET_KEY, never in clear.

export const DISCORD_FOLLOW_UP_JOB = "discord-follow-up";
/** How long Discord accepts follow-ups with an interaction's token. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const snowflake = z.string().regex(/^\d{1,20}$/);

/** The message a follow-up sends: what the reply's `data` would have been. */
export const followUpMessageSchema = z.object({
  content: z.string().max(2000),
  embeds: z.array(z.record(z.string(), z.unknown())).max(10).default([]),
  components: z.array(z.record(z.string(), z.unknown())).max(5).default([]),
  flags: z.number().int().min(0).optional(),
});
export type FollowUpMessage = z.infer<typeof followUpMessageSchema>;

export const discordFollowUpPayloadSchema = z.object({
  applicationId: snowflake,
  interactionId: snowflake,
  /** The interaction token, sealed (lib/crypto/secrets). */
  sealedToken: z.string().min(1).max(4000),
  /**
   * edit_original: PATCH …/messages/@original (a command's deferred reply, or the dialog a select
   * sits in); create: POST a new (ephemeral) follow-up message, for a button whose reply is a new
   * message and must not replace the alert the button is on.
   */
  target: z.enum(["edit_original", "create"]),
  message: followUpMessageSchema,
  expiresAt: z.iso.datetime(),
  organizationId: z.string().min(1).nullable(),
  integrationId: z.string().min(1).nullable(),
  groupId: z.string().min(1).nullable(),
  /** The channel, as the interaction's sync-history row names it. */
  channelId: snowflake.nullable(),
});
export type DiscordFollowUpPayload = z.infer<typeof discordFollowUpPayloadSchema>;

/** Seals an interaction token for a follow-up's payload. */
export function sealInteractionToken(token: string): string {
  return sealSecrets({ token });
}

function openInteractionToken(sealed: string): string {
  const opened = z.object({ token: z.string().min(1) }).safeParse(openSecrets(sealed));
  if (!opened.success) throw new PermanentSyncError("the sealed interaction token is unreadable");
  return opened.data.token;
}

export const discordFollowUpJob = defineJob<DiscordFollowUpPayload>({
  name: DISCORD_FOLLOW_UP_JOB,
  payload: discordFollowUpPayloadSchema,
  // Quick retries: the token dies 15 minutes after the interaction.
  retry: { attempts: 5, delaySeconds: 2, delayMaxSeconds: 60, expireInSeconds: 30 },
  history: (payload) => ({
    organizationId: payload.organizationId,
    integrationId: payload.integrationId,
    provider: "discord",
    kind: "interaction",
    groupId: payload.groupId,
    externalKey: payload.channelId,
    payload: { interactionId: payload.interactionId, target: payload.target, content: payload.message.content },
  }),
  async handler(payload) {
    if (Date.now() > Date.parse(payload.expiresAt)) return { outcome: "skipped", reason: "the interaction's token expired before the follow-up could be sent" };
    await sendDiscordFollowUp(payload);
    return { outcome: "applied", detail: payload.target === "edit_original" ? "deferred reply sent" : "follow-up message sent" };
  },
});

/** Sends a follow-up through the interaction's webhook; a refusal (4xx) is a PermanentSyncError. */
export async function sendDiscordFollowUp(payload: DiscordFollowUpPayload): Promise<void> {
  const configured = discordAppSettings(process.env);
  if (!configured.configured) throw new PermanentSyncError(`Discord is not configured: ${configured.problems.join("; ")}`);
  const token = encodeURIComponent(openInteractionToken(payload.sealedToken));
  const base = `/webhooks/${payload.applicationId}/${token}`;
  // Editing a message cannot set its flags (Discord keeps the original's); a new follow-up can.
  const { flags, ...edit } = payload.message;
  const request =
    payload.target === "edit_original"
      ? { method: "PATCH" as const, path: `${base}/messages/@original`, body: edit, auth: "none" as const }
      : { method: "POST" as const, path: base, body: { ...edit, ...(flags === undefined ? {} : { flags }) }, auth: "none" as const };
  try {
    await callDiscord(configured.settings, request);
  } catch (error) {
    // Unknown webhook (the token expired) or a refused message: sending it again changes nothing.
    if (error instanceof DiscordApiError) throw new PermanentSyncError(error.message);
    throw error;
  }
}
