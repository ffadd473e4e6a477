import type { Db } from "@/lib/db/client";

// Plain Prisma on purpose (like fixtures.ts): the rows the Discord install makes, without the
// install flow, and an identity the way /link leaves it.

/** An active Discord integration of `guildId` added to the organization, with its identity provider. */
export async function addDiscordGuildFixture(db: Db, input: { organizationId: string; guildId: string; name?: string }) {
  const integration = await db.integration.upsert({
    where: { provider_externalId: { provider: "discord", externalId: input.guildId } },
    create: { provider: "discord", externalId: input.guildId, name: input.name ?? `Guild ${input.guildId}` },
    update: {},
  });
  await db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId: input.organizationId, integrationId: integration.id } },
    create: { organizationId: input.organizationId, integrationId: integration.id },
    update: {},
  });
  await db.identityProvider.upsert({
    where: { type_externalId: { type: "discord", externalId: input.guildId } },
    create: { type: "discord", externalId: input.guildId, integrationId: integration.id },
    update: {},
  });
  return integration;
}

/** Links a Discord user in the guild (whose provider addDiscordGuildFixture made) to a Tether user. */
export async function linkDiscordUserFixture(db: Db, input: { guildId: string; discordUserId: string; userId: string }) {
  const idp = await db.identityProvider.findUniqueOrThrow({ where: { type_externalId: { type: "discord", externalId: input.guildId } } });
  return db.identity.create({ data: { idpId: idp.id, externalId: input.discordUserId, userId: input.userId } });
}
