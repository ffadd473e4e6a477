// Defect 9: NUL characters and unpaired UTF-16 surrogates cannot be stored (or even looked up) in
// PostgreSQL. Every route file under app/ is listed here with the requests it takes; each
// request is then replayed with NUL or a lone surrogate in every path parameter, every query
// parameter (plus malformed percent-encoding), every body string and a body key, and — on the Jira
// routes — in the Connect JWT's issuer. Every variant must be refused with 400 (401 for a token),
// never 500, and must leave the database unchanged.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordInteractionSigner, FAKE_DISCORD_APPLICATION_ID } from "@/e2e/fakes/fake-discord";
import { FakeJira } from "@/e2e/fakes/fake-jira";
import { API_SCOPES } from "@/lib/auth/scopes";
import { createApiToken } from "@/lib/auth/tokens";
import { sealSecrets } from "@/lib/crypto/secrets";
import { setDatabase, type Database } from "@/lib/db/client";
import { forgetIngestionKeys } from "@/lib/domain/projects/ingestion-key-cache";
import { clearInstallKeyCache } from "@/lib/integrations/jira/install-keys";
import { jiraAppSettings } from "@/lib/integrations/jira/app-settings";
import { queryStringHash, signConnectJwt } from "@/lib/integrations/jira/connect-jwt";
import { signIdentityLink } from "@/lib/integrations/discord/identity-link-token";
import { issueSiteLinkToken } from "@/lib/integrations/jira/site-link-token";
import { createTestDatabase, testDatabaseKinds } from "@/lib/testing/db";
import { discordTestEnvironment, installDiscordGuild } from "@/lib/testing/discord-fixtures";
import { sessionCookieFor } from "@/lib/testing/fixtures";
import { createGroup, createOrganizationWithProject, linkExternalIssue } from "@/lib/testing/group-fixtures";
import { linkSandboxJiraSite } from "@/lib/testing/sandbox-fixtures";
import { ensureSandboxJiraSite } from "@/lib/sandbox/site";
import { loadRoute as loadRouteModule, routeFiles, routeUrlPath } from "@/lib/testing/route-files";

const BASE = "https://tether.test";
const discordSigner = new DiscordInteractionSigner();
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface World {
  orgSlug: string;
  projectSlug: string;
  groupId: string;
  integrationId: string;
  externalIssueId: string;
  syncEventId: string;
  tokenId: string;
  token: string;
  unlinkedSiteToken: string;
  jira: FakeJira;
  /** The owner's session (routes only a signed-in browser may call). */
  sessionCookie: string;
  alertRuleId: string;
  projectKeyId: string;
  discordIntegrationId: string;
  discordGuildId: string;
  linkToken: string;
  memberId: string;
  teamId: string;
  inviteId: string;
  /** The sandbox Jira site's install secret (Tether signs its REST calls with it) and one of its issues. */
  sandboxSecret: string;
  sandboxKeyId: string;
  sandboxIssueKey: string;
  /** The project's SDK ingestion id and client key (the envelope and store endpoints). */
  ingestId: number;
  publicKey: string;
}

interface Probe {
  method: Method;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Jira routes authenticate with a Connect JWT instead of Tether's API token; the sandbox site's REST API with Tether's own (iss = app key). */
  jira?: "webhook" | "install" | "sandbox";
  /** Discord's interactions authenticate with an Ed25519 signature over the body sent; session routes with the owner's cookie. */
  auth?: "discord" | "session";
  /** The code a refused body answers with, when it is not invalid_characters (event ingestion names the event's field). */
  bodyCode?: string;
  /**
   * SDK intake never refuses an event for its content: unstorable text in the body is stored as
   * U+FFFD (200), while the path and query are refused like everywhere else.
   */
  bodyStoredSanitized?: true;
}

type RouteCase = { readsNoInput: string } | { probes(world: World): Probe[] };

