import type { Db } from "@/lib/db/client";

// The Discord server the Playwright run uses, added to the demo organization before the server
// starts (the embedded database is the server's alone once it runs, so nothing can add it later
// from outside). The rows are those the Discord install makes; when `tether discord add` exists
// this can become that command.

export async function addE2eDiscordGuild(db: Db, input: { guildId: string; name: string; organizationSlug: string }): Promise<void> {
  const organization = await db.organization.findUniqueOrThrow({ where: { slug: input.organizationSlug } });
  const integration = await db.integration.upsert({
    where: { provider_externalId: { provider: "discord", externalId: input.guildId } },
    create: { provider: "discord", externalId: input.guildId, name: input.name },
    update: { status: "active" },
  });
  await db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId: organization.id, integrationId: integration.id } },
    create: { organizationId: organization.id, integrationId: integration.id },
    update: {},
  });
  await db.identityProvider.upsert({
    where: { type_externalId: { type: "discord", externalId: input.guildId } },
    create: { type: "discord", externalId: input.guildId, integrationId: integration.id },
    update: {},
  });
}
