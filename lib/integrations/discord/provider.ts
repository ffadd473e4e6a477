import type { IntegrationProviderDefinition } from "@/lib/integrations/provider-capabilities";
import { sendDiscordChannelMessage } from "./send-channel-message";
import { DEFAULT_DISCORD_ORGANIZATION_CONFIG, discordConfigUpdateSchema, discordOrganizationConfigSchema, getDiscordOrganizationSettings, updateDiscordOrganizationSettings } from "./guild-settings";

/**
 * Discord (a bot in the organization's guild): what Tether does with it, as the provider registry
 * sees it: messages to a guild's channels (alerts) and the organization's settings. Its
 * interactions arrive on their own endpoint (app/api/discord/interactions, interactions.ts).
 */
export const discordProvider: IntegrationProviderDefinition = {
  name: "discord",
  displayName: "Discord",
  notifications: { send: (db, input) => sendDiscordChannelMessage(db, input) },
  settings: {
    configSchema: discordOrganizationConfigSchema,
    defaults: DEFAULT_DISCORD_ORGANIZATION_CONFIG,
    updateSchema: discordConfigUpdateSchema,
    read: getDiscordOrganizationSettings,
    update: updateDiscordOrganizationSettings,
  },
};
