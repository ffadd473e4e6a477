import { ChannelType, type APIChannel } from "discord-api-types/v10";
import type { Db } from "@/lib/db/client";
import { AppError, badRequest } from "@/lib/errors";
import { discordAppSettings, type DiscordAppSettings } from "@/lib/integrations/discord/app-settings";
import { callDiscord, DiscordApiError, type DiscordCallOptions } from "@/lib/integrations/discord/discord-api";
import { PermanentSyncError, RetryAfterError } from "@/lib/integrations/provider";
import { channelIdFromInput, type DiscordAlertAction } from "./alert-rule-config";

// Where an alert rule posts, checked when the rule is saved (behaviour.md §10: the channel is
// "validated against the guild"): the guild is a Discord integration installed on the rule's
// organization, and the channel is one of that guild's text or announcement channels, as Discord
// itself says. A rule that passes here can only fail later if the channel or the bot's access goes.

/** How the admin names the destination: the guild (integration id or guild id), a channel id or URL, tag keys. */
export interface DiscordDestinationInput {
  integrationId?: string;
  guildId?: string;
  channel: string;
  tags?: string[];
}

/** Options the tests (and a caller with its own Discord client settings) pass. */
export interface DiscordValidationOptions {
  discord?: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken">;
  call?: DiscordCallOptions;
}

/** Channel types an alert can be posted to. */
const POSTABLE_CHANNEL_TYPES = new Set<number>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

const CHANNEL_TYPE_NAMES: Record<number, string> = {
  [ChannelType.GuildVoice]: "a voice channel",
  [ChannelType.GuildStageVoice]: "a stage channel",
  [ChannelType.GuildCategory]: "a category",
  [ChannelType.GuildForum]: "a forum channel",
  [ChannelType.GuildMedia]: "a media channel",
  [ChannelType.GuildDirectory]: "a directory channel",
  [ChannelType.PublicThread]: "a thread",
  [ChannelType.PrivateThread]: "a thread",
  [ChannelType.AnnouncementThread]: "a thread",
  [ChannelType.DM]: "a direct message",
  [ChannelType.GroupDM]: "a group direct message",
};

function discordSettingsOrThrow(options: DiscordValidationOptions): Pick<DiscordAppSettings, "apiBaseUrl" | "botToken"> {
  if (options.discord) return options.discord;
  const result = discordAppSettings();
  if (!result.configured) throw badRequest(`Discord is not configured on this Tether server (${result.problems.join("; ")})`);
  return result.settings;
}

/** The organization's Discord integration named by id or guild id; 400 naming what is wrong. */
export async function findOrganizationDiscordGuild(db: Db, input: { organizationId: string; integrationId?: string; guildId?: string }) {
  if (!input.integrationId && !input.guildId) throw badRequest("Choose the Discord server (guild) the alerts go to");
  const link = await db.organizationIntegration.findFirst({
    where: {
      organizationId: input.organizationId,
      integration: { provider: "discord", ...(input.integrationId ? { id: input.integrationId } : {}), ...(input.guildId ? { externalId: input.guildId } : {}) },
    },
    include: { integration: { select: { id: true, externalId: true, name: true, status: true } } },
  });
  const named = input.guildId ? `Discord server ${input.guildId}` : "That Discord server";
  if (!link) throw badRequest(`${named} is not installed on this organization; add it under Settings › Integrations first`);
  if (link.status !== "active" || link.integration.status !== "active") throw badRequest(`The Discord integration of ${link.integration.name} is disabled; re-install it first`);
  return link.integration;
}

/**
 * Checks the destination and returns the rule's Discord action. Discord's answers become 400s
 * that say what is wrong (unknown channel, channel of another server, not a text channel, bot
 * without access); Discord being unreachable is a 502, so a rule is never saved unchecked.
 */
export async function validateDiscordDestination(db: Db, organizationId: string, input: DiscordDestinationInput, options: DiscordValidationOptions = {}): Promise<DiscordAlertAction & { channelName: string }> {
  const integration = await findOrganizationDiscordGuild(db, { organizationId, integrationId: input.integrationId, guildId: input.guildId });
  const guildId = integration.externalId;
  const channelId = channelIdFromInput(input.channel);
  if (!channelId) throw badRequest("Give the channel as a Discord channel id (digits) or a https://discord.com/channels/<server>/<channel> link", { fields: { channel: ["Not a Discord channel id or channel link"] } });
  const urlGuild = /\/channels\/(\d+)\/\d+\/?$/.exec(input.channel.trim())?.[1];
  if (urlGuild && urlGuild !== guildId) throw badRequest(`That channel link is for another Discord server (${urlGuild}), not ${integration.name}`, { fields: { channel: ["Channel of another Discord server"] } });

  let channel: APIChannel;
  try {
    channel = await callDiscord<APIChannel>(discordSettingsOrThrow(options), { method: "GET", path: `/channels/${channelId}` }, options.call);
  } catch (error) {
    if (error instanceof DiscordApiError) {
      if (error.status === 404) throw badRequest(`Discord has no channel ${channelId} (${error.discordMessage})`, { fields: { channel: ["Unknown channel"] } });
      if (error.status === 403) throw badRequest(`The Tether bot cannot see channel ${channelId} (${error.discordMessage}); give it access to the channel`, { fields: { channel: ["No access"] } });
      throw badRequest(`Discord refused to show channel ${channelId}: ${error.discordMessage}`, { fields: { channel: [error.discordMessage] } });
    }
    if (error instanceof AppError) throw error;
    const reason = error instanceof RetryAfterError ? "Discord is rate-limiting Tether; try again shortly" : error instanceof PermanentSyncError ? error.message : `Discord could not be asked about the channel: ${error instanceof Error ? error.message : String(error)}`;
    throw new AppError(502, "discord_unavailable", reason);
  }
  const channelGuild = "guild_id" in channel ? channel.guild_id : undefined;
  if (channelGuild !== guildId) throw badRequest(`Channel ${channelId} belongs to another Discord server, not ${integration.name}`, { fields: { channel: ["Channel of another Discord server"] } });
  const name = "name" in channel && typeof channel.name === "string" ? channel.name : channelId;
  if (!POSTABLE_CHANNEL_TYPES.has(channel.type)) {
    const kind = CHANNEL_TYPE_NAMES[channel.type] ?? "not a text channel";
    throw badRequest(`#${name} is ${kind}; alerts can only be posted to text or announcement channels`, { fields: { channel: ["Not a text or announcement channel"] } });
  }
  return { integrationId: integration.id, guildId, channelId, channelName: name, tags: normalizeTags(input.tags ?? []) };
}

/** Tag keys as the embed shows them: trimmed, without blanks or repeats. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter(Boolean))];
}
