// The data the fuzzer aims at: one organization with every kind of resource a route can name,
// credentials of every kind (valid, under-privileged, deactivated, revoked, foreign, forged), and
// a fake Jira site installed and linked, so valid signatures reach the deepest code.
import { encode } from "next-auth/jwt";
import { DiscordInteractionSigner, FAKE_DISCORD_APPLICATION_ID } from "@/e2e/fakes/fake-discord";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { API_SCOPES } from "@/lib/auth/scopes";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { setDatabase, type Database } from "@/lib/db/client";
import { issueSiteLinkToken } from "@/lib/integrations/jira/site-link-token";
import { createTestDatabase } from "@/lib/testing/db";
import { sessionCookieFor } from "@/lib/testing/fixtures";
import { createGroup, createMember, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { reliabilityPort } from "./ports";
import { installWriteCounter } from "./write-counter";

export interface FuzzWorld {
  database: Database;
  jira: FakeJira;
  orgSlug: string;
  otherOrgSlug: string;
  projectSlug: string;
  groupId: string;
  otherGroupId: string;
  groupShortId: string;
  integrationId: string;
  externalIssueId: string;
  externalIssueKey: string;
  syncEventId: string;
  /** A token of the organization that requests may revoke (never one the fuzzer authenticates with). */
  victimTokenId: string;
  ownerId: string;
  memberId: string;
  teamId: string;
  cookies: { owner: string; member: string; inactive: string; foreign: string; forged: string };
  tokens: { all: string; read: string; revoked: string; foreign: string };
  siteLinkToken: string;
  /** Signs interactions with the key DISCORD_PUBLIC_KEY names; the guild is installed and the owner linked in it. */
  discord: { signer: DiscordInteractionSigner; guildId: string; userId: string };
  /** Committed row writes so far (see write-counter.ts). */
  writes(): Promise<number>;
  close(): Promise<void>;
}

async function cookieWithSecret(userId: string, secret: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: userId }, secret })}`;
}

export async function buildFuzzWorld(portOffset: number): Promise<FuzzWorld> {
  const database = await createTestDatabase("pglite");
  setDatabase(database);
  const db = database.prisma;
  const jira = await new FakeJira().start(await reliabilityPort(portOffset));
  jira.sharedSecret = "fuzz-shared-secret";
  process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
  // As on every real server (`npm start` sets it): next-auth then takes its origin from here, not
  // from the request's Host header. Plain http keeps the cookie names the fixtures mint.
  process.env.NEXTAUTH_URL ??= "http://tether.test";

  const { organization, project, team, users } = await createOrganizationWithProject(db, { members: 2 });
  const [owner, member] = users;
  await db.organizationMember.update({ where: { organizationId_userId: { organizationId: organization.id, userId: owner.id } }, data: { role: "owner" } });
  const inactive = await createMember(db, organization.id);
  await db.user.update({ where: { id: inactive.id }, data: { isActive: false } });
  const group = await createGroup(db, project.id, { title: "TypeError: fuzz" });
  await createGroup(db, project.id, { title: "payment-service timeout", culprit: "payment-service" });
  const integration = await db.integration.create({
    data: { provider: "jira", externalId: jira.clientKey, name: "Fuzz Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
  });
  const { externalIssue } = await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, integrationId: integration.id, key: "APP-1" });
  const syncEvent = await db.syncEvent.create({
    data: {
      organizationId: organization.id, integrationId: integration.id, provider: "jira", direction: "outbound", kind: "assignee",
      groupId: group.id, externalKey: externalIssue.key, outcome: "failed", error: "fuzz", payload: { externalIssueId: externalIssue.id },
    },
  });

  // Discord: the application's key in the environment, the guild installed on the organization, the owner linked.
  const discordSigner = new DiscordInteractionSigner();
  const discordGuildId = "1500000000000000001";
  const discordUserId = "1500000000000000003";
  process.env.DISCORD_APPLICATION_ID = FAKE_DISCORD_APPLICATION_ID;
  process.env.DISCORD_PUBLIC_KEY = discordSigner.publicKeyHex;
  process.env.DISCORD_BOT_TOKEN = "fuzz-bot-token";
  // Nothing listens there: a call to Discord fails fast and must still never be a 5xx.
  process.env.DISCORD_API_BASE_URL = "http://127.0.0.1:9/api/v10";
  const discordIntegration = await db.integration.create({ data: { provider: "discord", externalId: discordGuildId, name: "Fuzz Guild" } });
  await db.organizationIntegration.create({ data: { organizationId: organization.id, integrationId: discordIntegration.id } });
  const idp = await db.identityProvider.create({ data: { type: "discord", externalId: discordGuildId, integrationId: discordIntegration.id } });
  await db.identity.create({ data: { idpId: idp.id, externalId: discordUserId, userId: owner.id } });

  const other = await createOrganizationWithProject(db, { members: 1 });
  const otherGroup = await createGroup(db, other.project.id);
  const spare = await db.integration.create({ data: { provider: "jira", externalId: `spare-${jira.clientKey}`, name: "Unlinked Jira", metadata: { base_url: jira.baseUrl } } });

  const token = (scopes: string[], organizationId = organization.id) =>
    createApiToken(db, { organizationId, name: `fuzz ${scopes.length}`, scopes: scopes as (typeof API_SCOPES)[number][], createdById: owner.id });
  const all = await token([...API_SCOPES]);
  const read = await token(["issues:read"]);
  const revoked = await token(["issues:read"]);
  await db.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  const foreign = await createApiToken(db, { organizationId: other.organization.id, name: "foreign", scopes: [...API_SCOPES], createdById: other.users[0].id });
  const victim = await token(["issues:read"]);

  return {
    database,
    jira,
    orgSlug: organization.slug,
    otherOrgSlug: other.organization.slug,
    projectSlug: project.slug,
    groupId: group.id,
    otherGroupId: otherGroup.id,
    groupShortId: `${project.slug.toUpperCase()}-${group.shortId}`,
    integrationId: integration.id,
    externalIssueId: externalIssue.id,
    externalIssueKey: externalIssue.key,
    syncEventId: syncEvent.id,
    victimTokenId: victim.id,
    ownerId: owner.id,
    memberId: member.id,
    teamId: team.id,
    cookies: {
      owner: await sessionCookieFor(owner.id),
      member: await sessionCookieFor(member.id),
      inactive: await sessionCookieFor(inactive.id),
      foreign: await sessionCookieFor(other.users[0].id),
      forged: await cookieWithSecret(owner.id, "not-the-server-secret"),
    },
    tokens: { all: all.token, read: read.token, revoked: revoked.token, foreign: foreign.token },
    siteLinkToken: await issueSiteLinkToken(spare.externalId),
    discord: { signer: discordSigner, guildId: discordGuildId, userId: discordUserId },
    writes: await installWriteCounter(database),
    async close() {
      setDatabase(undefined);
      await database.close();
      await jira.stop();
    },
  };
}
