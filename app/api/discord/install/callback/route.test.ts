// "Add to Discord": the start route that signs the state, and Discord's redirect back, over the
// real route handlers with session cookies, and the fake Discord's OAuth2 token endpoint over HTTP.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_DISCORD_CLIENT_SECRET, FakeDiscord, fakeDiscordOAuth, issueInstallCode } from "@/e2e/fakes/fake-discord";
import { createApiToken } from "@/lib/auth/tokens";
import { readDiscordInstallState, signDiscordInstallState } from "@/lib/integrations/discord/install-link";
import { addDiscordGuild } from "@/lib/integrations/discord/add-guild";
import { testDatabaseKinds } from "@/lib/testing/db";
import { createMember, createOrganizationWithProject } from "@/lib/testing/group-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { GET as start } from "@/app/api/v1/organizations/[orgSlug]/discord/install/route";
import { GET as callback } from "./route";

const BASE = "https://tether.test";
const REDIRECT_URI = `${BASE}/api/discord/install/callback`;
const ENV = ["DISCORD_APPLICATION_ID", "DISCORD_PUBLIC_KEY", "DISCORD_BOT_TOKEN", "DISCORD_API_BASE_URL", "DISCORD_CLIENT_SECRET"] as const;
const saved = Object.fromEntries(ENV.map((key) => [key, process.env[key]]));
const discord = new FakeDiscord();

beforeAll(async () => {
  await discord.start();
  discord.addGuild("720000000000000001", "Acme Ops");
  discord.addGuild("720000000000000002", "Elsewhere");
});
beforeEach(() => {
  process.env.DISCORD_APPLICATION_ID = discord.applicationId;
  process.env.DISCORD_PUBLIC_KEY = "cd".repeat(32);
  process.env.DISCORD_BOT_TOKEN = discord.botToken;
  process.env.DISCORD_API_BASE_URL = discord.apiBaseUrl;
  process.env.DISCORD_CLIENT_SECRET = FAKE_DISCORD_CLIENT_SECRET;
});
afterAll(async () => {
  for (const key of ENV) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await discord.stop();
});

