import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { type DiscordInteractionSigner, type FakeDiscord, FAKE_DISCORD_APPLICATION_ID, interactionBody } from "@/e2e/fakes/fake-discord";

// Discord rows as an installed guild has them (Integration, OrganizationIntegration, identity
// provider) and linked identities, written directly, and signed interactions posted to the real
// interactions route handler.

let lastSnowflake = 1_200_000_000_000_000_000n + BigInt(parseInt(randomBytes(3).toString("hex"), 16)) * 1_000_000n;
/** A fresh Discord id (guilds, users, channels). */
export function snowflake(): string {
  lastSnowflake += 1n;
  return lastSnowflake.toString();
}

/**
 * A Discord guild installed on the organization (the rows the install flow writes): its
 * integration, the organization's link to it and its identity provider; installing it again (or on
 * another organization) reuses the guild's rows.
 */
export async function installDiscordGuild(db: Db, organizationId: string, guildId: string = snowflake(), name = `Guild ${guildId}`) {
  const integration = await db.integration.upsert({
    where: { provider_externalId: { provider: "discord", externalId: guildId } },
    create: { provider: "discord", externalId: guildId, name },
    update: {},
  });
  await db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId, integrationId: integration.id } },
    create: { organizationId, integrationId: integration.id },
    update: {},
  });
  const idp = await db.identityProvider.upsert({
    where: { type_externalId: { type: "discord", externalId: guildId } },
    create: { type: "discord", externalId: guildId, integrationId: integration.id },
    update: {},
  });
  return { guildId, integration, idp };
}

/** Links a Discord user of the guild to a Tether user. */
export async function linkDiscordUser(db: Db, idpId: string, userId: string, discordUserId: string = snowflake()): Promise<string> {
  await db.identity.create({ data: { idpId, externalId: discordUserId, userId } });
  return discordUserId;
}

/** The four Discord variables of a test: the signer's key, the fake's base URL. */
export function discordTestEnvironment(signer: DiscordInteractionSigner, apiBaseUrl?: string): Record<string, string> {
  return {
    DISCORD_APPLICATION_ID: FAKE_DISCORD_APPLICATION_ID,
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_BOT_TOKEN: "fake-discord-bot-token",
    ...(apiBaseUrl ? { DISCORD_API_BASE_URL: apiBaseUrl } : {}),
  };
}

/** Sets environment variables for a test file and restores them afterwards. */
export function withEnvironment(values: () => Record<string, string | undefined>): { apply(): void; restore(): void } {
  const saved = new Map<string, string | undefined>();
  return {
    apply() {
      for (const [key, value] of Object.entries(values())) {
        if (!saved.has(key)) saved.set(key, process.env[key]);
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
    restore() {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      saved.clear();
    },
  };
}

/** A component interaction (a click on a button or a choice in a select) of a user in a guild. */
export function componentBody(options: {
  customId: string;
  guildId?: string | null;
  discordUserId: string;
  channelId?: string;
  values?: string[];
  componentType?: number;
}): string {
  const guild = options.guildId ?? null;
  const user = { id: options.discordUserId };
  return interactionBody({
    type: 3,
    channel_id: options.channelId ?? "3000000000000000001",
    ...(guild ? { guild_id: guild, member: { user } } : { user }),
    data: {
      custom_id: options.customId,
      component_type: options.componentType ?? (options.values ? 3 : 2),
      ...(options.values ? { values: options.values } : {}),
    },
  });
}

/** Points the process's Discord settings at the fake (the job's sender reads them from the environment). */
export function useFakeDiscordEnvironment(fake: FakeDiscord): void {
  process.env.DISCORD_APPLICATION_ID = fake.applicationId;
  process.env.DISCORD_PUBLIC_KEY = "a".repeat(64);
  process.env.DISCORD_BOT_TOKEN = fake.botToken;
  process.env.DISCORD_API_BASE_URL = fake.apiBaseUrl;
}
