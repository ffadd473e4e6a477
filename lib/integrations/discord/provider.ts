import type { IntegrationProviderDefinition } from "@/lib/integrations/provider-capabilities";
import { DEFAULT_DISCORD_ORGANIZATION_CONFIG, discordConfigUpdateSchema, discordOrganizationConfigSchema, getDiscordOrganizationSettings, updateDiscordOrganizationSettings } from "./guild-settings";

/**
 * Discord (a bot in the organization's guild): what Tether does with it, as the provider registry
 * sees it. Interactions, notifications and commands are added here by their owners.
 */
export const discordProvider: IntegrationProviderDefinition = {
  name: "discord",
  displayName: "Discord",
  settings: {
    configSchema: discordOrganizationConfigSchema,
    defaults: DEFAULT_DISCORD_ORGANIZATION_CONFIG,
    updateSchema: discordConfigUpdateSchema,
    read: getDiscordOrganizationSettings,
    update: updateDiscordOrganizationSettings,
  },
};