const ROUTES: Record<string, RouteCase> = {
  health: { readsNoInput: "answers the database's health; reads no parameter, query or body" },
  "bench/noop": { readsNoInput: "benchmark floor (404 unless TETHER_BENCH_ROUTES=1); discards its body, never touches the database" },
  "jira/descriptor": { readsNoInput: "a static Connect descriptor" },
  "auth/[...nextauth]": { readsNoInput: "next-auth's endpoints: the only input reaching the database is the sign-in email, which the credentials schema refuses unless it is an email" },
  // Key-authenticated SDK intake; an envelope's body is not JSON, so only its path and query are varied here (its event items are checked like the store body in lib/intake/sdk-endpoints.test.ts).
  "[projectId]/envelope": { probes: (w) => [{ method: "POST", params: { projectId: String(w.ingestId) }, query: { sentry_key: w.publicKey, sentry_version: "7" } }] },
  "[projectId]/store": {
    probes: (w) => [
      {
        method: "POST",
        params: { projectId: String(w.ingestId) },
        query: { sentry_key: w.publicKey, sentry_version: "7" },
        body: { event_id: "0123456789abcdef0123456789abcdef", message: "probe", level: "error", tags: { area: "web" } },
        bodyStoredSanitized: true,
      },
    ],
  },
  "jira/installed": { probes: (w) => [{ method: "POST", params: {}, body: w.jira.installPayload(), jira: "install" }] },
  "jira/uninstalled": { probes: () => [{ method: "POST", params: {}, jira: "webhook" }] },
  "jira/issue-updated": { probes: () => [{ method: "POST", params: {}, body: { webhookEvent: "jira:issue_updated", issue: { key: "APP-1", fields: {} }, changelog: { items: [] } }, jira: "webhook" }] },
  "jira/link": { probes: (w) => [{ method: "POST", params: {}, body: { token: w.unlinkedSiteToken, organization: w.orgSlug } }] },
  "v1/me/sessions/revoke": { probes: () => [{ method: "POST", params: {} }] },
  "v1/me": { probes: () => [{ method: "GET", params: {}, auth: "session" }, { method: "PATCH", params: {}, auth: "session", body: { name: "Probe" } }] },
  "v1/me/password": { probes: () => [{ method: "POST", params: {}, auth: "session", body: { currentPassword: "not the password", newPassword: "a new password" } }] },
  "v1/me/identities/[identityId]": { probes: () => [{ method: "DELETE", params: { identityId: "probe" }, auth: "session" }] },
  "v1/invites/[token]/accept": { probes: () => [{ method: "POST", params: { token: "tinv_probe" }, auth: "session" }] },
  "v1/invites/[token]/sign-up": { probes: () => [{ method: "POST", params: { token: "tinv_probe" }, auth: "session", body: { name: "Probe", password: "long enough" } }] },
  "v1/organizations/[orgSlug]/invites": {
    probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }, { method: "POST", params: { orgSlug: w.orgSlug }, body: { email: "probe@example.com", role: "member" } }],
  },
  "v1/organizations/[orgSlug]/invites/[inviteId]": { probes: (w) => [{ method: "DELETE", params: { orgSlug: w.orgSlug, inviteId: w.inviteId } }] },
  "v1/organizations/[orgSlug]/invites/[inviteId]/resend": { probes: (w) => [{ method: "POST", params: { orgSlug: w.orgSlug, inviteId: w.inviteId } }] },
  "v1/organizations/[orgSlug]/members/[memberId]": {
    probes: (w) => [{ method: "PATCH", params: { orgSlug: w.orgSlug, memberId: w.memberId }, body: { role: "admin" } }, { method: "DELETE", params: { orgSlug: w.orgSlug, memberId: w.memberId } }],
  },
  "v1/organizations/[orgSlug]/teams": {
    probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }, { method: "POST", params: { orgSlug: w.orgSlug }, body: { name: "Probe", slug: "probe" } }],
  },
  "v1/organizations/[orgSlug]/teams/[teamId]": { probes: (w) => [{ method: "DELETE", params: { orgSlug: w.orgSlug, teamId: w.teamId } }] },
  "v1/organizations/[orgSlug]/teams/[teamId]/members": { probes: (w) => [{ method: "POST", params: { orgSlug: w.orgSlug, teamId: w.teamId }, body: { memberId: w.memberId } }] },
  "v1/organizations/[orgSlug]/teams/[teamId]/members/[memberId]": { probes: (w) => [{ method: "DELETE", params: { orgSlug: w.orgSlug, teamId: w.teamId, memberId: w.memberId } }] },
  "discord/interactions": {
    probes: (w) => [{ method: "POST", params: {}, auth: "discord", body: { id: "1600000000000000001", application_id: FAKE_DISCORD_APPLICATION_ID, type: 2, token: "t", guild_id: w.discordGuildId, member: { user: { id: "1600000000000000002" } }, data: { name: "help" } } }],
  },
  "discord/install/callback": { probes: (w) => [{ method: "GET", params: {}, auth: "session", query: { state: "probe", code: "probe", guild_id: w.discordGuildId } }] },
  "discord/link-identity": { probes: (w) => [{ method: "POST", params: {}, auth: "session", body: { token: w.linkToken } }] },
  "discord/unlink-identity": { probes: (w) => [{ method: "POST", params: {}, auth: "session", body: { token: w.linkToken } }] },
  "v1/organizations/[orgSlug]/discord/install": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug }, auth: "session" }] },
  "v1/organizations/[orgSlug]/discord/guilds/[guildId]": { probes: (w) => [{ method: "DELETE", params: { orgSlug: w.orgSlug, guildId: w.discordGuildId } }] },
  "v1/projects/[orgSlug]/[projectSlug]/alert-rules": {
    probes: (w) => [
      { method: "GET", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug } },
      { method: "POST", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug }, body: { kind: "issue", name: "probe", discord: { integrationId: w.discordIntegrationId, channel: "1600000000000000003", tags: ["env"] } } },
    ],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys": {
    probes: (w) => [
      { method: "GET", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug } },
      { method: "POST", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug }, body: { label: "probe", rateLimitPerMinute: 60 } },
    ],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys/[keyId]": {
    probes: (w) => [{ method: "PATCH", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug, keyId: w.projectKeyId }, body: { label: "probe" } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/keys/[keyId]/rotate": {
    probes: (w) => [{ method: "POST", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug, keyId: w.projectKeyId } }],
  },
  "v1/projects/[orgSlug]/[projectSlug]/alert-rules/[ruleId]": {
    probes: (w) => [
      { method: "PATCH", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug, ruleId: w.alertRuleId }, body: { name: "probe" } },
      { method: "DELETE", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug, ruleId: w.alertRuleId } },
    ],
  },
  "v1/groups/[groupId]": {
    probes: (w) => [
      { method: "GET", params: { groupId: w.groupId } },
      { method: "PUT", params: { groupId: w.groupId }, body: { status: "resolved", assignedTo: "me" } },
    ],
  },
  "v1/groups/[groupId]/events": { probes: (w) => [{ method: "GET", params: { groupId: w.groupId }, query: { cursor: "abc", limit: "5" } }] },
  "v1/groups/[groupId]/activity": { probes: (w) => [{ method: "GET", params: { groupId: w.groupId }, query: { cursor: "abc" } }] },
  "v1/groups/[groupId]/stats": { probes: (w) => [{ method: "GET", params: { groupId: w.groupId }, query: { period: "14d" } }] },
  "v1/groups/[groupId]/external-issues": {
    probes: (w) => [
      {
        method: "POST",
        params: { groupId: w.groupId },
        body: { integrationId: w.integrationId, action: "create", fields: { project: "10000", issuetype: "10002", title: "Probe", description: "probe" } },
      },
      { method: "POST", params: { groupId: w.groupId }, body: { integrationId: w.integrationId, action: "link", externalIssue: "APP-1", comment: "probe" } },
    ],
  },
  "v1/groups/[groupId]/external-issues/form": { probes: (w) => [{ method: "GET", params: { groupId: w.groupId }, query: { integration: w.integrationId, project: "10000" } }] },
  "v1/groups/[groupId]/external-issues/search": {
    probes: (w) => [{ method: "GET", params: { groupId: w.groupId }, query: { integration: w.integrationId, field: "assignee", kind: "user", query: "a" } }],
  },
  "v1/groups/[groupId]/external-issues/[externalIssueId]": { probes: (w) => [{ method: "DELETE", params: { groupId: w.groupId, externalIssueId: w.externalIssueId } }] },
  "v1/organizations/[orgSlug]/api-tokens": {
    probes: (w) => [
      { method: "GET", params: { orgSlug: w.orgSlug } },
      { method: "POST", params: { orgSlug: w.orgSlug }, body: { name: "probe", scopes: ["issues:read"] } },
    ],
  },
  "v1/organizations/[orgSlug]/api-tokens/[tokenId]": { probes: (w) => [{ method: "DELETE", params: { orgSlug: w.orgSlug, tokenId: w.tokenId } }] },
  "v1/organizations/[orgSlug]/sandbox-jira/issues": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }] },
  "v1/organizations/[orgSlug]/sandbox-jira/issues/[issueKey]": {
    probes: (w) => [{ method: "PATCH", params: { orgSlug: w.orgSlug, issueKey: "APP-1" }, body: { statusId: "3", assigneeAccountId: "sandbox-sam" } }],
  },
  "v1/organizations/[orgSlug]/groups": {
    probes: (w): Probe[] => [
      { method: "GET", params: { orgSlug: w.orgSlug }, query: { query: "payment", project: w.projectSlug } },
      { method: "PUT", params: { orgSlug: w.orgSlug }, query: { id: w.groupId }, body: { status: "unresolved" } },
    ],
  },
  "v1/organizations/[orgSlug]/groups/counts": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug }, query: { query: "payment", project: w.projectSlug } }] },
  "v1/organizations/[orgSlug]/members": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }, { method: "GET", params: { orgSlug: w.orgSlug }, query: { view: "settings" } }] },
  "v1/organizations/[orgSlug]/projects": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }] },
  "v1/organizations/[orgSlug]/integrations": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug } }] },
  "v1/organizations/[orgSlug]/integrations/[integrationId]": {
    probes: (w) => [
      { method: "GET", params: { orgSlug: w.orgSlug, integrationId: w.integrationId } },
      { method: "PUT", params: { orgSlug: w.orgSlug, integrationId: w.integrationId }, body: { sync_forward_assignment: true, resolution_strategy: "resolve", projects: [{ id: "10000", resolved_status: "3" }] } },
    ],
  },
  "v1/organizations/[orgSlug]/integrations/[integrationId]/jira-catalog": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug, integrationId: w.integrationId } }] },
  "v1/organizations/[orgSlug]/sync-events": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug }, query: { cursor: "abc", outcome: "failed", group: "API-1", from: "2026-11-01" } }] },
  "v1/organizations/[orgSlug]/sync-events/[syncEventId]": { probes: (w) => [{ method: "GET", params: { orgSlug: w.orgSlug, syncEventId: w.syncEventId } }] },
  "v1/organizations/[orgSlug]/sync-events/[syncEventId]/retry": { probes: (w) => [{ method: "POST", params: { orgSlug: w.orgSlug, syncEventId: w.syncEventId } }] },
  "v1/projects/[orgSlug]/[projectSlug]/events": {
    probes: (w) => [{ method: "POST", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug }, body: { message: "probe", release: "1.0.0", tags: { area: "web" } }, bodyCode: "validation_failed" }],
  },
  "/sandbox/jira/rest/[...path]": {
    probes: (w): Probe[] => [
      { method: "GET", params: { path: `api/2/issue/${w.sandboxIssueKey}` }, query: { expand: "names" }, jira: "sandbox" },
      { method: "GET", params: { path: "api/2/user/search" }, query: { query: "sam" }, jira: "sandbox" },
      { method: "POST", params: { path: `api/2/issue/${w.sandboxIssueKey}/comment` }, body: { body: "probe" }, jira: "sandbox" },
      { method: "POST", params: { path: "api/2/issue" }, body: { fields: { summary: "probe", project: { id: "10000" }, issuetype: { id: "10002" }, labels: ["probe"] } }, jira: "sandbox" },
      { method: "PUT", params: { path: `api/3/issue/${w.sandboxIssueKey}/assignee` }, body: { accountId: "sandbox-sam" }, jira: "sandbox" },
      { method: "DELETE", params: { path: `api/2/issue/${w.sandboxIssueKey}` }, jira: "sandbox" },
    ],
  },
  "/sandbox/jira/install-keys/[kid]": { probes: (w) => [{ method: "GET", params: { kid: w.sandboxKeyId } }] },
  "/sandbox/jira/browse/[key]": { probes: (w) => [{ method: "GET", params: { key: w.sandboxIssueKey } }] },
  "v1/projects/[orgSlug]/[projectSlug]/ownership": {
    probes: (w) => [
      { method: "GET", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug } },
      { method: "PUT", params: { orgSlug: w.orgSlug, projectSlug: w.projectSlug }, body: { rules: "path:src/** #core" } },
    ],
  },
};

