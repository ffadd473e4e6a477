// Organization isolation across the whole HTTP surface. Every route file under app/ must have
// an entry in ROUTES: either public (with the reason), or the requests organization A's owner
// would make. Organization B's owner (session cookie) and B's all-scope API token replay each of
// them — plus requests that mix B's own organization with A's ids — and must get 401/403/404,
// never A's data, and must leave the database unchanged. A's owner then makes the same requests,
// which must not be refused, so a wrong fixture cannot make a case pass vacuously.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { FakeDiscord } from "@/e2e/fakes/fake-discord";
import { installDiscordGuild, useFakeDiscordEnvironment } from "@/lib/testing/discord-fixtures";
import { API_SCOPES } from "@/lib/auth/scopes";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { setDatabase, type Database } from "@/lib/db/client";
import { issueSiteLinkToken } from "@/lib/integrations/jira/site-link-token";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { createMemberFixture, sessionCookieFor } from "@/lib/testing/fixtures";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { linkSandboxJiraSite } from "@/lib/testing/sandbox-fixtures";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { signConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import { ensureSandboxJiraSite } from "@/lib/sandbox/site";
import { loadRoute as loadRouteModule, routeFiles, routeUrlPath } from "@/lib/testing/route-files";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

interface CrossOrgRequest {
  method: Method;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A success B may get too, when it provably says nothing about A (nothing is written either way). */
  alsoAccept?: { status: number; reason: string };
}

interface ProtectedRoute {
  /** Requests as A's owner makes them (they must succeed for A); B replays them. */
  requests(world: World): CrossOrgRequest[];
  /** Requests naming B's own organization or group with A's ids; only B sends these. */
  mixed?(world: World): CrossOrgRequest[];
}

type RouteCase = { public: string } | ProtectedRoute;

interface OrganizationWorld {
  slug: string;
  /** Appears in every name and title of this organization's data; must never reach the other one. */
  marker: string;
  projectSlug: string;
  groupId: string;
  integrationId: string;
  externalIssueId: string;
  syncEventId: string;
  ownerId: string;
  ownerCookie: string;
  token: string;
  tokenId: string;
  jira: FakeJira;
  /** A Discord guild installed on the organization, a text channel of it, and an alert rule posting there. */
  discordIntegrationId: string;
  discordGuildId: string;
  discordChannelId: string;
  alertRuleId: string;
  /** A client key of the project (its DSN's public part). */
  projectKeyId: string;
  /** A second member (not the owner), on the team below; and a pending invite. */
  memberId: string;
  teamId: string;
  inviteId: string;
}

interface World {
  a: OrganizationWorld;
  b: OrganizationWorld;
  /** A link token for a Jira site that is installed but not linked to any organization yet. */
  unlinkedSiteToken: string;
  /** An issue of the sandbox Jira site, which only organization A is linked to. */
  sandboxIssueKey: string;
  /** The sandbox install's shared secret: only Tether's calls signed with it may use the sandbox's REST API. */
  sandboxSecret: string;
}

const ROUTES: Record<string, RouteCase> = {
  health: { public: "load balancers probe it; it reveals no organization data" },
  "[projectId]/envelope": { public: "key-authenticated SDK intake: Sentry SDKs post cross-origin with the project's client key (header, query or envelope dsn), which only adds events to that key's project; no session is read" },
  "[projectId]/store": { public: "key-authenticated SDK intake: the single-event endpoint of older Sentry SDKs, authenticated by the project's client key like the envelope endpoint" },
  "bench/noop": { public: "benchmark floor for `npm run bench`: 404 unless the server runs with TETHER_BENCH_ROUTES=1; reads nothing, writes nothing" },
  "/sandbox/jira/rest/[...path]": {
    public: "the sandbox Jira site's REST API: no session or API token, only Tether's Connect JWT signed with the sandbox install's own shared secret (see 'the sandbox site's REST API' below)",
  },
  "/sandbox/jira/install-keys/[kid]": { public: "the sandbox site's install public key, like Atlassian's public key service; names no organization" },
  "/sandbox/jira/browse/[key]": { public: "a sandbox issue's link: redirects to the linked organization's Sandbox Jira page, which checks membership; reads no issue data" },
  "auth/[...nextauth]": { public: "next-auth's own sign-in, sign-out, session and CSRF endpoints; they are how a session starts" },
  "jira/descriptor": { public: "Atlassian Connect app descriptor, fetched by Jira before any install" },
  "jira/installed": { public: "Jira lifecycle webhook, authenticated by Atlassian's asymmetric install JWT" },
  "jira/uninstalled": { public: "Jira lifecycle webhook, authenticated by the site's Connect JWT" },
  "jira/issue-updated": { public: "Jira webhook, authenticated by the site's Connect JWT; acts only on organizations linked to that site" },
  "discord/install/callback": {
    public: "Discord's OAuth2 redirect: acts only for the organization and user its signed, 10-minute state names, with that same user's session, and takes the guild from Discord's code exchange",
  },
  "discord/link-identity": {
    public: "links the signed-in user's own Discord identity from a signed /link token; refused (404) unless the user is a member of an organization the token's guild is installed on",
  },
  "discord/unlink-identity": {
    public: "removes a Discord identity named by a signed /unlink token, for the signed-in user; names no organization and answers nothing about one",
  },
  "discord/interactions": {
    public: "Discord's interactions webhook, authenticated by the application's Ed25519 signature; acts only as the Discord user's linked Tether user, inside that user's organizations",
  },
  "v1/me/sessions/revoke": { public: "ends the caller's own sessions only (sign-out everywhere); it names no organization and answers nothing" },
  "v1/me": { public: "the caller's own profile (name, emails, Discord identities); it names no organization" },
  "v1/me/password": { public: "changes the caller's own password after checking the current one; it names no organization" },
  "v1/me/identities/[identityId]": { public: "unlinks one of the caller's own Discord identities; another user's id answers 404 like an unknown one" },
  "v1/invites/[token]/accept": { public: "the invite link's secret names the organization; only the signed-in holder of the invited email joins" },
  "v1/invites/[token]/sign-up": { public: "the invite link's secret is the credential: creates the account of the invited email only, and only while the link is unused" },
  "jira/link": {
    requests: (w) => [{ method: "POST", params: {}, body: { token: w.unlinkedSiteToken, organization: w.a.slug } }],
  },
  "v1/groups/[groupId]": {
    requests: (w) => [
      { method: "GET", params: { groupId: w.a.groupId } },
      { method: "PUT", params: { groupId: w.a.groupId }, body: { status: "resolved" } },
    ],
    mixed: (w) => [{ method: "PUT", params: { groupId: w.b.groupId }, body: { assignedTo: `user:${w.a.ownerId}` } }],
  },
  "v1/groups/[groupId]/events": {
    requests: (w) => [{ method: "GET", params: { groupId: w.a.groupId } }],
  },
  "v1/groups/[groupId]/activity": {
    requests: (w) => [{ method: "GET", params: { groupId: w.a.groupId } }],
  },
  "v1/groups/[groupId]/stats": {
    requests: (w) => [{ method: "GET", params: { groupId: w.a.groupId }, query: { period: "14d" } }],
  },
  "v1/groups/[groupId]/external-issues": {
    requests: (w) => [{ method: "POST", params: { groupId: w.a.groupId }, body: createIssueBody(w.a.integrationId) }],
    mixed: (w) => [{ method: "POST", params: { groupId: w.b.groupId }, body: createIssueBody(w.a.integrationId) }],
  },
  "v1/groups/[groupId]/external-issues/form": {
    requests: (w) => [{ method: "GET", params: { groupId: w.a.groupId }, query: { integration: w.a.integrationId } }],
    mixed: (w) => [{ method: "GET", params: { groupId: w.b.groupId }, query: { integration: w.a.integrationId } }],
  },
  "v1/groups/[groupId]/external-issues/search": {
    requests: (w) => [{ method: "GET", params: { groupId: w.a.groupId }, query: { integration: w.a.integrationId, field: "assignee", kind: "user", query: "a" } }],
    mixed: (w) => [{ method: "GET", params: { groupId: w.b.groupId }, query: { integration: w.a.integrationId, field: "assignee", kind: "user", query: "a" } }],
  },
  "v1/groups/[groupId]/external-issues/[externalIssueId]": {
    requests: (w) => [{ method: "DELETE", params: { groupId: w.a.groupId, externalIssueId: w.a.externalIssueId } }],
    mixed: (w) => [
      {
        method: "DELETE",
        params: { groupId: w.b.groupId, externalIssueId: w.a.externalIssueId },
        alsoAccept: { status: 204, reason: "unlinking an issue that is not linked to your own group is an idempotent no-op, answered alike for any id" },
      },
    ],
  },
  "v1/organizations/[orgSlug]/api-tokens": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug } },
      { method: "POST", params: { orgSlug: w.a.slug }, body: { name: "isolation probe", scopes: ["issues:read"] } },
    ],
  },
  "v1/organizations/[orgSlug]/api-tokens/[tokenId]": {
    requests: (w) => [{ method: "DELETE", params: { orgSlug: w.a.slug, tokenId: w.a.tokenId } }],
    mixed: (w) => [{ method: "DELETE", params: { orgSlug: w.b.slug, tokenId: w.a.tokenId } }],
  },
  "v1/organizations/[orgSlug]/sandbox-jira/issues": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/sandbox-jira/issues/[issueKey]": {
    requests: (w) => [{ method: "PATCH", params: { orgSlug: w.a.slug, issueKey: w.sandboxIssueKey }, body: { statusId: "3" } }],
    mixed: (w) => [{ method: "PATCH", params: { orgSlug: w.b.slug, issueKey: w.sandboxIssueKey }, body: { statusId: "10101" } }],
  },
  "v1/organizations/[orgSlug]/groups": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug } },
      { method: "PUT", params: { orgSlug: w.a.slug }, query: { id: w.a.groupId }, body: { status: "unresolved" } },
    ],
    mixed: (w) => [{ method: "PUT", params: { orgSlug: w.b.slug }, query: { id: w.a.groupId }, body: { status: "resolved" } }],
  },
  "v1/organizations/[orgSlug]/groups/counts": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/members": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug } },
      { method: "GET", params: { orgSlug: w.a.slug }, query: { view: "settings" } },
    ],
  },
  "v1/organizations/[orgSlug]/invites": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug } },
      { method: "POST", params: { orgSlug: w.a.slug }, body: { email: `probe.${w.a.marker}@example.com`, role: "member" } },
    ],
  },
  "v1/organizations/[orgSlug]/invites/[inviteId]/resend": {
    requests: (w) => [{ method: "POST", params: { orgSlug: w.a.slug, inviteId: w.a.inviteId } }],
    mixed: (w) => [{ method: "POST", params: { orgSlug: w.b.slug, inviteId: w.a.inviteId } }],
  },
  "v1/organizations/[orgSlug]/invites/[inviteId]": {
    requests: (w) => [{ method: "DELETE", params: { orgSlug: w.a.slug, inviteId: w.a.inviteId } }],
    mixed: (w) => [{ method: "DELETE", params: { orgSlug: w.b.slug, inviteId: w.a.inviteId } }],
  },
  "v1/organizations/[orgSlug]/teams": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug } },
      { method: "POST", params: { orgSlug: w.a.slug }, body: { name: "Isolation probe" } },
    ],
  },
  "v1/organizations/[orgSlug]/teams/[teamId]/members": {
    requests: (w) => [{ method: "POST", params: { orgSlug: w.a.slug, teamId: w.a.teamId }, body: { memberId: w.a.memberId } }],
    mixed: (w) => [
      { method: "POST", params: { orgSlug: w.b.slug, teamId: w.b.teamId }, body: { memberId: w.a.memberId } },
      { method: "POST", params: { orgSlug: w.b.slug, teamId: w.a.teamId }, body: { memberId: w.b.memberId } },
    ],
  },
  // The DELETEs below run in this order: off the team, then the team, then the member.
  "v1/organizations/[orgSlug]/teams/[teamId]/members/[memberId]": {
    requests: (w) => [{ method: "DELETE", params: { orgSlug: w.a.slug, teamId: w.a.teamId, memberId: w.a.memberId } }],
    mixed: (w) => [{ method: "DELETE", params: { orgSlug: w.b.slug, teamId: w.b.teamId, memberId: w.a.memberId } }],
  },
  "v1/organizations/[orgSlug]/teams/[teamId]": {
    requests: (w) => [{ method: "DELETE", params: { orgSlug: w.a.slug, teamId: w.a.teamId } }],
    mixed: (w) => [{ method: "DELETE", params: { orgSlug: w.b.slug, teamId: w.a.teamId } }],
  },
  "v1/organizations/[orgSlug]/members/[memberId]": {
    requests: (w) => [
      { method: "PATCH", params: { orgSlug: w.a.slug, memberId: w.a.memberId }, body: { role: "admin" } },
      { method: "DELETE", params: { orgSlug: w.a.slug, memberId: w.a.memberId } },
    ],
    mixed: (w) => [
      { method: "PATCH", params: { orgSlug: w.b.slug, memberId: w.a.memberId }, body: { role: "admin" } },
      { method: "DELETE", params: { orgSlug: w.b.slug, memberId: w.a.memberId } },
    ],
  },
  "v1/organizations/[orgSlug]/projects": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/integrations": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/integrations/[integrationId]": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug, integrationId: w.a.integrationId } },
      { method: "PUT", params: { orgSlug: w.a.slug, integrationId: w.a.integrationId }, body: { sync_forward_assignment: true } },
    ],
    mixed: (w) => [
      { method: "GET", params: { orgSlug: w.b.slug, integrationId: w.a.integrationId } },
      { method: "PUT", params: { orgSlug: w.b.slug, integrationId: w.a.integrationId }, body: { sync_forward_assignment: true } },
    ],
  },
  "v1/organizations/[orgSlug]/integrations/[integrationId]/jira-catalog": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug, integrationId: w.a.integrationId } }],
    mixed: (w) => [{ method: "GET", params: { orgSlug: w.b.slug, integrationId: w.a.integrationId } }],
  },
  "v1/organizations/[orgSlug]/sync-events": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/sync-events/[syncEventId]": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug, syncEventId: w.a.syncEventId } }],
    mixed: (w) => [{ method: "GET", params: { orgSlug: w.b.slug, syncEventId: w.a.syncEventId } }],
  },
  "v1/organizations/[orgSlug]/sync-events/[syncEventId]/retry": {
    requests: (w) => [{ method: "POST", params: { orgSlug: w.a.slug, syncEventId: w.a.syncEventId } }],
    mixed: (w) => [{ method: "POST", params: { orgSlug: w.b.slug, syncEventId: w.a.syncEventId } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/events": {
    requests: (w) => [{ method: "POST", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug }, body: { message: "isolation probe" } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/ownership": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug } },
      { method: "PUT", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug }, body: { rules: "" } },
    ],
  },
  "v1/organizations/[orgSlug]/discord/install": {
    requests: (w) => [{ method: "GET", params: { orgSlug: w.a.slug } }],
  },
  "v1/organizations/[orgSlug]/discord/guilds/[guildId]": {
    requests: (w) => [{ method: "DELETE", params: { orgSlug: w.a.slug, guildId: w.a.discordGuildId } }],
    // B's own organization naming A's guild: nothing of B's is removed, and A's guild stays.
    mixed: (w) => [{ method: "DELETE", params: { orgSlug: w.b.slug, guildId: w.a.discordGuildId } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/alert-rules": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug } },
      { method: "POST", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug }, body: { name: "probe", discord: { integrationId: w.a.discordIntegrationId, channel: w.a.discordChannelId } } },
    ],
    // B's own project with A's Discord guild: refused without writing a rule.
    mixed: (w) => [{ method: "POST", params: { orgSlug: w.b.slug, projectSlug: w.b.projectSlug }, body: { name: "probe", discord: { integrationId: w.a.discordIntegrationId, channel: w.a.discordChannelId } }, alsoAccept: { status: 400, reason: "A's guild is named as not installed on B's organization, which says nothing about A" } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys": {
    requests: (w) => [
      { method: "GET", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug } },
      { method: "POST", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug }, body: { label: "probe" } },
    ],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys/[keyId]": {
    requests: (w) => [{ method: "PATCH", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug, keyId: w.a.projectKeyId }, body: { label: "probe", rateLimitPerMinute: 60 } }],
    mixed: (w) => [{ method: "PATCH", params: { orgSlug: w.b.slug, projectSlug: w.b.projectSlug, keyId: w.a.projectKeyId }, body: { isActive: false } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys/[keyId]/rotate": {
    requests: (w) => [{ method: "POST", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug, keyId: w.a.projectKeyId } }],
    mixed: (w) => [{ method: "POST", params: { orgSlug: w.b.slug, projectSlug: w.b.projectSlug, keyId: w.a.projectKeyId } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/alert-rules/[ruleId]": {
    requests: (w) => [
      { method: "PATCH", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug, ruleId: w.a.alertRuleId }, body: { enabled: false } },
      { method: "DELETE", params: { orgSlug: w.a.slug, projectSlug: w.a.projectSlug, ruleId: w.a.alertRuleId } },
    ],
    mixed: (w) => [
      { method: "PATCH", params: { orgSlug: w.b.slug, projectSlug: w.b.projectSlug, ruleId: w.a.alertRuleId }, body: { enabled: false } },
      { method: "DELETE", params: { orgSlug: w.b.slug, projectSlug: w.b.projectSlug, ruleId: w.a.alertRuleId } },
    ],
  },
};

/** Discord for the alert-rule routes: each organization's guild and channel live here. */
const discord = new FakeDiscord();
let discordIds = 870000000000000000n;

function createIssueBody(integrationId: string) {
  return { integrationId, action: "create", fields: { project: "10000", issuetype: "10002", title: "Isolation probe", description: "probe" } };
}

// ───────────── route discovery (lib/testing/route-files.ts) ─────────────

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, Handler>>;

const loadRoute = (key: string) => loadRouteModule<RouteModule>(key);

function exportedMethods(module: RouteModule): Method[] {
  return METHODS.filter((method) => typeof module[method] === "function");
}

const discovered = routeFiles().sort();
const protectedRoutes = Object.entries(ROUTES).filter((entry): entry is [string, ProtectedRoute] => !("public" in entry[1]));

describe("every API route has an organization isolation case", () => {
  it("lists exactly the route files under app/", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(discovered);
  });

  it.each(protectedRoutes.map(([key]) => key))("%s: covers every exported method", async (key) => {
    const routeModule = await loadRoute(key);
    const world = placeholderWorld();
    const route = ROUTES[key] as ProtectedRoute;
    const covered = new Set(route.requests(world).map((request) => request.method));
    expect(exportedMethods(routeModule).filter((method) => !covered.has(method))).toEqual([]);
  });
});