async function cookieFor(userId: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

describe.each(await testDatabaseKinds())("Add to Discord on %s", (kind) => {
  const database = useTestDatabase(kind);
  let org: Awaited<ReturnType<typeof createOrganizationWithProject>>;
  let adminId: string;
  let otherAdminId: string;
  let memberId: string;

  beforeAll(async () => {
    const db = database().prisma;
    org = await createOrganizationWithProject(db);
    adminId = org.users[0].id;
    memberId = org.users[1].id;
    otherAdminId = (await createMember(db, org.organization.id)).id;
    await db.organizationMember.updateMany({ where: { organizationId: org.organization.id, userId: { in: [adminId, otherAdminId] } }, data: { role: "admin" } });
  });

  const startInstall = async (headers: Record<string, string>) =>
    start(new Request(`${BASE}/api/v1/organizations/${org.organization.slug}/discord/install`, { headers }), { params: Promise.resolve({ orgSlug: org.organization.slug }) });
  const finish = async (query: Record<string, string>, headers: Record<string, string>) =>
    callback(new Request(`${REDIRECT_URI}?${new URLSearchParams(query).toString()}`, { headers }), { params: Promise.resolve({}) });
  const settingsPage = (notice: string) => `/o/${org.organization.slug}/settings/integrations?discord=${notice}`;
  async function nothingWritten() {
    const db = database().prisma;
    expect(await db.organizationIntegration.count({ where: { organizationId: org.organization.id } })).toBe(0);
    expect(await db.syncEvent.count({ where: { provider: "discord", kind: "install", organizationId: org.organization.id } })).toBe(0);
  }

  it("sends an admin to Discord's install page with minimal permissions and a state bound to them and the organization", async () => {
    const response = await startInstall({ cookie: await cookieFor(adminId) });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://discord.com/oauth2/authorize");
    expect(response.headers.get("location")).toContain("scope=bot+applications.commands");
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: discord.applicationId,
      scope: "bot applications.commands",
      permissions: "19456",
      response_type: "code",
      redirect_uri: REDIRECT_URI,
    });
    expect(await readDiscordInstallState(location.searchParams.get("state")!)).toEqual({ organizationId: org.organization.id, userId: adminId });
  });

  it("does not start an install for members, API tokens, or without the Discord settings it needs", async () => {
    expect((await startInstall({ cookie: await cookieFor(memberId) })).status).toBe(403);
    const token = (await createApiToken(database().prisma, { organizationId: org.organization.id, name: "ci", scopes: ["org:admin"] })).token;
    expect((await startInstall({ authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await startInstall({})).status).toBe(401);
    delete process.env.DISCORD_CLIENT_SECRET;
    const noSecret = await startInstall({ cookie: await cookieFor(adminId) });
    expect(noSecret.status).toBe(409);
    expect(((await noSecret.json()) as { error: { message: string } }).error.message).toMatch(/needs DISCORD_CLIENT_SECRET; use `npm run tether -- discord add/);
    delete process.env.DISCORD_BOT_TOKEN;
    const unconfigured = await startInstall({ cookie: await cookieFor(adminId) });
    expect(unconfigured.status).toBe(409);
    expect(((await unconfigured.json()) as { error: { message: string } }).error.message).toBe("The Discord application is not configured: DISCORD_BOT_TOKEN");
  });

  it("refuses a tampered, expired or foreign state, another user's install and no session with a 4xx, writing nothing and asking Discord nothing", async () => {
    const state = await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId });
    const code = issueInstallCode(discord, "720000000000000001", REDIRECT_URI);
    const tokenRequests = fakeDiscordOAuth(discord).tokenRequests.length;
    const admin = { cookie: await cookieFor(adminId) };
    const [header, payload, signature] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ org: "another-org", sub: adminId, aud: "tether:discord-install", exp: 9_999_999_999 })).toString("base64url");
    const cases: Array<[string, Record<string, string>, Record<string, string>, number]> = [
      ["tampered payload", { state: `${header}.${forged}.${signature}`, code }, admin, 400],
      ["tampered signature", { state: `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith("AA") ? "BB" : "AA"}`, code }, admin, 400],
      ["expired", { state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }, new Date(Date.now() - 11 * 60_000)), code }, admin, 400],
      ["no state", { code, guild_id: "720000000000000001" }, admin, 400],
      ["another admin's install", { state, code }, { cookie: await cookieFor(otherAdminId) }, 403],
      ["no session", { state, code }, {}, 401],
      ["a member's own state", { state: await signDiscordInstallState({ organizationId: org.organization.id, userId: memberId }), code }, { cookie: await cookieFor(memberId) }, 403],
    ];
    for (const [name, query, headers, status] of cases) {
      const response = await finish(query, headers);
      expect(response.status, name).toBe(status);
      expect(response.headers.get("location"), name).toBeNull();
      expect(((await response.json()) as { error: { message: string } }).error.message, name).toBeTruthy();
    }
    expect(fakeDiscordOAuth(discord).tokenRequests).toHaveLength(tokenRequests);
    await nothingWritten();
  });

  it("refuses a redirect whose guild_id is not the guild Discord confirms, and a code used twice", async () => {
    const admin = { cookie: await cookieFor(adminId) };
    const code = issueInstallCode(discord, "720000000000000001", REDIRECT_URI);
    const mismatch = await finish({ state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }), code, guild_id: "720000000000000002" }, admin);
    expect(mismatch.status).toBe(303);
    expect(mismatch.headers.get("location")).toBe(settingsPage("guild_mismatch"));
    await nothingWritten();
    const reused = await finish({ state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }), code, guild_id: "720000000000000001" }, admin);
    expect(reused.headers.get("location")).toBe(settingsPage("exchange_failed"));
    await nothingWritten();
  });

  it("does not trust guild_id without DISCORD_CLIENT_SECRET, and says a cancelled install changed nothing", async () => {
    const admin = { cookie: await cookieFor(adminId) };
    delete process.env.DISCORD_CLIENT_SECRET;
    const before = fakeDiscordOAuth(discord).tokenRequests.length;
    const disabled = await finish({ state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }), code: "anything", guild_id: "720000000000000001" }, admin);
    expect(disabled.headers.get("location")).toBe(settingsPage("oauth_disabled"));
    expect(fakeDiscordOAuth(discord).tokenRequests).toHaveLength(before);
    const cancelled = await finish({ state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }), error: "access_denied", error_description: "The resource owner or authorization server denied the request" }, admin);
    expect(cancelled.headers.get("location")).toBe(settingsPage("cancelled"));
    await nothingWritten();
  });

  it("exchanges the code with the app's client credentials and adds the guild Discord names, then sends the admin back with a notice", async () => {
    const admin = { cookie: await cookieFor(adminId) };
    const code = issueInstallCode(discord, "720000000000000001", REDIRECT_URI);
    const state = await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId });
    const response = await finish({ code, state, guild_id: "720000000000000001", permissions: "19456" }, admin);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(settingsPage("added"));
    const exchange = fakeDiscordOAuth(discord).tokenRequests.at(-1);
    expect(exchange).toEqual({ form: { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI }, clientAuthorized: true });

    const db = database().prisma;
    const link = await db.organizationIntegration.findFirstOrThrow({ where: { organizationId: org.organization.id }, include: { integration: true } });
    expect(link.integration).toMatchObject({ provider: "discord", externalId: "720000000000000001", name: "Acme Ops", status: "active" });
    expect(await db.identityProvider.count({ where: { type: "discord", externalId: "720000000000000001", integrationId: link.integrationId } })).toBe(1);
    const event = await db.syncEvent.findFirstOrThrow({ where: { provider: "discord", kind: "install", organizationId: org.organization.id } });
    expect(event).toMatchObject({ reason: "guild added (install link)", payload: { guildId: "720000000000000001", name: "Acme Ops", userId: adminId } });

    // Adding it again (e.g. to re-grant the commands scope) is harmless.
    const again = await finish({ code: issueInstallCode(discord, "720000000000000001", REDIRECT_URI), state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }) }, admin);
    expect(again.headers.get("location")).toBe(settingsPage("readded"));
    expect(await db.organizationIntegration.count({ where: { organizationId: org.organization.id } })).toBe(1);
  });

  it("sends the admin back with an error when the guild belongs to another organization", async () => {
    const db = database().prisma;
    const other = await createOrganizationWithProject(db);
    await addDiscordGuild(db, { organizationId: other.organization.id, guildId: "720000000000000002", settings: { apiBaseUrl: discord.apiBaseUrl, botToken: discord.botToken } });
    const response = await finish(
      { code: issueInstallCode(discord, "720000000000000002", REDIRECT_URI), state: await signDiscordInstallState({ organizationId: org.organization.id, userId: adminId }) },
      { cookie: await cookieFor(adminId) },
    );
    expect(response.headers.get("location")).toBe(settingsPage("already_connected"));
    expect((await db.organizationIntegration.findMany({ where: { integration: { externalId: "720000000000000002" } } })).map((l) => l.organizationId)).toEqual([other.organization.id]);
  });
});