// ───────────── variants ─────────────

const BAD_TEXT = { NUL: "a\u0000b", "lone surrogate": "a\ud800b" } as const;

interface Variant {
  label: string;
  params: Record<string, string>;
  /** The raw query string, so malformed percent-encoding can be sent. */
  rawQuery: string;
  body?: unknown;
  issuer?: string;
  expect: { status: number[]; code?: string };
}

const encodeQuery = (query: Record<string, string>) => new URLSearchParams(query).toString();

/** Every string in a JSON value, by path, for replacing one at a time. */
function stringPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...at, index]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
  return [];
}

function replaceAt(value: unknown, at: (string | number)[], replacement: string): unknown {
  if (at.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[at[0]] = replaceAt(copy[at[0]], at.slice(1), replacement);
  return copy;
}

/** The body variants of a probe whose body text is stored sanitized rather than refused. */
function sanitizedBodyVariants(probe: Probe): Variant[] {
  if (!probe.bodyStoredSanitized || probe.body === undefined) return [];
  const query = encodeQuery(probe.query ?? {});
  const stored = { status: [200] };
  return Object.entries(BAD_TEXT).flatMap(([kind, bad]) => [
    ...stringPaths(probe.body).map((at) => ({ label: `${kind} in body field ${at.join(".")}`, params: probe.params, rawQuery: query, body: replaceAt(probe.body, at, bad), expect: stored })),
    { label: `${kind} in a body key`, params: probe.params, rawQuery: query, body: { ...(probe.body as object), [bad]: "x" }, expect: stored },
  ]);
}

function variants(probe: Probe): Variant[] {
  const out: Variant[] = [];
  const query = encodeQuery(probe.query ?? {});
  const refused = { status: [400], code: "invalid_characters" };
  for (const [kind, bad] of Object.entries(BAD_TEXT)) {
    for (const name of Object.keys(probe.params)) {
      out.push({ label: `${kind} in path parameter ${name}`, params: { ...probe.params, [name]: bad }, rawQuery: query, body: probe.body, expect: refused });
    }
    for (const name of [...Object.keys(probe.query ?? {}), "extra"]) {
      if (kind === "NUL") out.push({ label: `NUL in query parameter ${name}`, params: probe.params, rawQuery: encodeQuery({ ...probe.query, [name]: bad }), body: probe.body, expect: refused });
    }
    if (probe.body !== undefined && !probe.bodyStoredSanitized) {
      const bodyRefused = probe.jira === "install" ? { status: [400] } : { status: [400], code: probe.bodyCode ?? "invalid_characters" };
      for (const at of stringPaths(probe.body)) {
        out.push({ label: `${kind} in body field ${at.join(".")}`, params: probe.params, rawQuery: query, body: replaceAt(probe.body, at, bad), expect: bodyRefused });
      }
      out.push({ label: `${kind} in a body key`, params: probe.params, rawQuery: query, body: { ...(probe.body as object), [bad]: "x" }, expect: bodyRefused });
    }
    if (probe.jira) {
      // Jira's callbacks are answered in Jira's own shape: 401 (400 for an install's undecodable token).
      out.push({ label: `${kind} in the Connect JWT issuer`, params: probe.params, rawQuery: query, body: probe.body, issuer: bad, expect: { status: [400, 401] } });
    }
  }
  for (const malformed of ["%E0%A4%A", "%ED%A0%80", "%"]) {
    out.push({ label: `malformed percent-encoding ${malformed} in the query`, params: probe.params, rawQuery: query ? `${query}&extra=${malformed}` : `extra=${malformed}`, body: probe.body, expect: refused });
  }
  return out;
}

// ───────────── route discovery (lib/testing/route-files.ts) ─────────────

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, Handler>>;

const loadRoute = (key: string) => loadRouteModule<RouteModule>(key);

describe("every API route has a NUL and surrogate case", () => {
  it("lists exactly the route files under app/", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routeFiles().sort());
  });

  it.each(Object.entries(ROUTES).filter(([, route]) => "probes" in route))("%s: covers every exported method", async (key, route) => {
    const exported = Object.keys(await loadRoute(key)).filter((name) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(name));
    const covered = new Set((route as { probes(world: World): Probe[] }).probes(placeholderWorld()).map((probe) => probe.method));
    expect(exported.filter((method) => !covered.has(method as Method))).toEqual([]);
  });
});