// ───────────── the two organizations ─────────────

async function buildOrganization(db: Database["prisma"], label: string): Promise<OrganizationWorld> {
  const marker = `${label}-secret-${Math.random().toString(36).slice(2, 10)}`;
  const jira = await new FakeJira().start();
  jira.sharedSecret = `shared-${marker}`;
  const { organization, project, users } = await createOrganizationWithProject(db, { members: 1 });
  const owner = users[0];
  await db.organization.update({ where: { id: organization.id }, data: { name: `Org ${marker}` } });
  await db.project.update({ where: { id: project.id }, data: { name: `Project ${marker}` } });
  await db.organizationMember.update({ where: { organizationId_userId: { organizationId: organization.id, userId: owner.id } }, data: { role: "owner" } });
  await db.user.update({ where: { id: owner.id }, data: { name: `Owner ${marker}` } });
  const group = await createGroup(db, project.id, { title: `Error ${marker}`, culprit: `culprit-${marker}` });
  const integration = await db.integration.create({
    data: { provider: "jira", externalId: jira.clientKey, name: `Jira ${marker}`, metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
  });
  const { externalIssue } = await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, integrationId: integration.id, key: `${label.toUpperCase()}-1` });
  await db.externalIssue.update({ where: { id: externalIssue.id }, data: { title: `Issue ${marker}` } });
  const syncEvent = await db.syncEvent.create({
    data: {
      organizationId: organization.id,
      integrationId: integration.id,
      provider: "jira",
      direction: "outbound",
      kind: "assignee",
      groupId: group.id,
      externalKey: externalIssue.key,
      outcome: "failed",
      error: `failure ${marker}`,
      payload: { externalIssueId: externalIssue.id },
    },
  });
  const token = await createApiToken(db, { organizationId: organization.id, name: `all ${marker}`, scopes: [...API_SCOPES], createdById: owner.id });
  const guildId = (discordIds += 1n).toString();
  const discordChannelId = (discordIds += 1n).toString();
  discord.addGuild(guildId, `Guild ${marker}`);
  discord.addChannel({ id: discordChannelId, guildId, name: `alerts-${marker}`, type: 0 });
  const discordIntegration = (await installDiscordGuild(db, organization.id, guildId, `Guild ${marker}`)).integration;
  const alertRule = await db.alertRule.create({
    data: {
      organizationId: organization.id,
      projectId: project.id,
      kind: "issue",
      name: `Rule ${marker}`,
      config: { triggers: ["new_group"], discord: { integrationId: discordIntegration.id, guildId, channelId: discordChannelId, channelName: `alerts-${marker}`, tags: [] } },
    },
  });
  const projectKey = await db.projectKey.create({ data: { projectId: project.id, publicKey: randomBytes(16).toString("hex"), label: `Key ${marker}` } });
  const second = await createMemberFixture(db, organization.id);
  const secondMember = await db.organizationMember.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: organization.id, userId: second.id } } });
  const team = await db.team.create({ data: { organizationId: organization.id, slug: `team-${label}`, name: `Team ${marker}` } });
  const invite = await db.organizationInvite.create({
    data: { organizationId: organization.id, email: `invitee.${marker}@example.com`, tokenHash: `isolation-${marker}`, invitedById: owner.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return {
    memberId: secondMember.id,
    teamId: team.id,
    inviteId: invite.id,
    slug: organization.slug,
    marker,
    projectSlug: project.slug,
    groupId: group.id,
    integrationId: integration.id,
    externalIssueId: externalIssue.id,
    syncEventId: syncEvent.id,
    ownerId: owner.id,
    ownerCookie: await sessionCookieFor(owner.id),
    token: token.token,
    tokenId: token.id,
    jira,
    discordIntegrationId: discordIntegration.id,
    discordGuildId: guildId,
    discordChannelId,
    alertRuleId: alertRule.id,
    projectKeyId: projectKey.id,
  };
}

function placeholderWorld(): World {
  const org = (label: string): OrganizationWorld => ({
    slug: label, marker: label, projectSlug: label, groupId: label, integrationId: label, externalIssueId: label,
    syncEventId: label, ownerId: label, ownerCookie: "", token: "", tokenId: label, jira: new FakeJira(),
    discordIntegrationId: label, discordGuildId: label, discordChannelId: label, alertRuleId: label, projectKeyId: label,
    memberId: label, teamId: label, inviteId: label,
  });
  return { a: org("a"), b: org("b"), unlinkedSiteToken: "", sandboxIssueKey: "APP-1", sandboxSecret: "" };
}

// ───────────── checks ─────────────

/**
 * A fingerprint of every row of every table, to prove a refused request wrote nothing. Only
 * ApiToken.lastUsedAt is left out: verifying B's own token stamps it.
 */
async function snapshot(db: Database["prisma"]): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(
      `SELECT md5(coalesce(string_agg(r.line, '|' ORDER BY r.line), '')) AS digest
         FROM (SELECT (to_jsonb(t) - 'lastUsedAt')::text AS line FROM "${name}" t) r`,
    );
    out[name] = row.digest;
  }
  return out;
}

