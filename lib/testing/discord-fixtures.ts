import type { Db } from "@/lib/db/client";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";

/** A Discord guild installed on the organization (the rows the install flow writes), active. */
export async function installDiscordGuild(db: Db, organizationId: string, guild: { id: string; name: string }) {
  const integration = await db.integration.upsert({
    where: { provider_externalId: { provider: "discord", externalId: guild.id } },
    create: { provider: "discord", externalId: guild.id, name: guild.name },
    update: {},
  });
  await db.organizationIntegration.upsert({
    where: { organizationId_integrationId: { organizationId, integrationId: integration.id } },
    create: { organizationId, integrationId: integration.id },
    update: {},
  });
  return integration;
}

/** Points the process's Discord settings at the fake (the job's sender reads them from the environment). */
export function useFakeDiscordEnvironment(fake: FakeDiscord): void {
  process.env.DISCORD_APPLICATION_ID = fake.applicationId;
  process.env.DISCORD_PUBLIC_KEY = "a".repeat(64);
  process.env.DISCORD_BOT_TOKEN = fake.botToken;
  process.env.DISCORD_API_BASE_URL = fake.apiBaseUrl;
}