function placeholderWorld(): World {
  return {
    orgSlug: "o", projectSlug: "p", groupId: "g", integrationId: "i", externalIssueId: "e", syncEventId: "s", tokenId: "t", token: "", unlinkedSiteToken: "", jira: new FakeJira(),
    sessionCookie: "", alertRuleId: "r", projectKeyId: "k", discordIntegrationId: "d", discordGuildId: "1", linkToken: "",
    memberId: "m", teamId: "t", inviteId: "v", sandboxSecret: "", sandboxKeyId: "k", sandboxIssueKey: "APP-1", ingestId: 1, publicKey: "",
  };
}

// ───────────── requests and checks ─────────────

/** A digest of every row of every table; ApiToken.lastUsedAt is left out (using the token stamps it). */
async function snapshot(db: Database["prisma"]): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
     ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ digest: string }[]>(
      `SELECT md5(coalesce(string_agg(r.line, '|' ORDER BY r.line), '')) AS digest FROM (SELECT (to_jsonb(t) - 'lastUsedAt')::text AS line FROM "${name}" t) r`,
    );
    out[name] = row.digest;
  }
  return out;
}

/** What a client can put in a URL path: a lone surrogate cannot be percent-encoded, so it travels as U+FFFD (the handler gets the raw parameter). */
const pathSegment = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "\ufffd"));

