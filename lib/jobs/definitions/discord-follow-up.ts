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
// The token is a credential for those 15 minutes, and a reply may carry one too (/link's signed
// link is valid 2 days), so the outbox row (which the sync history shows) holds both sealed with
// TETHER_SECRET_KEY; its readable content has links replaced.

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
  /** The interaction token and the reply's real content, sealed (lib/crypto/secrets). */
  sealedToken: z.string().min(1).max(12000),
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

/** Seals an interaction token, and the reply's content when it holds a link, for a follow-up's payload. */
export function sealInteractionToken(token: string, content?: string): string {
  return sealSecrets(content === undefined ? { token } : { token, content });
}

/** The reply's content as the sync history may show it: links (such as /link's signed one) left out. */
export function withoutLinks(content: string): string {
  return content.replace(/\]\([^)]*\)/g, "](link not shown)").replace(/https?:\/\/\S+/g, "(link not shown)");
}

function openInteractionToken(sealed: string): { token: string; content?: string } {
  const opened = z.object({ token: z.string().min(1), content: z.string().max(2000).optional() }).safeParse(openSecrets(sealed));
  if (!opened.success) throw new PermanentSyncError("the sealed interaction token is unreadable");
  return opened.data;
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
  const sealed = openInteractionToken(payload.sealedToken);
  const base = `/webhooks/${payload.applicationId}/${encodeURIComponent(sealed.token)}`;
  // Editing a message cannot set its flags (Discord keeps the original's); a new follow-up can.
  const { flags, ...readable } = payload.message;
  const edit = { ...readable, content: sealed.content ?? readable.content };
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
