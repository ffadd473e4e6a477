import type { FakeDiscord } from "@/e2e/fakes/fake-discord";
import type { Db } from "@/lib/db/client";
import { createGroup, createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";

export const BENCH_GUILD_ID = "1400000000000000001";
export const BENCH_CHANNEL_ID = "1400000000000000002";
export const BENCH_DISCORD_USER_ID = "1400000000000000003";

/**
 * What the Discord bench clicks on: one organization with the fake's guild installed, a member
 * linked to a Discord user of that guild, and `groupCount` unresolved groups.
 */
export async function seedBenchDiscordGuild(db: Db, discord: FakeDiscord, groupCount: number): Promise<{ groupIds: string[] }> {
  discord.addGuild(BENCH_GUILD_ID, "Bench Guild");
  discord.addChannel({ id: BENCH_CHANNEL_ID, guildId: BENCH_GUILD_ID, name: "alerts", type: 0 });
  const org = await createOrganizationWithProject(db, { members: 0 });
  const member = await createMember(db, org.organization.id, { teamId: org.team.id, email: "discord-bench@example.com" });
  const integration = await db.integration.create({ data: { provider: "discord", externalId: BENCH_GUILD_ID, name: "Bench Guild" } });
  await db.organizationIntegration.create({ data: { organizationId: org.organization.id, integrationId: integration.id } });
  const idp = await db.identityProvider.create({ data: { type: "discord", externalId: BENCH_GUILD_ID, integrationId: integration.id } });
  await db.identity.create({ data: { idpId: idp.id, externalId: BENCH_DISCORD_USER_ID, userId: member.id } });
  const groupIds: string[] = [];
  for (let i = 0; i < groupCount; i++) groupIds.push((await createGroup(db, org.project.id)).id);
  return { groupIds };
}