async function connectJwt(world: World, probe: Probe, url: string, issuer: string | undefined): Promise<string> {
  if (probe.jira === "sandbox") {
    // Signed as Tether signs its calls to the site: qsh over the path below the site's base URL.
    const siteUrl = url.replace(`${BASE}/sandbox/jira/`, `${BASE}/`);
    if (issuer === undefined) return signConnectJwt({ appKey: jiraAppSettings().appKey, sharedSecret: world.sandboxSecret, method: probe.method, url: siteUrl });
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuer, iat: now, exp: now + 180, qsh: queryStringHash(probe.method, siteUrl) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(world.sandboxSecret));
  }
  if (probe.jira === "install") {
    if (issuer === undefined) return world.jira.signInstall(probe.method, url, BASE);
    return world.jira.signInstall(probe.method, url, BASE, { iss: issuer });
  }
  if (issuer === undefined) return world.jira.signWebhook(probe.method, url);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: issuer, iat: now, exp: now + 180, qsh: queryStringHash(probe.method, url) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(world.jira.sharedSecret ?? "secret"));
}

async function send(key: string, probe: Probe, variant: Variant, world: World): Promise<{ status: number; text: string }> {
  const handler = (await loadRoute(key))[probe.method];
  if (!handler) throw new Error(`${key} does not export ${probe.method}`);
  // A catch-all parameter ([...name]) spans segments: the handler gets them as an array.
  const urlPath = Object.entries(variant.params).reduce(
    (acc, [name, value]) => acc.replace(`[${name}]`, pathSegment(value)).replace(`[...${name}]`, value.split("/").map(pathSegment).join("/")),
    routeUrlPath(key),
  );
  const handlerParams = Object.fromEntries(Object.entries(variant.params).map(([name, value]) => [name, key.includes(`[...${name}]`) ? value.split("/") : value]));
  const url = `${BASE}${urlPath}${variant.rawQuery ? `?${variant.rawQuery}` : ""}`;
  const headers: Record<string, string> = probe.jira
    ? { authorization: `JWT ${await connectJwt(world, probe, url, variant.issuer)}` }
    : probe.auth === "session"
      ? { cookie: world.sessionCookie, origin: BASE }
      : probe.auth === "discord"
        ? {}
        : { authorization: `Bearer ${world.token}` };
  const init: RequestInit = { method: probe.method, headers };
  if (variant.body !== undefined) {
    init.body = JSON.stringify(variant.body);
    headers["content-type"] = "application/json";
  }
  // Signed over the exact bytes sent, so the refusal tested is the body's, not the signature's.
  if (probe.auth === "discord") Object.assign(headers, discordSigner.headers(typeof init.body === "string" ? init.body : ""));
  const response = await handler(new Request(url, init), { params: Promise.resolve(handlerParams) });
  return { status: response.status, text: await response.text() };
}

