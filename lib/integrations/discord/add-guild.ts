import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { findOrganization } from "@/lib/domain/organizations/lookups";
import { conflict, parseWith } from "@/lib/errors";
import type { DiscordAppSettings } from "./app-settings";
import { DEFAULT_DISCORD_ORGANIZATION_CONFIG } from "./guild-settings";
import { fetchDiscordGuild } from "./guild-lookup";
import { lockDiscordGuild } from "./guild-lock";

export const discordGuildIdSchema = z.string({ error: "A Discord guild id is required" }).trim().regex(/^\d{1,20}$/, "A Discord guild id is a number (Server Settings › Widget › Server ID)");

const addDiscordGuildSchema = z.object({
  organization: z.union([z.object({ id: z.string().min(1) }), z.object({ slug: z.string().min(1) })]),
  guildId: discordGuildIdSchema,
});

export interface AddDiscordGuildInput {
  organizationId?: string;
  organizationSlug?: string;
  guildId: string;
  settings: Pick<DiscordAppSettings, "apiBaseUrl" | "botToken">;
  /** Who added it (sync history), when a person did. */
  userId?: string | null;
  /** How: "install link" or "cli" (sync history). */
  via?: string;
}

/**
 * Connects a Discord guild to an organization (the install link's redirect and `tether discord add`):
 * its name from Discord, then in one transaction the Integration, the organization's link and the
 * identity provider that /link identities hang on. Adding again refreshes the name and re-activates;
 * a guild connected to another organization is refused (409): one guild serves one organization, so
 * who may post to its channels and whose members link there is never ambiguous.
 */
export async function addDiscordGuild(db: Db, input: AddDiscordGuildInput) {
  const { organization: ref, guildId } = parseWith(addDiscordGuildSchema, {
    organization: input.organizationId ? { id: input.organizationId } : { slug: input.organizationSlug ?? "" },
    guildId: input.guildId,
  });
  const organization = await findOrganization(db, ref);
  // Outside the transaction: Discord may take seconds, and the name is all it contributes.
  const guild = await fetchDiscordGuild(input.settings, guildId);

  return db.$transaction(async (tx) => {
    await lockDiscordGuild(tx, guildId);
    const existing = await tx.integration.findUnique({
      where: { provider_externalId: { provider: "discord", externalId: guildId } },
      select: { id: true, status: true, organizationIntegrations: { select: { organizationId: true } } },
    });
    if (existing?.organizationIntegrations.some((link) => link.organizationId !== organization.id)) {
      throw conflict(`Discord guild ${guildId} is already connected to another Tether organization; remove it there first`);
    }
    const wasLinked = existing?.status === "active" && existing.organizationIntegrations.length > 0;
    const integration = await tx.integration.upsert({
      where: { provider_externalId: { provider: "discord", externalId: guildId } },
      create: { provider: "discord", externalId: guildId, name: guild.name, status: "active" },
      update: { name: guild.name, status: "active" },
    });
    await tx.organizationIntegration.upsert({
      where: { organizationId_integrationId: { organizationId: organization.id, integrationId: integration.id } },
      create: { organizationId: organization.id, integrationId: integration.id, config: DEFAULT_DISCORD_ORGANIZATION_CONFIG },
      update: { status: "active" },
    });
    await tx.identityProvider.upsert({
      where: { type_externalId: { type: "discord", externalId: guildId } },
      create: { type: "discord", externalId: guildId, integrationId: integration.id },
      update: { integrationId: integration.id },
    });
    await tx.syncEvent.create({
      data: {
        provider: "discord",
        direction: "inbound",
        kind: "install",
        organizationId: organization.id,
        integrationId: integration.id,
        externalKey: guildId,
        outcome: "applied",
        reason: `${wasLinked ? "guild re-added" : "guild added"}${input.via ? ` (${input.via})` : ""}`,
        payload: { guildId, name: guild.name, userId: input.userId ?? null },
      },
    });
    return { integration, organization: { id: organization.id, slug: organization.slug }, guild, created: !wasLinked };
  });
}