async function send(key: string, request: CrossOrgRequest, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const routeModule = await loadRoute(key);
  const handler = routeModule[request.method];
  if (!handler) throw new Error(`${key} does not export ${request.method}`);
  const urlPath = Object.entries(request.params).reduce((acc, [name, value]) => acc.replace(`[${name}]`, encodeURIComponent(value)), routeUrlPath(key));
  const url = new URL(`https://tether.test${urlPath}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  // A session's requests come from the dashboard's own origin, as a browser's would.
  const init: RequestInit = { method: request.method, headers: { ...headers, ...(headers.cookie ? { origin: url.origin } : {}) } };
  if (request.body !== undefined) {
    init.body = JSON.stringify(request.body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await handler(new Request(url, init), { params: Promise.resolve(request.params) });
  return { status: response.status, text: await response.text() };
}

function describeRequest(request: CrossOrgRequest): string {
  return `${request.method} ${JSON.stringify(request.params)}${request.query ? ` ?${new URLSearchParams(request.query)}` : ""}`;
}

describe.each(await testDatabaseKinds())("organization isolation on %s", (kind) => {
  let database: Database;
  let world: World;
  const spareJira = new FakeJira();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    await discord.start();
    useFakeDiscordEnvironment(discord);
    // The Add to Discord link is offered only with the OAuth2 client secret set.
    process.env.DISCORD_CLIENT_SECRET = "isolation-client-secret";
    const a = await buildOrganization(db, "alpha");
    const b = await buildOrganization(db, "bravo");
    await spareJira.start();
    await db.integration.create({ data: { provider: "jira", externalId: spareJira.clientKey, name: "Unlinked Jira", metadata: { base_url: spareJira.baseUrl } } });
    // No server answers the sandbox's webhook here: A's change stands and reports Tether did not hear of it.
    process.env.TETHER_INTERNAL_URL = "http://127.0.0.1:9";
    const sandbox = await linkSandboxJiraSite(db, (await db.organization.findUniqueOrThrow({ where: { slug: a.slug } })).id);
    world = { a, b, unlinkedSiteToken: await issueSiteLinkToken(spareJira.clientKey), sandboxIssueKey: sandbox.issueKey, sandboxSecret: (await ensureSandboxJiraSite(db)).sharedSecret };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database?.close();
    await Promise.all([world?.a.jira.stop(), world?.b.jira.stop(), spareJira.stop(), discord.stop()]);
  });

  const cases = protectedRoutes.flatMap(([key, route]) => [
    ...route.requests(placeholderWorld()).map((_, index) => ({ key, label: `${key} #${index + 1}`, pick: (w: World) => route.requests(w)[index] })),
    ...(route.mixed?.(placeholderWorld()) ?? []).map((_, index) => ({ key, label: `${key} mixed #${index + 1}`, pick: (w: World) => route.mixed!(w)[index] })),
  ]);

  it.each(cases)("$label: organization B is refused and nothing is written", async ({ key, pick }) => {
    const request = pick(world);
    const callers = { "B's owner (session)": { cookie: world.b.ownerCookie }, "B's all-scope token": { authorization: `Bearer ${world.b.token}` } };
    for (const [caller, headers] of Object.entries(callers)) {
      const before = await snapshot(database.prisma);
      const { status, text } = await send(key, request, headers);
      const what = `${caller}: ${describeRequest(request)} → ${status} ${text.slice(0, 200)}`;
      expect([401, 403, 404, ...(request.alsoAccept ? [request.alsoAccept.status] : [])], what).toContain(status);
      expect(text, what).not.toContain(world.a.marker);
      expect(await snapshot(database.prisma), `${what} changed the database`).toEqual(before);
    }
  });

  describe("the sandbox site's REST API", () => {
    const restPath = (w: World) => `/rest/api/2/issue/${w.sandboxIssueKey}/comment`;
    async function callSandbox(method: "GET" | "POST", sitePath: string, token: string | null) {
      const { GET, POST } = await import("@/app/sandbox/jira/rest/[...path]/route");
      const url = `https://tether.test/sandbox/jira${sitePath}`;
      const init: RequestInit = { method, headers: token ? { authorization: `JWT ${token}` } : {} };
      if (method === "POST") {
        init.body = JSON.stringify({ body: "from another organization" });
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
      const response = await (method === "GET" ? GET : POST)(new Request(url, init), { params: Promise.resolve({ path: sitePath.split("/").slice(2) }) });
      return { status: response.status, text: await response.text() };
    }
    const siteUrl = (sitePath: string) => `https://tether.test${sitePath}`;

    it("serves only the sandbox installation's own JWT: B's installation, B's secret and B's credentials are refused, and nothing is written", async () => {
      const issuePath = `/rest/api/2/issue/${world.sandboxIssueKey}`;
      const forged = {
        "B's Jira installation (its client key and secret)": async (method: string, p: string) => world.b.jira.signWebhook(method, siteUrl(p)),
        "Tether's app key with B's installation secret": async (method: string, p: string) => signConnectJwt({ appKey: jiraAppSettings().appKey, sharedSecret: world.b.jira.sharedSecret ?? "", method, url: siteUrl(p) }),
        "B's all-scope API token": async () => world.b.token,
      };
      for (const [caller, sign] of Object.entries(forged)) {
        for (const [method, p] of [["GET", issuePath], ["POST", restPath(world)]] as const) {
          const before = await snapshot(database.prisma);
          const { status, text } = await callSandbox(method, p, await sign(method, p));
          expect(status, `${caller} ${method} ${p}: ${text}`).toBe(401);
          expect(text).not.toContain("Sandbox issue");
          expect(await snapshot(database.prisma), `${caller} ${method} changed the database`).toEqual(before);
        }
      }
      const unsigned = await callSandbox("GET", issuePath, null);
      expect(unsigned.status).toBe(401);
      // The sandbox's own install secret (what Tether signs with) is served: the refusals above are meaningful.
      const own = await callSandbox("GET", issuePath, await signConnectJwt({ appKey: jiraAppSettings().appKey, sharedSecret: world.sandboxSecret, method: "GET", url: siteUrl(issuePath) }));
      expect(own.status, own.text).toBe(200);
      expect(own.text).toContain("Sandbox issue");
    });
  });

  // Last, because they write (and DELETE removes what other requests use).
  const controls = protectedRoutes
    .flatMap(([key, route]) => route.requests(placeholderWorld()).map((request, index) => ({ key, method: request.method, index, route })))
    .sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));

  it.each(controls)("$key $method: organization A's owner is not refused (the case is meaningful)", async ({ key, index, route }) => {
    const request = route.requests(world)[index];
    const { status, text } = await send(key, request, { cookie: world.a.ownerCookie });
    expect(status, `${describeRequest(request)} → ${status} ${text.slice(0, 300)}`).toBeLessThan(400);
  });
});
