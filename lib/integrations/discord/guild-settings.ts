import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { IntegrationSettingsView } from "@/lib/integrations/provider-capabilities";

// An organization's Discord guild has nothing to configure yet: where alerts go is each alert
// rule's choice (channel and tags), and who acts is each member's /link. The schema is here so
// the settings API treats Discord like any provider and a future option has its place.

export const discordOrganizationConfigSchema = z.object({}).passthrough();
export const DEFAULT_DISCORD_ORGANIZATION_CONFIG: Record<string, never> = {};
/** Nothing can be changed: any key is refused by name (400), an empty body is a no-op. */
export const discordConfigUpdateSchema = z.object({}).strict();

export interface DiscordSettingsView extends IntegrationSettingsView {
  integration: { id: string; name: string; baseUrl: null; status: "active" | "disabled" };
  guildId: string;
  /** Members who linked their Discord account in this guild (/link). */
  linkedIdentities: number;
  config: Record<string, unknown>;
}

/** The settings page and API's view of the organization's Discord guild. */
export async function getDiscordOrganizationSettings(db: Db, input: { organizationId: string; integrationId: string }): Promise<DiscordSettingsView> {
  const link = await db.organizationIntegration.findFirst({
    where: { organizationId: input.organizationId, integrationId: input.integrationId, integration: { provider: "discord" } },
    select: { status: true, config: true, integration: { select: { id: true, name: true, status: true, externalId: true } } },
  });
  if (!link) throw notFound("Integration not found");
  const linkedIdentities = await db.identity.count({ where: { idp: { type: "discord", externalId: link.integration.externalId } } });
  return {
    integration: {
      id: link.integration.id,
      name: link.integration.name,
      baseUrl: null,
      status: link.status === "active" && link.integration.status === "active" ? "active" : "disabled",
    },
    guildId: link.integration.externalId,
    linkedIdentities,
    config: discordOrganizationConfigSchema.catch({}).parse(link.config ?? {}),
  };
}

/** Validates the (empty) update and answers the settings: there is nothing to store yet. */
export async function updateDiscordOrganizationSettings(db: Db, input: { organizationId: string; integrationId: string; update: Record<string, unknown> }): Promise<DiscordSettingsView> {
  discordConfigUpdateSchema.parse(input.update);
  return getDiscordOrganizationSettings(db, input);
}
