import type { RESTPostAPIChannelMessageResult } from "discord-api-types/v10";
import type { Db } from "@/lib/db/client";
import { PermanentSyncError } from "@/lib/integrations/provider";
import type { NotificationsCapability } from "@/lib/integrations/provider-capabilities";
import { discordAppSettings } from "./app-settings";
import { callDiscord, DiscordApiError, discordRateLimits, rateLimitRoute, type DiscordCallOptions } from "./discord-api";

// Discord's `notifications` capability: a message to a channel of a guild installed on the
// organization, as the bot (behaviour.md §10). Only job definitions call it.

type SendInput = Parameters<NotificationsCapability["send"]>[1];

/** The path messages to a channel are posted to. */
export function channelMessagesPath(channelId: string): string {
  return `/channels/${channelId}/messages`;
}

/** Milliseconds until Discord takes messages to this channel again (0 when it does now). */
export function channelRateLimitWait(channelId: string): number {
  return discordRateLimits.waitBefore(rateLimitRoute("POST", channelMessagesPath(channelId)));
}

/**
 * Posts the message; `externalId` is Discord's message id. A refusal (unknown channel, missing
 * access) fails at once with Discord's error, since retrying cannot fix it; 429s and 5xx are left to
 * callDiscord and the job queue (wait and retry once, then re-schedule; backoff).
 */
export async function sendDiscordChannelMessage(db: Db, input: SendInput, options: DiscordCallOptions = {}): Promise<{ externalId?: string }> {
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: input.organizationId, integrationId: input.integrationId, integration: { provider: "discord" } },
    select: { status: true, integration: { select: { status: true, name: true } } },
  });
  if (!link) throw new PermanentSyncError("The Discord server is no longer installed on this organization");
  if (link.status !== "active" || link.integration.status !== "active") throw new PermanentSyncError(`The Discord integration of ${link.integration.name} is disabled`);
  const settings = discordAppSettings();
  if (!settings.configured) throw new PermanentSyncError(`Discord is not configured on this server (${settings.problems.join("; ")})`);
  try {
    const message = await callDiscord<RESTPostAPIChannelMessageResult>(settings.settings, { method: "POST", path: channelMessagesPath(input.channelId), body: input.message }, options);
    return { externalId: message?.id };
  } catch (error) {
    if (error instanceof DiscordApiError) throw new PermanentSyncError(error.message);
    throw error;
  }
}