describe.each(await testDatabaseKinds())("NUL and unpaired surrogates on %s", (kind) => {
  let database: Database;
  let world: World;
  const spareJira = new FakeJira();

  beforeAll(async () => {
    const jira = await new FakeJira().start();
    await spareJira.start();
    process.env.JIRA_CONNECT_KEYS_URL = jira.installKeysUrl;
    clearInstallKeyCache();
    // The probed key's public key is fixed: the previous database's project must not be remembered for it.
    forgetIngestionKeys();
    jira.sharedSecret = "shared-secret-of-the-probed-site";
    database = await createTestDatabase(kind);
    setDatabase(database);
    const db = database.prisma;
    const { organization, project, users } = await createOrganizationWithProject(db, { members: 1 });
    await db.organizationMember.update({ where: { organizationId_userId: { organizationId: organization.id, userId: users[0].id } }, data: { role: "owner" } });
    const group = await createGroup(db, project.id);
    const integration = await db.integration.create({
      data: { provider: "jira", externalId: jira.clientKey, name: "Jira", metadata: { base_url: jira.baseUrl }, secrets: sealSecrets({ shared_secret: jira.sharedSecret }) },
    });
    const { externalIssue } = await linkExternalIssue(db, { organizationId: organization.id, groupId: group.id, integrationId: integration.id, key: "APP-1" });
    const syncEvent = await db.syncEvent.create({
      data: { organizationId: organization.id, integrationId: integration.id, provider: "jira", direction: "outbound", kind: "assignee", groupId: group.id, externalKey: "APP-1", outcome: "failed", error: "x", payload: { externalIssueId: externalIssue.id } },
    });
    const token = await createApiToken(db, { organizationId: organization.id, name: "all", scopes: [...API_SCOPES], createdById: users[0].id });
    await db.integration.create({ data: { provider: "jira", externalId: spareJira.clientKey, name: "Unlinked Jira", metadata: { base_url: spareJira.baseUrl } } });
    Object.assign(process.env, discordTestEnvironment(discordSigner, "http://127.0.0.1:9/api/v10"), { DISCORD_CLIENT_SECRET: "probe-client-secret" });
    const discordGuildId = "1600000000000000004";
    const { integration: discordIntegration } = await installDiscordGuild(db, organization.id, discordGuildId);
    const alertRule = await db.alertRule.create({
      data: { organizationId: organization.id, projectId: project.id, kind: "issue", name: "probe", config: { triggers: ["new_group"], discord: { integrationId: discordIntegration.id, guildId: discordGuildId, channelId: "1600000000000000003", tags: [] } } },
    });
    const projectKey = await db.projectKey.create({ data: { projectId: project.id, publicKey: "0123456789abcdef0123456789abcdef", label: "probed" } });
    const member = await db.organizationMember.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: organization.id, userId: users[0].id } } });
    const team = await db.team.create({ data: { organizationId: organization.id, slug: "probed", name: "Probed" } });
    const invite = await db.organizationInvite.create({ data: { organizationId: organization.id, email: "invitee@example.com", tokenHash: "probe-hash", expiresAt: new Date(Date.now() + 86_400_000) } });
    // The sandbox Jira site, linked to this organization: its REST API, install key and browse routes are probed too.
    process.env.TETHER_SANDBOX = "1";
    const sandbox = await linkSandboxJiraSite(db, organization.id);
    const sandboxSite = await ensureSandboxJiraSite(db);
    world = {
      ingestId: (await db.project.findUniqueOrThrow({ where: { id: project.id } })).ingestId,
      publicKey: projectKey.publicKey,
      sandboxSecret: sandboxSite.sharedSecret,
      sandboxKeyId: sandboxSite.keyId,
      sandboxIssueKey: sandbox.issueKey,
      memberId: member.id,
      teamId: team.id,
      inviteId: invite.id,
      orgSlug: organization.slug,
      projectSlug: project.slug,
      groupId: group.id,
      integrationId: integration.id,
      externalIssueId: externalIssue.id,
      syncEventId: syncEvent.id,
      tokenId: token.id,
      token: token.token,
      unlinkedSiteToken: await issueSiteLinkToken(spareJira.clientKey),
      jira,
      sessionCookie: await sessionCookieFor(users[0].id),
      alertRuleId: alertRule.id,
      projectKeyId: projectKey.id,
      discordIntegrationId: discordIntegration.id,
      discordGuildId,
      linkToken: await signIdentityLink("link", { discordUserId: "1600000000000000002", integrationId: discordIntegration.id, guildId: discordGuildId }),
    };
  });
  afterAll(async () => {
    setDatabase(undefined);
    await database?.close();
    await Promise.all([world?.jira.stop(), spareJira.stop()]);
  });

  const probed = Object.entries(ROUTES).flatMap(([key, route]) => ("probes" in route ? [{ key, route }] : []));

  it.each(probed)("defect 9: $key refuses every NUL and surrogate with 400 and writes nothing", async ({ key, route }) => {
    const before = await snapshot(database.prisma);
    const failures: string[] = [];
    for (const probe of route.probes(world)) {
      for (const variant of variants(probe)) {
        const { status, text } = await send(key, probe, variant, world);
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        const ok = variant.expect.status.includes(status) && (variant.expect.code === undefined || variant.expect.code === code);
        if (!ok) failures.push(`${probe.method} ${variant.label} → ${status} ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot(database.prisma)).toEqual(before);
  });

  // The routes whose probes set bodyStoredSanitized (probes need the world, built after collection).
  const sanitizing = probed.filter(({ key }) => key === "[projectId]/store");

  it.each(sanitizing)("$key stores NUL and surrogates of its body as U+FFFD (200), nothing unstorable reaching the database", async ({ key, route }) => {
    const failures: string[] = [];
    let sent = 0;
    for (const probe of route.probes(world)) {
      for (const variant of sanitizedBodyVariants(probe)) {
        sent++;
        const before = new Set((await database.prisma.event.findMany({ select: { id: true } })).map((event) => event.id));
        // A fresh event id, so the event is not taken for a retry of the one stored before.
        const body = variant.body as Record<string, unknown>;
        const fresh = body.event_id === (probe.body as Record<string, unknown>).event_id ? { ...body, event_id: randomUUID().replaceAll("-", "") } : body;
        const { status, text } = await send(key, probe, { ...variant, body: fresh }, world);
        const added = (await database.prisma.event.findMany()).filter((event) => !before.has(event.id));
        const stored = JSON.stringify(added);
        if (status !== 200 || added.length !== 1) failures.push(`${variant.label} → ${status} ${text.slice(0, 160)}`);
        else if (/\\u0000|\\ud[89a-f]/i.test(stored) || !stored.includes("\ufffd")) failures.push(`${variant.label} → stored ${stored.slice(0, 400)}`);
      }
    }
    expect(sent).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it("the sandbox REST probes are signed as Tether signs (so their refusals are the text's, not the token's)", async () => {
    const key = "/sandbox/jira/rest/[...path]";
    const [probe] = (ROUTES[key] as { probes(world: World): Probe[] }).probes(world);
    const { status, text } = await send(key, probe, { label: "unchanged", params: probe.params, rawQuery: encodeQuery(probe.query ?? {}), expect: { status: [200] } }, world);
    expect(status, text).toBe(200);
    expect(text).toContain(world.sandboxIssueKey);
  });

  it.each(["health", "jira/descriptor"])(
    "defect 9: %s ignores a NUL in its query",
    async (key) => {
      const handler = (await loadRoute(key)).GET as unknown as (request: Request) => Promise<Response>;
      const response = await handler(new Request(`${BASE}/api/${key}?extra=%00`));
      expect(response.status).toBeLessThan(500);
    },
  );
});
